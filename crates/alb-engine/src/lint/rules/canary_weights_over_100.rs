//! ALB104 canary-weights-over-100.

use std::collections::BTreeSet;

use super::canary_without_main_rule::describe;
use super::shadowed_rule::path_span;
use crate::compile::Action;
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a main rule whose weight canaries (same host and path, same listener) add up to more than 100.
    ///
    /// ## Why is this bad?
    /// Weight canaries are merged into the main rule's forward action: each canary gets its `canary-weight`, the main Service gets `100 − Σw`. The controller checks neither a single weight nor the sum, so with 70 + 50 the main Service's weight becomes −20. A negative server-group weight is outside what the ALB API accepts, so the rule is rejected when the controller syncs it (inferred from the API's limits; the controller itself never checks), and a failed sync stops every update of that ALB, not only this path.
    ///
    /// ## Example
    /// ```yaml
    /// # two canaries of the same main path
    /// alb.ingress.kubernetes.io/canary-weight: "70"   # canary-a
    /// ---
    /// alb.ingress.kubernetes.io/canary-weight: "50"   # canary-b
    /// ```
    ///
    /// ## Fix
    /// Lower the weights so they add up to at most 100 (exactly 100 sends nothing to the main Service), or remove the canaries you no longer need.
    pub RULE { code: "ALB104", name: "canary-weights-over-100", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for group in &ctx.table.groups {
        for listener in &group.listeners {
            for rule in listener.rules.iter().filter(|r| r.canary.is_none()) {
                let Some(Action::Forward(targets)) = rule.final_action() else {
                    continue;
                };
                let canaries: Vec<_> = targets
                    .iter()
                    .filter_map(|t| t.canary.as_deref().map(|c| (c, t.weight)))
                    .collect();
                let total: i64 = canaries.iter().map(|(_, w)| w).sum();
                // A single weight above 100 is already reported on its annotation.
                if total <= 100 || canaries.iter().any(|(_, w)| !(1..=100).contains(w)) {
                    continue;
                }
                if !seen.insert((rule.ingress, rule.rule_index, rule.path_index)) {
                    continue;
                }
                let Some(main) = ctx.ingress(rule.ingress) else {
                    continue;
                };
                let parts: Vec<String> = canaries
                    .iter()
                    .map(|(key, w)| format!("`{key}` {w}"))
                    .collect();
                let mut d = ctx
                    .report(
                        &RULE,
                        path_span(ctx.manifest, rule),
                        Some(main.ingress),
                        format!(
                            "the canary weights for {} add up to {total} ({}) on {}: the main Service's weight would be {}, which the ALB API rejects",
                            describe(&rule.host, &rule.path),
                            parts.join(", "),
                            listener.key,
                            100 - total
                        ),
                    )
                    .with_label(format!("canaries take {total}%"))
                    .with_help(
                        "lower the canary-weight values so they add up to at most 100; a failed rule sync stops every update of this ALB",
                    );
                for (key, weight) in &canaries {
                    let span = ctx
                        .ingresses
                        .iter()
                        .find(|i| i.ingress.meta.key() == *key)
                        .and_then(|i| i.annotations.source("canary-weight"))
                        .map(|s| s.value_span);
                    if let Some(span) = span {
                        d = d.with_related(span, format!("`{key}` takes {weight}"));
                    }
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};

    fn canary(name: &str, weight: &str) -> String {
        ingress(
            name,
            &[("canary", "true"), ("canary-weight", weight)],
            "a.example.com",
            "/api",
        )
    }

    #[test]
    fn sum_above_100_is_flagged_once_at_the_main_path() {
        let yaml = ingress("main", &[], "a.example.com", "/api")
            + &canary("canary-a", "70")
            + &canary("canary-b", "50");
        let found = lint_lines("ALB104", &yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("add up to 120"), "{found:?}");
        assert!(found[0].1.contains("would be -20"), "{found:?}");
    }

    #[test]
    fn exactly_100_and_single_out_of_range_weights_are_not_flagged_here() {
        let yaml = ingress("main", &[], "a.example.com", "/api")
            + &canary("canary-a", "60")
            + &canary("canary-b", "40");
        assert!(lint_lines("ALB104", &yaml).is_empty());
        let yaml = ingress("main", &[], "a.example.com", "/api") + &canary("canary-a", "150");
        assert!(lint_lines("ALB104", &yaml).is_empty());
    }
}
