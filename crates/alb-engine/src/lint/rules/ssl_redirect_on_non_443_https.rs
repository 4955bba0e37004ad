//! ALB408 ssl-redirect-on-non-443-https.

use std::collections::{BTreeMap, BTreeSet};

use crate::compile::ListenerKey;
use crate::diagnostic::Diagnostic;
use crate::lint::{IngressInfo, LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `ssl-redirect: "true"` on an Ingress that has rules on an HTTPS or QUIC listener whose port is not 443.
    ///
    /// ## Why is this bad?
    /// The controller decides by port, not protocol: on every listener of the Ingress whose port is not 443 it replaces each rule's forward with a 308 redirect to `https://<same host>:443<same path>`. On an HTTPS listener on 8443 the TLS clients are therefore redirected instead of served: to port 443, where nothing may answer for them, and in a loop when something in front maps 443 back to 8443.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/ssl-redirect: "true"
    ///     alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 8443}]'
    /// ```
    ///
    /// ## Fix
    /// Serve HTTPS on 443 (`{"HTTPS": 443}`), or remove `ssl-redirect` and redirect HTTP with a custom `Redirect` action on a separate HTTP-only Ingress.
    pub RULE { code: "ALB408", name: "ssl-redirect-on-non-443-https", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let infos: BTreeMap<usize, &IngressInfo<'_>> = ctx
        .ingresses
        .iter()
        .filter(|i| i.annotations.ssl_redirect)
        .map(|i| (i.index, i))
        .collect();
    if infos.is_empty() {
        return;
    }
    // Per Ingress, the TLS listeners off 443 that hold its rules (with their AlbConfig entry).
    let mut found: BTreeMap<usize, Vec<(ListenerKey, Option<crate::source::Span>)>> =
        BTreeMap::new();
    for group in &ctx.table.groups {
        for listener in &group.listeners {
            if !listener.key.protocol.is_tls() || listener.key.port == 443 {
                continue;
            }
            let ingresses: BTreeSet<usize> = listener
                .rules
                .iter()
                .map(|r| r.ingress)
                .filter(|i| infos.contains_key(i))
                .collect();
            for index in ingresses {
                found
                    .entry(index)
                    .or_default()
                    .push((listener.key, listener.span));
            }
        }
    }
    for (index, listeners) in found {
        let Some(info) = infos.get(&index) else {
            continue;
        };
        let Some(source) = info.annotations.source("ssl-redirect") else {
            continue;
        };
        for (key, span) in listeners {
            let mut d = ctx
                .report(
                    &RULE,
                    source.value_span,
                    Some(info.ingress),
                    format!(
                        "ssl-redirect turns this Ingress's rules on {key} into 308 redirects to port 443: HTTPS clients on {} are redirected instead of served",
                        key.port
                    ),
                )
                .with_label(format!("redirects on {key}"))
                .with_help("the controller redirects on every listener whose port is not 443, whatever its protocol: serve HTTPS on 443, or drop ssl-redirect and redirect HTTP another way");
            if let Some(span) = span {
                d = d.with_related(span, format!("listener {key}"));
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
            "ALB408",
            include_str!("../../../../../testdata/lint/ALB408.yaml"),
        );
    }
}
