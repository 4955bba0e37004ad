//! ALB603 rule-exceeds-edition-limits.

use std::collections::BTreeMap;

use super::shadowed_rule::{RuleId, describe, listeners_text, path_span, rule_id};
use super::unknown_edition::Edition;
use crate::compile::{ListenerKey, Rule};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a path whose compiled ALB rule has more conditions or more actions than the ALB's edition allows per forwarding rule: 5 conditions and 3 actions on Basic, 10 conditions and 5 actions on Standard and StandardWithWaf. An AlbConfig that is not among the inputs is taken as Standard.
    ///
    /// Counted the way the controller builds the rule: the host and the custom `Host` values make one Host condition, the path patterns and custom `Path` values one Path condition, `Method`/`SourceIp`/`ResponseStatusCode` one each; every custom `Header`, `QueryString`, `Cookie` or `ResponseHeader` block is a condition of its own, and so are a canary's header and cookie. Actions: each traffic limit, CORS, custom action, rewrite, and the final forward/redirect/fixed response count one each.
    ///
    /// ## Why is this bad?
    /// The controller does not check these quotas: it sends the rule and the ALB API rejects it, which fails the synchronisation of the whole ALB, so no Ingress of the AlbConfig is updated. Annotations add up quickly: `traffic-limit-qps`, `enable-cors`, `rewrite-target` and the forward are already 4 actions, over Basic's 3.
    ///
    /// ## Example
    /// ```yaml
    /// # AlbConfig edition: Basic
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/traffic-limit-qps: "100"
    ///     alb.ingress.kubernetes.io/enable-cors: "true"
    ///     alb.ingress.kubernetes.io/rewrite-target: /v2/${1}
    /// ```
    ///
    /// ## Fix
    /// Drop what the path does not need (split paths that need different treatment into separate Ingresses), move custom header conditions into fewer blocks with several values, or use a Standard ALB.
    pub RULE { code: "ALB603", name: "rule-exceeds-edition-limits", severity: Error, blocks_group: true }
}

/// Per rule: conditions, then actions.
fn limits(edition: Edition) -> (usize, usize) {
    match edition {
        Edition::Basic => (5, 3),
        _ => (10, 5),
    }
}

struct Worst<'t> {
    rule: &'t Rule,
    count: usize,
    listeners: Vec<ListenerKey>,
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for group in &ctx.table.groups {
        let config = group
            .alb_config
            .and_then(|i| ctx.manifest.alb_configs.get(i));
        let edition = config.map_or(Edition::Standard, Edition::of);
        let (max_conditions, max_actions) = limits(edition);
        let mut conditions: BTreeMap<RuleId, Worst<'_>> = BTreeMap::new();
        let mut actions: BTreeMap<RuleId, Worst<'_>> = BTreeMap::new();
        for listener in &group.listeners {
            for rule in &listener.rules {
                for (map, count, max) in [
                    (&mut conditions, rule.conditions.len(), max_conditions),
                    (&mut actions, rule.actions.len(), max_actions),
                ] {
                    if count <= max {
                        continue;
                    }
                    let worst = map.entry(rule_id(rule)).or_insert(Worst {
                        rule,
                        count,
                        listeners: Vec::new(),
                    });
                    if count > worst.count {
                        worst.rule = rule;
                        worst.count = count;
                    }
                    worst.listeners.push(listener.key);
                }
            }
        }
        let edition_name = match edition {
            Edition::Unknown => "Standard",
            e => e.as_str(),
        };
        let alb = match config {
            Some(c) => format!(
                "the {edition_name} ALB of AlbConfig `{}`",
                c.meta.name.value
            ),
            None => format!(
                "a {edition_name} ALB (AlbConfig `{}` is not among the inputs)",
                group.name
            ),
        };
        for (kind, map, max) in [
            ("conditions", &conditions, max_conditions),
            ("actions", &actions, max_actions),
        ] {
            for worst in map.values() {
                let rule = worst.rule;
                let Some(ingress) = ctx.manifest.ingresses.get(rule.ingress) else {
                    continue;
                };
                let list: Vec<&str> = if kind == "conditions" {
                    rule.conditions.iter().map(|c| c.type_name()).collect()
                } else {
                    rule.actions.iter().map(|a| a.kind()).collect()
                };
                out.push(
                    ctx.report(
                        &RULE,
                        path_span(ctx.manifest, rule),
                        Some(ingress),
                        format!(
                            "the rule for {} has {} {kind} on {} ({}); {alb} allows at most {max} per rule",
                            describe(rule),
                            worst.count,
                            listeners_text(&worst.listeners),
                            list.join(", "),
                        ),
                    )
                    .with_label(format!("{} {kind}", worst.count))
                    .with_help(if kind == "conditions" {
                        "the ALB API rejects the rule and the whole ALB stops syncing; merge custom Header blocks, drop conditions, or use a Standard ALB"
                    } else {
                        "the ALB API rejects the rule and the whole ALB stops syncing; drop annotations this path does not need (move it to its own Ingress), or use a Standard ALB"
                    }),
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
            "ALB603",
            include_str!("../../../../../testdata/lint/ALB603.yaml"),
        );
    }
}
