//! ALB606 listener-timeout-out-of-range.

use std::ops::RangeInclusive;

use crate::compile::ListenerTimeouts;
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::source::Spanned;

declare_rule! {
    /// ## What it does
    /// Flags an AlbConfig listener whose `idleTimeout` is outside 1–60 seconds or whose `requestTimeout` is outside 1–180 seconds. 0 (or no field) is fine: it means the default, 15 s and 60 s.
    ///
    /// ## Why is this bad?
    /// The controller passes both values on to the ALB API unchanged when it creates or updates the listener, and the API accepts only those ranges. A negative value, or one above the maximum, is rejected, so the listener is not created or updated and the whole ALB stops syncing: no Ingress of this AlbConfig gets its changes. `alb` itself uses the default in its place (as `alb explain -f` shows), since the ALB never runs with such a value.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: alibabacloud.com/v1
    /// kind: AlbConfig
    /// metadata:
    ///   name: alb
    /// spec:
    ///   listeners:
    ///     - port: 80
    ///       protocol: HTTP
    ///       idleTimeout: 120     # at most 60
    ///       requestTimeout: 300  # at most 180
    /// ```
    ///
    /// ## Fix
    /// Use 1–60 seconds for `idleTimeout` and 1–180 seconds for `requestTimeout`, or remove the field (or write 0) to get the default. A backend that needs longer than 180 s per request needs another design (asynchronous jobs, streaming progress), since the ALB answers 504 after `requestTimeout`.
    pub RULE { code: "ALB606", name: "listener-timeout-out-of-range", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for config in &ctx.manifest.alb_configs {
        for listener in &config.listeners {
            let fields = [
                (
                    "idleTimeout",
                    listener.idle_timeout.as_ref(),
                    ListenerTimeouts::IDLE_SECONDS,
                    ListenerTimeouts::DEFAULT_IDLE,
                ),
                (
                    "requestTimeout",
                    listener.request_timeout.as_ref(),
                    ListenerTimeouts::REQUEST_SECONDS,
                    ListenerTimeouts::DEFAULT_REQUEST,
                ),
            ];
            for (field, value, accepted, default) in fields {
                let Some(Spanned { value, span }) = value else {
                    continue;
                };
                // 0 is how the CRD spells "the default".
                if *value == 0 || accepted.contains(value) {
                    continue;
                }
                out.push(
                    ctx.report(
                        &RULE,
                        *span,
                        None,
                        format!(
                            "`{field}: {value}` on a listener of AlbConfig `{}` is outside {}: the ALB API rejects the listener, so the ALB stops syncing",
                            config.meta.name.value,
                            seconds(&accepted),
                        ),
                    )
                    .with_object(config.meta.display())
                    .with_label(format!("outside {}", seconds(&accepted)))
                    .with_help(format!(
                        "use {}, or 0 (or no `{field}`) for the default of {} s",
                        seconds(&accepted),
                        default.as_secs()
                    )),
                );
            }
        }
    }
}

fn seconds(range: &RangeInclusive<i64>) -> String {
    format!("{}–{} seconds", range.start(), range.end())
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB606",
            include_str!("../../../../../testdata/lint/ALB606.yaml"),
        );
    }
}
