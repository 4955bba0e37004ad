//! The built-in echo backend: `alb serve -f testdata/examples/` works with nothing else
//! running. It answers with JSON describing the request it received after the load balancer's
//! rewrite and header changes.

use std::collections::BTreeMap;

use alb_engine::route::{Decision, Request};
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::Response;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};

use super::proxy::Body;

pub async fn respond(
    service: &str,
    pod: &str,
    engine: &Request,
    decision: &Decision,
    request: hyper::Request<Incoming>,
) -> Response<Body> {
    let upstream = decision
        .upstream_path
        .clone()
        .unwrap_or_else(|| engine.path_and_query());
    let (path, query) = match upstream.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (upstream, String::new()),
    };
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // The headers as received (the engine only copies the ones rules read).
    for (name, value) in request.headers() {
        let name = name.as_str();
        if !decision
            .remove_request_headers
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name))
        {
            headers
                .entry(name.to_string())
                .or_default()
                .push(String::from_utf8_lossy(value.as_bytes()).into_owned());
        }
    }
    for (name, value) in &decision.insert_request_headers {
        headers.insert(name.to_ascii_lowercase(), vec![value.clone()]);
    }
    let body_len = request
        .into_body()
        .collect()
        .await
        .map_or(0, |b| b.to_bytes().len());
    let body = serde_json::json!({
        "service": service,
        "pod": pod,
        "method": engine.method,
        "host": decision.upstream_host.clone().unwrap_or_else(|| engine.host.clone()),
        "path": path,
        "query": query,
        "headers": headers,
        "body_bytes": body_len,
    });
    let mut response = Response::new(
        http_body_util::Full::new(Bytes::from(body.to_string() + "\n"))
            .map_err(|e: std::convert::Infallible| match e {})
            .boxed(),
    );
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
