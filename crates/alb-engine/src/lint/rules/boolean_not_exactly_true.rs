//! ALB013 boolean-not-exactly-true.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a boolean annotation meant as true but not written exactly `"true"`: `"True"`, `"TRUE"`, `"yes"`, `"1"`, `" true"`.
    ///
    /// ## Why is this bad?
    /// The controller compares with the exact string `"true"`: anything else is false, silently. `ssl-redirect: "True"` serves plain HTTP; `sticky-session: "yes"` gives no stickiness.
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/ssl-redirect: "True"
    /// ```
    ///
    /// ## Fix
    /// Write `"true"`.
    pub RULE { code: "ALB013", name: "boolean-not-exactly-true", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
