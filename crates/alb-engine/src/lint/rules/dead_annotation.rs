//! ALB017 dead-annotation.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an annotation the controller defines but never reads (the old per-Ingress ALB settings such as `address-type`, `vswitch-ids`, `edition`, `cookie`), or a feature it does not have (`canary-weight-total`).
    ///
    /// ## Why is this bad?
    /// It looks like configuration but does nothing; the ALB is configured by the AlbConfig instead.
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/address-type: internet
    /// ```
    ///
    /// ## Fix
    /// Move the setting to the AlbConfig (`spec.config`), or delete the annotation.
    pub RULE { code: "ALB017", name: "dead-annotation", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
