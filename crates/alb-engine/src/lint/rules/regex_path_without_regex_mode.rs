//! ALB202 regex-path-without-regex-mode.

use std::collections::BTreeSet;

use super::canary_without_main_rule::paths;
use super::path_not_absolute::{api_problem, builds_rules, condition_path_values, path_regex};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::manifest::PathType;

declare_rule! {
    /// ## What it does
    /// Flags a path with regex syntax that the controller matches literally.
    ///
    /// The characters are `(`, `)`, `[`, `]`, `{`, `}`, `^`, `$`, `+`, `|` and `\`; literal paths are Exact and ImplementationSpecific paths, Prefix paths of an Ingress without `use-regex` / `rewrite-target`, and `conditions.<svc>` Path values without the `~*` prefix.
    ///
    /// ## Why is this bad?
    /// Only a Prefix path of an Ingress in regex mode becomes the ALB regex `~*<path>`. Everything else is matched literally, with `*` and `?` as the only wildcards: `/api/(v1|v2)` then matches a request for exactly `/api/(v1|v2)` and nothing a client would send, so traffic falls through to later rules or the listener's default (a 503). Nothing reports it: the rule is built and just never matches.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   - path: /api/(v1|v2)/.+
    ///     pathType: ImplementationSpecific
    ///     backend: {service: {name: api, port: {number: 80}}}
    /// ```
    ///
    /// ## Fix
    /// For a regex, use `pathType: Prefix` and set `alb.ingress.kubernetes.io/use-regex: "true"` on the Ingress (it switches every Prefix path except `/` to a `~*` regex, case-sensitive on ALB). In `conditions.<svc>` Path values, prefix a regex with `~*`. If the characters are meant literally, ignore this warning with `alb.lint/ignore: ALB202`.
    pub RULE { code: "ALB202", name: "regex-path-without-regex-mode", severity: Warning, blocks_group: false }
}

const REGEX_CHARS: &[char] = &['(', ')', '[', ']', '{', '}', '^', '$', '+', '|', '\\'];

fn regex_chars(text: &str) -> Vec<char> {
    let mut found: Vec<char> = Vec::new();
    for c in text.chars().filter(|c| REGEX_CHARS.contains(c)) {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    found
}

fn shown(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in ctx.ingresses.iter().filter(|i| builds_rules(i)) {
        let mut services = BTreeSet::new();
        for p in paths(info.ingress) {
            if let Some(service) = p.path.backend.as_ref().and_then(|b| b.service.as_ref()) {
                services.insert(service.name.value.as_str());
            }
            let path = p.path.path();
            let path_type = p.path.path_type();
            if api_problem(p.path).is_some() || path_regex(info, p.path).is_some() {
                continue;
            }
            // `*` / `?` in Prefix and Exact paths are build errors (ALB201): that comes first.
            if path_type != PathType::ImplementationSpecific && path.contains(['*', '?']) {
                continue;
            }
            let found = regex_chars(path);
            if found.is_empty() {
                continue;
            }
            let (how, help) = match path_type {
                PathType::Prefix => (
                    "ALB matches it as a literal prefix",
                    "set `alb.ingress.kubernetes.io/use-regex: \"true\"` on the Ingress to make its Prefix paths (except `/`) regexes",
                ),
                PathType::Exact => (
                    "ALB matches it literally, as an exact path",
                    "for a regex use `pathType: Prefix` with `alb.ingress.kubernetes.io/use-regex: \"true\"`",
                ),
                PathType::ImplementationSpecific => (
                    "ALB matches it literally, with only `*` and `?` as wildcards",
                    "for a regex use `pathType: Prefix` with `alb.ingress.kubernetes.io/use-regex: \"true\"`",
                ),
            };
            out.push(
                ctx.report(
                    &RULE,
                    p.span(),
                    Some(info.ingress),
                    format!(
                        "{} path `{path}` contains regex syntax ({}) but is not a regex here: {how}, so requests are unlikely to match it",
                        path_type.as_str(),
                        shown(&found)
                    ),
                )
                .with_label("not in regex mode")
                .with_help(help),
            );
        }
        for svc in services {
            let Some((span, values)) = condition_path_values(info, svc) else {
                continue;
            };
            for value in values {
                if value.starts_with("~*") {
                    continue;
                }
                let found = regex_chars(value);
                if found.is_empty() {
                    continue;
                }
                out.push(
                        ctx.report(
                            &RULE,
                            span,
                            Some(info.ingress),
                            format!(
                                "`conditions.{svc}` Path value `{value}` contains regex syntax ({}) but has no `~*` prefix: ALB matches it literally, with only `*` and `?` as wildcards",
                                shown(&found)
                            ),
                        )
                        .with_label("not a regex without `~*`")
                        .with_help(format!("write `~*{value}` to make it a regex (case-sensitive on ALB)")),
                    );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};

    #[test]
    fn regex_syntax_outside_regex_mode() {
        assert_eq!(
            lint_lines("ALB202", &ingress("a", &[], "", "/api/(v1|v2)")).len(),
            1
        );
        assert!(
            lint_lines(
                "ALB202",
                &ingress("a", &[("use-regex", "true")], "", "/api/(v1|v2)")
            )
            .is_empty()
        );
        assert!(lint_lines("ALB202", &ingress("a", &[], "", "/api/v1.json")).is_empty());
        // `*` in a Prefix path is ALB201's.
        assert!(lint_lines("ALB202", &ingress("a", &[], "", "/api/(.*)")).is_empty());
    }
}
