//! ALB502 cors-credentials-with-any-origin.

use std::collections::BTreeSet;

use super::service_not_found::service_backends;
use crate::annotations::Action;
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags CORS that allows credentials for any origin: `enable-cors: "true"` with `cors-allow-credentials` true and `cors-allow-origin` containing `*`, or a custom `Cors` action in `actions.<svc>` with `allowCredentials: "on"` and origin `*`. Both are the controller's defaults, so `enable-cors: "true"` alone is flagged.
    ///
    /// ## Why is this bad?
    /// Browsers refuse a credentialed cross-origin response (cookies, HTTP authentication, `fetch(..., {credentials: "include"})`) whose `Access-Control-Allow-Origin` is `*`: the Fetch standard allows credentials only with an explicit origin. So either the credentials setting is pointless, or the front end's credentialed requests fail in the browser with a CORS error while the same request works from curl. Whether ALB reflects the request's origin instead of sending `*` is not documented, so do not rely on it.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/enable-cors: "true"
    ///     alb.ingress.kubernetes.io/cors-allow-credentials: "true"   # the default
    ///     # cors-allow-origin not set: "*"
    /// ```
    ///
    /// ## Fix
    /// List the allowed origins explicitly (`cors-allow-origin: "https://app.example.com, https://admin.example.com"`), or set `cors-allow-credentials: "false"` if the browser sends no credentials.
    pub RULE { code: "ALB502", name: "cors-credentials-with-any-origin", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let a = &info.annotations;
        if let Some(cors) = &a.cors
            && cors.allow_credentials
            && cors.allow_origin.iter().any(|o| o == "*")
        {
            let explicit_origin = a.source("cors-allow-origin");
            let span = explicit_origin
                .or_else(|| a.source("cors-allow-credentials"))
                .or_else(|| a.source("enable-cors"))
                .map(|s| s.value_span);
            if let Some(span) = span {
                let defaults = match (
                    explicit_origin.is_some(),
                    a.source("cors-allow-credentials").is_some(),
                ) {
                    (true, true) => "",
                    (true, false) => " (credentials are allowed by default)",
                    (false, true) => " (`*` is the default origin)",
                    (false, false) => " (both are the defaults)",
                };
                out.push(
                    ctx.report(
                        &RULE,
                        span,
                        Some(info.ingress),
                        format!(
                            "CORS allows credentials for origin `*`{defaults}: browsers reject credentialed responses whose Access-Control-Allow-Origin is `*`"
                        ),
                    )
                    .with_label("credentials with any origin")
                    .with_help("list the allowed origins in `alb.ingress.kubernetes.io/cors-allow-origin`, or set `cors-allow-credentials: \"false\"`"),
                );
            }
        }
        let used: BTreeSet<&str> = service_backends(info)
            .map(|(_, s)| s.name.value.as_str())
            .collect();
        for (svc, actions) in &a.actions {
            if !used.contains(svc.as_str()) {
                continue;
            }
            let any_origin_with_credentials = actions.iter().any(|action| {
                matches!(action, Action::Cors(c)
                    if c.allow_credentials.eq_ignore_ascii_case("on")
                        && c.allow_origin.iter().any(|o| o.trim() == "*"))
            });
            let Some(source) = a.source(&format!("actions.{svc}")) else {
                continue;
            };
            if any_origin_with_credentials {
                out.push(
                    ctx.report(
                        &RULE,
                        source.value_span,
                        Some(info.ingress),
                        format!(
                            "the Cors action of `actions.{svc}` allows credentials for origin `*`: browsers reject credentialed responses whose Access-Control-Allow-Origin is `*`"
                        ),
                    )
                    .with_label("credentials with any origin")
                    .with_help("list the allowed origins in `allowOrigin`, or set `allowCredentials` to \"off\""),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB502",
            include_str!("../../../../../testdata/lint/ALB502.yaml"),
        );
    }
}
