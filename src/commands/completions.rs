//! `alb completions SHELL`: the scripts committed under `completions/` come from here.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::exit::ExitStatus;

pub fn run(shell: Shell) -> Result<ExitStatus> {
    let mut out = Vec::new();
    generate(shell, &mut out);
    std::io::stdout().lock().write_all(&out)?;
    Ok(ExitStatus::Success)
}

pub fn generate(shell: Shell, out: &mut Vec<u8>) {
    clap_complete::generate(shell, &mut Cli::command(), "alb", out);
}
