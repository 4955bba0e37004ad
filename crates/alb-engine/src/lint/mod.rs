//! `alb lint`: everything the ALB controller (or ingress-nginx) would reject, and the silent
//! traps it accepts. Each Ingress is checked in its own controller's dialect: the ALB rules
//! read the ALB Ingresses, the ALB7xx rules the ingress-nginx ones (`nginx.rs` holds what
//! those share).
//!
//! One rule per file under `rules/`, declared with [`declare_rule!`]: its doc comment is its
//! `alb explain CODE` text (what it flags, why it matters, an example, the fix). `registry.rs`
//! is the one list of rules. Each rule's `check` reads a [`LintContext`] (the manifest, each
//! Ingress's annotation view and findings, the compiled route table) and reports
//! [`Diagnostic`]s through [`LintContext::report`].

mod context;
pub mod nginx;
mod registry;
pub mod rules;
mod run;

pub use context::{IngressInfo, LintContext, NginxIngressInfo};
pub use registry::{RULES, find, rule_for_code};
pub use run::{GroupVerdict, LintOptions, LintReport, SelectorError, lint};

use crate::diagnostic::{Diagnostic, Severity};

/// A lint rule: its stable code, what it checks, and how bad it is by default.
pub struct Rule {
    /// Stable, e.g. `ALB101`. Codes are grouped by area: 0xx manifests and annotation values,
    /// 1xx canary, 2xx paths and rewrite, 3xx backends, 4xx priority and listeners, 5xx rate
    /// limits and CORS, 6xx AlbConfig and editions, 7xx ingress-nginx Ingresses.
    pub code: &'static str,
    /// Kebab-case, naming what is flagged: `canary-sorts-after-main`.
    pub name: &'static str,
    pub severity: Severity,
    /// A controller build (or ALB sync) failure: the whole AlbConfig stops updating.
    pub blocks_group: bool,
    /// Markdown: `## What it does`, `## Why is this bad?`, `## Example`, `## Fix`.
    pub docs: &'static str,
    /// `None` for problems found while loading (reported by the loader, explained here).
    pub check: Option<fn(&LintContext<'_>, &mut Vec<Diagnostic>)>,
}

impl Rule {
    /// The first line of the docs' "What it does" section, for tables.
    pub fn summary(&self) -> &'static str {
        self.docs
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("")
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish()
    }
}

/// Declare a rule in its own file. The doc comment becomes [`Rule::docs`]; the module's
/// `check` function (if any) runs it.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub RULE { code: "ALB101", name: "canary-without-main-rule", severity: Error, blocks_group: false }
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $ident:ident { code: $code:literal, name: $name:literal, severity: $severity:ident, blocks_group: $blocks:literal $(,)? }
    ) => {
        pub static $ident: $crate::lint::Rule = $crate::lint::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$severity,
            blocks_group: $blocks,
            docs: concat!($($doc, "\n"),*),
            check: Some(check),
        };
    };
    (
        $(#[doc = $doc:literal])*
        pub $ident:ident { code: $code:expr, name: $name:literal, severity: $severity:ident, blocks_group: $blocks:literal, reported_by: loader $(,)? }
    ) => {
        pub static $ident: $crate::lint::Rule = $crate::lint::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$severity,
            blocks_group: $blocks,
            docs: concat!($($doc, "\n"),*),
            check: None,
        };
    };
}
pub(crate) use declare_rule;
