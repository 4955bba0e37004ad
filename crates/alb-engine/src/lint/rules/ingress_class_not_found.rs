//! ALB409 ingress-class-not-found.

use super::service_not_found::closest;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{LintContext, declare_rule};
use crate::manifest::{Ingress, IngressClass};
use crate::ownership::{Controller, Owner};

declare_rule! {
    /// ## What it does
    /// Flags two IngressClass problems that make the ALB controller drop Ingresses:
    ///
    /// - an Ingress meant for ALB (its class name contains `alb`, or it carries `alb.ingress.kubernetes.io/` annotations) whose `spec.ingressClassName` (or `kubernetes.io/ingress.class` annotation, except the plain value `alb`) names an IngressClass that is not among the inputs, while other IngressClass objects are: the class was probably mistyped. Reported as a warning, since the class may exist in the cluster only.
    /// - an Ingress whose IngressClass is the ALB controller's (`spec.controller: ingress.k8s.alibabacloud/alb`) but has no `spec.parameters`, and which does not pick its AlbConfig with `alb.ingress.kubernetes.io/albconfig.name`. Reported as an **error**: it is a controller failure, not a guess.
    ///
    /// ## Why is this bad?
    /// The controller takes an Ingress only if its class names an existing IngressClass whose controller is exactly `ingress.k8s.alibabacloud/alb` (or, without a class name, the annotation `kubernetes.io/ingress.class: alb`). A class that does not exist is logged and the Ingress is **silently ignored**: no event, no rules.
    ///
    /// To find the AlbConfig, the controller reads the IngressClass's `spec.parameters.name`; an ALB IngressClass without `parameters` makes it fail with "albconfig must be referenced in IngressClass". That failure happens while it loads the Ingresses of an AlbConfig group, before any of them is built, so ALBs stop being updated.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: IngressClass
    /// metadata:
    ///   name: alb
    /// spec:
    ///   controller: ingress.k8s.alibabacloud/alb   # no parameters
    /// ---
    /// kind: Ingress
    /// spec:
    ///   ingressClassName: alb-internal   # no such IngressClass
    /// ```
    ///
    /// ## Fix
    /// Use the name of an existing ALB IngressClass (or include it in the linted files). Give every ALB IngressClass `parameters: {apiGroup: alibabacloud.com, kind: AlbConfig, name: <albconfig>}`.
    pub RULE { code: "ALB409", name: "ingress-class-not-found", severity: Warning, blocks_group: false }
}

const ALB_CONTROLLER: &str = "ingress.k8s.alibabacloud/alb";

fn is_alb_class(class: &IngressClass) -> bool {
    class
        .controller
        .as_ref()
        .is_some_and(|c| c.value == ALB_CONTROLLER)
}

/// Whether an Ingress whose class is missing was written for ALB: the class is named like one,
/// is a typo of an ALB IngressClass, or the Ingress carries ALB annotations.
fn meant_for_alb(ingress: &Ingress, class: &str, classes: &[IngressClass]) -> bool {
    if let Some(other) = Controller::from_class_name(class) {
        return other == Controller::Alb;
    }
    let alb_names = classes
        .iter()
        .filter(|c| is_alb_class(c))
        .map(|c| c.meta.name.value.as_str());
    class.to_ascii_lowercase().contains("alb")
        || closest(class, alb_names).is_some()
        || ingress
            .meta
            .annotations
            .iter()
            .any(|a| a.key.value.starts_with("alb.ingress.kubernetes.io/"))
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let classes = &ctx.manifest.ingress_classes;
    if classes.is_empty() {
        return;
    }
    for (index, ingress) in ctx.manifest.ingresses.iter().enumerate() {
        // AWS's Ingresses are told once, by ALB031.
        if ctx
            .ownership
            .owner(index)
            .is_some_and(|o| o.owner == Owner::Aws)
        {
            continue;
        }
        let from_annotation = ingress.class_name.is_none();
        let Some(class) = ingress.class() else {
            // The default IngressClass, if any, is checked below through `ingress_class`.
            check_parameters(ctx, ingress, None, out);
            continue;
        };
        match classes.iter().find(|c| c.meta.name.value == class.value) {
            Some(found) => check_parameters(ctx, ingress, Some((found, class.span)), out),
            None => {
                if (from_annotation && class.value == "alb")
                    || !meant_for_alb(ingress, class.value, classes)
                {
                    continue;
                }
                let names: Vec<&str> = classes.iter().map(|c| c.meta.name.value.as_str()).collect();
                let alb_names: Vec<&str> = classes
                    .iter()
                    .filter(|c| is_alb_class(c))
                    .map(|c| c.meta.name.value.as_str())
                    .collect();
                let help = match closest(class.value, names.iter().copied()) {
                    Some(similar) => format!("did you mean `{similar}`?"),
                    None if !alb_names.is_empty() => format!(
                        "the ALB IngressClasses among the inputs are {}; if `{}` exists only in the cluster, include it in the linted files",
                        alb_names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        class.value
                    ),
                    None => format!(
                        "if `{}` exists only in the cluster, include it in the linted files",
                        class.value
                    ),
                };
                out.push(
                    ctx.report(
                        &RULE,
                        class.span,
                        Some(ingress),
                        format!(
                            "IngressClass `{}` is not among the inputs (they define {}): if it does not exist, the ALB controller silently ignores this Ingress",
                            class.value,
                            names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .with_label("unknown IngressClass")
                    .with_help(help),
                );
            }
        }
    }
}

/// An ALB IngressClass without `parameters`, used by an Ingress that does not name its
/// AlbConfig itself: the controller's group loading fails.
fn check_parameters(
    ctx: &LintContext<'_>,
    ingress: &Ingress,
    named: Option<(&IngressClass, crate::source::Span)>,
    out: &mut Vec<Diagnostic>,
) {
    let (class, span) = match named {
        Some(found) => found,
        None => match ctx.manifest.ingress_classes.iter().find(|c| c.is_default) {
            Some(default) => (default, ingress.meta.name.span),
            None => return,
        },
    };
    if !is_alb_class(class) || class.parameters.is_some() {
        return;
    }
    let picks_albconfig = ingress
        .meta
        .annotation("alb.ingress.kubernetes.io/albconfig.name")
        .is_some_and(|a| !a.value.value.trim().is_empty());
    if picks_albconfig {
        return;
    }
    let mut d = ctx
        .report(
            &RULE,
            span,
            Some(ingress),
            format!(
                "IngressClass `{}` has no `spec.parameters` naming an AlbConfig: the controller fails to load this Ingress's group (\"albconfig must be referenced in IngressClass {}\") and stops updating the ALB",
                class.meta.name.value, class.meta.name.value
            ),
        )
        .with_label("IngressClass without parameters")
        .with_related(class.meta.name.span, "this IngressClass")
        .with_help("add `parameters: {apiGroup: alibabacloud.com, kind: AlbConfig, name: <albconfig>}` to the IngressClass, or set `alb.ingress.kubernetes.io/albconfig.name` on the Ingress");
    // A certain controller failure, not a guess about the cluster.
    d.severity = Severity::Error;
    out.push(d);
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB409",
            include_str!("../../../../../testdata/lint/ALB409.yaml"),
        );
    }
}
