//! ALB403 duplicate-explicit-order.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::lint::{IngressInfo, LintContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags Ingresses of the same AlbConfig that set the same explicit `alb.ingress.kubernetes.io/order` (or `albconfig.order`, which wins when both are set). Every Ingress of the clash is reported, each pointing at the others. Ingresses without the annotation (the default 10) are never compared.
    ///
    /// ## Why is this bad?
    /// While sorting an AlbConfig's Ingresses the controller keeps each explicit order it has seen and fails on a repeat: "conflict Ingress group order" (`sortGroupMembers`). That is a build error for the whole AlbConfig: no Ingress on the ALB is updated until it is fixed, including those that have nothing to do with the clash.
    ///
    /// ## Example
    /// ```yaml
    /// # Ingress default/canary-header
    /// alb.ingress.kubernetes.io/order: "2"
    /// ---
    /// # Ingress default/canary-cookie, same AlbConfig
    /// alb.ingress.kubernetes.io/order: "2"
    /// ```
    ///
    /// ## Fix
    /// Give each Ingress of the AlbConfig its own order (1–1000), or drop the annotation where the default (10, then name order) is good enough.
    pub RULE { code: "ALB403", name: "duplicate-explicit-order", severity: Error, blocks_group: true }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let infos: BTreeMap<usize, &IngressInfo<'_>> =
        ctx.ingresses.iter().map(|i| (i.index, i)).collect();
    for group in &ctx.table.groups {
        let mut by_order: BTreeMap<i64, Vec<&IngressInfo<'_>>> = BTreeMap::new();
        for member in &group.members {
            let Some(info) = infos.get(&member.ingress) else {
                continue;
            };
            let a = &info.annotations;
            // Out-of-range orders fail the build on their own (ALB010).
            if a.order_explicit && (1..=1000).contains(&a.order) {
                by_order.entry(a.order).or_default().push(info);
            }
        }
        for (order, clash) in by_order.iter().filter(|(_, c)| c.len() > 1) {
            for info in clash {
                let Some(span) = info.annotations.order_span else {
                    continue;
                };
                let others: Vec<&&IngressInfo<'_>> =
                    clash.iter().filter(|o| o.index != info.index).collect();
                let names: Vec<String> = others.iter().map(|o| o.ingress.meta.key()).collect();
                let mut d = ctx
                    .report(
                        &RULE,
                        span,
                        Some(info.ingress),
                        format!(
                            "explicit order {order} is also set on Ingress {} in AlbConfig `{}`: the controller rejects duplicate explicit orders and builds nothing for this ALB",
                            names.join(", "),
                            group.name
                        ),
                    )
                    .with_label("duplicate order")
                    .with_help("give each Ingress of the AlbConfig its own order between 1 and 1000, or remove the annotation to use the default (10, then name order)");
                for other in others {
                    if let Some(span) = other.annotations.order_span {
                        d = d.with_related(
                            span,
                            format!("order {order} of Ingress {}", other.ingress.meta.key()),
                        );
                    }
                }
                out.push(d);
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
            "ALB403",
            include_str!("../../../../../testdata/lint/ALB403.yaml"),
        );
    }
}
