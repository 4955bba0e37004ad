//! CORS as the load balancer applies it (semantics §6.5). How ALB answers a preflight is
//! unverified; alb answers it itself with 204, as the ALB CORS action documentation describes.

use super::glob;
use super::request::Request;
use crate::compile::Cors;

/// Whether the request is a CORS preflight: OPTIONS with Origin and
/// Access-Control-Request-Method.
pub fn is_preflight(request: &Request) -> bool {
    request.method == "OPTIONS"
        && request.header("origin").is_some()
        && request.header("access-control-request-method").is_some()
}

/// The origin to allow for this request, if it is allowed at all.
fn allowed_origin(cors: &Cors, request: &Request) -> Option<String> {
    let origin = request.header("origin")?;
    cors.allow_origin
        .iter()
        .any(|o| {
            o == "*"
                || o.eq_ignore_ascii_case(origin)
                || glob::matches(&o.to_ascii_lowercase(), &origin.to_ascii_lowercase())
        })
        .then(|| origin.to_string())
}

/// Headers answering a preflight; empty when the origin is not allowed.
pub fn preflight_headers(cors: &Cors, request: &Request) -> Vec<(String, String)> {
    let Some(origin) = allowed_origin(cors, request) else {
        return Vec::new();
    };
    let mut headers = vec![("access-control-allow-origin".to_string(), origin)];
    headers.push((
        "access-control-allow-methods".to_string(),
        cors.allow_methods.join(","),
    ));
    headers.push((
        "access-control-allow-headers".to_string(),
        cors.allow_headers.join(","),
    ));
    if cors.allow_credentials {
        headers.push((
            "access-control-allow-credentials".to_string(),
            "true".to_string(),
        ));
    }
    headers.push((
        "access-control-max-age".to_string(),
        cors.max_age.to_string(),
    ));
    headers
}

/// Headers added to a forwarded request's response; empty when there is no allowed Origin.
pub fn response_headers(cors: &Cors, request: &Request) -> Vec<(String, String)> {
    let Some(origin) = allowed_origin(cors, request) else {
        return Vec::new();
    };
    let mut headers = vec![("access-control-allow-origin".to_string(), origin)];
    if cors.allow_credentials {
        headers.push((
            "access-control-allow-credentials".to_string(),
            "true".to_string(),
        ));
    }
    if !cors.expose_headers.is_empty() {
        headers.push((
            "access-control-expose-headers".to_string(),
            cors.expose_headers.join(","),
        ));
    }
    headers
}
