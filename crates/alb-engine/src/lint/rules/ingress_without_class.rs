//! ALB032 ingress-without-class.

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{LintContext, declare_rule};
use crate::ownership::{Basis, Controller, Owner};

declare_rule! {
    /// ## What it does
    /// Flags an Ingress with no class (neither `spec.ingressClassName` nor the `kubernetes.io/ingress.class` annotation) when no default IngressClass is among the inputs, and says whose alb takes it to be: the controller whose annotations it carries (an Ingress with only `nginx.ingress.kubernetes.io/` keys was written for ingress-nginx), or else the one `--controller` names (`alb` by default).
    ///
    /// A warning when alb takes it for ALB's; information otherwise (alb lints an ingress-nginx one in ingress-nginx's dialect, and leaves the others to their controllers).
    ///
    /// ## Why is this bad?
    /// Which controller serves a class-less Ingress depends on the cluster: when it is created, the API server fills in the default IngressClass, if the cluster has one. The ALB controller itself takes a class-less Ingress only through that default (or the annotation `kubernetes.io/ingress.class: alb`); without it, the Ingress is ignored, with no event. The same manifest is ALB's in one cluster and ingress-nginx's, or nobody's, in another.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Ingress
    /// metadata:
    ///   name: shop
    /// spec:            # no ingressClassName
    ///   rules:
    ///     - host: shop.example.com
    /// ```
    ///
    /// ## Fix
    /// Set `spec.ingressClassName` (for ALB, the name of the ALB IngressClass, usually `alb`), or include the cluster's default IngressClass (`ingressclass.kubernetes.io/is-default-class: "true"`) in the linted files.
    pub RULE { code: "ALB032", name: "ingress-without-class", severity: Warning, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let simulated = ctx.ownership.simulated();
    for (index, ingress) in ctx.manifest.ingresses.iter().enumerate() {
        let Some(owner) = ctx.ownership.owner(index) else {
            continue;
        };
        // AWS's Ingresses are told once, by ALB031.
        let Owner::Controller(controller) = owner.owner else {
            continue;
        };
        if !owner.unsettled() {
            continue;
        }
        let evidence = match &owner.basis {
            Basis::Annotation { key, .. } => {
                format!("its annotation `{key}` is {}'s", controller.title())
            }
            _ => format!("assumed from `--controller {}`", simulated.as_str()),
        };
        let taken = if controller == Controller::Alb {
            format!("alb lints it as the ALB controller's ({evidence})")
        } else if controller.linted() {
            format!("alb lints it as {}'s ({evidence})", controller.title())
        } else {
            format!(
                "alb takes it for {}'s ({evidence}), which alb does not check yet",
                controller.title()
            )
        };
        let mut d = ctx
            .report(
                &RULE,
                owner.span,
                Some(ingress),
                format!(
                    "this Ingress has no class, and no default IngressClass is among the inputs: which controller serves it depends on the cluster's default IngressClass (the ALB controller takes it only if that is ALB's). {taken}"
                ),
            )
            .with_label(if matches!(owner.basis, Basis::Assumed) {
                "no class"
            } else {
                "no class; this annotation says whose"
            })
            .with_help("set `spec.ingressClassName` (for ALB, usually `alb`), or include the cluster's default IngressClass in the inputs");
        if controller != Controller::Alb {
            d.severity = Severity::Info;
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB032",
            include_str!("../../../../../testdata/lint/ALB032.yaml"),
        );
    }
}
