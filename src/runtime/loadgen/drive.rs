//! Running a plan: one task per connection, each with its share of the templates, a progress
//! bar on stderr, and every connection's statistics added up at the end.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::plan::{Limit, Plan};
use super::schedule::{Run, assign};
use super::stats::{Report, Totals};
use super::worker::{worker_h1, worker_h2};

/// Run the plan to its end and gather the statistics.
pub async fn drive(plan: Arc<Plan>) -> Report {
    let start = Instant::now();
    let run = Arc::new(Run::new(&plan, start));
    let bar = plan.progress.then(|| progress(&plan, run.clone()));

    // Connections go to targets in proportion to their templates, at least one each.
    let mut per_target: Vec<Vec<usize>> = vec![Vec::new(); plan.targets.len()];
    for (i, t) in plan.templates.iter().enumerate() {
        per_target[t.target].push(i);
    }
    let assignment = assign(
        &per_target.iter().map(Vec::len).collect::<Vec<_>>(),
        plan.connections,
    );
    let mut workers = Vec::new();
    let mut seen = vec![0usize; plan.targets.len()];
    for target in assignment {
        let offset = seen[target];
        seen[target] += 1;
        let templates = per_target[target].clone();
        let (plan, run) = (plan.clone(), run.clone());
        workers.push(tokio::spawn(async move {
            let stats = if plan.http2 {
                worker_h2(&plan, &run, target, &templates, offset).await
            } else {
                worker_h1(&plan, &run, target, &templates, offset).await
            };
            (target, stats)
        }));
    }
    let mut totals = Totals::default();
    for worker in workers {
        if let Ok((target, stats)) = worker.await {
            totals.add(&plan.targets[target].label, stats);
        }
    }
    let elapsed = start.elapsed();
    run.finished.store(true, Ordering::Relaxed);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    totals.report(elapsed)
}

fn progress(plan: &Plan, run: Arc<Run>) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let (length, template) = match plan.limit {
        Limit::Duration(d) => (
            d.as_millis() as u64,
            "{spinner} [{bar:30}] {elapsed_precise} {msg}",
        ),
        Limit::Requests(n) => (n, "{spinner} [{bar:30}] {pos}/{len} {msg}"),
    };
    let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr_with_hz(5));
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    let limit = plan.limit;
    let ticker = bar.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_millis(200));
        while !run.finished.load(Ordering::Relaxed) {
            interval.tick().await;
            let done = run.done.load(Ordering::Relaxed);
            let secs = run.start.elapsed().as_secs_f64();
            match limit {
                Limit::Duration(_) => ticker.set_position((secs * 1e3) as u64),
                Limit::Requests(_) => ticker.set_position(done),
            }
            ticker.set_message(format!(
                "{done} requests, {:.0} req/s",
                done as f64 / secs.max(1e-3)
            ));
        }
    });
    bar
}
