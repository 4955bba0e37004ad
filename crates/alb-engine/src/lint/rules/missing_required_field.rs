//! ALB004 missing-required-field: reported while loading manifests; this file holds its documentation.

use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a required field that is missing: `metadata.name`, a path's `pathType` or `backend`, a backend's `service.name` or port.
    ///
    /// ## Why is this bad?
    /// The API server rejects the object (networking.k8s.io/v1 requires `pathType`). alb still reads the rest, treating a missing pathType as ImplementationSpecific, as the controller does.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   - path: /api
    ///     backend: {service: {name: api, port: {number: 80}}}   # no pathType
    /// ```
    ///
    /// ## Fix
    /// Add the field. For `pathType`, `Prefix` or `Exact` say what you mean; `ImplementationSpecific` is a raw ALB pattern.
    pub RULE { code: crate::manifest::decode::codes::MISSING_FIELD, name: "missing-required-field", severity: Error, blocks_group: false, reported_by: loader }
}
