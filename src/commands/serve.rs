//! `alb serve`: load, compile, then hand over to the runtime.

use anyhow::Result;

use crate::cli::{GlobalArgs, ServeArgs};
use crate::exit::ExitStatus;
use crate::runtime::{self, ServeOptions};

pub fn run(global: &GlobalArgs, args: &ServeArgs) -> Result<ExitStatus> {
    if global.filenames.is_empty() && global.stdin_filename.is_none() {
        eprintln!("alb serve: no manifests: give them with -f PATH");
        return Ok(ExitStatus::Error);
    }
    if args.watch && global.filenames.iter().any(|f| f.as_os_str() == "-") {
        eprintln!("alb serve: --watch needs files, not standard input");
        return Ok(ExitStatus::Error);
    }
    runtime::serve(&ServeOptions {
        inputs: super::inputs(global, &global.filenames),
        listen: args.listen.clone(),
        backends: args.backends.clone(),
        admin: args.admin.clone(),
        watch: args.watch,
        quiet: args.quiet,
        threads: args.threads,
        debug_headers: args.debug_headers,
        albconfig: args.albconfig.clone(),
        seed: args.seed,
    })
}
