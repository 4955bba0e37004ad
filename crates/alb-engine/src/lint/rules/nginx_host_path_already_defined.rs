//! ALB705 nginx-host-path-already-defined.

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::nginx::{AdmittedBecause, OverlapOutcome, path_span};
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a path of an ingress-nginx Ingress whose host and path string another, older non-canary Ingress already defines. An error when ingress-nginx's admission webhook refuses the Ingress for it; a warning when the webhook lets it through but the path is ignored. The older Ingress is the related location.
    ///
    /// The Ingresses are taken as applied one by one in ingress-nginx's order, each checked against those admitted before it: `metadata.creationTimestamp`, then `namespace/name` **descending** on a tie (so without timestamps `web/b` comes before `web/a`).
    ///
    /// ## Why is this bad?
    /// The webhook's `checkOverlap` lays out every Ingress together with the one being applied and denies it with `host "shop.example.com" and path "/cart" is already defined in ingress shop/cart-v1` when a location with the same host and path string (after ingress-nginx splits Prefix `/cart` into `/cart/` and `= /cart`, so any pathType) belongs to another Ingress and either neither Ingress has a `canary` annotation or both have `canary: "true"`; any other combination (a `canary` annotation on one of them, even `"false"`) lets it pass. It decides on the Ingress's first path with a Service backend only, so a clash on a later path, or on a path of an Ingress with a `canary` annotation, is admitted, and then ingress-nginx keeps the older Ingress's location for the same path and pathType: the newer one's backend never gets those requests, and nothing says so.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Ingress
    /// metadata: {name: cart-v1, namespace: shop, creationTimestamp: "2026-01-01T00:00:00Z"}
    /// spec:
    ///   ingressClassName: nginx
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - {path: /cart, pathType: Prefix, backend: {service: {name: cart-v1, port: {number: 80}}}}
    /// ---
    /// kind: Ingress
    /// metadata: {name: cart-v2, namespace: shop, creationTimestamp: "2026-01-02T00:00:00Z"}
    /// spec:
    ///   ingressClassName: nginx
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - {path: /cart, pathType: Prefix, backend: {service: {name: cart-v2, port: {number: 80}}}}   # refused
    /// ```
    ///
    /// ## Fix
    /// Keep each host and path in one Ingress. To send a share of the traffic to another Service, make the second Ingress a canary (`nginx.ingress.kubernetes.io/canary: "true"` with `canary-weight`, `canary-by-header` or `canary-by-cookie`).
    pub RULE { code: "ALB705", name: "nginx-host-path-already-defined", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for overlap in &ctx.nginx_facts.overlaps {
        let (Some(ingress), Some(owner)) = (
            ctx.manifest.ingresses.get(overlap.ingress),
            ctx.manifest.ingresses.get(overlap.owner),
        ) else {
            continue;
        };
        let Some(span) = path_span(ingress, overlap.rule_index, overlap.path_index) else {
            continue;
        };
        let owner_span = path_span(owner, overlap.owner_rule_index, overlap.owner_path_index)
            .unwrap_or(owner.meta.name.span);
        let defined = format!(
            "host \"{}\" and path \"{}\" is already defined in ingress {}",
            overlap.host,
            overlap.path,
            owner.meta.key()
        );
        let d = match overlap.outcome {
            OverlapOutcome::Refused => ctx
                .report(
                    &RULE,
                    span,
                    Some(ingress),
                    format!("{defined}: ingress-nginx's admission webhook rejects this Ingress"),
                )
                .with_label("already defined")
                .with_help(
                    "keep the host and path in one Ingress; to split traffic between two Services, make this Ingress a canary (`nginx.ingress.kubernetes.io/canary: \"true\"`)",
                ),
            OverlapOutcome::Ignored(because) => {
                let admitted = match because {
                    AdmittedBecause::NotFirstPath => {
                        "the admission webhook lets the Ingress through because it checks only the Ingress's first path"
                    }
                    AdmittedBecause::CanaryAnnotation => {
                        "the admission webhook compares two Ingresses only when neither has a `canary` annotation or both are canaries"
                    }
                };
                let mut d = ctx
                    .report(
                        &RULE,
                        span,
                        Some(ingress),
                        format!(
                            "{defined} with the same pathType: ingress-nginx keeps that older location and ignores this path ({admitted})"
                        ),
                    )
                    .with_label("ignored")
                    .with_help(
                        "keep the host and path in one Ingress; to split traffic between two Services, make this Ingress a canary (`nginx.ingress.kubernetes.io/canary: \"true\"`)",
                    );
                d.severity = Severity::Warning;
                d
            }
        };
        out.push(d.with_related(owner_span, "defined here first"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB705",
            include_str!("../../../../../testdata/lint/ALB705.yaml"),
        );
    }
}
