//! `alb lint`: load, run the rules, render in the requested format, exit by severity.

use std::io::Write;
use std::path::PathBuf;

use alb_engine::Severity;
use alb_engine::lint::{self, LintOptions, LintReport};
use anyhow::Result;

use crate::cli::{GlobalArgs, LintArgs, OutputFormat};
use crate::exit::ExitStatus;
use crate::output::{self, diagnostics, github, json, sarif, scope};
use crate::pipeline;

pub fn run(global: &GlobalArgs, args: &LintArgs) -> Result<ExitStatus> {
    let mut paths: Vec<PathBuf> = args.paths.clone();
    paths.extend(global.filenames.iter().cloned());
    if paths.is_empty() && global.stdin_filename.is_none() {
        eprintln!("alb lint: no manifests: give paths (files, directories, or - for stdin)");
        return Ok(ExitStatus::Error);
    }
    let inputs = super::inputs(global, &paths);
    let (sources, manifest, load_diagnostics) = pipeline::load(&inputs)?;
    let options = LintOptions {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        controller: inputs.controller,
    };
    let report = match lint::lint(&manifest, load_diagnostics, &options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("alb lint: {error}");
            return Ok(ExitStatus::Error);
        }
    };

    let mut out = output::stdout();
    match global.output {
        OutputFormat::Human => {
            diagnostics::render_human(
                &mut out,
                &report.diagnostics,
                &sources,
                output::stdout_color(global.color),
            )?;
            write_verdicts(&mut out, &report)?;
        }
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &json::lint(&report, &manifest, &sources))?;
            writeln!(out)?;
        }
        OutputFormat::Sarif => {
            serde_json::to_writer_pretty(&mut out, &sarif::report(&report.diagnostics, &sources))?;
            writeln!(out)?;
        }
        OutputFormat::Github => github::write(&mut out, &report.diagnostics, &sources)?,
    }
    out.flush()?;
    eprint!("{}", summary(&report, sources.len()));

    let count = |s| report.count(s);
    let failed = count(Severity::Error) > 0 || (args.deny_warnings && count(Severity::Warning) > 0);
    Ok(if failed {
        ExitStatus::Failure
    } else if report.checked_nothing() && !args.allow_empty {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

/// "Checked 4 Ingresses, 1 AlbConfig in 2 files: 1 error, 0 warnings, 0 infos.", then what
/// was skipped and why. A run that checked nothing says so, never "no problems".
fn summary(report: &LintReport, files: usize) -> String {
    let count = |s| report.count(s);
    let found = if report.diagnostics.is_empty() {
        "no problems found".to_string()
    } else {
        format!(
            "{}, {}, {}",
            scope::plural(count(Severity::Error), "error"),
            scope::plural(count(Severity::Warning), "warning"),
            scope::plural(count(Severity::Info), "info"),
        )
    };
    let files = scope::plural(files, "file");
    let mut s = if report.checked_nothing() {
        let found = if report.diagnostics.is_empty() {
            String::new()
        } else {
            format!(" ({found})")
        };
        format!(
            "Nothing checked in {files}: no Ingress or AlbConfig among the inputs is one alb checks{found}.\n"
        )
    } else {
        format!(
            "Checked {} in {files}: {found}.\n",
            scope::taken(&report.checked)
        )
    };
    s.push_str(&scope::skipped_block(&report.skipped));
    s
}

/// Which ALB would stop updating, and whom that blocks.
pub(super) fn write_verdicts(out: &mut dyn Write, report: &LintReport) -> std::io::Result<()> {
    for verdict in &report.verdicts {
        let causes: Vec<String> = verdict
            .blocking
            .iter()
            .filter_map(|&i| report.diagnostics.get(i))
            .map(|d| format!("{} in {}", d.code, d.object.as_deref().unwrap_or("?")))
            .collect();
        writeln!(
            out,
            "× The ALB of AlbConfig `{}` would stop reconciling: {} {} the controller cannot apply,\n  so none of its {} Ingresses would be updated:",
            verdict.albconfig,
            causes.len(),
            if causes.len() == 1 { "error" } else { "errors" },
            verdict.members.len()
        )?;
        writeln!(out, "    blocked: {}", verdict.members.join(", "))?;
        writeln!(out, "    caused by: {}", causes.join(", "))?;
        writeln!(out)?;
    }
    Ok(())
}
