//! ALB015 misleading-annotation-value.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a value the controller accepts but reads differently from what it says, above all `use-regex: "false"`.
    ///
    /// ## Why is this bad?
    /// The controller turns regex mode on whenever `use-regex` is present, non-empty and different from the path: `"false"` turns it on too, and Prefix paths become `~*` regexes.
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/use-regex: "false"
    /// ```
    ///
    /// ## Fix
    /// Remove the annotation to turn regex mode off.
    pub RULE { code: "ALB015", name: "misleading-annotation-value", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
