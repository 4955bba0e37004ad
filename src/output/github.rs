//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per diagnostic,
//! shown as an annotation on the pull request's diff.

use std::io::Write;

use alb_engine::{Diagnostic, Severity, SourceMap, Span};

/// Escape a message (data) per the workflow-command rules.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: also `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
) -> std::io::Result<()> {
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let file = sources.get(d.span.file).map_or("", |f| f.name.as_str());
        let start = sources.position(d.span);
        let end = sources.position(Span {
            start: d.span.end,
            ..d.span
        });
        let (line, col) = start.map_or((1, 1), |p| (p.line, p.column));
        let (end_line, end_col) = end.map_or((line, col), |p| (p.line, p.column));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let mut properties = format!(
            "file={},line={line},col={col},endLine={end_line}",
            escape_property(file)
        );
        if end_line == line {
            properties.push_str(&format!(",endColumn={end_col}"));
        }
        writeln!(
            out,
            "::{command} {properties},title={}::{}",
            escape_property(&format!(
                "{} {}",
                d.code,
                alb_engine::lint::rule_for_code(d.code).map_or("", |r| r.name)
            )),
            escape_data(&message)
        )?;
    }
    Ok(())
}
