//! One request: HTTP → engine `Request` → `Decision` → an answer from the load balancer itself
//! or a forwarded request. Nothing here decides where a request goes.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use alb_engine::backends::{BackendState, EndpointId, EndpointSource, SelectInput, Selection};
use alb_engine::chance::Rolls;
use alb_engine::compile::ListenerKey;
use alb_engine::dispatch::{Dispatch, dispatch};
use alb_engine::route::{Decision, Outcome, Request, Scheme};
use arc_swap::ArcSwap;
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::{Response, StatusCode};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::config::Loaded;
use super::echo;
use crate::cli::ServeArgs;

pub type Body = BoxBody<Bytes, Box<dyn std::error::Error + Send + Sync>>;

/// Everything the connection tasks share.
pub struct Shared {
    pub loaded: ArcSwap<Loaded>,
    quiet: bool,
    debug_headers: bool,
    seed: u64,
    requests: AtomicU64,
    /// Persistent upstream connections (`backend-keepalive: "true"`); HTTP, or HTTPS for
    /// `backend-protocol: https`.
    pooled: Client<HttpsConnector<HttpConnector>, Body>,
    /// One connection per request, as ALB does by default.
    unpooled: Client<HttpsConnector<HttpConnector>, Body>,
    /// `backend-protocol: grpc`: HTTP/2 end to end (cleartext h2c to the endpoint).
    grpc: Client<HttpConnector, Body>,
    /// Health, scheduler cursors, connection counts and QPS buckets: the engine's mutable
    /// side, kept across reloads.
    pub state: Mutex<BackendState>,
    /// The origin of the engine's clock.
    started: Instant,
    pub metrics: super::metrics::Metrics,
}

impl Shared {
    pub fn new(loaded: ArcSwap<Loaded>, args: &ServeArgs) -> Shared {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.enforce_http(false);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(super::tls::client_config_without_verification())
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector.clone());
        let pooled = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .build(https.clone());
        let unpooled = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(0)
            .build(https);
        let grpc = Client::builder(TokioExecutor::new())
            .http2_only(true)
            .build(connector);
        Shared {
            loaded,
            quiet: args.quiet,
            debug_headers: args.debug_headers,
            seed: args.seed,
            requests: AtomicU64::new(0),
            pooled,
            unpooled,
            grpc,
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
}

pub fn full(body: impl Into<Bytes>) -> Body {
    Full::new(body.into())
        .map_err(|e: Infallible| match e {})
        .boxed()
}

fn plain(status: StatusCode, text: &str) -> Response<Body> {
    let mut response = Response::new(full(format!("{text}\n")));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// Hop-by-hop headers (RFC 9110 §7.6.1): never forwarded.
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "upgrade",
];

fn strip_hop_by_hop(headers: &mut hyper::HeaderMap, keep_te_trailers: bool) {
    let listed: Vec<String> = if !headers.contains_key(header::CONNECTION) {
        Vec::new()
    } else {
        headers
            .get_all(header::CONNECTION)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
            .collect()
    };
    for name in listed {
        headers.remove(name.as_str());
    }
    let te_trailers = headers
        .get(header::TE)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"trailers"));
    for name in HOP_BY_HOP {
        headers.remove(name);
    }
    if keep_te_trailers && te_trailers {
        headers.insert(header::TE, HeaderValue::from_static("trailers"));
    }
    headers.remove(header::TRANSFER_ENCODING);
}

/// The engine's view of an HTTP request: only the headers some rule can read are copied.
fn engine_request(
    router: &alb_engine::route::Router,
    key: ListenerKey,
    peer: SocketAddr,
    request: &hyper::Request<Incoming>,
) -> Request {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()))
        .unwrap_or_default();
    let mut engine = Request {
        method: request.method().as_str().to_string(),
        scheme: if key.protocol.is_tls() {
            Scheme::Https
        } else {
            Scheme::Http
        },
        port: key.port,
        host,
        path: request.uri().path().to_string(),
        query: request.uri().query().unwrap_or("").to_string(),
        headers: Vec::new(),
        cookies: Vec::new(),
        client_ip: Some(peer.ip()),
    };
    for (name, value) in request.headers() {
        let Ok(value) = value.to_str() else {
            continue;
        };
        if name == header::COOKIE {
            let _ = engine.add_cookies(value);
        } else if router.reads_header(name.as_str()) {
            engine
                .headers
                .push((name.as_str().to_string(), value.to_string()));
        }
    }
    engine
}

pub async fn handle(
    shared: std::sync::Arc<Shared>,
    key: ListenerKey,
    peer: SocketAddr,
    request: hyper::Request<Incoming>,
) -> Response<Body> {
    let started = Instant::now();
    let loaded = shared.loaded.load_full();
    let engine = engine_request(&loaded.router, key, peer, &request);
    let roll = shared.roll();
    let dispatched = match shared.state.lock() {
        Ok(mut state) => dispatch(
            &loaded.router,
            loaded.group,
            &loaded.groups,
            &mut state,
            &engine,
            shared.now(),
            roll,
        ),
        Err(_) => {
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "500: alb's state is broken",
            );
        }
    };
    let answered = answer(&shared, &loaded, key, peer, &engine, &dispatched, request).await;
    let mut response = answered.response;
    let decision = &dispatched.decision;
    for (name, value) in decision
        .response_headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain(
            answered
                .set_cookies
                .iter()
                .map(|c| ("set-cookie", c.as_str())),
        )
    {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::from_str(value)) {
            response.headers_mut().append(name, value);
        }
    }
    let rule = decision.rule.and_then(|r| loaded.router.rule(r));
    if shared.debug_headers {
        if let Some(rule) = rule
            && let Ok(v) =
                HeaderValue::from_str(&format!("{} #{}", rule.ingress_key, rule.priority))
        {
            response.headers_mut().insert("x-alb-rule", v);
        }
        if let Some(endpoint) = &answered.endpoint
            && let Ok(v) = HeaderValue::from_str(endpoint)
        {
            response.headers_mut().insert("x-alb-backend", v);
        }
    }
    shared.metrics.record(
        decision.rule,
        answered.endpoint.as_deref().unwrap_or_default(),
        response.status().as_u16(),
        started.elapsed(),
    );
    if !shared.quiet {
        let line = serde_json::json!({
            "time_unix_ms": std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64),
            "client": peer.to_string(),
            "listener": key.to_string(),
            "method": engine.method,
            "host": engine.host,
            "path": engine.path_and_query(),
            "rule": rule.map(|r| format!("{} #{}", r.ingress_key, r.priority)),
            "backend": answered.endpoint,
            "status": response.status().as_u16(),
            "duration_ms": started.elapsed().as_secs_f64() * 1e3,
        });
        eprintln!("{line}");
    }
    response
}

/// What answered a request: the response, the endpoint (for logs and debug headers) and the
/// cookies the load balancer sets.
struct Answered {
    response: Response<Body>,
    endpoint: Option<String>,
    set_cookies: Vec<String>,
}

impl Answered {
    fn by_load_balancer(response: Response<Body>) -> Answered {
        Answered {
            response,
            endpoint: None,
            set_cookies: Vec::new(),
        }
    }
}

/// Methods the load balancer may retry on another endpoint after a connect error.
fn idempotent(method: &hyper::Method) -> bool {
    use hyper::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
        Method::TRACE,
    ]
    .contains(method)
}

async fn answer(
    shared: &Shared,
    loaded: &Loaded,
    key: ListenerKey,
    peer: SocketAddr,
    engine: &Request,
    dispatched: &Dispatch,
    request: hyper::Request<Incoming>,
) -> Answered {
    let decision = &dispatched.decision;
    match decision.outcome {
        Outcome::NoMatch => {
            return Answered::by_load_balancer(plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "503 Service Unavailable: no rule matches",
            ));
        }
        Outcome::Preflight => {
            let mut response = Response::new(full(Bytes::new()));
            *response.status_mut() = StatusCode::NO_CONTENT;
            return Answered::by_load_balancer(response);
        }
        Outcome::Redirect => {
            let status = decision
                .status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::PERMANENT_REDIRECT);
            let mut response = Response::new(full(Bytes::new()));
            *response.status_mut() = status;
            if let Some(location) = decision
                .location
                .as_deref()
                .and_then(|l| HeaderValue::from_str(l).ok())
            {
                response.headers_mut().insert(header::LOCATION, location);
            }
            return Answered::by_load_balancer(response);
        }
        Outcome::FixedResponse => {
            let status = decision
                .status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::OK);
            let (content_type, body) = decision.body.clone().unwrap_or_default();
            let mut response = Response::new(full(body));
            *response.status_mut() = status;
            if let Ok(v) = HeaderValue::from_str(&content_type) {
                response.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            return Answered::by_load_balancer(response);
        }
        Outcome::Forward => {}
    }
    if dispatched.limited.is_some() {
        return Answered::by_load_balancer(plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 Service Unavailable: over the rule's QPS limit",
        ));
    }
    let (Some(group_id), Some(selection)) = (&dispatched.group, &dispatched.selection) else {
        return Answered::by_load_balancer(plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 Service Unavailable: no backend",
        ));
    };
    let selection: &Selection = match selection {
        Ok(selection) => selection,
        Err(none) => {
            let text = format!("503 Service Unavailable: {}", none.reason);
            return Answered::by_load_balancer(plain(StatusCode::SERVICE_UNAVAILABLE, &text));
        }
    };
    let Some(spec) = loaded.groups.get(group_id) else {
        return Answered::by_load_balancer(plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 Service Unavailable: no backend",
        ));
    };
    if spec.source == EndpointSource::LocalReplicas {
        let service = format!("{}/{}", group_id.target.namespace, group_id.target.service);
        let response = echo::respond(&service, &selection.address, engine, decision, request).await;
        return Answered {
            response,
            endpoint: Some(selection.address.clone()),
            set_cookies: selection.set_cookies.clone(),
        };
    }

    let settings = loaded.router.backend_settings(decision);
    let (parts, body) = request.into_parts();
    let has_body = parts.headers.contains_key(header::TRANSFER_ENCODING)
        || parts
            .headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    let retryable = idempotent(&parts.method) && !has_body;
    let body: Body = body
        .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
        .boxed();
    let mut attempt = selection.clone();
    let mut failed: Vec<EndpointId> = Vec::new();
    let mut body = Some(body);
    loop {
        let this_body = body.take().unwrap_or_else(|| full(Bytes::new()));
        if let Ok(mut state) = shared.state.lock() {
            state.on_start(group_id, &attempt.address);
        }
        let result = forward(
            shared,
            settings,
            key,
            peer,
            engine,
            decision,
            &attempt.address,
            &parts,
            this_body,
        )
        .await;
        if let Ok(mut state) = shared.state.lock() {
            state.on_finish(group_id, &attempt.address);
        }
        match result {
            Ok(response) => {
                return Answered {
                    response,
                    endpoint: Some(attempt.address.clone()),
                    set_cookies: attempt.set_cookies.clone(),
                };
            }
            Err(Upstream::Connect(error)) if retryable && failed.is_empty() => {
                // ALB retries an idempotent request once on another healthy endpoint.
                failed.push(attempt.endpoint);
                let mut input = SelectInput::new(engine);
                input.failed = &failed;
                let retry = shared.state.lock().ok().and_then(|mut state| {
                    state
                        .select_with(spec, &input, shared.now(), shared.roll())
                        .ok()
                });
                match retry {
                    Some(next) if next.endpoint != attempt.endpoint => attempt = next,
                    _ => return failure(&attempt.address, &Upstream::Connect(error)),
                }
            }
            Err(error) => return failure(&attempt.address, &error),
        }
    }
}

fn failure(address: &str, error: &Upstream) -> Answered {
    let response = match error {
        Upstream::Timeout => plain(
            StatusCode::GATEWAY_TIMEOUT,
            "504 Gateway Timeout: the backend did not answer in time",
        ),
        Upstream::Connect(e) | Upstream::Other(e) => plain(
            StatusCode::BAD_GATEWAY,
            &format!("502 Bad Gateway: {address}: {e}"),
        ),
    };
    Answered {
        response,
        endpoint: Some(address.to_string()),
        set_cookies: Vec::new(),
    }
}

/// Why forwarding failed.
enum Upstream {
    /// No connection: safe to retry elsewhere.
    Connect(String),
    Timeout,
    Other(String),
}

/// How long a backend may take to answer before the client gets 504 (the AlbConfig
/// listener's requestTimeout default).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

#[allow(clippy::too_many_arguments)]
async fn forward(
    shared: &Shared,
    settings: Option<&alb_engine::compile::BackendSettings>,
    key: ListenerKey,
    peer: SocketAddr,
    engine: &Request,
    decision: &Decision,
    addr: &str,
    original: &hyper::http::request::Parts,
    body: Body,
) -> Result<Response<Body>, Upstream> {
    use alb_engine::annotations::BackendProtocol;
    let protocol = settings.map_or(BackendProtocol::Http, |s| s.protocol);
    let grpc = protocol == BackendProtocol::Grpc;
    let path = decision
        .upstream_path
        .clone()
        .unwrap_or_else(|| engine.path_and_query());
    let scheme = if protocol == BackendProtocol::Https {
        "https"
    } else {
        "http"
    };
    let uri = format!("{scheme}://{addr}{path}")
        .parse::<hyper::Uri>()
        .map_err(|_| Upstream::Other("bad upstream address".to_string()))?;
    let mut upstream = hyper::Request::new(body);
    *upstream.method_mut() = original.method.clone();
    *upstream.uri_mut() = uri;
    *upstream.version_mut() = if grpc {
        hyper::Version::HTTP_2
    } else {
        hyper::Version::HTTP_11
    };
    *upstream.headers_mut() = original.headers.clone();
    let headers = upstream.headers_mut();
    // gRPC needs `te: trailers` end to end.
    strip_hop_by_hop(headers, grpc);
    let host = decision
        .upstream_host
        .clone()
        .unwrap_or_else(|| engine.host.clone());
    if let Ok(v) = HeaderValue::from_str(&host) {
        headers.insert(header::HOST, v);
    }
    // X-Forwarded-* as ALB sends them: the client is appended to any existing chain.
    let xff = match headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
        Some(chain) => format!("{chain}, {}", peer.ip()),
        None => peer.ip().to_string(),
    };
    if let Ok(v) = HeaderValue::from_str(&xff) {
        headers.insert("x-forwarded-for", v);
    }
    headers.insert(
        "x-forwarded-proto",
        HeaderValue::from_static(if key.protocol.is_tls() {
            "https"
        } else {
            "http"
        }),
    );
    if let Ok(v) = HeaderValue::from_str(&key.port.to_string()) {
        headers.insert("x-forwarded-port", v);
    }
    for name in &decision.remove_request_headers {
        headers.remove(name.as_str());
    }
    for (name, value) in &decision.insert_request_headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(name, value);
        }
    }
    let keepalive = settings.is_some_and(|s| s.keepalive);
    let sent = if grpc {
        shared.grpc.request(upstream)
    } else if keepalive {
        shared.pooled.request(upstream)
    } else {
        shared.unpooled.request(upstream)
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, sent).await {
        Ok(Ok(response)) => {
            let (mut parts, body) = response.into_parts();
            strip_hop_by_hop(&mut parts.headers, grpc);
            Ok(Response::from_parts(
                parts,
                body.map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
                    .boxed(),
            ))
        }
        Ok(Err(error)) if error.is_connect() => Err(Upstream::Connect(error.to_string())),
        Ok(Err(error)) => Err(Upstream::Other(error.to_string())),
        Err(_) => Err(Upstream::Timeout),
    }
}
