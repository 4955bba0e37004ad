//! ALB011 annotation-rejected-by-alb-api.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an annotation value the controller passes on unchecked but the ALB API rejects: out-of-range health-check settings, `cors-max-age` above 172800, a canary weight above 100, ...
    ///
    /// ## Why is this bad?
    /// The controller's sync of the whole ALB fails at the API call, so no rule on that ALB is updated. Migrating from nginx is a common cause: nginx's default `cors-max-age` of 1728000 is ten times ALB's limit.
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/cors-max-age: "1728000"
    /// alb.ingress.kubernetes.io/healthcheck-interval-seconds: "60"   # 1–50
    /// ```
    ///
    /// ## Fix
    /// Keep the value inside the range `alb explain <annotation>` shows.
    pub RULE { code: "ALB011", name: "annotation-rejected-by-alb-api", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
