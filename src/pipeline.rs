//! The one way in from manifests to a router: read the inputs, load them, compile the simulated
//! controller's table, choose the ALB. `route`, `explain -f`, `bench` and `serve` all start
//! here, so they read, skip and choose alike; none of this knows clap.

use std::io::Write;
use std::path::PathBuf;

use alb_engine::compile::{self, CompileOptions, RouteTable};
use alb_engine::manifest::{self, LoadOptions, Manifest};
use alb_engine::ownership::Controller;
use alb_engine::route::Router;
use alb_engine::{Diagnostic, SourceMap, diagnostic};
use anyhow::Result;

use crate::output::{diagnostics, scope};

/// The manifests a command reads, and how.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// Files, directories, or `-`.
    pub paths: Vec<PathBuf>,
    /// The name shown for standard input.
    pub stdin_filename: Option<String>,
    /// The controller simulated (`--controller`).
    pub controller: Controller,
    /// Whether diagnostics on stderr are coloured.
    pub color: bool,
}

/// Read and load the manifests: the sources, the objects, and the problems found reading them
/// (sorted).
pub fn load(inputs: &Inputs) -> Result<(SourceMap, Manifest, Vec<Diagnostic>)> {
    let sources = crate::input::read_sources(&inputs.paths, inputs.stdin_filename.as_deref())?;
    let (manifest, mut diagnostics) = manifest::load(&sources, &LoadOptions::default());
    diagnostic::sort(&mut diagnostics, &sources);
    Ok((sources, manifest, diagnostics))
}

/// Manifests loaded and compiled, and the ALB chosen.
pub struct Routed {
    pub sources: SourceMap,
    pub manifest: Manifest,
    pub diagnostics: Vec<Diagnostic>,
    pub router: Router,
    /// The ALB (index into the table's groups), or why none can be chosen, for the user.
    pub group: Result<usize, String>,
}

/// [`load`], compile the simulated controller's Ingresses, and choose the ALB named
/// (`--albconfig`) or the only one.
pub fn route(inputs: &Inputs, albconfig: Option<&str>) -> Result<Routed> {
    let (sources, manifest, diagnostics) = load(inputs)?;
    let router = Router::new(compile::compile(
        &manifest,
        &CompileOptions {
            controller: inputs.controller,
        },
    ));
    let group = select_group(&router, albconfig);
    Ok(Routed {
        sources,
        manifest,
        diagnostics,
        router,
        group,
    })
}

impl Routed {
    /// On stderr, so stdout stays the command's result: the problems found reading the
    /// manifests, and what the table left out and why.
    pub fn report(&self, color: bool) -> Result<()> {
        report_load_diagnostics(color, &self.diagnostics, &self.sources, &self.manifest)?;
        report_skipped(self.router.table());
        Ok(())
    }
}

/// The ALB to route through: the one named, or the only one.
pub fn select_group(router: &Router, name: Option<&str>) -> Result<usize, String> {
    let groups = &router.table().groups;
    let names = || {
        groups
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match name {
        Some(name) => groups.iter().position(|g| g.name == name).ok_or_else(|| {
            format!(
                "no AlbConfig `{name}` among the inputs (found: {})",
                names()
            )
        }),
        None => match groups.len() {
            0 => Err(
                "no Ingress among the inputs is one alb simulates (see what was skipped, and why, above)"
                    .to_string(),
            ),
            1 => Ok(0),
            _ => Err(format!(
                "the inputs describe several ALBs ({}); choose one with --albconfig NAME",
                names()
            )),
        },
    }
}

/// What the route table leaves out and why, on stderr.
pub fn report_skipped(table: &RouteTable) {
    eprint!("{}", scope::skipped_block(&table.skipped));
}

/// Problems found while loading, on stderr, so stdout stays the command's result.
pub fn report_load_diagnostics(
    color: bool,
    diags: &[Diagnostic],
    sources: &SourceMap,
    manifest: &Manifest,
) -> Result<()> {
    if diags.is_empty() {
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    diagnostics::render_human(&mut err, diags, sources, color)?;
    writeln!(
        err,
        "{}",
        diagnostics::summary(diags, sources.len(), manifest.object_count())
    )?;
    Ok(())
}
