//! A request → the load balancer's decision, and the trace that explains it.

use std::borrow::Cow;

use super::matcher::{Captures, Miss};
use super::request::{Request, Scheme};
use super::rewrite::substitute;
use super::{Router, cors, normalize};
use crate::compile::{
    Action, ListenerKey, PathNormalization, RedirectTarget, Rule, ServiceTarget, WeightedTarget,
};

/// Where a rule sits: group (ALB), listener, and position (priority − 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleRef {
    pub group: usize,
    pub listener: usize,
    pub rule: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Forward,
    Redirect,
    FixedResponse,
    /// A CORS preflight answered by the load balancer.
    Preflight,
    NoMatch,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Forward => "forward",
            Outcome::Redirect => "redirect",
            Outcome::FixedResponse => "fixed-response",
            Outcome::Preflight => "preflight",
            Outcome::NoMatch => "no-match",
        }
    }
}

/// What the load balancer does with one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub outcome: Outcome,
    /// The status the load balancer answers with itself; `None` when forwarding.
    pub status: Option<u16>,
    pub listener: Option<ListenerKey>,
    pub rule: Option<RuleRef>,
    /// The rule is a canary rule, or the weighted pick landed on a canary Service.
    pub canary: bool,
    /// The target chosen for this request, as a position in the deciding rule's weighted
    /// targets (see [`Router::split`] and [`Router::backend`]); for a split, the pick under the
    /// given roll. A position rather than a copy keeps deciding free of allocations for them.
    pub backend: Option<usize>,
    /// Path and query the backend receives, after any rewrite.
    pub upstream_path: Option<String>,
    /// The Host the backend receives, when a rewrite changes it.
    pub upstream_host: Option<String>,
    pub location: Option<String>,
    /// Headers the load balancer adds to the response (CORS, cookies), lower-case names.
    pub response_headers: Vec<(String, String)>,
    /// Headers inserted into / removed from the request sent upstream.
    pub insert_request_headers: Vec<(String, String)>,
    pub remove_request_headers: Vec<String>,
    /// A fixed response's content type and body.
    pub body: Option<(String, String)>,
    /// Behaviours alb had to assume (the reference marks them unverified), and other facts
    /// worth knowing about this decision; the shell words them.
    pub notes: Vec<DecisionNote>,
}

/// A fact about a decision the trace does not show, or a behaviour alb had to assume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecisionNote {
    /// The ALB has no listener for the request's scheme and port: the connection is refused.
    NoListener { scheme: Scheme, port: u16 },
    /// No rule matched: the listener's default action (an empty server group) answers 503.
    NoRuleMatches,
    /// The path matched a `~*` regex, tested case-sensitively and unanchored (alb's reading,
    /// not confirmed by ALB's documentation).
    RegexPath,
    /// A wildcard host matched; alb lets `*` span dots (implied by ALB's docs, not stated).
    WildcardHost,
    /// A CORS preflight answered by the load balancer with 204 (unverified).
    PreflightAnswered,
    /// The rule's QPS limits; above them the ALB answers 503.
    RateLimited {
        qps: Option<i64>,
        qps_per_ip: Option<i64>,
    },
    /// A copy of the request goes to this server group.
    Mirrored { target: String },
    /// A rewrite with `${n}` variables on a path that matched no regex: they stay as written.
    RewriteVariablesUnfilled { path: String },
    /// Forwarded to an existing ALB server group, outside the cluster.
    ExistingServerGroup { id: String },
    /// A redirect with empty fields: alb keeps the request's values (unverified).
    RedirectFieldsEmpty,
    /// The path was matched as nginx normalises it (`$uri`), which differs from the path
    /// as sent.
    NormalizedPath { path: String },
    /// nginx refuses the path before any location is looked up (400 Bad Request).
    BadPath { reason: &'static str },
}

impl Decision {
    fn new(outcome: Outcome) -> Decision {
        Decision {
            outcome,
            status: None,
            listener: None,
            rule: None,
            canary: false,
            backend: None,
            upstream_path: None,
            upstream_host: None,
            location: None,
            response_headers: Vec::new(),
            insert_request_headers: Vec::new(),
            remove_request_headers: Vec::new(),
            body: None,
            notes: Vec::new(),
        }
    }
}

/// One rule of the listener, and what it made of the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEntry {
    pub rule: RuleRef,
    pub result: TraceResult,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceResult {
    Matched,
    Missed(Miss),
    /// It matches too, but a rule with a smaller priority number matched first.
    Shadowed {
        by: u32,
    },
}

impl Router {
    /// Every weighted target of the rule that decided (empty unless it forwards to Services).
    pub fn split(&self, decision: &Decision) -> &[WeightedTarget] {
        match decision
            .rule
            .and_then(|r| self.rule(r))
            .and_then(Rule::final_action)
        {
            Some(Action::Forward(targets)) if decision.outcome == Outcome::Forward => targets,
            _ => &[],
        }
    }

    /// The Ingress whose server group serves this request: a weight canary's own Ingress for
    /// its share, else the deciding rule's. Its backend annotations apply.
    pub fn backend_ingress(&self, decision: &Decision) -> Option<&str> {
        let target = self.split(decision).get(decision.backend?)?;
        match &target.canary {
            Some(canary) => Some(canary.as_str()),
            None => decision
                .rule
                .and_then(|r| self.rule(r))
                .map(|r| r.ingress_key.as_str()),
        }
    }

    /// The backend settings for this request's server group.
    pub fn backend_settings(
        &self,
        decision: &Decision,
    ) -> Option<&crate::compile::BackendSettings> {
        self.table.backends.get(self.backend_ingress(decision)?)
    }

    /// The Service port this request goes to.
    pub fn backend(&self, decision: &Decision) -> Option<&ServiceTarget> {
        self.split(decision)
            .get(decision.backend?)
            .map(|t| &t.target)
    }

    /// A trace entry in words: "matched", "needs header location: hz", "would match, but
    /// rule 3 matched first".
    pub fn describe(&self, entry: &TraceEntry) -> String {
        match &entry.result {
            TraceResult::Matched => "matched".to_string(),
            TraceResult::Shadowed { by } => format!("would match, but rule {by} matched first"),
            TraceResult::Missed(miss) => self
                .groups
                .get(entry.rule.group)
                .and_then(|g| g.get(entry.rule.listener))
                .and_then(|l| l.matchers.get(entry.rule.rule))
                .map_or_else(|| format!("{miss:?}"), |m| m.describe(*miss)),
        }
    }

    /// The path the rules of `group` match: the request's, or nginx's `$uri` of it; `Err`
    /// when nginx refuses it (400).
    fn matched_path<'r>(
        &self,
        group: usize,
        request: &'r Request,
    ) -> Result<Cow<'r, str>, &'static str> {
        let normalization = self
            .table
            .groups
            .get(group)
            .map_or(PathNormalization::AsSent, |g| g.normalization);
        match normalization {
            PathNormalization::AsSent => Ok(Cow::Borrowed(&request.path)),
            PathNormalization::Nginx => match normalize::nginx_uri(&request.path) {
                Ok(Cow::Borrowed(_)) => Ok(Cow::Borrowed(&request.path)),
                // nginx compares bytes; decoded bytes that are not UTF-8 are kept visible.
                Ok(Cow::Owned(bytes)) => {
                    Ok(Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()))
                }
                Err(bad) => Err(bad.reason),
            },
        }
    }

    /// Decide `request` on ALB `group`. `roll` chooses among weighted targets (uniform over
    /// the total weight); pass a seeded random number.
    pub fn decide(&self, group: usize, request: &Request, roll: u64) -> Decision {
        let Some(listener) = self.listener_for(group, request) else {
            let mut d = Decision::new(Outcome::NoMatch);
            d.notes.push(DecisionNote::NoListener {
                scheme: request.scheme,
                port: request.port,
            });
            return d;
        };
        let router = &self.groups[group][listener];
        let key = self.table.groups[group].listeners[listener].key;
        let path = match self.matched_path(group, request) {
            Ok(path) => path,
            Err(reason) => {
                let mut d = Decision::new(Outcome::FixedResponse);
                d.listener = Some(key);
                d.status = Some(400);
                d.body = Some((
                    "text/plain; charset=utf-8".to_string(),
                    format!("400 Bad Request: {reason}\n"),
                ));
                d.notes.push(DecisionNote::BadPath { reason });
                return d;
            }
        };
        let host = request.host_name();
        for candidate in router.index.candidates(&host, &path) {
            let i = candidate.rule as usize;
            let (Some(flags), Some(matcher)) = (router.flags.get(i), router.matchers.get(i)) else {
                continue;
            };
            // The index only yields rules whose host condition holds for this host.
            let captures = if candidate.path_matched() && flags.plain {
                Captures::default()
            } else {
                match matcher.check(request, &path, None, candidate.path_matched()) {
                    Ok(captures) => captures,
                    Err(_) => continue,
                }
            };
            let rule_ref = RuleRef {
                group,
                listener,
                rule: i,
            };
            let mut d = match flags.single_forward {
                // The common case, decided without reading the rule itself.
                Some(canary) => {
                    let mut d = Decision::new(Outcome::Forward);
                    d.backend = Some(0);
                    d.canary = canary;
                    d.upstream_path = Some(request.path_and_query());
                    d
                }
                None => apply(
                    &self.table.groups[group].listeners[listener].rules[i],
                    request,
                    &captures,
                    roll,
                ),
            };
            if captures.assumed {
                d.notes.push(DecisionNote::RegexPath);
            }
            if let Cow::Owned(path) = path {
                d.notes.push(DecisionNote::NormalizedPath { path });
            }
            if flags.wildcard_host {
                d.notes.push(DecisionNote::WildcardHost);
            }
            d.listener = Some(key);
            d.rule = Some(rule_ref);
            return d;
        }
        let mut d = Decision::new(Outcome::NoMatch);
        d.listener = Some(key);
        d.status = Some(503);
        d.notes.push(DecisionNote::NoRuleMatches);
        d
    }

    /// Test every rule of the listener in priority order and say what each made of the
    /// request. Empty when the request reaches no listener.
    pub fn trace(&self, group: usize, request: &Request) -> Vec<TraceEntry> {
        let Some(listener) = self.listener_for(group, request) else {
            return Vec::new();
        };
        let host = request.host_name();
        let Ok(path) = self.matched_path(group, request) else {
            return Vec::new();
        };
        let mut winner: Option<u32> = None;
        self.groups[group][listener]
            .matchers
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let priority = self.table.groups[group].listeners[listener].rules[i].priority;
                let result = match (m.check(request, &path, Some(&host), false), winner) {
                    (Ok(_), None) => {
                        winner = Some(priority);
                        TraceResult::Matched
                    }
                    (Ok(_), Some(by)) => TraceResult::Shadowed { by },
                    (Err(miss), _) => TraceResult::Missed(miss),
                };
                TraceEntry {
                    rule: RuleRef {
                        group,
                        listener,
                        rule: i,
                    },
                    result,
                }
            })
            .collect()
    }
}

/// The matched rule's actions, in order, applied to the request.
fn apply(rule: &Rule, request: &Request, captures: &Captures, roll: u64) -> Decision {
    let mut d = Decision::new(Outcome::NoMatch);
    d.canary = rule.canary.is_some();

    for action in &rule.actions {
        match action {
            Action::Cors(c) => {
                if cors::is_preflight(request) {
                    d.outcome = Outcome::Preflight;
                    d.status = Some(204);
                    d.response_headers = cors::preflight_headers(c, request);
                    d.notes.push(DecisionNote::PreflightAnswered);
                    return d;
                }
                d.response_headers
                    .extend(cors::response_headers(c, request));
            }
            Action::CorsAnswer(cors) => {
                let Some(origin) = cors.allowed_origin(request.header("origin")) else {
                    continue;
                };
                let mut headers = vec![("access-control-allow-origin".to_string(), origin)];
                headers.extend(cors.headers());
                if request.method == "OPTIONS" {
                    headers.push((
                        "content-type".to_string(),
                        "text/plain charset=UTF-8".to_string(),
                    ));
                    d.outcome = Outcome::Preflight;
                    d.status = Some(204);
                    d.response_headers = headers;
                    return d;
                }
                d.response_headers.extend(headers);
            }
            Action::TrafficLimit { qps, qps_per_ip } => d.notes.push(DecisionNote::RateLimited {
                qps: *qps,
                qps_per_ip: *qps_per_ip,
            }),
            Action::InsertHeader { name, value, .. } => {
                let (value, _) = substitute(value, request, captures);
                d.insert_request_headers.push((name.clone(), value));
            }
            Action::RemoveHeader { name } => d.remove_request_headers.push(name.clone()),
            Action::TrafficMirror { target } => d.notes.push(DecisionNote::Mirrored {
                target: target.clone(),
            }),
            Action::Rewrite { host, path, query } => {
                let (new_path, unfilled) = substitute(path, request, captures);
                if unfilled {
                    d.notes
                        .push(DecisionNote::RewriteVariablesUnfilled { path: path.clone() });
                }
                let (new_query, _) = substitute(query, request, captures);
                let (new_host, _) = substitute(host, request, captures);
                d.upstream_path = Some(join_query(&new_path, &new_query));
                if new_host != request.host_name() {
                    d.upstream_host = Some(new_host);
                }
            }
            Action::Forward(targets) => {
                d.outcome = Outcome::Forward;
                d.backend = pick(targets, roll);
                if let Some(t) = d.backend.and_then(|i| targets.get(i)) {
                    d.canary |= t.canary.is_some();
                }
                if d.upstream_path.is_none() {
                    d.upstream_path = Some(request.path_and_query());
                }
            }
            Action::ForwardToServerGroup(id) => {
                d.outcome = Outcome::Forward;
                d.upstream_path
                    .get_or_insert_with(|| request.path_and_query());
                d.notes
                    .push(DecisionNote::ExistingServerGroup { id: id.clone() });
            }
            Action::Redirect {
                code,
                protocol,
                host,
                port,
                path,
                query,
            } => {
                d.outcome = Outcome::Redirect;
                d.status = Some(*code);
                d.upstream_path = None;
                if [protocol, host, port, path, query]
                    .iter()
                    .any(|v| v.is_empty())
                {
                    d.notes.push(DecisionNote::RedirectFieldsEmpty);
                }
                d.location = Some(location(
                    request, captures, protocol, host, port, path, query,
                ));
            }
            Action::Return { code, target } => {
                d.outcome = Outcome::Redirect;
                d.status = Some(*code);
                d.upstream_path = None;
                d.location = Some(redirect_target(request, target));
            }
            Action::FixedResponse {
                code,
                content_type,
                content,
            } => {
                d.outcome = Outcome::FixedResponse;
                d.status = Some(*code);
                d.upstream_path = None;
                d.body = Some((content_type.clone(), content.clone()));
            }
        }
    }
    d
}

/// The position of the weighted target `roll` lands on (targets with weight ≤ 0 never).
fn pick(targets: &[WeightedTarget], roll: u64) -> Option<usize> {
    let total: u64 = targets.iter().map(|t| t.weight.max(0) as u64).sum();
    if total == 0 {
        return None;
    }
    let mut point = roll % total;
    for (i, t) in targets.iter().enumerate() {
        let w = t.weight.max(0) as u64;
        if point < w {
            return Some(i);
        }
        point -= w;
    }
    None
}

fn join_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// The Location of an [`Action::Return`].
fn redirect_target(request: &Request, target: &RedirectTarget) -> String {
    match target {
        RedirectTarget::Fixed(url) => url.clone(),
        RedirectTarget::Request {
            scheme,
            host_as_sent,
            path,
            query,
            strip_trailing_slash,
        } => {
            let scheme = scheme.as_deref().unwrap_or(request.scheme.as_str());
            let host = if *host_as_sent {
                request.host.clone()
            } else {
                request.host_name()
            };
            let mut rest = path.clone().unwrap_or_else(|| request.path.clone());
            if *query && !request.query.is_empty() {
                rest.push('?');
                rest.push_str(&request.query);
            }
            if *strip_trailing_slash && rest.ends_with('/') {
                rest.pop();
            }
            format!("{scheme}://{host}{rest}")
        }
    }
}

/// The Location of a redirect. An empty field keeps the request's value; the default port of
/// the scheme is left out.
fn location(
    request: &Request,
    captures: &Captures,
    protocol: &str,
    host: &str,
    port: &str,
    path: &str,
    query: &str,
) -> String {
    let or = |v: &str, default: &str| {
        if v.is_empty() {
            default.to_string()
        } else {
            v.to_string()
        }
    };
    let scheme = substitute(&or(protocol, "${protocol}"), request, captures)
        .0
        .to_ascii_lowercase();
    let host = substitute(&or(host, "${host}"), request, captures).0;
    let port = substitute(&or(port, "${port}"), request, captures).0;
    let path = substitute(&or(path, "${path}"), request, captures).0;
    let query = substitute(&or(query, "${query}"), request, captures).0;
    let default_port = match scheme.as_str() {
        "https" => "443",
        _ => "80",
    };
    let port = if port == default_port || port.is_empty() {
        String::new()
    } else {
        format!(":{port}")
    };
    format!("{scheme}://{host}{port}{}", join_query(&path, &query))
}
