//! One request through the load balancer, as a state machine without IO (quinn-proto's shape).
//!
//! The shell hands in a request and `now`; [`Exchange::begin`] decides it (rule, QPS limits,
//! endpoint) and [`Exchange::plan`] says what to do: answer here ([`Answer`]: no match, a
//! redirect, a fixed response, a CORS preflight, a QPS 503, no healthy endpoint) or forward
//! ([`Forward`]), with the request the backend receives ([`Exchange::upstream_fields`]). After
//! each attempt the shell reports how it ended ([`Attempt`]) and [`Exchange::after`] says what
//! happens next: done, try again on another endpoint, or answer 502/504, and keeps the
//! connection counts the schedulers read. `alb route` shows this same plan; `alb serve`'s
//! transports only carry it out.

use std::borrow::Cow;
use std::time::Duration;

use crate::annotations::BackendProtocol;
use crate::backends::{
    BackendState, EndpointId, EndpointSource, NoHealthyEndpoint, SelectInput, Selection,
    ServerGroupId,
};
use crate::compile::ListenerTimeouts;
use crate::dispatch::{Dispatch, ServerGroups, dispatch};
use crate::limits::LIMITED_STATUS;
use crate::route::{Outcome, Request, Router, Scheme};

/// Fields that describe one connection, not the message (RFC 9110 §7.6.1): never copied from
/// one side of the load balancer to the other. Content-Length is framing, each side's own.
pub const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "upgrade",
    "transfer-encoding",
];

/// Whether a field stays on its own side: hop-by-hop, or framing (Content-Length).
pub fn is_hop_by_hop(name: &str) -> bool {
    name.eq_ignore_ascii_case("content-length")
        || HOP_BY_HOP.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Methods the load balancer sends again to another endpoint after a connect error.
pub fn idempotent(method: &str) -> bool {
    ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"].contains(&method)
}

/// How many times a request is sent again after a connect error.
pub const RETRIES: usize = 1;

/// An answer from the load balancer itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub why: AnswerReason,
    pub content_type: Option<String>,
    /// A redirect's target.
    pub location: Option<String>,
    pub body: String,
}

/// Why the load balancer answers itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerReason {
    NoMatch,
    Redirect,
    FixedResponse,
    Preflight,
    /// Over the rule's QPS limit.
    Limited,
    /// No endpoint can take the request; the reason.
    NoHealthyEndpoint(String),
    /// The rule forwards to a server group that has no spec (nothing to forward to).
    NoBackend,
    /// The backend could not be reached or broke off: 502, with the endpoint and the error.
    BadGateway {
        address: String,
        error: String,
    },
    /// The backend did not answer within the listener's request timeout: 504.
    GatewayTimeout,
}

impl AnswerReason {
    /// Stable, for JSON.
    pub fn code(&self) -> &'static str {
        match self {
            AnswerReason::NoMatch => "no-match",
            AnswerReason::Redirect => "redirect",
            AnswerReason::FixedResponse => "fixed-response",
            AnswerReason::Preflight => "preflight",
            AnswerReason::Limited => "qps-limit",
            AnswerReason::NoHealthyEndpoint(_) => "no-healthy-endpoint",
            AnswerReason::NoBackend => "no-backend",
            AnswerReason::BadGateway { .. } => "bad-gateway",
            AnswerReason::GatewayTimeout => "gateway-timeout",
        }
    }
}

impl Answer {
    fn text(status: u16, why: AnswerReason, text: &str) -> Answer {
        Answer {
            status,
            why,
            content_type: Some("text/plain; charset=utf-8".to_string()),
            location: None,
            body: format!("{text}\n"),
        }
    }

    fn empty(status: u16, why: AnswerReason) -> Answer {
        Answer {
            status,
            why,
            content_type: None,
            location: None,
            body: String::new(),
        }
    }

    /// 502: the backend at `address` failed with `error`.
    pub fn bad_gateway(address: &str, error: &str) -> Answer {
        Answer::text(
            502,
            AnswerReason::BadGateway {
                address: address.to_string(),
                error: error.to_string(),
            },
            &format!("502 Bad Gateway: {address}: {error}"),
        )
    }

    /// 504: the backend did not answer in time.
    pub fn gateway_timeout() -> Answer {
        Answer::text(
            504,
            AnswerReason::GatewayTimeout,
            "504 Gateway Timeout: the backend did not answer in time",
        )
    }
}

/// What the load balancer does with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    Answer(Answer),
    Forward(Forward),
}

/// A request to forward to the endpoint the engine chose ([`Exchange::selection`]), of the
/// server group [`Exchange::server_group`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Forward {
    /// The endpoints are the Deployment's local replicas: `serve` answers with its built-in
    /// echo backend.
    pub local_replica: bool,
    pub protocol: BackendProtocol,
    /// `backend-keepalive: "true"`: reuse connections; otherwise one connection per request.
    pub keepalive: bool,
}

/// How one attempt to forward ended, as the transport saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The backend answered (any status): its response goes to the client.
    Answered,
    /// No connection: nothing was sent, so the request may go elsewhere.
    ConnectFailed(String),
    /// The backend did not answer within the listener's request timeout.
    TimedOut,
    /// Anything else after the request left (a reset, a malformed response).
    Failed(String),
}

/// What happens after an attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// The backend's response goes to the client.
    Done,
    /// Send the request again, to [`Exchange::selection`] (another endpoint).
    Retry,
    /// The load balancer answers: 502 or 504.
    Answer(Answer),
}

/// One request and everything the load balancer decided about it so far.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub request: Request,
    pub dispatch: Dispatch,
    /// The listener's timeouts: an attempt waits for the backend at most `request`.
    pub timeouts: ListenerTimeouts,
    /// The endpoint of a retry, once there is one.
    retried: Option<Selection>,
    failed: Vec<EndpointId>,
}

impl Exchange {
    /// Decide `request` on ALB `group` at `now`: the rule, the QPS limits and the endpoint,
    /// and, when it is forwarded, count the attempt's connection (wlc reads the counts).
    pub fn begin(
        router: &Router,
        group: usize,
        groups: &ServerGroups,
        state: &mut BackendState,
        request: Request,
        now: Duration,
        roll: u64,
    ) -> Exchange {
        let dispatch = dispatch(router, group, groups, state, &request, now, roll);
        let mut timeouts: ListenerTimeouts = router
            .table()
            .groups
            .get(group)
            .and_then(|alb| {
                alb.listeners
                    .iter()
                    .find(|l| Some(l.key) == dispatch.decision.listener)
            })
            .map(|l| l.timeouts)
            .unwrap_or_default();
        // A per-Ingress read timeout (ingress-nginx `proxy-read-timeout`) wins.
        if let Some(read) = router
            .backend_settings(&dispatch.decision)
            .and_then(|s| s.read_timeout)
        {
            timeouts.request = read;
        }
        let exchange = Exchange {
            request,
            dispatch,
            timeouts,
            retried: None,
            failed: Vec::new(),
        };
        if let (Some(group), Some(selection)) = (&exchange.dispatch.group, exchange.selection()) {
            state.on_start(group, &selection.address);
        }
        exchange
    }

    /// The endpoint of the current attempt.
    pub fn selection(&self) -> Option<&Selection> {
        self.retried.as_ref().or_else(|| self.dispatch.endpoint())
    }

    /// The server group a forwarded request goes to.
    pub fn server_group(&self) -> Option<&ServerGroupId> {
        self.dispatch.group.as_deref()
    }

    /// What to do with the request.
    pub fn plan(&self, router: &Router, groups: &ServerGroups) -> Plan {
        let decision = &self.dispatch.decision;
        let answer = match decision.outcome {
            Outcome::NoMatch => Some(Answer::text(
                decision.status.unwrap_or(503),
                AnswerReason::NoMatch,
                "503 Service Unavailable: no rule matches",
            )),
            Outcome::Preflight => Some(Answer::empty(
                decision.status.unwrap_or(204),
                AnswerReason::Preflight,
            )),
            Outcome::Redirect => Some(Answer {
                location: decision.location.clone(),
                ..Answer::empty(decision.status.unwrap_or(308), AnswerReason::Redirect)
            }),
            Outcome::FixedResponse => {
                let (content_type, body) = decision.body.clone().unwrap_or_default();
                Some(Answer {
                    status: decision.status.unwrap_or(200),
                    why: AnswerReason::FixedResponse,
                    content_type: Some(content_type),
                    location: None,
                    body,
                })
            }
            Outcome::Forward => None,
        };
        if let Some(answer) = answer {
            return Plan::Answer(answer);
        }
        if self.dispatch.limited.is_some() {
            return Plan::Answer(Answer::text(
                LIMITED_STATUS,
                AnswerReason::Limited,
                "503 Service Unavailable: over the rule's QPS limit",
            ));
        }
        if let Some(Err(NoHealthyEndpoint { reason })) = &self.dispatch.selection {
            return Plan::Answer(Answer::text(
                NoHealthyEndpoint::STATUS,
                AnswerReason::NoHealthyEndpoint(reason.clone()),
                &format!("503 Service Unavailable: {reason}"),
            ));
        }
        let spec = self.dispatch.group.as_ref().and_then(|g| groups.get(g));
        let (Some(spec), Some(_)) = (spec, self.selection()) else {
            return Plan::Answer(Answer::text(
                503,
                AnswerReason::NoBackend,
                "503 Service Unavailable: no backend",
            ));
        };
        let settings = router.backend_settings(decision);
        Plan::Forward(Forward {
            local_replica: spec.source == EndpointSource::LocalReplicas,
            protocol: settings.map_or(BackendProtocol::Http, |s| s.protocol),
            keepalive: settings.is_some_and(|s| s.keepalive),
        })
    }

    /// The status the load balancer answers with itself, if it does (before any attempt).
    pub fn status(&self) -> Option<u16> {
        self.dispatch.status()
    }

    /// Whether a connect error sends the request to another endpoint: an idempotent method
    /// whose body the transport can send again (`replayable`).
    pub fn retries(&self, replayable: bool) -> bool {
        replayable && idempotent(&self.request.method)
    }

    /// How the attempt to [`Exchange::selection`] ended, and so what happens next. Keeps the
    /// connection counts, and picks another healthy endpoint for a retry: `pick` gives the
    /// time and the roll for that pick, asked for only then. Reads nothing and allocates
    /// nothing when the backend answered.
    pub fn after(
        &mut self,
        groups: &ServerGroups,
        state: &mut BackendState,
        attempt: Attempt,
        replayable: bool,
        pick: impl FnOnce() -> (Duration, u64),
    ) -> Next {
        let retries = self.retries(replayable);
        let current = self.retried.as_ref().or_else(|| self.dispatch.endpoint());
        let (Some(group), Some(current)) = (self.dispatch.group.as_ref(), current) else {
            return Next::Done;
        };
        state.on_finish(group, &current.address);
        let error = match attempt {
            Attempt::Answered => return Next::Done,
            Attempt::TimedOut => return Next::Answer(Answer::gateway_timeout()),
            Attempt::Failed(error) => {
                return Next::Answer(Answer::bad_gateway(&current.address, &error));
            }
            Attempt::ConnectFailed(error) => error,
        };
        let give_up = Next::Answer(Answer::bad_gateway(&current.address, &error));
        if !retries || self.failed.len() >= RETRIES {
            return give_up;
        }
        let endpoint = current.endpoint;
        let Some(spec) = groups.get(group) else {
            return give_up;
        };
        self.failed.push(endpoint);
        let mut input = SelectInput::new(&self.request);
        input.failed = &self.failed;
        if let Some(path) = &self.dispatch.location_path {
            input.location_path = path;
        }
        let (now, roll) = pick();
        match state.select_with(spec, &input, now, roll) {
            Ok(next) if next.endpoint != endpoint => {
                state.on_start(group, &next.address);
                self.retried = Some(next);
                Next::Retry
            }
            _ => give_up,
        }
    }

    /// The request a backend receives when the client sent exactly the request's headers and
    /// cookies (what `alb route` shows; `serve` copies into [`Request`] only the fields rules
    /// read, and passes the client's own to [`Exchange::upstream_fields`]): method, target,
    /// and fields in order, names lower-case.
    pub fn upstream_request(&self) -> (String, String, Vec<(String, String)>) {
        let cookie = (!self.request.cookies.is_empty()).then(|| {
            self.request
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("; ")
        });
        let client = self
            .request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
            .chain(cookie.iter().map(|c| ("cookie", c.as_bytes())));
        let mut fields = Vec::new();
        self.upstream_fields(client, &[], false, |name, value| {
            fields.push((
                name.to_ascii_lowercase(),
                String::from_utf8_lossy(value).into_owned(),
            ));
        });
        (
            self.request.method.clone(),
            self.upstream_target().into_owned(),
            fields,
        )
    }

    /// The path and query the backend receives, after any rewrite.
    pub fn upstream_target(&self) -> Cow<'_, str> {
        match &self.dispatch.decision.upstream_path {
            Some(path) => Cow::Borrowed(path.as_str()),
            None if self.request.query.is_empty() => Cow::Borrowed(self.request.path.as_str()),
            None => Cow::Owned(self.request.path_and_query()),
        }
    }

    /// The Host the backend receives.
    pub fn upstream_host(&self) -> &str {
        self.dispatch
            .decision
            .upstream_host
            .as_deref()
            .unwrap_or(&self.request.host)
    }

    /// The request fields a backend receives, given the client's: hop-by-hop fields (RFC 9110
    /// §7.6.1) and those the client's `Connection` lists (`listed`) are dropped, as are the
    /// rule's RemoveHeader names; Host, X-Forwarded-For/-Proto/-Port are set as ALB sets them
    /// (the client is appended to any X-Forwarded-For chain); the rule's InsertHeader fields
    /// replace any the client sent. Framing fields are the transport's to write. `te:
    /// trailers` is kept when `keep_te_trailers` (gRPC needs it end to end).
    pub fn upstream_fields<'h>(
        &self,
        client: impl Iterator<Item = (&'h str, &'h [u8])>,
        listed: &[String],
        keep_te_trailers: bool,
        mut emit: impl FnMut(&str, &[u8]),
    ) {
        let decision = &self.dispatch.decision;
        let removed = |name: &str| {
            decision
                .remove_request_headers
                .iter()
                .any(|r| r.eq_ignore_ascii_case(name))
        };
        let inserted = |name: &str| {
            decision
                .insert_request_headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        const SET_HERE: [&str; 5] = [
            "host",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-forwarded-port",
            "expect",
        ];
        let mut chain: Option<Vec<u8>> = None;
        let mut te_trailers = false;
        for (name, value) in client {
            if name.eq_ignore_ascii_case("x-forwarded-for") {
                let chain = chain.get_or_insert_with(Vec::new);
                if !chain.is_empty() {
                    chain.extend_from_slice(b", ");
                }
                chain.extend_from_slice(value);
                continue;
            }
            if name.eq_ignore_ascii_case("te") {
                te_trailers |= value.trim_ascii().eq_ignore_ascii_case(b"trailers");
            }
            if is_hop_by_hop(name)
                || SET_HERE.iter().any(|s| s.eq_ignore_ascii_case(name))
                || (!listed.is_empty() && listed.iter().any(|l| l.eq_ignore_ascii_case(name)))
                || removed(name)
                || inserted(name)
            {
                continue;
            }
            emit(name, value);
        }
        // An HTTP/1.1 request needs its Host, whatever RemoveHeader says.
        emit("host", self.upstream_host().as_bytes());
        if !removed("x-forwarded-for") && !inserted("x-forwarded-for") {
            let mut formatted = Formatted::new();
            let ip: &[u8] = match self.request.client_ip {
                Some(ip) => formatted.ip(ip),
                None => &[],
            };
            match chain {
                Some(mut chain) => {
                    if !ip.is_empty() {
                        chain.extend_from_slice(b", ");
                        chain.extend_from_slice(ip);
                    }
                    emit("x-forwarded-for", &chain);
                }
                None if !ip.is_empty() => emit("x-forwarded-for", ip),
                None => {}
            }
        }
        if !removed("x-forwarded-proto") && !inserted("x-forwarded-proto") {
            let proto = match self.request.scheme {
                Scheme::Https => "https",
                Scheme::Http => "http",
            };
            emit("x-forwarded-proto", proto.as_bytes());
        }
        if !removed("x-forwarded-port") && !inserted("x-forwarded-port") {
            emit(
                "x-forwarded-port",
                Formatted::new().number(u64::from(self.request.port)),
            );
        }
        for (name, value) in &decision.insert_request_headers {
            emit(name, value.as_bytes());
        }
        if keep_te_trailers && te_trailers {
            emit("te", b"trailers");
        }
    }

    /// Fields the load balancer adds to the client's response: the rule's (CORS), and when
    /// the backend's response (or the echo's) goes back, the sticky-session cookies.
    pub fn response_fields(&self, forwarded: bool, mut emit: impl FnMut(&str, &str)) {
        for (name, value) in &self.dispatch.decision.response_headers {
            emit(name, value);
        }
        if forwarded && let Some(selection) = self.selection() {
            for cookie in &selection.set_cookies {
                emit("set-cookie", cookie);
            }
        }
    }
}

/// A value written on the stack: an IP address or a port for a header, on every forwarded
/// request, without an allocation and without `core::fmt` (whose padding machinery costs more
/// than the digits).
struct Formatted {
    buf: [u8; 64],
    len: usize,
}

impl Formatted {
    fn new() -> Formatted {
        Formatted {
            buf: [0; 64],
            len: 0,
        }
    }

    fn push_number(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let digits = &digits[i..];
        self.buf[self.len..self.len + digits.len()].copy_from_slice(digits);
        self.len += digits.len();
    }

    fn number(&mut self, n: u64) -> &[u8] {
        self.len = 0;
        self.push_number(n);
        &self.buf[..self.len]
    }

    fn ip(&mut self, ip: core::net::IpAddr) -> &[u8] {
        match ip {
            core::net::IpAddr::V4(v4) => {
                self.len = 0;
                for (i, octet) in v4.octets().into_iter().enumerate() {
                    if i > 0 {
                        self.buf[self.len] = b'.';
                        self.len += 1;
                    }
                    self.push_number(u64::from(octet));
                }
                &self.buf[..self.len]
            }
            v6 => {
                use std::io::Write;
                let mut cursor = std::io::Cursor::new(&mut self.buf[..]);
                // 64 bytes hold any IPv6 address.
                let _ = write!(cursor, "{v6}");
                self.len = cursor.position() as usize;
                &self.buf[..self.len]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::compile::{CompileOptions, ServiceTarget, compile};
    use crate::source::{SourceFile, SourceMap};

    const MANIFEST: &str = r#"
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: default
  annotations:
    alb.ingress.kubernetes.io/traffic-limit-qps: "1"
spec:
  ingressClassName: alb
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
"#;

    /// The table, the server group of `web:80` with `endpoints`, and a fresh state.
    fn setup(endpoints: &[&str]) -> (Router, ServerGroups) {
        let mut sources = SourceMap::new();
        sources.add(SourceFile::new("t.yaml", MANIFEST));
        let (manifest, _) = crate::manifest::load(&sources, &Default::default());
        let router = Router::new(compile(&manifest, &CompileOptions::default()));
        let target = ServiceTarget {
            namespace: "default".into(),
            service: "web".into(),
            port: 80,
        };
        let mapped = BTreeMap::from([(
            target,
            endpoints.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
        )]);
        let groups = ServerGroups::build(&router, 0, &manifest, &mapped);
        (router, groups)
    }

    fn request(method: &str) -> Request {
        let mut r = Request::from_url("http://shop.example.com/cart?x=1").expect("a URL");
        r.method = method.to_string();
        r.client_ip = "10.1.2.3".parse().ok();
        r
    }

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn a_connect_error_goes_once_to_another_endpoint_then_502() {
        let (router, groups) = setup(&["10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80"]);
        let mut state = BackendState::new();
        let mut x = Exchange::begin(&router, 0, &groups, &mut state, request("GET"), SECOND, 7);
        assert!(matches!(x.plan(&router, &groups), Plan::Forward(f) if !f.local_replica));
        let first = x.selection().expect("an endpoint").address.clone();
        let refused = Attempt::ConnectFailed("refused".into());
        let next = x.after(&groups, &mut state, refused.clone(), true, || (SECOND, 1));
        assert_eq!(next, Next::Retry);
        let second = x.selection().expect("another endpoint").address.clone();
        assert_ne!(first, second);
        // Once only: the second connect error is the client's 502, naming the endpoint.
        match x.after(&groups, &mut state, refused, true, || (SECOND, 2)) {
            Next::Answer(a) => {
                assert_eq!(a.status, 502);
                assert!(a.body.contains(&second), "{}", a.body);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_retry_for_a_post_or_a_body_already_streamed_and_504_on_timeout() {
        let (router, groups) = setup(&["10.0.0.1:80", "10.0.0.2:80"]);
        let mut state = BackendState::new();
        let refused = Attempt::ConnectFailed("refused".into());
        // A second apart each: the rule's QPS limit admits them all.
        let mut post = Exchange::begin(&router, 0, &groups, &mut state, request("POST"), SECOND, 0);
        assert!(matches!(
            post.after(&groups, &mut state, refused.clone(), true, || panic!(
                "no pick"
            )),
            Next::Answer(Answer { status: 502, .. })
        ));
        let mut get = Exchange::begin(
            &router,
            0,
            &groups,
            &mut state,
            request("GET"),
            2 * SECOND,
            0,
        );
        assert!(matches!(
            get.after(&groups, &mut state, refused, false, || panic!("no pick")),
            Next::Answer(Answer { status: 502, .. })
        ));
        let mut slow = Exchange::begin(
            &router,
            0,
            &groups,
            &mut state,
            request("GET"),
            3 * SECOND,
            0,
        );
        assert_eq!(
            slow.after(&groups, &mut state, Attempt::TimedOut, true, || panic!(
                "no pick"
            )),
            Next::Answer(Answer::gateway_timeout())
        );
        assert_eq!(Answer::gateway_timeout().status, 504);
    }

    #[test]
    fn the_qps_limit_is_answered_by_the_load_balancer() {
        let (router, groups) = setup(&["10.0.0.1:80"]);
        let mut state = BackendState::new();
        let mut first = Exchange::begin(&router, 0, &groups, &mut state, request("GET"), SECOND, 0);
        assert_eq!(
            first.after(&groups, &mut state, Attempt::Answered, true, || panic!(
                "no pick"
            )),
            Next::Done
        );
        // The rule admits one request a second: the next one in the same second gets 503.
        let second = Exchange::begin(&router, 0, &groups, &mut state, request("GET"), SECOND, 0);
        match second.plan(&router, &groups) {
            Plan::Answer(a) => {
                assert_eq!((a.status, a.why), (503, AnswerReason::Limited));
                assert_eq!(second.status(), Some(503));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn addresses_and_ports_are_written_as_display_writes_them() {
        for ip in [
            "0.0.0.0",
            "10.1.2.3",
            "255.255.255.255",
            "::1",
            "2001:db8::7",
        ] {
            let parsed: core::net::IpAddr = ip.parse().expect("an address");
            assert_eq!(Formatted::new().ip(parsed), ip.as_bytes());
        }
        for port in [0u64, 7, 80, 443, 65535] {
            assert_eq!(Formatted::new().number(port), port.to_string().as_bytes());
        }
    }

    #[test]
    fn the_upstream_request_carries_the_forwarded_fields() {
        let (router, groups) = setup(&["10.0.0.1:80"]);
        let mut r = request("GET");
        r.add_header("X-Forwarded-For", "192.0.2.1")
            .expect("a header");
        r.add_header("Connection", "keep-alive").expect("a header");
        r.add_header("Accept", "*/*").expect("a header");
        let x = Exchange::begin(&router, 0, &groups, &mut BackendState::new(), r, SECOND, 0);
        let (method, target, fields) = x.upstream_request();
        assert_eq!((method.as_str(), target.as_str()), ("GET", "/cart?x=1"));
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("accept", "*/*"),
                ("host", "shop.example.com"),
                ("x-forwarded-for", "192.0.2.1, 10.1.2.3"),
                ("x-forwarded-proto", "http"),
                ("x-forwarded-port", "80"),
            ]
        );
    }
}
