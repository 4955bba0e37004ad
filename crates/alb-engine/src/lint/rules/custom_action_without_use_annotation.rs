//! ALB304 custom-action-without-use-annotation.

use std::collections::{BTreeMap, BTreeSet};

use super::shadowed_rule::rule_id;
use crate::diagnostic::Diagnostic;
use crate::lint::{IngressInfo, LintContext, declare_rule};
use crate::manifest::PortRef;

declare_rule! {
    /// ## What it does
    /// Flags a path whose ALB rule would not have exactly one final action because `actions.<svc>` and the backend port disagree:
    ///
    /// - `actions.<svc>` has a final action (`ForwardGroup`, `Redirect` or `FixedResponse`) but the path's backend port is not `name: use-annotation`;
    /// - the backend port is `name: use-annotation` but `actions.<svc>` is missing or has no final action.
    ///
    /// Listeners where `ssl-redirect` turns the rule into a redirect are exempt (the controller replaces the actions there), so a path is only reported when some listener builds it normally.
    ///
    /// ## Why is this bad?
    /// The controller always appends a forward to the path's Service **unless** the backend port name is `use-annotation`. With a custom final action as well, the rule has two, and the AlbConfig's whole model build fails ("multi finalType action find"): no Ingress on that ALB is updated. With `use-annotation` and no custom final action, the rule is sent with no final action at all, which the ALB API rejects, failing the ALB's synchronisation.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/actions.maintenance: |
    ///       [{"type": "FixedResponse", "FixedResponseConfig": {"contentType": "text/plain", "httpCode": "503", "content": "down"}}]
    /// spec:
    ///   rules:
    ///     - http:
    ///         paths:
    ///           - path: /
    ///             pathType: Prefix
    ///             backend:
    ///               service:
    ///                 name: maintenance
    ///                 port: {number: 80}   # must be {name: use-annotation}
    /// ```
    ///
    /// ## Fix
    /// Give a path whose `actions.<svc>` ends in a forward, redirect or fixed response the backend `port: {name: use-annotation}`; give a `use-annotation` path an `actions.<svc>` with exactly one final action (for a plain forward, a `ForwardGroup` to the Service and port).
    pub RULE { code: "ALB304", name: "custom-action-without-use-annotation", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let infos: BTreeMap<usize, &IngressInfo<'_>> =
        ctx.ingresses.iter().map(|i| (i.index, i)).collect();
    let mut seen = BTreeSet::new();
    for group in &ctx.table.groups {
        for listener in &group.listeners {
            for rule in &listener.rules {
                let Some(info) = infos.get(&rule.ingress) else {
                    continue;
                };
                // §6.4: on these listeners the controller replaces the actions with a redirect
                // before it checks the final actions.
                let redirected = info.annotations.ssl_redirect && listener.key.port != 443;
                if redirected || !seen.insert(rule_id(rule)) {
                    continue;
                }
                let Some(backend) = info
                    .ingress
                    .rules
                    .get(rule.rule_index)
                    .and_then(|r| r.paths.as_ref()?.get(rule.path_index))
                    .and_then(|p| p.backend.as_ref())
                else {
                    continue;
                };
                let Some(service) = &backend.service else {
                    continue;
                };
                let svc = service.name.value.as_str();
                let uses_annotation =
                    matches!(&service.port, Some(PortRef::Name(n)) if n.value == "use-annotation");
                let port_span = service.port.as_ref().map_or(backend.span, PortRef::span);
                let key = format!("actions.{svc}");
                let source = info.annotations.source(&key);
                let custom: Vec<&str> = info
                    .annotations
                    .actions
                    .get(svc)
                    .into_iter()
                    .flatten()
                    .filter(|a| a.is_final())
                    .map(|a| a.type_name())
                    .collect();
                if !uses_annotation && !custom.is_empty() {
                    let mut d = ctx
                        .report(
                            &RULE,
                            port_span,
                            Some(info.ingress),
                            format!(
                                "`{key}` ends in a {} action, but this backend's port is not `name: use-annotation`, so the controller adds its own forward to `{svc}` as well: two final actions fail the AlbConfig's build",
                                custom.join(" and ")
                            ),
                        )
                        .with_label("needs `name: use-annotation`")
                        .with_help("set `port: {name: use-annotation}` on this backend so that only the annotation's action ends the rule");
                    if let Some(source) = source {
                        d = d.with_related(source.value_span, "the custom final action");
                    }
                    out.push(d);
                } else if uses_annotation && custom.is_empty() {
                    let why = if source.is_some() {
                        format!("`{key}` has no ForwardGroup, Redirect or FixedResponse")
                    } else {
                        format!("there is no `{key}` annotation")
                    };
                    let mut d = ctx
                        .report(
                            &RULE,
                            port_span,
                            Some(info.ingress),
                            format!(
                                "this backend uses `port.name: use-annotation`, but {why}: the rule gets no final action, which the ALB API rejects"
                            ),
                        )
                        .with_label("no final action")
                        .with_help(format!(
                            "add a ForwardGroup, Redirect or FixedResponse to `alb.ingress.kubernetes.io/{key}`, or give the backend a port number"
                        ));
                    if let Some(source) = source {
                        d = d.with_related(source.value_span, "no final action here");
                    }
                    out.push(d);
                }
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
            "ALB304",
            include_str!("../../../../../testdata/lint/ALB304.yaml"),
        );
    }
}
