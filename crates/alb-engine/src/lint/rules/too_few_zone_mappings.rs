//! ALB601 too-few-zone-mappings.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an AlbConfig that creates a new ALB (no `spec.config.id`) with `zoneMappings` listing a single vSwitch, or listing the same vSwitch more than once so that fewer than two distinct vSwitches remain. An empty or absent `zoneMappings` is fine: the controller then picks one vSwitch per ALB zone of the VPC itself.
    ///
    /// ## Why is this bad?
    /// An ALB needs at least two zones. With `zoneMappings` given, the controller looks the vSwitches up and fails the AlbConfig's model build with "unable to discover at least two vswitchs for alb" when fewer than two are found (`buildAlbLoadBalancerSpec`); the same vSwitch listed twice passes that count but cannot give two zones, so creating the ALB fails at the API. Either way the ALB is never created and none of the AlbConfig's Ingresses get rules. When `spec.config.id` reuses an existing ALB, zone mappings are not read at all.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: alibabacloud.com/v1
    /// kind: AlbConfig
    /// metadata:
    ///   name: alb
    /// spec:
    ///   config:
    ///     zoneMappings:
    ///       - vSwitchId: vsw-uf6ccg2a9g71hx8go****
    /// ```
    ///
    /// ## Fix
    /// List vSwitches in at least two different zones of the VPC (ALB allocates addresses from each), remove `zoneMappings` to let the controller choose, or set `spec.config.id` to reuse an existing ALB.
    pub RULE { code: "ALB601", name: "too-few-zone-mappings", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for config in &ctx.manifest.alb_configs {
        let spec = &config.config;
        if spec
            .id
            .as_ref()
            .is_some_and(|id| !id.value.trim().is_empty())
        {
            continue;
        }
        let mappings = &spec.zone_mappings;
        let Some(first) = mappings.first() else {
            continue;
        };
        let mut distinct: Vec<&str> = mappings
            .iter()
            .filter_map(|m| m.vswitch_id.as_ref())
            .map(|v| v.value.as_str())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let message = if mappings.len() < 2 {
            format!(
                "AlbConfig `{}` lists only one zone mapping: an ALB needs vSwitches in at least two zones, so the controller cannot create it",
                config.meta.name.value
            )
        } else if distinct.len() < 2 && mappings.iter().all(|m| m.vswitch_id.is_some()) {
            format!(
                "AlbConfig `{}` lists vSwitch `{}` {} times and no other: an ALB needs vSwitches in at least two zones, so the controller cannot create it",
                config.meta.name.value,
                distinct.first().copied().unwrap_or_default(),
                mappings.len()
            )
        } else {
            continue;
        };
        let span = mappings.get(1).map_or(first.span, |m| m.span);
        out.push(
            ctx.report(&RULE, span, None, message)
                .with_object(config.meta.display())
                .with_label("fewer than two zones")
                .with_help("list vSwitches of two different zones, remove `zoneMappings` to let the controller pick one per zone, or reuse an existing ALB with `spec.config.id`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB601",
            include_str!("../../../../../testdata/lint/ALB601.yaml"),
        );
    }
}
