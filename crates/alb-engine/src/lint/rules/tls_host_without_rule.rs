//! ALB405 tls-host-without-rule.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::route::glob_matches;

declare_rule! {
    /// ## What it does
    /// Flags a `spec.tls[].hosts` entry that is not, character for character, the `host` of any rule of the same Ingress. An Ingress with a rule without host (which serves every host) is not checked.
    ///
    /// ## Why is this bad?
    /// The controller uses TLS hosts for two things: a TLS host puts the Ingress on 443/HTTPS, and, without `listen-ports` or `ssl-redirect`, a rule whose host is listed exactly in `spec.tls` goes only to HTTPS while every other host goes only to HTTP. The comparison is exact: a TLS host `*.example.com` does not cover a rule for `shop.example.com`, and `Shop.example.com` is not `shop.example.com`. So a TLS host no rule uses is usually a typo or a wildcard, and the rule it was meant for is served over plain HTTP only, while HTTPS requests for it get no rule of this Ingress.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   tls:
    ///     - hosts: ["*.example.com"]
    ///       secretName: wildcard-tls
    ///   rules:
    ///     - host: shop.example.com   # placed on 80/HTTP only
    /// ```
    ///
    /// ## Fix
    /// List in `spec.tls[].hosts` exactly the hosts the rules use (a wildcard certificate can still serve them), or remove the TLS host.
    pub RULE { code: "ALB405", name: "tls-host-without-rule", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let ingress = info.ingress;
        let rules: Vec<&str> = ingress
            .rules
            .iter()
            .filter(|r| r.paths.is_some())
            .map(|r| r.host())
            .collect();
        if rules.iter().any(|h| h.is_empty()) {
            continue;
        }
        for host in ingress.tls.iter().flat_map(|t| &t.hosts) {
            let h = host.value.as_str();
            if h.is_empty() || ingress.rules.iter().any(|r| r.host() == h) {
                continue;
            }
            let lower = h.to_ascii_lowercase();
            let near = rules.iter().find(|r| r.eq_ignore_ascii_case(h)).copied();
            let covered: Vec<&str> = rules
                .iter()
                .filter(|r| {
                    !ingress.is_tls_host(r) && glob_matches(&lower, &r.to_ascii_lowercase())
                })
                .copied()
                .collect();
            let help = if let Some(near) = near {
                format!(
                    "the controller compares TLS hosts with rule hosts exactly: write `{near}` as the rule does"
                )
            } else if !covered.is_empty() {
                format!(
                    "the controller compares TLS hosts with rule hosts exactly, so the rules for {} are placed on HTTP only; list those hosts in `spec.tls` (the wildcard certificate can still serve them)",
                    covered
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                "list only the hosts the rules of this Ingress use, or add a rule for this host"
                    .to_string()
            };
            out.push(
                ctx.report(
                    &RULE,
                    host.span,
                    Some(ingress),
                    format!("TLS host `{h}` is not the host of any rule of this Ingress"),
                )
                .with_label("no rule for this host")
                .with_help(help),
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
            "ALB405",
            include_str!("../../../../../testdata/lint/ALB405.yaml"),
        );
    }
}
