//! ALB105 canary-tls-mismatch.

use super::canary_without_main_rule::{
    canary_kind, describe, group_of, host_words, main_paths, paths, placed_listeners,
};
use super::shadowed_rule::listeners_text;
use crate::compile::ListenerKey;
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a canary placed on other listeners than its main rule, typically for lack of the main Ingress's `tls:` block.
    ///
    /// The usual case: the main Ingress lists the host under `spec.tls` and the canary Ingress does not, so the canary lands on 80/HTTP and the main rule on 443/HTTPS.
    ///
    /// ## Why is this bad?
    /// Canaries are merged per listener: a weight canary only changes the main rule on the listeners the canary Ingress itself is placed on, and header or cookie canaries only get rules there. Each Ingress picks its listeners on its own: a host under `spec.tls` puts its rules on HTTPS only, a host that is not puts them on HTTP only, and `listen-ports` / `ssl-redirect` change that. A canary copied from the main Ingress without its `tls:` block therefore affects only port 80 while the real traffic arrives on 443, where the main rule gets no canary at all. Nothing reports it; the canary just sees no HTTPS traffic.
    ///
    /// ## Example
    /// ```yaml
    /// # main Ingress: tls: [{hosts: [shop.example.com], secretName: shop-tls}]
    /// metadata:
    ///   name: shop-canary
    ///   annotations:
    ///     alb.ingress.kubernetes.io/canary: "true"
    ///     alb.ingress.kubernetes.io/canary-weight: "10"
    /// spec:
    ///   ingressClassName: alb
    ///   rules:                     # no tls: this canary only reaches 80/HTTP
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - {path: /, pathType: Prefix, backend: {service: {name: shop-v2, port: {number: 80}}}}
    /// ```
    ///
    /// ## Fix
    /// Give the canary Ingress the same `tls:` hosts as the main Ingress (and the same `listen-ports` / `ssl-redirect`), so both are placed on the same listeners.
    pub RULE { code: "ALB105", name: "canary-tls-mismatch", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        if canary_kind(&info.annotations).is_none() {
            continue;
        }
        let Some(group) = group_of(&ctx.table, info.index) else {
            continue;
        };
        for p in paths(info.ingress) {
            let mains = main_paths(ctx, group, p.host, p.path.path());
            // Without a main rule it is ALB101's.
            let Some(&(main_info, main_path)) = mains.first() else {
                continue;
            };
            let canary_on = placed_listeners(group, info, p.host);
            let mut main_on: Vec<ListenerKey> = mains
                .iter()
                .flat_map(|(main, _)| placed_listeners(group, main, p.host))
                .collect();
            main_on.sort();
            main_on.dedup();
            let missing: Vec<ListenerKey> = main_on
                .iter()
                .copied()
                .filter(|k| !canary_on.contains(k))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let tls_main = mains
                .iter()
                .find(|(main, _)| !p.host.is_empty() && main.ingress.is_tls_host(p.host));
            let tls_cause = tls_main.is_some()
                && !info.ingress.is_tls_host(p.host)
                && info.annotations.listen_ports.is_none()
                && missing.iter().any(|k| k.protocol.is_tls());
            let effect = if canary_on.iter().any(|k| main_on.contains(k)) {
                format!("on {} the canary has no effect", listeners_text(&missing))
            } else {
                "the canary has no effect at all".to_string()
            };
            let mut d = if let (true, Some((main, _))) = (tls_cause, tls_main) {
                let mut d = ctx
                    .report(
                        &RULE,
                        p.host_span.unwrap_or_else(|| p.span()),
                        Some(info.ingress),
                        format!(
                            "{} is under `spec.tls` in the main Ingress `{}` but not in this canary: the canary for {} is placed on {} while the main rule is on {}, so {effect}",
                            host_words(p.host),
                            main.ingress.meta.key(),
                            describe(p.host, p.path.path()),
                            listeners_text(&canary_on),
                            listeners_text(&main_on),
                        ),
                    )
                    .with_label("not a TLS host of this Ingress")
                    .with_help(format!(
                        "copy the main Ingress's `tls:` block (hosts: [{}]) into the canary Ingress",
                        p.host
                    ));
                let tls_span = main
                    .ingress
                    .tls
                    .iter()
                    .flat_map(|t| t.hosts.iter())
                    .find(|h| h.value == p.host)
                    .map(|h| h.span);
                if let Some(span) = tls_span {
                    d = d.with_related(span, "the main Ingress serves this host over HTTPS");
                }
                d
            } else {
                ctx.report(
                    &RULE,
                    p.span(),
                    Some(info.ingress),
                    format!(
                        "the canary for {} is placed on {} but its main rule from `{}` is on {}, so {effect}",
                        describe(p.host, p.path.path()),
                        listeners_text(&canary_on),
                        main_info.ingress.meta.key(),
                        listeners_text(&main_on),
                    ),
                )
                .with_label("on other listeners than its main rule")
                .with_help(
                    "give the canary Ingress the same `tls:` hosts, `listen-ports` and `ssl-redirect` as the main Ingress",
                )
            };
            d = d.with_related(
                main_path.span(),
                format!("main rule, on {}", listeners_text(&main_on)),
            );
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::lint_lines;

    fn doc(name: &str, canary: bool, tls: bool) -> String {
        let mut s = format!(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  namespace: default\n"
        );
        if canary {
            s.push_str("  annotations:\n    alb.ingress.kubernetes.io/canary: \"true\"\n    alb.ingress.kubernetes.io/canary-weight: \"10\"\n");
        }
        s.push_str("spec:\n  ingressClassName: alb\n");
        if tls {
            s.push_str("  tls:\n    - hosts: [shop.example.com]\n      secretName: shop\n");
        }
        s.push_str("  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend: {service: {name: x, port: {number: 80}}}\n---\n");
        s
    }

    #[test]
    fn canary_without_tls_is_flagged_at_its_host() {
        let found = lint_lines(
            "ALB105",
            &(doc("main", false, true) + &doc("c", true, false)),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("under `spec.tls`"), "{found:?}");
        assert!(found[0].1.contains("no effect at all"), "{found:?}");
    }

    #[test]
    fn matching_tls_is_quiet() {
        assert!(
            lint_lines(
                "ALB105",
                &(doc("main", false, true) + &doc("c", true, true))
            )
            .is_empty()
        );
        assert!(
            lint_lines(
                "ALB105",
                &(doc("main", false, false) + &doc("c", true, false))
            )
            .is_empty()
        );
    }
}
