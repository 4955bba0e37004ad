//! ALB014 enum-value-wrong-case.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an annotation value that is allowed but in the wrong case, where the controller then silently falls back to something else: `backend-protocol: HTTPS` or `GRPC` (not `HTTP`, whose fallback is http, as meant).
    ///
    /// ## Why is this bad?
    /// `backend-protocol` recognises only lower-case `https` and `grpc`: `HTTPS` silently becomes plain HTTP to a backend that expects TLS, and `GRPC` loses HTTP/2. Any other value gives http, so `HTTP` or `Http` does what its author meant and is not flagged. (A wrong-case `backend-scheduler` is worse: it stops the whole ALB, see ALB010.)
    ///
    /// ## Example
    /// ```yaml
    /// alb.ingress.kubernetes.io/backend-protocol: HTTPS
    /// ```
    ///
    /// ## Fix
    /// Write it in lower case: `https`.
    pub RULE { code: "ALB014", name: "enum-value-wrong-case", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}
