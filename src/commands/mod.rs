//! One module per subcommand. Each turns flags into engine calls and renders the result.

mod completions;
mod explain;

use std::process::ExitCode;

use anyhow::Result;

use alb_engine::compile::Controller;

use crate::cli::{Cli, Command, ControllerArg};

/// How a command ended; the process exit code follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: done, nothing wrong found.
    Success,
    /// 1: the command ran and found a problem (lint errors, no matching rule, a failed check).
    Failure,
    /// 2: usage error, unreadable input, or alb itself failed.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

pub fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Explain(args) => explain::run(&cli.global, &args),
        Command::Completions { shell } => completions::run(shell),
        Command::Lint(_) => not_built("lint"),
        Command::Route(_) => not_built("route"),
        Command::Serve(_) => not_built("serve"),
        Command::Bench(_) => not_built("bench"),
    }
}

fn not_built(command: &str) -> Result<ExitStatus> {
    eprintln!("alb {command}: not built yet; see the README for what works today");
    Ok(ExitStatus::Error)
}

pub fn controller(arg: ControllerArg) -> Controller {
    match arg {
        ControllerArg::Alb => Controller::Alb,
        ControllerArg::Nginx => Controller::Nginx,
        ControllerArg::Traefik => Controller::Traefik,
        ControllerArg::Cce => Controller::Cce,
    }
}
