//! ALB205 invalid-regex-path.
//!
//! Also home of the regex helpers shared with ALB206 and ALB203.

use std::collections::BTreeSet;

use super::canary_without_main_rule::paths;
use super::path_not_absolute::{api_problem, builds_rules, condition_path_values, path_regex};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{IngressInfo, LintContext, declare_rule};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a regex path that does not compile.
    ///
    /// Regex paths are Prefix paths in regex mode (`use-regex` or `rewrite-target` set), ImplementationSpecific paths written `~*…`, and `~*` values in a `conditions.<svc>` Path condition.
    ///
    /// ## Why is this bad?
    /// The controller does not check regexes: it sends `~*<path>` to ALB as it is. A malformed pattern either makes the ALB API reject the rule when the controller syncs it (likely, though not verified; a failed sync holds up the ALB's other updates too) or, if ALB accepted it, would never match. alb compiles the pattern with Rust's `regex` crate, case-sensitively (Alibaba's migration guidance reports ALB path regexes as case-sensitive, whatever nginx's `~*` means); ALB's own dialect is not documented and may differ (it likely accepts look-around and backreferences, which alb cannot simulate: those are reported as warnings, not errors).
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/use-regex: "true"
    /// spec:
    ///   rules:
    ///     - http:
    ///         paths:
    ///           - path: /api/(v1|v2          # unclosed group
    ///             pathType: Prefix
    ///             backend: {service: {name: api, port: {number: 80}}}
    /// ```
    ///
    /// ## Fix
    /// Fix the pattern (balance parentheses and brackets, escape literal metacharacters with `\`). If the path is not meant as a regex, remove `use-regex` (and note that `rewrite-target` also switches Prefix paths to regex mode).
    pub RULE { code: "ALB205", name: "invalid-regex-path", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for source in regex_sources(ctx) {
        let Err(error) = compile_regex(&source.regex) else {
            continue;
        };
        let mut d = ctx.report(
            &RULE,
            source.span,
            Some(source.info.ingress),
            if error.unsupported {
                format!(
                    "{} `{}` uses a feature alb's regex engine lacks ({}): alb cannot check or simulate it, and ALB may or may not accept it",
                    source.what, source.written, error.reason
                )
            } else {
                format!(
                    "{} `{}` is not a valid regex ({}): the controller passes it on unchecked, and ALB is likely to reject the rule when it is synced",
                    source.what, source.written, error.reason
                )
            },
        );
        if error.unsupported {
            // Not provably wrong: ALB's dialect is undocumented.
            d.severity = Severity::Warning;
            d = d
                .with_label("unsupported regex feature")
                .with_help("rewrite it without look-around or backreferences if you can, and test it against the real ALB");
        } else {
            d = d.with_label("invalid regex").with_help(
                "fix the pattern (balance parentheses and brackets, escape literal metacharacters with `\\`); alb checks with Rust regex syntax, ALB's dialect may differ in details",
            );
        }
        out.push(d);
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers shared with ALB206 (mixed case) and ALB203 (rewrite variables).

/// One regex the controller would send to ALB.
pub(super) struct RegexSource<'c, 'm> {
    pub info: &'c IngressInfo<'m>,
    /// The regex without its `~*`.
    pub regex: String,
    /// As the user wrote it (with `~*` for condition values).
    pub written: String,
    /// "regex path" or "`conditions.web` Path value".
    pub what: String,
    pub span: Span,
}

/// Every regex path and `~*` Path condition value of the Ingresses whose paths become rules,
/// once each.
pub(super) fn regex_sources<'c, 'm>(ctx: &'c LintContext<'m>) -> Vec<RegexSource<'c, 'm>> {
    let mut out = Vec::new();
    for info in ctx.ingresses.iter().filter(|i| builds_rules(i)) {
        let mut services = BTreeSet::new();
        for p in paths(info.ingress) {
            if let Some(service) = p.path.backend.as_ref().and_then(|b| b.service.as_ref()) {
                services.insert(service.name.value.as_str());
            }
            if api_problem(p.path).is_some() {
                continue; // ALB207
            }
            if let Some(regex) = path_regex(info, p.path) {
                out.push(RegexSource {
                    info,
                    regex: regex.to_string(),
                    written: p.path.path().to_string(),
                    what: format!("{} regex path", p.path.path_type().as_str()),
                    span: p.span(),
                });
            }
        }
        for svc in services {
            let Some((span, values)) = condition_path_values(info, svc) else {
                continue;
            };
            for value in values {
                if let Some(regex) = value.strip_prefix("~*") {
                    out.push(RegexSource {
                        info,
                        regex: regex.to_string(),
                        written: value.to_string(),
                        what: format!("`conditions.{svc}` Path value"),
                        span,
                    });
                }
            }
        }
    }
    out
}

/// Why a regex does not compile.
pub(super) struct RegexError {
    /// The regex parser's own words: "unclosed group".
    pub reason: String,
    /// Look-around or backreferences: valid in many dialects, missing in alb's engine.
    pub unsupported: bool,
}

/// What lint needs of a regex that parses.
#[derive(Debug)]
pub(super) struct ParsedRegex {
    /// Capture groups, not counting the whole match.
    pub groups: usize,
}

/// Check a `~*` regex as the router reads it (case-sensitive). Parsing, not compiling: the
/// syntax errors are the same, and lint only needs validity and the number of groups, so
/// thousands of regex paths cost no automata.
pub(super) fn compile_regex(regex: &str) -> Result<ParsedRegex, RegexError> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(regex)
        .map(|hir| ParsedRegex {
            groups: hir.properties().explicit_captures_len(),
        })
        .map_err(|e| {
            let text = e.to_string();
            let reason = text
                .lines()
                .rev()
                .find_map(|l| l.strip_prefix("error: "))
                .unwrap_or("pattern too large")
                .to_string();
            let unsupported = reason.contains("look-around") || reason.contains("backreferences");
            RegexError {
                reason,
                unsupported,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};
    use super::compile_regex;

    #[test]
    fn broken_regex_paths_are_flagged_only_in_regex_mode() {
        let regex = [("use-regex", "true")];
        assert_eq!(
            lint_lines("ALB205", &ingress("a", &regex, "", "/api/(v1")).len(),
            1
        );
        assert!(lint_lines("ALB205", &ingress("a", &regex, "", "/api/(v1)")).is_empty());
        assert!(lint_lines("ALB205", &ingress("a", &[], "", "/api/(v1")).is_empty());
    }

    #[test]
    fn unsupported_features_are_told_apart() {
        let e = compile_regex("/a(?=b)").expect_err("error");
        assert!(e.unsupported);
        let e = compile_regex("/a(").expect_err("error");
        assert!(!e.unsupported);
        assert_eq!(e.reason, "unclosed group");
    }
}
