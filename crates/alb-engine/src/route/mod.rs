//! Routing a request through a compiled table: which listener, which rule (first match by
//! priority), which backend, and what the load balancer answers itself.
//!
//! [`Router`] wraps an immutable [`RouteTable`] with compiled matchers and an index per
//! listener. `route` and `serve` both call [`Router::decide`], so they cannot disagree;
//! [`Router::trace`] explains a decision by testing every rule of the listener.

pub mod check;
mod cors;
mod decide;
mod example;
mod glob;
mod index;
mod matcher;
pub mod normalize;
mod request;
mod rewrite;

pub use decide::{Decision, DecisionNote, Outcome, RuleRef, TraceEntry, TraceResult};
pub use example::example_request;
pub use glob::matches as glob_matches;
pub use matcher::{Captures, Miss};
pub use request::{Request, RequestError, Scheme, split_host_port};

use crate::compile::{Action, ListenerKey, Protocol, RouteTable, Rule};
use index::ListenerIndex;
use matcher::RuleMatcher;

/// A route table ready to answer requests.
#[derive(Debug)]
pub struct Router {
    table: RouteTable,
    groups: Vec<Vec<ListenerRouter>>,
    /// Lower-case names of the request headers any rule can read (Header conditions, and the
    /// CORS headers when a rule has CORS), so a proxy need not copy the others.
    headers_read: Vec<String>,
    /// Some answer depends on the wall clock (a cookie's `Expires`).
    reads_clock: bool,
}

#[derive(Debug)]
struct ListenerRouter {
    matchers: Vec<RuleMatcher>,
    index: ListenerIndex,
    /// Per rule, small and contiguous so the hot path reads them without touching the rule.
    flags: Vec<RuleFlags>,
}

#[derive(Clone, Copy, Debug)]
struct RuleFlags {
    /// No conditions beyond host and path.
    plain: bool,
    /// The rule only forwards to one Service: `Some(canary)` lets a decision be made without
    /// reading the rule's actions.
    single_forward: Option<bool>,
    /// A Host value has a wildcard, whose reach across dots is unverified.
    wildcard_host: bool,
}

impl RuleFlags {
    fn new(rule: &Rule, matcher: &RuleMatcher) -> RuleFlags {
        let single_forward = match rule.actions.as_slice() {
            [Action::Forward(targets)] => match targets.as_slice() {
                [only] if only.weight > 0 => Some(rule.canary.is_some() || only.canary.is_some()),
                _ => None,
            },
            _ => None,
        };
        RuleFlags {
            plain: matcher.is_plain(),
            single_forward,
            wildcard_host: matcher.has_wildcard_host(),
        }
    }
}

impl Router {
    pub fn new(table: RouteTable) -> Router {
        let groups = table
            .groups
            .iter()
            .map(|g| {
                g.listeners
                    .iter()
                    .map(|l| {
                        let matchers: Vec<RuleMatcher> =
                            l.rules.iter().map(RuleMatcher::new).collect();
                        let index = ListenerIndex::new(&matchers);
                        let flags = l
                            .rules
                            .iter()
                            .zip(&matchers)
                            .map(|(r, m)| RuleFlags::new(r, m))
                            .collect();
                        ListenerRouter {
                            matchers,
                            index,
                            flags,
                        }
                    })
                    .collect()
            })
            .collect();
        let mut headers_read: Vec<String> = Vec::new();
        for rule in table
            .groups
            .iter()
            .flat_map(|g| &g.listeners)
            .flat_map(|l| &l.rules)
        {
            for condition in &rule.conditions {
                if let crate::compile::Condition::Header { key, .. } = condition {
                    headers_read.push(key.to_ascii_lowercase());
                }
            }
            for predicate in &rule.matches {
                if let crate::compile::Match::Header { name, .. } = predicate {
                    headers_read.push(name.to_ascii_lowercase());
                }
            }
            if rule
                .actions
                .iter()
                .any(|a| matches!(a, Action::Cors(_) | Action::CorsAnswer(_)))
            {
                headers_read.push("origin".to_string());
                headers_read.push("access-control-request-method".to_string());
            }
        }
        // ingress-nginx's conditional `SameSite=None` reads the browser's User-Agent.
        if table.backends.values().any(|b| {
            b.affinity
                .as_ref()
                .is_some_and(|a| a.conditional_same_site_none)
        }) {
            headers_read.push("user-agent".to_string());
        }
        headers_read.sort();
        headers_read.dedup();
        let reads_clock = table
            .backends
            .values()
            .any(|b| b.affinity.as_ref().is_some_and(|a| a.expires.is_some()));
        Router {
            table,
            groups,
            headers_read,
            reads_clock,
        }
    }

    /// Whether a rule may read request header `name` (any case: HTTP/1.1 clients send names
    /// as they like). Cookies are always read.
    pub fn reads_header(&self, name: &str) -> bool {
        self.headers_read
            .binary_search_by(|h| h.bytes().cmp(name.bytes().map(|b| b.to_ascii_lowercase())))
            .is_ok()
    }

    /// Whether a request's [`Request::unix_time`] can change its answer: a proxy need not
    /// read the clock otherwise.
    pub fn reads_clock(&self) -> bool {
        self.reads_clock
    }

    pub fn table(&self) -> &RouteTable {
        &self.table
    }

    pub fn rule(&self, r: RuleRef) -> Option<&Rule> {
        self.table
            .groups
            .get(r.group)?
            .listeners
            .get(r.listener)?
            .rules
            .get(r.rule)
    }

    /// The listener of `group` a request arrives on: same port, and HTTPS (or QUIC) for
    /// `https`, HTTP for `http`.
    pub fn listener_for(&self, group: usize, request: &Request) -> Option<usize> {
        let listeners = &self.table.groups.get(group)?.listeners;
        let wanted = |key: &ListenerKey| {
            key.port == request.port
                && match request.scheme {
                    Scheme::Http => key.protocol == Protocol::Http,
                    Scheme::Https => key.protocol.is_tls(),
                }
        };
        listeners
            .iter()
            .position(|l| wanted(&l.key) && l.key.protocol != Protocol::Quic)
            .or_else(|| listeners.iter().position(|l| wanted(&l.key)))
    }
}
