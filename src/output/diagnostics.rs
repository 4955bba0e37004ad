//! Diagnostics for people (miette's graphical report) and the summary line.

use std::fmt;
use std::io::Write;

use alb_engine::{Diagnostic, Severity, SourceMap};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

/// One engine diagnostic bound to its file's text, as miette wants it.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<CharColumns>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// A named source whose reported columns count characters, as the engine's do: miette's own
/// `str` source counts bytes, so `file:line:column` in the report header would disagree with
/// the JSON output on any line with non-ASCII text before the span.
struct CharColumns {
    name: String,
    text: String,
}

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let start = inner.span().offset();
        let line_start = self
            .text
            .get(..start)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1);
        let column = self
            .text
            .get(line_start..start)
            .map_or(inner.column(), |prefix| prefix.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

fn report<'a>(diagnostic: &'a Diagnostic, sources: &SourceMap) -> Report<'a> {
    let file = sources.get(diagnostic.span.file);
    let source = file.map(|f| CharColumns {
        name: f.name.clone(),
        text: f.text.clone(),
    });
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        diagnostic.label.clone(),
        span(diagnostic.span),
    )];
    for related in &diagnostic.related {
        if related.span.file == diagnostic.span.file {
            labels.push(LabeledSpan::new_with_span(
                Some(related.message.clone()),
                span(related.span),
            ));
        }
    }
    Report {
        diagnostic,
        source,
        labels,
    }
}

fn span(span: alb_engine::Span) -> SourceSpan {
    SourceSpan::new((span.start as usize).into(), span.len())
}

/// Render each diagnostic as miette's graphical report: code, message, file:line:column, the
/// source excerpt with the span underlined, help. Related locations in other files follow as
/// notes.
pub fn render_human(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    color: bool,
) -> std::io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    for diagnostic in diagnostics {
        let mut text = String::new();
        if handler
            .render_report(&mut text, &report(diagnostic, sources))
            .is_err()
        {
            text = format!("{}: {}\n", diagnostic.code, diagnostic.message);
        }
        out.write_all(text.as_bytes())?;
        for related in &diagnostic.related {
            if related.span.file != diagnostic.span.file
                && let Some(file) = sources.get(related.span.file)
            {
                let pos = sources.position(related.span);
                let (line, column) = pos.map_or((0, 0), |p| (p.line, p.column));
                writeln!(
                    out,
                    "  note: {}:{line}:{column}: {}",
                    file.name, related.message
                )?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// "2 errors, 1 warning in 3 files (12 objects)".
pub fn summary(diagnostics: &[Diagnostic], files: usize, objects: usize) -> String {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if diagnostics.is_empty() {
        return format!(
            "No problems found in {} ({}).",
            plural(files, "file"),
            plural(objects, "object")
        );
    }
    format!(
        "{}, {}, {} in {} ({})",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Info), "info"),
        plural(files, "file"),
        plural(objects, "object"),
    )
}
