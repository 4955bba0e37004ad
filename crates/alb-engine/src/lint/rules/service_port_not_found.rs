//! ALB302 service-port-not-found.

use super::service_not_found::{find_service, forward_group_services, service_backends};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::manifest::{IntOrString, PortRef, Service};

declare_rule! {
    /// ## What it does
    /// Flags a path backend's `port.number`, or a `servicePort` of a `ForwardGroup` in `actions.<svc>`, that is not one of the `spec.ports[].port` of the Service it names, when that Service is among the inputs.
    ///
    /// ## Why is this bad?
    /// The controller makes one server group per Service port the Ingress names and fills it with the endpoints of that Service port. A number the Service does not expose (often the container's `targetPort`) gives a server group with no backends: the rule exists and every matching request gets 503 from the ALB.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata: {name: web}
    /// spec:
    ///   ports:
    ///     - {name: http, port: 80, targetPort: 8080}
    /// ---
    /// kind: Ingress
    /// spec:
    ///   rules:
    ///     - http:
    ///         paths:
    ///           - path: /
    ///             pathType: Prefix
    ///             backend: {service: {name: web, port: {number: 8080}}}   # the Service port is 80
    /// ```
    ///
    /// ## Fix
    /// Use the Service's `port` (not its `targetPort` or the container port), or add the port to the Service.
    pub RULE { code: "ALB302", name: "service-port-not-found", severity: Error, blocks_group: false }
}

fn ports_text(service: &Service) -> String {
    let ports: Vec<String> = service
        .ports
        .iter()
        .map(|p| match &p.name {
            Some(name) => format!("{} ({})", p.port.value, name.value),
            None => p.port.value.to_string(),
        })
        .collect();
    if ports.is_empty() {
        "no ports".to_string()
    } else {
        format!("port {}", ports.join(", "))
    }
}

fn help(service: &Service, number: i64) -> String {
    let by_target = service
        .ports
        .iter()
        .find(|p| matches!(&p.target_port, Some(IntOrString::Int(t)) if t.value == number));
    match by_target {
        Some(p) => format!(
            "{number} is the targetPort of Service port {}: an Ingress names the Service port, so use `number: {}`",
            p.port.value, p.port.value
        ),
        None => "use one of the Service's ports, or add this one: the server group gets no backends and matching requests get 503".to_string(),
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let namespace = info.ingress.meta.namespace();
        let lacks =
            |service: &Service, number: i64| !service.ports.iter().any(|p| p.port.value == number);
        for (_, backend) in service_backends(info) {
            let Some(PortRef::Number(number)) = &backend.port else {
                continue;
            };
            let Some(service) = find_service(ctx.manifest, namespace, &backend.name.value) else {
                continue;
            };
            if !lacks(service, number.value) {
                continue;
            }
            out.push(
                ctx.report(
                    &RULE,
                    number.span,
                    Some(info.ingress),
                    format!(
                        "Service `{}` has no port {}; it has {}",
                        backend.name.value,
                        number.value,
                        ports_text(service)
                    ),
                )
                .with_label("no such Service port")
                .with_related(service.meta.name.span, "the Service")
                .with_help(help(service, number.value)),
            );
        }
        for (svc, name, port, span) in forward_group_services(info) {
            let Some(service) = find_service(ctx.manifest, namespace, name) else {
                continue;
            };
            if !lacks(service, port) {
                continue;
            }
            out.push(
                ctx.report(
                    &RULE,
                    span,
                    Some(info.ingress),
                    format!(
                        "`actions.{svc}` forwards to port {port} of Service `{name}`, which has {}",
                        ports_text(service)
                    ),
                )
                .with_label("no such Service port")
                .with_related(service.meta.name.span, "the Service")
                .with_help(help(service, port)),
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
            "ALB302",
            include_str!("../../../../../testdata/lint/ALB302.yaml"),
        );
    }
}
