//! ALB604 listener-never-gets-rules.

use crate::compile::Protocol;
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::manifest::IntOrString;

declare_rule! {
    /// ## What it does
    /// Flags an AlbConfig listener written without a port (or with port 0), or without a protocol, or with a protocol that is not exactly `HTTP`, `HTTPS` or `QUIC`.
    ///
    /// ## Why is this bad?
    /// The controller builds rules only for the (port, protocol) pairs an Ingress asks for that also appear in `spec.listeners`, and it looks them up by the listener's **raw** `port` and `protocol`. Only when the listener itself is created are port 0 defaulted to 80 and an empty protocol to HTTP. So such a listener exists on the ALB, answers with its default action (an empty server group: 503), and never receives a single rule: every Ingress asking for 80/HTTP is silently skipped on it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: alibabacloud.com/v1
    /// kind: AlbConfig
    /// metadata:
    ///   name: alb
    /// spec:
    ///   listeners:
    ///     - port: 80        # no protocol: the listener is HTTP but gets no rules
    ///     - protocol: HTTPS # no port
    /// ```
    ///
    /// ## Fix
    /// Write both fields explicitly, with the protocol in upper case: `{port: 80, protocol: HTTP}`, `{port: 443, protocol: HTTPS}`.
    pub RULE { code: "ALB604", name: "listener-never-gets-rules", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    const BOTH: &str = "write both fields explicitly, e.g. `port: 80` and `protocol: HTTP` (port 0 becomes 80 and an empty protocol HTTP only when the listener itself is built)";
    for config in &ctx.manifest.alb_configs {
        for listener in &config.listeners {
            let port_problem = match &listener.port {
                None => Some((listener.span, "has no `port`".to_string())),
                Some(IntOrString::Int(n)) if n.value == 0 => {
                    Some((n.span, "has port 0".to_string()))
                }
                Some(IntOrString::String(s)) if s.value.trim().parse::<i64>().ok() == Some(0) => {
                    Some((s.span, "has port 0".to_string()))
                }
                Some(_) => None,
            };
            let protocol_problem = match &listener.protocol {
                None => Some((
                    listener.span,
                    "has no `protocol`".to_string(),
                    BOTH.to_string(),
                )),
                Some(p) if p.value.is_empty() => Some((
                    p.span,
                    "has an empty `protocol`".to_string(),
                    BOTH.to_string(),
                )),
                Some(p) if Protocol::parse(&p.value).is_none() => Some((
                    p.span,
                    format!(
                        "has protocol `{}`, not exactly HTTP, HTTPS or QUIC",
                        p.value
                    ),
                    match Protocol::parse(&p.value.trim().to_ascii_uppercase()) {
                        Some(fixed) => {
                            format!("write `{}`: the protocol is case-sensitive", fixed.as_str())
                        }
                        None => "use HTTP, HTTPS or QUIC".to_string(),
                    },
                )),
                Some(_) => None,
            };
            let (span, problem, help) = match (port_problem, protocol_problem) {
                (Some((span, problem)), _) => (span, problem, BOTH.to_string()),
                (None, Some(found)) => found,
                (None, None) => continue,
            };
            out.push(
                ctx.report(
                    &RULE,
                    span,
                    None,
                    format!(
                        "this listener of AlbConfig `{}` {problem}: the controller matches Ingresses against the raw port and protocol, so the listener is created but never receives a rule",
                        config.meta.name.value
                    ),
                )
                .with_object(config.meta.display())
                .with_label("never matches an Ingress")
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
            "ALB604",
            include_str!("../../../../../testdata/lint/ALB604.yaml"),
        );
    }
}
