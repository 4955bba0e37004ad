//! ALB102 canary-sorts-after-main.

use std::collections::BTreeSet;

use super::canary_without_main_rule::describe;
use super::shadowed_rule::path_span;
use crate::compile::{CanaryRole, Condition, Direction, Group, Rule};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a header or cookie canary whose rule the ALB evaluates after the main rule with the same host and path.
    ///
    /// ## Why is this bad?
    /// A `canary-by-header` / `canary-by-cookie` canary becomes a rule of its own with the main rule's host and path conditions plus its header or cookie condition. Its priority comes from ordinary Ingress ordering: `order` ascending (default 10), then `namespace/name`. The ALB evaluates rules strictly by priority and the first match wins, so when the main Ingress sorts first its rule takes every request, including those carrying the canary header or cookie, and the canary never receives traffic. Nothing warns: the controller builds both rules. This is why the guide's canary examples set `order: "1"`, `"2"`, `"3"` on the canaries: "header > cookie > weight" precedence only exists through ordering.
    ///
    /// ## Example
    /// ```yaml
    /// # main Ingress default/shop: no order (10)
    /// metadata:
    ///   name: shop-canary            # same order 10, and "shop-canary" sorts after "shop"
    ///   annotations:
    ///     alb.ingress.kubernetes.io/canary: "true"
    ///     alb.ingress.kubernetes.io/canary-by-header: "x-canary"
    ///     alb.ingress.kubernetes.io/canary-by-header-value: "on"
    /// ```
    ///
    /// ## Fix
    /// Give the canary Ingress an `alb.ingress.kubernetes.io/order` lower than the main Ingress's (for example `"1"`; explicit orders must be unique within an AlbConfig), or raise the main Ingress's order. Weight canaries need no order: they are merged into the main rule. (A bare `canary: "true"` without header, cookie or weight is an ordinary rule; when its main rule shadows it, ALB401 reports it.)
    pub RULE { code: "ALB102", name: "canary-sorts-after-main", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for group in &ctx.table.groups {
        for listener in &group.listeners {
            // Plain canaries (`canary: "true"` alone) are ordinary rules: ALB401 reports them.
            let conditional = |r: &&Rule| r.canary == Some(CanaryRole::Conditional);
            for canary in listener.rules.iter().filter(conditional) {
                let Some(main) = listener.rules.iter().find(|m| {
                    m.canary.is_none()
                        && m.priority < canary.priority
                        && m.host == canary.host
                        && m.path == canary.path
                        && covers(m, canary)
                }) else {
                    continue;
                };
                if !seen.insert((canary.ingress, canary.rule_index, canary.path_index)) {
                    continue;
                }
                let Some(info) = ctx.ingress(canary.ingress) else {
                    continue;
                };
                let mut d = ctx
                    .report(
                        &RULE,
                        path_span(ctx.manifest, canary),
                        Some(info.ingress),
                        format!(
                            "canary rule for {} is evaluated at priority {} on {}, after its main rule from `{}` at priority {}: the main rule already matches every request the canary's header or cookie would select, so the canary never receives traffic",
                            describe(&canary.host, &canary.path),
                            canary.priority,
                            listener.key,
                            main.ingress_key,
                            main.priority
                        ),
                    )
                    .with_label("evaluated after its main rule")
                    .with_related(
                        path_span(ctx.manifest, main),
                        format!(
                            "main rule, evaluated first at priority {} on {}",
                            main.priority, listener.key
                        ),
                    )
                    .with_help(order_help(group, canary, main));
                if let Some(span) = info.annotations.order_span {
                    d = d.with_related(
                        span,
                        format!(
                            "this order ({}) sorts the canary after the main Ingress",
                            info.annotations.order
                        ),
                    );
                }
                out.push(d);
            }
        }
    }
}

/// Whether every request the canary rule matches is matched by `main` first: the main rule
/// has only host and path conditions, and they include the canary's.
fn covers(main: &Rule, canary: &Rule) -> bool {
    if main.direction != Direction::Request {
        return false;
    }
    let mut main_hosts: Option<&Vec<String>> = None;
    let mut main_paths: Option<&Vec<String>> = None;
    for c in &main.conditions {
        match c {
            Condition::Host { values } => main_hosts = Some(values),
            Condition::Path { values } => main_paths = Some(values),
            _ => return false,
        }
    }
    let includes = |main: Option<&Vec<String>>, canary: Option<&Vec<String>>, any: &str| {
        let Some(main) = main else { return true };
        if main.iter().any(|v| v == any) {
            return true;
        }
        canary.is_some_and(|c| c.iter().all(|v| main.contains(v)))
    };
    let canary_values = |kind: &str| {
        canary.conditions.iter().find_map(|c| match c {
            Condition::Host { values } if kind == "host" => Some(values),
            Condition::Path { values } if kind == "path" => Some(values),
            _ => None,
        })
    };
    includes(main_hosts, canary_values("host"), "*")
        && includes(main_paths, canary_values("path"), "/*")
}

fn order_help(group: &Group, canary: &Rule, main: &Rule) -> String {
    let order = |ingress: usize| {
        group
            .members
            .iter()
            .find(|m| m.ingress == ingress)
            .map_or(10, |m| m.order)
    };
    let (canary_order, main_order) = (order(canary.ingress), order(main.ingress));
    let tail = "explicit orders must be unique within an AlbConfig";
    if main_order <= 1 {
        format!(
            "the main Ingress `{}` has order {main_order}, the lowest: raise its `alb.ingress.kubernetes.io/order` and give the canary a lower one; {tail}",
            main.ingress_key
        )
    } else if canary_order == main_order {
        format!(
            "both Ingresses have order {main_order}, so `namespace/name` decides and `{}` sorts before `{}`: set `alb.ingress.kubernetes.io/order` on the canary below {main_order}; {tail}",
            main.ingress_key, canary.ingress_key
        )
    } else {
        format!(
            "the canary's order {canary_order} is above the main Ingress's {main_order}: set the canary's `alb.ingress.kubernetes.io/order` below {main_order}; {tail}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};

    #[test]
    fn header_canary_named_after_main_is_flagged() {
        let yaml = ingress("shop", &[], "a.example.com", "/api")
            + &ingress(
                "shop-canary",
                &[("canary", "true"), ("canary-by-header", "x-canary")],
                "a.example.com",
                "/api",
            );
        let found = lint_lines("ALB102", &yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains(
                "priority 2 on 80/HTTP, after its main rule from `default/shop` at priority 1"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn canary_with_lower_order_is_quiet() {
        let yaml = ingress("shop", &[], "a.example.com", "/api")
            + &ingress(
                "shop-canary",
                &[
                    ("canary", "true"),
                    ("canary-by-cookie", "beta"),
                    ("order", "1"),
                ],
                "a.example.com",
                "/api",
            );
        assert!(lint_lines("ALB102", &yaml).is_empty());
    }

    #[test]
    fn weight_canaries_have_no_rule_of_their_own() {
        let yaml = ingress("shop", &[], "a.example.com", "/api")
            + &ingress(
                "shop-canary",
                &[("canary", "true"), ("canary-weight", "10")],
                "a.example.com",
                "/api",
            );
        assert!(lint_lines("ALB102", &yaml).is_empty());
    }
}
