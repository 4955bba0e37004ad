//! ingress-nginx's annotations (`nginx.ingress.kubernetes.io/…`) as its front-end reads them:
//! the routing ones (canary, regex and rewrite, redirects). Values are read as ingress-nginx
//! reads them (`docs/ingress-nginx-semantics.md` §2, §12): booleans with Go's
//! `strconv.ParseBool`, numbers with `strconv.Atoi`, strings trimmed; a value it would ignore
//! gives the default.

use std::collections::BTreeMap;

use crate::manifest::{Annotation, ObjectMeta};

use super::value::quote;
use super::{AnnotationFinding, Dialect, FindingKind, InvalidEffect, ProblemKind, Value, lookup};

/// An nginx Ingress's routing annotations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NginxAnnotations {
    pub canary: Option<NginxCanary>,
    pub use_regex: bool,
    /// Empty when absent.
    pub rewrite_target: String,
    pub app_root: Option<String>,
    /// `None`: the ConfigMap's default (true).
    pub ssl_redirect: Option<bool>,
    pub force_ssl_redirect: bool,
    pub preserve_trailing_slash: bool,
    /// `(code, url)`: temporal-redirect wins over permanent-redirect.
    pub redirect: Option<(u16, String)>,
    /// `enable-cors: "true"` and its settings.
    pub cors: Option<NginxCors>,
    /// `affinity: cookie` and the `session-cookie-*` settings.
    pub affinity: Option<CookieAffinity>,
    /// `backend-protocol`, upper-cased (`HTTP` by default; ingress-nginx ignores other values).
    pub backend_protocol: String,
    /// `upstream-hash-by`, as written (an nginx variable expression); empty when absent.
    pub upstream_hash_by: String,
    /// `load-balance`; empty when absent (the ConfigMap's `round_robin`).
    pub load_balance: String,
    /// `proxy-read-timeout` seconds: how long to wait for the backend's response.
    pub proxy_read_timeout: Option<u64>,
    /// `limit-rps` and `limit-rpm` per client address, `limit-burst-multiplier` (5).
    pub limit_rps: Option<u64>,
    pub limit_rpm: Option<u64>,
    pub limit_burst_multiplier: u64,
    /// `affinity-canary-behavior: legacy`, read on a canary Ingress (which has no affinity of
    /// its own): its upstream then takes none of its main Ingress's.
    pub legacy_canary: bool,
}

/// ingress-nginx's cookie affinity as its annotations set it (§11.1; the sticky-session
/// guide). `backends` turns it into a sticky policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CookieAffinity {
    /// `session-cookie-name`, `INGRESSCOOKIE` by default.
    pub cookie_name: String,
    /// `session-cookie-path`; `None`: the location's path as the Ingress writes it.
    pub path: Option<String>,
    pub domain: Option<String>,
    /// `session-cookie-samesite` as written (only `None`, `Lax`, `Strict` reach the cookie).
    pub same_site: Option<String>,
    pub conditional_same_site_none: bool,
    /// `session-cookie-secure`; `None`: Secure on HTTPS requests only.
    pub secure: Option<bool>,
    pub max_age: Option<i64>,
    pub expires: Option<i64>,
    pub change_on_failure: bool,
    /// `affinity-mode: persistent` (else balanced).
    pub persistent: bool,
    /// `affinity-canary-behavior: legacy` (else sticky).
    pub legacy_canary: bool,
}

/// Characters ingress-nginx accepts in a cookie name, domain (`[-._~a-zA-Z0-9/:]`) and path
/// (also `,?&=`).
fn cookie_chars(value: &str, extra: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~/:".contains(c) || extra.contains(c))
}

/// CORS as ingress-nginx configures it (§9).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NginxCors {
    /// `None`: `*`, every request is a CORS request. Otherwise the origins an Origin must end
    /// with (`scheme://host[:port]`, `null`; one `*` stands for one label).
    pub origins: Option<Vec<String>>,
    pub allow_methods: String,
    pub allow_headers: String,
    pub expose_headers: String,
    pub allow_credentials: bool,
    pub max_age: String,
}

/// ingress-nginx's defaults (`internal/ingress/annotations/cors`).
pub const CORS_ALLOW_METHODS: &str = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
pub const CORS_ALLOW_HEADERS: &str = "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization";
pub const CORS_MAX_AGE: &str = "1728000";

impl NginxCors {
    /// The Access-Control-Allow-Origin a request gets, `None` when it is no CORS request:
    /// `*`, or its Origin when that ends with an allowed origin (ingress-nginx's regex is
    /// anchored at the end only, and caseless).
    pub fn allowed_origin(&self, origin: Option<&str>) -> Option<String> {
        let Some(origins) = &self.origins else {
            return Some("*".to_string());
        };
        let origin = origin?;
        origins
            .iter()
            .any(|allowed| ends_with_origin(origin, allowed))
            .then(|| origin.to_string())
    }

    /// The headers after Access-Control-Allow-Origin, in the template's order.
    pub fn headers(&self) -> Vec<(String, String)> {
        let mut headers = Vec::new();
        if self.allow_credentials {
            headers.push((
                "access-control-allow-credentials".to_string(),
                "true".to_string(),
            ));
        }
        headers.push((
            "access-control-allow-methods".to_string(),
            self.allow_methods.clone(),
        ));
        headers.push((
            "access-control-allow-headers".to_string(),
            self.allow_headers.clone(),
        ));
        if !self.expose_headers.is_empty() {
            headers.push((
                "access-control-expose-headers".to_string(),
                self.expose_headers.clone(),
            ));
        }
        headers.push(("access-control-max-age".to_string(), self.max_age.clone()));
        headers
    }
}

/// Whether `origin` ends with `allowed` (ASCII case ignored), where the first `*` of
/// `allowed` stands for one or more of `[A-Za-z0-9-]`.
fn ends_with_origin(origin: &str, allowed: &str) -> bool {
    let origin = origin.to_ascii_lowercase();
    let allowed = allowed.to_ascii_lowercase();
    let Some((before, after)) = allowed.split_once('*') else {
        return origin.ends_with(&allowed);
    };
    let Some(rest) = origin.strip_suffix(after) else {
        return false;
    };
    // The label: the longest run of label characters before `after`, at least one, with
    // `before` ending right where some suffix of the run starts.
    let label_start = rest
        .bytes()
        .rposition(|b| !(b.is_ascii_alphanumeric() || b == b'-'))
        .map_or(0, |i| i + 1);
    (label_start..rest.len()).any(|start| rest[..start].ends_with(&before))
}

/// A canary Ingress's traffic shaping policy (`canary: "true"`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NginxCanary {
    pub by_header: String,
    pub by_header_value: String,
    pub by_header_pattern: String,
    pub by_cookie: String,
    pub weight: i64,
    /// As written; only a value above 100 replaces the total of 100.
    pub weight_total: i64,
}

impl NginxCanary {
    /// The total the weight is out of: `canary-weight-total` when above 100, else 100
    /// (ingress-nginx's Lua balancer ignores smaller totals).
    pub fn total(&self) -> i64 {
        if self.weight_total > 100 {
            self.weight_total
        } else {
            100
        }
    }
}

/// Go's `strconv.ParseBool`.
fn go_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The nginx annotations of `meta` (the last of duplicated keys, as a YAML map keeps).
pub fn parse_nginx(meta: &ObjectMeta) -> NginxAnnotations {
    let get = |name: &str| -> Option<&str> {
        let key = format!("{}{name}", Dialect::Nginx.prefix());
        meta.annotations
            .iter()
            .rev()
            .find(|a| a.key.value == key)
            .map(|a| a.value.value.trim())
            .filter(|v| !v.is_empty())
    };
    let flag = |name: &str| get(name).and_then(go_bool);
    let int = |name: &str| get(name).and_then(|v| v.parse::<i64>().ok());
    let text = |name: &str| get(name).map(str::to_string).unwrap_or_default();

    let canary = (flag("canary") == Some(true)).then(|| NginxCanary {
        by_header: text("canary-by-header"),
        by_header_value: text("canary-by-header-value"),
        by_header_pattern: text("canary-by-header-pattern"),
        by_cookie: text("canary-by-cookie"),
        weight: int("canary-weight").unwrap_or(0),
        weight_total: int("canary-weight-total").unwrap_or(100),
    });
    let code = |name: &str, allowed: std::ops::RangeInclusive<i64>, default: u16| {
        int(name)
            .filter(|c| allowed.contains(c))
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(default)
    };
    let redirect = match (get("temporal-redirect"), get("permanent-redirect")) {
        (Some(url), _) => Some((
            code("temporal-redirect-code", 300..=307, 302),
            url.to_string(),
        )),
        (None, Some(url)) => Some((
            code("permanent-redirect-code", 300..=308, 301),
            url.to_string(),
        )),
        (None, None) => None,
    };
    let cors = (flag("enable-cors") == Some(true)).then(|| {
        let origins = match get("cors-allow-origin") {
            None | Some("*") => None,
            Some(list) => {
                let kept: Vec<String> = list
                    .split(',')
                    .map(str::trim)
                    .filter(|o| {
                        *o == "null" || o.starts_with("http://") || o.starts_with("https://")
                    })
                    .map(str::to_string)
                    .collect();
                Some(kept)
            }
        };
        NginxCors {
            origins,
            allow_methods: get("cors-allow-methods")
                .unwrap_or(CORS_ALLOW_METHODS)
                .to_string(),
            allow_headers: get("cors-allow-headers")
                .unwrap_or(CORS_ALLOW_HEADERS)
                .to_string(),
            expose_headers: text("cors-expose-headers"),
            allow_credentials: flag("cors-allow-credentials").unwrap_or(true),
            max_age: int("cors-max-age").map_or(CORS_MAX_AGE.to_string(), |n| n.to_string()),
        }
    });
    let seconds = |name: &str| {
        get(name)
            .filter(|v| {
                *v == "0" || {
                    let digits = v.strip_prefix('-').unwrap_or(v);
                    !digits.is_empty()
                        && !digits.starts_with('0')
                        && digits.bytes().all(|b| b.is_ascii_digit())
                }
            })
            .and_then(|v| v.parse::<i64>().ok())
    };
    let affinity = (get("affinity") == Some("cookie")).then(|| CookieAffinity {
        cookie_name: get("session-cookie-name")
            .filter(|n| cookie_chars(n, ""))
            .unwrap_or("INGRESSCOOKIE")
            .to_string(),
        path: get("session-cookie-path")
            .filter(|p| cookie_chars(p, ",?&="))
            .map(str::to_string),
        domain: get("session-cookie-domain")
            .filter(|d| cookie_chars(d, ""))
            .map(str::to_string),
        same_site: get("session-cookie-samesite")
            .filter(|v| ["none", "lax", "strict"].contains(&v.to_ascii_lowercase().as_str()))
            .map(str::to_string),
        conditional_same_site_none: flag("session-cookie-conditional-samesite-none") == Some(true),
        secure: flag("session-cookie-secure").filter(|s| *s),
        max_age: seconds("session-cookie-max-age"),
        expires: seconds("session-cookie-expires"),
        change_on_failure: flag("session-cookie-change-on-failure") == Some(true),
        persistent: get("affinity-mode") == Some("persistent"),
        legacy_canary: get("affinity-canary-behavior") == Some("legacy"),
    });
    let positive = |name: &str| {
        int(name)
            .and_then(|n| u64::try_from(n).ok())
            .filter(|&n| n > 0)
    };
    let backend_protocol = match get("backend-protocol").map(str::to_ascii_uppercase) {
        Some(p)
            if ["HTTP", "HTTPS", "AUTO_HTTP", "GRPC", "GRPCS", "FCGI"].contains(&p.as_str()) =>
        {
            p
        }
        _ => "HTTP".to_string(),
    };
    NginxAnnotations {
        backend_protocol,
        upstream_hash_by: text("upstream-hash-by"),
        load_balance: text("load-balance"),
        proxy_read_timeout: positive("proxy-read-timeout"),
        limit_rps: positive("limit-rps"),
        limit_rpm: positive("limit-rpm"),
        limit_burst_multiplier: positive("limit-burst-multiplier").unwrap_or(5),
        legacy_canary: get("affinity-canary-behavior") == Some("legacy"),
        affinity,
        cors,
        canary,
        use_regex: flag("use-regex") == Some(true),
        rewrite_target: text("rewrite-target"),
        app_root: get("app-root").map(str::to_string),
        ssl_redirect: flag("ssl-redirect"),
        force_ssl_redirect: flag("force-ssl-redirect") == Some(true),
        preserve_trailing_slash: flag("preserve-trailing-slash") == Some(true),
        redirect,
    }
}

/// The values of an ingress-nginx Ingress's `nginx.ingress.kubernetes.io/` annotations that
/// ingress-nginx refuses, ignores or misreads, each checked against the registry's nginx row
/// (the last of duplicated keys, as the API server keeps). Only values ingress-nginx reads
/// are checked: `session-cookie-*` with `affinity: cookie`, `temporal-redirect-code` with
/// `temporal-redirect`, `permanent-redirect-code` without it, `limit-burst-multiplier`'s
/// reload failure with a rate limit. Keys without a row are not checked: ingress-nginx has
/// many more annotations than alb simulates. Sorted by key position; the lint layer assigns
/// codes.
pub fn nginx_findings(meta: &ObjectMeta) -> Vec<AnnotationFinding> {
    let mut latest: BTreeMap<&str, &Annotation> = BTreeMap::new();
    for annotation in &meta.annotations {
        latest.insert(annotation.key.value.as_str(), annotation);
    }
    let value = |name: &str| -> Value {
        let key = format!("{}{name}", Dialect::Nginx.prefix());
        latest
            .get(key.as_str())
            .and_then(|a| lookup(&a.key.value).map(|m| m.spec.parse(&a.value.value).value))
            .unwrap_or(Value::Unset)
    };
    let positive = |name: &str| matches!(value(name), Value::Int(n) if n > 0);
    let mut findings = Vec::new();
    for annotation in latest.values() {
        let Some(m) = lookup(&annotation.key.value) else {
            continue;
        };
        let spec = m.spec;
        if spec.dialect != Dialect::Nginx || m.nginx_alias {
            continue;
        }
        let read = if spec.name.starts_with("session-cookie-") {
            value("affinity") == Value::Str("cookie".to_string())
        } else if spec.name == "temporal-redirect-code" {
            value("temporal-redirect") != Value::Unset
        } else if spec.name == "permanent-redirect-code" {
            value("temporal-redirect") == Value::Unset
        } else {
            true
        };
        if !read {
            continue;
        }
        let written = &annotation.value.value;
        for problem in spec.parse(written).problems {
            // The burst is rendered only with a rate limit.
            if spec.name == "limit-burst-multiplier"
                && problem.effect == InvalidEffect::RejectedByApi
                && !positive("limit-rps")
                && !positive("limit-rpm")
            {
                continue;
            }
            let (message, help) = match (spec.name, problem.kind) {
                ("canary-weight-total", ProblemKind::OutOfRange) => {
                    let share = match value("canary-weight") {
                        Value::Int(weight) => format!(
                            ": `canary-weight: {weight}` sends {}% of the requests to the canary, not {weight} of {}",
                            weight.clamp(0, 100),
                            written.trim()
                        ),
                        _ => String::new(),
                    };
                    (
                        format!(
                            "{} is ignored: ingress-nginx's balancer uses `canary-weight-total` only above 100, and the weight counts out of 100{share}",
                            quote(written.trim())
                        ),
                        Some(
                            "give canary-weight as a percentage and remove canary-weight-total, or use a total above 100 for a split finer than 1% (weight 1 of 1000 is 0.1%)"
                                .to_string(),
                        ),
                    )
                }
                ("session-cookie-samesite", ProblemKind::WrongCase) => {
                    let canonical = ["None", "Lax", "Strict"]
                        .into_iter()
                        .find(|v| v.eq_ignore_ascii_case(written.trim()))
                        .unwrap_or("None");
                    (
                        format!(
                            "{} is not `{canonical}`: ingress-nginx accepts it, but lua-resty-cookie writes SameSite only for exactly `None`, `Lax` or `Strict`, so the affinity cookie is sent without SameSite",
                            quote(written.trim())
                        ),
                        Some(format!(
                            "write \"{canonical}\"; without the attribute most browsers treat the cookie as `Lax`"
                        )),
                    )
                }
                ("limit-burst-multiplier", _) if problem.effect == InvalidEffect::RejectedByApi => {
                    (
                        format!(
                            "{} makes the burst of `limit-rps`/`limit-rpm` {} (`limit_req … burst=…`), which nginx refuses: the reload fails, and no change to any Ingress takes effect until it is fixed",
                            quote(written),
                            if written.parse::<i64>() == Ok(0) {
                                "0"
                            } else {
                                "negative"
                            }
                        ),
                        problem.help,
                    )
                }
                (_, _) if problem.effect == InvalidEffect::RejectedByApi => (
                    format!(
                        "{}: nginx refuses the configuration ingress-nginx renders with it, so the reload fails, and no change to any Ingress takes effect until it is fixed",
                        problem.message
                    ),
                    problem.help,
                ),
                _ => (problem.message, problem.help),
            };
            // The value readers speak of "the controller"; here it is ingress-nginx.
            let named = |text: String| text.replace("the controller", "ingress-nginx");
            findings.push(AnnotationFinding {
                key: annotation.key.clone(),
                value_span: annotation.value.span,
                spec: Some(spec),
                kind: FindingKind::InvalidValue(problem.kind),
                message: named(message),
                help: help.map(named),
                effect: problem.effect,
            });
        }
    }
    findings.sort_by_key(|f| (f.key.span, f.value_span));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span, Spanned};

    /// An Ingress's metadata with these `nginx.ingress.kubernetes.io/` annotations.
    pub(super) fn meta(pairs: &[(&str, &str)]) -> ObjectMeta {
        let at = Span::new(FileId(0), 0, 1);
        let text = |s: &str| Spanned::new(s.to_string(), at);
        ObjectMeta {
            api_version: text("networking.k8s.io/v1"),
            kind: text("Ingress"),
            name: text("x"),
            namespace: None,
            labels: Default::default(),
            creation_timestamp: None,
            annotations: pairs
                .iter()
                .map(|(k, v)| Annotation {
                    key: text(&format!("nginx.ingress.kubernetes.io/{k}")),
                    value: text(v),
                })
                .collect(),
            span: at,
        }
    }

    #[test]
    fn values_are_read_as_ingress_nginx_reads_them() {
        let a = parse_nginx(&meta(&[
            ("canary", "True"),
            ("canary-weight", "50"),
            ("canary-weight-total", "80"),
            ("use-regex", "yes"),
            ("permanent-redirect", "https://a.example/x"),
            ("permanent-redirect-code", "399"),
        ]));
        let canary = a.canary.expect("Go's ParseBool takes True");
        assert_eq!(
            (canary.weight, canary.total()),
            (50, 100),
            "a total of 100 or less is ignored"
        );
        assert!(!a.use_regex, "yes is not a Go boolean");
        assert_eq!(a.redirect, Some((301, "https://a.example/x".to_string())));
        let b = parse_nginx(&meta(&[
            ("canary-weight", "50"),
            ("temporal-redirect", "https://t.example"),
            ("permanent-redirect", "https://p.example"),
        ]));
        assert_eq!(
            b.canary, None,
            "canary settings without canary: true do nothing"
        );
        assert_eq!(b.redirect, Some((302, "https://t.example".to_string())));
    }
}

#[cfg(test)]
mod findings_tests {
    use super::*;

    fn findings(pairs: &[(&str, &str)]) -> Vec<(&'static str, InvalidEffect)> {
        let meta = super::tests::meta(pairs);
        nginx_findings(&meta)
            .iter()
            .map(|f| (f.spec.map_or("", |s| s.name), f.effect))
            .collect()
    }

    #[test]
    fn only_values_ingress_nginx_reads_are_checked() {
        use InvalidEffect::*;
        assert_eq!(
            findings(&[("limit-rps", "10r/s"), ("use-regex", "yes")]),
            [
                ("limit-rps", IngressRejected),
                ("use-regex", IgnoredWithLog)
            ]
        );
        // session-cookie-* only with `affinity: cookie`.
        assert_eq!(findings(&[("session-cookie-samesite", "none")]), []);
        assert_eq!(
            findings(&[("affinity", "cookie"), ("session-cookie-samesite", "none")]),
            [("session-cookie-samesite", Ignored)]
        );
        // temporal-redirect-code only with temporal-redirect, which hides permanent-redirect-code.
        assert_eq!(findings(&[("temporal-redirect-code", "x")]), []);
        assert_eq!(
            findings(&[("permanent-redirect-code", "x")]),
            [("permanent-redirect-code", IngressRejected)]
        );
        assert_eq!(
            findings(&[
                ("temporal-redirect", "https://a.example"),
                ("temporal-redirect-code", "x"),
                ("permanent-redirect-code", "x"),
            ]),
            [("temporal-redirect-code", IngressRejected)]
        );
        // A burst of 0 breaks the reload only with a rate limit.
        assert_eq!(findings(&[("limit-burst-multiplier", "0")]), []);
        assert_eq!(
            findings(&[("limit-burst-multiplier", "0"), ("limit-rpm", "60")]),
            [("limit-burst-multiplier", RejectedByApi)]
        );
        // Keys without a row are not checked: ingress-nginx has many alb does not know.
        assert_eq!(findings(&[("auth-url", "%%%")]), []);
    }
}

#[cfg(test)]
mod cors_tests {
    use super::ends_with_origin;

    #[test]
    fn allowed_origins_match_at_the_end_and_a_star_is_one_label() {
        assert!(ends_with_origin(
            "https://a.example.org",
            "https://a.example.org"
        ));
        assert!(ends_with_origin(
            "HTTPS://A.example.org",
            "https://a.example.org"
        ));
        // Anchored at the end only, as ingress-nginx's regex is.
        assert!(ends_with_origin(
            "https://evil.https://a.example.org",
            "https://a.example.org"
        ));
        assert!(!ends_with_origin(
            "https://a.example.org.evil",
            "https://a.example.org"
        ));
        assert!(ends_with_origin(
            "https://shop.example.net",
            "https://*.example.net"
        ));
        assert!(ends_with_origin(
            "https://my-shop.example.net",
            "https://*.example.net"
        ));
        assert!(!ends_with_origin(
            "https://example.net",
            "https://*.example.net"
        ));
        assert!(!ends_with_origin(
            "https://a.b.example.net",
            "https://*.example.net"
        ));
    }
}
