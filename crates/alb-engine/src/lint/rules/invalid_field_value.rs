//! ALB005 invalid-field-value: reported while loading manifests; this file holds its documentation.

use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a field whose value is not one of the allowed ones, such as `pathType: prefix`.
    ///
    /// ## Why is this bad?
    /// The API server rejects the object. Enumerations are case-sensitive.
    ///
    /// ## Example
    /// ```yaml
    /// pathType: prefix
    /// ```
    ///
    /// ## Fix
    /// Use the exact spelling: `Exact`, `Prefix` or `ImplementationSpecific`.
    pub RULE { code: crate::manifest::decode::codes::INVALID_VALUE, name: "invalid-field-value", severity: Error, blocks_group: false, reported_by: loader }
}
