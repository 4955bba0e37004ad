//! `alb bench --engine`: how fast the engine decides, with no network in the way.

use std::io::Write;
use std::time::Instant;

use alb_engine::chance::Rolls;
use alb_engine::compile::{self, CompileOptions, Protocol, Rule};
use alb_engine::route::{Request, Router};
use anyhow::Result;

use super::ExitStatus;
use crate::cli::{BenchArgs, GlobalArgs};
use crate::output;

/// Requests per timed batch: timing single decisions would mostly measure the clock.
const BATCH: usize = 64;

pub fn engine(global: &GlobalArgs, args: &BenchArgs) -> Result<ExitStatus> {
    if global.filenames.is_empty() && global.stdin_filename.is_none() {
        eprintln!("alb bench: no manifests: give them with -f PATH");
        return Ok(ExitStatus::Error);
    }
    let started = Instant::now();
    let (sources, manifest, diags) = super::load_inputs(&global.filenames, global)?;
    let loaded = started.elapsed();
    super::report_load_diagnostics(global, &diags, &sources, &manifest)?;
    let compiled = Instant::now();
    let router = Router::new(compile::compile(
        &manifest,
        &CompileOptions {
            controller: super::controller(global.controller),
        },
    ));
    let compiled = compiled.elapsed();
    let group = match super::route::select_group(&router, args.albconfig.as_deref()) {
        Ok(group) => group,
        Err(message) => {
            eprintln!("alb bench: {message}");
            return Ok(ExitStatus::Error);
        }
    };
    let listeners = &router.table().groups[group].listeners;
    let rules: usize = listeners.iter().map(|l| l.rules.len()).sum();
    let requests = sample_requests(
        listeners
            .iter()
            .flat_map(|l| l.rules.iter().map(move |r| (l.key.protocol, l.key.port, r))),
        rules,
        args.distinct.max(1),
    );
    if requests.is_empty() {
        eprintln!("alb bench: the manifests give no rule to derive requests from");
        return Ok(ExitStatus::Error);
    }

    // Warm up caches and the allocator, then time batches.
    let mut rolls = Rolls::new(args.seed);
    let mut matched = 0u64;
    for request in requests.iter().take(10_000) {
        matched += u64::from(
            router
                .decide(group, request, rolls.next_roll())
                .rule
                .is_some(),
        );
    }
    let total = args.requests.max(BATCH as u64);
    let mut per_decision_ns: Vec<f64> = Vec::with_capacity((total / BATCH as u64) as usize + 1);
    let mut done = 0u64;
    let mut i = 0usize;
    let run = Instant::now();
    while done < total {
        let start = Instant::now();
        for _ in 0..BATCH {
            let request = &requests[i % requests.len()];
            i += 1;
            let decision = router.decide(group, request, rolls.next_roll());
            matched += u64::from(decision.rule.is_some());
        }
        per_decision_ns.push(start.elapsed().as_nanos() as f64 / BATCH as f64);
        done += BATCH as u64;
    }
    let elapsed = run.elapsed();
    per_decision_ns.sort_by(f64::total_cmp);
    let quantile = |q: f64| per_decision_ns[((per_decision_ns.len() - 1) as f64 * q) as usize];

    let mut out = output::stdout();
    writeln!(
        out,
        "engine: {} Ingresses, {rules} rules on {} listeners; {} distinct requests from the rules",
        manifest.ingresses.len(),
        listeners.len(),
        requests.len()
    )?;
    writeln!(
        out,
        "load {:.0} ms, compile {:.0} ms",
        loaded.as_secs_f64() * 1e3,
        compiled.as_secs_f64() * 1e3
    )?;
    writeln!(
        out,
        "decisions: {done} in {:.2} s = {:.0} decisions/s ({:.1}% matched a rule)",
        elapsed.as_secs_f64(),
        done as f64 / elapsed.as_secs_f64(),
        matched as f64 * 100.0 / (done + requests.len().min(10_000) as u64) as f64
    )?;
    writeln!(
        out,
        "ns/decision: median {:.0}, p90 {:.0}, p99 {:.0}, mean {:.0} (batches of {BATCH})",
        quantile(0.5),
        quantile(0.9),
        quantile(0.99),
        elapsed.as_nanos() as f64 / done as f64
    )?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// One request per rule (up to `distinct`, evenly spread): its host with wildcards filled in
/// and a path inside its path pattern, so most requests match and the index does real work.
fn sample_requests<'r>(
    rules: impl Iterator<Item = (Protocol, u16, &'r Rule)>,
    count: usize,
    distinct: usize,
) -> Vec<Request> {
    let step = count.div_ceil(distinct).max(1);
    rules
        .step_by(step)
        .filter_map(|(protocol, port, rule)| {
            let scheme = if protocol.is_tls() { "https" } else { "http" };
            let host = if rule.host.is_empty() {
                "any.example.com".to_string()
            } else {
                rule.host.replace(['*', '?'], "x")
            };
            let path = if rule.regex || rule.path.is_empty() {
                "/".to_string()
            } else {
                rule.path.replace(['*', '?'], "x")
            };
            Request::from_url(&format!("{scheme}://{host}:{port}{path}")).ok()
        })
        .collect()
}
