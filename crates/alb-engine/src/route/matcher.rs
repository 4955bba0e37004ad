//! A rule's conditions, compiled for matching, and the reason a request does not match.

use core::net::IpAddr;

use regex::Regex;

use super::glob;
use super::request::Request;
use crate::compile::{Condition, Direction, HostMatch, Match, PathMatch, Rule, ValueMatch};

/// The `${n}` a rule's regex groups can fill: ALB's `${1}`–`${3}`; nginx's `$1`–`$9`.
const ALB_GROUPS: usize = 3;
const REGEX_GROUPS: usize = 9;

/// How one host value matches (hosts compare case-insensitively).
#[derive(Clone, Debug)]
pub(crate) enum HostPattern {
    Exact(String),
    /// `*` / `?` wildcards, lower case.
    Glob(String),
    /// One label of `[A-Za-z0-9_-]` before this suffix (`.example.com`).
    OneLabel(String),
}

/// How one Path value matches (paths compare case-sensitively, regexes do not).
#[derive(Clone, Debug)]
pub(crate) enum PathPattern {
    Exact(String),
    /// A literal followed by a single trailing `*`: `/foo/*` → `/foo/`.
    Prefix(String),
    Glob(String),
    /// A `~*` value: a case-sensitive, unanchored search. Alibaba's own nginx→ALB migration
    /// guidance reports ALB path regexes as case-sensitive (measured), whatever nginx's `~*`
    /// means; ALB's product documentation does not say, and says nothing of anchoring
    /// (`docs/alb-regex-case.md` weighs the evidence).
    Regex(Regex),
    /// A `~*` value the regex engine cannot compile: it never matches.
    Invalid,
    /// A [`PathMatch::Regex`]: searched as written (anchors and case as it says), groups
    /// up to `${9}`.
    Expression(Regex),
}

impl PathPattern {
    /// The ALB Path value this pattern came from.
    fn source(&self) -> String {
        match self {
            PathPattern::Exact(p) | PathPattern::Glob(p) => p.clone(),
            PathPattern::Prefix(p) => format!("{p}*"),
            PathPattern::Regex(r) => format!("~*{}", r.as_str()),
            PathPattern::Invalid => "an invalid regex".to_string(),
            PathPattern::Expression(r) => r.as_str().to_string(),
        }
    }

    fn of(m: &PathMatch) -> PathPattern {
        match m {
            PathMatch::Exact(p) => PathPattern::Exact(p.clone()),
            PathMatch::Prefix(p) => PathPattern::Prefix(p.clone()),
            PathMatch::Regex {
                pattern,
                case_insensitive,
            } => {
                let flags = if *case_insensitive { "(?i)" } else { "" };
                match Regex::new(&format!("{flags}{pattern}")) {
                    Ok(r) => PathPattern::Expression(r),
                    Err(_) => PathPattern::Invalid,
                }
            }
        }
    }

    pub(crate) fn parse(value: &str) -> PathPattern {
        if let Some(regex) = value.strip_prefix("~*") {
            return match Regex::new(regex) {
                Ok(r) => PathPattern::Regex(r),
                Err(_) => PathPattern::Invalid,
            };
        }
        if !glob::has_wildcard(value) {
            return PathPattern::Exact(value.to_string());
        }
        match value.strip_suffix('*') {
            Some(literal) if !glob::has_wildcard(literal) => {
                PathPattern::Prefix(literal.to_string())
            }
            _ => PathPattern::Glob(value.to_string()),
        }
    }

    fn matches(&self, path: &str) -> bool {
        match self {
            PathPattern::Exact(p) => p == path,
            PathPattern::Prefix(p) => path.starts_with(p.as_str()),
            PathPattern::Glob(p) => glob::matches(p, path),
            PathPattern::Regex(r) | PathPattern::Expression(r) => r.is_match(path),
            PathPattern::Invalid => false,
        }
    }
}

impl HostPattern {
    pub(crate) fn parse(value: &str) -> HostPattern {
        let value = value.to_ascii_lowercase();
        if glob::has_wildcard(&value) {
            HostPattern::Glob(value)
        } else {
            HostPattern::Exact(value)
        }
    }

    fn matches(&self, host: &str) -> bool {
        match self {
            HostPattern::Exact(h) => h == host,
            HostPattern::Glob(g) => glob::matches(g, host),
            HostPattern::OneLabel(suffix) => one_label(host, suffix),
        }
    }
}

/// Whether `host` is one label (`\\w` or `-`, as PCRE's `[\\w-]+` in ingress-nginx's
/// server name) followed by `suffix`.
pub(crate) fn one_label(host: &str, suffix: &str) -> bool {
    host.strip_suffix(suffix).is_some_and(|label| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    })
}

/// A header or cookie value test of a [`Match`].
#[derive(Clone, Debug)]
enum ValueTest {
    Exact(String),
    Regex(Regex),
    /// A pattern the regex engine refuses: never matches.
    Invalid(String),
}

impl ValueTest {
    fn of(m: &ValueMatch) -> ValueTest {
        match m {
            ValueMatch::Exact(v) => ValueTest::Exact(v.clone()),
            ValueMatch::Regex(p) => match Regex::new(p) {
                Ok(r) => ValueTest::Regex(r),
                Err(_) => ValueTest::Invalid(p.clone()),
            },
        }
    }

    fn holds(&self, value: &str) -> bool {
        match self {
            ValueTest::Exact(v) => v == value,
            ValueTest::Regex(r) => r.is_match(value),
            ValueTest::Invalid(_) => false,
        }
    }

    fn describe(&self) -> String {
        match self {
            ValueTest::Exact(v) => format!("= {v}"),
            ValueTest::Regex(r) => format!("~ {}", r.as_str()),
            ValueTest::Invalid(p) => format!("~ {p} (an invalid regex: never matches)"),
        }
    }
}

/// A rule's request conditions, ready to test. All conditions must hold; values within one
/// condition are alternatives.
#[derive(Clone, Debug)]
pub(crate) struct RuleMatcher {
    /// `None`: no Host condition, any host.
    pub hosts: Option<Vec<HostPattern>>,
    /// `None`: no Path condition, any path.
    pub paths: Option<Vec<PathPattern>>,
    /// Lower-case header name and its allowed values (wildcards allowed).
    headers: Vec<(String, Vec<String>)>,
    cookies: Vec<Vec<(String, String)>>,
    queries: Vec<Vec<(String, String)>>,
    methods: Option<Vec<String>>,
    source_ips: Option<Vec<IpNet>>,
    /// [`Match::Header`]: lower-case name and the value test.
    header_values: Vec<(String, ValueTest)>,
    /// [`Match::Cookie`]: name and the value test.
    cookie_values: Vec<(String, ValueTest)>,
    /// Acts on responses, never on requests.
    response_only: bool,
}

/// Why a request does not match a rule: the first condition that fails, in the order a
/// person reads a rule (host, path, then the rest). Cheap to build: the decision path creates
/// one for every candidate that misses; [`RuleMatcher::describe`] renders the details.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Miss {
    Host,
    Path,
    /// The n-th header condition.
    Header(usize),
    Cookie(usize),
    QueryString(usize),
    Method,
    SourceIp {
        client_ip_known: bool,
    },
    /// The n-th [`Match::Header`].
    HeaderValue(usize),
    /// The n-th [`Match::Cookie`].
    CookieValue(usize),
    ResponseRule,
}

/// What a match captured: the groups of a regex path value, for `${1}`..`${3}` (ALB) or
/// `${9}` (a [`PathMatch::Regex`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Captures {
    /// Whether the path matched a regex value (only then do variables have values).
    pub regex: bool,
    pub groups: Vec<String>,
    /// The highest `${n}` the groups fill.
    pub limit: usize,
    /// The match rests on alb's reading of ALB's `~*` (case-sensitive, unanchored), which
    /// ALB's documentation does not confirm.
    pub assumed: bool,
}

impl RuleMatcher {
    /// What `miss` means for this rule, in words: "path differs (ALB patterns: /a, /a/*)".
    pub(crate) fn describe(&self, miss: Miss) -> String {
        let pairs = |v: &[(String, String)]| {
            v.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        match miss {
            Miss::Host => "host differs".to_string(),
            Miss::Path => match &self.paths {
                Some(paths) => format!(
                    "path differs (ALB patterns: {})",
                    paths
                        .iter()
                        .map(PathPattern::source)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => "path differs".to_string(),
            },
            Miss::Header(n) => match self.headers.get(n) {
                Some((name, values)) => format!("needs header {name}: {}", values.join(" or ")),
                None => "header differs".to_string(),
            },
            Miss::Cookie(n) => match self.cookies.get(n) {
                Some(block) => format!("needs cookie {}", pairs(block)),
                None => "cookie differs".to_string(),
            },
            Miss::QueryString(n) => match self.queries.get(n) {
                Some(block) => format!("needs query parameter {}", pairs(block)),
                None => "query string differs".to_string(),
            },
            Miss::Method => format!(
                "needs method {}",
                self.methods.as_deref().unwrap_or_default().join(" or ")
            ),
            Miss::SourceIp {
                client_ip_known: true,
            } => "client IP not in the rule's SourceIp list".to_string(),
            Miss::SourceIp {
                client_ip_known: false,
            } => "has a SourceIp condition: give --client-ip".to_string(),
            Miss::HeaderValue(n) => match self.header_values.get(n) {
                Some((name, test)) => format!("needs header {name} {}", test.describe()),
                None => "header differs".to_string(),
            },
            Miss::CookieValue(n) => match self.cookie_values.get(n) {
                Some((name, test)) => format!("needs cookie {name} {}", test.describe()),
                None => "cookie differs".to_string(),
            },
            Miss::ResponseRule => {
                "acts on responses (rule-direction: Response), not requests".to_string()
            }
        }
    }

    pub(crate) fn new(rule: &Rule) -> RuleMatcher {
        let mut m = RuleMatcher {
            hosts: None,
            paths: None,
            headers: Vec::new(),
            cookies: Vec::new(),
            queries: Vec::new(),
            methods: None,
            source_ips: None,
            header_values: Vec::new(),
            cookie_values: Vec::new(),
            response_only: rule.direction == Direction::Response,
        };
        for predicate in &rule.matches {
            match predicate {
                Match::Host(HostMatch::Exact(h)) => m
                    .hosts
                    .get_or_insert_with(Vec::new)
                    .push(HostPattern::Exact(h.to_ascii_lowercase())),
                Match::Host(HostMatch::OneLabel { suffix }) => m
                    .hosts
                    .get_or_insert_with(Vec::new)
                    .push(HostPattern::OneLabel(suffix.to_ascii_lowercase())),
                Match::Path(path) => m
                    .paths
                    .get_or_insert_with(Vec::new)
                    .push(PathPattern::of(path)),
                Match::Header { name, value } => m
                    .header_values
                    .push((name.to_ascii_lowercase(), ValueTest::of(value))),
                Match::Cookie { name, value } => {
                    m.cookie_values.push((name.clone(), ValueTest::of(value)))
                }
            }
        }
        for condition in &rule.conditions {
            match condition {
                Condition::Host { values } => m
                    .hosts
                    .get_or_insert_with(Vec::new)
                    .extend(values.iter().map(|v| HostPattern::parse(v))),
                Condition::Path { values } => m
                    .paths
                    .get_or_insert_with(Vec::new)
                    .extend(values.iter().map(|v| PathPattern::parse(v))),
                Condition::Header { key, values } => {
                    m.headers.push((key.to_ascii_lowercase(), values.clone()))
                }
                Condition::Cookie { values } => m.cookies.push(values.clone()),
                Condition::QueryString { values } => m.queries.push(values.clone()),
                Condition::Method { values } => m
                    .methods
                    .get_or_insert_with(Vec::new)
                    .extend(values.iter().map(|v| v.to_ascii_uppercase())),
                Condition::SourceIp { values } => m
                    .source_ips
                    .get_or_insert_with(Vec::new)
                    .extend(values.iter().filter_map(|v| IpNet::parse(v))),
                Condition::ResponseHeader { .. } | Condition::ResponseStatusCode { .. } => {
                    m.response_only = true
                }
            }
        }
        m
    }

    pub(crate) fn has_wildcard_host(&self) -> bool {
        self.hosts
            .as_ref()
            .is_some_and(|h| h.iter().any(|h| matches!(h, HostPattern::Glob(_))))
    }

    /// Only host and path conditions: a candidate whose path the index already matched needs
    /// no further test.
    pub(crate) fn is_plain(&self) -> bool {
        !self.response_only
            && self.headers.is_empty()
            && self.cookies.is_empty()
            && self.queries.is_empty()
            && self.methods.is_none()
            && self.source_ips.is_none()
            && self.header_values.is_empty()
            && self.cookie_values.is_empty()
    }

    /// Test every condition. `host` is the request's host name, lower case, without port;
    /// `None` skips the host test, for candidates the index found by host. `path_matched`
    /// skips the path test, for candidates the index matched by an exact or prefix value.
    /// `path` is the request's path as the table matches it (see
    /// [`crate::compile::PathNormalization`]).
    pub(crate) fn check(
        &self,
        request: &Request,
        path: &str,
        host: Option<&str>,
        path_matched: bool,
    ) -> Result<Captures, Miss> {
        if self.response_only {
            return Err(Miss::ResponseRule);
        }
        if let (Some(hosts), Some(host)) = (&self.hosts, host)
            && !hosts.iter().any(|h| h.matches(host))
        {
            return Err(Miss::Host);
        }
        let mut captures = Captures::default();
        if let (Some(paths), false) = (&self.paths, path_matched) {
            let Some(hit) = paths.iter().find(|p| p.matches(path)) else {
                return Err(Miss::Path);
            };
            let (regex, limit, assumed) = match hit {
                PathPattern::Regex(regex) => (Some(regex), ALB_GROUPS, true),
                PathPattern::Expression(regex) => (Some(regex), REGEX_GROUPS, false),
                _ => (None, 0, false),
            };
            if let Some(regex) = regex {
                captures.regex = true;
                captures.limit = limit;
                captures.assumed = assumed;
                if let Some(c) = regex.captures(path) {
                    captures.groups = c
                        .iter()
                        .skip(1)
                        .map(|g| g.map_or(String::new(), |g| g.as_str().to_string()))
                        .collect();
                }
            }
        }
        for (n, (name, test)) in self.header_values.iter().enumerate() {
            // Repeated fields read as one, joined with ", " (nginx's `$http_<name>`).
            let mut values = request
                .headers
                .iter()
                .filter(|(h, _)| h.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str());
            let holds = match values.next() {
                None => false,
                Some(first) => {
                    let rest: Vec<&str> = values.collect();
                    if rest.is_empty() {
                        test.holds(first)
                    } else {
                        let mut joined = first.to_string();
                        for v in rest {
                            joined.push_str(", ");
                            joined.push_str(v);
                        }
                        test.holds(&joined)
                    }
                }
            };
            if !holds {
                return Err(Miss::HeaderValue(n));
            }
        }
        for (n, (name, test)) in self.cookie_values.iter().enumerate() {
            let holds = request
                .cookies
                .iter()
                .find(|(c, _)| c == name)
                .is_some_and(|(_, v)| test.holds(v));
            if !holds {
                return Err(Miss::CookieValue(n));
            }
        }
        for (n, (name, values)) in self.headers.iter().enumerate() {
            let ok = request
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .any(|(_, v)| values.iter().any(|want| glob::matches(want, v)));
            if !ok {
                return Err(Miss::Header(n));
            }
        }
        for (n, block) in self.cookies.iter().enumerate() {
            let ok = block.iter().any(|(k, v)| {
                request
                    .cookies
                    .iter()
                    .any(|(n, value)| n == k && glob::matches(v, value))
            });
            if !ok {
                return Err(Miss::Cookie(n));
            }
        }
        for (n, block) in self.queries.iter().enumerate() {
            let ok = block.iter().any(|(k, v)| {
                request
                    .query_params()
                    .any(|(n, value)| n == k && glob::matches(v, value))
            });
            if !ok {
                return Err(Miss::QueryString(n));
            }
        }
        if let Some(methods) = &self.methods
            && !methods.contains(&request.method)
        {
            return Err(Miss::Method);
        }
        if let Some(nets) = &self.source_ips {
            match request.client_ip {
                Some(ip) if nets.iter().any(|n| n.contains(ip)) => {}
                Some(_) => {
                    return Err(Miss::SourceIp {
                        client_ip_known: true,
                    });
                }
                None => {
                    return Err(Miss::SourceIp {
                        client_ip_known: false,
                    });
                }
            }
        }
        Ok(captures)
    }
}

/// An address or CIDR block from a SourceIp condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub(crate) fn parse(s: &str) -> Option<IpNet> {
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.trim().parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(IpNet { addr, prefix })
    }

    pub(crate) fn contains(&self, ip: IpAddr) -> bool {
        // Both families as the top bits of a u128, so one mask of `prefix` leading ones works.
        let bits = |ip: IpAddr| match ip {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)) << 96, true),
            IpAddr::V6(v6) => (u128::from(v6), false),
        };
        let ((net, net_v4), (candidate, candidate_v4)) = (bits(self.addr), bits(ip));
        if net_v4 != candidate_v4 {
            return false;
        }
        let mask = u128::MAX
            .checked_shl(128 - u32::from(self.prefix))
            .unwrap_or(0);
        net & mask == candidate & mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_blocks_contain_their_addresses() {
        let net = IpNet::parse("10.1.0.0/16").unwrap();
        assert!(net.contains("10.1.200.3".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        assert!(
            IpNet::parse("1.2.3.4")
                .unwrap()
                .contains("1.2.3.4".parse().unwrap())
        );
        assert!(
            !IpNet::parse("1.2.3.4")
                .unwrap()
                .contains("1.2.3.5".parse().unwrap())
        );
        assert!(
            IpNet::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
        assert!(
            IpNet::parse("fd00::/8")
                .unwrap()
                .contains("fd12::1".parse().unwrap())
        );
        assert!(
            !IpNet::parse("fd00::/8")
                .unwrap()
                .contains("10.0.0.1".parse().unwrap())
        );
        assert!(IpNet::parse("10.0.0.0/33").is_none());
    }

    #[test]
    fn path_values_become_the_cheapest_matcher() {
        assert!(matches!(PathPattern::parse("/foo"), PathPattern::Exact(_)));
        assert!(matches!(PathPattern::parse("/foo/*"), PathPattern::Prefix(p) if p == "/foo/"));
        assert!(matches!(PathPattern::parse("/f?o/*"), PathPattern::Glob(_)));
        assert!(matches!(
            PathPattern::parse("~*/foo(/|$)(.*)"),
            PathPattern::Regex(_)
        ));
        assert!(matches!(
            PathPattern::parse("~*(?<=x)"),
            PathPattern::Invalid
        ));
        // ALB's `~*` is case-sensitive (docs/alb-regex-case.md).
        assert!(!PathPattern::parse("~*^/API").matches("/api/v1"));
        assert!(PathPattern::parse("~*^/API").matches("/API/v1"));
    }
}
