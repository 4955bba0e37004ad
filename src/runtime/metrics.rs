//! Counters for `/metrics` (Prometheus text format).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

use alb_engine::route::RuleRef;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default)]
struct Counts {
    /// (rule, status) → endpoint → requests. Keyed so a request that is already counted
    /// allocates nothing; rule names are rendered only when scraped.
    requests: BTreeMap<(Option<RuleRef>, u16), BTreeMap<String, u64>>,
    latency_buckets: [u64; BUCKETS.len()],
    latency_count: u64,
    latency_sum: f64,
}

#[derive(Default)]
pub struct Metrics {
    counts: Mutex<Counts>,
}

impl Metrics {
    pub fn record(&self, rule: Option<RuleRef>, backend: &str, status: u16, elapsed: Duration) {
        let Ok(mut c) = self.counts.lock() else {
            return;
        };
        let by_backend = c.requests.entry((rule, status)).or_default();
        match by_backend.get_mut(backend) {
            Some(n) => *n += 1,
            None => {
                by_backend.insert(backend.to_string(), 1);
            }
        }
        let secs = elapsed.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                c.latency_buckets[i] += 1;
            }
        }
        c.latency_count += 1;
        c.latency_sum += secs;
    }

    /// The Prometheus exposition; `rule_name` names a rule of the current table; `health`
    /// lists (endpoint, healthy) pairs.
    pub fn render(
        &self,
        rule_name: impl Fn(Option<RuleRef>) -> String,
        health: &[(String, bool)],
    ) -> String {
        let mut out = String::new();
        let Ok(c) = self.counts.lock() else {
            return out;
        };
        out.push_str(
            "# HELP alb_requests_total Requests answered, by rule, backend endpoint and status.\n",
        );
        out.push_str("# TYPE alb_requests_total counter\n");
        for ((rule, status), by_backend) in &c.requests {
            let rule = rule_name(*rule);
            for (backend, n) in by_backend {
                let _ = writeln!(
                    out,
                    "alb_requests_total{{rule=\"{}\",backend=\"{}\",status=\"{status}\"}} {n}",
                    escape(&rule),
                    escape(backend)
                );
            }
        }
        out.push_str("# HELP alb_request_duration_seconds Time from receiving a request to its response head.\n");
        out.push_str("# TYPE alb_request_duration_seconds histogram\n");
        for (bound, n) in BUCKETS.iter().zip(c.latency_buckets) {
            let _ = writeln!(
                out,
                "alb_request_duration_seconds_bucket{{le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "alb_request_duration_seconds_bucket{{le=\"+Inf\"}} {}",
            c.latency_count
        );
        let _ = writeln!(out, "alb_request_duration_seconds_sum {}", c.latency_sum);
        let _ = writeln!(
            out,
            "alb_request_duration_seconds_count {}",
            c.latency_count
        );
        out.push_str("# HELP alb_backend_healthy Whether an endpoint is healthy (1) or not (0).\n");
        out.push_str("# TYPE alb_backend_healthy gauge\n");
        for (endpoint, healthy) in health {
            let _ = writeln!(
                out,
                "alb_backend_healthy{{backend=\"{}\"}} {}",
                escape(endpoint),
                u8::from(*healthy)
            );
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
