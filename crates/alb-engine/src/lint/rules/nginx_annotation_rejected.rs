//! ALB701 nginx-annotation-rejected.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an annotation value on an ingress-nginx Ingress that makes ingress-nginx refuse the whole Ingress: `limit-rps`, `limit-rpm` or `limit-connections` that is not an integer, a `load-balance` other than `round_robin`, `ewma`, `chash`, `chashsubset`, `sticky_balanced`, `sticky_persistent` (case included), an `upstream-hash-by` or redirect URL with a character its validator does not allow, a redirect code that is not an integer.
    ///
    /// ## Why is this bad?
    /// The annotation parser returns a validation error, so ingress-nginx's validating admission webhook (on by default) denies the create or update and `kubectl apply` fails. Without the webhook the controller leaves the Ingress out of its store with only a log line: a new Ingress is ignored, an updated one keeps serving its previous version. Other Ingresses are not affected.
    ///
    /// ## Example
    /// ```yaml
    /// nginx.ingress.kubernetes.io/limit-rps: "10r/s"          # an integer: 10
    /// nginx.ingress.kubernetes.io/load-balance: EWMA          # lower case: ewma
    /// nginx.ingress.kubernetes.io/permanent-redirect: https://example.com/a%20b   # no `%`
    /// ```
    ///
    /// ## Fix
    /// Use a value ingress-nginx accepts; `alb explain nginx.ingress.kubernetes.io/<name>` shows them.
    pub RULE { code: "ALB701", name: "nginx-annotation-rejected", severity: Error, blocks_group: false }
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
            "ALB701",
            include_str!("../../../../../testdata/lint/ALB701.yaml"),
        );
    }
}
