//! ALB006 duplicate-key: reported while loading manifests; this file holds its documentation.

use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a mapping key that appears twice in the same mapping.
    ///
    /// ## Why is this bad?
    /// kubectl rejects duplicate fields; where a tool accepts them, the last one silently wins, so one of the two values you wrote is lost.
    ///
    /// ## Example
    /// ```yaml
    /// annotations:
    ///   alb.ingress.kubernetes.io/order: "1"
    ///   alb.ingress.kubernetes.io/order: "2"
    /// ```
    ///
    /// ## Fix
    /// Keep one of them.
    pub RULE { code: crate::manifest::decode::codes::DUPLICATE_KEY, name: "duplicate-key", severity: Error, blocks_group: false, reported_by: loader }
}
