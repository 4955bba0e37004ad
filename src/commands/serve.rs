//! `alb serve`: load, compile, then hand over to the runtime.

use anyhow::Result;

use super::ExitStatus;
use crate::cli::{GlobalArgs, ServeArgs};
use crate::runtime;

pub fn run(global: &GlobalArgs, args: &ServeArgs) -> Result<ExitStatus> {
    if global.filenames.is_empty() && global.stdin_filename.is_none() {
        eprintln!("alb serve: no manifests: give them with -f PATH");
        return Ok(ExitStatus::Error);
    }
    if args.watch && global.filenames.iter().any(|f| f.as_os_str() == "-") {
        eprintln!("alb serve: --watch needs files, not standard input");
        return Ok(ExitStatus::Error);
    }
    runtime::serve(global, args)
}
