//! ALB030 unknown-lint-code: reported by the lint driver while it reads `alb.lint/ignore`.

use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a code in an object's `alb.lint/ignore` annotation that names no lint rule.
    ///
    /// ## Why is this bad?
    /// A typo in a suppression silently suppresses nothing, and a stale code hides that the
    /// rule was renumbered or removed.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.lint/ignore: "ALB40l"      # a letter l, not a 1
    /// ```
    ///
    /// ## Fix
    /// Use codes `alb explain` knows, separated by commas or spaces; a prefix such as `ALB4`
    /// silences a whole area.
    pub RULE { code: "ALB030", name: "unknown-lint-code", severity: Warning, blocks_group: false, reported_by: loader }
}
