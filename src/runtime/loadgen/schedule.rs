//! When requests go: the run's tickets (a request count or a deadline, and on an open loop
//! each request's intended send time), and which target each connection serves.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::plan::{Limit, Plan};

/// The shared side of a run: tickets and progress.
pub(super) struct Run {
    pub start: Instant,
    pub deadline: Option<Instant>,
    max: Option<u64>,
    rate: Option<f64>,
    issued: AtomicU64,
    /// Requests finished (answered or failed), for the progress bar.
    pub done: AtomicU64,
    pub finished: AtomicBool,
}

/// Leave to send one request.
pub(super) struct Ticket {
    /// When the request should be sent (open loop).
    pub intended: Option<Instant>,
}

impl Run {
    pub fn new(plan: &Plan, start: Instant) -> Run {
        Run {
            start,
            deadline: match plan.limit {
                Limit::Duration(d) => Some(start + d),
                Limit::Requests(_) => None,
            },
            max: match plan.limit {
                Limit::Requests(n) => Some(n),
                Limit::Duration(_) => None,
            },
            rate: plan.rate,
            issued: AtomicU64::new(0),
            done: AtomicU64::new(0),
            finished: AtomicBool::new(false),
        }
    }

    /// The next request's ticket; `None` once the run's limit is reached.
    pub fn ticket(&self) -> Option<Ticket> {
        let n = self.issued.fetch_add(1, Ordering::Relaxed);
        if self.max.is_some_and(|max| n >= max) {
            return None;
        }
        let intended = self
            .rate
            .map(|rate| self.start + Duration::from_secs_f64(n as f64 / rate));
        if let Some(deadline) = self.deadline {
            let at = intended.unwrap_or_else(Instant::now);
            if at >= deadline {
                return None;
            }
        }
        Some(Ticket { intended })
    }
}

/// Which target each connection serves: proportional to `weights` (largest remainder), every
/// target with a weight getting at least one connection.
pub(super) fn assign(weights: &[usize], connections: usize) -> Vec<usize> {
    let used: Vec<usize> = (0..weights.len()).filter(|i| weights[*i] > 0).collect();
    if used.is_empty() {
        return Vec::new();
    }
    let connections = connections.max(used.len());
    let total: usize = used.iter().map(|i| weights[*i]).sum();
    let mut counts: Vec<(usize, usize, usize)> = used
        .iter()
        .map(|i| {
            let exact = weights[*i] * (connections - used.len());
            (*i, 1 + exact / total, exact % total)
        })
        .collect();
    let mut left = connections - counts.iter().map(|c| c.1).sum::<usize>();
    let mut by_remainder: Vec<usize> = (0..counts.len()).collect();
    by_remainder.sort_by_key(|k| std::cmp::Reverse(counts[*k].2));
    for k in by_remainder {
        if left == 0 {
            break;
        }
        counts[k].1 += 1;
        left -= 1;
    }
    // Interleave, so the first connections opened cover every target.
    let mut out = Vec::with_capacity(connections);
    let mut round = 0;
    while out.len() < connections {
        for (target, count, _) in &counts {
            if *count > round {
                out.push(*target);
            }
        }
        round += 1;
    }
    out
}

/// Tokio's timer has a resolution of a millisecond and fires late (up to about two), never
/// early: aim that much before the intended time, so the timer's lateness is not counted as
/// latency. A request sent early is timed from its actual send.
pub(super) async fn wait_until(at: Instant) {
    let wake = at.checked_sub(TIMER_SLACK).unwrap_or(at);
    if wake > Instant::now() {
        tokio::time::sleep_until(wake.into()).await;
    }
}

const TIMER_SLACK: Duration = Duration::from_millis(2);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_follow_the_templates_with_one_per_target_at_least() {
        assert_eq!(assign(&[1], 3), vec![0, 0, 0]);
        let a = assign(&[20, 0, 3], 10);
        assert_eq!(a.len(), 10);
        assert_eq!(a.iter().filter(|t| **t == 2).count(), 2);
        assert_eq!(a.iter().filter(|t| **t == 1).count(), 0);
        assert_eq!(&a[..2], &[0, 2], "the first connections cover every target");
        assert_eq!(assign(&[5, 5, 5], 2).len(), 3, "one per target at least");
        assert!(assign(&[0], 4).is_empty());
    }
}
