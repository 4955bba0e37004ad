//! ALB016 unknown-alb-annotation.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `alb.ingress.kubernetes.io/` annotation the controller does not know, usually a typo, with the closest known names.
    ///
    /// A few keys people write for ACK are not read by the open-source controller, but whether ACK's managed controller reads them is not documented anywhere alb could check (`connection-drain-enabled`, `connection-drain-timeout`, `certificate-id`): for those the message says only that much.
    ///
    /// ## Why is this bad?
    /// The controller ignores it without a word, so the setting you meant never applies.
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/canary-wieght: "20"
    /// ```
    ///
    /// ## Fix
    /// Fix the name; `alb explain` lists every annotation.
    pub RULE { code: "ALB016", name: "unknown-alb-annotation", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
