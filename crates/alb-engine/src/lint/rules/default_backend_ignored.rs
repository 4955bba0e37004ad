//! ALB307 default-backend-ignored.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::manifest::{Backend, PathType};

declare_rule! {
    /// ## What it does
    /// Flags `spec.defaultBackend` on an ALB Ingress, unless the Ingress already routes every path of every host to the same backend itself (a rule without host whose path is Prefix `/` or empty).
    ///
    /// ## Why is this bad?
    /// The ALB controller builds rules only from `spec.rules`; `spec.defaultBackend` is silently ignored. Requests no rule matches go to the listener's default action, a server group for the non-existent `kube-system/fake-svc`, and are answered with 503, not by the default backend as with ingress-nginx. The official `ingress2albconfig` migration tool turns a default backend into a catch-all rule for the same reason.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ingressClassName: alb
    ///   defaultBackend:
    ///     service: {name: fallback, port: {number: 80}}
    ///   rules:
    ///     - host: shop.example.com
    ///       ...
    /// ```
    ///
    /// ## Fix
    /// Add a catch-all rule (no `host`, `path: /`, `pathType: Prefix`) to the default Service, in its own Ingress with a high `alb.ingress.kubernetes.io/order` (such as `"1000"`) so that it comes after every other rule on the ALB, and remove `defaultBackend`.
    pub RULE { code: "ALB307", name: "default-backend-ignored", severity: Warning, blocks_group: false }
}

fn same_backend(a: &Backend, b: &Backend) -> bool {
    match (&a.service, &b.service) {
        (Some(a), Some(b)) => {
            a.name.value == b.name.value
                && a.port.as_ref().map(ToString::to_string)
                    == b.port.as_ref().map(ToString::to_string)
        }
        _ => false,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let Some(default) = &info.ingress.default_backend else {
            continue;
        };
        let covered = info
            .ingress
            .rules
            .iter()
            .filter(|r| r.host().is_empty())
            .flat_map(|r| r.paths.iter().flatten())
            .any(|p| {
                let catch_all =
                    p.path().is_empty() || (p.path() == "/" && p.path_type() == PathType::Prefix);
                catch_all && p.backend.as_ref().is_some_and(|b| same_backend(b, default))
            });
        if covered {
            continue;
        }
        out.push(
            ctx.report(
                &RULE,
                default.span,
                Some(info.ingress),
                "the ALB controller ignores `spec.defaultBackend`: requests no rule matches get the listener's default action (503), not this backend",
            )
            .with_label("ignored")
            .with_help("route it with a catch-all rule instead: no host, `path: /`, `pathType: Prefix`, in an Ingress with a high `alb.ingress.kubernetes.io/order` (e.g. \"1000\") so it is tried last"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB307",
            include_str!("../../../../../testdata/lint/ALB307.yaml"),
        );
    }
}
