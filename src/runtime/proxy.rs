//! One request through the load balancer, whatever the client's HTTP version: the engine's
//! view of it, the engine's decision ([`Exchange`]), what to do about it ([`Plan`]), the
//! headers a backend receives and a client gets back, the retry, the metrics and the access
//! log. The transports — HTTP/1.1 in `http1`, HTTP/2 through hyper in `h2` — only move bytes;
//! nothing here or there decides where a request goes.

use super::ServeOptions;
use std::borrow::Cow;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use alb_engine::annotations::BackendProtocol;
use alb_engine::backends::{
    BackendState, EndpointId, EndpointSource, SelectInput, Selection, ServerGroupId,
    ServerGroupSpec,
};
use alb_engine::chance::Rolls;
use alb_engine::compile::{ListenerKey, ListenerTimeouts};
use alb_engine::dispatch::{Dispatch, dispatch};
use alb_engine::route::{Outcome, Request, Scheme};
use arc_swap::ArcSwap;
use bytes::Bytes;

use super::config::Loaded;
use super::http1::upstream::Pool;

/// Everything the connection tasks share.
pub struct Shared {
    pub loaded: ArcSwap<Loaded>,
    quiet: bool,
    debug_headers: bool,
    seed: u64,
    requests: AtomicU64,
    /// Idle HTTP/1.1 backend connections (`backend-keepalive: "true"`).
    pub pool: Pool,
    /// HTTP/2 clients' requests to backends: hyper's clients.
    pub h2_upstream: super::h2::Clients,
    /// Health, scheduler cursors, connection counts and QPS buckets: the engine's mutable
    /// side, kept across reloads.
    pub state: Mutex<BackendState>,
    /// The origin of the engine's clock.
    started: Instant,
    pub metrics: super::metrics::Metrics,
}

impl Shared {
    pub fn new(loaded: ArcSwap<Loaded>, options: &ServeOptions) -> Shared {
        Shared {
            loaded,
            quiet: options.quiet,
            debug_headers: options.debug_headers,
            seed: options.seed,
            requests: AtomicU64::new(0),
            pool: Pool::new(super::tls::client_config_without_verification()),
            h2_upstream: super::h2::Clients::new(),
            state: Mutex::new(BackendState::new()),
            started: Instant::now(),
            metrics: super::metrics::Metrics::default(),
        }
    }

    /// The engine's clock: time since serve started.
    pub fn now(&self) -> Duration {
        self.started.elapsed()
    }

    /// Every endpoint and whether it is healthy, for `/metrics`.
    pub fn health_report(&self) -> Vec<(String, bool)> {
        let loaded = self.loaded.load();
        let Ok(state) = self.state.lock() else {
            return Vec::new();
        };
        loaded
            .groups
            .iter()
            .flat_map(|spec| {
                let state = &state;
                spec.endpoints.iter().map(move |e| {
                    (
                        format!("{} {}", spec.id.alb_name(), e.address),
                        state.is_healthy(&spec.id, &e.address),
                    )
                })
            })
            .collect()
    }

    fn roll(&self) -> u64 {
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        Rolls::new(self.seed.wrapping_add(n)).next_roll()
    }

    /// Decide `engine` with `loaded`, the table its headers were read for, and the current
    /// state.
    pub fn begin(
        &self,
        loaded: Arc<Loaded>,
        key: ListenerKey,
        peer: SocketAddr,
        engine: Request,
        started: Instant,
    ) -> Result<Exchange, Canned> {
        let roll = self.roll();
        let Ok(mut state) = self.state.lock() else {
            return Err(Canned::text(
                500,
                "500 Internal Server Error: alb's state is broken",
            ));
        };
        let dispatched = dispatch(
            &loaded.router,
            loaded.group,
            &loaded.groups,
            &mut state,
            &engine,
            self.now(),
            roll,
        );
        drop(state);
        Ok(Exchange {
            loaded,
            key,
            peer,
            engine,
            dispatched,
            started,
        })
    }
}

/// One request and what the engine decided about it.
pub struct Exchange {
    /// The table that decided it: a reload meanwhile does not change an in-flight request.
    pub loaded: Arc<Loaded>,
    pub key: ListenerKey,
    pub peer: SocketAddr,
    pub engine: Request,
    pub dispatched: Dispatch,
    pub started: Instant,
}

impl Exchange {
    /// The timeouts of the listener the request arrived on.
    pub fn timeouts(&self) -> ListenerTimeouts {
        listener_timeouts(&self.loaded, self.key)
    }

    /// The path and query the backend receives, after any rewrite.
    pub fn upstream_path(&self) -> Cow<'_, str> {
        match &self.dispatched.decision.upstream_path {
            Some(path) => Cow::Borrowed(path.as_str()),
            None if self.engine.query.is_empty() => Cow::Borrowed(self.engine.path.as_str()),
            None => Cow::Owned(self.engine.path_and_query()),
        }
    }

    /// The Host the backend receives.
    pub fn upstream_host(&self) -> &str {
        self.dispatched
            .decision
            .upstream_host
            .as_deref()
            .unwrap_or(&self.engine.host)
    }
}

/// The idle and request timeouts the engine computed for listener `key` (ALB's defaults for a
/// listener the table does not have).
pub fn listener_timeouts(loaded: &Loaded, key: ListenerKey) -> ListenerTimeouts {
    loaded
        .router
        .table()
        .groups
        .get(loaded.group)
        .and_then(|alb| alb.listeners.iter().find(|l| l.key == key))
        .map(|l| l.timeouts)
        .unwrap_or_default()
}

/// The engine's view of a request from its parts: only the headers some rule can read are
/// copied, and cookies are split.
pub fn engine_request<'h>(
    loaded: &Loaded,
    key: ListenerKey,
    peer: SocketAddr,
    method: &str,
    host: &str,
    path_and_query: &str,
    fields: impl Iterator<Item = (&'h str, &'h [u8])>,
) -> Request {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut engine = Request {
        method: method.to_string(),
        scheme: if key.protocol.is_tls() {
            Scheme::Https
        } else {
            Scheme::Http
        },
        port: key.port,
        host: host.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        headers: Vec::new(),
        cookies: Vec::new(),
        client_ip: Some(peer.ip()),
    };
    for (name, value) in fields {
        let Ok(value) = std::str::from_utf8(value) else {
            continue;
        };
        if name.eq_ignore_ascii_case("cookie") {
            let _ = engine.add_cookies(value);
        } else if loaded.router.reads_header(name) {
            engine.headers.push((name.to_string(), value.to_string()));
        }
    }
    engine
}

/// An answer from the load balancer itself.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: Bytes,
}

impl Canned {
    pub fn text(status: u16, text: &str) -> Canned {
        Canned {
            status,
            content_type: Some("text/plain; charset=utf-8".to_string()),
            location: None,
            body: Bytes::from(format!("{text}\n")),
        }
    }

    fn empty(status: u16) -> Canned {
        Canned {
            status,
            content_type: None,
            location: None,
            body: Bytes::new(),
        }
    }
}

/// What the load balancer does with a request.
pub enum Plan<'x> {
    /// It answers itself: no rule, a redirect, a fixed response, a preflight, a 503.
    Answer(Canned),
    /// A built-in echo backend (a local replica) answers.
    Echo {
        service: String,
        selection: &'x Selection,
    },
    Forward(Forward<'x>),
}

/// A request to forward, to the endpoint the engine chose.
pub struct Forward<'x> {
    pub group: &'x ServerGroupId,
    pub spec: &'x ServerGroupSpec,
    pub selection: &'x Selection,
    pub protocol: BackendProtocol,
    /// `backend-keepalive: "true"`: reuse connections; otherwise one connection per request.
    pub keepalive: bool,
}

pub fn plan(x: &Exchange) -> Plan<'_> {
    let decision = &x.dispatched.decision;
    match decision.outcome {
        Outcome::NoMatch => {
            return Plan::Answer(Canned::text(
                503,
                "503 Service Unavailable: no rule matches",
            ));
        }
        Outcome::Preflight => return Plan::Answer(Canned::empty(204)),
        Outcome::Redirect => {
            let mut canned = Canned::empty(decision.status.unwrap_or(308));
            canned.location = decision.location.clone();
            return Plan::Answer(canned);
        }
        Outcome::FixedResponse => {
            let (content_type, body) = decision.body.clone().unwrap_or_default();
            return Plan::Answer(Canned {
                status: decision.status.unwrap_or(200),
                content_type: Some(content_type),
                location: None,
                body: Bytes::from(body),
            });
        }
        Outcome::Forward => {}
    }
    if x.dispatched.limited.is_some() {
        return Plan::Answer(Canned::text(
            503,
            "503 Service Unavailable: over the rule's QPS limit",
        ));
    }
    let no_backend = || Plan::Answer(Canned::text(503, "503 Service Unavailable: no backend"));
    let (Some(group), Some(selection)) = (&x.dispatched.group, &x.dispatched.selection) else {
        return no_backend();
    };
    let selection = match selection {
        Ok(selection) => selection,
        Err(none) => {
            return Plan::Answer(Canned::text(
                503,
                &format!("503 Service Unavailable: {}", none.reason),
            ));
        }
    };
    let Some(spec) = x.loaded.groups.get(group) else {
        return no_backend();
    };
    if spec.source == EndpointSource::LocalReplicas {
        return Plan::Echo {
            service: format!("{}/{}", group.target.namespace, group.target.service),
            selection,
        };
    }
    let settings = x.loaded.router.backend_settings(decision);
    Plan::Forward(Forward {
        group,
        spec,
        selection,
        protocol: settings.map_or(BackendProtocol::Http, |s| s.protocol),
        keepalive: settings.is_some_and(|s| s.keepalive),
    })
}

/// The request fields a backend receives, given the client's: hop-by-hop fields (RFC 9110
/// §7.6.1) and those `Connection` lists are dropped, as are the rule's RemoveHeader names;
/// Host, X-Forwarded-For/-Proto/-Port are set as ALB sets them (the client is appended to any
/// X-Forwarded-For chain); the rule's InsertHeader fields replace any the client sent. Framing
/// fields (Content-Length, Transfer-Encoding) are the transport's to write. `te: trailers` is
/// kept for gRPC, which needs it end to end.
/// `listed`: the names the client's `Connection` fields list (see
/// [`connection_listed`](super::http1::wire::connection_listed)).
pub fn upstream_fields<'h>(
    x: &Exchange,
    client: impl Iterator<Item = (&'h str, &'h [u8])>,
    listed: &[String],
    keep_te_trailers: bool,
    mut emit: impl FnMut(&str, &[u8]),
) {
    use super::http1::wire::is_hop_by_hop;
    let decision = &x.dispatched.decision;
    let removed = |name: &str| {
        decision
            .remove_request_headers
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name))
    };
    let inserted = |name: &str| {
        decision
            .insert_request_headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    const SET_HERE: [&str; 5] = [
        "host",
        "x-forwarded-for",
        "x-forwarded-proto",
        "x-forwarded-port",
        "expect",
    ];
    let mut chain: Option<Vec<u8>> = None;
    let mut te_trailers = false;
    for (name, value) in client {
        if name.eq_ignore_ascii_case("x-forwarded-for") {
            let chain = chain.get_or_insert_with(Vec::new);
            if !chain.is_empty() {
                chain.extend_from_slice(b", ");
            }
            chain.extend_from_slice(value);
            continue;
        }
        if name.eq_ignore_ascii_case("te") {
            te_trailers |= value.trim_ascii().eq_ignore_ascii_case(b"trailers");
        }
        if is_hop_by_hop(name)
            || SET_HERE.iter().any(|s| s.eq_ignore_ascii_case(name))
            || (!listed.is_empty() && listed.iter().any(|l| l.eq_ignore_ascii_case(name)))
            || removed(name)
            || inserted(name)
        {
            continue;
        }
        emit(name, value);
    }
    // An HTTP/1.1 request needs its Host, whatever RemoveHeader says.
    emit("host", x.upstream_host().as_bytes());
    if !removed("x-forwarded-for") && !inserted("x-forwarded-for") {
        let mut ip = Formatted::new();
        let ip = ip.show(x.peer.ip());
        match chain {
            Some(mut chain) => {
                chain.extend_from_slice(b", ");
                chain.extend_from_slice(ip);
                emit("x-forwarded-for", &chain);
            }
            None => emit("x-forwarded-for", ip),
        }
    }
    if !removed("x-forwarded-proto") && !inserted("x-forwarded-proto") {
        let proto = if x.key.protocol.is_tls() {
            "https"
        } else {
            "http"
        };
        emit("x-forwarded-proto", proto.as_bytes());
    }
    if !removed("x-forwarded-port") && !inserted("x-forwarded-port") {
        emit("x-forwarded-port", Formatted::new().show(x.key.port));
    }
    for (name, value) in &decision.insert_request_headers {
        emit(name, value.as_bytes());
    }
    if keep_te_trailers && te_trailers {
        emit("te", b"trailers");
    }
}

/// A value written on the stack: an IP address or a port for a header, without the
/// allocation of `to_string` on every request.
struct Formatted {
    buf: [u8; 64],
    len: usize,
}

impl Formatted {
    fn new() -> Formatted {
        Formatted {
            buf: [0; 64],
            len: 0,
        }
    }

    fn show(&mut self, value: impl std::fmt::Display) -> &[u8] {
        use std::io::Write;
        let mut cursor = std::io::Cursor::new(&mut self.buf[..]);
        // 64 bytes hold any IP address or port; a longer value would be cut, never lost
        // silently: nothing longer is ever shown.
        let _ = write!(cursor, "{value}");
        self.len = cursor.position() as usize;
        &self.buf[..self.len]
    }
}

/// Fields the load balancer adds to a response: the rule's (CORS), the sticky-session
/// cookies, and with `--debug-headers` the rule and the endpoint.
pub fn response_extras(
    shared: &Shared,
    x: &Exchange,
    endpoint: Option<&str>,
    set_cookies: &[String],
    mut emit: impl FnMut(&str, &str),
) {
    for (name, value) in &x.dispatched.decision.response_headers {
        emit(name, value);
    }
    for cookie in set_cookies {
        emit("set-cookie", cookie);
    }
    if shared.debug_headers {
        if let Some(rule) = rule_name(x) {
            emit("x-alb-rule", &rule);
        }
        if let Some(endpoint) = endpoint {
            emit("x-alb-backend", endpoint);
        }
    }
}

fn rule_name(x: &Exchange) -> Option<String> {
    let rule = x.loaded.router.rule(x.dispatched.decision.rule?)?;
    Some(format!("{} #{}", rule.ingress_key, rule.priority))
}

/// Count the exchange and write its access-log line. `status` is the one the client got.
pub fn finish(shared: &Shared, x: &Exchange, endpoint: Option<&str>, status: u16) {
    let elapsed = x.started.elapsed();
    shared.metrics.record(
        x.dispatched.decision.rule,
        endpoint.unwrap_or_default(),
        status,
        elapsed,
    );
    if !shared.quiet {
        let line = serde_json::json!({
            "time_unix_ms": std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64),
            "client": x.peer.to_string(),
            "listener": x.key.to_string(),
            "method": x.engine.method,
            "host": x.engine.host,
            "path": x.engine.path_and_query(),
            "rule": rule_name(x),
            "backend": endpoint,
            "status": status,
            "duration_ms": elapsed.as_secs_f64() * 1e3,
        });
        eprintln!("{line}");
    }
}

/// Why forwarding failed.
#[derive(Debug)]
pub enum Upstream {
    /// No connection, nothing sent: safe to retry elsewhere.
    Connect(String),
    /// The backend did not answer within the listener's request timeout: 504.
    Timeout,
    /// Anything else after the request left: 502.
    Other(String),
}

impl Upstream {
    /// The client's answer, naming the endpoint.
    pub fn answer(&self, address: &str) -> Canned {
        match self {
            Upstream::Timeout => Canned::text(
                504,
                "504 Gateway Timeout: the backend did not answer in time",
            ),
            Upstream::Connect(e) | Upstream::Other(e) => {
                Canned::text(502, &format!("502 Bad Gateway: {address}: {e}"))
            }
        }
    }
}

/// Methods the load balancer may retry on another endpoint after a connect error.
pub fn idempotent(method: &str) -> bool {
    ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"].contains(&method)
}

/// The endpoints a forwarded request tries: the one the engine chose and, after a connect
/// error, once more another healthy one for an idempotent request, as ALB does. Connection
/// counts (for wlc) are kept around each attempt.
pub struct Attempts<'x> {
    group: &'x ServerGroupId,
    spec: &'x ServerGroupSpec,
    retryable: bool,
    failed: Vec<EndpointId>,
    /// The endpoint of the current (last) attempt.
    pub selection: Cow<'x, Selection>,
}

impl<'x> Attempts<'x> {
    pub fn new(shared: &Shared, forward: &Forward<'x>, retryable: bool) -> Attempts<'x> {
        let attempts = Attempts {
            group: forward.group,
            spec: forward.spec,
            retryable,
            failed: Vec::new(),
            selection: Cow::Borrowed(forward.selection),
        };
        attempts.started(shared);
        attempts
    }

    pub fn address(&self) -> &str {
        &self.selection.address
    }

    fn started(&self, shared: &Shared) {
        if let Ok(mut state) = shared.state.lock() {
            state.on_start(self.group, &self.selection.address);
        }
    }

    /// Record how the current attempt ended: `true` when the request should go again, to
    /// [`Attempts::address`].
    pub fn retry<R>(
        &mut self,
        shared: &Shared,
        x: &Exchange,
        result: &Result<R, Upstream>,
    ) -> bool {
        if let Ok(mut state) = shared.state.lock() {
            state.on_finish(self.group, &self.selection.address);
        }
        if !(matches!(result, Err(Upstream::Connect(_)))
            && self.retryable
            && self.failed.is_empty())
        {
            return false;
        }
        self.failed.push(self.selection.endpoint);
        let mut input = SelectInput::new(&x.engine);
        input.failed = &self.failed;
        let next = shared.state.lock().ok().and_then(|mut state| {
            state
                .select_with(self.spec, &input, shared.now(), shared.roll())
                .ok()
        });
        match next {
            Some(next) if next.endpoint != self.selection.endpoint => {
                self.selection = Cow::Owned(next);
                self.started(shared);
                true
            }
            _ => false,
        }
    }
}
