//! ALB018 managed-controller-only-annotation.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an annotation that only ACK's managed ALB Ingress controller reads, not the open-source one (`healthcheck-httpversion`, `healthcheck-code`).
    ///
    /// ## Why is this bad?
    /// On a cluster running the open-source controller it has no effect.
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/healthcheck-httpversion: HTTP1.0
    /// ```
    ///
    /// ## Fix
    /// Keep it if you run the managed controller; otherwise remove it.
    pub RULE { code: "ALB018", name: "managed-controller-only-annotation", severity: Info, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
