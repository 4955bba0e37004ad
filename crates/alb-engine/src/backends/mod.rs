//! Which backend a forwarded request reaches: server groups, schedulers, sticky sessions and
//! health checks — deterministic, with time and chance passed in.
//!
//! After [`crate::route::Router::decide`] has chosen a rule and a weighted target, the caller
//! builds (or looks up) the target's [`ServerGroupSpec`] — immutable, rebuilt on reload — and
//! asks [`BackendState::select`] for an endpoint. `BackendState` holds everything that
//! changes while requests flow: round-robin scores, connection counts, health, token buckets,
//! keyed by [`ServerGroupId`], endpoint address and [`RuleRef`], so `serve` can swap route
//! tables and keep the state of the backends that did not change.
//!
//! Choosing and checking are separate, as in pingora: the schedulers ([`SmoothWrr`],
//! [`least_connections`], [`HashRing`]) take an `accept` predicate, and the state passes one
//! that says "healthy, and not already failed for this request".
//!
//! `alb route` calls `select` on a fresh state (no connections, every endpoint healthy); `alb
//! serve` keeps one state, reports connections ([`BackendState::on_start`] /
//! [`BackendState::on_finish`]), sends the probes [`BackendState::due_probes`] asks for and
//! reports their results ([`BackendState::on_probe_result`]).

mod group;
mod hash;
mod health;
mod sticky;
mod wlc;
mod wrr;

pub use group::{
    DEFAULT_WEIGHT, Endpoint, EndpointId, EndpointSource, ResolvedEndpoints, ServerGroupId,
    ServerGroupSpec, local_replicas, replica_count, resolve_endpoints,
};
pub use hash::{HashRing, POINTS_PER_WEIGHT_100, hash64};
pub use health::{
    EndpointHealth, HealthChange, HealthConfig, HealthTable, Probe, ProbeOutcome, ProbeProtocol,
    StatusClasses,
};
pub use sticky::{
    AffinityMode, Binding, CanaryBehavior, CookieAttributes, CookieContext, CookieOwner,
    CookiePath, CookieSpec, INGRESSCOOKIE, NginxAffinity, SERVERCORSID, SERVERID, StickyPolicy,
    backend_key, cookie_time, endpoint_token, same_site_none_compatible,
};
pub use wlc::least_connections;
pub use wrr::SmoothWrr;

use core::net::IpAddr;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::annotations::Scheduler;
use crate::limits::{Admission, RateLimiter, TrafficLimit};
use crate::route::{Request, RuleRef, Scheme};

/// New sessions of ingress-nginx's `balanced` mode try this many random keys for one whose
/// endpoint is usable (its Lua balancer tries 20).
const HASHED_KEY_TRIES: u64 = 20;

/// The endpoint a request goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub endpoint: EndpointId,
    pub address: String,
    /// Set-Cookie header values the load balancer adds to the response.
    pub set_cookies: Vec<String>,
    /// How the endpoint was chosen, for traces.
    pub reason: Cow<'static, str>,
}

/// No endpoint can take the request: the load balancer answers
/// [`NoHealthyEndpoint::STATUS`] (§6.8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoHealthyEndpoint {
    pub reason: String,
}

impl NoHealthyEndpoint {
    pub const STATUS: u16 = 503;
}

/// A request as backend selection sees it.
#[derive(Clone, Copy, Debug)]
pub struct SelectInput<'a> {
    pub request: &'a Request,
    /// Endpoints that already failed this request (a retry): they are skipped, and a sticky
    /// session pinned to one moves unless its policy keeps sessions on failure.
    pub failed: &'a [EndpointId],
    /// The matched rule's path, for cookies whose Path is the location (ingress-nginx).
    pub location_path: &'a str,
    /// Wall-clock seconds since the Unix epoch, for cookie `Expires`; `None` leaves it out.
    pub unix_time: Option<u64>,
}

impl<'a> SelectInput<'a> {
    pub fn new(request: &'a Request) -> SelectInput<'a> {
        SelectInput {
            request,
            failed: &[],
            location_path: "/",
            unix_time: request.unix_time,
        }
    }
}

/// Health probes to send now, and health flips caused by probes that timed out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProbeRound {
    pub probes: Vec<Probe>,
    pub changes: Vec<(ServerGroupId, HealthChange)>,
}

/// All mutable backend state, beside the immutable route table.
#[derive(Clone, Debug, Default)]
pub struct BackendState {
    /// Keyed by the specs' own ids: a lookup with the same `Arc` compares no names.
    groups: BTreeMap<Arc<ServerGroupId>, GroupState>,
    /// Open connections by group and address; kept apart from the groups so connections
    /// opened before a reload finish against the same counts.
    connections: BTreeMap<Arc<ServerGroupId>, BTreeMap<String, u64>>,
    limits: RateLimiter,
}

#[derive(Clone, Debug)]
struct GroupState {
    /// The endpoints the state below is aligned with.
    endpoints: Vec<Endpoint>,
    health: HealthTable,
    wrr: SmoothWrr,
    /// Built on first use for these endpoints.
    ring: Option<HashRing>,
    /// Cookie tokens of the endpoints, under the salt they were made with.
    tokens: Option<(String, Vec<String>)>,
}

impl GroupState {
    fn new(spec: &ServerGroupSpec, now: Duration) -> GroupState {
        GroupState {
            endpoints: spec.endpoints.clone(),
            health: HealthTable::new(spec.health.clone(), &spec.endpoints, now),
            wrr: SmoothWrr::new(spec.endpoints.len()),
            ring: None,
            tokens: None,
        }
    }

    /// Follow a changed spec, keeping what belongs to unchanged endpoints.
    fn update(&mut self, spec: &ServerGroupSpec, now: Duration) {
        let changed = self.endpoints != spec.endpoints;
        if changed {
            self.wrr.remap(&self.endpoints, &spec.endpoints);
            self.endpoints = spec.endpoints.clone();
            self.ring = None;
            self.tokens = None;
        }
        if changed || *self.health.config() != spec.health {
            self.health.sync(spec.health.clone(), &spec.endpoints, now);
        }
    }
}

impl BackendState {
    pub fn new() -> BackendState {
        BackendState::default()
    }

    /// Adopt the groups of a (re)loaded table: new groups start fresh, changed ones keep the
    /// state of their unchanged endpoints, groups no longer present are dropped. Optional:
    /// `select` adopts a group it has not seen; `sync` also starts health checks before the
    /// first request and forgets old groups.
    pub fn sync<'s>(
        &mut self,
        groups: impl IntoIterator<Item = &'s ServerGroupSpec>,
        now: Duration,
    ) {
        let mut kept = BTreeMap::new();
        for spec in groups {
            let mut state = self
                .groups
                .remove(&*spec.id)
                .unwrap_or_else(|| GroupState::new(spec, now));
            state.update(spec, now);
            kept.insert(Arc::clone(&spec.id), state);
        }
        self.groups = kept;
    }

    /// The endpoint of `group` for `request`: see [`BackendState::select_with`].
    pub fn select(
        &mut self,
        group: &ServerGroupSpec,
        request: &Request,
        now: Duration,
        roll: u64,
    ) -> Result<Selection, NoHealthyEndpoint> {
        self.select_with(group, &SelectInput::new(request), now, roll)
    }

    /// The endpoint of `group` for a request: its sticky session's endpoint when that one is
    /// healthy, else the scheduler's pick among healthy endpoints (and a new sticky cookie).
    /// `roll` is used only where the simulated load balancer picks at random (ingress-nginx
    /// affinity); ALB's schedulers are deterministic.
    pub fn select_with(
        &mut self,
        group: &ServerGroupSpec,
        input: &SelectInput<'_>,
        now: Duration,
        roll: u64,
    ) -> Result<Selection, NoHealthyEndpoint> {
        let no_connections = BTreeMap::new();
        let connections = self.connections.get(&*group.id).unwrap_or(&no_connections);
        if !self.groups.contains_key(&*group.id) {
            self.groups
                .insert(Arc::clone(&group.id), GroupState::new(group, now));
        }
        let state = self.groups.get_mut(&*group.id).expect("inserted above");
        state.update(group, now);
        let GroupState {
            health,
            wrr,
            ring,
            tokens,
            ..
        } = state;
        let mut picker = Picker {
            group,
            input,
            health,
            connections,
            wrr,
            ring,
        };
        picker.check_any()?;
        match &group.sticky {
            None => {
                let (id, how) = picker.schedule()?;
                Ok(picker.selection(id, Vec::new(), how))
            }
            Some(policy) => picker.sticky(policy, tokens, roll),
        }
    }

    /// A connection to `address` of `group` opened (for `wlc`).
    pub fn on_start(&mut self, group: &Arc<ServerGroupId>, address: &str) {
        // Looked up by reference first: serve calls this for every request, and the keys
        // are only built the first time.
        if let Some(by_address) = self.connections.get_mut(&**group) {
            match by_address.get_mut(address) {
                Some(n) => *n += 1,
                None => {
                    by_address.insert(address.to_string(), 1);
                }
            }
            return;
        }
        self.connections
            .entry(Arc::clone(group))
            .or_default()
            .insert(address.to_string(), 1);
    }

    /// A connection to `address` of `group` closed.
    pub fn on_finish(&mut self, group: &ServerGroupId, address: &str) {
        let Some(by_address) = self.connections.get_mut(group) else {
            return;
        };
        if let Some(n) = by_address.get_mut(address) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                by_address.remove(address);
            }
        }
        if by_address.is_empty() {
            self.connections.remove(group);
        }
    }

    pub fn connections(&self, group: &ServerGroupId, address: &str) -> u64 {
        self.connections
            .get(group)
            .and_then(|c| c.get(address))
            .copied()
            .unwrap_or(0)
    }

    /// Probes due at `now` in every group (by group, then address), after timing out the
    /// probes that got no answer in time.
    pub fn due_probes(&mut self, now: Duration) -> ProbeRound {
        let mut round = ProbeRound::default();
        for (id, state) in &mut self.groups {
            let (probes, changes) = state.health.due_probes(id, now);
            round.probes.extend(probes);
            round
                .changes
                .extend(changes.into_iter().map(|c| (ServerGroupId::clone(id), c)));
        }
        round
    }

    /// When [`BackendState::due_probes`] next has work; `None` when no group is checked.
    pub fn next_probe_at(&self) -> Option<Duration> {
        self.groups
            .values()
            .filter_map(|s| s.health.next_probe_at())
            .min()
    }

    /// The result of a probe, arrived at `now`; `Some` when the endpoint's health flips.
    pub fn on_probe_result(
        &mut self,
        group: &ServerGroupId,
        address: &str,
        now: Duration,
        outcome: ProbeOutcome,
    ) -> Option<HealthChange> {
        self.groups
            .get_mut(group)?
            .health
            .on_result(address, now, outcome)
    }

    /// Unknown groups and addresses count as healthy.
    pub fn is_healthy(&self, group: &ServerGroupId, address: &str) -> bool {
        self.groups
            .get(group)
            .is_none_or(|s| s.health.is_healthy(address))
    }

    pub fn health(&self, group: &ServerGroupId) -> Option<&HealthTable> {
        self.groups.get(group).map(|s| &s.health)
    }

    /// QPS limits of `rule` for one request (§6.6): see [`RateLimiter::admit`].
    pub fn admit(
        &mut self,
        rule: RuleRef,
        limit: TrafficLimit,
        client_ip: Option<IpAddr>,
        now: Duration,
    ) -> Admission {
        self.limits.admit(rule, limit, client_ip, now)
    }

    pub fn limits_mut(&mut self) -> &mut RateLimiter {
        &mut self.limits
    }
}

/// ingress-nginx, before rolling a canary split: the position of the target whose group the
/// request's affinity cookie is bound to (its backend key), main target first. Such a request
/// stays on that target. ALB policies carry no backend key and never match.
pub fn affinitized_target(request: &Request, groups: &[&ServerGroupSpec]) -> Option<usize> {
    groups.iter().position(|g| {
        g.sticky
            .as_ref()
            .is_some_and(|policy| policy.affinitized(request))
    })
}

/// One selection's view of a group's state.
struct Picker<'a> {
    group: &'a ServerGroupSpec,
    input: &'a SelectInput<'a>,
    health: &'a HealthTable,
    connections: &'a BTreeMap<String, u64>,
    wrr: &'a mut SmoothWrr,
    ring: &'a mut Option<HashRing>,
}

impl Picker<'_> {
    fn address(&self, id: EndpointId) -> &str {
        &self.group.endpoints[id.0].address
    }

    fn healthy(&self, id: EndpointId) -> bool {
        self.group.endpoints[id.0].weight > 0 && self.health.is_healthy(self.address(id))
    }

    fn fresh(&self, id: EndpointId) -> bool {
        !self.input.failed.contains(&id)
    }

    fn usable(&self, id: EndpointId) -> bool {
        self.healthy(id) && self.fresh(id)
    }

    fn ids(&self) -> impl Iterator<Item = EndpointId> + use<> {
        (0..self.group.endpoints.len()).map(EndpointId)
    }

    fn ring(&mut self) -> &HashRing {
        self.ring
            .get_or_insert_with(|| HashRing::new(&self.group.endpoints))
    }

    fn selection(
        &self,
        id: EndpointId,
        set_cookies: Vec<String>,
        reason: impl Into<Cow<'static, str>>,
    ) -> Selection {
        Selection {
            endpoint: id,
            address: self.address(id).to_string(),
            set_cookies,
            reason: reason.into(),
        }
    }

    fn unavailable(&self) -> NoHealthyEndpoint {
        let name = self.group.id.alb_name();
        let total = self.group.endpoints.len();
        let reason = if total == 0 {
            format!("server group {name} has no endpoints")
        } else if self.ids().all(|i| self.group.endpoints[i.0].weight == 0) {
            format!("every endpoint of server group {name} has weight 0")
        } else if self.ids().any(|i| self.healthy(i)) {
            format!("every healthy endpoint of server group {name} already failed this request")
        } else {
            format!("none of the {total} endpoints of server group {name} is healthy")
        };
        NoHealthyEndpoint {
            reason: format!("{reason}: the load balancer answers 503"),
        }
    }

    fn check_any(&self) -> Result<(), NoHealthyEndpoint> {
        if self.ids().any(|i| self.usable(i)) {
            Ok(())
        } else {
            Err(self.unavailable())
        }
    }

    /// The scheduler's pick among usable endpoints, and how it was made.
    fn schedule(&mut self) -> Result<(EndpointId, Cow<'static, str>), NoHealthyEndpoint> {
        let request = self.input.request;
        let picked = match self.group.scheduler {
            Scheduler::Wrr => self.wrr("wrr (smooth weighted round robin)"),
            Scheduler::Wlc => {
                let id = least_connections(
                    &self.group.endpoints,
                    |i| self.connections.get(self.address(i)).copied().unwrap_or(0),
                    |i| self.usable(i),
                );
                id.map(|id| {
                    let open = self.connections.get(self.address(id)).copied().unwrap_or(0);
                    (
                        id,
                        format!("wlc (fewest connections per weight: {open} open)").into(),
                    )
                })
            }
            Scheduler::Sch => match request.client_ip {
                Some(ip) => self.hashed(
                    ip.to_string().as_bytes(),
                    format!("sch (consistent hash of client IP {ip})"),
                ),
                None => self.wrr("sch has no client IP to hash, so wrr"),
            },
            Scheduler::Uch => match &self.group.uch_param {
                Some(param) => match request.query_params().find(|(k, _)| *k == param.as_str()) {
                    Some((_, value)) => self.hashed(
                        value.as_bytes(),
                        format!("uch (consistent hash of query parameter {param}={value})"),
                    ),
                    None => self.wrr(format!(
                        "uch: the request has no `{param}` query parameter, so wrr"
                    )),
                },
                None => self.wrr("uch without backend-scheduler-uch-value hashes nothing, so wrr"),
            },
        };
        picked.ok_or_else(|| self.unavailable())
    }

    fn wrr(
        &mut self,
        how: impl Into<Cow<'static, str>>,
    ) -> Option<(EndpointId, Cow<'static, str>)> {
        let group = self.group;
        let health = self.health;
        let failed = self.input.failed;
        let usable = |i: EndpointId| {
            group.endpoints[i.0].weight > 0
                && health.is_healthy(&group.endpoints[i.0].address)
                && !failed.contains(&i)
        };
        self.wrr
            .pick(&group.endpoints, usable)
            .map(|id| (id, how.into()))
    }

    fn hashed(
        &mut self,
        key: &[u8],
        how: impl Into<Cow<'static, str>>,
    ) -> Option<(EndpointId, Cow<'static, str>)> {
        let group = self.group;
        let health = self.health;
        let failed = self.input.failed;
        let ring = self
            .ring
            .get_or_insert_with(|| HashRing::new(&group.endpoints));
        ring.find(key, |i| {
            group.endpoints[i.0].weight > 0
                && health.is_healthy(&group.endpoints[i.0].address)
                && !failed.contains(&i)
        })
        .map(|id| (id, how.into()))
    }

    /// Stick to the cookie's endpoint, or start a new session. See [`sticky`].
    fn sticky(
        &mut self,
        policy: &StickyPolicy,
        tokens: &mut Option<(String, Vec<String>)>,
        roll: u64,
    ) -> Result<Selection, NoHealthyEndpoint> {
        if tokens.as_ref().is_none_or(|(salt, _)| *salt != policy.salt) {
            let list = self
                .group
                .endpoints
                .iter()
                .map(|e| policy.token(&e.address))
                .collect();
            *tokens = Some((policy.salt.clone(), list));
        }
        let tokens = tokens.as_ref().map_or(&[][..], |(_, t)| t.as_slice());

        let why_new = match policy.session(self.input.request) {
            None => format!("no {} cookie", policy.name()),
            Some((name, key)) => {
                let pinned = match policy.binding {
                    Binding::TokenScheduled | Binding::TokenRandom => {
                        tokens.iter().position(|t| t == key).map(EndpointId)
                    }
                    Binding::HashedKey => self.ring().owner(key.as_bytes()),
                };
                match pinned {
                    Some(id) if self.healthy(id) && (self.fresh(id) || policy.keep_on_failure) => {
                        let reason = format!(
                            "sticky session: cookie {name} pins {}, which is healthy",
                            self.address(id)
                        );
                        return Ok(self.selection(id, Vec::new(), reason));
                    }
                    Some(id) if !self.healthy(id) => {
                        format!(
                            "cookie {name} pins {}, which is unhealthy",
                            self.address(id)
                        )
                    }
                    Some(id) => format!(
                        "cookie {name} pins {}, which failed this request",
                        self.address(id)
                    ),
                    None => format!("cookie {name} names no endpoint of this group"),
                }
            }
        };

        let picked = match policy.binding {
            Binding::TokenScheduled => self
                .schedule()
                .map(|(id, how)| (id, Some(tokens[id.0].clone()), how))?,
            Binding::TokenRandom => {
                let usable: Vec<EndpointId> = self.ids().filter(|&i| self.usable(i)).collect();
                let id = usable[(roll % usable.len() as u64) as usize];
                (
                    id,
                    Some(tokens[id.0].clone()),
                    "a random healthy endpoint".into(),
                )
            }
            Binding::HashedKey => {
                let found = (0..HASHED_KEY_TRIES).find_map(|attempt| {
                    let key = format!(
                        "{:016x}",
                        hash::fmix64(roll ^ attempt.wrapping_mul(0x9e37_79b9_7f4a_7c15))
                    );
                    let id = self.ring().owner(key.as_bytes())?;
                    self.usable(id).then_some((id, key))
                });
                match found {
                    Some((id, key)) => (
                        id,
                        Some(key),
                        "a random session key on the hash ring".into(),
                    ),
                    // Most endpoints are down: serve this request without pinning it.
                    None => {
                        let (id, how) = self.schedule()?;
                        (
                            id,
                            None,
                            format!(
                                "{how}, without a cookie after {HASHED_KEY_TRIES} session keys landed on unusable endpoints"
                            )
                            .into(),
                        )
                    }
                }
            }
        };
        let (id, key, how) = picked;
        let ctx = CookieContext {
            https: self.input.request.scheme == Scheme::Https,
            user_agent: self.input.request.header("user-agent"),
            location_path: self.input.location_path,
            unix_time: self.input.unix_time,
        };
        let set_cookies = key.map_or_else(Vec::new, |k| policy.set_cookies(&k, &ctx));
        let mut reason = format!(
            "sticky session: {why_new}; {how} picks {}",
            self.address(id)
        );
        if !set_cookies.is_empty() {
            reason.push_str(&format!(
                " and the load balancer sets {}",
                policy
                    .cookies
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ));
        }
        Ok(self.selection(id, set_cookies, reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::HealthCheck;
    use crate::compile::ServiceTarget;

    fn spec(n: usize) -> ServerGroupSpec {
        let id = ServerGroupId::new(
            "default/demo",
            ServiceTarget {
                namespace: "default".into(),
                service: "web".into(),
                port: 80,
            },
        );
        let endpoints = (0..n)
            .map(|i| Endpoint::new(format!("10.0.0.{}:8080", i + 1)))
            .collect();
        ServerGroupSpec::new(id, endpoints, EndpointSource::Endpoints)
    }

    fn health_checked(mut spec: ServerGroupSpec) -> ServerGroupSpec {
        spec.health = HealthConfig::from_annotation(&HealthCheck {
            enabled: true,
            healthy_threshold: 2,
            unhealthy_threshold: 2,
            ..HealthCheck::default()
        });
        spec
    }

    fn get(url: &str) -> Request {
        Request::from_url(url).unwrap()
    }

    fn with_cookie(url: &str, cookie: &str) -> Request {
        let mut r = get(url);
        r.add_cookies(cookie).unwrap();
        r
    }

    fn pick(state: &mut BackendState, spec: &ServerGroupSpec, r: &Request) -> Selection {
        state.select(spec, r, Duration::ZERO, 0).unwrap()
    }

    /// Probe every endpoint until `address` has failed `n` times and the others passed.
    fn fail(state: &mut BackendState, address: &str, rounds: u32, now: &mut Duration) {
        for _ in 0..rounds {
            let round = state.due_probes(*now);
            assert!(!round.probes.is_empty());
            for p in round.probes {
                let outcome = if p.address == address {
                    ProbeOutcome::ConnectFailed
                } else {
                    ProbeOutcome::Status(200)
                };
                state.on_probe_result(&p.group, &p.address, *now, outcome);
            }
            *now = state.next_probe_at().unwrap();
        }
    }

    #[test]
    fn sticky_cookies_survive_a_healthy_backend_and_move_off_an_unhealthy_one() {
        let mut spec = health_checked(spec(3));
        spec.sticky = Some(StickyPolicy::alb_insert(1000));
        let mut state = BackendState::new();
        let mut now = Duration::ZERO;
        state.sync([&spec], now);

        // First request: no cookie; wrr picks the first endpoint and both cookies are set.
        let first = state.select(&spec, &get("http://demo/"), now, 0).unwrap();
        assert_eq!(first.address, "10.0.0.1:8080");
        let token = endpoint_token("", "10.0.0.1:8080");
        assert_eq!(
            first.set_cookies,
            [
                format!("SERVERID={token}; Max-Age=1000; Path=/"),
                format!("SERVERCORSID={token}; Max-Age=1000; Path=/; Secure; SameSite=None"),
            ]
        );
        assert!(
            first.reason.contains("no SERVERID cookie"),
            "{}",
            first.reason
        );

        // With the cookie: the same endpoint every time, no new cookie, while wrr would rotate.
        let pinned = with_cookie("http://demo/", &format!("SERVERID={token}"));
        for _ in 0..5 {
            let s = state.select(&spec, &pinned, now, 0).unwrap();
            assert_eq!(
                (s.address.as_str(), s.set_cookies.len()),
                ("10.0.0.1:8080", 0)
            );
        }
        // SERVERCORSID alone pins too.
        let cors = with_cookie("http://demo/", &format!("SERVERCORSID={token}"));
        assert_eq!(
            state.select(&spec, &cors, now, 0).unwrap().address,
            "10.0.0.1:8080"
        );

        // One failed probe is not enough to leave it (threshold 2)...
        fail(&mut state, "10.0.0.1:8080", 1, &mut now);
        assert_eq!(
            state.select(&spec, &pinned, now, 0).unwrap().address,
            "10.0.0.1:8080"
        );
        // ...the second makes it unhealthy: the session moves and gets a new cookie.
        fail(&mut state, "10.0.0.1:8080", 1, &mut now);
        assert!(!state.is_healthy(&spec.id, "10.0.0.1:8080"));
        let moved = state.select(&spec, &pinned, now, 0).unwrap();
        assert_ne!(moved.address, "10.0.0.1:8080");
        let new_token = endpoint_token("", &moved.address);
        assert!(moved.set_cookies[0].starts_with(&format!("SERVERID={new_token};")));
        assert!(
            moved.reason.contains("which is unhealthy"),
            "{}",
            moved.reason
        );

        // The new cookie sticks; an unknown token is re-picked and re-set.
        let repinned = with_cookie("http://demo/", &format!("SERVERID={new_token}"));
        let s = state.select(&spec, &repinned, now, 0).unwrap();
        assert_eq!(
            (s.address.clone(), s.set_cookies.len()),
            (moved.address.clone(), 0)
        );
        let unknown = state
            .select(
                &spec,
                &with_cookie("http://demo/", "SERVERID=bogus"),
                now,
                0,
            )
            .unwrap();
        assert_eq!(unknown.set_cookies.len(), 2);
        assert!(
            unknown.reason.contains("names no endpoint"),
            "{}",
            unknown.reason
        );
    }

    #[test]
    fn uch_without_the_parameter_falls_back_to_wrr() {
        let mut spec = spec(3);
        spec.scheduler = Scheduler::Uch;
        spec.uch_param = Some("uid".into());
        let mut state = BackendState::new();
        let without: Vec<String> = (0..6)
            .map(|_| pick(&mut state, &spec, &get("http://demo/?other=1")).address)
            .collect();
        let mut wrr_spec = spec.clone();
        wrr_spec.scheduler = Scheduler::Wrr;
        let mut fresh = BackendState::new();
        let wrr: Vec<String> = (0..6)
            .map(|_| pick(&mut fresh, &wrr_spec, &get("http://demo/")).address)
            .collect();
        assert_eq!(without, wrr);
        let s = pick(&mut state, &spec, &get("http://demo/"));
        assert_eq!(
            s.reason,
            "uch: the request has no `uid` query parameter, so wrr"
        );

        // With it: one endpoint per value, whatever else changes.
        let a = pick(&mut state, &spec, &get("http://demo/?uid=42"));
        assert_eq!(a.reason, "uch (consistent hash of query parameter uid=42)");
        for url in ["http://demo/x?uid=42", "http://demo/?a=1&uid=42"] {
            assert_eq!(pick(&mut state, &spec, &get(url)).address, a.address);
        }
        let spread: std::collections::BTreeSet<String> = (0..50)
            .map(|i| pick(&mut state, &spec, &get(&format!("http://demo/?uid={i}"))).address)
            .collect();
        assert_eq!(spread.len(), 3);
    }

    #[test]
    fn sch_hashes_the_client_ip_and_falls_back_without_one() {
        let mut spec = spec(5);
        spec.scheduler = Scheduler::Sch;
        let mut state = BackendState::new();
        let mut r = get("http://demo/");
        r.client_ip = Some(IpAddr::from([192, 168, 1, 7]));
        let first = pick(&mut state, &spec, &r);
        assert_eq!(
            first.reason,
            "sch (consistent hash of client IP 192.168.1.7)"
        );
        for _ in 0..5 {
            assert_eq!(pick(&mut state, &spec, &r).address, first.address);
        }
        let s = pick(&mut state, &spec, &get("http://demo/"));
        assert_eq!(s.reason, "sch has no client IP to hash, so wrr");
    }

    #[test]
    fn wlc_prefers_the_least_loaded_and_breaks_ties_by_order() {
        let mut spec = spec(3);
        spec.scheduler = Scheduler::Wlc;
        let mut state = BackendState::new();
        let r = get("http://demo/");
        // Nothing open: a tie, the first wins, every time.
        assert_eq!(pick(&mut state, &spec, &r).address, "10.0.0.1:8080");
        assert_eq!(pick(&mut state, &spec, &r).address, "10.0.0.1:8080");
        state.on_start(&spec.id, "10.0.0.1:8080");
        state.on_start(&spec.id, "10.0.0.1:8080");
        state.on_start(&spec.id, "10.0.0.3:8080");
        // 2, 0, 1 open: the second.
        assert_eq!(pick(&mut state, &spec, &r).address, "10.0.0.2:8080");
        state.on_start(&spec.id, "10.0.0.2:8080");
        // 2, 1, 1: a tie between the second and third goes to the second.
        let s = pick(&mut state, &spec, &r);
        assert_eq!(s.address, "10.0.0.2:8080");
        assert_eq!(s.reason, "wlc (fewest connections per weight: 1 open)");
        state.on_finish(&spec.id, "10.0.0.1:8080");
        state.on_finish(&spec.id, "10.0.0.1:8080");
        assert_eq!(state.connections(&spec.id, "10.0.0.1:8080"), 0);
        assert_eq!(pick(&mut state, &spec, &r).address, "10.0.0.1:8080");
    }

    #[test]
    fn no_healthy_endpoint_answers_503() {
        let mut state = BackendState::new();
        let r = get("http://demo/");
        let err = state.select(&spec(0), &r, Duration::ZERO, 0).unwrap_err();
        assert_eq!(
            err.reason,
            "server group default-web-80 has no endpoints: the load balancer answers 503"
        );
        assert_eq!(NoHealthyEndpoint::STATUS, 503);

        let spec = health_checked(spec(2));
        let mut now = Duration::ZERO;
        state.sync([&spec], now);
        for _ in 0..2 {
            let round = state.due_probes(now);
            for p in round.probes {
                state.on_probe_result(&p.group, &p.address, now, ProbeOutcome::Status(500));
            }
            now = state.next_probe_at().unwrap();
        }
        let err = state.select(&spec, &r, now, 0).unwrap_err();
        assert_eq!(
            err.reason,
            "none of the 2 endpoints of server group default-web-80 is healthy: the load balancer answers 503"
        );
    }

    #[test]
    fn retries_skip_failed_endpoints() {
        let spec = spec(2);
        let mut state = BackendState::new();
        let r = get("http://demo/");
        let failed = [EndpointId(0), EndpointId(1)];
        let input = SelectInput {
            failed: &failed[..1],
            ..SelectInput::new(&r)
        };
        for _ in 0..3 {
            let s = state.select_with(&spec, &input, Duration::ZERO, 0).unwrap();
            assert_eq!(s.endpoint, EndpointId(1));
        }
        let input = SelectInput {
            failed: &failed,
            ..SelectInput::new(&r)
        };
        let err = state
            .select_with(&spec, &input, Duration::ZERO, 0)
            .unwrap_err();
        assert!(
            err.reason.starts_with("every healthy endpoint"),
            "{}",
            err.reason
        );
    }

    #[test]
    fn a_reload_keeps_the_state_of_unchanged_endpoints() {
        let spec = health_checked(spec(3));
        let mut state = BackendState::new();
        let mut now = Duration::ZERO;
        state.sync([&spec], now);
        fail(&mut state, "10.0.0.2:8080", 2, &mut now);
        assert!(!state.is_healthy(&spec.id, "10.0.0.2:8080"));
        let r = get("http://demo/");
        assert_eq!(pick(&mut state, &spec, &r).address, "10.0.0.1:8080");
        // Reload: endpoint 3 replaced by 4. Endpoint 2 stays unhealthy, and wrr goes on.
        let mut reloaded = spec.clone();
        reloaded.endpoints[2] = Endpoint::new("10.0.0.4:8080");
        state.sync([&reloaded], now);
        assert!(!state.is_healthy(&spec.id, "10.0.0.2:8080"));
        assert!(
            state
                .health(&spec.id)
                .unwrap()
                .endpoint("10.0.0.3:8080")
                .is_none()
        );
        let picks: Vec<String> = (0..4)
            .map(|_| pick(&mut state, &reloaded, &r).address)
            .collect();
        assert_eq!(
            picks,
            [
                "10.0.0.4:8080",
                "10.0.0.1:8080",
                "10.0.0.4:8080",
                "10.0.0.1:8080"
            ]
        );
        // A group left out of the reload is forgotten.
        state.sync([], now);
        assert!(state.health(&spec.id).is_none());
    }

    #[test]
    fn nginx_balanced_and_persistent_affinity() {
        let mut spec = spec(4);
        let upstream = spec.id.alb_name();
        spec.sticky = NginxAffinity::default().policy(&upstream, false);
        let mut state = BackendState::new();
        let r = get("http://demo/shop");
        let input = SelectInput {
            location_path: "/shop",
            ..SelectInput::new(&r)
        };
        let first = state
            .select_with(&spec, &input, Duration::ZERO, 12345)
            .unwrap();
        let cookie = &first.set_cookies[0];
        assert!(cookie.ends_with("; Path=/shop; HttpOnly"), "{cookie}");
        let value = cookie
            .strip_prefix("INGRESSCOOKIE=")
            .and_then(|c| c.split(';').next())
            .unwrap()
            .to_string();
        // The same roll gives the same key; the cookie sticks whatever the roll.
        let again = state
            .select_with(&spec, &input, Duration::ZERO, 12345)
            .unwrap();
        assert_eq!(again.set_cookies, first.set_cookies);
        let pinned = with_cookie("http://demo/shop", &format!("INGRESSCOOKIE={value}"));
        for roll in 0..10 {
            let s = state.select(&spec, &pinned, Duration::ZERO, roll).unwrap();
            assert_eq!(
                (s.address.as_str(), s.set_cookies.len()),
                (first.address.as_str(), 0)
            );
        }
        // Affinitized to this group, not to a canary with another backend key.
        let canary = ServerGroupSpec {
            sticky: NginxAffinity::default().policy("default-web-canary-80", true),
            ..spec.clone()
        };
        assert_eq!(affinitized_target(&pinned, &[&canary, &spec]), Some(1));
        assert_eq!(
            affinitized_target(&get("http://demo/"), &[&spec, &canary]),
            None
        );

        // Without change-on-failure a retry stays on the pinned endpoint; with it, it moves.
        let failed = [first.endpoint];
        let retry = SelectInput {
            failed: &failed,
            ..SelectInput::new(&pinned)
        };
        let s = state.select_with(&spec, &retry, Duration::ZERO, 0).unwrap();
        assert_eq!(s.endpoint, first.endpoint);
        let mut changing = spec.clone();
        changing.sticky = NginxAffinity {
            change_on_failure: true,
            ..NginxAffinity::default()
        }
        .policy(&upstream, false);
        let s = state
            .select_with(&changing, &retry, Duration::ZERO, 0)
            .unwrap();
        assert_ne!(s.endpoint, first.endpoint);
        assert_eq!(s.set_cookies.len(), 1);

        // Persistent: the cookie names the endpoint; new sessions go to a random one.
        let mut persistent = spec.clone();
        persistent.sticky = NginxAffinity {
            mode: AffinityMode::Persistent,
            ..NginxAffinity::default()
        }
        .policy(&upstream, false);
        let s = state.select(&persistent, &r, Duration::ZERO, 2).unwrap();
        assert_eq!(s.endpoint, EndpointId(2));
        let token = endpoint_token(&upstream, &s.address);
        assert!(s.set_cookies[0].starts_with(&format!("INGRESSCOOKIE={token}|")));
    }

    /// The engine takes time and chance from its callers: nothing in this module reads a
    /// clock, sleeps, or asks the OS for randomness. (The repository-wide test in
    /// `tests/cli/input.rs` checks the whole engine; this one fails first, and close by.)
    #[test]
    fn no_clock_sleep_or_os_randomness() {
        let forbidden = [
            concat!("Instant", "::now"),
            concat!("System", "Time"),
            concat!("thread", "_rng"),
            concat!("get", "random"),
            concat!("std::", "thread"),
            concat!("sle", "ep("),
            concat!("std::", "fs"),
            concat!("std::", "net"),
            concat!("to", "kio"),
        ];
        let sources = [
            ("mod.rs", include_str!("mod.rs")),
            ("group.rs", include_str!("group.rs")),
            ("hash.rs", include_str!("hash.rs")),
            ("health.rs", include_str!("health.rs")),
            ("sticky.rs", include_str!("sticky.rs")),
            ("wlc.rs", include_str!("wlc.rs")),
            ("wrr.rs", include_str!("wrr.rs")),
            ("limits.rs", include_str!("../limits.rs")),
        ];
        for (file, text) in sources {
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for word in forbidden {
                    assert!(!line.contains(word), "{file} uses `{word}`: {line}");
                }
            }
        }
    }
}
