//! ALB708 nginx-canary-weight-total-ignored.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `nginx.ingress.kubernetes.io/canary-weight-total` below 100.
    ///
    /// ## Why is this bad?
    /// ingress-nginx's Lua balancer uses the total only when it is above 100 (for splits finer than 1%); 100 or less silently counts as 100. So `canary-weight: "25"` with `canary-weight-total: "50"`, meant as half the requests, sends 25% to the canary, and a weight equal to a total below 100, meant as everything, sends only part. The Ingress is accepted and nothing is logged.
    ///
    /// ## Example
    /// ```yaml
    /// nginx.ingress.kubernetes.io/canary: "true"
    /// nginx.ingress.kubernetes.io/canary-weight: "25"
    /// nginx.ingress.kubernetes.io/canary-weight-total: "50"   # 25% go to the canary, not 50%
    /// ```
    ///
    /// ## Fix
    /// Give `canary-weight` as a percentage and remove `canary-weight-total`; use a total above 100 only for finer splits (weight 1 of total 1000 is 0.1%).
    pub RULE { code: "ALB708", name: "nginx-canary-weight-total-ignored", severity: Warning, blocks_group: false }
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
            "ALB708",
            include_str!("../../../../../testdata/lint/ALB708.yaml"),
        );
    }
}
