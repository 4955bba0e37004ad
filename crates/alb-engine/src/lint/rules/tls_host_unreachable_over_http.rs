//! ALB406 tls-host-unreachable-over-http.

use std::collections::{BTreeMap, BTreeSet};

use crate::annotations::BackendProtocol;
use crate::compile::Protocol;
use crate::diagnostic::Diagnostic;
use crate::lint::{IngressInfo, LintContext, declare_rule};
use crate::route::glob_matches;

declare_rule! {
    /// ## What it does
    /// Points out a TLS host whose rules this Ingress places only on HTTPS listeners, so that `http://` requests for it get no rule of their own: the Ingress has neither `ssl-redirect` nor `listen-ports`, a rule uses the host, the ALB has an HTTP listener, and no rule on an HTTP listener of the ALB (from any Ingress) is for that host. gRPC Ingresses, which are HTTPS-only by design, are not reported.
    ///
    /// ## Why is this bad?
    /// Unlike ingress-nginx, which serves a TLS host on both ports (and redirects by default), the ALB controller puts a rule whose host is in `spec.tls` only on HTTPS listeners when neither `ssl-redirect` nor `listen-ports` is set. `http://shop.example.com/` then falls through to other rules of the HTTP listener, such as rules without host, or to its default action (503). This is informational: serving HTTPS only may be what you want.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   tls:
    ///     - hosts: [shop.example.com]
    ///   rules:
    ///     - host: shop.example.com   # only on 443/HTTPS
    /// ```
    ///
    /// ## Fix
    /// To send HTTP clients to HTTPS, add `alb.ingress.kubernetes.io/ssl-redirect: "true"`; to serve both, set `alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'`.
    pub RULE { code: "ALB406", name: "tls-host-unreachable-over-http", severity: Info, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let infos: BTreeMap<usize, &IngressInfo<'_>> =
        ctx.ingresses.iter().map(|i| (i.index, i)).collect();
    for group in &ctx.table.groups {
        let http = group
            .listeners
            .iter()
            .filter(|l| l.key.protocol == Protocol::Http);
        if http.clone().next().is_none() {
            continue;
        }
        // Hosts some rule on an HTTP listener is for (lower case; wildcards kept apart).
        let mut served: BTreeSet<String> = BTreeSet::new();
        let mut wildcards: BTreeSet<String> = BTreeSet::new();
        for rule in http.flat_map(|l| &l.rules) {
            let host = rule.host.to_ascii_lowercase();
            if host.contains(['*', '?']) {
                wildcards.insert(host);
            } else {
                served.insert(host);
            }
        }
        let is_served = |h: &str| {
            let h = h.to_ascii_lowercase();
            served.contains(&h) || wildcards.iter().any(|w| glob_matches(w, &h))
        };
        for member in &group.members {
            let Some(info) = infos.get(&member.ingress) else {
                continue;
            };
            let a = &info.annotations;
            if a.ssl_redirect
                || a.listen_ports.is_some()
                || a.backend_protocol == BackendProtocol::Grpc
            {
                continue;
            }
            let ingress = info.ingress;
            let mut seen = BTreeSet::new();
            for host in ingress.tls.iter().flat_map(|t| &t.hosts) {
                let h = host.value.as_str();
                if h.is_empty()
                    || !seen.insert(h)
                    || !ingress
                        .rules
                        .iter()
                        .any(|r| r.host() == h && r.paths.is_some())
                    || is_served(h)
                {
                    continue;
                }
                out.push(
                    ctx.report(
                        &RULE,
                        host.span,
                        Some(ingress),
                        format!(
                            "`http://{h}/` gets no rule of its own: without `ssl-redirect` or `listen-ports`, the rules for a TLS host are placed only on HTTPS listeners"
                        ),
                    )
                    .with_label("HTTPS only")
                    .with_help("add `alb.ingress.kubernetes.io/ssl-redirect: \"true\"` to redirect HTTP to HTTPS, or `listen-ports: '[{\"HTTP\": 80}, {\"HTTPS\": 443}]'` to serve both"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB406",
            include_str!("../../../../../testdata/lint/ALB406.yaml"),
        );
    }
}
