//! ALB303 named-service-port.

use super::service_not_found::{find_service, service_backends};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::manifest::PortRef;

declare_rule! {
    /// ## What it does
    /// Flags a path backend that names its Service port (`port: {name: http}`) instead of numbering it. The one name the ALB controller understands is `use-annotation`, which hands the path to `actions.<svc>`.
    ///
    /// ## Why is this bad?
    /// The controller reads only `backend.service.port.number`: a named port is never resolved against the Service, so the backend becomes port 0. The server group `<namespace>-<service>-0` gets no backends and every matching request is answered with 503. ingress-nginx resolves port names, so manifests migrated from it often carry them.
    ///
    /// ## Example
    /// ```yaml
    /// backend:
    ///   service:
    ///     name: web
    ///     port:
    ///       name: http
    /// ```
    ///
    /// ## Fix
    /// Use the Service port's number: `port: {number: 80}`. To hand the path to a custom action, the name must be exactly `use-annotation`.
    pub RULE { code: "ALB303", name: "named-service-port", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let namespace = info.ingress.meta.namespace();
        for (_, backend) in service_backends(info) {
            let Some(PortRef::Name(name)) = &backend.port else {
                continue;
            };
            if name.value == "use-annotation" {
                continue;
            }
            let help = if name.value.trim().eq_ignore_ascii_case("use-annotation") {
                "write `use-annotation` exactly, in lower case: only that name hands the path to `actions.<svc>`".to_string()
            } else {
                let number = find_service(ctx.manifest, namespace, &backend.name.value)
                    .and_then(|s| {
                        s.ports
                            .iter()
                            .find(|p| p.name.as_ref().is_some_and(|n| n.value == name.value))
                    })
                    .map(|p| p.port.value);
                match number {
                    Some(n) => format!(
                        "Service `{}` names port {n} `{}`: write `port: {{number: {n}}}`",
                        backend.name.value, name.value
                    ),
                    None => "write the Service port's number: `port: {number: 80}`".to_string(),
                }
            };
            out.push(
                ctx.report(
                    &RULE,
                    name.span,
                    Some(info.ingress),
                    format!(
                        "named port `{}`: the ALB controller reads only `port.number`, so this backend becomes port 0 and its server group gets no backends (503)",
                        name.value
                    ),
                )
                .with_label("not resolved")
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
            "ALB303",
            include_str!("../../../../../testdata/lint/ALB303.yaml"),
        );
    }
}
