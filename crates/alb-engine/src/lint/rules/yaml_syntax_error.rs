//! ALB001 yaml-syntax-error: reported while loading manifests; this file holds its documentation.

use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags YAML that cannot be parsed, and files that are not UTF-8.
    ///
    /// ## Why is this bad?
    /// The API server rejects the document, so `kubectl apply` fails for it. alb skips only the broken document: the others in the file are still read and checked.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     app: web: v2      # a second `:` in a plain value
    /// ```
    ///
    /// ## Fix
    /// Quote the value (`app: "web: v2"`) or fix the indentation the message points at.
    pub RULE { code: crate::yaml::SYNTAX_ERROR, name: "yaml-syntax-error", severity: Error, blocks_group: false, reported_by: loader }
}
