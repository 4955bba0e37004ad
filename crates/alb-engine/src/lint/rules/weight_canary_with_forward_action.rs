//! ALB107 weight-canary-with-forward-action.

use std::collections::BTreeSet;

use super::canary_without_main_rule::paths;
use crate::annotations::Action;
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a weight canary that also has a `ForwardGroup` action in `actions.<svc>`.
    ///
    /// A weight canary sets `canary-weight` and no header or cookie keys; the action counts when `<svc>` is a Service one of its paths uses.
    ///
    /// ## Why is this bad?
    /// The controller merges a weight canary into the main rule's forward action, and refuses a canary that brings its own: it fails the model build with "can't exist CanaryWeight and annotation forwardAction at the same time". A build error in one Ingress stops the reconcile of the whole AlbConfig, so no Ingress on that ALB is updated until it is fixed.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/canary: "true"
    ///     alb.ingress.kubernetes.io/canary-weight: "20"
    ///     alb.ingress.kubernetes.io/actions.shop-v2: |
    ///       [{"type": "ForwardGroup", "forwardConfig": {"serverGroups": [
    ///         {"serviceName": "shop-v2", "servicePort": 80, "weight": 100}]}}]
    /// ```
    ///
    /// ## Fix
    /// Use one mechanism: either keep `canary-weight` and remove the ForwardGroup action, or drop the canary Ingress and split traffic in a ForwardGroup on the main Ingress (`serverGroups` with weights, backend `port: {name: use-annotation}`).
    pub RULE { code: "ALB107", name: "weight-canary-with-forward-action", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let a = &info.annotations;
        // The controller's getIfOnlyWeight: no match keys and a non-zero `Atoi` of the weight.
        let weight = match a.canary.weight {
            Some(w) if a.canary.enabled && !a.canary.has_match_keys() && w != 0 => w,
            _ => continue,
        };
        let services: BTreeSet<&str> = paths(info.ingress)
            .filter_map(|p| p.path.backend.as_ref()?.service.as_ref())
            .map(|s| s.name.value.as_str())
            .collect();
        for svc in services {
            let has_forward = a.actions.get(svc).is_some_and(|actions| {
                actions
                    .iter()
                    .any(|x| matches!(x, Action::ForwardGroup { .. }))
            });
            if !has_forward {
                continue;
            }
            let Some(source) = a.source(&format!("actions.{svc}")) else {
                continue;
            };
            let mut d = ctx
                .report(
                    &RULE,
                    source.value_span,
                    Some(info.ingress),
                    format!(
                        "`{}` has a ForwardGroup action, which a weight canary (canary-weight {weight}) may not have: the controller fails the AlbConfig's build (\"can't exist CanaryWeight and annotation forwardAction at the same time\")",
                        source.key.value
                    ),
                )
                .with_label("ForwardGroup on a weight canary")
                .with_help(
                    "keep canary-weight and remove the ForwardGroup, or drop the canary and split traffic with a weighted ForwardGroup on the main Ingress",
                );
            if let Some(w) = a.source("canary-weight") {
                d = d.with_related(
                    w.value_span,
                    "this weight makes the Ingress a weight canary",
                );
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};

    const FORWARD: &str = r#"[{\"type\":\"ForwardGroup\",\"forwardConfig\":{\"serverGroups\":[{\"serviceName\":\"c\",\"servicePort\":80,\"weight\":100}]}}]"#;

    #[test]
    fn forward_on_weight_canary_is_flagged() {
        let yaml = ingress(
            "c",
            &[
                ("canary", "true"),
                ("canary-weight", "20"),
                ("actions.c", FORWARD),
            ],
            "",
            "/",
        );
        assert_eq!(lint_lines("ALB107", &yaml).len(), 1);
    }

    #[test]
    fn header_canary_or_weight_zero_is_quiet() {
        let yaml = ingress(
            "c",
            &[
                ("canary", "true"),
                ("canary-weight", "0"),
                ("actions.c", FORWARD),
            ],
            "",
            "/",
        );
        assert!(lint_lines("ALB107", &yaml).is_empty());
        let yaml = ingress(
            "c",
            &[
                ("canary", "true"),
                ("canary-by-header", "x"),
                ("actions.c", FORWARD),
            ],
            "",
            "/",
        );
        assert!(lint_lines("ALB107", &yaml).is_empty());
    }
}
