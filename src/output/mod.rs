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
