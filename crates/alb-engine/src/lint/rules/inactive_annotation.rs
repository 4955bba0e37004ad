//! ALB022 inactive-annotation.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a setting that does nothing without its on-switch: `cors-*` without `enable-cors: "true"`, `healthcheck-*` without `healthcheck-enabled: "true"`, `cookie-timeout` without `sticky-session: "true"`, canary keys without `canary: "true"`.
    ///
    /// ## Why is this bad?
    /// The setting looks active but the feature is off.
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/cors-allow-origin: https://app.example.com   # enable-cors is not set
    /// ```
    ///
    /// ## Fix
    /// Add the switch, or remove the setting.
    pub RULE { code: "ALB022", name: "inactive-annotation", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
