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
    source: Option<CharColumns<'a>>,
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

/// A named source for miette that reads spans through the engine's line index: columns count
/// characters (miette's own `str` source counts bytes, so `file:line:column` would disagree
/// with the JSON output after non-ASCII text), and finding a line is a binary search rather
/// than a scan from the top of the file (thousands of reports on a large file).
struct CharColumns<'t> {
    file: &'t alb_engine::SourceFile,
}

impl SourceCode for CharColumns<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.file.text.as_str();
        let index = self.file.line_index();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // 0-based lines of the span's first and last byte.
        let line_of = |offset: usize| index.line_col(text, offset).line as usize - 1;
        let first = line_of(start);
        let last = line_of(end.saturating_sub(1).max(start));
        let column = index.line_col(text, start).column as usize - 1;
        if context_lines_before == 0 && context_lines_after == 0 {
            return Ok(Box::new(MietteSpanContents::new_named(
                self.file.name.clone(),
                &text.as_bytes()[start..end],
                *span,
                first,
                column,
                last - first + 1,
            )));
        }
        let top = first.saturating_sub(context_lines_before);
        let bottom = (last + context_lines_after).min(index.line_count().saturating_sub(1));
        let data_start = index.line_start(top + 1).unwrap_or(0);
        let data_end = index
            .line_start(bottom + 2)
            .map_or(text.len(), |next| next.saturating_sub(1))
            .max(data_start);
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name.clone(),
            &text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            top,
            0,
            bottom - top + 1,
        )))
    }
}

fn report<'a>(diagnostic: &'a Diagnostic, sources: &'a SourceMap) -> Report<'a> {
    let file = sources.get(diagnostic.span.file);
    let source = file.map(|file| CharColumns { file });
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
