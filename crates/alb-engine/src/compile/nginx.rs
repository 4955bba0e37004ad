//! The ingress-nginx front-end: its Ingresses into the one route table, in the order nginx
//! finds a location, so that first match over the table is ingress-nginx's choice
//! (`docs/ingress-nginx-semantics.md` §3–§10, the algorithm of §7).
//!
//! Per host (an nginx `server`): the paths of every Ingress merged into one location list
//! (§4.1), sorted longest first (§4.2), Prefix paths split into `/p/` and `= /p` (§4.3). The
//! host becomes a regex host — every location a case-insensitive `^path` regex, first match
//! in list order — as soon as one of its Ingresses has `use-regex` or a `rewrite-target`
//! (§4.4). Otherwise the table holds exact locations first, then nginx's trailing-slash
//! redirects, then prefixes longest first (§7.2). Each host ends with its root location (the
//! default backend: 404), so a request never falls through to another host's rules: exact
//! hosts come first, then `*.` hosts, then the host-less rules (nginx's `_` server).
//!
//! A location's canary is a few rules before its own (header, cookie, then the weight split
//! in its forward, §10.2); its redirects are actions (§8).

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::albconfig::AttachmentBasis;
use super::rule::*;
use super::{BackendSettings, Group, Note, RouteTable};
use crate::annotations::nginx::{CookieAffinity, NginxAnnotations, NginxCanary, parse_nginx};
use crate::annotations::{BackendProtocol, HealthCheck, Scheduler};
use crate::digest::backend_key;
use crate::manifest::{Backend, Ingress, Manifest, PathType, PortRef};
use crate::ownership::{Controller, Ownership};
use crate::source::Span;

const HTTP_80: ListenerKey = ListenerKey {
    port: 80,
    protocol: Protocol::Http,
};
const HTTPS_443: ListenerKey = ListenerKey {
    port: 443,
    protocol: Protocol::Https,
};

/// The Ingress key shown for the `_` server's root location, which no Ingress configures.
pub const DEFAULT_SERVER: &str = "(default backend)";

/// An nginx Ingress with its annotations read.
struct NginxIngress<'m> {
    index: usize,
    ingress: &'m Ingress,
    key: String,
    annotations: NginxAnnotations,
}

/// One location of a host, before rendering.
#[derive(Clone)]
struct Location<'m> {
    path: String,
    exact: bool,
    /// The host's root `/` that no Ingress path replaced: the default backend.
    default: bool,
    member: Option<&'m NginxIngress<'m>>,
    backend: Option<ServiceTarget>,
    /// Positions of the path in its Ingress, and its span.
    rule_index: usize,
    path_index: usize,
    path_type: PathType,
    written: String,
    span: Span,
}

impl Location<'_> {
    fn needs_rewrite(&self) -> bool {
        self.member.is_some_and(|m| {
            let target = &m.annotations.rewrite_target;
            !target.is_empty() && *target != self.path
        })
    }

    fn regex(&self) -> bool {
        self.member.is_some_and(|m| m.annotations.use_regex) || self.needs_rewrite()
    }
}

/// A host's server: its locations and whether a TLS section names it.
struct Server<'m> {
    locations: Vec<Location<'m>>,
    tls: bool,
}

fn target(member: &NginxIngress<'_>, backend: &Backend) -> Option<ServiceTarget> {
    let service = backend.service.as_ref()?;
    Some(ServiceTarget {
        namespace: member.ingress.meta.namespace().to_string(),
        service: service.name.value.clone(),
        port: match &service.port {
            Some(PortRef::Number(n)) => n.value,
            _ => 0,
        },
    })
}

/// The Ingresses `include` selects, in ingress-nginx's order: creation time, then
/// `namespace/name` descending (§1 step 2).
fn ordered<'m>(manifest: &'m Manifest, include: impl Fn(usize) -> bool) -> Vec<NginxIngress<'m>> {
    let mut members: Vec<NginxIngress<'m>> = manifest
        .ingresses
        .iter()
        .enumerate()
        .filter(|&(i, _)| include(i))
        .map(|(index, ingress)| NginxIngress {
            index,
            ingress,
            key: ingress.meta.key(),
            annotations: parse_nginx(&ingress.meta),
        })
        .collect();
    members.sort_by(|a, b| nginx_order(a.ingress, b.ingress));
    members
}

/// The nginx server a rule's host goes to: the host in lower case, `_` (the catch-all) for
/// none or an empty one (§3).
pub fn server_name(host: Option<&str>) -> String {
    match host {
        None | Some("") => "_".to_string(),
        Some(h) => h.to_ascii_lowercase(),
    }
}

/// ingress-nginx's order of Ingresses (§1 step 2): `metadata.creationTimestamp` ascending,
/// then `namespace/name` descending. "First" (older) wins a host and path.
pub fn nginx_order(a: &Ingress, b: &Ingress) -> std::cmp::Ordering {
    let created = |i: &Ingress| {
        i.meta
            .creation_timestamp
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default()
    };
    created(a)
        .cmp(&created(b))
        .then_with(|| b.meta.key().cmp(&a.meta.key()))
}

/// ingress-nginx's Ingresses of `manifest` (those `ownership` says it simulates) into a table
/// of one group, listening on 80/HTTP and 443/HTTPS.
pub fn compile_nginx(manifest: &Manifest, ownership: &Ownership) -> RouteTable {
    let mut table = RouteTable {
        skipped: ownership.skipped(manifest, |i| ownership.is_simulated(i), Controller::routed),
        ..RouteTable::default()
    };
    let members = ordered(manifest, |i| ownership.is_simulated(i));
    if members.is_empty() {
        return table;
    }
    let canaries: Vec<&NginxIngress<'_>> = members
        .iter()
        .filter(|m| m.annotations.canary.is_some())
        .collect();
    for member in &members {
        let a = &member.annotations;
        let mut note = |message: String| {
            table.notes.push(Note {
                ingress: member.index,
                span: member.ingress.meta.name.span,
                message,
            })
        };
        let protocol = match a.backend_protocol.as_str() {
            "HTTPS" => BackendProtocol::Https,
            "GRPC" => BackendProtocol::Grpc,
            "HTTP" | "AUTO_HTTP" => BackendProtocol::Http,
            other => {
                note(format!(
                    "backend-protocol {other} is not simulated: alb talks HTTP to the backends"
                ));
                BackendProtocol::Http
            }
        };
        // upstream-hash-by: the keys alb can hash on; load-balance: round robin.
        let (scheduler, uch_value) = match a.upstream_hash_by.as_str() {
            "" => (Scheduler::Wrr, None),
            "$remote_addr" | "$binary_remote_addr" => (Scheduler::Sch, None),
            key if key.starts_with("$arg_") => (Scheduler::Uch, Some(key[5..].to_string())),
            key => {
                note(format!(
                    "upstream-hash-by `{key}` is not simulated (alb hashes the client address or a query argument): requests are balanced round robin"
                ));
                (Scheduler::Wrr, None)
            }
        };
        if !matches!(a.load_balance.as_str(), "" | "round_robin") && a.upstream_hash_by.is_empty() {
            note(format!(
                "load-balance `{}` is not simulated: requests are balanced round robin",
                a.load_balance
            ));
        }
        table.backends.insert(
            member.key.clone(),
            BackendSettings {
                protocol,
                // ingress-nginx keeps upstream connections alive (`upstream-keepalive-*`).
                keepalive: true,
                scheduler,
                uch_value,
                sticky: None,
                health_check: HealthCheck::default(),
                affinity: a.affinity.clone(),
                affinity_canary: false,
                read_timeout: a.proxy_read_timeout.map(std::time::Duration::from_secs),
            },
        );
    }

    let servers = build_servers(&members);

    // §10.1: a canary attaches to its primary Service's upstream (the first canary per
    // upstream wins).
    let mut canary_of: BTreeMap<ServiceTarget, CanaryOf<'_>> = BTreeMap::new();
    for &member in &canaries {
        let Some(policy) = &member.annotations.canary else {
            continue;
        };
        for rule in &member.ingress.rules {
            let host = server_name(rule.host.as_ref().map(|h| h.value.as_str()));
            let Some(server) = servers.get(&host) else {
                continue;
            };
            for path in rule.paths.iter().flatten() {
                let Some(canary) = path.backend.as_ref().and_then(|b| target(member, b)) else {
                    continue;
                };
                let nginx_path = if path.path().is_empty() {
                    "/"
                } else {
                    path.path()
                };
                let exact = path.path_type() == PathType::Exact;
                if server
                    .locations
                    .iter()
                    .any(|l| l.backend.as_ref() == Some(&canary))
                {
                    continue;
                }
                let Some(primary) = server
                    .locations
                    .iter()
                    .find(|l| l.path == nginx_path && l.exact == exact && !l.default)
                    .and_then(|l| l.backend.clone())
                else {
                    continue;
                };
                // §10.1, §11.6: the canary upstream takes its main Ingress's affinity.
                let main_affinity = server
                    .locations
                    .iter()
                    .find(|l| l.backend.as_ref() == Some(&primary))
                    .and_then(|l| l.member)
                    .and_then(|m| m.annotations.affinity.clone())
                    .map(|a| CookieAffinity {
                        // The canary Ingress's own word on whether it takes the affinity.
                        legacy_canary: member.annotations.legacy_canary,
                        ..a
                    });
                if let Some(settings) = table.backends.get_mut(&member.key) {
                    settings.affinity = main_affinity;
                    settings.affinity_canary = true;
                }
                canary_of.entry(primary).or_insert_with(|| CanaryOf {
                    target: canary,
                    policy,
                    key: member.key.clone(),
                    legacy: member.annotations.legacy_canary,
                });
            }
        }
    }

    let mut rules_http = Vec::new();
    let mut rules_https = Vec::new();
    // Exact hosts, then `*.` hosts, then `_`: each host's list ends with its catch-all root.
    let mut hosts: Vec<&String> = servers.keys().collect();
    hosts.sort_by_key(|h| (*h == "_", h.starts_with("*."), *h));
    for host in hosts {
        let Some(server) = servers.get(host) else {
            continue;
        };
        let host_match = if host == "_" {
            None
        } else if let Some(suffix) = host.strip_prefix('*') {
            Some(Match::Host(HostMatch::OneLabel {
                suffix: suffix.to_string(),
            }))
        } else {
            Some(Match::Host(HostMatch::Exact(host.clone())))
        };
        let entries = rendered(&server.locations);
        let regex_host = entries.iter().any(|e| e.location.regex());
        let ctx = HostContext {
            host: if host == "_" { "" } else { host },
            host_match,
            tls: server.tls,
            canary_of: &canary_of,
        };
        // §8: a server-level `if ($uri = /)` for app-root, before any location.
        if let Some((app_root, location)) = entries
            .iter()
            .find_map(|e| Some((e.location.member?.annotations.app_root.clone()?, e.location)))
        {
            let action = Action::Return {
                code: 302,
                target: RedirectTarget::Request {
                    scheme: None,
                    host_as_sent: true,
                    path: Some(app_root),
                    query: false,
                    strip_trailing_slash: false,
                },
            };
            for rules in [&mut rules_http, &mut rules_https] {
                rules.push(ctx.rule(
                    location,
                    PathMatch::Exact("/".to_string()),
                    vec![],
                    vec![action.clone()],
                    None,
                ));
            }
        }
        if regex_host {
            for e in &entries {
                let pattern = PathMatch::Regex {
                    pattern: format!("^{}", e.path),
                    case_insensitive: true,
                };
                ctx.route(e.location, pattern, &mut rules_http, &mut rules_https);
            }
        } else {
            for e in entries.iter().filter(|e| e.exact) {
                ctx.route(
                    e.location,
                    PathMatch::Exact(e.path.clone()),
                    &mut rules_http,
                    &mut rules_https,
                );
            }
            // §6: a location ending in `/` answers its path without the `/` with 301.
            for e in entries
                .iter()
                .filter(|e| e.path.len() > 1 && e.path.ends_with('/'))
            {
                let action = Action::Return {
                    code: 301,
                    target: RedirectTarget::Request {
                        scheme: None,
                        host_as_sent: false,
                        path: Some(e.path.clone()),
                        query: true,
                        strip_trailing_slash: false,
                    },
                };
                let bare = e.path.trim_end_matches('/').to_string();
                if entries.iter().any(|x| x.exact && x.path == bare) {
                    continue;
                }
                for rules in [&mut rules_http, &mut rules_https] {
                    rules.push(ctx.rule(
                        e.location,
                        PathMatch::Exact(bare.clone()),
                        vec![],
                        vec![action.clone()],
                        None,
                    ));
                }
            }
            let mut prefixes: Vec<&Entry<'_>> = entries.iter().filter(|e| !e.exact).collect();
            prefixes.sort_by_key(|e| Reverse(e.path.len()));
            for e in prefixes {
                ctx.route(
                    e.location,
                    PathMatch::Prefix(e.path.clone()),
                    &mut rules_http,
                    &mut rules_https,
                );
            }
        }
    }
    for (i, rule) in rules_http.iter_mut().enumerate() {
        rule.priority = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    for (i, rule) in rules_https.iter_mut().enumerate() {
        rule.priority = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    let listener = |key, rules| Listener {
        key,
        span: None,
        timeouts: ListenerTimeouts::default(),
        rules,
    };
    table.groups.push(Group {
        name: "ingress-nginx".to_string(),
        alb_config: None,
        listeners: vec![
            listener(HTTP_80, rules_http),
            listener(HTTPS_443, rules_https),
        ],
        members: members
            .iter()
            .map(|m| super::Member {
                ingress: m.index,
                key: m.key.clone(),
                order: 0,
                wanted: vec![HTTP_80, HTTPS_443],
                attachment: AttachmentBasis::IngressClass {
                    class: m
                        .ingress
                        .class_name
                        .as_ref()
                        .map_or("nginx".to_string(), |c| c.value.clone()),
                },
            })
            .collect(),
        normalization: PathNormalization::Nginx,
    });
    table
}

/// §3, §4.1: the servers of the non-canary `members` (in ingress-nginx's order) and their
/// location lists, merged in Ingress order; `_` always exists.
fn build_servers<'a>(members: &'a [NginxIngress<'a>]) -> BTreeMap<String, Server<'a>> {
    let primaries = members.iter().filter(|m| m.annotations.canary.is_none());
    let mut servers: BTreeMap<String, Server<'_>> = BTreeMap::new();
    let root =
        |member: Option<&NginxIngress<'_>>, backend: Option<ServiceTarget>, span: Span| Location {
            path: "/".to_string(),
            exact: false,
            default: true,
            member: None,
            backend,
            rule_index: 0,
            path_index: 0,
            path_type: PathType::Prefix,
            written: "/".to_string(),
            span: member.map_or(span, |m| m.ingress.meta.name.span),
        };
    let first_span = members
        .first()
        .map_or_else(Span::default, |m| m.ingress.meta.span);
    servers.insert(
        "_".to_string(),
        Server {
            locations: vec![root(None, None, first_span)],
            tls: false,
        },
    );
    let mut default_taken = false;
    for member in primaries {
        let ingress = member.ingress;
        if ingress.rules.is_empty() {
            // §3: an Ingress without rules points the `_` server's root at its default backend.
            if let Some(backend) = ingress
                .default_backend
                .as_ref()
                .and_then(|b| target(member, b))
                && !default_taken
                && let Some(server) = servers.get_mut("_")
                && let Some(root) = server.locations.first_mut()
            {
                root.backend = Some(backend);
                default_taken = true;
            }
            continue;
        }
        for (rule_index, rule) in ingress.rules.iter().enumerate() {
            let host = server_name(rule.host.as_ref().map(|h| h.value.as_str()));
            let tls = !ingress.tls.is_empty() && host != "_";
            let server = servers.entry(host.clone()).or_insert_with(|| {
                let backend = ingress
                    .default_backend
                    .as_ref()
                    .and_then(|b| target(member, b));
                let mut location = root(Some(member), backend, rule.span);
                location.member = Some(member);
                Server {
                    locations: vec![location],
                    tls: false,
                }
            });
            server.tls |= tls;
            for (path_index, path) in rule.paths.iter().flatten().enumerate() {
                let Some(backend) = path.backend.as_ref().and_then(|b| target(member, b)) else {
                    continue;
                };
                let written = path.path().to_string();
                let nginx_path = if written.is_empty() {
                    "/".to_string()
                } else {
                    written.clone()
                };
                let exact = path.path_type() == PathType::Exact;
                let location = Location {
                    path: nginx_path.clone(),
                    exact,
                    default: false,
                    member: Some(member),
                    backend: Some(backend),
                    rule_index,
                    path_index,
                    path_type: path.path_type(),
                    written,
                    span: path.span,
                };
                match server.locations.iter_mut().find(|l| l.path == nginx_path) {
                    // Same path, other type: both stay (Exact and Prefix `/a`).
                    Some(l) if l.exact != exact => server.locations.push(location),
                    // The host's root, still the default: this path takes it over.
                    Some(l) if l.default => *l = location,
                    // Same path and type: the first Ingress keeps it.
                    Some(_) => {}
                    None => server.locations.push(location),
                }
            }
        }
    }

    servers
}

/// A location as nginx holds it after §4.3's split: its path and whether it is exact.
struct Entry<'l> {
    path: String,
    exact: bool,
    location: &'l Location<'l>,
    /// The position of `location` in its server's list.
    index: usize,
}

/// One nginx `server` as ingress-nginx lays it out (§3, §4), for the lint rules that check
/// what the route table cannot show: duplicate locations, host-wide regex, host-less rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NginxServer {
    /// Lower case; `_` for the catch-all server of the host-less rules.
    pub host: String,
    /// Every location is a case-insensitive `^path` regex (§4.4).
    pub regex: bool,
    /// The merged list (§4.1), in the order locations were added; the first is the root.
    pub locations: Vec<NginxLocation>,
    /// After the sort and the Prefix split (§4.2, §4.3), in nginx's order.
    pub rendered: Vec<RenderedLocation>,
}

/// A location of the merged list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NginxLocation {
    /// As nginx gets it (`""` is `/`).
    pub path: String,
    pub exact: bool,
    /// The server's root `/` that no path replaced (the default backend).
    pub default: bool,
    /// The Ingress whose path it is (index into `Manifest::ingresses`); `None` for a default
    /// root.
    pub ingress: Option<usize>,
    pub rule_index: usize,
    pub path_index: usize,
    pub path_type: PathType,
    /// Its Ingress makes the host regex: `use-regex`, or a `rewrite-target` other than the
    /// path.
    pub makes_regex: bool,
}

/// A location as nginx renders it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedLocation {
    pub path: String,
    /// `location = path` (else a prefix, or on a regex host a regex).
    pub exact: bool,
    /// Index into [`NginxServer::locations`].
    pub location: usize,
}

/// The servers ingress-nginx makes of the Ingresses `include` selects (they should be
/// ingress-nginx's), sorted by host; empty when there are none. Canary Ingresses make no
/// locations (§10.1).
pub fn nginx_servers(manifest: &Manifest, include: impl Fn(usize) -> bool) -> Vec<NginxServer> {
    let members = ordered(manifest, include);
    if members.is_empty() {
        return Vec::new();
    }
    build_servers(&members)
        .into_iter()
        .map(|(host, server)| {
            let entries = rendered(&server.locations);
            NginxServer {
                regex: entries.iter().any(|e| e.location.regex()),
                rendered: entries
                    .iter()
                    .map(|e| RenderedLocation {
                        path: e.path.clone(),
                        exact: e.exact,
                        location: e.index,
                    })
                    .collect(),
                locations: server
                    .locations
                    .iter()
                    .map(|l| NginxLocation {
                        path: l.path.clone(),
                        exact: l.exact,
                        default: l.default,
                        ingress: l.member.filter(|_| !l.default).map(|m| m.index),
                        rule_index: l.rule_index,
                        path_index: l.path_index,
                        path_type: l.path_type,
                        makes_regex: !l.default && l.regex(),
                    })
                    .collect(),
                host,
            }
        })
        .collect()
}

/// §4.2 and §4.3: sorted longest path first (then path descending, then as added), Prefix
/// paths split into `/p/` and `= /p`.
fn rendered<'l>(locations: &'l [Location<'l>]) -> Vec<Entry<'l>> {
    let mut sorted: Vec<(usize, &Location<'_>)> = locations.iter().enumerate().collect();
    sorted.sort_by(|(_, a), (_, b)| b.path.cmp(&a.path));
    sorted.sort_by_key(|(_, l)| Reverse(l.path.len()));
    let exacts: Vec<&str> = locations
        .iter()
        .filter(|l| l.exact)
        .map(|l| l.path.as_str())
        .collect();
    let mut entries = Vec::new();
    for (index, l) in sorted {
        let keep = l.path == "/" || l.exact || l.regex();
        if keep {
            entries.push(Entry {
                path: l.path.clone(),
                exact: l.exact,
                location: l,
                index,
            });
            continue;
        }
        let with_slash = if l.path.ends_with('/') {
            l.path.clone()
        } else {
            format!("{}/", l.path)
        };
        entries.push(Entry {
            path: with_slash,
            exact: false,
            location: l,
            index,
        });
        if !exacts.contains(&l.path.as_str()) {
            entries.push(Entry {
                path: l.path.clone(),
                exact: true,
                location: l,
                index,
            });
        }
    }
    entries
}

/// What every rule of one host shares.
struct HostContext<'c, 'm> {
    host: &'c str,
    host_match: Option<Match>,
    tls: bool,
    canary_of: &'c BTreeMap<ServiceTarget, CanaryOf<'m>>,
}

/// The canary attached to a primary upstream (§10.1).
struct CanaryOf<'m> {
    target: ServiceTarget,
    policy: &'m NginxCanary,
    /// The canary Ingress's `namespace/name`.
    key: String,
    /// `affinity-canary-behavior: legacy` on the canary Ingress.
    legacy: bool,
}

impl HostContext<'_, '_> {
    fn rule(
        &self,
        location: &Location<'_>,
        path: PathMatch,
        extra: Vec<Match>,
        actions: Vec<Action>,
        canary: Option<CanaryRole>,
    ) -> Rule {
        let mut matches: Vec<Match> = self.host_match.iter().cloned().collect();
        let regex = matches!(path, PathMatch::Regex { .. });
        matches.push(Match::Path(path));
        matches.extend(extra);
        let (ingress, ingress_key) = match location.member {
            Some(m) => (m.index, m.key.clone()),
            None => (0, DEFAULT_SERVER.to_string()),
        };

        Rule {
            priority: 0,
            ingress,
            ingress_key,
            rule_index: location.rule_index,
            path_index: location.path_index,
            host: self.host.to_string(),
            path: location.written.clone(),
            path_type: location.path_type,
            regex,
            conditions: Vec::new(),
            matches,
            actions,
            canary,
            direction: Direction::Request,
            span: location.span,
        }
    }

    /// A rule of a location's own: a CORS preflight is answered before anything else the
    /// location does (§8; app-root and the trailing-slash 301 come earlier, and have none).
    fn located(
        &self,
        location: &Location<'_>,
        path: PathMatch,
        extra: Vec<Match>,
        actions: Vec<Action>,
        canary: Option<CanaryRole>,
    ) -> Rule {
        let actions = match location.member.and_then(|m| m.annotations.cors.clone()) {
            Some(cors) => std::iter::once(Action::CorsAnswer(cors))
                .chain(actions)
                .collect(),
            None => actions,
        };
        self.rule(location, path, extra, actions, canary)
    }

    /// The rules of one location (§8 order): its redirect, ssl-redirect on HTTP, then the
    /// canary rules and the forward with any rewrite.
    fn route(
        &self,
        location: &Location<'_>,
        path: PathMatch,
        http: &mut Vec<Rule>,
        https: &mut Vec<Rule>,
    ) {
        let annotations = location.member.map(|m| &m.annotations);
        // §8: the location's redirect, then ssl-redirect (plain HTTP only), then the
        // backend — the default backend's 404 included.
        if let Some((code, url)) = annotations.and_then(|a| a.redirect.clone()) {
            let action = Action::Return {
                code,
                target: RedirectTarget::Fixed(url),
            };
            http.push(self.located(location, path.clone(), vec![], vec![action.clone()], None));
            https.push(self.located(location, path, vec![], vec![action], None));
            return;
        }
        let ssl_redirect = annotations
            .is_some_and(|a| a.force_ssl_redirect || (a.ssl_redirect.unwrap_or(true) && self.tls));
        if ssl_redirect {
            // Before the canary is chosen: every plain-HTTP request of the location.
            let redirect = Action::Return {
                code: 308,
                target: RedirectTarget::Request {
                    scheme: Some("https".to_string()),
                    host_as_sent: false,
                    path: None,
                    query: true,
                    strip_trailing_slash: !annotations.is_some_and(|a| a.preserve_trailing_slash),
                },
            };
            http.push(self.located(location, path.clone(), vec![], vec![redirect], None));
        }
        let Some(backend) = location.backend.clone() else {
            // The default backend: ingress-nginx's built-in 404.
            let action = Action::FixedResponse {
                code: 404,
                content_type: "text/html".to_string(),
                content: "default backend - 404".to_string(),
            };
            if !ssl_redirect {
                http.push(self.located(location, path.clone(), vec![], vec![action.clone()], None));
            }
            https.push(self.located(location, path, vec![], vec![action], None));
            return;
        };
        let mut rules = Vec::new();
        let mut rewrite = Vec::new();
        if let Some(a) = annotations
            && location.needs_rewrite()
        {
            rewrite.push(Action::Rewrite {
                host: "${host}".to_string(),
                path: nginx_variables(&a.rewrite_target),
                query: "${query}".to_string(),
            });
        }
        let forward = |targets: Vec<WeightedTarget>| {
            let mut actions = rewrite.clone();
            actions.push(Action::Forward(targets));
            actions
        };
        let primary = WeightedTarget {
            target: backend.clone(),
            weight: 100,
            canary: None,
        };
        match self.canary_of.get(&backend) {
            None => rules.push((vec![], forward(vec![primary]), None)),
            Some(CanaryOf {
                target: canary,
                policy,
                key,
                legacy,
            }) => {
                let to_canary = WeightedTarget {
                    target: canary.clone(),
                    weight: 100,
                    canary: Some(key.clone()),
                };
                let header = |value: ValueMatch| Match::Header {
                    name: policy.by_header.clone(),
                    value,
                };
                let cookie = |value: &str| Match::Cookie {
                    name: policy.by_cookie.clone(),
                    value: ValueMatch::Exact(value.to_string()),
                };
                let conditional = Some(CanaryRole::Conditional);
                // §10.2 steps 1 and 4: a client whose affinity cookie is bound to the main
                // upstream stays there, one bound to the canary's goes there (unless the
                // canary takes no affinity, `legacy`), before any header or cookie.
                let main_affinity = location
                    .member
                    .and_then(|m| m.annotations.affinity.as_ref());
                if let Some(affinity) = main_affinity {
                    let bound_to = |t: &ServiceTarget| Match::Cookie {
                        name: affinity.cookie_name.clone(),
                        value: ValueMatch::Regex(format!(
                            r"^\|*[^|]+\|+{}(\||$)",
                            backend_key(&upstream_name(t))
                        )),
                    };
                    rules.push((
                        vec![bound_to(&backend)],
                        forward(vec![primary.clone()]),
                        None,
                    ));
                    if !legacy {
                        rules.push((
                            vec![bound_to(canary)],
                            forward(vec![to_canary.clone()]),
                            conditional.clone(),
                        ));
                    }
                }
                // §10.2 step 6: the header decides first.
                if !policy.by_header.is_empty() {
                    if !policy.by_header_value.is_empty() {
                        rules.push((
                            vec![header(ValueMatch::Exact(policy.by_header_value.clone()))],
                            forward(vec![to_canary.clone()]),
                            conditional.clone(),
                        ));
                    } else if !policy.by_header_pattern.is_empty() {
                        rules.push((
                            vec![header(ValueMatch::Regex(policy.by_header_pattern.clone()))],
                            forward(vec![to_canary.clone()]),
                            conditional.clone(),
                        ));
                    } else {
                        rules.push((
                            vec![header(ValueMatch::Exact("always".to_string()))],
                            forward(vec![to_canary.clone()]),
                            conditional.clone(),
                        ));
                        rules.push((
                            vec![header(ValueMatch::Exact("never".to_string()))],
                            forward(vec![primary.clone()]),
                            None,
                        ));
                    }
                }
                // Step 7: then the cookie.
                if !policy.by_cookie.is_empty() {
                    rules.push((
                        vec![cookie("always")],
                        forward(vec![to_canary.clone()]),
                        conditional.clone(),
                    ));
                    rules.push((vec![cookie("never")], forward(vec![primary.clone()]), None));
                }
                // Step 8: then the weight, out of the total.
                let total = policy.total();
                let weight = policy.weight.clamp(0, total);
                let split = match weight {
                    0 => vec![primary],
                    w if w == total => vec![WeightedTarget {
                        weight: total,
                        ..to_canary
                    }],
                    w => vec![
                        WeightedTarget {
                            weight: total - w,
                            ..primary
                        },
                        WeightedTarget {
                            weight: w,
                            ..to_canary
                        },
                    ],
                };
                rules.push((vec![], forward(split), None));
            }
        }
        for (extra, actions, canary) in rules {
            let rule = self.located(location, path.clone(), extra, actions, canary);
            if !ssl_redirect {
                http.push(rule.clone());
            }
            https.push(rule);
        }
    }
}

/// ingress-nginx's upstream name, `<namespace>-<service>-<port>` (the name its backend keys
/// and the engine's server groups derive from).
fn upstream_name(target: &ServiceTarget) -> String {
    format!("{}-{}-{}", target.namespace, target.service, target.port)
}

/// nginx's `$1`…`$9` in a rewrite target as `${1}`…`${9}`.
fn nginx_variables(target: &str) -> String {
    let mut out = String::with_capacity(target.len() + 8);
    let mut chars = target.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('$', Some(d)) if d.is_ascii_digit() && *d != '0' => {
                out.push_str("${");
                out.push(*d);
                out.push('}');
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{CompileOptions, compile};
    use crate::source::{SourceFile, SourceMap};

    fn settings(annotations: &str) -> (BackendSettings, Vec<String>) {
        let yaml = format!(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: a\n  annotations:\n{annotations}\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: h\n      http:\n        paths:\n          - {{path: /, pathType: Prefix, backend: {{service: {{name: s, port: {{number: 80}}}}}}}}\n"
        );
        let mut sources = SourceMap::new();
        sources.add(SourceFile::new("t.yaml", &yaml));
        let (manifest, _) = crate::manifest::load(&sources, &Default::default());
        let table = compile(
            &manifest,
            &CompileOptions {
                controller: Controller::Nginx,
            },
        );
        let notes = table.notes.iter().map(|n| n.message.clone()).collect();
        (table.backends["default/a"].clone(), notes)
    }

    #[test]
    fn backend_annotations_become_the_server_group_settings() {
        let (s, notes) = settings(
            "    nginx.ingress.kubernetes.io/backend-protocol: grpc\n    nginx.ingress.kubernetes.io/upstream-hash-by: $remote_addr\n    nginx.ingress.kubernetes.io/proxy-read-timeout: \"5\"",
        );
        assert_eq!(s.protocol, BackendProtocol::Grpc);
        assert_eq!(s.scheduler, Scheduler::Sch);
        assert_eq!(s.read_timeout, Some(std::time::Duration::from_secs(5)));
        assert!(notes.is_empty(), "{notes:?}");
        let (s, _) = settings("    nginx.ingress.kubernetes.io/upstream-hash-by: $arg_user");
        assert_eq!(
            (s.scheduler, s.uch_value.as_deref()),
            (Scheduler::Uch, Some("user"))
        );
        // What alb cannot simulate is said, not silently dropped.
        let (s, notes) = settings(
            "    nginx.ingress.kubernetes.io/backend-protocol: FCGI\n    nginx.ingress.kubernetes.io/load-balance: ewma",
        );
        assert_eq!(
            (s.protocol, s.scheduler),
            (BackendProtocol::Http, Scheduler::Wrr)
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
    }
}
