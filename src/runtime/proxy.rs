//! One request through the load balancer, whatever the client's HTTP version: the engine's
//! view of it ([`engine_request`]), the request in flight ([`Flight`]: the table that decided
//! it and the engine's [`Exchange`]), each attempt's outcome handed back to the engine
//! ([`Shared::after`]), the debug headers, the metrics and the access log. What the answer is,
//! which fields a backend receives and what follows a failed attempt are the engine's
//! (`alb_engine::exchange`); the transports — HTTP/1.1 in `http1`, HTTP/2 through hyper in
//! `h2` — only move bytes.

use std::net::SocketAddr;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use alb_engine::backends::BackendState;
use alb_engine::chance::Rolls;
use alb_engine::compile::{ListenerKey, ListenerTimeouts};
use alb_engine::exchange::{Answer, Attempt, Exchange, Next, Plan};
use alb_engine::route::{Request, Scheme};
use arc_swap::ArcSwap;
use bytes::Bytes;

use super::ServeOptions;
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

    /// Decide `request` with `loaded`, the table its headers were read for, and the current
    /// state: one lock.
    pub fn begin(
        &self,
        loaded: Arc<Loaded>,
        key: ListenerKey,
        peer: SocketAddr,
        request: Request,
        started: Instant,
    ) -> Result<Flight, Canned> {
        let roll = self.roll();
        let Ok(mut state) = self.state.lock() else {
            return Err(Canned::text(
                500,
                "500 Internal Server Error: alb's state is broken",
            ));
        };
        let exchange = Exchange::begin(
            &loaded.router,
            loaded.group,
            &loaded.groups,
            &mut state,
            request,
            // The engine's clock at the request's start, without reading the clock again.
            started.saturating_duration_since(self.started),
            roll,
        );
        drop(state);
        Ok(Flight {
            loaded,
            key,
            peer,
            exchange,
            started,
        })
    }

    /// How an attempt to forward ended, and so what happens next, for every transport: the
    /// engine says (one lock). `Continue`: send again, to [`Flight::address`] (another
    /// endpoint); `Break`: the backend's response, or the load balancer's own answer (502,
    /// 504). Each transport's forward is this loop:
    ///
    /// ```ignore
    /// let result = loop {
    ///     let sent = send(&x, ...).await;
    ///     if let ControlFlow::Break(done) = shared.after(&mut x, sent, replayable) {
    ///         break done;
    ///     }
    /// };
    /// ```
    pub fn after<R>(
        &self,
        flight: &mut Flight,
        sent: Result<R, Attempt>,
        replayable: bool,
    ) -> ControlFlow<Result<R, Canned>> {
        let attempt = match &sent {
            Ok(_) => Attempt::Answered,
            Err(attempt) => attempt.clone(),
        };
        let next = match self.state.lock() {
            Ok(mut state) => flight.exchange.after(
                &flight.loaded.groups,
                &mut state,
                attempt,
                replayable,
                || (self.now(), self.roll()),
            ),
            Err(_) => Next::Done,
        };
        ControlFlow::Break(match (next, sent) {
            (Next::Retry, _) => return ControlFlow::Continue(()),
            (Next::Answer(answer), _) => Err(answer.into()),
            (Next::Done, Ok(response)) => Ok(response),
            (Next::Done, Err(attempt)) => {
                Err(Answer::bad_gateway(flight.address(), &format!("{attempt:?}")).into())
            }
        })
    }
}

/// One request in flight: the table that decided it, where it came from, and the engine's
/// exchange.
pub struct Flight {
    /// The table that decided it: a reload meanwhile does not change an in-flight request.
    pub loaded: Arc<Loaded>,
    pub key: ListenerKey,
    pub peer: SocketAddr,
    pub exchange: Exchange,
    pub started: Instant,
}

impl Flight {
    /// The engine's view of the request.
    pub fn request(&self) -> &Request {
        &self.exchange.request
    }

    /// The timeouts of the listener the request arrived on.
    pub fn timeouts(&self) -> ListenerTimeouts {
        listener_timeouts(&self.loaded, self.key)
    }

    /// What to do with the request.
    pub fn plan(&self) -> Plan {
        self.exchange.plan(&self.loaded.router, &self.loaded.groups)
    }

    /// The endpoint of the current attempt.
    pub fn address(&self) -> &str {
        self.exchange.selection().map_or("", |s| s.address.as_str())
    }

    /// `namespace/service` of the server group the request goes to.
    pub fn service(&self) -> String {
        self.exchange.server_group().map_or(String::new(), |g| {
            format!("{}/{}", g.target.namespace, g.target.service)
        })
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
        unix_time: loaded
            .router
            .reads_clock()
            .then(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH))
            .and_then(Result::ok)
            .map(|d| d.as_secs()),
    };
    for (name, value) in fields {
        // Only the fields some rule reads are copied: the name decides before the value is
        // even checked as text.
        let cookie = name.eq_ignore_ascii_case("cookie");
        if !cookie && !loaded.router.reads_header(name) {
            continue;
        }
        let Ok(value) = std::str::from_utf8(value) else {
            continue;
        };
        if cookie {
            let _ = engine.add_cookies(value);
        } else {
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
}

impl From<Answer> for Canned {
    fn from(answer: Answer) -> Canned {
        Canned {
            status: answer.status,
            content_type: answer.content_type,
            location: answer.location,
            body: Bytes::from(answer.body),
        }
    }
}

/// Fields the load balancer adds to a response: the engine's (CORS, and the sticky-session
/// cookies when a backend answered), and with `--debug-headers` the rule and the endpoint.
pub fn response_extras(
    shared: &Shared,
    x: &Flight,
    endpoint: Option<&str>,
    backend_answered: bool,
    mut emit: impl FnMut(&str, &str),
) {
    x.exchange.response_fields(backend_answered, &mut emit);
    if shared.debug_headers {
        if let Some(rule) = rule_name(x) {
            emit("x-alb-rule", &rule);
        }
        if let Some(endpoint) = endpoint {
            emit("x-alb-backend", endpoint);
        }
    }
}

fn rule_name(x: &Flight) -> Option<String> {
    let rule = x.loaded.router.rule(x.exchange.dispatch.decision.rule?)?;
    Some(format!("{} #{}", rule.ingress_key, rule.priority))
}

/// Count the exchange and write its access-log line. `status` is the one the client got.
pub fn finish(shared: &Shared, x: &Flight, endpoint: Option<&str>, status: u16) {
    let elapsed = x.started.elapsed();
    shared.metrics.record(
        x.exchange.dispatch.decision.rule,
        endpoint.unwrap_or_default(),
        status,
        elapsed,
    );
    if !shared.quiet {
        let line = serde_json::json!({
            "time_unix_ms": std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64),
            "client": x.peer.to_string(),
            "listener": x.key.to_string(),
            "method": x.request().method,
            "host": x.request().host,
            "path": x.request().path_and_query(),
            "rule": rule_name(x),
            "backend": endpoint,
            "status": status,
            "duration_ms": elapsed.as_secs_f64() * 1e3,
        });
        eprintln!("{line}");
    }
}
