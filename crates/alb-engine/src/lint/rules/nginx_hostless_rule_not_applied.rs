//! ALB710 nginx-hostless-rule-not-applied.

use crate::diagnostic::Diagnostic;
use crate::lint::nginx::{path_span, server_name};
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a rule without `host` on an ingress-nginx Ingress when other rules (of any ingress-nginx Ingress) name hosts, and lists those hosts. The diagnostic points at the rule's first path.
    ///
    /// ## Why is this bad?
    /// The Kubernetes API describes a rule without host as one for all incoming traffic, but ingress-nginx puts it in its catch-all server `_`, which nginx uses only for hosts that have no server of their own. A host gets a server as soon as any Ingress has a rule for it, and then its requests never reach the host-less rule's paths: a path the host's rules do not route gets the host's default backend (404), not the host-less path. Adding an Ingress for a new host silently takes that host away from the host-less rules.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Ingress
    /// metadata: {name: fallback}
    /// spec:
    ///   ingressClassName: nginx
    ///   rules:
    ///     - http:               # not for shop.example.com
    ///         paths:
    ///           - {path: /healthz, pathType: Exact, backend: {service: {name: health, port: {number: 80}}}}
    /// ---
    /// kind: Ingress
    /// metadata: {name: shop}
    /// spec:
    ///   ingressClassName: nginx
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - {path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}
    /// ```
    ///
    /// ## Fix
    /// Repeat the paths under each host that needs them, or give the rule a host. For a backend that answers every unmatched request, use the controller's `--default-backend-service`.
    pub RULE { code: "ALB710", name: "nginx-hostless-rule-not-applied", severity: Warning, blocks_group: false }
}

/// How many hosts a message names before "and N more".
const SHOWN: usize = 5;

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let servers = &ctx.nginx_facts.servers;
    let hosts: Vec<&str> = servers
        .iter()
        .map(|s| s.host.as_str())
        .filter(|h| *h != "_")
        .collect();
    if hosts.is_empty() {
        return;
    }
    let mut listed: Vec<String> = hosts.iter().take(SHOWN).map(|h| format!("`{h}`")).collect();
    if hosts.len() > SHOWN {
        listed.push(format!("and {} more", hosts.len() - SHOWN));
    }
    let Some(catch_all) = servers.iter().find(|s| s.host == "_") else {
        return;
    };
    for info in &ctx.nginx {
        for (rule_index, rule) in info.ingress.rules.iter().enumerate() {
            if server_name(rule.host.as_ref().map(|h| h.value.as_str())) != "_" {
                continue;
            }
            // A rule with a location in the catch-all server: its Ingress is admitted and no
            // canary.
            let Some(first) = catch_all.locations.iter().find(|l| {
                !l.default && l.ingress == Some(info.index) && l.rule_index == rule_index
            }) else {
                continue;
            };
            let Some(span) = path_span(info.ingress, rule_index, first.path_index) else {
                continue;
            };
            out.push(
                ctx.report(
                    &RULE,
                    span,
                    Some(info.ingress),
                    format!(
                        "this rule has no host, so ingress-nginx serves its paths only for hosts without rules of their own: requests for {} never reach them, and a path those hosts do not route gets their default backend (404)",
                        listed.join(", ")
                    ),
                )
                .with_label("rule without host")
                .with_help(
                    "repeat the paths under each host that needs them, or give the rule a host",
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
            "ALB710",
            include_str!("../../../../../testdata/lint/ALB710.yaml"),
        );
    }
}
