//! The build itself: group, sort, place, merge canaries, number.

use std::collections::{BTreeMap, BTreeSet};

use super::albconfig::{AttachmentBasis, albconfig_of};
use super::paths::path_patterns;
use super::rule::*;
use super::{BackendSettings, CompileOptions, Group, Member, Note, RouteTable};
use crate::annotations::{self, AlbAnnotations};
use crate::manifest::{AlbConfig, HttpPath, Ingress, IntOrString, Manifest, PortRef};
use crate::ownership::{Controller, Ownership};

/// The listeners assumed when no AlbConfig is among the inputs.
const DEFAULT_LISTENERS: [ListenerKey; 2] = [
    ListenerKey {
        port: 80,
        protocol: Protocol::Http,
    },
    ListenerKey {
        port: 443,
        protocol: Protocol::Https,
    },
];

const HTTP_80: ListenerKey = DEFAULT_LISTENERS[0];

/// An Ingress of the simulated controller with its annotations read.
struct Prepared<'m> {
    index: usize,
    ingress: &'m Ingress,
    annotations: &'m AlbAnnotations,
    key: String,
    wanted: Vec<ListenerKey>,
    attachment: AttachmentBasis,
}

/// The simulated controller's Ingresses (see [`Ownership::is_simulated`]) into a table.
pub fn compile(manifest: &Manifest, options: &CompileOptions) -> RouteTable {
    let ownership = Ownership::of(manifest, options.controller);
    if options.controller == Controller::Nginx {
        return super::nginx::compile_nginx(manifest, &ownership);
    }
    let views: Vec<Option<AlbAnnotations>> = manifest
        .ingresses
        .iter()
        .enumerate()
        .map(|(index, ingress)| {
            ownership
                .is_simulated(index)
                .then(|| annotations::parse_ingress(&ingress.meta).0)
        })
        .collect();
    compile_with_annotations(manifest, &ownership, &views, Controller::routed)
}

/// Builds the ALB Ingresses whose annotations are given (`views[i]` for
/// `Manifest::ingresses[i]`; `None` leaves the Ingress out), so `lint` reads them once for its
/// rules and the table. What is left out is recorded in `RouteTable::skipped`, with the reason
/// `ownership` gives.
pub fn compile_with_annotations(
    manifest: &Manifest,
    ownership: &Ownership,
    views: &[Option<AlbAnnotations>],
    handles: fn(Controller) -> bool,
) -> RouteTable {
    let mut table = RouteTable {
        skipped: ownership.skipped(manifest, |i| matches!(views.get(i), Some(Some(_))), handles),
        ..RouteTable::default()
    };
    let mut by_group: BTreeMap<String, Vec<Prepared<'_>>> = BTreeMap::new();
    for (index, ingress) in manifest.ingresses.iter().enumerate() {
        let Some(Some(annotations)) = views.get(index) else {
            continue;
        };
        let attachment = albconfig_of(manifest, ingress, annotations);
        let wanted = wanted_listeners(ingress, annotations);
        table.backends.insert(
            ingress.meta.key(),
            BackendSettings {
                protocol: annotations.backend_protocol,
                keepalive: annotations.backend_keepalive,
                scheduler: annotations.scheduler,
                uch_value: annotations.uch_value.clone(),
                sticky: annotations.sticky,
                health_check: annotations.health_check.clone(),
                affinity: None,
                affinity_canary: false,
                read_timeout: None,
            },
        );
        by_group
            .entry(attachment.albconfig)
            .or_default()
            .push(Prepared {
                index,
                ingress,
                key: ingress.meta.key(),
                annotations,
                wanted,
                attachment: attachment.basis,
            });
    }

    for (name, mut members) in by_group {
        // §4.1: `order` ascending, then `namespace/name` byte-wise.
        members.sort_by(|a, b| (a.annotations.order, &a.key).cmp(&(b.annotations.order, &b.key)));
        let alb_config = manifest
            .alb_configs
            .iter()
            .position(|c| c.meta.name.value == name);
        let mut listeners = match alb_config {
            Some(i) => albconfig_listeners(&manifest.alb_configs[i]),
            None => DEFAULT_LISTENERS
                .iter()
                .map(|&key| Listener {
                    key,
                    span: None,
                    timeouts: ListenerTimeouts::default(),
                    rules: Vec::new(),
                })
                .collect(),
        };
        for listener in &mut listeners {
            listener.rules = build_listener(listener.key, &members, &mut table.notes);
        }
        for member in &members {
            let dropped = match canary_use(member.annotations) {
                CanaryUse::Dropped => Some(
                    "canary by header or cookie together with canary-weight: the controller builds no rule from this Ingress",
                ),
                CanaryUse::Ignored => {
                    Some("canary-weight is 0 or not an integer: the canary is ignored")
                }
                _ => None,
            };
            if let Some(message) = dropped {
                table.notes.push(Note {
                    ingress: member.index,
                    span: member.ingress.meta.name.span,
                    message: message.to_string(),
                });
            }
            for wanted in &member.wanted {
                if !listeners.iter().any(|l| l.key == *wanted) {
                    table.notes.push(Note {
                        ingress: member.index,
                        span: member.ingress.meta.name.span,
                        message: format!(
                            "the Ingress asks for listener {wanted}, which AlbConfig `{name}` does not have: its rules for that port are silently skipped"
                        ),
                    });
                }
            }
        }
        table.groups.push(Group {
            name,
            alb_config,
            listeners,
            members: members
                .iter()
                .map(|m| Member {
                    ingress: m.index,
                    key: m.key.clone(),
                    order: m.annotations.order,
                    wanted: m.wanted.clone(),
                    attachment: m.attachment.clone(),
                })
                .collect(),
            normalization: PathNormalization::AsSent,
        });
    }
    table
}

/// §1.4: listeners exist only as the AlbConfig lists them, matched by the raw port and
/// protocol. A listener with port 0 or no protocol exists on the ALB but never gets rules, so
/// it is left out here.
fn albconfig_listeners(config: &AlbConfig) -> Vec<Listener> {
    let mut listeners: Vec<Listener> = config
        .listeners
        .iter()
        .filter_map(|l| {
            let port = match l.port.as_ref()? {
                IntOrString::Int(n) => u16::try_from(n.value).ok()?,
                IntOrString::String(s) => s.value.parse::<u16>().ok()?,
            };
            let protocol = Protocol::parse(&l.protocol.as_ref()?.value)?;
            (port != 0).then_some(Listener {
                key: ListenerKey { port, protocol },
                span: Some(l.span),
                timeouts: ListenerTimeouts::from_seconds(
                    l.idle_timeout.as_ref().map(|s| s.value),
                    l.request_timeout.as_ref().map(|s| s.value),
                ),
                rules: Vec::new(),
            })
        })
        .collect();
    listeners.sort_by_key(|l| l.key);
    listeners.dedup_by_key(|l| l.key);
    listeners
}

/// §2.2: `listen-ports`, or derived from TLS hosts and rule hosts; `ssl-redirect` adds 80/HTTP.
fn wanted_listeners(ingress: &Ingress, annotations: &AlbAnnotations) -> Vec<ListenerKey> {
    let mut wanted: Vec<ListenerKey> = match &annotations.listen_ports {
        Some(ports) => ports
            .iter()
            .map(|p| ListenerKey {
                port: p.port,
                protocol: listen_protocol(p.protocol),
            })
            .collect(),
        None => {
            let has_443 = ingress
                .tls
                .iter()
                .any(|t| t.hosts.iter().any(|h| !h.value.is_empty()));
            let has_80 = ingress
                .rules
                .iter()
                .any(|r| !r.host().is_empty() && !ingress.is_tls_host(r.host()));
            match (has_80, has_443) {
                (true, true) => DEFAULT_LISTENERS.to_vec(),
                (false, true) => vec![DEFAULT_LISTENERS[1]],
                _ => vec![HTTP_80],
            }
        }
    };
    if annotations.ssl_redirect && !wanted.contains(&HTTP_80) {
        wanted.push(HTTP_80);
    }
    wanted.sort();
    wanted.dedup();
    wanted
}

fn listen_protocol(p: annotations::ListenProtocol) -> Protocol {
    match p {
        annotations::ListenProtocol::Http => Protocol::Http,
        annotations::ListenProtocol::Https => Protocol::Https,
        annotations::ListenProtocol::Quic => Protocol::Quic,
    }
}

/// §2.2 `withTlsRule`: without `listen-ports` and `ssl-redirect`, a TLS host's rules go only
/// to HTTPS listeners and other hosts' rules only to HTTP ones.
fn placed_on(member: &Prepared<'_>, host: &str, listener: ListenerKey) -> bool {
    let a = member.annotations;
    if a.listen_ports.is_some()
        || a.ssl_redirect
        || host.is_empty()
        || member.ingress.tls.is_empty()
    {
        return true;
    }
    match listener.protocol {
        Protocol::Quic => true,
        Protocol::Https => member.ingress.is_tls_host(host),
        Protocol::Http => !member.ingress.is_tls_host(host),
    }
}

/// How a canary Ingress contributes (§4.3).
enum CanaryUse {
    /// Not a canary.
    Main,
    /// Weight only: merged into the main rule's forward group, no rule of its own.
    Weight(i64),
    /// Header and/or cookie: a rule of its own, before the main one if it sorts first.
    Conditional,
    /// `canary: "true"` and nothing else: an ordinary rule.
    Plain,
    /// Header/cookie together with a weight: the controller uses it in neither loop.
    Dropped,
    /// Weight 0 or unparsable: ignored.
    Ignored,
}

fn canary_use(a: &AlbAnnotations) -> CanaryUse {
    let c = &a.canary;
    if !c.enabled {
        return CanaryUse::Main;
    }
    if c.is_dropped() {
        // Any weight (even "0") next to header/cookie keys: neither of the controller's
        // canary loops takes the Ingress.
        return CanaryUse::Dropped;
    }
    match (c.weight, c.has_match_keys()) {
        (_, true) => CanaryUse::Conditional,
        // The controller merges any non-zero weight as it is, negative ones included.
        (Some(w), false) if w != 0 => CanaryUse::Weight(w),
        (Some(_), false) => CanaryUse::Ignored,
        (None, false) => CanaryUse::Plain,
    }
}

/// Each path of each placed rule of each member, in evaluation order.
fn paths_on<'p>(
    member: &'p Prepared<'_>,
    listener: ListenerKey,
) -> impl Iterator<Item = (usize, usize, &'p str, &'p HttpPath)> + 'p {
    let on_listener = member.wanted.contains(&listener);
    member
        .ingress
        .rules
        .iter()
        .filter(move |_| on_listener)
        .enumerate()
        .filter(move |(_, r)| placed_on(member, r.host(), listener))
        .flat_map(|(ri, r)| {
            r.paths
                .iter()
                .flatten()
                .enumerate()
                .map(move |(pi, p)| (ri, pi, r.host(), p))
        })
}

fn canary_key(host: &str, path: &str) -> String {
    format!("{host}-{path}")
}

fn build_listener(
    listener: ListenerKey,
    members: &[Prepared<'_>],
    notes: &mut Vec<Note>,
) -> Vec<Rule> {
    // Weight canaries first: they only change the main rules' forward groups.
    let mut weights: BTreeMap<String, Vec<(WeightedTarget, usize)>> = BTreeMap::new();
    for member in members {
        let CanaryUse::Weight(weight) = canary_use(member.annotations) else {
            continue;
        };
        for (_, _, host, path) in paths_on(member, listener) {
            if let Some(target) = service_target(member, path) {
                weights
                    .entry(canary_key(host, path.path()))
                    .or_default()
                    .push((
                        WeightedTarget {
                            target,
                            weight,
                            canary: Some(member.key.clone()),
                        },
                        member.index,
                    ));
            }
        }
    }

    // Header, cookie and plain canaries also need a main rule with the same host+path on this
    // listener: the controller builds a canary rule only next to one.
    let main_keys: BTreeSet<String> = members
        .iter()
        .filter(|m| matches!(canary_use(m.annotations), CanaryUse::Main))
        .flat_map(|m| paths_on(m, listener).map(|(_, _, host, path)| canary_key(host, path.path())))
        .collect();

    let mut rules = Vec::new();
    let mut merged = BTreeSet::new();
    for member in members {
        let role = match canary_use(member.annotations) {
            CanaryUse::Main => None,
            CanaryUse::Conditional => Some(CanaryRole::Conditional),
            CanaryUse::Plain => Some(CanaryRole::Plain),
            CanaryUse::Weight(_) => continue,
            // Reported once per Ingress by `compile`, not per listener.
            CanaryUse::Dropped | CanaryUse::Ignored => continue,
        };
        for (rule_index, path_index, host, path) in paths_on(member, listener) {
            if role.is_some() && !main_keys.contains(&canary_key(host, path.path())) {
                notes.push(Note {
                    ingress: member.index,
                    span: path.span,
                    message: format!(
                        "canary rule for host+path `{}` is dropped on {listener}: no main Ingress has the same host and path there",
                        canary_key(host, path.path())
                    ),
                });
                continue;
            }
            let Some(mut rule) = build_rule(
                member,
                listener,
                rule_index,
                path_index,
                host,
                path,
                role.clone(),
            ) else {
                continue;
            };
            if role.is_none() {
                let key = canary_key(host, path.path());
                if let Some(canaries) = weights.get(&key) {
                    merge_weights(&mut rule, canaries);
                    merged.insert(key);
                }
            }
            rule.priority = u32::try_from(rules.len() + 1).unwrap_or(u32::MAX);
            rules.push(rule);
        }
    }
    for (key, canaries) in &weights {
        if merged.contains(key) {
            continue;
        }
        for (target, index) in canaries {
            let member = members.iter().find(|m| m.index == *index);
            if let Some(member) = member {
                notes.push(Note {
                    ingress: *index,
                    span: member.ingress.meta.name.span,
                    message: format!(
                        "weight canary to {} is dropped on {listener}: no main rule has host+path `{key}` there",
                        target.target
                    ),
                });
            }
        }
    }
    rules
}

/// Weight canaries take their share of the main rule's forward group; the main Service keeps
/// the rest, and is removed when the canaries take it all.
fn merge_weights(rule: &mut Rule, canaries: &[(WeightedTarget, usize)]) {
    let Some(Action::Forward(targets)) = rule.actions.iter_mut().rev().find(|a| a.is_final())
    else {
        return;
    };
    let total: i64 = canaries.iter().map(|(t, _)| t.weight).sum();
    for main in targets.iter_mut() {
        main.weight = 100 - total;
    }
    targets.retain(|t| t.weight > 0);
    targets.extend(canaries.iter().map(|(t, _)| t.clone()));
}

fn service_target(member: &Prepared<'_>, path: &HttpPath) -> Option<ServiceTarget> {
    let service = path.backend.as_ref()?.service.as_ref()?;
    Some(ServiceTarget {
        namespace: member.ingress.meta.namespace().to_string(),
        service: service.name.value.clone(),
        port: match &service.port {
            Some(PortRef::Number(n)) => n.value,
            _ => 0,
        },
    })
}

fn build_rule(
    member: &Prepared<'_>,
    listener: ListenerKey,
    rule_index: usize,
    path_index: usize,
    host: &str,
    path: &HttpPath,
    canary: Option<CanaryRole>,
) -> Option<Rule> {
    let a = member.annotations;
    let service = path.backend.as_ref()?.service.as_ref()?;
    let svc = service.name.value.as_str();
    let uses_annotation =
        matches!(&service.port, Some(PortRef::Name(n)) if n.value == "use-annotation");
    let regex = path.path_type() == crate::manifest::PathType::Prefix
        && a.prefix_path_is_regex(path.path());
    let patterns = path_patterns(path.path(), path.path_type(), regex);

    // Conditions, in the order the controller emits them (§2.6).
    let custom = a.conditions.get(svc).map(Vec::as_slice).unwrap_or(&[]);
    let mut conditions: Vec<Condition> = custom
        .iter()
        .filter(|c| {
            matches!(
                c,
                Condition::Header { .. }
                    | Condition::QueryString { .. }
                    | Condition::Cookie { .. }
                    | Condition::ResponseHeader { .. }
            )
        })
        .cloned()
        .collect();
    let mut hosts: Vec<String> = Vec::new();
    if !host.is_empty() {
        hosts.push(host.to_string());
    }
    let mut path_values = patterns.values.clone();
    let (mut methods, mut source_ips, mut status_codes) = (Vec::new(), Vec::new(), Vec::new());
    for c in custom {
        match c {
            Condition::Host { values } => hosts.extend(values.iter().cloned()),
            Condition::Path { values } => path_values.extend(values.iter().cloned()),
            Condition::Method { values } => methods.extend(values.iter().cloned()),
            Condition::SourceIp { values } => source_ips.extend(values.iter().cloned()),
            Condition::ResponseStatusCode { values } => status_codes.extend(values.iter().cloned()),
            _ => {}
        }
    }
    if !hosts.is_empty() {
        conditions.push(Condition::Host { values: hosts });
    }
    if !path_values.is_empty() {
        conditions.push(Condition::Path {
            values: path_values,
        });
    }
    if !methods.is_empty() {
        conditions.push(Condition::Method { values: methods });
    }
    if !source_ips.is_empty() {
        conditions.push(Condition::SourceIp { values: source_ips });
    }
    if !status_codes.is_empty() {
        conditions.push(Condition::ResponseStatusCode {
            values: status_codes,
        });
    }
    if canary == Some(CanaryRole::Conditional) {
        if let Some(name) = &a.canary.by_header {
            conditions.push(Condition::Header {
                key: name.clone(),
                values: vec![a.canary.by_header_value.clone().unwrap_or_default()],
            });
        }
        if let Some(name) = &a.canary.by_cookie {
            conditions.push(Condition::Cookie {
                values: vec![(name.clone(), "always".to_string())],
            });
        }
    }
    if conditions.is_empty() {
        conditions.push(Condition::Path {
            values: vec!["/*".to_string()],
        });
    }

    // Actions: limits, CORS, custom actions, rewrite, then the final action (§2.6).
    let namespace = member.ingress.meta.namespace();
    let custom_actions: Vec<Action> = a
        .actions
        .get(svc)
        .map(|actions| {
            actions
                .iter()
                .map(|x| resolve_action(x, namespace))
                .collect()
        })
        .unwrap_or_default();
    let mut actions = Vec::new();
    if a.traffic_limit_qps.is_some() || a.traffic_limit_ip_qps.is_some() {
        actions.push(Action::TrafficLimit {
            qps: a.traffic_limit_qps,
            qps_per_ip: a.traffic_limit_ip_qps,
        });
    }
    actions.extend(
        custom_actions
            .iter()
            .filter(|x| matches!(x, Action::TrafficLimit { .. }))
            .cloned(),
    );
    if let Some(cors) = &a.cors {
        actions.push(Action::Cors(cors.clone()));
    }
    actions.extend(
        custom_actions
            .iter()
            .filter(|x| !x.is_final() && !matches!(x, Action::TrafficLimit { .. }))
            .cloned(),
    );
    if let Some(target) = &a.rewrite_target {
        actions.push(Action::Rewrite {
            host: "${host}".to_string(),
            path: target.value.clone(),
            query: "${query}".to_string(),
        });
    }
    if uses_annotation {
        actions.extend(custom_actions.iter().filter(|x| x.is_final()).cloned());
    } else {
        actions.push(Action::Forward(vec![WeightedTarget {
            target: service_target(member, path)?,
            weight: 100,
            canary: canary.as_ref().map(|_| member.key.clone()),
        }]));
    }
    // §6.4: ssl-redirect turns the rule into a 308 to HTTPS:443 on every other port, keeping
    // only header, limit and CORS actions.
    if a.ssl_redirect && listener.port != 443 {
        actions.retain(|x| {
            matches!(
                x,
                Action::InsertHeader { .. }
                    | Action::RemoveHeader { .. }
                    | Action::TrafficLimit { .. }
                    | Action::Cors(_)
            )
        });
        actions.push(Action::Redirect {
            code: 308,
            protocol: "HTTPS".to_string(),
            host: "${host}".to_string(),
            port: "443".to_string(),
            path: "${path}".to_string(),
            query: "${query}".to_string(),
        });
    }

    Some(Rule {
        priority: 0,
        ingress: member.index,
        ingress_key: member.key.clone(),
        rule_index,
        path_index,
        host: host.to_string(),
        path: path.path().to_string(),
        path_type: path.path_type(),
        regex: patterns.regex,
        conditions,
        matches: Vec::new(),
        actions,
        canary,
        direction: a
            .rule_direction
            .get(svc)
            .copied()
            .unwrap_or(Direction::Request),
        span: path.span,
    })
}

/// A custom action as the ALB receives it: Service names resolved in the Ingress's
/// namespace, codes as numbers.
fn resolve_action(action: &annotations::Action, namespace: &str) -> Action {
    use annotations::{Action as A, ServerGroupRef};
    let targets = |groups: &[annotations::ServerGroupTarget]| -> Vec<WeightedTarget> {
        groups
            .iter()
            .filter_map(|g| match &g.target {
                ServerGroupRef::Service { name, port } => Some(WeightedTarget {
                    target: ServiceTarget {
                        namespace: namespace.to_string(),
                        service: name.clone(),
                        port: *port,
                    },
                    weight: g.weight,
                    canary: None,
                }),
                ServerGroupRef::Id(_) => None,
            })
            .collect()
    };
    match action {
        A::ForwardGroup { server_groups } => match server_groups.as_slice() {
            [
                annotations::ServerGroupTarget {
                    target: ServerGroupRef::Id(id),
                    ..
                },
            ] => Action::ForwardToServerGroup(id.clone()),
            groups => Action::Forward(targets(groups)),
        },
        A::Redirect(r) => Action::Redirect {
            code: r.http_code.parse().unwrap_or(301),
            protocol: r.protocol.clone(),
            host: r.host.clone(),
            port: r.port.clone(),
            path: r.path.clone(),
            query: r.query.clone(),
        },
        A::FixedResponse {
            content,
            content_type,
            http_code,
        } => Action::FixedResponse {
            code: http_code.parse().unwrap_or(503),
            content_type: content_type.clone(),
            content: content.clone(),
        },
        A::Rewrite { host, path, query } => Action::Rewrite {
            host: host.clone(),
            path: path.clone(),
            query: query.clone(),
        },
        A::InsertHeader {
            key,
            value,
            value_type,
            ..
        } => Action::InsertHeader {
            name: key.clone(),
            value: value.clone(),
            value_type: value_type.clone(),
        },
        A::RemoveHeader { key } => Action::RemoveHeader { name: key.clone() },
        A::TrafficLimit { qps, qps_per_ip } => Action::TrafficLimit {
            qps: *qps,
            qps_per_ip: *qps_per_ip,
        },
        A::TrafficMirror { server_groups, .. } => Action::TrafficMirror {
            target: server_groups
                .iter()
                .map(|g| match &g.target {
                    ServerGroupRef::Service { name, port } => format!("{namespace}/{name}:{port}"),
                    ServerGroupRef::Id(id) => id.clone(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        },
        A::Cors(c) => Action::Cors(Cors {
            allow_origin: c.allow_origin.clone(),
            allow_methods: c.allow_methods.clone(),
            allow_headers: c.allow_headers.clone(),
            expose_headers: c.expose_headers.clone(),
            allow_credentials: c.allow_credentials == "on",
            max_age: c.max_age.parse().unwrap_or(172_800),
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::source::{SourceFile, SourceMap};

    const INGRESS: &str = "
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: default}
spec:
  ingressClassName: alb
  rules:
    - host: web.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
";

    /// Each listener's key and timeouts, for `yaml` compiled.
    fn timeouts(yaml: &str) -> Vec<(String, ListenerTimeouts)> {
        let mut sources = SourceMap::new();
        sources.add(SourceFile::new("t.yaml", yaml));
        let (manifest, _) = crate::manifest::load(&sources, &Default::default());
        let table = compile(&manifest, &CompileOptions::default());
        table
            .groups
            .iter()
            .flat_map(|g| &g.listeners)
            .map(|l| (l.key.to_string(), l.timeouts))
            .collect()
    }

    fn albconfig(listeners: &str) -> String {
        format!(
            "apiVersion: alibabacloud.com/v1\nkind: AlbConfig\nmetadata: {{name: alb}}\nspec:\n  listeners:\n{listeners}---\n{INGRESS}"
        )
    }

    fn secs(idle: u64, request: u64) -> ListenerTimeouts {
        ListenerTimeouts {
            idle: Duration::from_secs(idle),
            request: Duration::from_secs(request),
        }
    }

    #[test]
    fn listener_timeouts_come_from_the_albconfig() {
        let yaml =
            albconfig("    - {port: 80, protocol: HTTP, idleTimeout: 30, requestTimeout: 120}\n");
        assert_eq!(timeouts(&yaml), [("80/HTTP".to_string(), secs(30, 120))]);
    }

    #[test]
    fn zero_or_absent_timeouts_are_the_defaults() {
        let yaml = albconfig(
            "    - {port: 80, protocol: HTTP, idleTimeout: 0, requestTimeout: 0}\n    - {port: 443, protocol: HTTPS}\n",
        );
        assert_eq!(
            timeouts(&yaml),
            [
                ("80/HTTP".to_string(), secs(15, 60)),
                ("443/HTTPS".to_string(), secs(15, 60)),
            ]
        );
    }

    #[test]
    fn without_an_albconfig_the_assumed_listeners_have_the_defaults() {
        assert_eq!(
            timeouts(INGRESS),
            [
                ("80/HTTP".to_string(), ListenerTimeouts::default()),
                ("443/HTTPS".to_string(), ListenerTimeouts::default()),
            ]
        );
        assert_eq!(ListenerTimeouts::default(), secs(15, 60));
    }

    #[test]
    fn values_the_alb_api_rejects_give_the_defaults() {
        let yaml = albconfig(
            "    - {port: 80, protocol: HTTP, idleTimeout: -1, requestTimeout: 601}\n    - {port: 81, protocol: HTTP, idleTimeout: 61, requestTimeout: -9223372036854775808}\n    - {port: 82, protocol: HTTP, idleTimeout: 60, requestTimeout: 600}\n",
        );
        assert_eq!(
            timeouts(&yaml),
            [
                ("80/HTTP".to_string(), secs(15, 60)),
                ("81/HTTP".to_string(), secs(15, 60)),
                ("82/HTTP".to_string(), secs(60, 600)),
            ]
        );
    }
}
