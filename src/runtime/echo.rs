//! The built-in echo backend: `alb serve -f testdata/examples/` works with nothing else
//! running. It answers with JSON describing the request it received after the load balancer's
//! rewrite and header changes.

use std::collections::BTreeMap;

use bytes::Bytes;

use super::http1::wire::connection_listed;
use super::proxy::Flight;

pub const CONTENT_TYPE: &str = "application/json";

/// The echo's JSON for a request with these fields (as the client sent them) and a body of
/// `body_bytes` bytes, answered by the chosen replica of the chosen Service: the request
/// exactly as a backend would receive it (the engine's upstream fields).
pub fn body<'h>(
    x: &Flight,
    fields: impl Iterator<Item = (&'h str, &'h [u8])> + Clone,
    body_bytes: u64,
) -> Bytes {
    let upstream = x.exchange.upstream_target();
    let (path, query) = upstream.split_once('?').unwrap_or((&upstream, ""));
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let listed = connection_listed(fields.clone());
    x.exchange
        .upstream_fields(fields, &listed, false, |name, value| {
            headers
                .entry(name.to_ascii_lowercase())
                .or_default()
                .push(String::from_utf8_lossy(value).into_owned());
        });
    let body = serde_json::json!({
        "service": x.service(),
        "pod": x.address(),
        "method": x.request().method,
        "host": x.exchange.upstream_host(),
        "path": path,
        "query": query,
        "headers": headers,
        "body_bytes": body_bytes,
    });
    Bytes::from(body.to_string() + "\n")
}
