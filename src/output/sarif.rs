//! SARIF 2.1.0, as GitHub code scanning reads it: one run, the rules that fired with their
//! docs, one result per diagnostic with a region.

use alb_engine::lint::{RULES, rule_for_code};
use alb_engine::{Diagnostic, Severity, SourceMap, Span};
use serde_json::{Value, json};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(sources: &SourceMap, span: Span) -> Value {
    let start = sources.position(span);
    let end = sources.position(Span {
        start: span.end,
        ..span
    });
    json!({
        "startLine": start.map_or(1, |p| p.line),
        "startColumn": start.map_or(1, |p| p.column),
        "endLine": end.map_or(1, |p| p.line),
        "endColumn": end.map_or(1, |p| p.column),
    })
}

fn location(sources: &SourceMap, span: Span, message: Option<&str>) -> Value {
    let uri = sources
        .get(span.file)
        .map_or(String::new(), |f| f.name.clone());
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": region(sources, span),
        }
    });
    if let (Some(message), Some(map)) = (message, location.as_object_mut()) {
        map.insert("message".to_string(), json!({"text": message}));
    }
    location
}

pub fn report(diagnostics: &[Diagnostic], sources: &SourceMap) -> Value {
    // Every rule, so `ruleIndex` is stable whatever fired.
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary()},
                "fullDescription": {"text": r.docs},
                "help": {"text": r.docs, "markdown": r.docs},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": message},
                "locations": [location(sources, d.span, None)],
            });
            if let Some(map) = result.as_object_mut() {
                if let Some(index) = RULES.iter().position(|r| r.code == d.code) {
                    map.insert("ruleIndex".to_string(), json!(index));
                }
                if !d.related.is_empty() {
                    let related: Vec<Value> = d
                        .related
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let mut l = location(sources, r.span, Some(&r.message));
                            if let Some(m) = l.as_object_mut() {
                                m.insert("id".to_string(), json!(i));
                            }
                            l
                        })
                        .collect();
                    map.insert("relatedLocations".to_string(), Value::Array(related));
                }
            }
            debug_assert!(rule_for_code(d.code).is_some() || d.code.starts_with("ALB"));
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "alb",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    })
}
