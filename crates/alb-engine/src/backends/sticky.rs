//! Sticky sessions as data: which cookie pins a client, what its value means, how a new
//! session is placed and how the Set-Cookie reads. One [`StickyPolicy`] describes ALB's
//! `Insert` and `Server` modes and ingress-nginx's cookie affinity alike; the stick-or-re-pick
//! logic that applies it is one code path ([`super::BackendState::select`]):
//!
//! 1. The request's cookie names an endpoint of the group (by token, or by hashing its key
//!    onto the ring) that is healthy: it goes there and no cookie is set.
//! 2. Otherwise (no cookie, an unknown or unhealthy endpoint, or — unless the policy keeps
//!    sessions on failure — an endpoint that already failed this request) a new endpoint is
//!    picked and, when the load balancer owns the cookie, a new cookie is set.
//!
//! **ALB `Insert`** (§6.2): `SERVERID=<token>; Max-Age=<cookie-timeout>; Path=/` and the same
//! token in `SERVERCORSID=<token>; Max-Age=…; Path=/; Secure; SameSite=None`, the companion
//! ALB documents for cross-site requests (browsers accept `SameSite=None` only with `Secure`,
//! so alb adds it, and a browser on plain HTTP drops that one cookie, as it would from the
//! ALB). Either cookie pins the client, `SERVERID` first. The token is opaque, as ALB's is:
//! 32 hex digits of a fixed hash of the endpoint's address, stable across runs and reloads.
//! New sessions go where the group's scheduler sends them.
//!
//! **ALB `Server`**: the backend sets its own cookie and the ALB rewrites it to remember the
//! server. The open-source controller never sends the cookie's name (§2.4), so groups built
//! from annotations have no policy (and a note says so); a caller that knows the name builds
//! [`StickyPolicy::alb_server`]. The rewritten value is `<token>|<original>`
//! ([`StickyPolicy::rewrite_backend_cookie`]); the original goes back to the backend
//! ([`StickyPolicy::original_value`]).
//!
//! **ingress-nginx** ([`NginxAffinity`], from `../shared/reference/ingress-nginx-sticky-sessions.txt`
//! and its Lua balancer): cookie `INGRESSCOOKIE` (configurable) valued
//! `<key>|<backend key>`; `balanced` keys are random and mapped onto the endpoints by
//! consistent hashing (so scaling moves some sessions), `persistent` keys name the endpoint
//! (a new session goes to a random one); `change-on-failure` decides whether a retry leaves
//! the pinned endpoint; the canary behaviour decides whether canary targets pin too.

use crate::route::Request;

/// ALB `Insert` cookie names.
pub const SERVERID: &str = "SERVERID";
pub const SERVERCORSID: &str = "SERVERCORSID";
/// ingress-nginx's default affinity cookie.
pub const INGRESSCOOKIE: &str = "INGRESSCOOKIE";

/// Separates the session key from what follows it in a cookie value: ingress-nginx's backend
/// key, or the backend's own value in ALB `Server` mode.
const DELIMITER: char = '|';

/// Who writes the cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CookieOwner {
    /// The load balancer sets it (ALB `Insert`, ingress-nginx).
    Balancer,
    /// The backend sets it and the load balancer rewrites it on the way out (ALB `Server`).
    Backend,
}

/// What a cookie's session key means and how a new session is placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Binding {
    /// The key is the endpoint's token; new sessions go where the scheduler sends them
    /// (ALB).
    TokenScheduled,
    /// The key is the endpoint's token; new sessions go to a random healthy endpoint
    /// (ingress-nginx `persistent`).
    TokenRandom,
    /// The key is random and its place on the hash ring is the endpoint (ingress-nginx
    /// `balanced`): scaling moves about 1/N of the sessions without a new cookie.
    HashedKey,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CookiePath {
    Fixed(String),
    /// The path of the rule that matched (ingress-nginx's default).
    Location,
}

/// The attributes of a Set-Cookie, rendered as
/// `Expires; Max-Age; Domain; Path; Secure; HttpOnly; SameSite` (lua-resty-cookie's order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieAttributes {
    pub path: CookiePath,
    pub domain: Option<String>,
    pub max_age: Option<i64>,
    /// Seconds after now for `Expires` (ingress-nginx's legacy `session-cookie-expires`);
    /// rendered only when the caller gives the wall-clock time.
    pub expires_after: Option<i64>,
    /// `None`, `Lax` or `Strict`.
    pub same_site: Option<String>,
    /// Leave `SameSite=None` out for browsers known to reject it.
    pub same_site_none_if_supported: bool,
    /// `None`: Secure when the request came over HTTPS.
    pub secure: Option<bool>,
    pub http_only: bool,
}

impl Default for CookieAttributes {
    fn default() -> CookieAttributes {
        CookieAttributes {
            path: CookiePath::Fixed("/".to_string()),
            domain: None,
            max_age: None,
            expires_after: None,
            same_site: None,
            same_site_none_if_supported: false,
            secure: Some(false),
            http_only: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieSpec {
    pub name: String,
    pub attributes: CookieAttributes,
}

/// What the request contributes to a Set-Cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CookieContext<'a> {
    pub https: bool,
    pub user_agent: Option<&'a str>,
    /// The matched rule's path, for [`CookiePath::Location`].
    pub location_path: &'a str,
    /// Wall-clock seconds since the Unix epoch, for `Expires`.
    pub unix_time: Option<u64>,
}

/// How one server group pins clients. See the module docs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyPolicy {
    /// Written together with the same value; the first one the request carries is read.
    pub cookies: Vec<CookieSpec>,
    pub owner: CookieOwner,
    pub binding: Binding,
    /// Mixed into endpoint tokens.
    pub salt: String,
    /// Appended to the value after `|` (ingress-nginx); a request carrying it is
    /// [affinitized](StickyPolicy::affinitized) to this group.
    pub backend_key: Option<String>,
    /// On a retry, stay on the pinned endpoint even though it just failed (ingress-nginx
    /// without `change-on-failure`). Unhealthy endpoints are left either way.
    pub keep_on_failure: bool,
}

impl StickyPolicy {
    /// ALB `Insert` with `cookie-timeout` seconds (clamped to the API's 1–86400).
    pub fn alb_insert(timeout_s: i64) -> StickyPolicy {
        let timeout = timeout_s.clamp(1, 86_400);
        let serverid = CookieAttributes {
            max_age: Some(timeout),
            ..CookieAttributes::default()
        };
        let cors = CookieAttributes {
            same_site: Some("None".to_string()),
            secure: Some(true),
            ..serverid.clone()
        };
        StickyPolicy {
            cookies: vec![
                CookieSpec {
                    name: SERVERID.to_string(),
                    attributes: serverid,
                },
                CookieSpec {
                    name: SERVERCORSID.to_string(),
                    attributes: cors,
                },
            ],
            owner: CookieOwner::Balancer,
            binding: Binding::TokenScheduled,
            salt: String::new(),
            backend_key: None,
            keep_on_failure: false,
        }
    }

    /// ALB `Server` mode on the backend's cookie `name`.
    pub fn alb_server(name: &str) -> StickyPolicy {
        StickyPolicy {
            cookies: vec![CookieSpec {
                name: name.to_string(),
                attributes: CookieAttributes::default(),
            }],
            owner: CookieOwner::Backend,
            binding: Binding::TokenScheduled,
            salt: String::new(),
            backend_key: None,
            keep_on_failure: false,
        }
    }

    /// The first cookie's name.
    pub fn name(&self) -> &str {
        self.cookies.first().map_or("", |c| c.name.as_str())
    }

    /// The cookie the request carries for this policy and its session key (the value up to
    /// `|`). An empty key counts as no cookie.
    pub fn session<'p, 'r>(&'p self, request: &'r Request) -> Option<(&'p str, &'r str)> {
        self.cookies.iter().find_map(|c| {
            let value = request.cookie(&c.name)?;
            let key = value.split(DELIMITER).next().unwrap_or("");
            (!key.is_empty()).then_some((c.name.as_str(), key))
        })
    }

    /// The request's cookie carries this group's backend key: ingress-nginx keeps such a
    /// request on this group instead of rolling the canary split.
    pub fn affinitized(&self, request: &Request) -> bool {
        let Some(backend_key) = &self.backend_key else {
            return false;
        };
        self.cookies.iter().any(|c| {
            request
                .cookie(&c.name)
                .and_then(|v| v.split(DELIMITER).nth(1))
                == Some(backend_key.as_str())
        })
    }

    /// The endpoint's token under this policy's salt.
    pub fn token(&self, address: &str) -> String {
        endpoint_token(&self.salt, address)
    }

    /// The cookie value for a session key.
    pub fn cookie_value(&self, key: &str) -> String {
        match &self.backend_key {
            Some(b) => format!("{key}{DELIMITER}{b}"),
            None => key.to_string(),
        }
    }

    /// The Set-Cookie values the load balancer adds for a new session `key`; none when the
    /// backend owns the cookie.
    pub fn set_cookies(&self, key: &str, ctx: &CookieContext<'_>) -> Vec<String> {
        if self.owner == CookieOwner::Backend {
            return Vec::new();
        }
        let value = self.cookie_value(key);
        self.cookies
            .iter()
            .map(|c| render(&c.name, &value, &c.attributes, ctx))
            .collect()
    }

    /// ALB `Server` mode, on the response: the backend's `Set-Cookie` for this policy's
    /// cookie, with the value prefixed by the endpoint's token. `None` for other cookies.
    pub fn rewrite_backend_cookie(&self, set_cookie: &str, address: &str) -> Option<String> {
        let (pair, attributes) = match set_cookie.split_once(';') {
            Some((pair, rest)) => (pair, Some(rest)),
            None => (set_cookie, None),
        };
        let (name, value) = pair.split_once('=')?;
        let name = name.trim();
        if self.owner != CookieOwner::Backend || !self.cookies.iter().any(|c| c.name == name) {
            return None;
        }
        let mut out = format!("{name}={}{DELIMITER}{}", self.token(address), value.trim());
        if let Some(rest) = attributes {
            out.push(';');
            out.push_str(rest);
        }
        Some(out)
    }

    /// ALB `Server` mode, on the request: the value the backend set, without the token the
    /// load balancer added.
    pub fn original_value<'v>(&self, value: &'v str) -> &'v str {
        value.split_once(DELIMITER).map_or(value, |(_, v)| v)
    }
}

pub use crate::digest::{backend_key, endpoint_token};

fn render(name: &str, value: &str, a: &CookieAttributes, ctx: &CookieContext<'_>) -> String {
    let mut out = format!("{name}={value}");
    if let (Some(after), Some(now)) = (a.expires_after, ctx.unix_time) {
        let at = now.saturating_add_signed(after);
        out.push_str(&format!("; Expires={}", cookie_time(at)));
    }
    if let Some(max_age) = a.max_age {
        out.push_str(&format!("; Max-Age={max_age}"));
    }
    if let Some(domain) = &a.domain {
        out.push_str(&format!("; Domain={domain}"));
    }
    let path = match &a.path {
        CookiePath::Fixed(p) => p.as_str(),
        CookiePath::Location => ctx.location_path,
    };
    if !path.is_empty() {
        out.push_str(&format!("; Path={path}"));
    }
    if a.secure.unwrap_or(ctx.https) {
        out.push_str("; Secure");
    }
    if a.http_only {
        out.push_str("; HttpOnly");
    }
    if let Some(same_site) = &a.same_site {
        let omit = a.same_site_none_if_supported
            && same_site == "None"
            && !ctx.user_agent.is_none_or(same_site_none_compatible);
        if !omit {
            out.push_str(&format!("; SameSite={same_site}"));
        }
    }
    out
}

/// nginx's cookie date, `Sun, 12-Feb-17 14:11:12 GMT` (four-digit years after 2037).
pub fn cookie_time(unix: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    let (year, month, day) = civil_from_days(days);
    let year = if year > 2037 { year } else { year % 100 };
    format!(
        "{}, {day:02}-{}-{year:02} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[month as usize - 1],
        secs / 3_600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Days since 1970-01-01 → (year, month 1–12, day 1–31), Howard Hinnant's algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// ingress-nginx's list of user agents that reject `SameSite=None` (Chrome 4x–6x, iOS 12,
/// Safari on macOS 10.14).
pub fn same_site_none_compatible(user_agent: &str) -> bool {
    let has = |s: &str| user_agent.contains(s);
    !(has("Chrome/4")
        || has("Chrome/5")
        || has("Chrome/6")
        || has("CPU iPhone OS 12")
        || has("iPad; CPU OS 12")
        || (has("Macintosh") && has("Intel Mac OS X 10_14") && has("Safari") && !has("Chrome")))
}

/// ingress-nginx `affinity-mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AffinityMode {
    #[default]
    Balanced,
    Persistent,
}

/// ingress-nginx `affinity-canary-behavior`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CanaryBehavior {
    /// Canaries get the main Ingress's affinity: a client pinned to the canary stays there.
    #[default]
    Sticky,
    /// Canaries have no affinity: every request without a main-backend cookie rolls the
    /// split again, and the canary sets no cookie.
    Legacy,
}

/// ingress-nginx's cookie affinity (`affinity: cookie` and the `session-cookie-*`
/// annotations), ready for the nginx dialect to fill from its annotation view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NginxAffinity {
    /// `session-cookie-name`.
    pub cookie_name: String,
    /// `session-cookie-path`; `None`: the matched path.
    pub path: Option<String>,
    pub domain: Option<String>,
    /// `session-cookie-samesite`.
    pub same_site: Option<String>,
    /// `session-cookie-conditional-samesite-none`.
    pub conditional_same_site_none: bool,
    /// `session-cookie-secure`; `None`: Secure on HTTPS requests.
    pub secure: Option<bool>,
    /// `session-cookie-max-age`.
    pub max_age: Option<i64>,
    /// `session-cookie-expires`.
    pub expires: Option<i64>,
    /// `session-cookie-change-on-failure`.
    pub change_on_failure: bool,
    pub mode: AffinityMode,
    pub canary_behavior: CanaryBehavior,
}

impl Default for NginxAffinity {
    fn default() -> NginxAffinity {
        NginxAffinity {
            cookie_name: INGRESSCOOKIE.to_string(),
            path: None,
            domain: None,
            same_site: None,
            conditional_same_site_none: false,
            secure: None,
            max_age: None,
            expires: None,
            change_on_failure: false,
            mode: AffinityMode::Balanced,
            canary_behavior: CanaryBehavior::Sticky,
        }
    }
}

impl From<&crate::annotations::nginx::CookieAffinity> for NginxAffinity {
    fn from(a: &crate::annotations::nginx::CookieAffinity) -> NginxAffinity {
        NginxAffinity {
            cookie_name: a.cookie_name.clone(),
            path: a.path.clone(),
            domain: a.domain.clone(),
            // lua-resty-cookie writes only these spellings; `lax` passes ingress-nginx's
            // validation and is then dropped with a warning.
            same_site: a
                .same_site
                .clone()
                .filter(|v| ["None", "Lax", "Strict"].contains(&v.as_str())),
            conditional_same_site_none: a.conditional_same_site_none,
            secure: a.secure,
            max_age: a.max_age,
            expires: a.expires,
            change_on_failure: a.change_on_failure,
            mode: if a.persistent {
                AffinityMode::Persistent
            } else {
                AffinityMode::Balanced
            },
            canary_behavior: if a.legacy_canary {
                CanaryBehavior::Legacy
            } else {
                CanaryBehavior::Sticky
            },
        }
    }
}

impl NginxAffinity {
    /// The policy of the upstream `upstream` (`<namespace>-<service>-<port>`). A canary
    /// upstream takes the main Ingress's affinity (pass the main Ingress's settings) under
    /// `sticky`, and none under `legacy`.
    pub fn policy(&self, upstream: &str, canary: bool) -> Option<StickyPolicy> {
        if canary && self.canary_behavior == CanaryBehavior::Legacy {
            return None;
        }
        Some(StickyPolicy {
            cookies: vec![CookieSpec {
                name: self.cookie_name.clone(),
                attributes: CookieAttributes {
                    path: self
                        .path
                        .clone()
                        .map_or(CookiePath::Location, CookiePath::Fixed),
                    domain: self.domain.clone(),
                    max_age: self.max_age,
                    expires_after: self.expires,
                    same_site: self.same_site.clone(),
                    same_site_none_if_supported: self.conditional_same_site_none,
                    secure: self.secure,
                    http_only: true,
                },
            }],
            owner: CookieOwner::Balancer,
            binding: match self.mode {
                AffinityMode::Balanced => Binding::HashedKey,
                AffinityMode::Persistent => Binding::TokenRandom,
            },
            salt: upstream.to_string(),
            backend_key: Some(backend_key(upstream)),
            keep_on_failure: !self.change_on_failure,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> CookieContext<'static> {
        CookieContext {
            https: false,
            user_agent: None,
            location_path: "/shop",
            unix_time: None,
        }
    }

    fn request(cookies: &str) -> Request {
        let mut r = Request::from_url("http://demo.example.com/").unwrap();
        if !cookies.is_empty() {
            r.add_cookies(cookies).unwrap();
        }
        r
    }

    #[test]
    fn alb_insert_cookies() {
        let p = StickyPolicy::alb_insert(1000);
        let token = p.token("10.0.0.1:8080");
        assert_eq!(token.len(), 32);
        assert_eq!(token, endpoint_token("", "10.0.0.1:8080"));
        assert_ne!(token, p.token("10.0.0.2:8080"));
        assert_eq!(
            p.set_cookies(&token, &ctx()),
            [
                format!("SERVERID={token}; Max-Age=1000; Path=/"),
                format!("SERVERCORSID={token}; Max-Age=1000; Path=/; Secure; SameSite=None"),
            ]
        );
        assert_eq!(
            p.session(&request("SERVERID=abc")),
            Some(("SERVERID", "abc"))
        );
        assert_eq!(
            p.session(&request("SERVERCORSID=def")),
            Some(("SERVERCORSID", "def"))
        );
        assert_eq!(p.session(&request("SERVERID=")), None);
        assert!(!p.affinitized(&request("SERVERID=abc")));
        assert_eq!(
            StickyPolicy::alb_insert(0).cookies[0].attributes.max_age,
            Some(1)
        );
    }

    #[test]
    fn alb_server_rewrites_the_backends_cookie() {
        let p = StickyPolicy::alb_server("JSESSIONID");
        assert!(p.set_cookies("x", &ctx()).is_empty());
        let token = p.token("10.0.0.1:8080");
        assert_eq!(
            p.rewrite_backend_cookie("JSESSIONID=abc; Path=/; HttpOnly", "10.0.0.1:8080"),
            Some(format!("JSESSIONID={token}|abc; Path=/; HttpOnly"))
        );
        assert_eq!(p.rewrite_backend_cookie("other=1", "10.0.0.1:8080"), None);
        let value = format!("{token}|abc");
        assert_eq!(p.original_value(&value), "abc");
        let r = request(&format!("JSESSIONID={value}"));
        assert_eq!(p.session(&r), Some(("JSESSIONID", token.as_str())));
    }

    #[test]
    fn nginx_cookie_attributes() {
        let affinity = NginxAffinity {
            max_age: Some(172_800),
            expires: Some(172_800),
            ..NginxAffinity::default()
        };
        let p = affinity.policy("default-web-80", false).unwrap();
        let ctx = CookieContext {
            unix_time: Some(1_486_735_872), // Fri, 10 Feb 2017 14:11:12 GMT
            ..ctx()
        };
        let key = p.backend_key.clone().unwrap();
        // The reference's example, with alb's key and backend key.
        assert_eq!(
            p.set_cookies("k1", &ctx),
            [format!(
                "INGRESSCOOKIE=k1|{key}; Expires=Sun, 12-Feb-17 14:11:12 GMT; Max-Age=172800; Path=/shop; HttpOnly"
            )]
        );
        // No wall clock: no Expires.
        assert!(!p.set_cookies("k1", &self::ctx())[0].contains("Expires"));

        let affinity = NginxAffinity {
            cookie_name: "route".into(),
            path: Some("/".into()),
            domain: Some("example.com".into()),
            same_site: Some("None".into()),
            conditional_same_site_none: true,
            ..NginxAffinity::default()
        };
        let p = affinity.policy("default-web-80", false).unwrap();
        let https = CookieContext {
            https: true,
            user_agent: Some("Mozilla/5.0 Chrome/120.0"),
            ..self::ctx()
        };
        assert_eq!(
            p.set_cookies("k", &https)[0],
            format!(
                "route=k|{}; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=None",
                p.backend_key.as_ref().unwrap()
            )
        );
        let old = CookieContext {
            user_agent: Some("Mozilla/5.0 (iPhone; CPU iPhone OS 12_0 like Mac OS X)"),
            ..https
        };
        assert!(!p.set_cookies("k", &old)[0].contains("SameSite"));
    }

    #[test]
    fn nginx_modes_canaries_and_affinity() {
        let affinity = NginxAffinity::default();
        let main = affinity.policy("default-web-80", false).unwrap();
        assert_eq!(main.binding, Binding::HashedKey);
        assert!(main.keep_on_failure);
        let canary = affinity.policy("default-web-canary-80", true).unwrap();
        assert_ne!(main.backend_key, canary.backend_key);
        let r = request(&format!(
            "INGRESSCOOKIE=k|{}",
            canary.backend_key.as_ref().unwrap()
        ));
        assert!(canary.affinitized(&r) && !main.affinitized(&r));
        assert_eq!(main.session(&r), Some(("INGRESSCOOKIE", "k")));

        let legacy = NginxAffinity {
            canary_behavior: CanaryBehavior::Legacy,
            mode: AffinityMode::Persistent,
            change_on_failure: true,
            ..NginxAffinity::default()
        };
        assert!(legacy.policy("default-web-canary-80", true).is_none());
        let main = legacy.policy("default-web-80", false).unwrap();
        assert_eq!(main.binding, Binding::TokenRandom);
        assert!(!main.keep_on_failure);
        assert_eq!(
            main.token("10.0.0.1:80"),
            endpoint_token("default-web-80", "10.0.0.1:80")
        );
    }

    #[test]
    fn cookie_dates() {
        assert_eq!(cookie_time(0), "Thu, 01-Jan-70 00:00:00 GMT");
        assert_eq!(cookie_time(1_486_908_672), "Sun, 12-Feb-17 14:11:12 GMT");
        assert_eq!(cookie_time(2_214_172_800), "Thu, 01-Mar-2040 00:00:00 GMT");
    }

    #[test]
    fn same_site_none_incompatible_agents() {
        assert!(!same_site_none_compatible("Mozilla/5.0 Chrome/65.0.3325"));
        assert!(!same_site_none_compatible(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit Version/12.1 Safari/605"
        ));
        assert!(same_site_none_compatible(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) Chrome/120.0 Safari/537"
        ));
        assert!(same_site_none_compatible("curl/8.0"));
    }
}
