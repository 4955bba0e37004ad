//! `alb route`: one request, a JSON-lines batch, or a file of route assertions.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use alb_engine::backends::BackendState;
use alb_engine::chance::Rolls;
use alb_engine::compile::Rule;
use alb_engine::dispatch::ServerGroups;
use alb_engine::exchange::{AnswerReason, Exchange, Plan};
use alb_engine::route::check::{self, CheckFile, RequestLine};
use alb_engine::route::{Decision, Outcome, Request, Router, RuleRef, TraceEntry, TraceResult};
use alb_engine::{SourceFile, SourceMap};
use anyhow::{Context, Result};
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use super::explain::or_any;
use crate::cli::{GlobalArgs, OutputFormat, RouteArgs};
use crate::exit::ExitStatus;
use crate::output::{self, diagnostics, json};
use crate::pipeline::{self, Routed};

pub fn run(global: &GlobalArgs, args: &RouteArgs) -> Result<ExitStatus> {
    if !matches!(global.output, OutputFormat::Human | OutputFormat::Json) {
        return usage(&format!(
            "-o {} is not supported here; use human or json",
            global.output.name()
        ));
    }
    if !args.check.is_empty() {
        return run_checks(global, args);
    }
    if global.filenames.is_empty() && global.stdin_filename.is_none() {
        return usage("no manifests: give them with -f PATH (a file, a directory, or - for stdin)");
    }
    if args.requests.as_deref() == Some(Path::new("-"))
        && global.filenames.iter().any(|f| f.as_os_str() == "-")
    {
        return usage(
            "standard input cannot hold both the manifests (-f -) and the requests (--requests -)",
        );
    }
    let inputs = super::inputs(global, &global.filenames);
    let routed = pipeline::route(&inputs, args.albconfig.as_deref())?;
    routed.report(inputs.color)?;
    let Routed {
        sources,
        manifest,
        router,
        group,
        ..
    } = routed;
    let group = match group {
        Ok(group) => group,
        Err(message) => return usage(&message),
    };
    if let Some(path) = &args.requests {
        let groups = ServerGroups::build(&router, group, &manifest, &BTreeMap::new());
        return batch(args, &router, group, &groups, &sources, path);
    }
    let request = match request_from_flags(args) {
        Ok(request) => request,
        Err(message) => return usage(&message),
    };
    let groups = ServerGroups::build(&router, group, &manifest, &BTreeMap::new());
    let trace = router.trace(group, &request);
    // A fresh load balancer: no request before this one.
    let exchange = Exchange::begin(
        &router,
        group,
        &groups,
        &mut BackendState::new(),
        request,
        Duration::ZERO,
        Rolls::new(args.seed).next_roll(),
    );
    let plan = exchange.plan(&router, &groups);
    let mut out = output::stdout();
    match global.output {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &json::decision(&exchange, &plan, &trace, &router, &sources, None),
            )?;
            writeln!(out)?;
        }
        _ => write_decision(&mut out, &exchange, &plan, &trace, &router, &sources, args)?,
    }
    out.flush()?;
    Ok(if exchange.dispatch.decision.outcome == Outcome::NoMatch {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn usage(message: &str) -> Result<ExitStatus> {
    eprintln!("alb route: {message}");
    Ok(ExitStatus::Error)
}

fn request_from_flags(args: &RouteArgs) -> Result<Request, String> {
    let url = args.url.as_deref().unwrap_or_default();
    let mut request = Request::from_url(url).map_err(|e| e.to_string())?;
    request.method = args.method.to_ascii_uppercase();
    for header in &args.headers {
        let Some((name, value)) = header.split_once(':') else {
            return Err(format!("-H `{header}` is not `Name: value`"));
        };
        request.add_header(name, value).map_err(|e| e.to_string())?;
    }
    for cookie in &args.cookies {
        request.add_cookies(cookie).map_err(|e| e.to_string())?;
    }
    if let Some(ip) = &args.client_ip {
        request.client_ip = Some(
            ip.parse()
                .map_err(|_| format!("--client-ip `{ip}` is not an IP address"))?,
        );
    }
    Ok(request)
}

// ---------------------------------------------------------------------------------------------
// Human output

fn location_of(rule: &Rule, sources: &SourceMap) -> String {
    match (sources.get(rule.span.file), sources.position(rule.span)) {
        (Some(f), Some(p)) => format!("{}:{}:{}", f.name, p.line, p.column),
        _ => String::new(),
    }
}

fn verdict(d: &Decision, router: &Router) -> String {
    match d.outcome {
        Outcome::Forward => match router.backend(d) {
            Some(b) => format!("forward to {b}"),
            None => "forward".to_string(),
        },
        Outcome::Redirect => format!(
            "{} redirect to {}",
            d.status.unwrap_or_default(),
            d.location.as_deref().unwrap_or("?")
        ),
        Outcome::FixedResponse => format!("fixed response {}", d.status.unwrap_or_default()),
        Outcome::Preflight => format!(
            "CORS preflight answered by the load balancer ({})",
            d.status.unwrap_or_default()
        ),
        Outcome::NoMatch => match d.status {
            Some(s) => format!("no rule matches: {s} from the listener's default action"),
            None => "no listener for this request".to_string(),
        },
    }
}

fn write_decision(
    out: &mut dyn Write,
    exchange: &Exchange,
    plan: &Plan,
    trace: &[TraceEntry],
    router: &Router,
    sources: &SourceMap,
    args: &RouteArgs,
) -> std::io::Result<()> {
    let request = &exchange.request;
    let dispatched = &exchange.dispatch;
    let d = &dispatched.decision;
    writeln!(
        out,
        "{} {}://{}{}",
        request.method,
        request.scheme.as_str(),
        request.host,
        request.path_and_query()
    )?;
    // The engine's plan says when the load balancer answers after a rule matched.
    let verdict = match plan {
        Plan::Answer(a) if a.why == AnswerReason::Limited => {
            format!(
                "{} from the load balancer: over the rule's QPS limit",
                a.status
            )
        }
        Plan::Answer(a) if matches!(a.why, AnswerReason::NoHealthyEndpoint(_)) => {
            format!("{} from the load balancer: no healthy endpoint", a.status)
        }
        _ => verdict(d, router),
    };
    writeln!(out, "→ {verdict}")?;
    let field = |out: &mut dyn Write, k: &str, v: &str| writeln!(out, "  {k:<9} {v}");
    if let Some(l) = d.listener {
        field(out, "listener", &l.to_string())?;
    }
    if let Some(rule) = d.rule.and_then(|r| router.rule(r)) {
        let (host, path) = (or_any(&rule.host), or_any(&rule.path));
        let canary = if rule.canary.is_some() {
            " (canary)"
        } else {
            ""
        };
        field(
            out,
            "rule",
            &format!(
                "#{} of Ingress {}{canary}: host {host}, path {path} ({})",
                rule.priority,
                rule.ingress_key,
                rule.path_type.as_str()
            ),
        )?;
        field(out, "source", &location_of(rule, sources))?;
    }
    let split = router.split(d);
    if split.len() > 1 {
        let split = split
            .iter()
            .map(|t| {
                let canary = t
                    .canary
                    .as_ref()
                    .map_or(String::new(), |c| format!(" (canary {c})"));
                format!(
                    "{}:{} {}%{canary}",
                    t.target.service, t.target.port, t.weight
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        field(
            out,
            "split",
            &format!(
                "{split} (seed {} picked {})",
                args.seed,
                router
                    .backend(d)
                    .map_or("none".to_string(), |b| b.to_string())
            ),
        )?;
    }
    if let Some(group) = &dispatched.group {
        field(out, "group", &group.alb_name())?;
    }
    match &dispatched.selection {
        Some(Ok(selection)) => {
            field(
                out,
                "endpoint",
                &format!("{} ({})", selection.address, selection.reason),
            )?;
            for cookie in &selection.set_cookies {
                field(out, "header", &format!("set-cookie: {cookie}"))?;
            }
        }
        Some(Err(none)) => field(out, "endpoint", &format!("none: {}", none.reason))?,
        None => {}
    }
    if let Some(h) = &d.upstream_host {
        field(out, "host", &format!("{h} (rewritten)"))?;
    }
    if let Some((content_type, body)) = &d.body {
        field(out, "body", &format!("{content_type}: {body}"))?;
    }
    for (name, value) in &d.response_headers {
        field(out, "header", &format!("{name}: {value}"))?;
    }
    for (name, value) in &d.insert_request_headers {
        field(
            out,
            "adds",
            &format!("{name}: {value} (to the upstream request)"),
        )?;
    }
    for name in &d.remove_request_headers {
        field(
            out,
            "removes",
            &format!("{name} (from the upstream request)"),
        )?;
    }
    if let Plan::Forward(_) = plan {
        let (method, target, headers) = exchange.upstream_request();
        field(out, "sends", &format!("{method} {target} HTTP/1.1"))?;
        for (name, value) in headers {
            field(out, "", &format!("{name}: {value}"))?;
        }
        let retry = if exchange.retries(true) {
            format!(
                "once, to another healthy endpoint, after a connect error ({} is idempotent)",
                request.method
            )
        } else {
            format!("never ({} is not idempotent)", request.method)
        };
        field(out, "retry", &retry)?;
    }
    for note in &d.notes {
        field(out, "note", &output::decision_note(note))?;
    }
    if trace.is_empty() {
        return Ok(());
    }
    let hidden = trace
        .iter()
        .filter(|t| {
            !args.full_trace && t.result == TraceResult::Missed(alb_engine::route::Miss::Host)
        })
        .count();
    writeln!(out)?;
    writeln!(
        out,
        "Trace on {} ({} rules, first match wins):",
        d.listener.map_or(String::new(), |l| l.to_string()),
        trace.len()
    )?;
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(["#", "Ingress", "Host", "Path", "Type", "Result"]);
    for entry in trace {
        if !args.full_trace && entry.result == TraceResult::Missed(alb_engine::route::Miss::Host) {
            continue;
        }
        let Some(rule) = router.rule(entry.rule) else {
            continue;
        };
        t.add_row([
            rule.priority.to_string(),
            rule.ingress_key.clone(),
            or_any(&rule.host),
            or_any(&rule.path),
            super::explain::path_type(rule),
            router.describe(entry),
        ]);
    }
    writeln!(out, "{t}")?;
    if hidden > 0 {
        writeln!(
            out,
            "{hidden} rules for other hosts not shown (--full-trace shows them)"
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// --requests: JSON lines in, JSON lines out, one at a time

#[derive(Serialize)]
struct BatchError {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<serde_json::Value>,
    line: usize,
    error: String,
}

fn batch(
    args: &RouteArgs,
    router: &Router,
    group: usize,
    groups: &ServerGroups,
    sources: &SourceMap,
    path: &Path,
) -> Result<ExitStatus> {
    let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        Box::new(BufReader::new(file))
    };
    let mut out = output::stdout();
    let mut rolls = Rolls::new(args.seed);
    let mut bad_lines = 0usize;
    for (index, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read `{}`", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        let parsed: Result<RequestLine, String> =
            serde_json::from_str(&line).map_err(|e| e.to_string());
        let id = parsed.as_ref().ok().and_then(|r| r.id.clone());
        match parsed.and_then(|r| r.to_request().map_err(|e| e.to_string())) {
            Ok(request) => {
                let trace = if args.full_trace {
                    router.trace(group, &request)
                } else {
                    Vec::new()
                };
                let exchange = Exchange::begin(
                    router,
                    group,
                    groups,
                    &mut BackendState::new(),
                    request,
                    Duration::ZERO,
                    rolls.next_roll(),
                );
                let plan = exchange.plan(router, groups);
                serde_json::to_writer(
                    &mut out,
                    &json::decision(&exchange, &plan, &trace, router, sources, id),
                )?;
            }
            Err(error) => {
                bad_lines += 1;
                eprintln!("alb route: {}:{number}: {error}", path.display());
                serde_json::to_writer(
                    &mut out,
                    &BatchError {
                        version: 1,
                        id,
                        line: number,
                        error,
                    },
                )?;
            }
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(if bad_lines > 0 {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

// ---------------------------------------------------------------------------------------------
// --check: route assertions with coverage

#[derive(Serialize)]
struct ChecksJson {
    version: u32,
    files: Vec<CheckFileJson>,
    summary: CheckSummaryJson,
}

#[derive(Serialize)]
struct CheckFileJson {
    file: String,
    cases: Vec<CaseJson>,
    passed: usize,
    failed: usize,
    rules: usize,
    uncovered: Vec<UncoveredJson>,
}

#[derive(Serialize)]
struct CaseJson {
    name: String,
    line: u64,
    passed: bool,
    mismatches: Vec<MismatchJson>,
}

#[derive(Serialize)]
struct MismatchJson {
    field: &'static str,
    expected: String,
    actual: String,
}

#[derive(Serialize)]
struct UncoveredJson {
    listener: String,
    priority: u32,
    ingress: String,
    host: String,
    path: String,
    path_type: &'static str,
    location: String,
}

#[derive(Serialize)]
struct CheckSummaryJson {
    passed: usize,
    failed: usize,
}

fn run_checks(global: &GlobalArgs, args: &RouteArgs) -> Result<ExitStatus> {
    let mut files = Vec::new();
    for path in &args.check {
        match check_file(global, args, path)? {
            Ok(file) => files.push(file),
            Err(status) => return Ok(status),
        }
    }
    let passed = files.iter().map(|f| f.passed).sum();
    let failed = files.iter().map(|f| f.failed).sum();
    let mut out = output::stdout();
    match global.output {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &ChecksJson {
                    version: 1,
                    files,
                    summary: CheckSummaryJson { passed, failed },
                },
            )?;
            writeln!(out)?;
        }
        _ => {
            for file in &files {
                write_check_file(&mut out, file)?;
            }
            if files.len() > 1 {
                writeln!(out, "Total: {passed} passed, {failed} failed")?;
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Run one check file. `Err(status)` when the file or its manifests cannot be used (already
/// reported).
fn check_file(
    global: &GlobalArgs,
    args: &RouteArgs,
    path: &Path,
) -> Result<Result<CheckFileJson, ExitStatus>> {
    let text = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let mut check_sources = SourceMap::new();
    let file_id = check_sources.add(SourceFile::from_bytes(
        path.to_string_lossy().replace('\\', "/"),
        text,
    ));
    let text = check_sources
        .get(file_id)
        .map(|f| f.text.clone())
        .unwrap_or_default();
    let spec: CheckFile = match check::parse(file_id, &text) {
        Ok(spec) => spec,
        Err(diagnostic) => {
            diagnostics::render_human(
                &mut std::io::stderr().lock(),
                &[*diagnostic],
                &check_sources,
                output::stderr_color(global.color),
            )?;
            return Ok(Err(ExitStatus::Error));
        }
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let mut manifest_paths: Vec<PathBuf> = spec
        .manifests
        .iter()
        .map(|m| crate::input::normalize(&base.join(m)))
        .collect();
    manifest_paths.extend(global.filenames.iter().cloned());
    if manifest_paths.is_empty() {
        eprintln!(
            "alb route: {}: no manifests: list them under `manifests:` or give -f PATH",
            path.display()
        );
        return Ok(Err(ExitStatus::Error));
    }
    let mut inputs = super::inputs(global, &manifest_paths);
    if let Some(name) = &spec.controller {
        match alb_engine::ownership::Controller::from_flag(&name.value) {
            Some(controller) if controller.routed() => inputs.controller = controller,
            _ => {
                eprintln!(
                    "alb route: {}:{}: `controller: {}` is not one alb simulates (alb, nginx)",
                    path.display(),
                    name.referenced.line(),
                    name.value
                );
                return Ok(Err(ExitStatus::Error));
            }
        }
    }
    let routed = pipeline::route(
        &inputs,
        spec.albconfig.as_deref().or(args.albconfig.as_deref()),
    )?;
    routed.report(inputs.color)?;
    let Routed {
        sources,
        router,
        group,
        ..
    } = routed;
    let group = match group {
        Ok(group) => group,
        Err(message) => {
            eprintln!("alb route: {}: {message}", path.display());
            return Ok(Err(ExitStatus::Error));
        }
    };

    let mut hit: BTreeSet<RuleRef> = BTreeSet::new();
    let mut cases = Vec::new();
    for case in &spec.cases {
        let line = case.referenced.line();
        let name = case
            .value
            .name
            .clone()
            .unwrap_or_else(|| case.value.request.url().to_string());
        let request = match case.value.request.to_request() {
            Ok(request) => request,
            Err(error) => {
                eprintln!("alb route: {}:{line}: {error}", path.display());
                return Ok(Err(ExitStatus::Error));
            }
        };
        let roll = Rolls::new(case.value.seed.unwrap_or(args.seed)).next_roll();
        let decision = router.decide(group, &request, roll);
        if let Some(r) = decision.rule {
            hit.insert(r);
        }
        let mismatches = check::compare(&case.value.expect, &decision, &router);
        cases.push(CaseJson {
            name,
            line,
            passed: mismatches.is_empty(),
            mismatches: mismatches
                .into_iter()
                .map(|m| MismatchJson {
                    field: m.field,
                    expected: m.expected,
                    actual: m.actual,
                })
                .collect(),
        });
    }
    let uncovered = check::uncovered(&router, group, &hit)
        .into_iter()
        .filter_map(|r| {
            let rule = router.rule(r)?;
            let listener = router.table().groups[r.group].listeners[r.listener].key;
            Some(UncoveredJson {
                listener: listener.to_string(),
                priority: rule.priority,
                ingress: rule.ingress_key.clone(),
                host: rule.host.clone(),
                path: rule.path.clone(),
                path_type: rule.path_type.as_str(),
                location: location_of(rule, &sources),
            })
        })
        .collect();
    let rules = router.table().groups[group]
        .listeners
        .iter()
        .map(|l| l.rules.len())
        .sum();
    let passed = cases.iter().filter(|c| c.passed).count();
    Ok(Ok(CheckFileJson {
        file: check_sources
            .get(file_id)
            .map_or(String::new(), |f| f.name.clone()),
        failed: cases.len() - passed,
        passed,
        cases,
        rules,
        uncovered,
    }))
}

fn write_check_file(out: &mut dyn Write, file: &CheckFileJson) -> std::io::Result<()> {
    writeln!(out, "{}", file.file)?;
    for case in &file.cases {
        let mark = if case.passed { "PASS" } else { "FAIL" };
        writeln!(out, "  {mark}  {} (line {})", case.name, case.line)?;
        for m in &case.mismatches {
            writeln!(
                out,
                "        {}: expected {}, got {}",
                m.field, m.expected, m.actual
            )?;
        }
    }
    writeln!(out, "  {} passed, {} failed", file.passed, file.failed)?;
    if file.uncovered.is_empty() {
        writeln!(out, "  Coverage: all {} rules were hit", file.rules)?;
    } else {
        writeln!(
            out,
            "  Coverage: {} of {} rules hit; not hit by any case:",
            file.rules - file.uncovered.len(),
            file.rules
        )?;
        for u in &file.uncovered {
            let host = if u.host.is_empty() { "*" } else { &u.host };
            writeln!(
                out,
                "    {} #{} {} host {host} path {} ({}) at {}",
                u.listener, u.priority, u.ingress, u.path, u.path_type, u.location
            )?;
        }
    }
    writeln!(out)?;
    Ok(())
}
