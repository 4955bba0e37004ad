//! ALB206 mixed-case-regex-path.

use super::invalid_regex_path::{compile_regex, regex_sources};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Points out a regex path (or `~*` Path condition value) with upper-case letters.
    ///
    /// ## Why is this bad?
    /// The controller sends every regex path as `~*<regex>`, which is nginx's notation for a case-insensitive regex, but Alibaba's own nginx-to-ALB migration guidance reports ALB path regexes as case-sensitive (measured: a `/Images` rule does not take `/images/x`), and alb simulates them so: `~*/API/(.*)` does not match `/api/users`, which falls through to later rules. ALB's product documentation does not say either way, and ingress-nginx matches the same regex case-insensitively, so a regex with upper-case letters is where a migrated Ingress or an assumption from nginx goes wrong.
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
    ///           - path: /API/(.*)
    ///             pathType: Prefix
    ///             backend: {service: {name: api, port: {number: 80}}}
    /// ```
    ///
    /// ## Fix
    /// Write the regex in the case clients send (usually lower case), or spell out both cases where both occur (`/[Aa][Pp][Ii]/(.*)`), and check the behaviour against the real ALB.
    pub RULE { code: "ALB206", name: "mixed-case-regex-path", severity: Info, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for source in regex_sources(ctx) {
        if compile_regex(&source.regex).is_err() {
            continue; // ALB205
        }
        let mut upper: Vec<char> = Vec::new();
        for c in literal_uppercase(&source.regex) {
            if !upper.contains(&c) {
                upper.push(c);
            }
        }
        if upper.is_empty() {
            continue;
        }
        let letters: Vec<String> = upper.iter().map(|c| format!("`{c}`")).collect();
        out.push(
            ctx.report(
                &RULE,
                source.span,
                Some(source.info.ingress),
                format!(
                    "{} `{}` has upper-case letters ({}): ALB matches path regexes case-sensitively (as Alibaba's migration guidance reports; nginx does not), so requests in another case do not match",
                    source.what,
                    source.written,
                    letters.join(", ")
                ),
            )
            .with_label("upper case in a regex")
            .with_help(
                "write the regex in the case clients send, or spell out both cases (`[Aa]`), and check it against the real ALB",
            ),
        );
    }
}

/// Upper-case letters the regex matches literally: not escapes (`\D`, `\P{Lu}`, `\x4A`),
/// group names (`(?P<Name>`) or flags.
fn literal_uppercase(regex: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut chars = regex.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('p' | 'P' | 'x' | 'u' | 'U') if chars.peek() == Some(&'{') => {
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                }
                Some('p' | 'P') => {
                    chars.next();
                }
                Some('x') => {
                    chars.next();
                    chars.next();
                }
                _ => {}
            },
            '(' if chars.peek() == Some(&'?') => {
                chars.next();
                // A group name (`?P<name>`, `?<name>`) or flags (`?i`, `?-U:`).
                while let Some(&next) = chars.peek() {
                    if next == ':' || next == ')' {
                        break;
                    }
                    chars.next();
                    if next == '<' {
                        for c in chars.by_ref() {
                            if c == '>' {
                                break;
                            }
                        }
                        break;
                    }
                }
            }
            c if c.is_uppercase() => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};
    use super::literal_uppercase;

    #[test]
    fn only_literal_upper_case_counts() {
        assert_eq!(literal_uppercase("/API/(.*)"), ['A', 'P', 'I']);
        assert!(literal_uppercase(r"/api/\D+/\p{Lu}/\x4A(?P<Name>x)(?U)a").is_empty());
        assert_eq!(literal_uppercase("[A-Z]"), ['A', 'Z']);
    }

    #[test]
    fn flagged_only_in_regex_mode() {
        let regex = [("use-regex", "true")];
        assert_eq!(
            lint_lines("ALB206", &ingress("a", &regex, "", "/API/(.*)")).len(),
            1
        );
        assert!(lint_lines("ALB206", &ingress("a", &regex, "", "/api/(.*)")).is_empty());
        assert!(lint_lines("ALB206", &ingress("a", &[], "", "/API")).is_empty());
    }
}
