//! ALB003 wrong-field-type: reported while loading manifests; this file holds its documentation.

use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a field of the wrong type: an unquoted `80` or `true` where Kubernetes expects a string (annotation values are always strings), or a quoted `"80"` where it expects a number.
    ///
    /// ## Why is this bad?
    /// The API server rejects the whole object. YAML reads unquoted `80`, `true`, `yes` and `on` as numbers and booleans, so annotations such as `order: 1` or `ssl-redirect: true` fail even though they look right.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/order: 1          # must be "1"
    /// ...
    ///             port:
    ///               number: "80"                # must be 80
    /// ```
    ///
    /// ## Fix
    /// Quote annotation values and other strings; leave numbers unquoted.
    pub RULE { code: crate::manifest::decode::codes::WRONG_TYPE, name: "wrong-field-type", severity: Error, blocks_group: false, reported_by: loader }
}
