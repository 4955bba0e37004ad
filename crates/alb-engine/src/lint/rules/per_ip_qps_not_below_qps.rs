//! ALB501 per-ip-qps-not-below-qps.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `alb.ingress.kubernetes.io/traffic-limit-ip-qps` set to a value greater than or equal to `traffic-limit-qps` on the same Ingress.
    ///
    /// ## Why is this bad?
    /// With both set, the controller builds one TrafficLimit action with a rule-wide limit and a per-client-IP limit, and requires the per-IP limit to be strictly lower: "traffic limit action qps per ip(…) must less than qps(…)" (`buildQpsLimitAction`). The error fails the build of every path of the Ingress, and with it the AlbConfig's whole model: no Ingress on that ALB is updated until it is fixed. (A per-IP limit equal to the total would also mean one client may use the whole budget.)
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/traffic-limit-qps: "100"
    ///     alb.ingress.kubernetes.io/traffic-limit-ip-qps: "100"
    /// ```
    ///
    /// ## Fix
    /// Set `traffic-limit-ip-qps` below `traffic-limit-qps` (e.g. `"10"` of `"100"`), or drop it if a single client may use the whole limit.
    pub RULE { code: "ALB501", name: "per-ip-qps-not-below-qps", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB501",
            include_str!("../../../../../testdata/lint/ALB501.yaml"),
        );
    }
}
