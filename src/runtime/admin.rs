//! The admin listener: `/metrics`, `/routes` (the compiled table as JSON), `/healthz`.

use std::net::SocketAddr;
use std::sync::Arc;

use hyper::service::service_fn;
use hyper::{Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;

use super::h2::{Body, full};
use super::proxy::Shared;

pub async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                let shared = shared.clone();
                async move { Ok::<_, std::convert::Infallible>(answer(&shared, request.uri().path())) }
            });
            let _ = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn answer(shared: &Shared, path: &str) -> Response<Body> {
    let (status, content_type, body) = match path {
        "/healthz" => (StatusCode::OK, "text/plain", "ok\n".to_string()),
        "/metrics" => (StatusCode::OK, "text/plain; version=0.0.4", {
            let loaded = shared.loaded.load_full();
            let name = |rule: Option<alb_engine::route::RuleRef>| {
                rule.and_then(|r| loaded.router.rule(r)).map_or_else(
                    || "none".to_string(),
                    |r| format!("{} #{}", r.ingress_key, r.priority),
                )
            };
            shared.metrics.render(name, &shared.health_report())
        }),
        "/routes" => {
            let loaded = shared.loaded.load_full();
            let json = crate::output::json::rules(
                loaded.router.table(),
                &loaded.manifest,
                &loaded.sources,
                &[],
            );
            (
                StatusCode::OK,
                "application/json",
                serde_json::to_string_pretty(&json).unwrap_or_default() + "\n",
            )
        }
        _ => (
            StatusCode::NOT_FOUND,
            "text/plain",
            "try /metrics, /routes or /healthz\n".to_string(),
        ),
    };
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    if let Ok(v) = hyper::header::HeaderValue::from_str(content_type) {
        response
            .headers_mut()
            .insert(hyper::header::CONTENT_TYPE, v);
    }
    response
}

/// `--admin ADDR`: only loopback addresses, so metrics and routes are never exposed.
pub fn parse_admin(addr: &str) -> Result<SocketAddr, String> {
    let addr: SocketAddr = addr
        .parse()
        .map_err(|_| format!("--admin `{addr}` is not an address like 127.0.0.1:9901"))?;
    if !addr.ip().is_loopback() {
        return Err(format!(
            "--admin {addr}: the admin listener only binds loopback addresses"
        ));
    }
    Ok(addr)
}
