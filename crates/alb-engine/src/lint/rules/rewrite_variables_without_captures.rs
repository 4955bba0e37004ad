//! ALB203 rewrite-variables-without-captures.

use super::canary_without_main_rule::paths;
use super::invalid_regex_path::compile_regex;
use super::path_not_absolute::{api_problem, builds_rules};
use crate::annotations::Condition;
use crate::annotations::capture_references;
use crate::compile::path_patterns;
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::manifest::PathType;

declare_rule! {
    /// ## What it does
    /// Flags `${1}`–`${3}` in `rewrite-target` that no capture group of the path can fill.
    ///
    /// That is: a path of the Ingress is not a regex at all, or its regex has fewer capture groups than the highest variable used.
    ///
    /// ## Why is this bad?
    /// ALB fills `${n}` from the capture groups of the rule's regex Path condition, and its docs state that "the number of capture groups must equal the number of variables". Only a Prefix path in regex mode becomes a regex (`~*<path>`); `rewrite-target` itself switches Prefix paths to regex mode, except `/`, which stays the wildcard `/*`. Exact and ImplementationSpecific paths are passed on literally. With nothing to capture, the rewrite either fails at the ALB API or sends the backend a path with a literal or empty `${1}` in it.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/rewrite-target: /v2/${1}
    /// spec:
    ///   rules:
    ///     - http:
    ///         paths:
    ///           - path: /api
    ///             pathType: Exact        # never a regex: ${1} has nothing to capture
    ///             backend: {service: {name: api, port: {number: 80}}}
    /// ```
    ///
    /// ## Fix
    /// Use `pathType: Prefix` with a capture group for each variable, e.g. path `/api/(.*)` with `rewrite-target: /v2/${1}`, or `/api(/|$)(.*)` with `/v2/${2}`. Paths of the same Ingress that should not be rewritten belong in another Ingress: the annotation applies to every path.
    pub RULE { code: "ALB203", name: "rewrite-variables-without-captures", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in ctx.ingresses.iter().filter(|i| builds_rules(i)) {
        let a = &info.annotations;
        let Some(target) = &a.rewrite_target else {
            continue;
        };
        // `${4}` and up are reported on the annotation value (ALB011).
        let Some(highest) = capture_references(&target.value)
            .into_iter()
            .filter(|n| (1..=3).contains(n))
            .max()
        else {
            continue;
        };
        for p in paths(info.ingress) {
            if api_problem(p.path).is_some() {
                continue; // ALB207
            }
            let path = p.path.path();
            let path_type = p.path.path_type();
            let regex = path_type == PathType::Prefix && a.prefix_path_is_regex(path);
            let mut values = path_patterns(path, path_type, regex).values;
            if let Some(svc) = p.path.backend.as_ref().and_then(|b| b.service.as_ref()) {
                for c in a.conditions.get(&svc.name.value).into_iter().flatten() {
                    if let Condition::Path { values: extra } = c {
                        values.extend(extra.iter().cloned());
                    }
                }
            }
            let regexes: Vec<&str> = values.iter().filter_map(|v| v.strip_prefix("~*")).collect();
            let message = if regexes.is_empty() {
                let why = match path_type {
                    PathType::Prefix if path == "/" => {
                        "Prefix path `/` stays the wildcard `/*` and is never a regex".to_string()
                    }
                    _ if path.is_empty() => {
                        "an empty path gives the rule no Path condition".to_string()
                    }
                    PathType::Exact => {
                        format!("Exact path `{path}` is matched literally, never as a regex")
                    }
                    _ => format!(
                        "ImplementationSpecific path `{path}` is passed to ALB verbatim, not as a regex"
                    ),
                };
                format!(
                    "rewrite-target `{}` uses `${{{highest}}}`, but {why}: there is no capture group to fill it",
                    target.value
                )
            } else {
                let mut groups = 0;
                let mut valid = true;
                for r in &regexes {
                    match compile_regex(r) {
                        Ok(parsed) => groups = groups.max(parsed.groups),
                        Err(_) => valid = false, // ALB205
                    }
                }
                if !valid || (highest as usize) <= groups {
                    continue;
                }
                format!(
                    "rewrite-target `{}` uses `${{{highest}}}`, but regex path `{path}` has {}: `${{{highest}}}` has nothing to take its value from",
                    target.value,
                    match groups {
                        0 => "no capture group".to_string(),
                        1 => "only 1 capture group".to_string(),
                        n => format!("only {n} capture groups"),
                    }
                )
            };
            out.push(
                ctx.report(&RULE, target.span, Some(info.ingress), message)
                    .with_label("capture variable without a capture group")
                    .with_related(p.span(), format!("{} path", path_type.as_str()))
                    .with_help(
                        "ALB fills ${n} from the regex path's capture groups (its docs: the number of capture groups must equal the number of variables); use pathType: Prefix with one group per variable, e.g. `/api/(.*)` with `/v2/${1}`",
                    ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};
    use crate::annotations::capture_references as capture_refs;

    #[test]
    fn references() {
        assert_eq!(capture_refs("/a/${1}/${host}/${3}"), [1, 3]);
        assert!(capture_refs("/plain").is_empty());
    }

    #[test]
    fn variables_need_enough_groups() {
        let rw = |t: &'static str| [("rewrite-target", t)];
        assert!(lint_lines("ALB203", &ingress("a", &rw("/x/${1}"), "", "/api/(.*)")).is_empty());
        assert_eq!(
            lint_lines("ALB203", &ingress("a", &rw("/x/${2}"), "", "/api/(.*)")).len(),
            1
        );
        assert_eq!(
            lint_lines("ALB203", &ingress("a", &rw("/x/${1}"), "", "/")).len(),
            1
        );
        assert!(lint_lines("ALB203", &ingress("a", &rw("/x"), "", "/api")).is_empty());
    }
}
