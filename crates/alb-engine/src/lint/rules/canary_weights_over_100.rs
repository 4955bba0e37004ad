//! ALB104 canary-weights-over-100.

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
    pub RULE { code: "ALB104", name: "canary-weights-over-100", severity: Error, blocks_group: true }
}

fn check(_ctx: &LintContext<'_>, _out: &mut Vec<Diagnostic>) {}
