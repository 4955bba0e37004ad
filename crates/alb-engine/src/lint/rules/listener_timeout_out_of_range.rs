//! ALB606 listener-timeout-out-of-range.

use std::ops::RangeInclusive;

use crate::compile::ListenerTimeouts;
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::source::Spanned;

declare_rule! {
    /// ## What it does
    /// Flags an AlbConfig listener whose `idleTimeout` is outside 1–60 seconds or whose `requestTimeout` is outside 1–600 seconds. 0 (or no field) is fine: it means the default, 15 s and 60 s.
    ///
    /// ## Why is this bad?
    /// The controller refuses a negative value itself ("invalid listener RequestTimeout") and passes anything else on to the ALB API unchanged when it creates or updates the listener. The API accepts `idleTimeout` 1–60 and `requestTimeout` 1–600 (its CreateListener reference; a longer `requestTimeout` needs a quota increase for the account). Either way the listener is not created or updated and the whole ALB stops syncing: no Ingress of this AlbConfig gets its changes. `alb` itself uses the default in its place (as `alb explain -f` shows), since the ALB never runs with such a value.
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
    ///       requestTimeout: 900  # at most 600
    /// ```
    ///
    /// ## Fix
    /// Use 1–60 seconds for `idleTimeout` and 1–600 seconds for `requestTimeout`, or remove the field (or write 0) to get the default. If the account's quota allows a longer `requestTimeout`, this finding does not apply; otherwise a backend that needs longer per request needs another design (asynchronous jobs, streaming progress), since the ALB answers 504 after `requestTimeout`.
    pub RULE { code: "ALB606", name: "listener-timeout-out-of-range", severity: Error, blocks_group: true }
}

/// One timeout field of a listener, with what the controller and the ALB API make of it.
struct Field<'a> {
    name: &'static str,
    /// How the controller's error names it.
    api_name: &'static str,
    value: Option<&'a Spanned<i64>>,
    accepted: RangeInclusive<i64>,
    default: std::time::Duration,
    /// What else raises the maximum, for the help.
    beyond_max: Option<&'static str>,
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for config in &ctx.manifest.alb_configs {
        for listener in &config.listeners {
            let fields = [
                Field {
                    name: "idleTimeout",
                    api_name: "IdleTimeout",
                    value: listener.idle_timeout.as_ref(),
                    accepted: ListenerTimeouts::IDLE_SECONDS,
                    default: ListenerTimeouts::DEFAULT_IDLE,
                    beyond_max: None,
                },
                Field {
                    name: "requestTimeout",
                    api_name: "RequestTimeout",
                    value: listener.request_timeout.as_ref(),
                    accepted: ListenerTimeouts::REQUEST_SECONDS,
                    default: ListenerTimeouts::DEFAULT_REQUEST,
                    beyond_max: Some("a longer one needs a quota increase for the account"),
                },
            ];
            for field in fields {
                let Some(Spanned { value, span }) = field.value else {
                    continue;
                };
                // 0 is how the CRD spells "the default".
                if *value == 0 || field.accepted.contains(value) {
                    continue;
                }
                let name = field.name;
                let range = seconds(&field.accepted);
                let (problem, label) = if *value < *field.accepted.start() {
                    (
                        format!(
                            "is negative: the controller refuses the listener (\"invalid listener {}\")",
                            field.api_name
                        ),
                        "negative".to_owned(),
                    )
                } else {
                    let max = field.accepted.end();
                    (
                        format!(
                            "is above {max} seconds, the most the ALB API accepts: the API rejects the listener"
                        ),
                        format!("above {max} seconds"),
                    )
                };
                let mut help = format!(
                    "use {range}, or 0 (or no `{name}`) for the default of {} s",
                    field.default.as_secs()
                );
                if let Some(beyond) = field.beyond_max.filter(|_| *value > *field.accepted.end()) {
                    help = format!("{help}; {beyond}");
                }
                out.push(
                    ctx.report(
                        &RULE,
                        *span,
                        None,
                        format!(
                            "`{name}: {value}` on a listener of AlbConfig `{}` {problem}, so the ALB stops syncing",
                            config.meta.name.value,
                        ),
                    )
                    .with_object(config.meta.display())
                    .with_label(label)
                    .with_help(help),
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
