//! Route assertions: a YAML file of requests with expected outcomes, checked against the
//! router, with rule coverage. The file format is documented in the README.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_saphyr::Spanned as YamlSpanned;

use super::{Decision, Request, Router, RuleRef};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// Code for a route-check file that cannot be read (documented by its lint rule, which takes
/// it from here).
pub const INVALID_CHECK_FILE: &str = "ALB008";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckFile {
    /// Manifest files or directories, relative to the check file.
    #[serde(default)]
    pub manifests: Vec<String>,
    /// The AlbConfig to route through, when the manifests describe several ALBs.
    #[serde(default)]
    pub albconfig: Option<String>,
    /// The controller simulated (`alb`, `nginx`), as `--controller`; the command line's
    /// otherwise.
    #[serde(default)]
    pub controller: Option<YamlSpanned<String>>,
    pub cases: Vec<YamlSpanned<Case>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    #[serde(default)]
    pub name: Option<String>,
    pub request: RequestSpec,
    pub expect: Expect,
    /// Chooses among weighted targets, like `alb route --seed`.
    #[serde(default)]
    pub seed: Option<u64>,
}

/// A URL alone, or a request with method, headers, cookies and client IP. The same shape as
/// a line of `alb route --requests`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RequestSpec {
    Url(String),
    Full(RequestLine),
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RequestLine {
    pub url: String,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub cookies: BTreeMap<String, String>,
    #[serde(default)]
    pub client_ip: Option<String>,
    /// Carried back in batch output.
    #[serde(default)]
    pub id: Option<serde_json::Value>,
}

impl RequestLine {
    pub fn to_request(&self) -> Result<Request, super::RequestError> {
        let mut request = Request::from_url(&self.url)?;
        if let Some(method) = &self.method {
            request.method = method.to_ascii_uppercase();
        }
        for (name, value) in &self.headers {
            request.add_header(name, value)?;
        }
        for (name, value) in &self.cookies {
            request.cookies.push((name.clone(), value.clone()));
        }
        if let Some(ip) = &self.client_ip {
            request.client_ip = Some(
                ip.parse()
                    .map_err(|_| super::RequestError(format!("`{ip}` is not an IP address")))?,
            );
        }
        Ok(request)
    }
}

impl RequestSpec {
    pub fn to_request(&self) -> Result<Request, super::RequestError> {
        match self {
            RequestSpec::Url(url) => Request::from_url(url),
            RequestSpec::Full(line) => line.to_request(),
        }
    }

    pub fn url(&self) -> &str {
        match self {
            RequestSpec::Url(url) => url,
            RequestSpec::Full(line) => &line.url,
        }
    }
}

/// What the decision must be. Only the fields given are checked.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub outcome: Option<String>,
    pub status: Option<u16>,
    /// `service`, `service:port` or `namespace/service:port`.
    pub backend: Option<String>,
    pub location: Option<String>,
    pub upstream_path: Option<String>,
    pub canary: Option<bool>,
    /// `namespace/name` of the Ingress whose rule decides.
    pub ingress: Option<String>,
    pub priority: Option<u32>,
    pub listener: Option<String>,
    /// Weight per target (`service`, `service:port` or `namespace/service:port`).
    pub split: Option<BTreeMap<String, i64>>,
    /// Response headers the load balancer adds (name → value).
    pub headers: Option<BTreeMap<String, String>>,
}

/// One expectation that did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub field: &'static str,
    pub expected: String,
    pub actual: String,
}

pub fn parse(file: FileId, text: &str) -> Result<CheckFile, Box<Diagnostic>> {
    serde_saphyr::from_str::<CheckFile>(text).map_err(|error| {
        let offset = error
            .location()
            .and_then(|l| l.span().byte_offset())
            .and_then(|o| usize::try_from(o).ok())
            .unwrap_or(0);
        let message = error.without_snippet().to_string();
        let message = message
            .lines()
            .next()
            .unwrap_or("invalid route check file")
            .to_string();
        Box::new(
            Diagnostic::error(
                INVALID_CHECK_FILE,
                Span::point(file, offset),
                format!("invalid route check file: {message}"),
            )
            .with_help("see the README's \"Route tests\" section for the format"),
        )
    })
}

/// Compare a decision with what a case expects.
pub fn compare(expect: &Expect, decision: &Decision, router: &Router) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let mut check = |field: &'static str, expected: Option<String>, actual: String| {
        if let Some(expected) = expected
            && expected != actual
        {
            out.push(Mismatch {
                field,
                expected,
                actual,
            });
        }
    };
    let none = || "none".to_string();
    check(
        "outcome",
        expect.outcome.clone(),
        decision.outcome.as_str().to_string(),
    );
    check(
        "status",
        expect.status.map(|s| s.to_string()),
        decision.status.map_or_else(none, |s| s.to_string()),
    );
    check(
        "location",
        expect.location.clone(),
        decision.location.clone().unwrap_or_else(none),
    );
    check(
        "upstream_path",
        expect.upstream_path.clone(),
        decision.upstream_path.clone().unwrap_or_else(none),
    );
    check(
        "canary",
        expect.canary.map(|c| c.to_string()),
        decision.canary.to_string(),
    );
    check(
        "listener",
        expect.listener.clone(),
        decision.listener.map_or_else(none, |l| l.to_string()),
    );
    let rule = decision.rule.and_then(|r| router.rule(r));
    check(
        "ingress",
        expect.ingress.clone(),
        rule.map_or_else(none, |r| r.ingress_key.clone()),
    );
    check(
        "priority",
        expect.priority.map(|p| p.to_string()),
        rule.map_or_else(none, |r| r.priority.to_string()),
    );
    if let Some(expected) = &expect.backend {
        let actual = router.backend(decision);
        if !actual.is_some_and(|t| target_matches(expected, &t.namespace, &t.service, t.port)) {
            out.push(Mismatch {
                field: "backend",
                expected: expected.clone(),
                actual: actual.map_or_else(none, |t| t.to_string()),
            });
        }
    }
    if let Some(expected) = &expect.split {
        let split = router.split(decision);
        let ok = expected.len() == split.len()
            && expected.iter().all(|(name, weight)| {
                split.iter().any(|t| {
                    t.weight == *weight
                        && target_matches(
                            name,
                            &t.target.namespace,
                            &t.target.service,
                            t.target.port,
                        )
                })
            });
        if !ok {
            out.push(Mismatch {
                field: "split",
                expected: expected
                    .iter()
                    .map(|(n, w)| format!("{n} {w}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                actual: split
                    .iter()
                    .map(|t| format!("{} {}", t.target, t.weight))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    if let Some(expected) = &expect.headers {
        for (name, value) in expected {
            let actual = decision
                .response_headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>();
            if !actual.iter().any(|v| v == value) {
                out.push(Mismatch {
                    field: "headers",
                    expected: format!("{name}: {value}"),
                    actual: if actual.is_empty() {
                        none()
                    } else {
                        format!("{name}: {}", actual.join(", "))
                    },
                });
            }
        }
    }
    out
}

/// `svc`, `svc:port` or `ns/svc:port` names this target.
fn target_matches(expected: &str, namespace: &str, service: &str, port: i64) -> bool {
    let (ns, rest) = match expected.split_once('/') {
        Some((ns, rest)) => (Some(ns), rest),
        None => (None, expected),
    };
    let (svc, p) = match rest.split_once(':') {
        Some((svc, p)) => (svc, Some(p)),
        None => (rest, None),
    };
    ns.is_none_or(|ns| ns == namespace) && svc == service && p.is_none_or(|p| p == port.to_string())
}

/// Rules of `group` that no decision in `hit` used, in listener and priority order.
pub fn uncovered(router: &Router, group: usize, hit: &BTreeSet<RuleRef>) -> Vec<RuleRef> {
    let Some(g) = router.table().groups.get(group) else {
        return Vec::new();
    };
    g.listeners
        .iter()
        .enumerate()
        .flat_map(|(li, l)| {
            (0..l.rules.len()).map(move |ri| RuleRef {
                group,
                listener: li,
                rule: ri,
            })
        })
        .filter(|r| !hit.contains(r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_match_at_every_precision() {
        assert!(target_matches("svc", "default", "svc", 80));
        assert!(target_matches("svc:80", "default", "svc", 80));
        assert!(target_matches("default/svc:80", "default", "svc", 80));
        assert!(!target_matches("other/svc:80", "default", "svc", 80));
        assert!(!target_matches("svc:81", "default", "svc", 80));
    }

    #[test]
    fn a_bad_file_is_a_diagnostic_with_a_position() {
        let err = parse(
            FileId(0),
            "cases:\n  - request: http://x/\n    expect: {outcome: forward, bogus: 1}\n",
        )
        .unwrap_err();
        assert_eq!(err.code, INVALID_CHECK_FILE);
        assert!(err.message.contains("bogus"), "{}", err.message);
        assert!(err.span.start > 0);
    }
}
