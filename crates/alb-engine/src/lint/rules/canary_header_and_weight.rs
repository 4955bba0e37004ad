//! ALB103 canary-header-and-weight.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a canary Ingress that sets `canary-weight` together with `canary-by-header`, `canary-by-header-value` or `canary-by-cookie`.
    ///
    /// ## Why is this bad?
    /// The controller has two canary loops and this Ingress fits neither. The weight loop only takes canaries without header and cookie keys; the rule loop skips every canary whose `canary-weight` is set (to any value, even `"0"`). So the Ingress is dropped entirely: no rule, no weight, no event. Alibaba's canary guide says the two "cannot be configured on the same Ingress". ingress-nginx accepts the combination (header first, then weight), so manifests migrated from nginx hit this silently.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/canary: "true"
    ///     alb.ingress.kubernetes.io/canary-by-header: "x-canary"
    ///     alb.ingress.kubernetes.io/canary-weight: "20"
    /// ```
    ///
    /// ## Fix
    /// Split it into two canary Ingresses with the same host and path: one with the header or cookie keys (ordered before the main Ingress with `alb.ingress.kubernetes.io/order`), one with only `canary-weight`. Or remove the keys you do not need.
    pub RULE { code: "ALB103", name: "canary-header-and-weight", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};

    #[test]
    fn header_and_weight_is_flagged_once() {
        let yaml = ingress("main", &[], "", "/")
            + &ingress(
                "canary",
                &[
                    ("canary", "true"),
                    ("canary-by-header", "x"),
                    ("canary-weight", "0"),
                ],
                "",
                "/",
            );
        assert_eq!(lint_lines("ALB103", &yaml).len(), 1);
    }
}
