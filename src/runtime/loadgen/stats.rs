//! What a run measures: each connection's counters (kept without locks, merged at the end),
//! who answered a request (the `x-alb-rule` and `x-alb-backend` headers, or an echo backend's
//! JSON body), and the [`Report`] `alb bench` renders.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use hdrhistogram::Histogram;

/// Why a request got no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Connect,
    Tls,
    Write,
    Read,
    Timeout,
    Protocol,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 6] = [
        ErrorKind::Connect,
        ErrorKind::Tls,
        ErrorKind::Write,
        ErrorKind::Read,
        ErrorKind::Timeout,
        ErrorKind::Protocol,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Connect => "connect",
            ErrorKind::Tls => "tls",
            ErrorKind::Write => "write",
            ErrorKind::Read => "read",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Protocol => "protocol",
        }
    }
}

/// Requests answered through one rule (the `x-alb-rule` response header).
#[derive(Clone, Debug, Default)]
pub struct RuleStats {
    pub requests: u64,
    pub status: BTreeMap<u16, u64>,
    pub backends: BTreeMap<String, u64>,
}

/// What a run measured.
pub struct Report {
    pub elapsed: Duration,
    /// Latency of answered requests, in microseconds.
    pub latency_us: Histogram<u64>,
    pub errors: BTreeMap<&'static str, u64>,
    pub status: BTreeMap<u16, u64>,
    pub backends: BTreeMap<String, u64>,
    /// By target label and `x-alb-rule` value.
    pub rules: BTreeMap<(String, String), RuleStats>,
    /// Responses: head and body bytes read.
    pub bytes: u64,
}

impl Report {
    pub fn answered(&self) -> u64 {
        self.latency_us.len()
    }

    pub fn errors_total(&self) -> u64 {
        self.errors.values().sum()
    }
}

/// Per `x-alb-rule` value: requests, (status, count) pairs, backend → requests.
type RuleCounts = (u64, Vec<(u16, u64)>, HashMap<Box<str>, u64>);

/// One connection's counters, merged into the report at the end.
pub(super) struct Stats {
    pub latency_us: Histogram<u64>,
    errors: [u64; 6],
    status: Vec<u64>,
    backends: HashMap<Box<str>, u64>,
    rules: HashMap<Box<str>, RuleCounts>,
    /// Response bytes read: heads, and bodies as framed on the wire.
    pub bytes: u64,
}

impl Stats {
    pub fn new() -> Stats {
        Stats {
            latency_us: Histogram::new(3).expect("3 significant figures is valid"),
            errors: [0; 6],
            status: vec![0; 1000],
            backends: HashMap::new(),
            rules: HashMap::new(),
            bytes: 0,
        }
    }

    pub fn error(&mut self, kind: ErrorKind) {
        self.errors[kind as usize] += 1;
    }

    /// The status, and which rule and backend answered (when the response says).
    pub fn answer(&mut self, status: u16, rule: Option<&str>, backend: Option<&str>) {
        self.status[usize::from(status).min(999)] += 1;
        if let Some(backend) = backend {
            bump(&mut self.backends, backend);
        }
        if let Some(rule) = rule {
            let entry = match self.rules.get_mut(rule) {
                Some(entry) => entry,
                None => self
                    .rules
                    .entry(rule.into())
                    .or_insert_with(|| (0, Vec::new(), HashMap::new())),
            };
            entry.0 += 1;
            match entry.1.iter_mut().find(|(s, _)| *s == status) {
                Some((_, n)) => *n += 1,
                None => entry.1.push((status, 1)),
            }
            if let Some(backend) = backend {
                bump(&mut entry.2, backend);
            }
        }
    }
}

/// Every connection's counters added up, then made into the [`Report`].
#[derive(Default)]
pub(super) struct Totals {
    latency_us: Option<Histogram<u64>>,
    errors: [u64; 6],
    status: BTreeMap<u16, u64>,
    backends: HashMap<Box<str>, u64>,
    rules: BTreeMap<(String, String), RuleStats>,
    bytes: u64,
}

impl Totals {
    /// Add one connection's counters; `label` is its target's.
    pub fn add(&mut self, label: &str, stats: Stats) {
        match &mut self.latency_us {
            Some(total) => {
                let _ = total.add(&stats.latency_us);
            }
            None => self.latency_us = Some(stats.latency_us),
        }
        for (t, s) in self.errors.iter_mut().zip(stats.errors) {
            *t += s;
        }
        for (status, n) in stats.status.iter().enumerate().filter(|(_, n)| **n > 0) {
            *self.status.entry(status as u16).or_default() += n;
        }
        for (k, v) in stats.backends {
            *self.backends.entry(k).or_default() += v;
        }
        for (rule, (n, status, backends)) in stats.rules {
            let entry = self
                .rules
                .entry((label.to_string(), rule.into_string()))
                .or_default();
            entry.requests += n;
            for (s, c) in status {
                *entry.status.entry(s).or_default() += c;
            }
            for (k, v) in backends {
                *entry.backends.entry(k.into_string()).or_default() += v;
            }
        }
        self.bytes += stats.bytes;
    }

    pub fn report(self, elapsed: Duration) -> Report {
        Report {
            elapsed,
            latency_us: self.latency_us.unwrap_or_else(|| Stats::new().latency_us),
            errors: ErrorKind::ALL
                .iter()
                .map(|k| (k.as_str(), self.errors[*k as usize]))
                .collect(),
            status: self.status,
            backends: self
                .backends
                .into_iter()
                .map(|(k, v)| (k.into_string(), v))
                .collect(),
            rules: self.rules,
            bytes: self.bytes,
        }
    }
}

fn bump(map: &mut HashMap<Box<str>, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.into(), 1);
        }
    }
}

pub(super) fn contains_token(value: &[u8], token: &[u8]) -> bool {
    value
        .split(|b| *b == b',' || *b == b';')
        .any(|part| part.trim_ascii().eq_ignore_ascii_case(token))
}

/// `service/pod` from the JSON body of an alb echo backend.
pub(super) fn echo_identity(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Echo<'a> {
        #[serde(borrow)]
        service: Option<Cow<'a, str>>,
        #[serde(borrow)]
        pod: Option<Cow<'a, str>>,
    }
    let echo: Echo = serde_json::from_slice(body).ok()?;
    match (echo.service, echo.pod) {
        (Some(service), Some(pod)) => Some(format!("{service}/{pod}")),
        (None, Some(pod)) => Some(pod.into_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_bodies_name_service_and_pod() {
        let body = br#"{"service":"default/web","pod":"replica-2","headers":{"a":["b"]}}"#;
        assert_eq!(
            echo_identity(body).as_deref(),
            Some("default/web/replica-2")
        );
        assert_eq!(echo_identity(b"ok"), None);
        assert_eq!(echo_identity(br#"{"service":"x"}"#), None);
    }

    #[test]
    fn tokens_in_header_values() {
        assert!(contains_token(b"gzip, chunked", b"chunked"));
        assert!(contains_token(
            b"application/json; charset=utf-8",
            b"application/json"
        ));
        assert!(!contains_token(b"keep-alive", b"close"));
    }

    #[test]
    fn connections_add_up_in_the_report() {
        let mut a = Stats::new();
        a.answer(200, Some("r1"), Some("web/a"));
        a.answer(503, Some("r1"), None);
        a.error(ErrorKind::Read);
        a.latency_us.record(10).unwrap();
        a.bytes = 7;
        let mut b = Stats::new();
        b.answer(200, Some("r1"), Some("web/b"));
        b.latency_us.record(20).unwrap();
        b.bytes = 5;
        let mut totals = Totals::default();
        totals.add("80/HTTP", a);
        totals.add("80/HTTP", b);
        let report = totals.report(Duration::from_secs(1));
        assert_eq!(report.answered(), 2);
        assert_eq!(report.errors["read"], 1);
        assert_eq!(report.errors_total(), 1);
        assert_eq!(report.status, BTreeMap::from([(200, 2), (503, 1)]));
        assert_eq!(report.backends.len(), 2);
        assert_eq!(report.bytes, 12);
        let rule = &report.rules[&("80/HTTP".to_string(), "r1".to_string())];
        assert_eq!(
            (rule.requests, rule.status[&200], rule.status[&503]),
            (3, 2, 1)
        );
    }
}
