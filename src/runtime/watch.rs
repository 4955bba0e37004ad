//! `--watch`: re-read the manifests when a file changes, lint them, and swap the route table
//! only when they have no errors. In-flight requests keep the table they started with.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use alb_engine::Severity;
use alb_engine::lint::{self, LintOptions};

use super::ServeOptions;
use super::config;
use super::proxy::Shared;

const POLL: Duration = Duration::from_millis(500);

/// Modification times of every manifest file under the inputs.
fn snapshot(paths: &[PathBuf]) -> BTreeMap<PathBuf, Option<SystemTime>> {
    let mut out = BTreeMap::new();
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
            }
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            || paths.contains(&path)
        {
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            out.insert(path, modified);
        }
    }
    out
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

pub async fn run(options: ServeOptions, shared: Arc<Shared>) {
    let mut last = snapshot(&options.inputs.paths);
    loop {
        tokio::time::sleep(POLL).await;
        let now = snapshot(&options.inputs.paths);
        if now == last {
            continue;
        }
        let changed: Vec<String> = now
            .iter()
            .filter(|(p, m)| last.get(*p) != Some(m))
            .map(|(p, _)| display(p))
            .chain(
                last.keys()
                    .filter(|p| !now.contains_key(*p))
                    .map(|p| display(p)),
            )
            .collect();
        last = now;
        eprintln!("alb serve: {} changed; reloading", changed.join(", "));
        reload(&options, &shared);
    }
}

fn reload(options: &ServeOptions, shared: &Shared) {
    let loaded = match config::load(options) {
        Ok(Ok(loaded)) => loaded,
        Ok(Err(message)) => {
            eprintln!("alb serve: reload failed, still serving the previous routes: {message}");
            return;
        }
        Err(error) => {
            eprintln!("alb serve: reload failed, still serving the previous routes: {error:#}");
            return;
        }
    };
    let report = match lint::lint(
        &loaded.manifest,
        loaded.diagnostics.clone(),
        &LintOptions {
            controller: options.inputs.controller,
            ..LintOptions::default()
        },
    ) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("alb serve: reload failed, still serving the previous routes: {error}");
            return;
        }
    };
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        let mut err = std::io::stderr().lock();
        let _ = crate::output::diagnostics::render_human(&mut err, &errors, &loaded.sources, false);
        eprintln!(
            "alb serve: the new manifests have {} error(s); still serving the previous routes",
            errors.len()
        );
        return;
    }
    let old = shared.loaded.load();
    let old_listeners: Vec<_> = old.listeners.iter().map(|(k, _)| *k).collect();
    let new_listeners: Vec<_> = loaded.listeners.iter().map(|(k, _)| *k).collect();
    if old_listeners != new_listeners {
        eprintln!("alb serve: the listeners changed; restart alb serve to bind the new ones");
    }
    let rules: usize = loaded.router.table().groups[loaded.group]
        .listeners
        .iter()
        .map(|l| l.rules.len())
        .sum();
    // Health and scheduler state carry over for the backends that did not change.
    if let Ok(mut state) = shared.state.lock() {
        state.sync(loaded.groups.iter(), shared.now());
        // Rules may be renumbered: start the QPS buckets afresh.
        state.limits_mut().retain_rules(|_| false);
    }
    shared.loaded.store(Arc::new(loaded));
    eprintln!("alb serve: reloaded: {rules} rules");
}
