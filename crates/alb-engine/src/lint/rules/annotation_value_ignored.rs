//! ALB012 annotation-value-ignored.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an annotation value the controller silently replaces by its default: a non-integer timeout, an unknown option, a value with stray spaces where the controller does not trim.
    ///
    /// ## Why is this bad?
    /// The setting you wrote does not apply and nothing tells you: the ALB runs with the default.
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/healthcheck-timeout-seconds: "5s"   # not an integer: 5 is used
    /// alb.ingress.kubernetes.io/cookie-timeout: " 300"             # not trimmed: 1000 is used
    /// ```
    ///
    /// ## Fix
    /// Write the value in the form `alb explain <annotation>` shows.
    pub RULE { code: "ALB012", name: "annotation-value-ignored", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
