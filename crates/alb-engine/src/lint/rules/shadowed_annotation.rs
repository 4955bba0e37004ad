//! ALB021 shadowed-annotation.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an annotation that is not read because another one takes precedence: `order` when `albconfig.order` is also set.
    ///
    /// ## Why is this bad?
    /// Editing it changes nothing.
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/albconfig.order: "5"
    /// alb.ingress.kubernetes.io/order: "1"    # ignored
    /// ```
    ///
    /// ## Fix
    /// Keep one of the two keys.
    pub RULE { code: "ALB021", name: "shadowed-annotation", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
