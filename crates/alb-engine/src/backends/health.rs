//! Active health checks: a state machine per endpoint, driven by the caller's clock.
//!
//! The engine never sends a probe or reads a clock. [`HealthTable::due_probes`] says which
//! probes to send now and what they look like; the caller sends them and reports each result
//! with the time it arrived ([`HealthTable::on_result`]); [`HealthTable::next_probe_at`] says
//! when to ask again. Semantics follow the `healthcheck-*` annotations (§2.4, §6.1):
//!
//! - one probe in flight per endpoint; the next is due `interval` after the previous result
//!   (or after its timeout), as Envoy and nginx's upstream check space them;
//! - a result later than `timeout` after its probe was sent counts as a timeout, and a probe
//!   with no result by then times out on its own at the next [`HealthTable::due_probes`];
//! - HTTP probes pass on a status in the configured classes (`http_2xx` … `http_5xx`); TCP
//!   probes pass when the connection opens, whatever follows;
//! - health flips only after `unhealthy_threshold` consecutive failures (or
//!   `healthy_threshold` consecutive successes), never before; a result agreeing with the
//!   current state resets the count.
//!
//! **Initial state: healthy** (see [`HealthConfig::start_healthy`]), with the first probe due
//! at once. `alb route` runs no probes, so endpoints that started unhealthy would make every
//! health-checked group answer 503; and `alb serve` should answer as soon as it starts, the
//! way a group that has been running for a while does. A real ALB may hold new backends back
//! until they pass; a broken endpoint here is taken out after `unhealthy_threshold` failed
//! probes, which the first probes reveal within `unhealthy_threshold × interval`.
//! With health checks disabled (the controller's default) every endpoint is always healthy.

use std::collections::BTreeMap;
use std::time::Duration;

use super::group::{Endpoint, ServerGroupId};
use crate::annotations::HealthCheck;

/// What a probe speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProbeProtocol {
    /// A request with the configured method and path; passes on a configured status class.
    Http,
    /// A connection; passes when it opens.
    Tcp,
}

impl ProbeProtocol {
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeProtocol::Http => "HTTP",
            ProbeProtocol::Tcp => "TCP",
        }
    }
}

/// The HTTP status classes that count as healthy: bit `n` for `http_nxx`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatusClasses(u8);

impl StatusClasses {
    pub const HTTP_2XX: StatusClasses = StatusClasses(1 << 2);

    /// `http_2xx` … `http_5xx` as `healthcheck-httpcode` lists them. Entries are trimmed
    /// (the controller sends `" http_3xx"` verbatim and the API would refuse it; alb reads
    /// what was meant) and unknown ones skipped; nothing valid leaves the default `http_2xx`.
    pub fn parse(codes: &[String]) -> StatusClasses {
        let bits = codes
            .iter()
            .filter_map(|c| match c.trim() {
                "http_2xx" => Some(2),
                "http_3xx" => Some(3),
                "http_4xx" => Some(4),
                "http_5xx" => Some(5),
                _ => None,
            })
            .fold(0_u8, |bits, class| bits | (1 << class));
        if bits == 0 {
            StatusClasses::HTTP_2XX
        } else {
            StatusClasses(bits)
        }
    }

    pub fn contains(self, status: u16) -> bool {
        let class = status / 100;
        (2..=5).contains(&class) && self.0 & (1 << class) != 0
    }

    /// `http_2xx,http_3xx`.
    pub fn names(self) -> String {
        (2..=5)
            .filter(|c| self.0 & (1 << c) != 0)
            .map(|c| format!("http_{c}xx"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// A server group's health check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthConfig {
    /// Off: every endpoint is healthy and nothing is probed.
    pub enabled: bool,
    pub protocol: ProbeProtocol,
    /// `HEAD`, `GET`, `POST`.
    pub method: String,
    pub path: String,
    pub codes: StatusClasses,
    pub interval: Duration,
    pub timeout: Duration,
    /// Consecutive successes that make an unhealthy endpoint healthy (≥ 1).
    pub healthy_threshold: u32,
    /// Consecutive failures that make a healthy endpoint unhealthy (≥ 1).
    pub unhealthy_threshold: u32,
    /// `None`: the endpoint's own port.
    pub connect_port: Option<u16>,
    /// The state of an endpoint not probed yet. `true` (the default): see the module docs.
    pub start_healthy: bool,
}

impl Default for HealthConfig {
    /// The controller's defaults (§6.1), disabled.
    fn default() -> HealthConfig {
        HealthConfig::from_annotation(&HealthCheck::default())
    }
}

impl HealthConfig {
    /// The `healthcheck-*` annotations as the ALB would apply them. Values the API would
    /// refuse are brought into range (intervals and timeouts at least 1 s, thresholds at
    /// least 1); lint reports them. `HTTPS` and `GRPC` (managed controller only) probe as
    /// HTTP.
    pub fn from_annotation(hc: &HealthCheck) -> HealthConfig {
        let secs = |s: i64| Duration::from_secs(s.clamp(1, 3_600) as u64);
        let count = |n: i64| n.clamp(1, 100) as u32;
        HealthConfig {
            enabled: hc.enabled,
            protocol: if hc.protocol.trim().eq_ignore_ascii_case("TCP") {
                ProbeProtocol::Tcp
            } else {
                ProbeProtocol::Http
            },
            method: hc.method.trim().to_ascii_uppercase(),
            path: hc.path.clone(),
            codes: StatusClasses::parse(&hc.httpcodes),
            interval: secs(hc.interval_s),
            timeout: secs(hc.timeout_s),
            healthy_threshold: count(hc.healthy_threshold),
            unhealthy_threshold: count(hc.unhealthy_threshold),
            connect_port: u16::try_from(hc.connect_port).ok().filter(|&p| p != 0),
            start_healthy: true,
        }
    }

    /// Whether `outcome` counts as a pass.
    pub fn passes(&self, outcome: ProbeOutcome) -> bool {
        match (self.protocol, outcome) {
            (ProbeProtocol::Http, ProbeOutcome::Status(s)) => self.codes.contains(s),
            (ProbeProtocol::Tcp, ProbeOutcome::Status(_)) => true,
            (_, ProbeOutcome::ConnectFailed | ProbeOutcome::TimedOut) => false,
        }
    }
}

/// What became of a probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProbeOutcome {
    /// The backend answered with this status (TCP probes: the connection opened; pass any
    /// status, e.g. 0).
    Status(u16),
    ConnectFailed,
    TimedOut,
}

/// A probe to send now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub group: ServerGroupId,
    /// The endpoint's address; report the result under it.
    pub address: String,
    pub protocol: ProbeProtocol,
    /// HTTP only.
    pub method: String,
    /// HTTP only.
    pub path: String,
    /// `None`: the endpoint's own port.
    pub port: Option<u16>,
    /// Give up after this long and report [`ProbeOutcome::TimedOut`].
    pub timeout: Duration,
    pub sent_at: Duration,
}

/// A flip of one endpoint's health.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthChange {
    pub address: String,
    pub healthy: bool,
    pub at: Duration,
}

/// One endpoint's state machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointHealth {
    healthy: bool,
    /// Consecutive results disagreeing with `healthy`.
    streak: u32,
    next_probe_at: Duration,
    /// When the probe in flight was sent.
    in_flight: Option<Duration>,
    last: Option<ProbeOutcome>,
}

impl EndpointHealth {
    pub fn new(config: &HealthConfig, now: Duration) -> EndpointHealth {
        EndpointHealth {
            healthy: config.start_healthy,
            streak: 0,
            next_probe_at: now,
            in_flight: None,
            last: None,
        }
    }

    pub fn is_healthy(&self) -> bool {
        self.healthy
    }

    /// Consecutive results against the current state so far.
    pub fn streak(&self) -> u32 {
        self.streak
    }

    pub fn last_outcome(&self) -> Option<ProbeOutcome> {
        self.last
    }

    /// Count one result; `Some(new state)` when it flips health.
    fn record(
        &mut self,
        config: &HealthConfig,
        now: Duration,
        outcome: ProbeOutcome,
    ) -> Option<bool> {
        self.in_flight = None;
        self.next_probe_at = now + config.interval;
        self.last = Some(outcome);
        let passed = config.passes(outcome);
        if passed == self.healthy {
            self.streak = 0;
            return None;
        }
        self.streak += 1;
        let needed = if self.healthy {
            config.unhealthy_threshold
        } else {
            config.healthy_threshold
        };
        if self.streak < needed {
            return None;
        }
        self.healthy = passed;
        self.streak = 0;
        Some(passed)
    }
}

/// The health of one server group's endpoints, by address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthTable {
    config: HealthConfig,
    endpoints: BTreeMap<String, EndpointHealth>,
}

impl HealthTable {
    pub fn new(config: HealthConfig, endpoints: &[Endpoint], now: Duration) -> HealthTable {
        let mut table = HealthTable {
            config,
            endpoints: BTreeMap::new(),
        };
        table.sync(table.config.clone(), endpoints, now);
        table
    }

    pub fn config(&self) -> &HealthConfig {
        &self.config
    }

    /// Follow a changed group: endpoints still present keep their state, new ones start
    /// afresh, removed ones are forgotten. A changed check (other path, thresholds) keeps
    /// the states too; it applies from the next result.
    pub fn sync(&mut self, config: HealthConfig, endpoints: &[Endpoint], now: Duration) {
        if !config.enabled {
            self.endpoints.clear();
        } else {
            let mut kept = BTreeMap::new();
            for e in endpoints {
                let state = self
                    .endpoints
                    .remove(&e.address)
                    .unwrap_or_else(|| EndpointHealth::new(&config, now));
                kept.insert(e.address.clone(), state);
            }
            self.endpoints = kept;
        }
        self.config = config;
    }

    /// Healthy, or health checks are off, or the address is not checked.
    pub fn is_healthy(&self, address: &str) -> bool {
        !self.config.enabled || self.endpoints.get(address).is_none_or(|e| e.healthy)
    }

    pub fn endpoint(&self, address: &str) -> Option<&EndpointHealth> {
        self.endpoints.get(address)
    }

    /// Every checked endpoint, by address.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &EndpointHealth)> {
        self.endpoints.iter().map(|(a, h)| (a.as_str(), h))
    }

    /// Time out probes past their deadline, then start and return every probe due at `now`
    /// (by address). The flips the timeouts caused are in the second element.
    pub fn due_probes(
        &mut self,
        group: &ServerGroupId,
        now: Duration,
    ) -> (Vec<Probe>, Vec<HealthChange>) {
        let mut probes = Vec::new();
        let mut changes = Vec::new();
        if !self.config.enabled {
            return (probes, changes);
        }
        let config = &self.config;
        for (address, state) in &mut self.endpoints {
            if let Some(sent) = state.in_flight {
                let deadline = sent + config.timeout;
                if now < deadline {
                    continue;
                }
                if let Some(healthy) = state.record(config, deadline, ProbeOutcome::TimedOut) {
                    changes.push(HealthChange {
                        address: address.clone(),
                        healthy,
                        at: deadline,
                    });
                }
            }
            if state.next_probe_at <= now {
                state.in_flight = Some(now);
                probes.push(Probe {
                    group: group.clone(),
                    address: address.clone(),
                    protocol: config.protocol,
                    method: config.method.clone(),
                    path: config.path.clone(),
                    port: config.connect_port,
                    timeout: config.timeout,
                    sent_at: now,
                });
            }
        }
        (probes, changes)
    }

    /// When [`HealthTable::due_probes`] next has something to do: a probe due or one timing
    /// out. `None` when nothing is checked.
    pub fn next_probe_at(&self) -> Option<Duration> {
        if !self.config.enabled {
            return None;
        }
        self.endpoints
            .values()
            .map(|s| match s.in_flight {
                Some(sent) => sent + self.config.timeout,
                None => s.next_probe_at,
            })
            .min()
    }

    /// The result of the probe in flight to `address`, arrived at `now`. A result later than
    /// the timeout counts as [`ProbeOutcome::TimedOut`]; one with no probe in flight (already
    /// timed out, or never sent) is ignored. `Some` when health flips.
    pub fn on_result(
        &mut self,
        address: &str,
        now: Duration,
        outcome: ProbeOutcome,
    ) -> Option<HealthChange> {
        if !self.config.enabled {
            return None;
        }
        let state = self.endpoints.get_mut(address)?;
        let sent = state.in_flight?;
        let outcome = if now.saturating_sub(sent) > self.config.timeout {
            ProbeOutcome::TimedOut
        } else {
            outcome
        };
        let healthy = state.record(&self.config, now.max(sent), outcome)?;
        Some(HealthChange {
            address: address.to_string(),
            healthy,
            at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::ServiceTarget;

    const S: Duration = Duration::from_secs(1);

    fn group() -> ServerGroupId {
        ServerGroupId::new(
            "default/demo",
            ServiceTarget {
                namespace: "default".into(),
                service: "web".into(),
                port: 80,
            },
        )
    }

    fn config(healthy: i64, unhealthy: i64) -> HealthConfig {
        HealthConfig::from_annotation(&HealthCheck {
            enabled: true,
            healthy_threshold: healthy,
            unhealthy_threshold: unhealthy,
            ..HealthCheck::default()
        })
    }

    /// Send the due probe at `*now`, answer it 10 ms later, move the clock to the next
    /// probe. Returns whether the endpoint is healthy afterwards, and any flip.
    fn probe(
        table: &mut HealthTable,
        now: &mut Duration,
        outcome: ProbeOutcome,
    ) -> (bool, Option<HealthChange>) {
        let (probes, _) = table.due_probes(&group(), *now);
        assert_eq!(probes.len(), 1, "a probe is due at {now:?}");
        let change = table.on_result("a", *now + Duration::from_millis(10), outcome);
        *now = table.next_probe_at().expect("next probe");
        (table.is_healthy("a"), change)
    }

    #[test]
    fn flips_exactly_at_the_thresholds_in_both_directions() {
        for (up, down) in [(2, 3), (3, 2), (5, 4), (2, 10)] {
            let mut table =
                HealthTable::new(config(up, down), &[Endpoint::new("a")], Duration::ZERO);
            let mut now = Duration::ZERO;
            assert!(table.is_healthy("a"), "starts healthy");
            let ok = ProbeOutcome::Status(200);
            let bad = ProbeOutcome::Status(503);

            // down-1 failures, then a success: the count starts over.
            for _ in 0..down - 1 {
                assert_eq!(probe(&mut table, &mut now, bad), (true, None));
            }
            assert_eq!(probe(&mut table, &mut now, ok), (true, None));
            // down-1 failures keep it healthy; the down-th flips it, not one earlier.
            for _ in 0..down - 1 {
                assert!(probe(&mut table, &mut now, bad).0);
            }
            let (healthy, change) = probe(&mut table, &mut now, ProbeOutcome::ConnectFailed);
            assert!(!healthy);
            assert!(!change.unwrap().healthy);

            // Back up: up-1 successes, a failure resets, then exactly `up` successes.
            for _ in 0..up - 1 {
                assert_eq!(probe(&mut table, &mut now, ok), (false, None));
            }
            assert_eq!(probe(&mut table, &mut now, bad), (false, None));
            for _ in 0..up - 1 {
                assert_eq!(probe(&mut table, &mut now, ok), (false, None));
            }
            let (healthy, change) = probe(&mut table, &mut now, ok);
            assert!(healthy);
            assert!(change.unwrap().healthy);
        }
    }

    #[test]
    fn probes_are_spaced_by_the_interval_after_each_result() {
        let mut table = HealthTable::new(config(3, 3), &[Endpoint::new("a")], 5 * S);
        // Due at once, then nothing until the result plus the interval (2 s by default).
        let (probes, _) = table.due_probes(&group(), 5 * S);
        assert_eq!(
            probes,
            [Probe {
                group: group(),
                address: "a".into(),
                protocol: ProbeProtocol::Http,
                method: "HEAD".into(),
                path: "/".into(),
                port: None,
                timeout: 5 * S,
                sent_at: 5 * S,
            }]
        );
        assert!(table.due_probes(&group(), 6 * S).0.is_empty());
        assert_eq!(table.next_probe_at(), Some(10 * S), "the timeout deadline");
        table.on_result("a", 6 * S, ProbeOutcome::Status(204));
        assert_eq!(table.next_probe_at(), Some(8 * S));
        assert!(
            table
                .due_probes(&group(), 8 * S - Duration::from_nanos(1))
                .0
                .is_empty()
        );
        assert_eq!(table.due_probes(&group(), 8 * S).0.len(), 1);
    }

    #[test]
    fn a_probe_without_an_answer_times_out_on_its_own() {
        let mut table = HealthTable::new(config(2, 2), &[Endpoint::new("a")], Duration::ZERO);
        table.due_probes(&group(), Duration::ZERO);
        // No answer: at the deadline (5 s) it counts as a failure; the next is due 2 s later.
        let (probes, changes) = table.due_probes(&group(), 5 * S);
        assert!(probes.is_empty() && changes.is_empty());
        assert_eq!(
            table.endpoint("a").unwrap().last_outcome(),
            Some(ProbeOutcome::TimedOut)
        );
        assert_eq!(table.next_probe_at(), Some(7 * S));
        table.due_probes(&group(), 7 * S);
        // A late answer counts as a timeout too, and is the second failure.
        let change = table.on_result("a", 13 * S, ProbeOutcome::Status(200));
        assert_eq!(
            change,
            Some(HealthChange {
                address: "a".into(),
                healthy: false,
                at: 13 * S
            })
        );
        // An answer with no probe in flight is ignored.
        assert_eq!(
            table.on_result("a", 14 * S, ProbeOutcome::Status(200)),
            None
        );
        assert_eq!(table.endpoint("a").unwrap().streak(), 0);
    }

    #[test]
    fn status_classes_and_tcp() {
        let codes = StatusClasses::parse(&["http_2xx".into(), " http_3xx".into(), "bogus".into()]);
        assert_eq!(codes.names(), "http_2xx,http_3xx");
        assert!(codes.contains(200) && codes.contains(302) && !codes.contains(404));
        assert!(!codes.contains(100) && !codes.contains(600));
        assert_eq!(StatusClasses::parse(&[]), StatusClasses::HTTP_2XX);

        let mut tcp = config(2, 2);
        tcp.protocol = ProbeProtocol::Tcp;
        assert!(tcp.passes(ProbeOutcome::Status(500)));
        assert!(!tcp.passes(ProbeOutcome::ConnectFailed));
        assert!(!config(2, 2).passes(ProbeOutcome::Status(500)));
    }

    #[test]
    fn disabled_is_always_healthy_and_never_probes() {
        let mut table = HealthTable::new(
            HealthConfig::default(),
            &[Endpoint::new("a")],
            Duration::ZERO,
        );
        assert!(table.is_healthy("a"));
        assert!(table.due_probes(&group(), 100 * S).0.is_empty());
        assert_eq!(table.next_probe_at(), None);
        assert_eq!(table.on_result("a", S, ProbeOutcome::ConnectFailed), None);
        assert!(table.is_healthy("a"));
    }

    #[test]
    fn sync_keeps_the_state_of_endpoints_still_present() {
        let mut table = HealthTable::new(
            config(2, 2),
            &[Endpoint::new("a"), Endpoint::new("b")],
            Duration::ZERO,
        );
        for at in [0, 2] {
            table.due_probes(&group(), at * S);
            table.on_result("a", at * S, ProbeOutcome::ConnectFailed);
            table.on_result("b", at * S, ProbeOutcome::Status(200));
        }
        assert!(!table.is_healthy("a"));
        table.sync(
            config(2, 2),
            &[Endpoint::new("a"), Endpoint::new("c")],
            3 * S,
        );
        assert!(!table.is_healthy("a"));
        assert!(table.is_healthy("c"));
        assert!(table.endpoint("b").is_none());
    }
}
