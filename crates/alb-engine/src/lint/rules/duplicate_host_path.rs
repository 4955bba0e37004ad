//! ALB402 duplicate-host-path.

use std::collections::BTreeMap;

use super::shadowed_rule::{RuleId, describe, duplicates, listeners_text, path_span, rule_id};
use crate::compile::{ListenerKey, Rule};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a path whose host, path and pathType another Ingress on the same ALB listener already routes, when that other Ingress sorts first and its rule has no extra conditions. The later one is reported, with the earlier one as related location. Canary Ingresses, which repeat their main Ingress's host and path on purpose, are not compared.
    ///
    /// ## Why is this bad?
    /// Unlike ingress-nginx, which merges Ingresses and rejects or warns about conflicting paths, the ALB controller turns each path into its own ALB rule and numbers them by Ingress `order`, then `namespace/name`. Both rules are created; the first one takes every request and the second never matches. Which Service receives the traffic depends on Ingress names, and renaming an Ingress silently switches it.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Ingress
    /// metadata: {name: shop-v1}
    /// spec:
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - {path: /cart, pathType: Prefix, backend: {service: {name: cart-v1, port: {number: 80}}}}
    /// ---
    /// kind: Ingress
    /// metadata: {name: shop-v2}
    /// spec:
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - {path: /cart, pathType: Prefix, backend: {service: {name: cart-v2, port: {number: 80}}}}   # never matches
    /// ```
    ///
    /// ## Fix
    /// Keep the path in one Ingress only. If the second Ingress is meant to take a share of the traffic, make it a canary (`alb.ingress.kubernetes.io/canary: "true"` with `canary-weight`, or by header/cookie and a lower `order`).
    pub RULE { code: "ALB402", name: "duplicate-host-path", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut found: BTreeMap<(RuleId, RuleId), (&Rule, &Rule, Vec<ListenerKey>)> = BTreeMap::new();
    for group in &ctx.table.groups {
        for listener in &group.listeners {
            for (later, earlier) in duplicates(listener) {
                let (r, e) = (&listener.rules[later], &listener.rules[earlier]);
                found
                    .entry((rule_id(r), rule_id(e)))
                    .or_insert_with(|| (r, e, Vec::new()))
                    .2
                    .push(listener.key);
            }
        }
    }
    for (r, e, listeners) in found.values() {
        let Some(ingress) = ctx.manifest.ingresses.get(r.ingress) else {
            continue;
        };
        out.push(
            ctx.report(
                &RULE,
                path_span(ctx.manifest, r),
                Some(ingress),
                format!(
                    "{} is also routed by Ingress {}, which sorts first on {}: this path never receives requests",
                    describe(r),
                    e.ingress_key,
                    listeners_text(listeners),
                ),
            )
            .with_label("duplicate")
            .with_related(
                path_span(ctx.manifest, e),
                format!("takes these requests (priority {})", e.priority),
            )
            .with_help(
                "the ALB builds a rule for each and the one that sorts first (lower `order`, then namespace/name) wins; keep the path in one Ingress, or make this one a canary if it should take a share",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB402",
            include_str!("../../../../../testdata/lint/ALB402.yaml"),
        );
    }
}
