//! The JSON contracts (documented in the README). Engine types stay serde-free; these DTOs are
//! built from them here, so a field name only changes when this file does.

use std::collections::BTreeMap;

use alb_engine::annotations::AnnotationSpec;
use alb_engine::compile::{
    Action, Condition, Listener, RedirectTarget, RouteTable, Rule, WeightedTarget,
};
use alb_engine::exchange::{Exchange, Plan, RETRIES};
use alb_engine::lint::LintReport;
use alb_engine::manifest::Manifest;
use alb_engine::ownership::{Controller, Skipped};
use alb_engine::route::{Router, TraceEntry};
use alb_engine::{Diagnostic, SourceMap};
use serde::Serialize;

#[derive(Serialize)]
pub struct DiagnosticJson<'a> {
    pub code: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub object: Option<&'a str>,
    pub help: Option<&'a str>,
    pub related: Vec<RelatedJson<'a>>,
}

#[derive(Serialize)]
pub struct RelatedJson<'a> {
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
    pub message: &'a str,
}

pub fn diagnostic<'a>(d: &'a Diagnostic, sources: &'a SourceMap) -> DiagnosticJson<'a> {
    let file = sources.get(d.span.file).map_or("", |f| f.name.as_str());
    let start = sources.position(d.span);
    let end = sources.position(alb_engine::Span {
        start: d.span.end,
        ..d.span
    });
    DiagnosticJson {
        code: d.code,
        severity: d.severity.as_str(),
        message: &d.message,
        file,
        line: start.map_or(0, |p| p.line),
        column: start.map_or(0, |p| p.column),
        end_line: end.map_or(0, |p| p.line),
        end_column: end.map_or(0, |p| p.column),
        object: d.object.as_deref(),
        help: d.help.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| {
                let pos = sources.position(r.span);
                RelatedJson {
                    file: sources.get(r.span.file).map_or("", |f| f.name.as_str()),
                    line: pos.map_or(0, |p| p.line),
                    column: pos.map_or(0, |p| p.column),
                    message: &r.message,
                }
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// `alb explain -f ... -o json`

#[derive(Serialize)]
pub struct RulesJson<'a> {
    pub version: u32,
    pub albs: Vec<AlbJson>,
    pub notes: Vec<NoteJson>,
    /// The errors `alb lint` reports on the same inputs.
    pub diagnostics: Vec<DiagnosticJson<'a>>,
    /// What the table leaves out, and why.
    pub skipped: Vec<SkippedJson>,
}

#[derive(Serialize)]
pub struct AlbJson {
    /// The AlbConfig's name.
    pub albconfig: String,
    /// False when the AlbConfig is not among the inputs and the usual one is assumed.
    pub albconfig_found: bool,
    pub ingresses: Vec<MemberJson>,
    pub listeners: Vec<ListenerJson>,
}

#[derive(Serialize)]
pub struct MemberJson {
    pub ingress: String,
    pub order: i64,
    pub listeners: Vec<String>,
    /// How the Ingress came to this AlbConfig: `annotation`, `ingress-class`,
    /// `ingress-class-without-parameters`, `only-albconfig`, `no-ingress-class` or
    /// `missing-ingress-class`.
    pub albconfig_from: &'static str,
}

#[derive(Serialize)]
pub struct ListenerJson {
    pub listener: String,
    pub timeouts: ListenerTimeoutsJson,
    pub rules: Vec<RuleJson>,
}

/// Whole seconds: the AlbConfig sets both timeouts in seconds.
#[derive(Serialize)]
pub struct ListenerTimeoutsJson {
    pub idle_secs: u64,
    pub request_secs: u64,
}

#[derive(Serialize)]
pub struct RuleJson {
    pub priority: u32,
    pub ingress: String,
    pub host: String,
    pub path: String,
    pub path_type: &'static str,
    pub regex: bool,
    pub canary: Option<&'static str>,
    pub conditions: Vec<serde_json::Value>,
    pub actions: Vec<serde_json::Value>,
    pub file: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Serialize)]
pub struct NoteJson {
    pub ingress: String,
    pub message: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
}

pub fn rules<'a>(
    table: &RouteTable,
    manifest: &Manifest,
    sources: &'a SourceMap,
    diagnostics: &'a [Diagnostic],
) -> RulesJson<'a> {
    let location = |span: alb_engine::Span| {
        let pos = sources.position(span);
        (
            sources
                .get(span.file)
                .map_or(String::new(), |f| f.name.clone()),
            pos.map_or(0, |p| p.line),
            pos.map_or(0, |p| p.column),
        )
    };
    RulesJson {
        version: 1,
        albs: table
            .groups
            .iter()
            .map(|g| AlbJson {
                albconfig: g.name.clone(),
                albconfig_found: g.alb_config.is_some(),
                ingresses: g
                    .members
                    .iter()
                    .map(|m| MemberJson {
                        ingress: m.key.clone(),
                        order: m.order,
                        listeners: m.wanted.iter().map(ToString::to_string).collect(),
                        albconfig_from: m.attachment.code(),
                    })
                    .collect(),
                listeners: g.listeners.iter().map(|l| listener(l, &location)).collect(),
            })
            .collect(),
        notes: table
            .notes
            .iter()
            .map(|n| {
                let (file, line, column) = location(n.span);
                NoteJson {
                    ingress: manifest
                        .ingresses
                        .get(n.ingress)
                        .map_or(String::new(), |i| i.meta.key()),
                    message: n.message.clone(),
                    file,
                    line,
                    column,
                }
            })
            .collect(),
        diagnostics: diagnostics.iter().map(|d| diagnostic(d, sources)).collect(),
        skipped: skipped(&table.skipped, sources),
    }
}

fn listener(
    l: &Listener,
    location: &dyn Fn(alb_engine::Span) -> (String, u32, u32),
) -> ListenerJson {
    ListenerJson {
        listener: l.key.to_string(),
        timeouts: ListenerTimeoutsJson {
            idle_secs: l.timeouts.idle.as_secs(),
            request_secs: l.timeouts.request.as_secs(),
        },
        rules: l.rules.iter().map(|r| rule(r, location)).collect(),
    }
}

fn rule(r: &Rule, location: &dyn Fn(alb_engine::Span) -> (String, u32, u32)) -> RuleJson {
    let (file, line, column) = location(r.span);
    RuleJson {
        priority: r.priority,
        ingress: r.ingress_key.clone(),
        host: r.host.clone(),
        path: r.path.clone(),
        path_type: r.path_type.as_str(),
        regex: r.regex,
        canary: r.canary.as_ref().map(|c| match c {
            alb_engine::compile::CanaryRole::Conditional => "conditional",
            alb_engine::compile::CanaryRole::Plain => "plain",
        }),
        conditions: r.conditions.iter().map(condition).collect(),
        actions: r.actions.iter().map(action).collect(),
        file,
        line,
        column,
    }
}

pub fn condition(c: &Condition) -> serde_json::Value {
    use serde_json::json;
    let pairs = |v: &[(String, String)]| {
        v.iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect::<Vec<_>>()
    };
    match c {
        Condition::Host { values }
        | Condition::Path { values }
        | Condition::Method { values }
        | Condition::SourceIp { values }
        | Condition::ResponseStatusCode { values } => {
            json!({"type": c.type_name(), "values": values})
        }
        Condition::Header { key, values } | Condition::ResponseHeader { key, values } => {
            json!({"type": c.type_name(), "key": key, "values": values})
        }
        Condition::Cookie { values } | Condition::QueryString { values } => {
            json!({"type": c.type_name(), "values": pairs(values)})
        }
    }
}

fn target(t: &WeightedTarget) -> serde_json::Value {
    serde_json::json!({
        "namespace": t.target.namespace,
        "service": t.target.service,
        "port": t.target.port,
        "weight": t.weight,
        "canary": t.canary,
    })
}

pub fn action(a: &Action) -> serde_json::Value {
    use serde_json::json;
    match a {
        Action::Forward(targets) => {
            json!({"type": "ForwardGroup", "targets": targets.iter().map(target).collect::<Vec<_>>()})
        }
        Action::ForwardToServerGroup(id) => json!({"type": "ForwardGroup", "server_group_id": id}),
        Action::Redirect {
            code,
            protocol,
            host,
            port,
            path,
            query,
        } => {
            json!({"type": "Redirect", "code": code, "protocol": protocol, "host": host, "port": port, "path": path, "query": query})
        }
        Action::FixedResponse {
            code,
            content_type,
            content,
        } => {
            json!({"type": "FixedResponse", "code": code, "content_type": content_type, "content": content})
        }
        Action::CorsAnswer(c) => json!({
            "type": "Cors",
            "allow_origin": c.origins.clone().unwrap_or_else(|| vec!["*".to_string()]),
            "allow_methods": c.allow_methods,
            "allow_headers": c.allow_headers,
            "expose_headers": c.expose_headers,
            "allow_credentials": c.allow_credentials,
            "max_age": c.max_age,
            "preflight": "any OPTIONS",
        }),
        Action::Return { code, target } => match target {
            RedirectTarget::Fixed(url) => json!({"type": "Return", "code": code, "location": url}),
            RedirectTarget::Request {
                scheme,
                host_as_sent,
                path,
                query,
                strip_trailing_slash,
            } => json!({
                "type": "Return",
                "code": code,
                "scheme": scheme,
                "host_as_sent": host_as_sent,
                "path": path,
                "keep_query": query,
                "strip_trailing_slash": strip_trailing_slash,
            }),
        },
        Action::Rewrite { host, path, query } => {
            json!({"type": "Rewrite", "host": host, "path": path, "query": query})
        }
        Action::InsertHeader {
            name,
            value,
            value_type,
        } => json!({"type": "InsertHeader", "key": name, "value": value, "value_type": value_type}),
        Action::RemoveHeader { name } => json!({"type": "RemoveHeader", "key": name}),
        Action::TrafficLimit { qps, qps_per_ip } => {
            json!({"type": "TrafficLimit", "qps": qps, "qps_per_ip": qps_per_ip})
        }
        Action::TrafficMirror { target } => json!({"type": "TrafficMirror", "target": target}),
        Action::Cors(c) => json!({
            "type": "Cors",
            "allow_origin": c.allow_origin,
            "allow_methods": c.allow_methods,
            "allow_headers": c.allow_headers,
            "expose_headers": c.expose_headers,
            "allow_credentials": c.allow_credentials,
            "max_age": c.max_age,
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// `alb explain NAME -o json`

#[derive(Serialize)]
pub struct AnnotationJson {
    pub version: u32,
    pub annotation: AnnotationEntryJson,
}

#[derive(Serialize)]
pub struct AnnotationEntryJson {
    pub name: String,
    pub dialect: &'static str,
    pub per_service: bool,
    pub value: String,
    pub default: Option<&'static str>,
    pub status: &'static str,
    pub category: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub on_invalid: &'static str,
    pub on_invalid_note: &'static str,
    pub nginx_prefix_wins: bool,
    pub see_also: &'static [&'static str],
}

pub fn annotation(spec: &AnnotationSpec) -> AnnotationJson {
    AnnotationJson {
        version: 1,
        annotation: AnnotationEntryJson {
            name: spec.full_name(),
            dialect: spec.dialect.as_str(),
            per_service: spec.per_service,
            value: spec.describe(),
            default: spec.default,
            status: spec.status.as_str(),
            category: spec.category.title(),
            summary: spec.summary,
            description: spec.description,
            on_invalid: spec.on_invalid.as_str(),
            on_invalid_note: spec.on_invalid_note,
            nginx_prefix_wins: spec.nginx_prefix_wins,
            see_also: spec.see_also,
        },
    }
}

// ---------------------------------------------------------------------------------------------
// `alb route URL -o json`, and each line of `alb route --requests`

#[derive(Serialize)]
pub struct DecisionJson {
    pub version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    pub outcome: &'static str,
    pub status: Option<u16>,
    pub listener: Option<String>,
    pub ingress: Option<String>,
    pub rule: Option<RuleSummaryJson>,
    pub canary: bool,
    pub backend: Option<TargetJson>,
    pub split: Vec<WeightedTargetJson>,
    pub upstream_path: Option<String>,
    pub upstream_host: Option<String>,
    pub location: Option<String>,
    pub headers: BTreeMap<String, Vec<String>>,
    /// The ALB server group (`namespace-service-port`) a forwarded request goes to.
    pub server_group: Option<String>,
    /// The endpoint a fresh load balancer picks, and how.
    pub endpoint: Option<EndpointJson>,
    /// What the load balancer answers itself (`status` is its status), or `null` when it
    /// forwards.
    pub answer: Option<AnswerJson>,
    /// The request the endpoint receives, or `null` when the load balancer answers.
    pub upstream: Option<UpstreamJson>,
    /// When a forwarded request is sent again, or `null` when it never is.
    pub retry: Option<RetryJson>,
    pub notes: Vec<String>,
    pub trace: Vec<TraceJson>,
}

#[derive(Serialize)]
pub struct AnswerJson {
    /// `no-match`, `redirect`, `fixed-response`, `preflight`, `qps-limit`,
    /// `no-healthy-endpoint`, `no-backend`.
    pub reason: &'static str,
    pub content_type: Option<String>,
    pub body: String,
}

#[derive(Serialize)]
pub struct UpstreamJson {
    pub method: String,
    /// Path and query, after any rewrite.
    pub target: String,
    /// In the order they are sent; names lower-case.
    pub headers: Vec<[String; 2]>,
}

#[derive(Serialize)]
pub struct RetryJson {
    /// `connect-error`: nothing reached the backend.
    pub after: &'static str,
    pub times: usize,
    /// Where to: another healthy endpoint of the same server group.
    pub to: &'static str,
}

#[derive(Serialize)]
pub struct EndpointJson {
    pub address: String,
    pub reason: String,
}

#[derive(Serialize)]
pub struct RuleSummaryJson {
    pub host: String,
    pub path: String,
    pub path_type: &'static str,
    pub priority: u32,
    pub file: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Serialize)]
pub struct TargetJson {
    pub namespace: String,
    pub service: String,
    pub port: i64,
}

#[derive(Serialize)]
pub struct WeightedTargetJson {
    pub namespace: String,
    pub service: String,
    pub port: i64,
    pub weight: i64,
}

#[derive(Serialize)]
pub struct TraceJson {
    pub ingress: String,
    pub rule: RuleSummaryJson,
    pub result: String,
}

fn rule_summary(rule: &Rule, sources: &SourceMap) -> RuleSummaryJson {
    let pos = sources.position(rule.span);
    RuleSummaryJson {
        host: rule.host.clone(),
        path: rule.path.clone(),
        path_type: rule.path_type.as_str(),
        priority: rule.priority,
        file: sources
            .get(rule.span.file)
            .map_or(String::new(), |f| f.name.clone()),
        line: pos.map_or(0, |p| p.line),
        column: pos.map_or(0, |p| p.column),
    }
}

pub fn decision(
    exchange: &Exchange,
    plan: &Plan,
    trace: &[TraceEntry],
    router: &Router,
    sources: &SourceMap,
    id: Option<serde_json::Value>,
) -> DecisionJson {
    let dispatch = &exchange.dispatch;
    let d = &dispatch.decision;
    let rule = d.rule.and_then(|r| router.rule(r));
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in &d.response_headers {
        headers.entry(name.clone()).or_default().push(value.clone());
    }
    if let Some(selection) = dispatch.endpoint() {
        for cookie in &selection.set_cookies {
            headers
                .entry("set-cookie".to_string())
                .or_default()
                .push(cookie.clone());
        }
    }
    let mut notes: Vec<String> = d.notes.iter().map(super::decision_note).collect();
    if let Some(scope) = &dispatch.limited {
        notes.push(format!(
            "over the QPS limit ({scope:?}): the load balancer answers 503"
        ));
    }
    if let Some(Err(none)) = &dispatch.selection {
        notes.push(format!("no healthy endpoint: {}", none.reason));
    }
    DecisionJson {
        version: 1,
        id,
        outcome: d.outcome.as_str(),
        status: dispatch.status(),
        listener: d.listener.map(|l| l.to_string()),
        ingress: rule.map(|r| r.ingress_key.clone()),
        rule: rule.map(|r| rule_summary(r, sources)),
        canary: d.canary,
        backend: router.backend(d).map(|t| TargetJson {
            namespace: t.namespace.clone(),
            service: t.service.clone(),
            port: t.port,
        }),
        split: router
            .split(d)
            .iter()
            .map(|t| WeightedTargetJson {
                namespace: t.target.namespace.clone(),
                service: t.target.service.clone(),
                port: t.target.port,
                weight: t.weight,
            })
            .collect(),
        upstream_path: d.upstream_path.clone(),
        upstream_host: d.upstream_host.clone(),
        location: d.location.clone(),
        headers,
        server_group: dispatch.group.as_ref().map(|g| g.alb_name()),
        endpoint: dispatch.endpoint().map(|s| EndpointJson {
            address: s.address.clone(),
            reason: s.reason.to_string(),
        }),
        answer: match plan {
            Plan::Answer(answer) => Some(AnswerJson {
                reason: answer.why.code(),
                content_type: answer.content_type.clone(),
                body: answer.body.clone(),
            }),
            Plan::Forward(_) => None,
        },
        upstream: match plan {
            Plan::Forward(_) => {
                let (method, target, headers) = exchange.upstream_request();
                Some(UpstreamJson {
                    method,
                    target,
                    headers: headers.into_iter().map(|(n, v)| [n, v]).collect(),
                })
            }
            Plan::Answer(_) => None,
        },
        retry: (matches!(plan, Plan::Forward(_)) && exchange.retries(true)).then_some(RetryJson {
            after: "connect-error",
            times: RETRIES,
            to: "another healthy endpoint",
        }),
        notes,
        trace: trace
            .iter()
            .filter_map(|t| {
                let rule = router.rule(t.rule)?;
                Some(TraceJson {
                    ingress: rule.ingress_key.clone(),
                    rule: rule_summary(rule, sources),
                    result: router.describe(t),
                })
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// `alb lint -o json`

#[derive(Serialize)]
pub struct LintJson<'a> {
    pub version: u32,
    pub diagnostics: Vec<DiagnosticJson<'a>>,
    pub summary: LintSummaryJson,
    /// ALBs that would stop reconciling because of errors the controller cannot apply.
    pub blocked_albs: Vec<BlockedAlbJson<'a>>,
}

#[derive(Serialize)]
pub struct LintSummaryJson {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
    pub objects: usize,
    /// Objects checked, per kind.
    pub checked: BTreeMap<&'static str, usize>,
    /// Whether no Ingress or AlbConfig was checked (the run exits 2 without `--allow-empty`).
    pub checked_nothing: bool,
    pub skipped: Vec<SkippedJson>,
}

/// An object a command left out, and why.
#[derive(Serialize)]
pub struct SkippedJson {
    /// `Kind namespace/name`.
    pub object: String,
    pub kind: String,
    /// `other-controller`, `controller-not-simulated`, `aws-load-balancer-controller`,
    /// `unknown-class` or `unknown-kind`.
    pub reason: &'static str,
    /// The controller concerned (`alb`, `nginx`, `traefik`, `cce`), if any.
    pub controller: Option<&'static str>,
    /// The evidence, in words.
    pub because: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
}

pub fn skipped(skipped: &[Skipped], sources: &SourceMap) -> Vec<SkippedJson> {
    skipped
        .iter()
        .map(|s| {
            let pos = sources.position(s.span);
            SkippedJson {
                object: s.object.clone(),
                kind: s.kind.clone(),
                reason: s.reason.code(),
                controller: s.reason.controller().map(Controller::as_str),
                because: s.because.clone(),
                file: sources
                    .get(s.span.file)
                    .map_or(String::new(), |f| f.name.clone()),
                line: pos.map_or(0, |p| p.line),
                column: pos.map_or(0, |p| p.column),
            }
        })
        .collect()
}

#[derive(Serialize)]
pub struct BlockedAlbJson<'a> {
    pub albconfig: &'a str,
    /// Indexes into `diagnostics`.
    pub caused_by: &'a [usize],
    pub ingresses: &'a [String],
}

pub fn lint<'a>(
    report: &'a LintReport,
    _manifest: &Manifest,
    sources: &'a SourceMap,
) -> LintJson<'a> {
    let count = |s| report.count(s);
    LintJson {
        version: 1,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| diagnostic(d, sources))
            .collect(),
        summary: LintSummaryJson {
            errors: count(alb_engine::Severity::Error),
            warnings: count(alb_engine::Severity::Warning),
            infos: count(alb_engine::Severity::Info),
            files: sources.len(),
            objects: report.objects,
            checked: report.checked.iter().copied().collect(),
            checked_nothing: report.checked_nothing(),
            skipped: skipped(&report.skipped, sources),
        },
        blocked_albs: report
            .verdicts
            .iter()
            .map(|v| BlockedAlbJson {
                albconfig: &v.albconfig,
                caused_by: &v.blocking,
                ingresses: &v.members,
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// `alb explain CODE -o json`

#[derive(Serialize)]
pub struct LintRuleJson {
    pub version: u32,
    pub rule: LintRuleEntryJson,
}

#[derive(Serialize)]
pub struct LintRuleEntryJson {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub blocks_group: bool,
    pub summary: &'static str,
    pub docs: &'static str,
}

pub fn lint_rule(rule: &alb_engine::lint::Rule) -> LintRuleJson {
    LintRuleJson {
        version: 1,
        rule: LintRuleEntryJson {
            code: rule.code,
            name: rule.name,
            severity: rule.severity.as_str(),
            blocks_group: rule.blocks_group,
            summary: rule.summary(),
            docs: rule.docs,
        },
    }
}
