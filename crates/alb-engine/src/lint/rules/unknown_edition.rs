//! ALB605 unknown-edition.
//!
//! Also home of [`Edition`], which the other AlbConfig rules read.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::manifest::AlbConfig;

declare_rule! {
    /// ## What it does
    /// Flags an AlbConfig whose `spec.config.edition` is not `Basic`, `Standard` or `StandardWithWaf` (compared case-insensitively; an absent or empty edition means Standard).
    ///
    /// ## Why is this bad?
    /// The controller passes the edition on to `CreateLoadBalancer` unchanged. The ALB API knows only those three editions, so a value like `Premium` or `WAF` is rejected and the ALB is never created: no Ingress of this AlbConfig gets any rule.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: alibabacloud.com/v1
    /// kind: AlbConfig
    /// metadata:
    ///   name: alb
    /// spec:
    ///   config:
    ///     edition: Premium
    /// ```
    ///
    /// ## Fix
    /// Use `Standard` (the default), `StandardWithWaf`, or `Basic` (which lacks redirects, rewrites and cookie conditions, see ALB602). Remove the field to get Standard.
    pub RULE { code: "ALB605", name: "unknown-edition", severity: Error, blocks_group: true }
}

/// An ALB edition as the AlbConfig names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Edition {
    Basic,
    Standard,
    StandardWithWaf,
    /// Not an edition ALB knows (ALB605).
    Unknown,
}

impl Edition {
    /// `spec.config.edition`, case-insensitively; absent or empty means Standard.
    pub(crate) fn of(config: &AlbConfig) -> Edition {
        match config.config.edition.as_ref().map(|e| e.value.trim()) {
            None | Some("") => Edition::Standard,
            Some(e) if e.eq_ignore_ascii_case("basic") => Edition::Basic,
            Some(e) if e.eq_ignore_ascii_case("standard") => Edition::Standard,
            Some(e) if e.eq_ignore_ascii_case("standardwithwaf") => Edition::StandardWithWaf,
            Some(_) => Edition::Unknown,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Edition::Basic => "Basic",
            Edition::Standard => "Standard",
            Edition::StandardWithWaf => "StandardWithWaf",
            Edition::Unknown => "unknown",
        }
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for config in &ctx.manifest.alb_configs {
        let Some(edition) = &config.config.edition else {
            continue;
        };
        if Edition::of(config) != Edition::Unknown {
            continue;
        }
        let lower = edition.value.trim().to_ascii_lowercase();
        let suggestion = if lower.contains("waf") {
            "StandardWithWaf"
        } else if lower.starts_with('b') {
            "Basic"
        } else {
            "Standard"
        };
        out.push(
            ctx.report(
                &RULE,
                edition.span,
                None,
                format!(
                    "`{}` is not an ALB edition: the ALB API accepts Basic, Standard or StandardWithWaf, so the ALB of AlbConfig `{}` is never created",
                    edition.value, config.meta.name.value
                ),
            )
            .with_object(config.meta.display())
            .with_label("unknown edition")
            .with_help(format!(
                "did you mean `{suggestion}`? Remove the field to get Standard, the default"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB605",
            include_str!("../../../../../testdata/lint/ALB605.yaml"),
        );
    }
}
