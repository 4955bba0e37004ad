//! One request: HTTP → engine `Request` → `Decision` → an answer from the load balancer itself
//! or a forwarded request. Nothing here decides where a request goes.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use alb_engine::chance::Rolls;
use alb_engine::compile::{ListenerKey, ServiceTarget};
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

use super::config::{Endpoint, Loaded};
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
    /// Round-robin cursors per Service port, until the engine's schedulers take over.
    cursors: Mutex<BTreeMap<ServiceTarget, usize>>,
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
            cursors: Mutex::new(BTreeMap::new()),
            metrics: super::metrics::Metrics::default(),
        }
    }

    /// Every endpoint and whether it is healthy, for `/metrics`.
    pub fn health_report(&self) -> Vec<(String, bool)> {
        let loaded = self.loaded.load();
        loaded
            .endpoints
            .values()
            .flatten()
            .map(|e| (e.name(), true))
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
    let listed: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
        .collect();
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
    let decision = loaded.router.decide(loaded.group, &engine, shared.roll());
    let (mut response, endpoint) =
        answer(&shared, &loaded, key, peer, &engine, &decision, request).await;
    for (name, value) in &decision.response_headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
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
        if let Some(endpoint) = &endpoint
            && let Ok(v) = HeaderValue::from_str(&endpoint.name())
        {
            response.headers_mut().insert("x-alb-backend", v);
        }
    }
    let rule_name = rule.map_or_else(
        || "none".to_string(),
        |r| format!("{} #{}", r.ingress_key, r.priority),
    );
    let backend_name = endpoint.as_ref().map_or_else(String::new, Endpoint::name);
    shared.metrics.record(
        &rule_name,
        &backend_name,
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
            "backend": endpoint.as_ref().map(Endpoint::name),
            "status": response.status().as_u16(),
            "duration_ms": started.elapsed().as_secs_f64() * 1e3,
        });
        eprintln!("{line}");
    }
    response
}

async fn answer(
    shared: &Shared,
    loaded: &Loaded,
    key: ListenerKey,
    peer: SocketAddr,
    engine: &Request,
    decision: &Decision,
    request: hyper::Request<Incoming>,
) -> (Response<Body>, Option<Endpoint>) {
    match decision.outcome {
        Outcome::NoMatch => (
            plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "503 Service Unavailable: no rule matches",
            ),
            None,
        ),
        Outcome::Preflight => {
            let mut response = Response::new(full(Bytes::new()));
            *response.status_mut() = StatusCode::NO_CONTENT;
            (response, None)
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
            (response, None)
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
            (response, None)
        }
        Outcome::Forward => {
            let Some(target) = loaded.router.backend(decision).cloned() else {
                return (
                    plain(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "503 Service Unavailable: no backend",
                    ),
                    None,
                );
            };
            let Some(endpoint) = pick(shared, loaded, &target) else {
                return (
                    plain(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "503 Service Unavailable: no healthy endpoint",
                    ),
                    None,
                );
            };
            let response = match &endpoint {
                Endpoint::Echo { service, pod } => {
                    echo::respond(service, pod, engine, decision, request).await
                }
                Endpoint::Address(addr) => {
                    let settings = loaded.router.backend_settings(decision);
                    forward(shared, settings, key, peer, engine, decision, addr, request).await
                }
            };
            (response, Some(endpoint))
        }
    }
}

/// Which endpoint of a Service port answers (round robin until the engine's schedulers land).
fn pick(shared: &Shared, loaded: &Loaded, target: &ServiceTarget) -> Option<Endpoint> {
    let endpoints = loaded.endpoints.get(target)?;
    if endpoints.is_empty() {
        return None;
    }
    let mut cursors = shared.cursors.lock().ok()?;
    let cursor = cursors.entry(target.clone()).or_insert(0);
    let endpoint = endpoints.get(*cursor % endpoints.len()).cloned();
    *cursor = cursor.wrapping_add(1);
    endpoint
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
    request: hyper::Request<Incoming>,
) -> Response<Body> {
    use alb_engine::annotations::BackendProtocol;
    let protocol = settings.map_or(BackendProtocol::Http, |s| s.protocol);
    let grpc = protocol == BackendProtocol::Grpc;
    let (mut parts, body) = request.into_parts();
    let path = decision
        .upstream_path
        .clone()
        .unwrap_or_else(|| engine.path_and_query());
    let scheme = if protocol == BackendProtocol::Https {
        "https"
    } else {
        "http"
    };
    let uri = match format!("{scheme}://{addr}{path}").parse::<hyper::Uri>() {
        Ok(uri) => uri,
        Err(_) => {
            return plain(
                StatusCode::BAD_GATEWAY,
                "502 Bad Gateway: bad upstream address",
            );
        }
    };
    parts.uri = uri;
    parts.version = if grpc {
        hyper::Version::HTTP_2
    } else {
        hyper::Version::HTTP_11
    };
    // gRPC needs `te: trailers` end to end.
    strip_hop_by_hop(&mut parts.headers, grpc);
    let host = decision
        .upstream_host
        .clone()
        .unwrap_or_else(|| engine.host.clone());
    if let Ok(v) = HeaderValue::from_str(&host) {
        parts.headers.insert(header::HOST, v);
    }
    // X-Forwarded-* as ALB sends them: the client is appended to any existing chain.
    let xff = match parts
        .headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
    {
        Some(chain) => format!("{chain}, {}", peer.ip()),
        None => peer.ip().to_string(),
    };
    if let Ok(v) = HeaderValue::from_str(&xff) {
        parts.headers.insert("x-forwarded-for", v);
    }
    parts.headers.insert(
        "x-forwarded-proto",
        HeaderValue::from_static(if key.protocol.is_tls() {
            "https"
        } else {
            "http"
        }),
    );
    if let Ok(v) = HeaderValue::from_str(&key.port.to_string()) {
        parts.headers.insert("x-forwarded-port", v);
    }
    for name in &decision.remove_request_headers {
        parts.headers.remove(name.as_str());
    }
    for (name, value) in &decision.insert_request_headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            parts.headers.insert(name, value);
        }
    }
    let upstream = hyper::Request::from_parts(
        parts,
        body.map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
            .boxed(),
    );
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
            Response::from_parts(
                parts,
                body.map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
                    .boxed(),
            )
        }
        Ok(Err(error)) => {
            let text = format!("502 Bad Gateway: {addr}: {error}");
            plain(StatusCode::BAD_GATEWAY, &text)
        }
        Err(_) => plain(
            StatusCode::GATEWAY_TIMEOUT,
            "504 Gateway Timeout: the backend did not answer in time",
        ),
    }
}
