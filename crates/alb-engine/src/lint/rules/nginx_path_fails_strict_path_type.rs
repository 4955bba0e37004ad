//! ALB704 nginx-path-fails-strict-path-type.

use crate::diagnostic::Diagnostic;
use crate::lint::nginx::fails_strict_path_type;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a path of an ingress-nginx Ingress whose `pathType` is `Exact` or `Prefix` and which is not plain: anything but a `/` followed by letters, digits, `.`, `_`, `-` and `/`. Regex paths (`/api/(.*)`, `/.*\.png`), spaces, `~`, `%` and non-ASCII letters all fail.
    ///
    /// ## Why is this bad?
    /// ingress-nginx's ConfigMap key `strict-validate-path-type` is true by default: every path whose type is not `ImplementationSpecific` must match `^/[[:alnum:]._\-/]*$`, or the admission webhook denies the Ingress ("ingress contains invalid paths: path /api/(.*) cannot be used with pathType Prefix") and `kubectl apply` fails. Regex paths must be `ImplementationSpecific`.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/use-regex: "true"
    /// spec:
    ///   rules:
    ///     - http:
    ///         paths:
    ///           - {path: "/api/(.*)", pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
    /// ```
    ///
    /// ## Fix
    /// Give regex paths `pathType: ImplementationSpecific` (with `use-regex: "true"` or a `rewrite-target`), and write other paths without regex or special characters.
    pub RULE { code: "ALB704", name: "nginx-path-fails-strict-path-type", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.nginx {
        for path in info
            .ingress
            .rules
            .iter()
            .flat_map(|r| r.paths.iter().flatten())
        {
            if !fails_strict_path_type(path) {
                continue;
            }
            let (Some(written), Some(path_type)) = (&path.path, &path.path_type) else {
                continue;
            };
            out.push(
                ctx.report(
                    &RULE,
                    written.span,
                    Some(info.ingress),
                    format!(
                        "ingress-nginx's admission webhook rejects the Ingress: path `{}` cannot be used with pathType {} (`strict-validate-path-type`, on by default, allows only `/` followed by letters, digits, `.`, `_`, `-` and `/` outside ImplementationSpecific)",
                        written.value,
                        path_type.value.as_str()
                    ),
                )
                .with_label("not a plain path")
                .with_help(
                    "a regex path needs `pathType: ImplementationSpecific` (and `use-regex: \"true\"` or a `rewrite-target`); otherwise write the path without special characters",
                ),
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
            "ALB704",
            include_str!("../../../../../testdata/lint/ALB704.yaml"),
        );
    }
}
