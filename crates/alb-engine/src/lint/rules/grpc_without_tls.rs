//! ALB306 grpc-without-tls.

use super::service_not_found::{service_backends, uses_annotation};
use crate::annotations::{BackendProtocol, ListenProtocol};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `alb.ingress.kubernetes.io/backend-protocol: grpc` on an Ingress without `spec.tls`, or whose `listen-ports` has an entry other than HTTPS, except `{"HTTP": 80}` together with `ssl-redirect: "true"`.
    ///
    /// ## Why is this bad?
    /// gRPC through ALB needs a TLS listener, and the controller enforces it when it builds the Ingress's server groups (`checkIngressProtocolAnnotations`): "'grpc' backend protocol must be use with TLS listener(Ingress.Spec.TLS)" when `spec.tls` is empty, and "must be use TLS listener only or redirect to" for an HTTP entry in `listen-ports` (a QUIC entry is rejected too). It is a build error: no Ingress on the AlbConfig's ALB is updated until it is fixed.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/backend-protocol: grpc
    ///     alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'
    /// spec:
    ///   rules:
    ///     - host: grpc.example.com
    ///       ...
    /// ```
    ///
    /// ## Fix
    /// Add `spec.tls` with the gRPC hosts (and a certificate), and list only HTTPS ports in `listen-ports`; to keep port 80, add `ssl-redirect: "true"` so it only redirects.
    pub RULE { code: "ALB306", name: "grpc-without-tls", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let a = &info.annotations;
        if a.backend_protocol != BackendProtocol::Grpc {
            continue;
        }
        // The check runs when the controller builds a server group for the Ingress.
        if !service_backends(info).any(|(_, s)| !uses_annotation(s)) {
            continue;
        }
        let Some(protocol) = a.source("backend-protocol") else {
            continue;
        };
        if info.ingress.tls.is_empty() {
            out.push(
                ctx.report(
                    &RULE,
                    protocol.value_span,
                    Some(info.ingress),
                    "backend-protocol `grpc` needs a TLS listener, but the Ingress has no `spec.tls`: the controller fails the AlbConfig's build",
                )
                .with_label("gRPC without TLS")
                .with_help("add `spec.tls` listing the gRPC hosts, so the Ingress is placed on 443/HTTPS"),
            );
            continue;
        }
        let (Some(ports), Some(source)) = (&a.listen_ports, a.source("listen-ports")) else {
            continue;
        };
        let bad: Vec<String> = ports
            .iter()
            .filter(|p| match p.protocol {
                ListenProtocol::Https => false,
                ListenProtocol::Http => !(p.port == 80 && a.ssl_redirect),
                ListenProtocol::Quic => true,
            })
            .map(|p| format!("{{\"{}\": {}}}", p.protocol.as_str(), p.port))
            .collect();
        if bad.is_empty() {
            continue;
        }
        out.push(
            ctx.report(
                &RULE,
                source.value_span,
                Some(info.ingress),
                format!(
                    "with backend-protocol `grpc`, `listen-ports` may list only HTTPS ports (and HTTP 80 with ssl-redirect), not {}: the controller fails the AlbConfig's build",
                    bad.join(", ")
                ),
            )
            .with_label("not a TLS listener")
            .with_related(protocol.value_span, "gRPC backend")
            .with_help("list only HTTPS ports; to keep port 80, use `{\"HTTP\": 80}` with `ssl-redirect: \"true\"` so it only redirects"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB306",
            include_str!("../../../../../testdata/lint/ALB306.yaml"),
        );
    }
}
