//! ALB019 other-controller-annotation.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags another controller's annotation on an ALB Ingress that the ALB controller does not read (for example `nginx.ingress.kubernetes.io/rewrite-target`).
    ///
    /// ## Why is this bad?
    /// Often a leftover from a migration from ingress-nginx: it looks like it configures the ALB but it does not.
    ///
    /// ## Example
    /// ```yaml
    /// nginx.ingress.kubernetes.io/rewrite-target: /
    /// ```
    ///
    /// ## Fix
    /// Use the `alb.ingress.kubernetes.io/` equivalent, or remove it.
    pub RULE { code: "ALB019", name: "other-controller-annotation", severity: Info, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
