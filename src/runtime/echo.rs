//! The built-in echo backend: `alb serve -f testdata/examples/` works with nothing else
//! running. It answers with JSON describing the request it received after the load balancer's
//! rewrite and header changes.

use std::collections::BTreeMap;

use bytes::Bytes;

use super::proxy::Exchange;

pub const CONTENT_TYPE: &str = "application/json";

/// The echo's JSON for a request with these fields (as the client sent them) and a body of
/// `body_bytes` bytes, answered by `pod` of `service`.
pub fn body<'h>(
    service: &str,
    pod: &str,
    x: &Exchange,
    fields: impl Iterator<Item = (&'h str, &'h [u8])>,
    body_bytes: u64,
) -> Bytes {
    let decision = &x.dispatched.decision;
    let upstream = x.upstream_path();
    let (path, query) = upstream.split_once('?').unwrap_or((&upstream, ""));
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // The headers as received (the engine only copies the ones rules read).
    for (name, value) in fields {
        if !decision
            .remove_request_headers
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name))
        {
            headers
                .entry(name.to_ascii_lowercase())
                .or_default()
                .push(String::from_utf8_lossy(value).into_owned());
        }
    }
    for (name, value) in &decision.insert_request_headers {
        headers.insert(name.to_ascii_lowercase(), vec![value.clone()]);
    }
    let body = serde_json::json!({
        "service": service,
        "pod": pod,
        "method": x.engine.method,
        "host": x.upstream_host(),
        "path": path,
        "query": query,
        "headers": headers,
        "body_bytes": body_bytes,
    });
    Bytes::from(body.to_string() + "\n")
}
