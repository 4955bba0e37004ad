//! ALB002 not-a-kubernetes-object: reported while loading manifests; this file holds its documentation.

use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a YAML document that is not a Kubernetes object: not a mapping, or without `apiVersion` and `kind`.
    ///
    /// ## Why is this bad?
    /// kubectl refuses it, and alb cannot tell what it is meant to be, so nothing in it is checked.
    ///
    /// ## Example
    /// ```yaml
    /// - host: demo.example.com    # a list where an object is expected
    /// ```
    ///
    /// ## Fix
    /// Give each document `apiVersion`, `kind` and `metadata.name`; separate documents with `---`.
    pub RULE { code: crate::manifest::decode::codes::NOT_AN_OBJECT, name: "not-a-kubernetes-object", severity: Error, blocks_group: false, reported_by: loader }
}
