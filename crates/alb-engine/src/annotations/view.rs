//! The typed view of one object's annotations, with the values the ALB controller would use.

use std::collections::BTreeMap;

use super::custom::{Action, Condition};
use super::value::{ListenPort, Parsed, ProblemKind, Value, quote};
use super::{
    AnnotationSpec, Dialect, InvalidEffect, KeyMatch, Status, Target, alb_spec, lookup, registry,
    suggest,
};
use crate::manifest::{Annotation, ObjectMeta};
use crate::source::{Span, Spanned};

/// What the ALB controller makes of an Ingress's annotations. Built by [`parse_ingress`];
/// `Default` is an Ingress without annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlbAnnotations {
    /// `albconfig.order`, else `order`, else 10.
    pub order: i64,
    /// Set by an annotation: explicit orders must be unique within an AlbConfig.
    pub order_explicit: bool,
    /// The value of the annotation that set `order`.
    pub order_span: Option<Span>,
    pub albconfig_name: Option<Spanned<String>>,
    /// As the controller compares it with each path (trimmed); see
    /// [`AlbAnnotations::prefix_path_is_regex`].
    pub use_regex: Option<Spanned<String>>,
    pub rewrite_target: Option<Spanned<String>>,
    /// `None` when absent (ports are then derived from `spec.tls`) or invalid (reported).
    pub listen_ports: Option<Vec<ListenPort>>,
    pub ssl_redirect: bool,
    pub backend_protocol: BackendProtocol,
    pub canary: Canary,
    /// By Service name; only valid values (invalid ones are reported).
    pub conditions: BTreeMap<String, Vec<Condition>>,
    pub actions: BTreeMap<String, Vec<Action>>,
    pub rule_direction: BTreeMap<String, Direction>,
    pub traffic_limit_qps: Option<i64>,
    pub traffic_limit_ip_qps: Option<i64>,
    /// `Some` when `enable-cors` is "true".
    pub cors: Option<Cors>,
    pub health_check: HealthCheck,
    /// `Some` when `sticky-session` is "true".
    pub sticky: Option<Sticky>,
    pub scheduler: Scheduler,
    /// `backend-scheduler-uch-value`; `None` when absent or empty.
    pub uch_value: Option<String>,
    pub backend_keepalive: bool,
    /// Which annotation each setting was read from (for spans in diagnostics), by the key
    /// without its prefix: `canary-weight` (also when read from the `nginx.` key),
    /// `conditions.web` for a per-service key.
    pub sources: BTreeMap<String, AnnotationSource>,
}

impl Default for AlbAnnotations {
    fn default() -> AlbAnnotations {
        AlbAnnotations {
            order: 10,
            order_explicit: false,
            order_span: None,
            albconfig_name: None,
            use_regex: None,
            rewrite_target: None,
            listen_ports: None,
            ssl_redirect: false,
            backend_protocol: BackendProtocol::Http,
            canary: Canary::default(),
            conditions: BTreeMap::new(),
            actions: BTreeMap::new(),
            rule_direction: BTreeMap::new(),
            traffic_limit_qps: None,
            traffic_limit_ip_qps: None,
            cors: None,
            health_check: HealthCheck::default(),
            sticky: None,
            scheduler: Scheduler::Wrr,
            uch_value: None,
            backend_keepalive: false,
            sources: BTreeMap::new(),
        }
    }
}

impl AlbAnnotations {
    /// Where the setting `name` was read from: a registry name (`canary-weight`,
    /// `listen-ports`) or a per-service key without prefix (`actions.web`).
    pub fn source(&self, name: &str) -> Option<&AnnotationSource> {
        self.sources.get(name)
    }

    /// Whether a `Prefix` path becomes the regex `~*<path>`: `rewrite-target` or `use-regex`
    /// present with a value other than the path itself, and the path is not `/`.
    pub fn prefix_path_is_regex(&self, path: &str) -> bool {
        let differs = |a: &Option<Spanned<String>>| a.as_ref().is_some_and(|a| a.value != path);
        path != "/" && (differs(&self.rewrite_target) || differs(&self.use_regex))
    }
}

/// The annotation a setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotationSource {
    /// The full key, as written.
    pub key: Spanned<String>,
    pub value_span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BackendProtocol {
    Http,
    Https,
    Grpc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Request,
    Response,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scheduler {
    /// Weighted round robin.
    Wrr,
    /// Weighted least connections.
    Wlc,
    /// Consistent hash on the source IP.
    Sch,
    /// Consistent hash on a URL query parameter.
    Uch,
}

/// The canary settings, each read `nginx.ingress.kubernetes.io/` first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Canary {
    /// `canary` is exactly "true".
    pub enabled: bool,
    pub by_header: Option<String>,
    /// `None` when absent or empty (the condition value is then empty).
    pub by_header_value: Option<String>,
    pub by_cookie: Option<String>,
    /// `None` when absent or empty; otherwise Go's `Atoi` of the value, 0 when not a number.
    /// Not clamped: 150 stays 150, as the controller leaves it.
    pub weight: Option<i64>,
}

impl Canary {
    /// Header, header value or cookie set: the canary gets its own rule.
    pub fn has_match_keys(&self) -> bool {
        self.by_header.is_some() || self.by_header_value.is_some() || self.by_cookie.is_some()
    }

    /// The controller drops a canary Ingress with both match keys and a weight: neither of
    /// its two loops takes it.
    pub fn is_dropped(&self) -> bool {
        self.enabled && self.weight.is_some() && self.has_match_keys()
    }
}

/// The Cors action `enable-cors: "true"` adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cors {
    pub allow_origin: Vec<String>,
    pub allow_methods: Vec<String>,
    pub allow_headers: Vec<String>,
    pub expose_headers: Vec<String>,
    pub allow_credentials: bool,
    pub max_age: i64,
}

/// Server-group health check (semantics §2.4, §6.1). Values are what the controller sends,
/// including ones the ALB API would reject (reported as findings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthCheck {
    pub enabled: bool,
    pub path: String,
    /// As written: `HTTP`, `TCP` (managed controller: also `HTTPS`, `GRPC`).
    pub protocol: String,
    /// As written: `HEAD`, `GET`, `POST`.
    pub method: String,
    /// Split on `,` without trimming, as the controller does.
    pub httpcodes: Vec<String>,
    pub timeout_s: i64,
    pub interval_s: i64,
    pub healthy_threshold: i64,
    pub unhealthy_threshold: i64,
    /// 0: the backend's own port.
    pub connect_port: i64,
}

impl Default for HealthCheck {
    fn default() -> HealthCheck {
        HealthCheck {
            enabled: false,
            path: "/".to_owned(),
            protocol: "HTTP".to_owned(),
            method: "HEAD".to_owned(),
            httpcodes: vec!["http_2xx".to_owned()],
            timeout_s: 5,
            interval_s: 2,
            healthy_threshold: 3,
            unhealthy_threshold: 3,
            connect_port: 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StickyKind {
    /// ALB inserts its own `SERVERID` cookie.
    Insert,
    /// ALB rewrites a cookie the backend sets.
    Server,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sticky {
    pub kind: StickyKind,
    pub cookie_timeout_s: i64,
}

/// Something about one annotation worth telling the user. The lint layer maps kinds to
/// codes and severities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotationFinding {
    /// The full key as written, with its span.
    pub key: Spanned<String>,
    pub value_span: Span,
    /// The registry row, when the key is known.
    pub spec: Option<&'static AnnotationSpec>,
    pub kind: FindingKind,
    pub message: String,
    pub help: Option<String>,
    pub effect: InvalidEffect,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingKind {
    /// The value is wrong or suspicious ([`super::ValueProblem`]).
    InvalidValue(ProblemKind),
    /// An `alb.ingress.kubernetes.io/` key not in the registry; full names that are close
    /// (none for the few keys alb knows only as unconfirmed, `unconfirmed.rs`).
    UnknownAlbAnnotation { suggestions: Vec<&'static str> },
    /// A key the controller never reads (semantics §2.7), or one read from other objects.
    NoEffect,
    /// A feature the ALB controller does not have (`canary-weight-total`).
    Unsupported,
    /// Read only by ACK's managed controller, not the open-source one.
    ManagedOnly,
    /// Another controller's annotation, which the ALB controller ignores.
    OtherController(Dialect),
    /// This `alb.` key is not read because the `nginx.` key of the same name is present.
    NginxShadows { nginx_key: String },
    /// This key is not read because another one takes precedence (`albconfig.order`).
    Shadowed { by: String },
    /// Does nothing without another setting (`cors-max-age` without `enable-cors: "true"`).
    Inactive { requires: String },
    /// Two annotations that cannot be combined.
    Conflict { with: String },
}

/// Reads every annotation of `meta` (the last of duplicated keys, as the API server keeps)
/// into the ALB controller's view, and reports what is wrong, dead, shadowed or foreign.
/// Findings are sorted by key position.
pub fn parse_ingress(meta: &ObjectMeta) -> (AlbAnnotations, Vec<AnnotationFinding>) {
    let mut reader = Reader::new(meta);
    let view = reader.build();
    let mut findings = reader.findings;
    findings.sort_by_key(|f| (f.key.span, f.value_span));
    (view, findings)
}

/// One ALB-read annotation, parsed.
struct Entry<'m> {
    annotation: &'m Annotation,
    spec: &'static AnnotationSpec,
    service: Option<&'m str>,
    parsed: Parsed,
}

struct Reader<'m> {
    /// By full key; only keys the ALB controller reads (including the nginx aliases).
    entries: BTreeMap<&'m str, Entry<'m>>,
    findings: Vec<AnnotationFinding>,
}

/// Like [`lookup`], but from the ALB controller's side: an `nginx.` key it reads as one of
/// its own (canary keys, `ssl-redirect`) resolves to the ALB row even if the registry also
/// has an nginx row of that name.
fn resolve(key: &str) -> Option<KeyMatch<'_>> {
    if let Some(name) = key.strip_prefix(Dialect::Nginx.prefix())
        && let Some(spec) = alb_spec(name).filter(|s| s.nginx_prefix_wins)
    {
        return Some(KeyMatch {
            spec,
            service: None,
            nginx_alias: true,
        });
    }
    lookup(key)
}

fn alb_key(name: &str) -> String {
    format!("{}{name}", Dialect::Alb.prefix())
}

fn nginx_key(name: &str) -> String {
    format!("{}{name}", Dialect::Nginx.prefix())
}

fn finding(
    annotation: &Annotation,
    spec: Option<&'static AnnotationSpec>,
    kind: FindingKind,
) -> AnnotationFinding {
    AnnotationFinding {
        key: annotation.key.clone(),
        value_span: annotation.value.span,
        spec,
        kind,
        message: String::new(),
        help: None,
        effect: InvalidEffect::NoEffect,
    }
}

impl AnnotationFinding {
    fn message(mut self, message: impl Into<String>) -> AnnotationFinding {
        self.message = message.into();
        self
    }

    fn help(mut self, help: impl Into<String>) -> AnnotationFinding {
        self.help = Some(help.into());
        self
    }

    fn effect(mut self, effect: InvalidEffect) -> AnnotationFinding {
        self.effect = effect;
        self
    }
}

impl<'m> Reader<'m> {
    fn new(meta: &'m ObjectMeta) -> Reader<'m> {
        // The API server keeps the last of duplicated keys; the loader reports duplicates.
        let mut latest: BTreeMap<&'m str, &'m Annotation> = BTreeMap::new();
        for annotation in &meta.annotations {
            latest.insert(annotation.key.value.as_str(), annotation);
        }
        let mut reader = Reader {
            entries: BTreeMap::new(),
            findings: Vec::new(),
        };
        for (key, annotation) in latest {
            match resolve(key) {
                Some(m) if m.spec.dialect == Dialect::Alb => reader.read(key, annotation, m),
                Some(m) => reader.foreign(annotation, Some(m.spec), m.spec.dialect),
                None => reader.unknown(key, annotation),
            }
        }
        reader.report_shadowing();
        reader.report_values();
        reader
    }

    fn read(&mut self, key: &'m str, annotation: &'m Annotation, m: KeyMatch<'m>) {
        let spec = m.spec;
        let status = match spec.status {
            Status::Active => None,
            Status::NoEffect => Some((
                FindingKind::NoEffect,
                format!("`{key}` has no effect: the controller never reads it"),
                spec.description,
            )),
            Status::Unsupported => Some((
                FindingKind::Unsupported,
                format!("`{key}` is not supported by the ALB controller"),
                spec.description,
            )),
            Status::ManagedOnly => Some((
                FindingKind::ManagedOnly,
                format!(
                    "`{key}` is read only by ACK's managed ALB controller, not the open-source one"
                ),
                "it takes effect with the managed controller; check which controller the cluster runs",
            )),
        };
        if let Some((kind, message, help)) = status {
            self.findings.push(
                finding(annotation, Some(spec), kind)
                    .message(message)
                    .help(help),
            );
        }
        if spec.target == Target::Service {
            self.findings.push(
                finding(annotation, Some(spec), FindingKind::NoEffect)
                    .message(format!("`{key}` is read from Services, not from Ingresses"))
                    .help("move it to the Service whose endpoints should join the server group"),
            );
            return;
        }
        if matches!(spec.status, Status::NoEffect | Status::Unsupported) {
            return;
        }
        let parsed = spec.parse(&annotation.value.value);
        self.entries.insert(
            key,
            Entry {
                annotation,
                spec,
                service: m.service,
                parsed,
            },
        );
    }

    /// An annotation of another controller on an object the ALB controller reads.
    fn foreign(
        &mut self,
        annotation: &Annotation,
        spec: Option<&'static AnnotationSpec>,
        dialect: Dialect,
    ) {
        let key = annotation.key.value.as_str();
        let name = key.strip_prefix(dialect.prefix()).unwrap_or(key);
        let alb_equivalent = spec
            .and_then(|s| {
                s.see_also
                    .iter()
                    .find(|k| k.starts_with(Dialect::Alb.prefix()))
                    .copied()
            })
            .map(str::to_owned)
            .or_else(|| {
                lookup(&alb_key(name))
                    .filter(|m| m.spec.status == Status::Active)
                    .map(|m| m.spec.full_name())
            });
        let help = match alb_equivalent {
            Some(alb) => format!(
                "the ALB counterpart is `{alb}`; check `alb explain {alb}`, as the semantics differ"
            ),
            None if dialect == Dialect::CceElb => {
                "ALB sets listener timeouts in the AlbConfig (`idleTimeout`, `requestTimeout`)"
                    .to_owned()
            }
            None => "remove it, or find the ALB equivalent with `alb explain`".to_owned(),
        };
        self.findings.push(
            finding(annotation, spec, FindingKind::OtherController(dialect))
                .message(format!(
                    "`{key}` is read by {}, not by the ALB controller",
                    dialect.controller()
                ))
                .help(help),
        );
    }

    fn unknown(&mut self, key: &str, annotation: &Annotation) {
        if let Some(u) = key
            .strip_prefix(Dialect::Alb.prefix())
            .and_then(super::unconfirmed::lookup)
        {
            // Not read by the open-source controller; the managed one's use is unverified.
            self.findings.push(
                finding(
                    annotation,
                    None,
                    FindingKind::UnknownAlbAnnotation {
                        suggestions: Vec::new(),
                    },
                )
                .message(format!(
                    "`{key}` is not read by the open-source ALB controller, and alb cannot tell \
                     whether ACK's managed controller reads it"
                ))
                .help(format!(
                    "{}. With the managed controller, check the ALB it configured: alb does \
                     not simulate this key",
                    u.known
                )),
            );
        } else if key.starts_with(Dialect::Alb.prefix()) {
            let suggestions = suggest(key);
            let help = match (suggestions.first(), super::aws::sign(annotation)) {
                (_, Some(_)) => "it is an AWS Load Balancer Controller annotation, which does nothing on Alibaba Cloud ALB; `alb explain` lists the ALB controller's".to_owned(),
                (Some(first), None) => format!("did you mean `{first}`?"),
                (None, None) => "the README lists every annotation the controller reads".to_owned(),
            };
            self.findings.push(
                finding(
                    annotation,
                    None,
                    FindingKind::UnknownAlbAnnotation { suggestions },
                )
                .message(format!(
                    "`{key}` is not an annotation the ALB controller reads"
                ))
                .help(help),
            );
        } else if key.starts_with(Dialect::Nginx.prefix()) {
            self.foreign(annotation, None, Dialect::Nginx);
        } else if key.starts_with(Dialect::CceElb.prefix()) {
            self.foreign(annotation, None, Dialect::CceElb);
        }
    }

    /// Keys that are present but not read because another key wins. Their entries are
    /// removed, so neither their values nor their problems count.
    fn report_shadowing(&mut self) {
        let pairs: Vec<(String, String, bool)> = registry()
            .iter()
            .filter(|s| s.nginx_prefix_wins)
            .map(|s| (nginx_key(s.name), alb_key(s.name), true))
            .chain([(alb_key("albconfig.order"), alb_key("order"), false)])
            .collect();
        for (winner, loser, nginx) in pairs {
            let (Some(win), Some(lose)) = (
                self.entries.get(winner.as_str()),
                self.entries.get(loser.as_str()),
            ) else {
                continue;
            };
            let (win_value, lose_value) =
                (&win.annotation.value.value, &lose.annotation.value.value);
            let same = win_value == lose_value;
            let message = if same {
                format!(
                    "`{loser}` is not read: `{winner}` is also set (to the same value) and takes precedence"
                )
            } else {
                format!(
                    "`{loser}` is not read: `{winner}` is also set and takes precedence, so {} applies, not {}",
                    quote(win_value),
                    quote(lose_value)
                )
            };
            let kind = if nginx {
                FindingKind::NginxShadows {
                    nginx_key: winner.clone(),
                }
            } else {
                FindingKind::Shadowed { by: winner.clone() }
            };
            let spec = lose.spec;
            let annotation = lose.annotation;
            self.findings.push(
                finding(annotation, Some(spec), kind)
                    .message(message)
                    .help(format!("remove one of the two; keep `{winner}` if the value it has is the one you want")),
            );
            self.entries.remove(loser.as_str());
        }
    }

    fn report_values(&mut self) {
        for entry in self.entries.values() {
            for problem in &entry.parsed.problems {
                let mut f = finding(
                    entry.annotation,
                    Some(entry.spec),
                    FindingKind::InvalidValue(problem.kind),
                )
                .message(problem.message.clone())
                .effect(problem.effect);
                f.help = problem.help.clone();
                self.findings.push(f);
            }
        }
    }

    /// The entry for registry name `name` that the controller reads (nginx first where it
    /// wins; shadowed entries are already gone).
    fn entry(&self, name: &str) -> Option<&Entry<'m>> {
        self.entries
            .get(nginx_key(name).as_str())
            .or_else(|| self.entries.get(alb_key(name).as_str()))
    }

    /// The value the controller uses for `name`: the annotation's, or the row's default
    /// when it is absent or counts as not set.
    fn value(&self, name: &str) -> Value {
        match self.entry(name).map(|e| &e.parsed.value) {
            Some(Value::Unset) | None => {
                alb_spec(name).map_or(Value::Unset, AnnotationSpec::default_value)
            }
            Some(value) => value.clone(),
        }
    }

    fn bool(&self, name: &str) -> bool {
        self.value(name) == Value::Bool(true)
    }

    fn int(&self, name: &str) -> Option<i64> {
        match self.value(name) {
            Value::Int(n) => Some(n),
            _ => None,
        }
    }

    fn str(&self, name: &str) -> Option<String> {
        match self.value(name) {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    fn list(&self, name: &str) -> Option<Vec<String>> {
        match self.value(name) {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    fn spanned_str(&self, name: &str) -> Option<Spanned<String>> {
        let entry = self.entry(name)?;
        match &entry.parsed.value {
            Value::Str(s) => Some(Spanned::new(s.clone(), entry.annotation.value.span)),
            _ => None,
        }
    }

    /// `None` when absent or empty.
    fn non_empty(&self, name: &str) -> Option<String> {
        self.str(name).filter(|s| !s.is_empty())
    }

    fn build(&mut self) -> AlbAnnotations {
        let mut view = AlbAnnotations::default();
        // Shadowed keys are gone, so each name has at most one entry left.
        for entry in self.entries.values() {
            let name = match entry.service {
                Some(service) => format!("{}.{service}", entry.spec.stem()),
                None => entry.spec.name.to_owned(),
            };
            let source = AnnotationSource {
                key: entry.annotation.key.clone(),
                value_span: entry.annotation.value.span,
            };
            view.sources.insert(name, source);
        }

        // `albconfig.order` was read first; `order` only counts without it (shadowing removed
        // `order` when both are present).
        if let Some(entry) = self
            .entries
            .get(alb_key("albconfig.order").as_str())
            .or_else(|| self.entries.get(alb_key("order").as_str()))
            && let Value::Int(n) = entry.parsed.value
        {
            view.order = n;
            view.order_explicit = true;
            view.order_span = Some(entry.annotation.value.span);
        }
        view.albconfig_name = self.spanned_str("albconfig.name");
        view.use_regex = self.spanned_str("use-regex");
        view.rewrite_target = self.spanned_str("rewrite-target");
        if let Some(entry) = self.entry("listen-ports")
            && let Value::ListenPorts(ports) = &entry.parsed.value
        {
            view.listen_ports = Some(ports.clone());
        }
        view.ssl_redirect = self.bool("ssl-redirect");
        view.backend_protocol = match self.str("backend-protocol").as_deref() {
            Some("https") => BackendProtocol::Https,
            Some("grpc") => BackendProtocol::Grpc,
            _ => BackendProtocol::Http,
        };
        view.canary = Canary {
            enabled: self.bool("canary"),
            by_header: self.non_empty("canary-by-header"),
            by_header_value: self.non_empty("canary-by-header-value"),
            by_cookie: self.non_empty("canary-by-cookie"),
            weight: self.int("canary-weight"),
        };
        self.read_per_service(&mut view);
        view.traffic_limit_qps = self.int("traffic-limit-qps");
        view.traffic_limit_ip_qps = self.int("traffic-limit-ip-qps");
        if self.bool("enable-cors") {
            view.cors = Some(Cors {
                allow_origin: self.list("cors-allow-origin").unwrap_or_default(),
                allow_methods: self.list("cors-allow-methods").unwrap_or_default(),
                allow_headers: self.list("cors-allow-headers").unwrap_or_default(),
                expose_headers: self.list("cors-expose-headers").unwrap_or_default(),
                allow_credentials: self.bool("cors-allow-credentials"),
                max_age: self.int("cors-max-age").unwrap_or(172_800),
            });
        }
        view.health_check = self.health_check();
        if self.bool("sticky-session") {
            view.sticky = Some(Sticky {
                kind: match self.str("sticky-session-type").as_deref() {
                    Some("Server") => StickyKind::Server,
                    _ => StickyKind::Insert,
                },
                cookie_timeout_s: self.int("cookie-timeout").unwrap_or(1000),
            });
        }
        view.scheduler = match self.str("backend-scheduler").as_deref() {
            Some("wlc") => Scheduler::Wlc,
            Some("sch") => Scheduler::Sch,
            Some("uch") => Scheduler::Uch,
            _ => Scheduler::Wrr,
        };
        view.uch_value = self.non_empty("backend-scheduler-uch-value");
        view.backend_keepalive = self.bool("backend-keepalive");

        self.check_combinations(&view);
        view
    }

    fn read_per_service(&self, view: &mut AlbAnnotations) {
        for entry in self.entries.values() {
            let Some(service) = entry.service else {
                continue;
            };
            match (&entry.parsed.value, entry.spec.stem()) {
                (Value::Conditions(c), "conditions") => {
                    view.conditions.insert(service.to_owned(), c.clone());
                }
                (Value::Actions(a), "actions") => {
                    view.actions.insert(service.to_owned(), a.clone());
                }
                (Value::Str(direction), "rule-direction") => {
                    let direction = if direction == "Response" {
                        Direction::Response
                    } else {
                        Direction::Request
                    };
                    view.rule_direction.insert(service.to_owned(), direction);
                }
                _ => {}
            }
        }
    }

    fn health_check(&self) -> HealthCheck {
        let defaults = HealthCheck::default();
        let text = |name: &str, default: String| self.str(name).unwrap_or(default);
        HealthCheck {
            enabled: self.bool("healthcheck-enabled"),
            path: text("healthcheck-path", defaults.path),
            protocol: text("healthcheck-protocol", defaults.protocol),
            method: text("healthcheck-method", defaults.method),
            httpcodes: self
                .list("healthcheck-httpcode")
                .unwrap_or(defaults.httpcodes),
            timeout_s: self
                .int("healthcheck-timeout-seconds")
                .unwrap_or(defaults.timeout_s),
            interval_s: self
                .int("healthcheck-interval-seconds")
                .unwrap_or(defaults.interval_s),
            healthy_threshold: self
                .int("healthy-threshold-count")
                .unwrap_or(defaults.healthy_threshold),
            unhealthy_threshold: self
                .int("unhealthy-threshold-count")
                .unwrap_or(defaults.unhealthy_threshold),
            connect_port: self
                .int("healthcheck-connect-port")
                .unwrap_or(defaults.connect_port),
        }
    }

    /// Settings that only make sense together, and combinations the controller rejects.
    fn check_combinations(&mut self, view: &AlbAnnotations) {
        let mut found = Vec::new();

        // Per-IP limit must be strictly below the rule limit (buildQpsLimitAction).
        if let (Some(qps), Some(per_ip)) = (view.traffic_limit_qps, view.traffic_limit_ip_qps)
            && qps >= 1
            && per_ip >= qps
            && let Some(entry) = self.entry("traffic-limit-ip-qps")
        {
            found.push(
                finding(
                    entry.annotation,
                    Some(entry.spec),
                    FindingKind::Conflict {
                        with: alb_key("traffic-limit-qps"),
                    },
                )
                .message(format!(
                    "the per-IP limit {per_ip} must be less than `traffic-limit-qps` {qps}"
                ))
                .help(
                    "lower traffic-limit-ip-qps, or drop it if one client may use the whole limit",
                )
                .effect(InvalidEffect::GroupError),
            );
        }

        // Header/cookie plus weight: neither of the controller's canary loops takes the Ingress.
        if view.canary.is_dropped()
            && let Some(entry) = self.entry("canary-weight")
        {
            let other = [
                "canary-by-header",
                "canary-by-header-value",
                "canary-by-cookie",
            ]
            .into_iter()
            .find_map(|name| self.entry(name))
            .map_or_else(
                || alb_key("canary-by-header"),
                |e| e.annotation.key.value.clone(),
            );
            found.push(
                finding(entry.annotation, Some(entry.spec), FindingKind::Conflict { with: other.clone() })
                    .message(format!(
                        "a canary cannot have both a weight and `{other}`: the controller drops this Ingress and builds no rules for it"
                    ))
                    .help("split it into two canary Ingresses: one by header/cookie, one by weight")
                    .effect(InvalidEffect::Ignored),
            );
        }

        let requires: [(&[&str], &str, bool); 5] = [
            (
                &[
                    "canary-by-header",
                    "canary-by-header-value",
                    "canary-by-cookie",
                    "canary-weight",
                ],
                "canary",
                view.canary.enabled,
            ),
            (
                &[
                    "cors-allow-origin",
                    "cors-allow-methods",
                    "cors-allow-headers",
                    "cors-expose-headers",
                    "cors-allow-credentials",
                    "cors-max-age",
                ],
                "enable-cors",
                view.cors.is_some(),
            ),
            (
                &[
                    "healthcheck-path",
                    "healthcheck-protocol",
                    "healthcheck-method",
                    "healthcheck-httpcode",
                    "healthcheck-timeout-seconds",
                    "healthcheck-interval-seconds",
                    "healthy-threshold-count",
                    "unhealthy-threshold-count",
                    "healthcheck-connect-port",
                ],
                "healthcheck-enabled",
                view.health_check.enabled,
            ),
            (
                &["sticky-session-type", "cookie-timeout"],
                "sticky-session",
                view.sticky.is_some(),
            ),
            (
                &["backend-scheduler-uch-value"],
                "backend-scheduler",
                view.scheduler == Scheduler::Uch,
            ),
        ];
        for (dependents, switch, on) in requires {
            if on {
                continue;
            }
            let (required, wanted) = if switch == "backend-scheduler" {
                (alb_key(switch), "\"uch\"")
            } else {
                (alb_key(switch), "\"true\"")
            };
            for name in dependents {
                let Some(entry) = self.entry(name) else {
                    continue;
                };
                found.push(
                    finding(
                        entry.annotation,
                        Some(entry.spec),
                        FindingKind::Inactive {
                            requires: required.clone(),
                        },
                    )
                    .message(format!(
                        "`{}` has no effect unless `{required}` is {wanted}",
                        entry.annotation.key.value
                    ))
                    .help(format!(
                        "set `{required}: {wanted}`, or remove this annotation"
                    )),
                );
            }
        }
        self.findings.extend(found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{ListenPort, ListenProtocol};
    use crate::source::FileId;

    /// An object whose annotations have distinct, increasing spans (key at 10·i, value at
    /// 10·i + 5), so tests can tell findings apart.
    fn meta(annotations: &[(&str, &str)]) -> ObjectMeta {
        let span = |start: usize| Span::new(FileId(0), start, start + 4);
        let text = |s: &str, start: usize| Spanned::new(s.to_owned(), span(start));
        ObjectMeta {
            api_version: text("networking.k8s.io/v1", 0),
            kind: text("Ingress", 0),
            name: text("demo", 0),
            namespace: None,
            labels: BTreeMap::new(),
            creation_timestamp: None,
            annotations: annotations
                .iter()
                .enumerate()
                .map(|(i, (k, v))| Annotation {
                    key: text(k, 100 + 10 * i),
                    value: text(v, 105 + 10 * i),
                })
                .collect(),
            span: span(0),
        }
    }

    fn parse(annotations: &[(&str, &str)]) -> (AlbAnnotations, Vec<AnnotationFinding>) {
        parse_ingress(&meta(annotations))
    }

    fn kinds(findings: &[AnnotationFinding]) -> Vec<(&str, &FindingKind)> {
        findings
            .iter()
            .map(|f| (f.key.value.as_str(), &f.kind))
            .collect()
    }

    #[test]
    fn no_annotations_give_the_controller_defaults() {
        let (view, findings) = parse(&[]);
        assert_eq!(view, AlbAnnotations::default());
        assert!(findings.is_empty());
        assert_eq!(view.order, 10);
        assert_eq!(view.health_check.httpcodes, ["http_2xx"]);
    }

    #[test]
    fn albconfig_order_wins_over_order() {
        let (view, findings) = parse(&[
            ("alb.ingress.kubernetes.io/order", "3"),
            ("alb.ingress.kubernetes.io/albconfig.order", "7"),
        ]);
        assert_eq!((view.order, view.order_explicit), (7, true));
        assert_eq!(view.order_span, Some(Span::new(FileId(0), 115, 119)));
        assert_eq!(
            kinds(&findings),
            [(
                "alb.ingress.kubernetes.io/order",
                &FindingKind::Shadowed {
                    by: "alb.ingress.kubernetes.io/albconfig.order".into()
                }
            )]
        );
        assert_eq!(
            findings[0].message,
            "`alb.ingress.kubernetes.io/order` is not read: `alb.ingress.kubernetes.io/albconfig.order` \
             is also set and takes precedence, so `7` applies, not `3`"
        );

        let (view, _) = parse(&[("alb.ingress.kubernetes.io/order", "3")]);
        assert_eq!((view.order, view.order_explicit), (3, true));

        // Present but empty: the controller stops looking, and the default applies.
        let (view, _) = parse(&[
            ("alb.ingress.kubernetes.io/order", "3"),
            ("alb.ingress.kubernetes.io/albconfig.order", ""),
        ]);
        assert_eq!((view.order, view.order_explicit), (10, false));
    }

    #[test]
    fn nginx_canary_keys_win() {
        let (view, findings) = parse(&[
            ("alb.ingress.kubernetes.io/canary", "true"),
            ("alb.ingress.kubernetes.io/canary-weight", "20"),
            ("nginx.ingress.kubernetes.io/canary-weight", "80"),
            ("nginx.ingress.kubernetes.io/ssl-redirect", "true"),
        ]);
        assert!(view.canary.enabled);
        assert_eq!(view.canary.weight, Some(80));
        assert!(view.ssl_redirect);
        assert_eq!(
            view.source("canary-weight").map(|s| s.key.value.as_str()),
            Some("nginx.ingress.kubernetes.io/canary-weight")
        );
        assert_eq!(
            kinds(&findings),
            [(
                "alb.ingress.kubernetes.io/canary-weight",
                &FindingKind::NginxShadows {
                    nginx_key: "nginx.ingress.kubernetes.io/canary-weight".into()
                }
            )]
        );
    }

    #[test]
    fn nginx_canary_off_switches_the_alb_canary_off() {
        let (view, findings) = parse(&[
            ("alb.ingress.kubernetes.io/canary", "true"),
            ("nginx.ingress.kubernetes.io/canary", "false"),
        ]);
        assert!(!view.canary.enabled);
        assert!(matches!(findings[0].kind, FindingKind::NginxShadows { .. }));
    }

    #[test]
    fn typed_values() {
        let (view, findings) = parse(&[
            (
                "alb.ingress.kubernetes.io/listen-ports",
                r#"[{"HTTP":80},{"HTTPS":443}]"#,
            ),
            ("alb.ingress.kubernetes.io/backend-protocol", "grpc"),
            ("alb.ingress.kubernetes.io/backend-scheduler", "uch"),
            (
                "alb.ingress.kubernetes.io/backend-scheduler-uch-value",
                "uid",
            ),
            ("alb.ingress.kubernetes.io/use-regex", "true"),
            ("alb.ingress.kubernetes.io/rewrite-target", "/${1}"),
            ("alb.ingress.kubernetes.io/sticky-session", "true"),
            ("alb.ingress.kubernetes.io/cookie-timeout", "1800"),
            ("alb.ingress.kubernetes.io/traffic-limit-qps", "50"),
            ("alb.ingress.kubernetes.io/rule-direction.web", "Response"),
            (
                "alb.ingress.kubernetes.io/conditions.web",
                r#"[{"Type":"Method","MethodConfig":{"Values":["GET"]}}]"#,
            ),
            (
                "alb.ingress.kubernetes.io/actions.web",
                r#"[{"type":"RemoveHeader","removeHeaderConfig":{"key":"x"}}]"#,
            ),
        ]);
        assert_eq!(findings, vec![]);
        assert_eq!(
            view.listen_ports.clone(),
            Some(vec![
                ListenPort {
                    protocol: ListenProtocol::Http,
                    port: 80
                },
                ListenPort {
                    protocol: ListenProtocol::Https,
                    port: 443
                }
            ])
        );
        assert_eq!(view.backend_protocol, BackendProtocol::Grpc);
        assert_eq!(view.scheduler, Scheduler::Uch);
        assert_eq!(view.uch_value.as_deref(), Some("uid"));
        assert!(view.prefix_path_is_regex("/api(/|$)(.*)"));
        assert!(!view.prefix_path_is_regex("/"));
        assert_eq!(
            view.sticky,
            Some(Sticky {
                kind: StickyKind::Insert,
                cookie_timeout_s: 1800
            })
        );
        assert_eq!(view.traffic_limit_qps, Some(50));
        assert_eq!(view.rule_direction["web"], Direction::Response);
        assert_eq!(
            view.source("conditions.web").map(|s| s.value_span),
            Some(Span::new(FileId(0), 205, 209))
        );
        assert_eq!(
            view.conditions["web"],
            vec![Condition::Method {
                values: vec!["GET".into()]
            }]
        );
        assert_eq!(
            view.actions["web"],
            vec![Action::RemoveHeader { key: "x".into() }]
        );
    }

    #[test]
    fn use_regex_is_kept_as_the_controller_compares_it() {
        let (view, findings) = parse(&[("alb.ingress.kubernetes.io/use-regex", " false ")]);
        assert_eq!(
            view.use_regex.as_ref().map(|u| u.value.as_str()),
            Some("false")
        );
        assert!(view.prefix_path_is_regex("/api"));
        assert!(!view.prefix_path_is_regex("false"));
        assert_eq!(
            findings[0].kind,
            FindingKind::InvalidValue(ProblemKind::Misleading)
        );
    }

    #[test]
    fn invalid_values_become_findings_with_defaults_in_the_view() {
        let (view, findings) = parse(&[
            ("alb.ingress.kubernetes.io/backend-protocol", "HTTPS"),
            ("alb.ingress.kubernetes.io/healthcheck-enabled", "True"),
            ("alb.ingress.kubernetes.io/backend-scheduler", "WRR"),
        ]);
        assert_eq!(view.backend_protocol, BackendProtocol::Http);
        assert!(!view.health_check.enabled);
        assert_eq!(view.scheduler, Scheduler::Wrr);
        let effects: Vec<_> = findings
            .iter()
            .map(|f| (f.key.value.as_str(), f.effect))
            .collect();
        assert_eq!(
            effects,
            [
                (
                    "alb.ingress.kubernetes.io/backend-protocol",
                    InvalidEffect::Ignored
                ),
                (
                    "alb.ingress.kubernetes.io/healthcheck-enabled",
                    InvalidEffect::Ignored
                ),
                (
                    "alb.ingress.kubernetes.io/backend-scheduler",
                    InvalidEffect::GroupError
                ),
            ]
        );
        assert_eq!(findings[0].value_span, Span::new(FileId(0), 105, 109));
    }

    #[test]
    fn cors_defaults_apply_when_enabled() {
        let (view, _) = parse(&[("alb.ingress.kubernetes.io/enable-cors", "true")]);
        let cors = view.cors.unwrap();
        assert_eq!(cors.allow_origin, ["*"]);
        assert_eq!(
            cors.allow_methods,
            ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"]
        );
        assert_eq!(cors.allow_headers.len(), 9);
        assert!(cors.expose_headers.is_empty());
        assert!(cors.allow_credentials);
        assert_eq!(cors.max_age, 172_800);

        let (view, _) = parse(&[
            ("alb.ingress.kubernetes.io/enable-cors", "true"),
            ("alb.ingress.kubernetes.io/cors-allow-credentials", "false"),
            ("alb.ingress.kubernetes.io/cors-max-age", "600"),
        ]);
        let cors = view.cors.unwrap();
        assert!(!cors.allow_credentials);
        assert_eq!(cors.max_age, 600);
    }

    #[test]
    fn unknown_dead_foreign_and_managed_keys_are_reported() {
        let (_, findings) = parse(&[
            ("alb.ingress.kubernetes.io/canary-wieght", "10"),
            ("alb.ingress.kubernetes.io/address-type", "Internet"),
            (
                "alb.ingress.kubernetes.io/healthcheck-httpversion",
                "HTTP1.0",
            ),
            ("nginx.ingress.kubernetes.io/affinity", "cookie"),
            ("nginx.ingress.kubernetes.io/rewrite-target", "/"),
            ("kubernetes.io/elb.keepalive_timeout", "300"),
            ("kubernetes.io/ingress.class", "alb"),
            ("alb.ingress.kubernetes.io/canary-weight-total", "1000"),
        ]);
        assert_eq!(
            kinds(&findings),
            [
                (
                    "alb.ingress.kubernetes.io/canary-wieght",
                    &FindingKind::UnknownAlbAnnotation {
                        suggestions: vec!["alb.ingress.kubernetes.io/canary-weight"]
                    }
                ),
                (
                    "alb.ingress.kubernetes.io/address-type",
                    &FindingKind::NoEffect
                ),
                (
                    "alb.ingress.kubernetes.io/healthcheck-httpversion",
                    &FindingKind::ManagedOnly
                ),
                (
                    "nginx.ingress.kubernetes.io/affinity",
                    &FindingKind::OtherController(Dialect::Nginx)
                ),
                (
                    "nginx.ingress.kubernetes.io/rewrite-target",
                    &FindingKind::OtherController(Dialect::Nginx)
                ),
                (
                    "kubernetes.io/elb.keepalive_timeout",
                    &FindingKind::OtherController(Dialect::CceElb)
                ),
                (
                    "alb.ingress.kubernetes.io/canary-weight-total",
                    &FindingKind::Unsupported
                ),
            ]
        );
        assert_eq!(
            findings[0].help.as_deref(),
            Some("did you mean `alb.ingress.kubernetes.io/canary-weight`?")
        );
        assert_eq!(
            findings[3].help.as_deref(),
            Some(
                "the ALB counterpart is `alb.ingress.kubernetes.io/sticky-session`; check `alb explain \
                 alb.ingress.kubernetes.io/sticky-session`, as the semantics differ"
            )
        );
        assert_eq!(
            findings[4].message,
            "`nginx.ingress.kubernetes.io/rewrite-target` is read by ingress-nginx, not by the ALB controller"
        );
    }

    #[test]
    fn unconfirmed_keys_say_only_what_is_known() {
        let (_, findings) = parse(&[
            ("alb.ingress.kubernetes.io/connection-drain-enabled", "true"),
            ("alb.ingress.kubernetes.io/connection-drain-timeout", "60"),
            (
                "alb.ingress.kubernetes.io/certificate-id",
                "123-cn-hangzhou",
            ),
        ]);
        assert_eq!(findings.len(), 3);
        for f in &findings {
            assert_eq!(
                f.kind,
                FindingKind::UnknownAlbAnnotation {
                    suggestions: Vec::new()
                }
            );
            assert!(
                f.message.ends_with(
                    "is not read by the open-source ALB controller, and alb cannot tell whether \
                     ACK's managed controller reads it"
                ),
                "{}",
                f.message
            );
            assert!(!f.message.contains("not an annotation"), "{}", f.message);
        }
    }

    #[test]
    fn settings_without_their_switch_are_inactive() {
        let (_, findings) = parse(&[
            ("alb.ingress.kubernetes.io/canary-weight", "10"),
            ("alb.ingress.kubernetes.io/healthcheck-path", "/healthz"),
            ("alb.ingress.kubernetes.io/cors-max-age", "600"),
            (
                "alb.ingress.kubernetes.io/backend-scheduler-uch-value",
                "uid",
            ),
        ]);
        assert_eq!(findings.len(), 4);
        assert!(
            findings
                .iter()
                .all(|f| matches!(f.kind, FindingKind::Inactive { .. }))
        );
        assert_eq!(
            findings[0].message,
            "`alb.ingress.kubernetes.io/canary-weight` has no effect unless \
             `alb.ingress.kubernetes.io/canary` is \"true\""
        );
        assert_eq!(
            findings[3].message,
            "`alb.ingress.kubernetes.io/backend-scheduler-uch-value` has no effect unless \
             `alb.ingress.kubernetes.io/backend-scheduler` is \"uch\""
        );
    }

    #[test]
    fn conflicting_combinations() {
        let (view, findings) = parse(&[
            ("alb.ingress.kubernetes.io/canary", "true"),
            ("alb.ingress.kubernetes.io/canary-by-header", "x-canary"),
            ("alb.ingress.kubernetes.io/canary-weight", "30"),
            ("alb.ingress.kubernetes.io/traffic-limit-qps", "10"),
            ("alb.ingress.kubernetes.io/traffic-limit-ip-qps", "10"),
        ]);
        assert!(view.canary.is_dropped());
        let conflicts: Vec<_> = findings
            .iter()
            .filter(|f| matches!(f.kind, FindingKind::Conflict { .. }))
            .map(|f| (f.key.value.as_str(), f.effect))
            .collect();
        assert_eq!(
            conflicts,
            [
                (
                    "alb.ingress.kubernetes.io/canary-weight",
                    InvalidEffect::Ignored
                ),
                (
                    "alb.ingress.kubernetes.io/traffic-limit-ip-qps",
                    InvalidEffect::GroupError
                ),
            ]
        );
    }

    #[test]
    fn duplicated_keys_use_the_last_value() {
        let (view, _) = parse(&[
            ("alb.ingress.kubernetes.io/order", "3"),
            ("alb.ingress.kubernetes.io/order", "4"),
        ]);
        assert_eq!(view.order, 4);
    }

    #[test]
    fn server_group_id_belongs_on_services() {
        let (_, findings) = parse(&[("alb.ingress.kubernetes.io/server-group-id", "sgp-1")]);
        assert_eq!(findings[0].kind, FindingKind::NoEffect);
        assert_eq!(
            findings[0].message,
            "`alb.ingress.kubernetes.io/server-group-id` is read from Services, not from Ingresses"
        );
    }

    #[test]
    fn invalid_listen_ports_leave_none_and_report() {
        let (view, findings) = parse(&[("alb.ingress.kubernetes.io/listen-ports", "[]")]);
        assert_eq!(view.listen_ports, None);
        assert_eq!(findings[0].effect, InvalidEffect::GroupError);
        assert_eq!(
            findings[0].kind,
            FindingKind::InvalidValue(ProblemKind::JsonShape)
        );
    }
}
