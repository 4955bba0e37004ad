//! ALB108 canary-weight-zero.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a weight canary whose `canary-weight` is `"0"`.
    ///
    /// ## Why is this bad?
    /// The controller skips a canary whose weight reads as 0 before it looks at anything else, and its rule loop skips every canary that has a weight set, so the Ingress contributes nothing: no weight split, no rule, no server group, and no event says so. A weight-0 canary is usually a leftover, or an ingress-nginx habit: there, weight 0 next to `canary-by-header` or `canary-by-cookie` keeps the header or cookie canary working; on ALB any weight next to those keys drops the whole Ingress (reported as ALB103). A weight that is not an integer also reads as 0; ALB012 reports that value.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/canary: "true"
    ///     alb.ingress.kubernetes.io/canary-weight: "0"
    /// ```
    ///
    /// ## Fix
    /// Set a weight from 1 to 100 to send that share of requests to the canary, or delete the canary Ingress (or its `canary-weight` and `canary` annotations) while it is not in use.
    pub RULE { code: "ALB108", name: "canary-weight-zero", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let c = &info.annotations.canary;
        // With match keys the Ingress is dropped whatever the weight (ALB103).
        if !c.enabled || c.has_match_keys() || c.weight != Some(0) {
            continue;
        }
        let Some(source) = info.annotations.source("canary-weight") else {
            continue;
        };
        let Some(raw) = info.ingress.meta.annotation(&source.key.value) else {
            continue;
        };
        // A non-integer also reads as 0, but the annotation rules report that value.
        if raw.value.value.parse::<i64>().ok() != Some(0) {
            continue;
        }
        out.push(
            ctx.report(
                &RULE,
                source.value_span,
                Some(info.ingress),
                format!(
                    "`{}: \"{}\"` sends no traffic to the canary: the controller skips weight-0 canaries, so this Ingress has no effect",
                    source.key.value, raw.value.value
                ),
            )
            .with_label("weight 0: canary ignored")
            .with_help(
                "set a weight from 1 to 100, or delete the canary Ingress while it is not in use",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};

    #[test]
    fn zero_is_flagged_but_not_garbage_or_header_canaries() {
        let flagged = |weight: &str, extra: &[(&str, &str)]| {
            let mut annotations = vec![("canary", "true"), ("canary-weight", weight)];
            annotations.extend_from_slice(extra);
            lint_lines("ALB108", &ingress("c", &annotations, "", "/")).len()
        };
        assert_eq!(flagged("0", &[]), 1);
        assert_eq!(flagged("abc", &[]), 0);
        assert_eq!(flagged("10", &[]), 0);
        assert_eq!(flagged("0", &[("canary-by-header", "x")]), 0);
    }
}
