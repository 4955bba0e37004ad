//! ALB707 nginx-regex-spreads-to-host.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::lint::nginx::{location_span, regex_switch};
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `nginx.ingress.kubernetes.io/use-regex` (true) or a `rewrite-target` on an ingress-nginx Ingress that shares a host with other Ingresses, and names them: their paths become regexes too.
    ///
    /// ## Why is this bad?
    /// ingress-nginx decides regex mode per host (nginx `server`), not per Ingress: as soon as one Ingress of the host has `use-regex` or a `rewrite-target` other than its path, every location of the host is rendered as `location ~* "^<path>"`: case-insensitive, anchored only at the start, tried longest path first. The other Ingresses' paths silently change meaning: Exact `/health` also matches `/healthz` and `/HEALTH/x`, Prefix `/api` matches `/apix`, a `.` in a path matches any character, and a longer regex can take requests a more specific prefix used to get. Their authors changed nothing.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Ingress
    /// metadata:
    ///   name: blog
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/rewrite-target: /$2
    /// spec:
    ///   ingressClassName: nginx
    ///   rules:
    ///     - host: shop.example.com     # also served by Ingress `shop`, whose Exact /health now matches /healthz
    ///       http:
    ///         paths:
    ///           - {path: "/blog(/|$)(.*)", pathType: ImplementationSpecific, backend: {service: {name: blog, port: {number: 80}}}}
    /// ```
    ///
    /// ## Fix
    /// Give the regex paths a host of their own (`blog.example.com`), or write every path of the host as the regex it becomes and check the order (`alb route --controller nginx` shows which location a request gets).
    pub RULE { code: "ALB707", name: "nginx-regex-spreads-to-host", severity: Warning, blocks_group: false }
}

/// How many other Ingresses a message names before "and N more".
const SHOWN: usize = 5;

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for server in ctx.nginx_facts.servers.iter().filter(|s| s.regex) {
        let paths = server.locations.iter().filter(|l| !l.default);
        let makers: BTreeSet<usize> = paths
            .clone()
            .filter(|l| l.makes_regex)
            .filter_map(|l| l.ingress)
            .collect();
        for &maker in &makers {
            let (Some(ingress), Some(info)) =
                (ctx.manifest.ingresses.get(maker), ctx.nginx_ingress(maker))
            else {
                continue;
            };
            let Some((switch, span)) = regex_switch(ingress, &info.annotations) else {
                continue;
            };
            // The other Ingresses of the host, each with its first path there.
            let mut others: Vec<(String, &crate::compile::NginxLocation)> = Vec::new();
            for l in paths.clone() {
                let Some(other) = l.ingress.filter(|&i| i != maker) else {
                    continue;
                };
                let Some(key) = ctx.manifest.ingresses.get(other).map(|i| i.meta.key()) else {
                    continue;
                };
                if !others.iter().any(|(k, _)| *k == key) {
                    others.push((key, l));
                }
            }
            if others.is_empty() {
                continue;
            }
            others.sort_by(|a, b| a.0.cmp(&b.0));
            let mut names: Vec<String> =
                others.iter().take(SHOWN).map(|(k, _)| k.clone()).collect();
            if others.len() > SHOWN {
                names.push(format!("and {} more", others.len() - SHOWN));
            }
            let host = if server.host == "_" {
                "the catch-all server (rules without host)".to_string()
            } else {
                format!("host `{}`", server.host)
            };
            let mut d = ctx
                .report(
                    &RULE,
                    span,
                    Some(ingress),
                    format!(
                        "`{switch}` makes every path of {host} a case-insensitive regex anchored only at the start, including those of {} {}: their Exact paths also match longer paths, their Prefix paths lose the `/` boundary (`/api` matches `/apix`), and they are tried longest first",
                        if others.len() == 1 { "Ingress" } else { "Ingresses" },
                        names.join(", ")
                    ),
                )
                .with_label("regex for the whole host")
                .with_help(
                    "give the regex paths a host of their own, or write every path of the host as the regex it becomes; `alb route --controller nginx` shows which location a request gets",
                );
            for (key, location) in others.iter().take(SHOWN) {
                if let Some(at) = location_span(ctx.manifest, location) {
                    d = d.with_related(at, format!("a path of {key}, now a regex"));
                }
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB707",
            include_str!("../../../../../testdata/lint/ALB707.yaml"),
        );
    }
}
