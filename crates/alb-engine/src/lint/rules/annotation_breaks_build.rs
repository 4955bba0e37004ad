//! ALB010 annotation-breaks-build.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an annotation value the ALB controller cannot build: a bad `order`, `listen-ports`, `backend-scheduler`, `traffic-limit-qps`, `rule-direction.<svc>`, malformed `conditions.<svc>`/`actions.<svc>` JSON, and the like.
    ///
    /// ## Why is this bad?
    /// The controller fails to build the model of the whole AlbConfig: no Ingress on that ALB is updated until it is fixed, and the only sign is a `FailedBuildModel` event on one Ingress. Some malformed `actions.<svc>` even crash the controller's reconcile.
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/backend-scheduler: WRR      # lower case only
    /// alb.ingress.kubernetes.io/listen-ports: '[{"HTTPS": "443"}]'   # port must be a number
    /// ```
    ///
    /// ## Fix
    /// Use a value the controller accepts; `alb explain <annotation>` lists them.
    pub RULE { code: "ALB010", name: "annotation-breaks-build", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
