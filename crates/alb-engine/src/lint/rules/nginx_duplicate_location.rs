//! ALB706 nginx-duplicate-location.

use std::collections::BTreeMap;

use crate::compile::NginxLocation;
use crate::diagnostic::Diagnostic;
use crate::lint::nginx::location_span;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a path that makes ingress-nginx write the same nginx `location` twice in one server: Prefix `/foo` and Prefix `/foo/` on the same host (both become `location "/foo/"`), or Exact `/a` followed by two Prefix `/a` (ingress-nginx adds the second Prefix again, kubernetes/ingress-nginx#10090), whether in one Ingress or several. Hosts where `use-regex` or a `rewrite-target` makes every location a regex are not affected: nginx accepts duplicate regex locations.
    ///
    /// Only Ingresses the admission webhook admits are laid out; when the webhook refuses one for the same host and path, that is reported instead (ALB705).
    ///
    /// ## Why is this bad?
    /// nginx refuses the configuration (`[emerg] duplicate location "/foo/"`). The admission webhook no longer tests the rendered configuration, and its overlap check misses these (it compares path strings, and `/foo` is not `/foo/`), so the Ingress is admitted and the reload fails: "Error reloading NGINX", and nginx keeps its previous configuration. Until it is fixed, no change to **any** Ingress of that ingress-nginx takes effect.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ingressClassName: nginx
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - {path: /docs/, pathType: Prefix, backend: {service: {name: docs, port: {number: 80}}}}
    ///           - {path: /docs, pathType: Prefix, backend: {service: {name: docs, port: {number: 80}}}}   # also location "/docs/"
    /// ```
    ///
    /// ## Fix
    /// Keep one of the two paths: Prefix `/foo` already matches `/foo/` and everything below it. For Exact `/a` plus Prefix `/a`, keep a single Prefix `/a`.
    pub RULE { code: "ALB706", name: "nginx-duplicate-location", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for server in ctx.nginx_facts.servers.iter().filter(|s| !s.regex) {
        let mut first: BTreeMap<(&str, bool), usize> = BTreeMap::new();
        for rendered in &server.rendered {
            let key = (rendered.path.as_str(), rendered.exact);
            let Some(&earlier) = first.get(&key) else {
                first.insert(key, rendered.location);
                continue;
            };
            let (Some(this), Some(that)) = (
                server.locations.get(rendered.location),
                server.locations.get(earlier),
            ) else {
                continue;
            };
            let Some(ingress) = this.ingress.and_then(|i| ctx.manifest.ingresses.get(i)) else {
                continue;
            };
            let (Some(span), Some(earlier_span)) = (
                location_span(ctx.manifest, this),
                location_span(ctx.manifest, that),
            ) else {
                continue;
            };
            let describe = |l: &NginxLocation| {
                let whose = if l.ingress == this.ingress {
                    "of this Ingress".to_string()
                } else {
                    match l.ingress.and_then(|i| ctx.manifest.ingresses.get(i)) {
                        Some(other) => format!("of Ingress {}", other.meta.key()),
                        None => "of the default backend".to_string(),
                    }
                };
                format!("{} `{}` {whose}", l.path_type.as_str(), l.path)
            };
            let rendered_as = if rendered.exact {
                format!("location = \"{}\"", rendered.path)
            } else {
                format!("location \"{}\"", rendered.path)
            };
            let host = if server.host == "_" {
                "the catch-all server (rules without host)".to_string()
            } else {
                format!("host `{}`", server.host)
            };
            out.push(
                ctx.report(
                    &RULE,
                    span,
                    Some(ingress),
                    format!(
                        "ingress-nginx writes `{rendered_as}` twice for {host}, for this path and for {}: nginx refuses the configuration (duplicate location), so no change to any Ingress of this ingress-nginx takes effect until it is fixed",
                        describe(that)
                    ),
                )
                .with_label("duplicate location")
                .with_related(earlier_span, format!("also `{rendered_as}`"))
                .with_help(
                    "keep one of the two paths: Prefix `/foo` already matches `/foo/` and below; for Exact and Prefix on the same path, keep a single Prefix",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB706",
            include_str!("../../../../../testdata/lint/ALB706.yaml"),
        );
    }
}
