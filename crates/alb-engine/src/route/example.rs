//! A request a rule is written to match: for benchmarks and `bench --serve`, which drive
//! traffic through the manifests' own rules.

use super::request::{Request, Scheme};
use crate::compile::{Condition, ListenerKey, Rule};

/// Wildcards filled with a character they accept.
fn fill(text: &str) -> String {
    text.replace(['*', '?'], "x")
}

/// A request for `rule` on `listener`: its host and path (wildcards filled; `/` for regex and
/// path-less rules), and the first value of its method, header, cookie and query-string
/// conditions. SourceIp conditions are not met (the request has no client IP), and a first
/// match elsewhere may still take the request: the rule is what the request aims at, not a
/// promise of what it hits.
pub fn example_request(rule: &Rule, listener: ListenerKey) -> Request {
    let mut host = (!rule.host.is_empty()).then(|| fill(&rule.host));
    let mut path = (!rule.regex && !rule.path.is_empty()).then(|| fill(&rule.path));
    let mut method = "GET".to_string();
    let mut headers = Vec::new();
    let mut cookies = Vec::new();
    let mut query = Vec::new();
    for condition in &rule.conditions {
        match condition {
            Condition::Host { values } if host.is_none() => host = values.first().map(|v| fill(v)),
            Condition::Path { values } if path.is_none() => {
                path = values
                    .first()
                    .filter(|v| v.starts_with('/'))
                    .map(|v| fill(v));
            }
            Condition::Method { values } => {
                if let Some(m) = values.first() {
                    method = m.to_ascii_uppercase();
                }
            }
            Condition::Header { key, values } => {
                if let Some(v) = values.first() {
                    headers.push((key.clone(), fill(v)));
                }
            }
            Condition::Cookie { values } => {
                if let Some((k, v)) = values.first() {
                    cookies.push((fill(k), fill(v)));
                }
            }
            Condition::QueryString { values } => {
                if let Some((k, v)) = values.first() {
                    query.push(format!("{}={}", fill(k), fill(v)));
                }
            }
            _ => {}
        }
    }
    Request {
        method,
        scheme: if listener.protocol.is_tls() {
            Scheme::Https
        } else {
            Scheme::Http
        },
        port: listener.port,
        host: host.unwrap_or_else(|| "any.example.com".to_string()),
        path: path.unwrap_or_else(|| "/".to_string()),
        query: query.join("&"),
        headers,
        cookies,
        client_ip: None,
        unix_time: None,
    }
}
