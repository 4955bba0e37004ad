//! ALB703 nginx-annotation-breaks-reload.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an annotation value on an ingress-nginx Ingress that ingress-nginx accepts and writes into the nginx configuration, where nginx refuses it: a `proxy-connect-timeout`, `proxy-send-timeout` or `proxy-read-timeout` that is negative or above 2147483 seconds, a `limit-burst-multiplier` of 0 or less together with `limit-rps` or `limit-rpm`.
    ///
    /// ## Why is this bad?
    /// The admission webhook no longer tests the rendered configuration (`nginx -t` is off since CVE-2025-1974), so the Ingress is admitted; then the reload fails ("Error reloading NGINX" events) and nginx keeps running its previous configuration. Until the value is fixed, no change to **any** Ingress of that ingress-nginx takes effect: new hosts, paths, endpoints of new Services.
    ///
    /// ## Example
    /// ```yaml
    /// nginx.ingress.kubernetes.io/proxy-read-timeout: "3000000"   # at most 2147483
    /// nginx.ingress.kubernetes.io/limit-rps: "10"
    /// nginx.ingress.kubernetes.io/limit-burst-multiplier: "0"    # burst=0 is refused
    /// ```
    ///
    /// ## Fix
    /// Keep the value in the range `alb explain nginx.ingress.kubernetes.io/<name>` shows.
    pub RULE { code: "ALB703", name: "nginx-annotation-breaks-reload", severity: Error, blocks_group: false }
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
            "ALB703",
            include_str!("../../../../../testdata/lint/ALB703.yaml"),
        );
    }
}
