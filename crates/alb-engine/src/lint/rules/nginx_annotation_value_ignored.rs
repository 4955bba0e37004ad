//! ALB702 nginx-annotation-value-ignored.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an annotation value on an ingress-nginx Ingress that ingress-nginx does not use: its validator fails and it logs the value and keeps the default (a boolean that Go cannot parse, `"30s"` for a timeout, a `rewrite-target` or `cors-allow-origin` outside the allowed characters), or it silently replaces the value (a `permanent-redirect-code` outside 300–308, a negative `limit-rps`, an `affinity` other than `cookie`).
    ///
    /// ## Why is this bad?
    /// The Ingress is accepted, so nothing fails: the setting simply does not apply. The only trace is a `validation error on ingress … contains invalid value` line in the controller's log, if any. Some fallbacks are the opposite of what was meant: a `cors-allow-origin` that fails the check becomes `*`, which allows every origin; an ALB-style `rewrite-target: /${1}` is ignored, so requests reach the backend with their original path.
    ///
    /// ## Example
    /// ```yaml
    /// nginx.ingress.kubernetes.io/proxy-read-timeout: "120s"   # whole seconds: 120
    /// nginx.ingress.kubernetes.io/use-regex: "yes"             # not a Go boolean: "true"
    /// nginx.ingress.kubernetes.io/rewrite-target: /${1}        # ingress-nginx writes /$1
    /// ```
    ///
    /// ## Fix
    /// Write the value in the form `alb explain nginx.ingress.kubernetes.io/<name>` shows.
    pub RULE { code: "ALB702", name: "nginx-annotation-value-ignored", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    super::report_annotation_findings(ctx, out, &RULE);
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB702",
            include_str!("../../../../../testdata/lint/ALB702.yaml"),
        );
    }
}
