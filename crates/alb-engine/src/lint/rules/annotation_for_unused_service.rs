//! ALB305 annotation-for-unused-service.

use std::collections::BTreeSet;

use super::service_not_found::{closest, service_backends};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a `conditions.<svc>`, `actions.<svc>` or `rule-direction.<svc>` annotation whose `<svc>` is not the `backend.service.name` of any path of the same Ingress.
    ///
    /// ## Why is this bad?
    /// The controller looks these annotations up per path, by the exact name of the path's backend Service. A key naming any other Service is never read, and nothing reports it: the custom conditions or actions silently do not exist. Typical causes are a typo, a Service renamed in the paths but not in the annotation, or the annotation put on a different Ingress than the path (it must be on the same one). A `spec.defaultBackend` Service does not count: the controller builds no rule from it.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/conditions.web-svc: |   # the path's Service is `web`
    ///       [{"type": "Header", "headerConfig": {"key": "x-beta", "values": ["on"]}}]
    /// spec:
    ///   rules:
    ///     - http:
    ///         paths:
    ///           - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
    /// ```
    ///
    /// ## Fix
    /// Rename the key's suffix to the `backend.service.name` of the path it is meant for, or remove the annotation.
    pub RULE { code: "ALB305", name: "annotation-for-unused-service", severity: Warning, blocks_group: false }
}

const PER_SERVICE: [&str; 3] = ["conditions.", "actions.", "rule-direction."];

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let used: BTreeSet<&str> = service_backends(info)
            .map(|(_, s)| s.name.value.as_str())
            .collect();
        for (name, source) in &info.annotations.sources {
            let Some(svc) = PER_SERVICE
                .iter()
                .find_map(|prefix| name.strip_prefix(prefix))
            else {
                continue;
            };
            if used.contains(svc) {
                continue;
            }
            let listed: Vec<String> = used.iter().map(|s| format!("`{s}`")).collect();
            let help = match closest(svc, used.iter().copied()) {
                Some(similar) => format!("did you mean `{similar}`? The suffix must be the `backend.service.name` of a path of this Ingress"),
                None if listed.is_empty() => "this Ingress has no path with a Service backend; put the annotation on the Ingress whose path uses the Service".to_string(),
                None => format!(
                    "the suffix must be the `backend.service.name` of a path of this Ingress: {}",
                    listed.join(", ")
                ),
            };
            out.push(
                ctx.report(
                    &RULE,
                    source.key.span,
                    Some(info.ingress),
                    format!(
                        "`{}` is for Service `{svc}`, which no path of this Ingress uses: the controller never reads it",
                        source.key.value
                    ),
                )
                .with_label("never read")
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
            "ALB305",
            include_str!("../../../../../testdata/lint/ALB305.yaml"),
        );
    }
}
