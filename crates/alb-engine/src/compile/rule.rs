//! The compiled route table: what the ALB holds, as printable data.

use std::ops::RangeInclusive;
use std::time::Duration;

pub use crate::annotations::{Condition, Cors, Direction};
use crate::manifest::PathType;
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Http,
    Https,
    Quic,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Http => "HTTP",
            Protocol::Https => "HTTPS",
            Protocol::Quic => "QUIC",
        }
    }

    /// The protocol names the controller accepts, exactly (they are case-sensitive).
    pub fn parse(s: &str) -> Option<Protocol> {
        match s {
            "HTTP" => Some(Protocol::Http),
            "HTTPS" => Some(Protocol::Https),
            "QUIC" => Some(Protocol::Quic),
            _ => None,
        }
    }

    /// Whether clients speak TLS to this listener.
    pub fn is_tls(self) -> bool {
        matches!(self, Protocol::Https | Protocol::Quic)
    }
}

/// A listener's identity: `80/HTTP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ListenerKey {
    pub port: u16,
    pub protocol: Protocol,
}

impl std::fmt::Display for ListenerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.port, self.protocol.as_str())
    }
}

/// A Service port a rule forwards to (one ALB server group per Ingress, Service and port).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceTarget {
    pub namespace: String,
    pub service: String,
    /// 0 when the Ingress names the port instead of numbering it (the controller uses only
    /// numbers).
    pub port: i64,
}

impl std::fmt::Display for ServiceTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}:{}", self.namespace, self.service, self.port)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeightedTarget {
    pub target: ServiceTarget,
    pub weight: i64,
    /// Set when the weight comes from a canary Ingress (`ns/name`).
    pub canary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Final: forward to server groups by weight.
    Forward(Vec<WeightedTarget>),
    /// Final: forward to an existing ALB server group by id.
    ForwardToServerGroup(String),
    /// Final. Empty fields mean "keep the request's" (`${host}` and friends).
    Redirect {
        code: u16,
        protocol: String,
        host: String,
        port: String,
        path: String,
        query: String,
    },
    /// Final.
    FixedResponse {
        code: u16,
        content_type: String,
        content: String,
    },
    Rewrite {
        host: String,
        path: String,
        query: String,
    },
    InsertHeader {
        name: String,
        value: String,
        value_type: String,
    },
    RemoveHeader {
        name: String,
    },
    TrafficLimit {
        qps: Option<i64>,
        qps_per_ip: Option<i64>,
    },
    TrafficMirror {
        target: String,
    },
    Cors(Cors),
    /// CORS as ingress-nginx's template applies it (§9): a CORS request (every request for
    /// `*`, else one whose Origin matches) that is an OPTIONS is answered 204 here, before
    /// the rule's other actions; the others get the headers on their response.
    CorsAnswer(crate::annotations::nginx::NginxCors),
    /// Final. The load balancer answers `code` with a Location built from the request
    /// (nginx's `return code URL`, its trailing-slash redirect, ingress-nginx's ssl-redirect
    /// and app-root): see [`RedirectTarget`].
    Return {
        code: u16,
        target: RedirectTarget,
    },
}

/// Where a [`Action::Return`] sends the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirectTarget {
    /// This URL, as written: nothing of the request is added.
    Fixed(String),
    /// The request's own URL, changed as asked: `scheme://host` + path + `?query`.
    Request {
        /// `None`: the request's scheme.
        scheme: Option<String>,
        /// The Host as sent, port included (nginx `$http_host`); otherwise the host name
        /// alone, without a port (nginx `$host` with `port_in_redirect off`).
        host_as_sent: bool,
        /// `None`: the request's path.
        path: Option<String>,
        /// Append the request's query (`?…`) when it has one.
        query: bool,
        /// Drop one trailing `/` of path-and-query (ingress-nginx's ssl-redirect, unless
        /// `preserve-trailing-slash`).
        strip_trailing_slash: bool,
    },
}

impl Action {
    /// Forward, Redirect and FixedResponse end a rule; a rule has exactly one of them.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Action::Forward(_)
                | Action::ForwardToServerGroup(_)
                | Action::Redirect { .. }
                | Action::FixedResponse { .. }
                | Action::Return { .. }
        )
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Action::Forward(_) | Action::ForwardToServerGroup(_) => "ForwardGroup",
            Action::Redirect { .. } | Action::Return { .. } => "Redirect",
            Action::FixedResponse { .. } => "FixedResponse",
            Action::Rewrite { .. } => "Rewrite",
            Action::InsertHeader { .. } => "InsertHeader",
            Action::RemoveHeader { .. } => "RemoveHeader",
            Action::TrafficLimit { .. } => "TrafficLimit",
            Action::TrafficMirror { .. } => "TrafficMirror",
            Action::Cors(_) | Action::CorsAnswer(_) => "Cors",
        }
    }
}

impl std::fmt::Display for RedirectTarget {
    /// In nginx's words: `https://$host$request_uri`, `$scheme://$host/foo/$is_args$args`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RedirectTarget::Fixed(url) => f.write_str(url),
            RedirectTarget::Request {
                scheme,
                host_as_sent,
                path,
                query,
                strip_trailing_slash,
            } => {
                let scheme = scheme.as_deref().unwrap_or("$scheme");
                let host = if *host_as_sent { "$http_host" } else { "$host" };
                let rest = match (path, query) {
                    (None, true) => "$request_uri".to_string(),
                    (None, false) => "$uri".to_string(),
                    (Some(p), true) => format!("{p}$is_args$args"),
                    (Some(p), false) => p.clone(),
                };
                write!(f, "{scheme}://{host}{rest}")?;
                if *strip_trailing_slash {
                    f.write_str(" (one trailing / dropped)")?;
                }
                Ok(())
            }
        }
    }
}

/// One request predicate of a [`Rule`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    Host(HostMatch),
    /// The path, after the table's [`PathNormalization`].
    Path(PathMatch),
    /// A request header (name case-insensitive; repeated fields joined with `, `).
    Header {
        name: String,
        value: ValueMatch,
    },
    /// A cookie (name as written; its first occurrence).
    Cookie {
        name: String,
        value: ValueMatch,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostMatch {
    /// The host name, lower case.
    Exact(String),
    /// Exactly one label of letters, digits, `_` or `-` before `suffix` (`.example.com`):
    /// ingress-nginx's `*.example.com`.
    OneLabel { suffix: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathMatch {
    /// The path is exactly this (bytes, case-sensitive).
    Exact(String),
    /// The path starts with this (characters, case-sensitive).
    Prefix(String),
    /// A regular expression searched in the path (anchor it with `^` to match from the
    /// start); its groups fill `${1}`…`${9}`.
    Regex {
        pattern: String,
        case_insensitive: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueMatch {
    Exact(String),
    /// A regular expression searched in the value (case-sensitive).
    Regex(String),
}

/// What the path a table's rules match is: the request's as sent (ALB), or nginx's `$uri`
/// (percent-decoded, dot segments resolved, slashes merged; see `route::normalize`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PathNormalization {
    #[default]
    AsSent,
    Nginx,
}

/// How a canary Ingress takes part in a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CanaryRole {
    /// A separate rule matching `canary-by-header` / `canary-by-cookie`.
    Conditional,
    /// `canary: "true"` alone: an ordinary rule to the canary Service.
    Plain,
}

/// One ALB forwarding rule: one path of one Ingress rule, on one listener.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// 1, 2, 3 … per listener, in evaluation order: the first matching rule wins.
    pub priority: u32,
    /// Index into `Manifest::ingresses`.
    pub ingress: usize,
    /// `namespace/name` of the Ingress.
    pub ingress_key: String,
    /// Positions in `spec.rules` and in its `http.paths`.
    pub rule_index: usize,
    pub path_index: usize,
    /// The host as written (empty: any host).
    pub host: String,
    /// The path as written (empty: any path).
    pub path: String,
    pub path_type: PathType,
    /// Whether the Prefix path was switched to regex mode.
    pub regex: bool,
    pub conditions: Vec<Condition>,
    /// Request predicates in a controller-neutral form: how front-ends whose syntax is not
    /// ALB's condition values (ingress-nginx locations, next Traefik's rules and Gateway API
    /// matches) say what a rule matches. Host matches are alternatives, as are path matches
    /// (like the values of one ALB condition); every header and cookie match must hold.
    pub matches: Vec<Match>,
    /// In the order the ALB runs them; the final action is last.
    pub actions: Vec<Action>,
    pub canary: Option<CanaryRole>,
    /// `rule-direction.<svc>: Response` rules act on responses and never route a request.
    pub direction: Direction,
    /// The `paths[]` entry this rule came from.
    pub span: Span,
}

impl Rule {
    pub fn final_action(&self) -> Option<&Action> {
        self.actions.iter().rev().find(|a| a.is_final())
    }
}

/// How long a listener keeps idle connections and waits for backends: the AlbConfig
/// listener's `idleTimeout` and `requestTimeout` (semantics reference §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListenerTimeouts {
    /// How long an idle client keep-alive connection stays open (`idleTimeout`).
    pub idle: Duration,
    /// How long the load balancer waits for the backend's response before answering 504
    /// (`requestTimeout`).
    pub request: Duration,
}

impl ListenerTimeouts {
    /// ALB's documented default `idleTimeout` (semantics reference §8): absent or 0 means
    /// 15 s.
    pub const DEFAULT_IDLE: Duration = Duration::from_secs(15);
    /// ALB's documented default `requestTimeout` (semantics reference §8): absent or 0 means
    /// 60 s.
    pub const DEFAULT_REQUEST: Duration = Duration::from_secs(60);
    /// The `idleTimeout` seconds a listener can have (0 aside, which means the default). The
    /// controller refuses anything below 1 itself (`isListenerIdleTimeoutValid`,
    /// alibaba-load-balancer-controller `pkg/provider/alibaba/alb/listener.go`) and passes the
    /// rest to the ALB API, which accepts 1–60 (CreateListener and UpdateListenerAttribute
    /// references, api-alb-2020-06-16; the Terraform provider's `alicloud_alb_listener`
    /// validates `IntBetween(1, 60)`).
    pub const IDLE_SECONDS: RangeInclusive<i64> = 1..=60;
    /// The `requestTimeout` seconds a listener can have (0 aside, which means the default).
    /// Below 1 the controller refuses it (`isListenerRequestTimeoutValid`, as above); the
    /// ALB API accepts 1–600 by default (current CreateListener reference,
    /// help.aliyun.com/en/slb/application-load-balancer/developer-reference/api-alb-2020-06-16-createlistener:
    /// "Valid values: 1 to 600. Default value: 60", with a note that a quota increase raises
    /// the maximum). Older API references, the ACK page "Use AlbConfigs to configure ALB
    /// listeners" and the Terraform provider still say 1–180, the limit before.
    pub const REQUEST_SECONDS: RangeInclusive<i64> = 1..=600;

    /// The timeouts of a listener whose AlbConfig entry has these `idleTimeout` and
    /// `requestTimeout` seconds. Absent, 0, and any value the listener cannot have (negative,
    /// which the controller refuses, or above the ALB API's maximum; lint reports both as
    /// ALB606) give the default: the ALB never runs with a refused value.
    pub fn from_seconds(idle: Option<i64>, request: Option<i64>) -> ListenerTimeouts {
        let seconds = |value: Option<i64>, accepted: RangeInclusive<i64>, default: Duration| {
            value
                .filter(|s| accepted.contains(s))
                .and_then(|s| u64::try_from(s).ok())
                .map_or(default, Duration::from_secs)
        };
        ListenerTimeouts {
            idle: seconds(idle, Self::IDLE_SECONDS, Self::DEFAULT_IDLE),
            request: seconds(request, Self::REQUEST_SECONDS, Self::DEFAULT_REQUEST),
        }
    }
}

impl Default for ListenerTimeouts {
    fn default() -> ListenerTimeouts {
        ListenerTimeouts {
            idle: Self::DEFAULT_IDLE,
            request: Self::DEFAULT_REQUEST,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listener {
    pub key: ListenerKey,
    /// The AlbConfig `spec.listeners[]` entry, when the listener comes from one.
    pub span: Option<Span>,
    /// From the AlbConfig entry; the defaults for the assumed 80/HTTP and 443/HTTPS.
    pub timeouts: ListenerTimeouts,
    pub rules: Vec<Rule>,
}
