//! `alb explain NAME`: one annotation from the registry.
//! `alb explain -f PATH`: every listener's rules in the order the ALB evaluates them.

use std::collections::BTreeMap;
use std::io::Write;

use alb_engine::annotations::{self, AnnotationSpec, Status};
use alb_engine::compile::{self, Action, CanaryRole, Condition, RouteTable, Rule};
use alb_engine::lint::{self, LintOptions};
use alb_engine::manifest::Manifest;
use alb_engine::ownership::Controller;
use alb_engine::{Diagnostic, Severity, SourceMap};
use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets};

use crate::cli::{ExplainArgs, GlobalArgs, OutputFormat};
use crate::exit::ExitStatus;
use crate::output::{self, diagnostics, json, scope};
use crate::pipeline;

pub fn run(global: &GlobalArgs, args: &ExplainArgs) -> Result<ExitStatus> {
    if !matches!(global.output, OutputFormat::Human | OutputFormat::Json) {
        eprintln!(
            "alb explain: -o {} is not supported here; use human or json",
            global.output.name()
        );
        return Ok(ExitStatus::Error);
    }
    match (
        &args.name,
        global.filenames.is_empty() && global.stdin_filename.is_none(),
    ) {
        (Some(_), false) => {
            eprintln!("alb explain: give either an annotation NAME or -f PATH, not both");
            Ok(ExitStatus::Error)
        }
        (Some(name), true) => explain_annotation(global, name),
        (None, false) => explain_rules(global),
        (None, true) => {
            eprintln!(
                "alb explain: nothing to explain\n  usage: alb explain <ANNOTATION>   e.g. alb explain canary-weight\n         alb explain -f <PATH>        rules in evaluation order"
            );
            Ok(ExitStatus::Error)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One annotation

fn explain_annotation(global: &GlobalArgs, name: &str) -> Result<ExitStatus> {
    if let Some(rule) = lint::find(name) {
        return explain_rule(global, rule);
    }
    let looks_like_code = name.len() > 3
        && name[..3].eq_ignore_ascii_case("ALB")
        && name[3..].bytes().all(|b| b.is_ascii_digit());
    if looks_like_code {
        eprintln!(
            "alb explain: no lint rule `{name}`\n  help: codes run from {} to {}; the README lists them all",
            lint::RULES.first().map_or("", |r| r.code),
            lint::RULES.last().map_or("", |r| r.code)
        );
        return Ok(ExitStatus::Error);
    }
    let spec = match annotations::find(name) {
        Ok(spec) => spec,
        Err(suggestions) => {
            let mut err = anstream::AutoStream::new(std::io::stderr(), anstream_choice(global));
            writeln!(err, "alb explain: unknown annotation `{name}`")?;
            match suggestions.as_slice() {
                [] => writeln!(
                    err,
                    "  help: names look like `canary-weight` or `alb.ingress.kubernetes.io/canary-weight`; the README lists them all"
                )?,
                [one] => writeln!(err, "  help: did you mean `{one}`?")?,
                many => writeln!(
                    err,
                    "  help: did you mean one of: {}?",
                    many.iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )?,
            }
            return Ok(ExitStatus::Error);
        }
    };
    let mut out = output::stdout();
    match global.output {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &json::annotation(spec))?;
            writeln!(out)?;
        }
        _ => write!(out, "{}", annotation_text(spec))?,
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// The text of `alb explain NAME`; also used for the README's reference section.
pub fn annotation_text(spec: &AnnotationSpec) -> String {
    let mut s = String::new();
    s.push_str(&spec.full_name());
    s.push('\n');
    s.push_str(spec.summary);
    s.push_str("\n\n");
    let mut field = |k: &str, v: &str| s.push_str(&format!("  {k:<10} {v}\n"));
    field("value", &spec.describe());
    field("default", spec.default.unwrap_or("none"));
    field("category", spec.category.title());
    let status = match spec.status {
        Status::Active => "active".to_string(),
        other => format!("{} — {}", other.as_str(), status_note(other)),
    };
    field("status", &status);
    let invalid = if spec.on_invalid_note.is_empty() {
        format!(
            "{}: {}",
            spec.on_invalid.as_str(),
            spec.on_invalid.describe()
        )
    } else {
        format!("{}: {}", spec.on_invalid.as_str(), spec.on_invalid_note)
    };
    field("if invalid", &wrap_hanging(&invalid, 13, 100));
    if spec.nginx_prefix_wins {
        field(
            "also read",
            &format!(
                "nginx.ingress.kubernetes.io/{} first: when it is set, this key is not read",
                spec.name
            ),
        );
    }
    if !spec.see_also.is_empty() {
        field(
            "see also",
            &wrap_hanging(&spec.see_also.join(", "), 13, 100),
        );
    }
    s.push('\n');
    s.push_str(&wrap(spec.description, 100));
    s.push('\n');
    s
}

fn explain_rule(global: &GlobalArgs, rule: &lint::Rule) -> Result<ExitStatus> {
    let mut out = output::stdout();
    match global.output {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &json::lint_rule(rule))?;
            writeln!(out)?;
        }
        _ => write!(out, "{}", rule_text(rule))?,
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// The text of `alb explain CODE`: the rule's doc comment, with its code, name and severity.
pub fn rule_text(rule: &lint::Rule) -> String {
    let blocks = if rule.blocks_group {
        "; the controller cannot apply it, so the whole ALB stops updating"
    } else {
        ""
    };
    let mut s = format!(
        "{} {} ({}{blocks})\n\n",
        rule.code,
        rule.name,
        rule.severity.as_str()
    );
    if rule.check.is_none() {
        s.push_str("Reported while reading the input.\n\n");
    }
    for line in rule.docs.lines() {
        let line = line.strip_prefix(' ').unwrap_or(line);
        match line.strip_prefix("## ") {
            Some(heading) => {
                s.push_str(heading);
                s.push('\n');
            }
            None if line.starts_with("```") => {}
            None => {
                s.push_str(line);
                s.push('\n');
            }
        }
    }
    s
}

fn status_note(status: Status) -> &'static str {
    match status {
        Status::Active => "",
        Status::ManagedOnly => {
            "read only by ACK's managed ALB Ingress controller, not the open-source one"
        }
        Status::NoEffect => "the controller never reads it; it has no effect",
        Status::Unsupported => "not supported by the ALB controller",
    }
}

fn wrap(text: &str, width: usize) -> String {
    wrap_hanging(text, 0, width)
}

/// Wrap at word boundaries; continuation lines are indented by `indent`.
fn wrap_hanging(text: &str, indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width.saturating_sub(indent) {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

fn anstream_choice(global: &GlobalArgs) -> anstream::ColorChoice {
    if output::stderr_color(global.color) {
        anstream::ColorChoice::Always
    } else {
        anstream::ColorChoice::Never
    }
}

// ---------------------------------------------------------------------------------------------
// Rules in evaluation order

fn explain_rules(global: &GlobalArgs) -> Result<ExitStatus> {
    let inputs = super::inputs(global, &global.filenames);
    let (sources, manifest, diags) = pipeline::load(&inputs)?;
    let controller = inputs.controller;
    // The findings `alb lint` reports on the same inputs decide the exit code, so the two
    // commands never disagree about whether the manifests have errors.
    let mut report = match lint::lint(
        &manifest,
        diags,
        &LintOptions {
            controller,
            ..LintOptions::default()
        },
    ) {
        Ok(report) => report,
        Err(error) => anyhow::bail!(error),
    };
    // Lint builds the table of the Ingresses it checks: those of the controllers alb
    // simulates, which is this run's (`commands::run` refuses the others).
    let table = std::mem::take(&mut report.table);
    let errors: Vec<Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();

    let mut out = output::stdout();
    match global.output {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &json::rules(&table, &manifest, &sources, &errors),
            )?;
            writeln!(out)?;
            out.flush()?;
        }
        _ => {
            write_rules(&mut out, &table, &manifest, &sources, controller)?;
            out.flush()?;
            if !errors.is_empty() {
                let mut err = std::io::stderr().lock();
                diagnostics::render_human(
                    &mut err,
                    &errors,
                    &sources,
                    output::stderr_color(global.color),
                )?;
                super::lint::write_verdicts(&mut err, &report)?;
                let count = |s| report.count(s);
                let others = [
                    (count(Severity::Warning), "warning"),
                    (count(Severity::Info), "info"),
                ]
                .into_iter()
                .filter(|&(n, _)| n > 0)
                .map(|(n, word)| scope::plural(n, word))
                .collect::<Vec<_>>();
                writeln!(
                    err,
                    "{} in the manifests{}",
                    scope::plural(errors.len(), "error"),
                    if others.is_empty() {
                        String::new()
                    } else {
                        format!("; `alb lint` also shows {}", others.join(" and "))
                    }
                )?;
            }
        }
    }
    Ok(if !errors.is_empty() {
        ExitStatus::Failure
    } else if table.groups.is_empty() {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

fn write_rules(
    out: &mut dyn Write,
    table: &RouteTable,
    manifest: &Manifest,
    sources: &SourceMap,
    controller: Controller,
) -> std::io::Result<()> {
    if table.groups.is_empty() {
        writeln!(
            out,
            "Nothing to explain: no Ingress among the inputs is one alb simulates for `--controller {}`.",
            controller.as_str()
        )?;
    }
    for group in &table.groups {
        let origin = match group.alb_config.and_then(|i| manifest.alb_configs.get(i)) {
            Some(config) => sources
                .get(config.meta.span.file)
                .map_or(String::new(), |f| format!(" ({})", f.name)),
            None => " (not among the inputs: assuming listeners 80/HTTP and 443/HTTPS)".to_string(),
        };
        writeln!(out, "ALB of AlbConfig `{}`{origin}", group.name)?;
        let order: Vec<String> = group
            .members
            .iter()
            .map(|m| {
                if m.order == 10 {
                    m.key.clone()
                } else {
                    format!("{} (order {})", m.key, m.order)
                }
            })
            .collect();
        writeln!(out, "Ingresses in evaluation order: {}", order.join(", "))?;
        let mut doubts: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for member in &group.members {
            if let Some(doubt) = member.attachment.doubt() {
                doubts.entry(doubt).or_default().push(&member.key);
            }
        }
        for (doubt, keys) in doubts {
            writeln!(out, "AlbConfig assumed for {}: {doubt}", keys.join(", "))?;
        }
        for listener in &group.listeners {
            writeln!(out)?;
            let n = listener.rules.len();
            writeln!(
                out,
                "Listener {} (idle timeout {} s, request timeout {} s): {n} rule{}, evaluated top to bottom; the first match wins",
                listener.key,
                listener.timeouts.idle.as_secs(),
                listener.timeouts.request.as_secs(),
                if n == 1 { "" } else { "s" }
            )?;
            if n == 0 {
                continue;
            }
            let mut t = Table::new();
            t.load_style(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header([
                    "#",
                    "Ingress",
                    "Host",
                    "Path",
                    "Type",
                    "Conditions",
                    "Backend",
                    "Actions",
                ]);
            for rule in &listener.rules {
                t.add_row([
                    rule.priority.to_string(),
                    rule.ingress_key.clone(),
                    or_any(&rule.host),
                    or_any(&rule.path),
                    path_type(rule),
                    conditions_summary(rule),
                    backend_summary(rule),
                    actions_summary(rule),
                ]);
            }
            writeln!(out, "{t}")?;
        }
        writeln!(out)?;
    }
    let notes: Vec<_> = table.notes.iter().collect();
    if !notes.is_empty() {
        writeln!(out, "Notes:")?;
        for note in notes {
            let place = sources
                .position(note.span)
                .zip(sources.get(note.span.file))
                .map_or(String::new(), |(p, f)| {
                    format!("{}:{}:{}: ", f.name, p.line, p.column)
                });
            let ingress = manifest
                .ingresses
                .get(note.ingress)
                .map_or(String::new(), |i| i.meta.key());
            writeln!(out, "  {place}{ingress}: {}", note.message)?;
        }
    }
    let skipped = scope::skipped_block(&table.skipped);
    if !skipped.is_empty() {
        if !table.notes.is_empty() {
            writeln!(out)?;
        }
        write!(out, "{skipped}")?;
    }
    Ok(())
}

/// A rule's host or path for tables: `*` when it has none (any host, any path).
pub fn or_any(value: &str) -> String {
    if value.is_empty() {
        "*".to_string()
    } else {
        value.to_string()
    }
}

pub fn path_type(rule: &Rule) -> String {
    if rule.regex {
        format!("{} (regex)", rule.path_type.as_str())
    } else {
        rule.path_type.as_str().to_string()
    }
}

/// Conditions beyond the rule's own host and path: canary header/cookie, custom conditions,
/// and custom hosts/paths that widen the match.
fn conditions_summary(rule: &Rule) -> String {
    let mut parts = Vec::new();
    let own_path = compile::path_patterns(&rule.path, rule.path_type, rule.regex).values;
    for c in &rule.conditions {
        match c {
            Condition::Host { values } => {
                let extra: Vec<_> = values
                    .iter()
                    .filter(|h| **h != rule.host)
                    .cloned()
                    .collect();
                if !extra.is_empty() {
                    parts.push(format!("or host {}", extra.join("|")));
                }
            }
            Condition::Path { values } => {
                let extra: Vec<_> = values
                    .iter()
                    .filter(|p| !own_path.contains(p) && *p != "/*")
                    .cloned()
                    .collect();
                if !extra.is_empty() {
                    parts.push(format!("or path {}", extra.join("|")));
                }
            }
            Condition::Header { key, values } => {
                parts.push(format!("header {key}={}", values.join("|")))
            }
            Condition::Cookie { values } | Condition::QueryString { values } => {
                let kind = if matches!(c, Condition::Cookie { .. }) {
                    "cookie"
                } else {
                    "query"
                };
                let pairs: Vec<_> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
                parts.push(format!("{kind} {}", pairs.join("|")));
            }
            Condition::Method { values } => parts.push(format!("method {}", values.join("|"))),
            Condition::SourceIp { values } => parts.push(format!("source-ip {}", values.join("|"))),
            Condition::ResponseHeader { key, values } => {
                parts.push(format!("response header {key}={}", values.join("|")))
            }
            Condition::ResponseStatusCode { values } => {
                parts.push(format!("response status {}", values.join("|")))
            }
        }
    }
    match rule.canary {
        Some(CanaryRole::Conditional) => parts.insert(0, "canary:".to_string()),
        Some(CanaryRole::Plain) => parts.insert(0, "canary (no condition)".to_string()),
        None => {}
    }
    parts.join(" ")
}

fn backend_summary(rule: &Rule) -> String {
    match rule.final_action() {
        Some(Action::Forward(targets)) => {
            if let [only] = targets.as_slice() {
                return format!("{}:{}", only.target.service, only.target.port);
            }
            targets
                .iter()
                .map(|t| format!("{}:{} {}%", t.target.service, t.target.port, t.weight))
                .collect::<Vec<_>>()
                .join(", ")
        }
        Some(Action::ForwardToServerGroup(id)) => format!("server group {id}"),
        Some(Action::Redirect {
            code,
            protocol,
            host,
            port,
            path,
            query,
        }) => redirect_summary(*code, protocol, host, port, path, query),
        Some(Action::FixedResponse {
            code, content_type, ..
        }) => format!("fixed response {code} {content_type}"),
        Some(Action::Return { code, target }) => format!("redirect {code} to {target}"),
        _ => "none".to_string(),
    }
}

fn actions_summary(rule: &Rule) -> String {
    rule.actions
        .iter()
        .filter(|a| !a.is_final())
        .map(|a| match a {
            Action::Rewrite { path, .. } => format!("rewrite path to {path}"),
            Action::Cors(_) => "CORS".to_string(),
            Action::TrafficLimit { qps, qps_per_ip } => {
                let mut v = Vec::new();
                if let Some(q) = qps {
                    v.push(format!("limit {q} qps"));
                }
                if let Some(q) = qps_per_ip {
                    v.push(format!("limit {q} qps per client IP"));
                }
                v.join(", ")
            }
            Action::InsertHeader { name, value, .. } => format!("insert header {name}: {value}"),
            Action::RemoveHeader { name } => format!("remove header {name}"),
            Action::TrafficMirror { target } => format!("mirror to {target}"),
            other => other.kind().to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `308 to HTTPS:443`, naming only what the redirect changes (`${host}` and friends keep the
/// request's value).
fn redirect_summary(
    code: u16,
    protocol: &str,
    host: &str,
    port: &str,
    path: &str,
    query: &str,
) -> String {
    let keep = |v: &str| v.is_empty() || v.starts_with("${");
    let mut to = Vec::new();
    if !keep(protocol) {
        to.push(protocol.to_string());
    }
    if !keep(host) {
        to.push(format!("host {host}"));
    }
    if !keep(port) {
        to.push(format!("port {port}"));
    }
    if !keep(path) {
        to.push(format!("path {path}"));
    }
    if !keep(query) {
        to.push(format!("query {query}"));
    }
    if to.is_empty() {
        format!("{code} redirect")
    } else {
        format!("{code} redirect to {}", to.join(" "))
    }
}
