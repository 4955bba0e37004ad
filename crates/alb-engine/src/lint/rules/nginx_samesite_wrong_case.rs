//! ALB709 nginx-samesite-wrong-case.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `nginx.ingress.kubernetes.io/session-cookie-samesite` written in another case than `None`, `Lax` or `Strict` (`none`, `lax`, `STRICT`) on an Ingress with `affinity: cookie`.
    ///
    /// ## Why is this bad?
    /// ingress-nginx's validator compares the value ignoring case, so the Ingress is accepted, but lua-resty-cookie, which writes the affinity cookie, knows only the exact spellings: it drops the attribute with a warning in the controller's log. The cookie goes out without SameSite, which most browsers treat as `Lax`: `none`, meant for cross-site requests (an iframe, a POST from another site), silently loses the session stickiness there. `session-cookie-conditional-samesite-none` then has nothing to act on.
    ///
    /// ## Example
    /// ```yaml
    /// nginx.ingress.kubernetes.io/affinity: cookie
    /// nginx.ingress.kubernetes.io/session-cookie-samesite: none   # write None
    /// ```
    ///
    /// ## Fix
    /// Write `None`, `Lax` or `Strict` exactly (browsers refuse a `SameSite=None` cookie without `Secure`, which ingress-nginx adds by itself only on HTTPS requests; `session-cookie-secure: "true"` adds it always).
    pub RULE { code: "ALB709", name: "nginx-samesite-wrong-case", severity: Warning, blocks_group: false }
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
            "ALB709",
            include_str!("../../../../../testdata/lint/ALB709.yaml"),
        );
    }
}
