//! How long loading and compiling take, phase by phase, on a manifest set.
//!
//!     scripts/gen-manifests.py --ingresses 10000 > /tmp/big.yaml
//!     cargo run --release --example load_bench -- /tmp/big.yaml [RUNS]
//!
//! Prints the median and the fastest of RUNS runs (default 5) for: parsing YAML into node trees,
//! loading (parse + typed decode, what `alb` does before anything else), and compiling the
//! route table.

use std::time::{Duration, Instant};

use alb_engine::compile::{self, CompileOptions};
use alb_engine::manifest::{self, LoadOptions};
use alb_engine::{SourceFile, SourceMap, yaml};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: load_bench FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("load_bench: cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let mut sources = SourceMap::new();
    let file = sources.add(SourceFile::from_bytes(path.clone(), bytes));
    let text = &sources
        .get(file)
        .map(|f| f.text.clone())
        .unwrap_or_default();

    let (documents, _) = yaml::parse_documents(file, text);
    let (manifest, diagnostics) = manifest::load(&sources, &LoadOptions::default());
    let table = compile::compile(&manifest, &CompileOptions::default());
    let rules: usize = table
        .groups
        .iter()
        .flat_map(|g| &g.listeners)
        .map(|l| l.rules.len())
        .sum();
    println!(
        "{path}: {} bytes, {} documents, {} Ingresses, {} diagnostics, {rules} rules",
        text.len(),
        documents.len(),
        manifest.ingresses.len(),
        diagnostics.len()
    );
    drop(documents);

    report("parse YAML", runs, || {
        let _ = yaml::parse_documents(file, text);
    });
    report("load (parse + decode)", runs, || {
        let _ = manifest::load(&sources, &LoadOptions::default());
    });
    report("compile", runs, || {
        let _ = compile::compile(&manifest, &CompileOptions::default());
    });
}

fn report(phase: &str, runs: usize, mut f: impl FnMut()) {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{phase:<24} median {:>8.1} ms   fastest {:>8.1} ms",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
}
