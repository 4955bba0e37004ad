//! One module per subcommand. Each turns flags into engine calls and renders the result.

mod bench;
mod completions;
mod explain;
mod lint;
mod route;
mod serve;

use std::path::PathBuf;

use alb_engine::ownership::Controller;

use anyhow::Result;

use crate::cli::{Cli, Command, ControllerArg, GlobalArgs};
use crate::exit::ExitStatus;
use crate::output;
use crate::pipeline::Inputs;

pub fn run(cli: Cli) -> Result<ExitStatus> {
    let refused = |command: &str| unsimulated(command, &cli.global);
    match cli.command {
        // `explain NAME` reads no manifests, so any controller will do.
        Command::Explain(args) => match args.name.is_none().then(|| refused("explain")) {
            Some(Some(status)) => Ok(status),
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
    if controller.routed() || (global.filenames.is_empty() && global.stdin_filename.is_none()) {
        return None;
    }
    eprintln!(
        "alb {command}: alb does not simulate {} yet, so `--controller {}` builds no rules; \
         only `--controller alb` and `--controller nginx` are simulated today (`alb lint --controller {}` still checks \
         the ALB and ingress-nginx Ingresses among the inputs and names the others)",
        controller.title(),
        controller.as_str(),
        controller.as_str()
    );
    Some(ExitStatus::Error)
}

fn controller(arg: ControllerArg) -> Controller {
    match arg {
        ControllerArg::Alb => Controller::Alb,
        ControllerArg::Nginx => Controller::Nginx,
        ControllerArg::Traefik => Controller::Traefik,
        ControllerArg::Cce => Controller::Cce,
    }
}

/// The manifests at `paths` (`-f`, or lint's arguments), read as the global flags say.
pub fn inputs(global: &GlobalArgs, paths: &[PathBuf]) -> Inputs {
    Inputs {
        paths: paths.to_vec(),
        stdin_filename: global.stdin_filename.clone(),
        controller: controller(global.controller),
        color: output::stderr_color(global.color),
    }
}
