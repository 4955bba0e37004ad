//! ALB501 per-ip-qps-not-below-qps.

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
    pub RULE { code: "ALB501", name: "per-ip-qps-not-below-qps", severity: Error, blocks_group: true }
}

fn check(_ctx: &LintContext<'_>, _out: &mut Vec<Diagnostic>) {}
