//! HTTP/2 through hyper: clients that speak h2 (ALPN on TLS listeners, prior knowledge on
//! cleartext ones), and the backends that need it (`backend-protocol: grpc`). The decisions
//! and header rules are `proxy`'s, shared with the HTTP/1.1 transport.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Instant;

use alb_engine::annotations::BackendProtocol;
use alb_engine::compile::ListenerKey;
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::service::service_fn;
use hyper::{Response, StatusCode};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncRead, AsyncWrite};

use super::echo;
use alb_engine::exchange::{Attempt, Forward, Plan};

use super::proxy::{self, Canned, Flight, Shared};

pub type Body = BoxBody<Bytes, Box<dyn std::error::Error + Send + Sync>>;

pub fn full(body: impl Into<Bytes>) -> Body {
    Full::new(body.into())
        .map_err(|e: Infallible| match e {})
        .boxed()
}

/// hyper's clients for requests that arrive over HTTP/2.
pub struct Clients {
    /// Persistent connections (`backend-keepalive: "true"`); HTTP or HTTPS.
    pooled: Client<HttpsConnector<HttpConnector>, Body>,
    /// One connection per request, as ALB does by default.
    unpooled: Client<HttpsConnector<HttpConnector>, Body>,
    /// `backend-protocol: grpc`: HTTP/2 end to end (cleartext h2c to the endpoint).
    grpc: Client<HttpConnector, Body>,
}

impl Clients {
    pub fn new() -> Clients {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.enforce_http(false);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(super::tls::client_config_without_verification())
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector.clone());
        let pooled = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(std::time::Duration::from_secs(60))
            .build(https.clone());
        let unpooled = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(0)
            .build(https);
        let grpc = Client::builder(TokioExecutor::new())
            .http2_only(true)
            .build(connector);
        Clients {
            pooled,
            unpooled,
            grpc,
        }
    }
}

/// Serve one HTTP/2 connection until the client or `stop` ends it.
pub async fn serve_connection<I>(
    io: I,
    shared: Arc<Shared>,
    key: ListenerKey,
    peer: SocketAddr,
    mut stop: tokio::sync::watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |request| {
        let shared = shared.clone();
        async move { Ok::<_, Infallible>(handle(shared, key, peer, request).await) }
    });
    let conn = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
        .serve_connection(TokioIo::new(io), service);
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stop.wait_for(|stop| *stop) => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

fn canned(canned: Canned) -> Response<Body> {
    let mut response = Response::new(full(canned.body));
    *response.status_mut() =
        StatusCode::from_u16(canned.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Some(v) = canned
        .content_type
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Some(v) = canned
        .location
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        headers.insert(header::LOCATION, v);
    }
    response
}

/// A hyper header map as the (name, value) pairs `proxy` reads.
pub fn fields(headers: &hyper::HeaderMap) -> Vec<(&str, &[u8])> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_bytes()))
        .collect()
}

async fn handle(
    shared: Arc<Shared>,
    key: ListenerKey,
    peer: SocketAddr,
    request: hyper::Request<Incoming>,
) -> Response<Body> {
    let started = Instant::now();
    // One table for the whole request: the fields copied for it and the decision.
    let loaded = shared.loaded.load_full();
    let host = request
        .uri()
        .authority()
        .map(|a| a.as_str())
        .or_else(|| {
            request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
        })
        .unwrap_or_default();
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let engine = proxy::engine_request(
        &loaded,
        key,
        peer,
        request.method().as_str(),
        host,
        path,
        fields(request.headers()).into_iter(),
    );
    let mut x = match shared.begin(loaded, key, peer, engine, started) {
        Ok(x) => x,
        Err(answer) => return canned(answer),
    };
    let (mut response, endpoint, backend_answered) = match x.plan() {
        Plan::Answer(answer) => (canned(answer.into()), None, false),
        Plan::Forward(forward) if forward.local_replica => {
            let (parts, body) = request.into_parts();
            let length = body.collect().await.map_or(0, |b| b.to_bytes().len());
            let json = echo::body(&x, fields(&parts.headers).into_iter(), length as u64);
            let mut response = Response::new(full(json));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(echo::CONTENT_TYPE),
            );
            (response, Some(x.address().to_string()), true)
        }
        Plan::Forward(forward) => {
            let (parts, body) = request.into_parts();
            let replayable = hyper::body::Body::is_end_stream(&body);
            let mut body = Some(
                body.map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
                    .boxed(),
            );
            let result = loop {
                let body = body.take().unwrap_or_else(|| full(Bytes::new()));
                let sent = send(&shared, &x, forward, &parts, body).await;
                if let ControlFlow::Break(done) = shared.after(&mut x, sent, replayable) {
                    break done;
                }
            };
            let address = Some(x.address().to_string());
            match result {
                Ok(response) => {
                    let (mut head, body) = response.into_parts();
                    strip_hop_by_hop(&mut head.headers);
                    let body = body
                        .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
                        .boxed();
                    (Response::from_parts(head, body), address, true)
                }
                Err(answer) => (canned(answer), address, false),
            }
        }
    };
    let headers = response.headers_mut();
    proxy::response_extras(
        &shared,
        &x,
        endpoint.as_deref(),
        backend_answered,
        |name, value| {
            if let (Ok(name), Ok(value)) =
                (HeaderName::try_from(name), HeaderValue::from_str(value))
            {
                headers.append(name, value);
            }
        },
    );
    proxy::finish(&shared, &x, endpoint.as_deref(), response.status().as_u16());
    response
}

/// The hop-by-hop fields of a backend's response (RFC 9110 §7.6.1), which never reach the
/// client; framing is hyper's to write.
fn strip_hop_by_hop(headers: &mut hyper::HeaderMap) {
    let listed = super::http1::wire::connection_listed(fields(headers).into_iter());
    for name in listed {
        headers.remove(name.as_str());
    }
    // Content-Length stays: hyper frames the body by it.
    for name in super::http1::wire::HOP_BY_HOP {
        headers.remove(name);
    }
}

/// Send a request to `address` with hyper: HTTP/2 for gRPC backends, else HTTP/1.1 (HTTPS
/// when the backend protocol says so).
pub async fn send(
    shared: &Shared,
    x: &Flight,
    forward: Forward,
    original: &hyper::http::request::Parts,
    body: Body,
) -> Result<Response<Incoming>, Attempt> {
    let address = x.address();
    let grpc = forward.protocol == BackendProtocol::Grpc;
    let scheme = if forward.protocol == BackendProtocol::Https {
        "https"
    } else {
        "http"
    };
    let uri = format!("{scheme}://{address}{}", x.exchange.upstream_target())
        .parse::<hyper::Uri>()
        .map_err(|_| Attempt::Failed("bad upstream address".to_string()))?;
    let mut upstream = hyper::Request::new(body);
    *upstream.method_mut() = original.method.clone();
    *upstream.uri_mut() = uri;
    *upstream.version_mut() = if grpc {
        hyper::Version::HTTP_2
    } else {
        hyper::Version::HTTP_11
    };
    let headers = upstream.headers_mut();
    let client = fields(&original.headers);
    let listed = super::http1::wire::connection_listed(client.iter().copied());
    x.exchange
        .upstream_fields(client.into_iter(), &listed, grpc, |name, value| {
            if let (Ok(name), Ok(value)) =
                (HeaderName::try_from(name), HeaderValue::from_bytes(value))
            {
                headers.append(name, value);
            }
        });
    if let Some(length) = original.headers.get(header::CONTENT_LENGTH) {
        headers.insert(header::CONTENT_LENGTH, length.clone());
    }
    let clients = &shared.h2_upstream;
    let sent = if grpc {
        clients.grpc.request(upstream)
    } else if forward.keepalive {
        clients.pooled.request(upstream)
    } else {
        clients.unpooled.request(upstream)
    };
    match tokio::time::timeout(x.timeouts().request, sent).await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(error)) if error.is_connect() => Err(Attempt::ConnectFailed(error.to_string())),
        Ok(Err(error)) => Err(Attempt::Failed(error.to_string())),
        Err(_) => Err(Attempt::TimedOut),
    }
}

/// A connection whose first bytes were already read (the HTTP/2 preface, seen by the
/// HTTP/1.x loop): reads replay them before reading on.
pub struct Prefixed<I> {
    read: bytes::BytesMut,
    io: I,
}

impl<I> Prefixed<I> {
    pub fn new(read: bytes::BytesMut, io: I) -> Prefixed<I> {
        Prefixed { read, io }
    }
}

impl<I: AsyncRead + Unpin> AsyncRead for Prefixed<I> {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let this = self.get_mut();
        if !this.read.is_empty() {
            let n = this.read.len().min(buf.remaining());
            buf.put_slice(&this.read.split_to(n));
            return std::task::Poll::Ready(Ok(()));
        }
        std::pin::Pin::new(&mut this.io).poll_read(cx, buf)
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Prefixed<I> {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}
