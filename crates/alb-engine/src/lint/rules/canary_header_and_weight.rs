//! ALB103 canary-header-and-weight.

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
    pub RULE { code: "ALB103", name: "canary-header-and-weight", severity: Error, blocks_group: false }
}

fn check(_ctx: &LintContext<'_>, _out: &mut Vec<Diagnostic>) {}
