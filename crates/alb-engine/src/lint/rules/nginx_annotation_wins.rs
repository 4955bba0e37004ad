//! ALB020 nginx-annotation-wins.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `alb.ingress.kubernetes.io/` canary or ssl-redirect annotation that is not read because the `nginx.ingress.kubernetes.io/` key of the same name is present.
    ///
    /// ## Why is this bad?
    /// For these keys the controller reads the nginx key first, so the alb value you may be editing has no effect.
    ///
    /// ## Example
    /// ```yaml
    /// nginx.ingress.kubernetes.io/canary-weight: "10"
    /// alb.ingress.kubernetes.io/canary-weight: "50"    # ignored: 10 applies
    /// ```
    ///
    /// ## Fix
    /// Keep one of the two keys.
    pub RULE { code: "ALB020", name: "nginx-annotation-wins", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
