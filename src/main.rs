//! `alb`: lint, explain, route, serve and bench Kubernetes Ingress manifests for Alibaba Cloud
//! ALB. This binary is the shell: it parses flags, reads files, calls the engine
//! (`alb-engine`) and renders what it returns. Every decision lives in the engine.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;
mod env;
mod exit;
mod input;
mod output;
mod pipeline;
mod runtime;

use exit::ExitStatus;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(status) => status.into(),
        Err(error) => {
            if is_broken_pipe(&error) {
                // `alb ... | head`: the reader went away; that is not our failure.
                return ExitStatus::Success.into();
            }
            let mut stderr = anstream::stderr();
            let _ = writeln!(stderr, "alb: error: {error}");
            for cause in error.chain().skip(1) {
                let _ = writeln!(stderr, "  caused by: {cause}");
            }
            ExitStatus::Error.into()
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
