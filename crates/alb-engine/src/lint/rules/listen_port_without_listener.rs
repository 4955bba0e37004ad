//! ALB404 listen-port-without-listener.

use std::collections::BTreeMap;

use crate::compile::{ListenerKey, Protocol};
use crate::diagnostic::Diagnostic;
use crate::lint::{IngressInfo, LintContext, declare_rule};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags an Ingress that asks for a listener (port and protocol) its AlbConfig does not list in `spec.listeners`, when that AlbConfig is among the inputs. The wanted listeners come from `listen-ports`, or else from the Ingress itself: 443/HTTPS for hosts in `spec.tls`, 80/HTTP for the other hosts, and 80/HTTP for `ssl-redirect`. The diagnostic points at what asked for the listener.
    ///
    /// ## Why is this bad?
    /// Listeners come only from the AlbConfig. The controller builds rules only for the wanted (port, protocol) pairs the AlbConfig has and silently skips the others: no error, no event, and requests on that port reach other Ingresses' rules or the listener's 503 default, or, with no such listener at all, are refused. A listener written without a protocol or with port 0 does not count either (ALB604).
    ///
    /// ## Example
    /// ```yaml
    /// # AlbConfig spec.listeners: [{port: 80, protocol: HTTP}, {port: 443, protocol: HTTPS}]
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/listen-ports: '[{"HTTPS": 8443}]'
    /// ```
    ///
    /// ## Fix
    /// Add the listener to the AlbConfig (`{port: 8443, protocol: HTTPS}`), or ask only for listeners it has.
    pub RULE { code: "ALB404", name: "listen-port-without-listener", severity: Error, blocks_group: false }
}

/// Where the Ingress asks for `key`, and why.
fn origin(info: &IngressInfo<'_>, key: ListenerKey) -> (Span, String) {
    let a = &info.annotations;
    let ingress = info.ingress;
    if a.listen_ports.is_some()
        && let Some(source) = a.source("listen-ports")
    {
        return (source.value_span, "`listen-ports` asks for".to_string());
    }
    if key.port == 80
        && key.protocol == Protocol::Http
        && a.ssl_redirect
        && let Some(source) = a.source("ssl-redirect")
    {
        return (
            source.value_span,
            "`ssl-redirect` puts the Ingress on".to_string(),
        );
    }
    if key.protocol == Protocol::Https
        && let Some(host) = ingress
            .tls
            .iter()
            .flat_map(|t| &t.hosts)
            .find(|h| !h.value.is_empty())
    {
        return (
            host.span,
            "its `spec.tls` hosts put the Ingress on".to_string(),
        );
    }
    if let Some(host) = ingress
        .rules
        .iter()
        .filter_map(|r| r.host.as_ref())
        .find(|h| !h.value.is_empty() && !ingress.is_tls_host(&h.value))
    {
        return (
            host.span,
            "its hosts without TLS put the Ingress on".to_string(),
        );
    }
    (
        ingress.meta.name.span,
        "without TLS hosts the Ingress is placed on".to_string(),
    )
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let infos: BTreeMap<usize, &IngressInfo<'_>> =
        ctx.ingresses.iter().map(|i| (i.index, i)).collect();
    for group in &ctx.table.groups {
        let Some(config) = group
            .alb_config
            .and_then(|i| ctx.manifest.alb_configs.get(i))
        else {
            continue;
        };
        let have: Vec<String> = group.listeners.iter().map(|l| l.key.to_string()).collect();
        let have = if have.is_empty() {
            "no usable listener".to_string()
        } else {
            have.join(", ")
        };
        for member in &group.members {
            let Some(info) = infos.get(&member.ingress) else {
                continue;
            };
            let missing: Vec<ListenerKey> = member
                .wanted
                .iter()
                .copied()
                .filter(|w| !group.listeners.iter().any(|l| l.key == *w))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let none_left = missing.len() == member.wanted.len();
            // One diagnostic per place that asks.
            let mut by_origin: BTreeMap<Span, (String, Vec<ListenerKey>)> = BTreeMap::new();
            for key in missing {
                let (span, why) = origin(info, key);
                by_origin
                    .entry(span)
                    .or_insert((why, Vec::new()))
                    .1
                    .push(key);
            }
            for (span, (why, keys)) in by_origin {
                let names: Vec<String> = keys.iter().map(ToString::to_string).collect();
                let consequence = if none_left {
                    "the Ingress gets no rule at all"
                } else {
                    "its rules for that port are silently skipped"
                };
                let listeners: Vec<String> = keys
                    .iter()
                    .map(|k| format!("{{port: {}, protocol: {}}}", k.port, k.protocol.as_str()))
                    .collect();
                out.push(
                    ctx.report(
                        &RULE,
                        span,
                        Some(info.ingress),
                        format!(
                            "{why} {}, which AlbConfig `{}` does not list (it has {have}): {consequence}",
                            names.join(" and "),
                            config.meta.name.value,
                        ),
                    )
                    .with_label("no such listener")
                    .with_related(config.meta.name.span, format!("AlbConfig `{}`", config.meta.name.value))
                    .with_help(format!(
                        "add {} to the AlbConfig's `spec.listeners`, or ask only for listeners it has",
                        listeners.join(" and ")
                    )),
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
            "ALB404",
            include_str!("../../../../../testdata/lint/ALB404.yaml"),
        );
    }
}
