//! ALB602 basic-edition-unsupported-feature.

use std::collections::{BTreeMap, BTreeSet};

use super::unknown_edition::Edition;
use crate::annotations::{Action, Condition};
use crate::diagnostic::Diagnostic;
use crate::lint::{IngressInfo, LintContext, declare_rule};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags, on an AlbConfig whose `spec.config.edition` is `Basic` (any case), every member Ingress annotation that needs a Standard ALB, and the AlbConfig itself when it reuses an existing ALB (`spec.config.id`) declared Basic.
    ///
    /// Standard-only: Cookie conditions (`canary-by-cookie`, `Cookie` in `conditions.<svc>`), which the canary guide documents; redirects (`ssl-redirect`, a custom `Redirect`) and rewrites (`rewrite-target`, a custom `Rewrite`), which the instance guide lists as what Standard adds over Basic. Until the exact Basic feature list is confirmed, `alb` also treats everything beyond forwarding and fixed responses on host, path, header, query string and method as Standard-only: `traffic-limit-qps`/`traffic-limit-ip-qps`, `enable-cors`, and custom `InsertHeader`, `RemoveHeader`, `TrafficLimit`, `TrafficMirror`, `Cors` actions and `SourceIp`, `ResponseHeader`, `ResponseStatusCode` conditions. Only Ingresses that get rules on the ALB, and per-service annotations of Services their paths use, are checked.
    ///
    /// ## Why is this bad?
    /// The controller does not know the edition's feature set: it builds the rule and the ALB API rejects it, which fails the synchronisation of the whole ALB, so no Ingress of the AlbConfig is updated. Reusing a Basic instance fails outright: the controller refuses it with "LoadBalancer Edition: Basic can't use for ingress controller".
    ///
    /// ## Example
    /// ```yaml
    /// # AlbConfig spec.config.edition: Basic
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/ssl-redirect: "true"
    ///     alb.ingress.kubernetes.io/canary-by-cookie: beta
    /// ```
    ///
    /// ## Fix
    /// Use `edition: Standard` (the default) for ALBs that Ingresses drive, or drop the feature from the Ingress. A Basic edition cannot be upgraded in place by the controller: create a Standard ALB and move the Ingresses to it.
    pub RULE { code: "ALB602", name: "basic-edition-unsupported-feature", severity: Error, blocks_group: true }
}

/// Whether the Basic limitation is documented, or assumed until confirmed.
const DOCUMENTED: &str = "the ALB docs list it as a Standard feature";
const ASSUMED: &str = "assumed Standard-only until the Basic feature list is confirmed";

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let infos: BTreeMap<usize, &IngressInfo<'_>> =
        ctx.ingresses.iter().map(|i| (i.index, i)).collect();
    for (config_index, config) in ctx.manifest.alb_configs.iter().enumerate() {
        if Edition::of(config) != Edition::Basic {
            continue;
        }
        let edition_span = config
            .config
            .edition
            .as_ref()
            .map_or(config.meta.name.span, |e| e.span);
        if let Some(id) = config
            .config
            .id
            .as_ref()
            .filter(|id| !id.value.trim().is_empty())
        {
            out.push(
                ctx.report(
                    &RULE,
                    edition_span,
                    None,
                    format!(
                        "AlbConfig `{}` reuses ALB `{}` as a Basic instance: the controller refuses Basic ALBs (\"can't use for ingress controller\")",
                        config.meta.name.value, id.value
                    ),
                )
                .with_object(config.meta.display())
                .with_label("Basic")
                .with_related(id.span, "the reused ALB")
                .with_help("reuse a Standard or StandardWithWaf ALB, or remove `id` to let the controller create a Standard one"),
            );
        }
        for group in ctx
            .table
            .groups
            .iter()
            .filter(|g| g.alb_config == Some(config_index))
        {
            // Which Ingresses have rules, and whether any of them is on a port other than 443
            // (where ssl-redirect turns rules into redirects).
            let mut placed: BTreeMap<usize, bool> = BTreeMap::new();
            for listener in &group.listeners {
                for rule in &listener.rules {
                    *placed.entry(rule.ingress).or_default() |= listener.key.port != 443;
                }
            }
            for member in &group.members {
                let (Some(info), Some(&redirects)) =
                    (infos.get(&member.ingress), placed.get(&member.ingress))
                else {
                    continue;
                };
                for (span, features) in unsupported(info, redirects) {
                    let documented = features.iter().any(|(_, d)| *d);
                    let names: Vec<&str> = features.iter().map(|(n, _)| *n).collect();
                    out.push(
                        ctx.report(
                            &RULE,
                            span,
                            Some(info.ingress),
                            format!(
                                "AlbConfig `{}` is a Basic ALB, which does not support {}",
                                config.meta.name.value,
                                names.join(", ")
                            ),
                        )
                        .with_label("needs a Standard ALB")
                        .with_related(edition_span, "edition Basic")
                        .with_help(format!(
                            "the ALB API rejects the rule and the whole ALB stops syncing ({}); use `edition: Standard`, or remove this annotation",
                            if documented { DOCUMENTED } else { ASSUMED }
                        )),
                    );
                }
            }
        }
    }
}

/// The Standard-only features an Ingress uses, by the annotation that asks for them:
/// `(value span, [(feature, documented)])`.
fn unsupported(info: &IngressInfo<'_>, redirects: bool) -> Vec<(Span, Vec<(&'static str, bool)>)> {
    let a = &info.annotations;
    let mut found: BTreeMap<Span, BTreeSet<(&'static str, bool)>> = BTreeMap::new();
    let mut add = |name: &str, feature: &'static str, documented: bool| {
        if let Some(source) = a.source(name) {
            found
                .entry(source.value_span)
                .or_default()
                .insert((feature, documented));
        }
    };
    if a.canary.enabled && a.canary.by_cookie.is_some() && !a.canary.is_dropped() {
        add("canary-by-cookie", "Cookie conditions", true);
    }
    if a.rewrite_target.is_some() {
        add("rewrite-target", "Rewrite actions", true);
    }
    if a.ssl_redirect && redirects {
        add("ssl-redirect", "Redirect actions", true);
    }
    if a.traffic_limit_qps.is_some() {
        add("traffic-limit-qps", "TrafficLimit actions", false);
    }
    if a.traffic_limit_ip_qps.is_some() {
        add("traffic-limit-ip-qps", "TrafficLimit actions", false);
    }
    if a.cors.is_some() {
        add("enable-cors", "Cors actions", false);
    }
    let services: BTreeSet<&str> = info
        .ingress
        .rules
        .iter()
        .flat_map(|r| r.paths.iter().flatten())
        .filter_map(|p| p.backend.as_ref()?.service.as_ref())
        .map(|s| s.name.value.as_str())
        .collect();
    for svc in services {
        for c in a.conditions.get(svc).into_iter().flatten() {
            let feature = match c {
                Condition::Cookie { .. } => Some(("Cookie conditions", true)),
                Condition::SourceIp { .. } => Some(("SourceIp conditions", false)),
                Condition::ResponseHeader { .. } => Some(("ResponseHeader conditions", false)),
                Condition::ResponseStatusCode { .. } => {
                    Some(("ResponseStatusCode conditions", false))
                }
                _ => None,
            };
            if let Some((feature, documented)) = feature {
                add(&format!("conditions.{svc}"), feature, documented);
            }
        }
        for action in a.actions.get(svc).into_iter().flatten() {
            let feature = match action {
                Action::Redirect(_) => Some(("Redirect actions", true)),
                Action::Rewrite { .. } => Some(("Rewrite actions", true)),
                Action::InsertHeader { .. } => Some(("InsertHeader actions", false)),
                Action::RemoveHeader { .. } => Some(("RemoveHeader actions", false)),
                Action::TrafficLimit { .. } => Some(("TrafficLimit actions", false)),
                Action::TrafficMirror { .. } => Some(("TrafficMirror actions", false)),
                Action::Cors(_) => Some(("Cors actions", false)),
                Action::ForwardGroup { .. } | Action::FixedResponse { .. } => None,
            };
            if let Some((feature, documented)) = feature {
                add(&format!("actions.{svc}"), feature, documented);
            }
        }
    }
    found
        .into_iter()
        .map(|(span, features)| (span, features.into_iter().collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB602",
            include_str!("../../../../../testdata/lint/ALB602.yaml"),
        );
    }
}
