//! ALB603 rule-exceeds-edition-limits.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// TODO: not written yet.
    ///
    /// ## Why is this bad?
    /// TODO
    ///
    /// ## Example
    /// ```yaml
    /// TODO
    /// ```
    ///
    /// ## Fix
    /// TODO
    pub RULE { code: "ALB603", name: "rule-exceeds-edition-limits", severity: Error, blocks_group: true }
}

fn check(_ctx: &LintContext<'_>, _out: &mut Vec<Diagnostic>) {}
