//! Rendering: colour decisions, diagnostics, tables and the JSON contract. Only the shell knows
//! about terminals and JSON; engine types are converted here.

pub mod diagnostics;
pub mod github;
pub mod json;
pub mod sarif;
pub mod scope;

use std::io::{BufWriter, IsTerminal, StdoutLock};

use crate::cli::ColorChoice;
use crate::env;

/// Whether to colour a stream, in uv's order: `--color always|never` > non-empty `NO_COLOR`
/// > `FORCE_COLOR`/`CLICOLOR_FORCE` > a terminal whose `TERM` is not `dumb`.
pub fn use_color(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if env::var_non_empty(env::NO_COLOR) {
                return false;
            }
            if env::var_non_empty(env::FORCE_COLOR)
                || std::env::var(env::CLICOLOR_FORCE).is_ok_and(|v| !v.is_empty() && v != "0")
            {
                return true;
            }
            stream_is_terminal && std::env::var(env::TERM).map_or(true, |t| t != "dumb")
        }
    }
}

pub fn stdout_color(choice: ColorChoice) -> bool {
    use_color(choice, std::io::stdout().is_terminal())
}

pub fn stderr_color(choice: ColorChoice) -> bool {
    use_color(choice, std::io::stderr().is_terminal())
}

/// Buffered standard output. Commands flush it before returning, so a write error (a closed
/// pipe) surfaces as an error instead of being lost on drop.
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, std::io::stdout().lock())
}

/// A decision note in words, for `route`'s human and JSON output.
pub fn decision_note(note: &alb_engine::route::DecisionNote) -> String {
    use alb_engine::route::DecisionNote as N;
    match note {
        N::NoListener { scheme, port } => format!(
            "the ALB has no {} listener on port {port}: the connection is refused",
            scheme.as_str().to_uppercase()
        ),
        N::NoRuleMatches => "no rule matches: the listener's default action forwards to an empty server group, which answers 503".to_string(),
        N::RegexPath => "the path matched a `~*` regex; alb tests ALB path regexes case-sensitively (Alibaba's own nginx-to-ALB migration guidance reports it as measured; ALB's product docs do not say) and unanchored (unverified); ingress-nginx would match case-insensitively and anchored at the start".to_string(),
        N::WildcardHost => "a wildcard host matched; alb lets `*` span dots (`*.example.com` matches a.b.example.com), which ALB's documentation implies but does not state".to_string(),
        N::PreflightAnswered => "CORS preflight answered by the load balancer with 204 (ALB's exact preflight behaviour is unverified)".to_string(),
        N::RateLimited { qps, qps_per_ip } => {
            let mut limits = Vec::new();
            if let Some(q) = qps {
                limits.push(format!("{q} requests/s for the rule"));
            }
            if let Some(q) = qps_per_ip {
                limits.push(format!("{q} requests/s per client IP"));
            }
            format!(
                "rate limited to {}; above it the ALB answers 503",
                limits.join(" and ")
            )
        }
        N::Mirrored { target } => format!("a copy of the request is mirrored to {target}"),
        N::RewriteVariablesUnfilled { path } => format!(
            "rewrite `{path}` has variables but the path did not match a regex, so they stay as written"
        ),
        N::ExistingServerGroup { id } => {
            format!("forwarded to the existing ALB server group {id}")
        }
        N::RedirectFieldsEmpty => "the redirect leaves some fields empty; alb keeps the request's value for them (ALB's handling is unverified)".to_string(),
        N::NormalizedPath { path } => format!(
            "matched as nginx normalises the path: `{path}` (percent-decoded, dot segments resolved, slashes merged)"
        ),
        N::BadPath { reason } => format!("nginx answers 400 before routing: {reason}"),
    }
}
