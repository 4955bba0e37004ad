//! ALB106 canary-with-custom-conditions.

use std::collections::BTreeSet;

use super::canary_without_main_rule::paths;
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `alb.ingress.kubernetes.io/conditions.<svc>` on a canary Ingress, for a Service its paths use.
    ///
    /// ## Why is this bad?
    /// The controller refuses the combination: for every Ingress with `canary: "true"` it checks whether a `conditions.<svc>` key exists for any backend Service of its paths (even with an empty value) and, if so, fails the model build with "can't exist Canary and customize condition at the same time". A build error in one Ingress stops the reconcile of the whole AlbConfig: no Ingress on that ALB gets updated until it is removed.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/canary: "true"
    ///     alb.ingress.kubernetes.io/canary-by-header: "x-canary"
    ///     alb.ingress.kubernetes.io/conditions.shop-v2: |
    ///       [{"type": "Method", "methodConfig": {"values": ["GET"]}}]
    /// ```
    ///
    /// ## Fix
    /// Remove the `conditions.<svc>` annotation from the canary. To route by other request attributes, drop `canary: "true"` and write an ordinary Ingress with `conditions.<svc>`, ordered before the main Ingress with `alb.ingress.kubernetes.io/order`.
    pub RULE { code: "ALB106", name: "canary-with-custom-conditions", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let a = &info.annotations;
        if !a.canary.enabled {
            continue;
        }
        let services: BTreeSet<&str> = paths(info.ingress)
            .filter_map(|p| p.path.backend.as_ref()?.service.as_ref())
            .map(|s| s.name.value.as_str())
            .collect();
        for svc in services {
            let Some(source) = a.source(&format!("conditions.{svc}")) else {
                continue;
            };
            let mut d = ctx
                .report(
                    &RULE,
                    source.key.span,
                    Some(info.ingress),
                    format!(
                        "`{}` is not allowed on a canary Ingress: the controller fails the AlbConfig's build (\"can't exist Canary and customize condition at the same time\")",
                        source.key.value
                    ),
                )
                .with_label("custom conditions on a canary")
                .with_help(
                    "remove the conditions from the canary; for routing by other attributes use an ordinary Ingress (no `canary: \"true\"`) ordered before the main one",
                );
            if let Some(canary) = a.source("canary") {
                d = d.with_related(canary.value_span, "this makes the Ingress a canary");
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};

    #[test]
    fn conditions_on_a_canary_are_flagged() {
        let cond = r#"[{\"type\":\"Method\",\"methodConfig\":{\"values\":[\"GET\"]}}]"#;
        let yaml = ingress("c", &[("canary", "true"), ("conditions.c", cond)], "", "/");
        assert_eq!(lint_lines("ALB106", &yaml).len(), 1);
        let yaml = ingress("c", &[("conditions.c", cond)], "", "/");
        assert!(lint_lines("ALB106", &yaml).is_empty());
        let yaml = ingress(
            "c",
            &[("canary", "true"), ("conditions.other", cond)],
            "",
            "/",
        );
        assert!(lint_lines("ALB106", &yaml).is_empty());
    }
}
