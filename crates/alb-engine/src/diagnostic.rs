//! Diagnostics: what the engine found, where, and how bad it is.
//!
//! The engine never prints. It returns [`Diagnostic`]s; the shell renders them (miette for
//! humans, JSON, SARIF, GitHub annotations) with positions taken from the [`SourceMap`].

use crate::source::{SourceMap, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The controller rejects it, or requests certainly go somewhere the author did not mean.
    Error,
    /// A likely mistake that the controller accepts.
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A secondary location that explains the primary one ("shadowed by this rule").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `ALB001`.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The offending value (or the key, when the key itself is the problem).
    pub span: Span,
    /// A short label shown under the span.
    pub label: Option<String>,
    /// The object the problem belongs to, e.g. `Ingress default/demo`.
    pub object: Option<String>,
    pub help: Option<String>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            span,
            label: None,
            object: None,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, span, message)
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, span, message)
    }

    pub fn info(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Info, span, message)
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_object(mut self, object: impl Into<String>) -> Diagnostic {
        self.object = Some(object.into());
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}

/// Sort diagnostics into their output order: by file, position, then code and message, so
/// output never depends on the order in which checks ran.
pub fn sort(diagnostics: &mut [Diagnostic], sources: &SourceMap) {
    diagnostics.sort_by(|a, b| {
        let name = |d: &Diagnostic| sources.get(d.span.file).map(|f| f.name.clone());
        (name(a), a.span.start, a.span.end, a.code, &a.message).cmp(&(
            name(b),
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
}
