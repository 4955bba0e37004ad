//! Every environment variable `alb` reads, in one place.

/// Non-empty: no colour, whatever else is set (<https://no-color.org>). Beats `FORCE_COLOR`.
pub const NO_COLOR: &str = "NO_COLOR";
/// Non-empty: colour even when the output is not a terminal.
pub const FORCE_COLOR: &str = "FORCE_COLOR";
/// Non-empty and not `0`: colour even when the output is not a terminal.
pub const CLICOLOR_FORCE: &str = "CLICOLOR_FORCE";
/// `dumb`: no colour.
pub const TERM: &str = "TERM";
pub fn var_non_empty(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}
