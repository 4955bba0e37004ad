//! ALB204 rewrite-replaces-whole-path.

use super::canary_without_main_rule::paths;
use super::path_not_absolute::{api_problem, builds_rules};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::manifest::PathType;

declare_rule! {
    /// ## What it does
    /// Flags a `rewrite-target` without capture variables (`/`, `/app`) on an Ingress with a Prefix path other than `/`.
    ///
    /// ## Why is this bad?
    /// ALB's Rewrite action replaces the whole path with the value; it strips no prefix. The ingress-nginx habit `rewrite-target: /` on path `/foo` therefore sends every request under `/foo` — `/foo/users/7`, `/foo/static/app.js` — to the backend as exactly `/`. On top of that, `rewrite-target` switches the Ingress's Prefix paths to regex mode: `/foo` becomes the case-insensitive regex `~*/foo`, which alb simulates as an unanchored search (so it also matches `/foobar`); ALB's real anchoring is unverified.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/rewrite-target: /
    /// spec:
    ///   rules:
    ///     - http:
    ///         paths:
    ///           - path: /foo
    ///             pathType: Prefix
    ///             backend: {service: {name: foo, port: {number: 80}}}
    /// ```
    ///
    /// ## Fix
    /// Capture what should survive and put it in the target: path `/foo(/|$)(.*)` with `rewrite-target: /${2}` turns `/foo/users/7` into `/users/7`. If every request really should reach one fixed path, keep it and ignore this warning for the Ingress with `alb.lint/ignore: ALB204`.
    pub RULE { code: "ALB204", name: "rewrite-replaces-whole-path", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in ctx.ingresses.iter().filter(|i| builds_rules(i)) {
        let a = &info.annotations;
        let Some(target) = &a.rewrite_target else {
            continue;
        };
        if target.value.contains("${") {
            continue;
        }
        for p in paths(info.ingress) {
            let path = p.path.path();
            if p.path.path_type() != PathType::Prefix
                || path.is_empty()
                || path == "/"
                || api_problem(p.path).is_some()
            {
                continue;
            }
            let literal = !path.contains([
                '(', ')', '[', ']', '{', '}', '^', '$', '+', '|', '\\', '.', '*', '?',
            ]);
            let example = if literal {
                format!(" (`{}/a/b` too)", path.trim_end_matches('/'))
            } else {
                String::new()
            };
            let regex = if a.prefix_path_is_regex(path) {
                format!("; the path is also matched as the regex `~*{path}`")
            } else {
                String::new()
            };
            let help = if literal {
                format!(
                    "to strip the prefix, capture the rest: path `{}(/|$)(.*)` with `rewrite-target: /${{2}}`",
                    path.trim_end_matches('/')
                )
            } else {
                "to keep part of the path, capture it in the regex and use `${1}`..`${3}` in the target".to_string()
            };
            out.push(
                ctx.report(
                    &RULE,
                    target.span,
                    Some(info.ingress),
                    format!(
                        "rewrite-target `{}` has no capture variables, so every request matched by Prefix path `{path}`{example} reaches the backend as exactly `{}`: ALB replaces the whole path and strips no prefix{regex}",
                        target.value, target.value
                    ),
                )
                .with_label("replaces the whole path")
                .with_related(p.span(), "Prefix path")
                .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};

    #[test]
    fn literal_target_on_prefix_path() {
        let rw = |t: &'static str| [("rewrite-target", t)];
        assert_eq!(
            lint_lines("ALB204", &ingress("a", &rw("/"), "", "/foo")).len(),
            1
        );
        assert!(lint_lines("ALB204", &ingress("a", &rw("/"), "", "/")).is_empty());
        assert!(lint_lines("ALB204", &ingress("a", &rw("/${2}"), "", "/foo(/|$)(.*)")).is_empty());
    }
}
