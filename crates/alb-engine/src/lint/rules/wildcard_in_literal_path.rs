//! ALB201 wildcard-in-literal-path.

use super::canary_without_main_rule::paths;
use super::path_not_absolute::{api_problem, builds_rules};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::manifest::PathType;

declare_rule! {
    /// ## What it does
    /// Flags `*` or `?` in an `Exact` path, or in a `Prefix` path that is not in regex mode.
    ///
    /// ## Why is this bad?
    /// The controller turns a Prefix path `/foo` into the ALB patterns `/foo` and `/foo/*` and an Exact path into itself, and refuses wildcards in both: "prefix path shouldn't contain wildcards" / "exact path shouldn't contain wildcards". That is a model-build error, and a build error in one Ingress stops the reconcile of the whole AlbConfig: no Ingress on that ALB is updated. `/api/*` is the common case, written by habit from ALB's own wildcard syntax or from AWS.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   - path: /api/*
    ///     pathType: Prefix
    ///     backend: {service: {name: api, port: {number: 80}}}
    /// ```
    ///
    /// ## Fix
    /// For "this path and everything below it" write the Prefix path without the wildcard (`/api`): the controller adds `/api/*` itself. For an ALB wildcard pattern use `pathType: ImplementationSpecific`, which is passed to ALB verbatim. For a regex, set `alb.ingress.kubernetes.io/use-regex: "true"` on the Ingress so its Prefix paths become regexes.
    pub RULE { code: "ALB201", name: "wildcard-in-literal-path", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in ctx.ingresses.iter().filter(|i| builds_rules(i)) {
        for p in paths(info.ingress) {
            let path = p.path.path();
            if api_problem(p.path).is_some() {
                continue; // ALB207: the API server refuses it first
            }
            let kind = match p.path.path_type() {
                PathType::Prefix if path != "/" && !info.annotations.prefix_path_is_regex(path) => {
                    "prefix"
                }
                PathType::Exact => "exact",
                _ => continue,
            };
            let mut wildcards: Vec<char> =
                path.chars().filter(|c| matches!(c, '*' | '?')).collect();
            if wildcards.is_empty() {
                continue;
            }
            wildcards.dedup();
            let shown: Vec<String> = wildcards.iter().map(|c| format!("`{c}`")).collect();
            let stripped = path.trim_end_matches(['*', '/']);
            let help = if kind == "prefix" && !stripped.is_empty() && !stripped.contains(['*', '?'])
            {
                format!(
                    "a Prefix path already matches itself and everything below it: write `{stripped}` (the controller adds `{stripped}/*`)"
                )
            } else if kind == "prefix" {
                "for an ALB wildcard pattern use `pathType: ImplementationSpecific` (passed verbatim); for a regex set `alb.ingress.kubernetes.io/use-regex: \"true\"`".to_string()
            } else {
                "for an ALB wildcard pattern use `pathType: ImplementationSpecific`, which is passed to ALB verbatim".to_string()
            };
            out.push(
                ctx.report(
                    &RULE,
                    p.span(),
                    Some(info.ingress),
                    format!(
                        "{} path `{path}` contains {}: the controller rejects wildcards in {} paths (\"{kind} path shouldn't contain wildcards\") and the AlbConfig's build fails",
                        p.path.path_type().as_str(),
                        shown.join(" and "),
                        p.path.path_type().as_str(),
                    ),
                )
                .with_label("wildcard in a literal path")
                .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};

    #[test]
    fn wildcards_in_prefix_paths_unless_regex() {
        assert_eq!(
            lint_lines("ALB201", &ingress("a", &[], "", "/api/*")).len(),
            1
        );
        assert!(lint_lines("ALB201", &ingress("a", &[], "", "/api")).is_empty());
        assert!(
            lint_lines(
                "ALB201",
                &ingress("a", &[("use-regex", "true")], "", "/api/.*")
            )
            .is_empty()
        );
        // A weight canary's paths are only keys: the controller builds nothing from them.
        assert!(
            lint_lines(
                "ALB201",
                &ingress(
                    "a",
                    &[("canary", "true"), ("canary-weight", "5")],
                    "",
                    "/api/*"
                )
            )
            .is_empty()
        );
    }
}
