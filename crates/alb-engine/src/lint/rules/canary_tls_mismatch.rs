//! ALB105 canary-tls-mismatch.

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
    pub RULE { code: "ALB105", name: "canary-tls-mismatch", severity: Warning, blocks_group: false }
}

fn check(_ctx: &LintContext<'_>, _out: &mut Vec<Diagnostic>) {}
