//! What a run sends: the targets, the requests (each serialised once for HTTP/1.1 and kept as
//! parts for HTTP/2), how many connections, and when to stop.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use tokio_rustls::TlsConnector;

/// Where connections go.
pub struct Target {
    pub addr: SocketAddr,
    pub tls: Option<TlsTarget>,
    /// What the target is (`80/HTTP` for `--serve`), to tell rules of different listeners apart.
    pub label: String,
}

/// TLS to a target: the client configuration and the name to ask for.
#[derive(Clone)]
pub struct TlsTarget {
    pub connector: TlsConnector,
    pub server_name: rustls::pki_types::ServerName<'static>,
}

/// One request to send, again and again.
pub struct Template {
    /// Index into [`Plan::targets`].
    pub target: usize,
    /// The whole HTTP/1.1 request (head and body), ready to write.
    pub wire: Bytes,
    /// The same request for HTTP/2: the URI carries the authority (the Host).
    pub method: hyper::Method,
    pub uri: hyper::Uri,
    pub headers: hyper::HeaderMap,
    pub body: Bytes,
}

impl Template {
    /// Build both encodings. `authority` is the Host header; `headers` never contain Host.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        target: usize,
        method: &str,
        scheme: &str,
        authority: &str,
        path_and_query: &str,
        headers: &[(String, String)],
        body: Bytes,
        keepalive: bool,
    ) -> Result<Template, String> {
        let method = hyper::Method::from_bytes(method.as_bytes())
            .map_err(|_| format!("`{method}` is not an HTTP method"))?;
        let uri: hyper::Uri = format!("{scheme}://{authority}{path_and_query}")
            .parse()
            .map_err(|_| format!("`{scheme}://{authority}{path_and_query}` is not a URL"))?;
        let mut map = hyper::HeaderMap::new();
        let mut wire = format!("{method} {path_and_query} HTTP/1.1\r\nhost: {authority}\r\n");
        let mut has_agent = false;
        for (name, value) in headers {
            let header_name = hyper::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("`{name}` is not a header name"))?;
            let header_value = hyper::header::HeaderValue::from_str(value)
                .map_err(|_| format!("the value of header `{name}` is not valid"))?;
            has_agent |= header_name == hyper::header::USER_AGENT;
            map.append(header_name, header_value);
            wire.push_str(&format!("{name}: {value}\r\n"));
        }
        if !has_agent {
            let agent = concat!("alb-bench/", env!("CARGO_PKG_VERSION"));
            map.insert(
                hyper::header::USER_AGENT,
                hyper::header::HeaderValue::from_static(agent),
            );
            wire.push_str(&format!("user-agent: {agent}\r\n"));
        }
        if !keepalive {
            wire.push_str("connection: close\r\n");
        }
        if !body.is_empty() || !matches!(method, hyper::Method::GET | hyper::Method::HEAD) {
            wire.push_str(&format!("content-length: {}\r\n", body.len()));
        }
        wire.push_str("\r\n");
        let mut wire = wire.into_bytes();
        wire.extend_from_slice(&body);
        Ok(Template {
            target,
            wire: Bytes::from(wire),
            method,
            uri,
            headers: map,
            body,
        })
    }
}

/// When the run stops.
#[derive(Clone, Copy, Debug)]
pub enum Limit {
    Duration(Duration),
    Requests(u64),
}

/// A whole run.
pub struct Plan {
    pub targets: Vec<Target>,
    pub templates: Vec<Template>,
    pub connections: usize,
    pub limit: Limit,
    /// Open loop: requests per second in total, on a fixed schedule.
    pub rate: Option<f64>,
    pub keepalive: bool,
    pub http2: bool,
    pub timeout: Duration,
    /// Draw a progress bar on stderr.
    pub progress: bool,
}
