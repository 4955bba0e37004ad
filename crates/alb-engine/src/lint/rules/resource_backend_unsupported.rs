//! ALB308 resource-backend-unsupported.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a path whose backend is a `resource:` (an object reference such as a StorageBucket) instead of a `service:`.
    ///
    /// ## Why is this bad?
    /// The ALB controller only forwards to Service server groups. It reads `backend.service.name` and `backend.service.port` of every path without checking that `service` is set (`buildRuleActions`, `buildRuleConditions`), so a resource backend is a nil-pointer dereference while it builds the AlbConfig's rules: the build panics (the reconciler recovers), and no Ingress on that ALB is updated. `alb` itself builds no rule for such a path.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   - path: /static
    ///     pathType: Prefix
    ///     backend:
    ///       resource:
    ///         apiGroup: k8s.example.com
    ///         kind: StorageBucket
    ///         name: static-assets
    /// ```
    ///
    /// ## Fix
    /// Point the path at a Service that serves the content. For static content from OSS, put a Service (e.g. an ExternalName or a proxy Deployment) in front of it, or serve it from a CDN outside the Ingress.
    pub RULE { code: "ALB308", name: "resource-backend-unsupported", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        for path in info
            .ingress
            .rules
            .iter()
            .flat_map(|r| r.paths.iter().flatten())
        {
            let Some(backend) = &path.backend else {
                continue;
            };
            if backend.service.is_some() {
                continue;
            }
            out.push(
                ctx.report(
                    &RULE,
                    backend.span,
                    Some(info.ingress),
                    "this backend names no Service: the ALB controller supports only `service:` backends and reads `backend.service` of every path unchecked, so a `resource:` backend crashes the AlbConfig's rule build",
                )
                .with_label("not a Service")
                .with_help("point the path at a Service (`backend: {service: {name, port: {number}}}`)"),
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
            "ALB308",
            include_str!("../../../../../testdata/lint/ALB308.yaml"),
        );
    }
}
