//! ALB301 service-not-found.
//!
//! Also home of the helpers the other backend rules share.

use std::collections::BTreeSet;

use crate::annotations::levenshtein;
use crate::annotations::{Action, ServerGroupRef};
use crate::diagnostic::Diagnostic;
use crate::lint::{IngressInfo, LintContext, declare_rule};
use crate::manifest::{HttpPath, Manifest, PortRef, Service, ServiceBackend};

declare_rule! {
    /// ## What it does
    /// Flags a path backend, or a `ForwardGroup` server group in `actions.<svc>`, naming a Service that does not exist in the Ingress's namespace. It runs only when at least one Service is among the inputs, so linting Ingresses alone stays quiet. A backend with `port.name: use-annotation` is not checked (its Service name only selects the `actions.<svc>` annotation; the controller forwards nowhere by it); the Services of that annotation's `ForwardGroup` are.
    ///
    /// ## Why is this bad?
    /// The controller does not reject a missing Service: it creates the server group `<namespace>-<service>-<port>` anyway, with no backends (`IsServiceNotFound`). The rule is created and matching requests are answered by the ALB with 503. Usually the name has a typo, or the Service lives in another namespace (an Ingress can only reach Services in its own).
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - path: /
    ///             pathType: Prefix
    ///             backend:
    ///               service:
    ///                 name: web-svc   # the Service is called `web`
    ///                 port: {number: 80}
    /// ```
    ///
    /// ## Fix
    /// Name a Service of the Ingress's namespace, or create the Service (and include it in the linted files).
    pub RULE { code: "ALB301", name: "service-not-found", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.manifest.services.is_empty() {
        return;
    }
    for info in &ctx.ingresses {
        let namespace = info.ingress.meta.namespace();
        let missing = |name: &str| find_service(ctx.manifest, namespace, name).is_none();
        let help = |name: &str| {
            let here = ctx
                .manifest
                .services
                .iter()
                .filter(|s| s.meta.namespace() == namespace)
                .map(|s| s.meta.name.value.as_str());
            let elsewhere: Vec<String> = ctx
                .manifest
                .services
                .iter()
                .filter(|s| s.meta.name.value == name)
                .map(|s| s.meta.namespace().to_string())
                .collect();
            match (closest(name, here), elsewhere.first()) {
                (Some(similar), _) => format!("did you mean `{similar}`? The controller creates the server group without backends, so matching requests get 503"),
                (None, Some(other)) => format!("a Service `{name}` exists in namespace `{other}`, but an Ingress reaches only Services of its own namespace (`{namespace}`)"),
                (None, None) => "create the Service, or fix the name: the controller creates the server group without backends, so matching requests get 503".to_string(),
            }
        };
        for (_, service) in service_backends(info) {
            if uses_annotation(service) || !missing(&service.name.value) {
                continue;
            }
            out.push(
                ctx.report(
                    &RULE,
                    service.name.span,
                    Some(info.ingress),
                    format!(
                        "Service `{}` does not exist in namespace `{namespace}`",
                        service.name.value
                    ),
                )
                .with_label("no such Service")
                .with_help(help(&service.name.value)),
            );
        }
        for (svc, name, _port, span) in forward_group_services(info) {
            if !missing(name) {
                continue;
            }
            out.push(
                ctx.report(
                    &RULE,
                    span,
                    Some(info.ingress),
                    format!(
                        "`actions.{svc}` forwards to Service `{name}`, which does not exist in namespace `{namespace}`"
                    ),
                )
                .with_label("no such Service")
                .with_help(help(name)),
            );
        }
    }
}

/// The Service `name` in `namespace`, among the inputs.
pub(crate) fn find_service<'m>(
    manifest: &'m Manifest,
    namespace: &str,
    name: &str,
) -> Option<&'m Service> {
    manifest
        .services
        .iter()
        .find(|s| s.meta.name.value == name && s.meta.namespace() == namespace)
}

/// `port: {name: use-annotation}`: the backend only selects `actions.<svc>`.
pub(crate) fn uses_annotation(service: &ServiceBackend) -> bool {
    matches!(&service.port, Some(PortRef::Name(n)) if n.value == "use-annotation")
}

/// Every path of the Ingress with a Service backend, in order.
pub(crate) fn service_backends<'m>(
    info: &IngressInfo<'m>,
) -> impl Iterator<Item = (&'m HttpPath, &'m ServiceBackend)> + 'm {
    info.ingress
        .rules
        .iter()
        .flat_map(|r| r.paths.iter().flatten())
        .filter_map(|p| Some((p, p.backend.as_ref()?.service.as_ref()?)))
}

/// The Services of `ForwardGroup` actions in `actions.<svc>` for Services the paths use:
/// `(svc, service name, service port, annotation value span)`.
pub(crate) fn forward_group_services<'a>(
    info: &'a IngressInfo<'_>,
) -> Vec<(&'a str, &'a str, i64, crate::source::Span)> {
    let used: BTreeSet<&str> = service_backends(info)
        .map(|(_, s)| s.name.value.as_str())
        .collect();
    let mut found = Vec::new();
    for (svc, actions) in &info.annotations.actions {
        if !used.contains(svc.as_str()) {
            continue;
        }
        let Some(source) = info.annotations.source(&format!("actions.{svc}")) else {
            continue;
        };
        for action in actions {
            let Action::ForwardGroup { server_groups } = action else {
                continue;
            };
            for group in server_groups {
                if let ServerGroupRef::Service { name, port } = &group.target {
                    found.push((svc.as_str(), name.as_str(), *port, source.value_span));
                }
            }
        }
    }
    found
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .filter(|c| *c != name)
        .map(|c| (levenshtein(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;
    use super::closest;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB301",
            include_str!("../../../../../testdata/lint/ALB301.yaml"),
        );
    }

    #[test]
    fn quiet_when_no_service_is_among_the_inputs() {
        let text = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: default}
spec:
  ingressClassName: alb
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
";
        assert!(super::super::testing::lint_lines("ALB301", text).is_empty());
    }

    #[test]
    fn typos_find_their_name() {
        assert_eq!(closest("web-svc", ["web", "api"].into_iter()), None);
        assert_eq!(closest("wbe", ["web", "api"].into_iter()), Some("web"));
        assert_eq!(
            closest("checkout", ["chekout", "cart"].into_iter()),
            Some("chekout")
        );
    }
}
