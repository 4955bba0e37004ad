//! ALB207 path-not-absolute.
//!
//! Also home of the path helpers the path rules (ALB2xx) share.

use super::canary_without_main_rule::paths;
use crate::diagnostic::Diagnostic;
use crate::lint::{IngressInfo, LintContext, declare_rule};
use crate::manifest::{HttpPath, PathType};

declare_rule! {
    /// ## What it does
    /// Flags an Ingress path the Kubernetes API server rejects, such as a Prefix path without a leading `/`.
    ///
    /// Rejected are `Exact` and `Prefix` paths that do not start with `/` (an empty one included) or that contain `//`, `/./`, `/../`, `%2f`, `%2F` or end in `/.` or `/..`, and `ImplementationSpecific` paths that are not empty and do not start with `/`.
    ///
    /// ## Why is this bad?
    /// `networking.k8s.io/v1` validation refuses the whole Ingress ("must be an absolute path"), so `kubectl apply` fails for that Ingress and none of its rules, valid or not, reach the ALB controller. Paths copied from nginx-style regex configs (`~*/api`, `api/v1`) are the usual cause: a regex needs `pathType: Prefix` with `use-regex`, never a leading `~*` in the path.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   - path: api/v1             # no leading slash
    ///     pathType: Prefix
    ///     backend: {service: {name: api, port: {number: 80}}}
    /// ```
    ///
    /// ## Fix
    /// Start the path with `/` (`/api/v1`); use `/` to match every path. For a regex, write the path as `/api/(.*)` with `pathType: Prefix` and `alb.ingress.kubernetes.io/use-regex: "true"`.
    pub RULE { code: "ALB207", name: "path-not-absolute", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        for p in paths(info.ingress) {
            let Some(problem) = api_problem(p.path) else {
                continue;
            };
            let path = p.path.path();
            let path_type = p.path.path_type().as_str();
            let (message, help) = match problem {
                ApiProblem::NotAbsolute if path.is_empty() => (
                    format!(
                        "a {path_type} path must not be empty: the API server rejects the Ingress (\"must be an absolute path\")"
                    ),
                    "write `/` to match every path (an empty path is only allowed with ImplementationSpecific)".to_string(),
                ),
                ApiProblem::NotAbsolute => (
                    format!(
                        "{path_type} path `{path}` does not start with `/`: the API server rejects the Ingress (\"must be an absolute path\")"
                    ),
                    match path.strip_prefix("~*") {
                        Some(regex) => format!(
                            "for a regex path write `{}` with `pathType: Prefix` and `alb.ingress.kubernetes.io/use-regex: \"true\"`",
                            if regex.starts_with('/') { regex.to_string() } else { format!("/{regex}") }
                        ),
                        None => format!("write `/{path}`"),
                    },
                ),
                ApiProblem::Contains(seq) => (
                    format!(
                        "{path_type} path `{path}` contains `{seq}`: the API server rejects the Ingress"
                    ),
                    "write the path without `//`, `/./`, `/../` or an encoded `/` (`%2F`)".to_string(),
                ),
                ApiProblem::EndsWith(suffix) => (
                    format!(
                        "{path_type} path `{path}` ends with `{suffix}`: the API server rejects the Ingress"
                    ),
                    "remove the trailing dot segment".to_string(),
                ),
            };
            // A missing path: point at its pathType rather than the whole entry.
            let span = match (&p.path.path, &p.path.path_type) {
                (None, Some(t)) => t.span,
                _ => p.span(),
            };
            out.push(
                ctx.report(&RULE, span, Some(info.ingress), message)
                    .with_label("rejected by the API server")
                    .with_help(help),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the path rules.

/// Why the API server's `networking.k8s.io/v1` validation refuses a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ApiProblem {
    NotAbsolute,
    Contains(&'static str),
    EndsWith(&'static str),
}

/// The API server's check of one path (Kubernetes `validateHTTPIngressPath`). `None` also
/// when the pathType is missing or unknown: the loader reports that.
pub(super) fn api_problem(path: &HttpPath) -> Option<ApiProblem> {
    let path_type = path.path_type.as_ref()?.value;
    let p = path.path();
    match path_type {
        PathType::Exact | PathType::Prefix => {
            if !p.starts_with('/') {
                return Some(ApiProblem::NotAbsolute);
            }
            if let Some(seq) = ["//", "/./", "/../", "%2f", "%2F"]
                .into_iter()
                .find(|s| p.contains(s))
            {
                return Some(ApiProblem::Contains(seq));
            }
            ["/..", "/."]
                .into_iter()
                .find(|s| p.ends_with(s))
                .map(ApiProblem::EndsWith)
        }
        PathType::ImplementationSpecific => {
            (!p.is_empty() && !p.starts_with('/')).then_some(ApiProblem::NotAbsolute)
        }
    }
}

/// Whether the controller turns this Ingress's paths into ALB path conditions. A canary with
/// `canary-weight` set never gets rules of its own (its paths only name the main rule).
pub(super) fn builds_rules(info: &IngressInfo<'_>) -> bool {
    let c = &info.annotations.canary;
    !(c.enabled && c.weight.is_some())
}

/// The path as a regex, when the controller makes it one: a Prefix path in regex mode, or an
/// ImplementationSpecific path written with `~*`. `None` for literal paths.
pub(super) fn path_regex<'p>(info: &IngressInfo<'_>, path: &'p HttpPath) -> Option<&'p str> {
    let p = path.path();
    match path.path_type() {
        PathType::Prefix if !p.is_empty() && info.annotations.prefix_path_is_regex(p) => Some(p),
        PathType::ImplementationSpecific => p.strip_prefix("~*"),
        _ => None,
    }
}

/// The Path values of `conditions.<svc>`, each once, in the order written, with the span of the
/// annotation value; `None` when the Ingress has no such annotation.
pub(super) fn condition_path_values<'a>(
    info: &'a crate::lint::IngressInfo<'_>,
    svc: &str,
) -> Option<(crate::source::Span, Vec<&'a str>)> {
    let conditions = info.annotations.conditions.get(svc)?;
    let source = info.annotations.source(&format!("conditions.{svc}"))?;
    let mut values: Vec<&str> = Vec::new();
    for c in conditions {
        if let crate::annotations::Condition::Path { values: v } = c {
            for value in v {
                if !values.contains(&value.as_str()) {
                    values.push(value);
                }
            }
        }
    }
    Some((source.value_span, values))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};

    #[test]
    fn relative_and_dot_segment_paths_are_flagged() {
        assert_eq!(lint_lines("ALB207", &ingress("a", &[], "", "api")).len(), 1);
        assert_eq!(
            lint_lines("ALB207", &ingress("a", &[], "", "/a/../b")).len(),
            1
        );
        assert_eq!(lint_lines("ALB207", &ingress("a", &[], "", "")).len(), 1);
        assert!(lint_lines("ALB207", &ingress("a", &[], "", "/api")).is_empty());
    }
}
