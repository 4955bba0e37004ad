//! One module per subcommand. Each turns flags into engine calls and renders the result.

mod bench;
mod completions;
mod explain;
mod lint;
pub mod route;
mod serve;

use std::process::ExitCode;

use std::io::Write;
use std::path::PathBuf;

use alb_engine::manifest::{self, LoadOptions, Manifest};
use alb_engine::{Diagnostic, SourceMap, diagnostic};
use anyhow::Result;

use alb_engine::compile::RouteTable;
use alb_engine::ownership::Controller;

use crate::cli::{Cli, Command, ControllerArg, GlobalArgs};
use crate::output::{self, diagnostics};

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
    let refused = |command: &str| unsimulated(command, &cli.global);
    match cli.command {
        Command::Explain(args) => match refused("explain") {
            Some(status) if args.name.is_none() => Ok(status),
            _ => explain::run(&cli.global, &args),
        },
        Command::Completions { shell } => completions::run(shell),
        Command::Lint(args) => lint::run(&cli.global, &args),
        Command::Route(args) => refused("route").map_or_else(|| route::run(&cli.global, &args), Ok),
        Command::Serve(args) => refused("serve").map_or_else(|| serve::run(&cli.global, &args), Ok),
        Command::Bench(args) => refused("bench").map_or_else(|| bench::run(&cli.global, &args), Ok),
    }
}

/// `route`, `explain -f`, `serve` and `bench` run one controller's semantics over the
/// manifests. For a controller alb has no semantics for yet, say so plainly rather than
/// answer with an empty table. (`lint` differs: `--controller` only says whose a class-less
/// Ingress is, and every Ingress is checked in its own controller's dialect.)
fn unsimulated(command: &str, global: &GlobalArgs) -> Option<ExitStatus> {
    let controller = controller(global.controller);
    if controller.simulated() || (global.filenames.is_empty() && global.stdin_filename.is_none()) {
        return None;
    }
    eprintln!(
        "alb {command}: alb does not simulate {} yet, so `--controller {}` builds no rules; \
         only `--controller alb` is simulated today (`alb lint --controller {}` still checks \
         the ALB Ingresses among the inputs and names the others)",
        controller.title(),
        controller.as_str(),
        controller.as_str()
    );
    Some(ExitStatus::Error)
}

pub fn controller(arg: ControllerArg) -> Controller {
    match arg {
        ControllerArg::Alb => Controller::Alb,
        ControllerArg::Nginx => Controller::Nginx,
        ControllerArg::Traefik => Controller::Traefik,
        ControllerArg::Cce => Controller::Cce,
    }
}

/// Read and load manifests: the common start of every command that takes `-f`.
pub fn load_inputs(
    paths: &[PathBuf],
    global: &GlobalArgs,
) -> Result<(SourceMap, Manifest, Vec<Diagnostic>)> {
    let sources = crate::input::read_sources(paths, global.stdin_filename.as_deref())?;
    let (manifest, mut diagnostics) = manifest::load(&sources, &LoadOptions::default());
    diagnostic::sort(&mut diagnostics, &sources);
    Ok((sources, manifest, diagnostics))
}

/// What the route table leaves out and why, on stderr, so stdout stays the command's result.
pub fn report_skipped(table: &RouteTable) {
    eprint!("{}", output::scope::skipped_block(&table.skipped));
}

/// Problems found while loading, on stderr, so stdout stays the command's result.
pub fn report_load_diagnostics(
    global: &GlobalArgs,
    diags: &[Diagnostic],
    sources: &SourceMap,
    manifest: &Manifest,
) -> Result<()> {
    if diags.is_empty() {
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    diagnostics::render_human(&mut err, diags, sources, output::stderr_color(global.color))?;
    writeln!(
        err,
        "{}",
        diagnostics::summary(diags, sources.len(), manifest.object_count())
    )?;
    Ok(())
}
