//! ALB031 aws-load-balancer-controller-ingress.

use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::ownership::Owner;

declare_rule! {
    /// ## What it does
    /// Says, once per Ingress, that it belongs to the **AWS Load Balancer Controller**, which alb does not simulate, and that nothing else is checked on it. An Ingress is AWS's when its IngressClass among the inputs has `spec.controller: ingress.k8s.aws/alb` (or `IngressClassParams` parameters), or when, with no such IngressClass, it carries an annotation only AWS defines (`alb.ingress.kubernetes.io/scheme`, `target-type`, `certificate-arn`, `group.name`, `group.order`, `load-balancer-name`, `subnets`, `security-groups`, ...), `ssl-redirect` with a port number, or an `actions.*` value in AWS's JSON object shape.
    ///
    /// ## Why is this bad?
    /// It is not: it is information. AWS's controller uses the same annotation prefix as Alibaba Cloud's ALB Ingress controller, and usually the same class name `alb`, but other keys and other value shapes. Checked as an Alibaba ALB Ingress, such a manifest would drown in wrong findings (unknown annotations, "must be a JSON array", a shadowed rule because `group.order` is not Alibaba's `order`). So alb recognises it, says so here, and leaves it alone; the summary counts it among the skipped objects.
    ///
    /// If the Ingress is meant for Alibaba Cloud ALB, the AWS annotations have no effect there: this finding is the hint.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     alb.ingress.kubernetes.io/scheme: internet-facing   # AWS's
    ///     alb.ingress.kubernetes.io/target-type: ip
    /// spec:
    ///   ingressClassName: alb
    /// ```
    ///
    /// ## Fix
    /// Nothing, for an AWS Ingress. For an Alibaba Cloud ALB Ingress, replace the AWS annotations with the ALB controller's (`alb explain` lists them; the AlbConfig sets what AWS sets per Ingress, such as the address type and the zones).
    pub RULE { code: "ALB031", name: "aws-load-balancer-controller-ingress", severity: Info, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for (index, ingress) in ctx.manifest.ingresses.iter().enumerate() {
        let Some(owner) = ctx.ownership.owner(index) else {
            continue;
        };
        if owner.owner != Owner::Aws {
            continue;
        }
        out.push(
            ctx.report(
                &RULE,
                owner.span,
                Some(ingress),
                format!(
                    "an AWS Load Balancer Controller Ingress: {}. alb does not simulate that controller, so nothing else is checked on it",
                    owner.because()
                ),
            )
            .with_label("AWS Load Balancer Controller")
            .with_help("if it is meant for Alibaba Cloud ALB, replace the AWS annotations with the ALB controller's (`alb explain` lists them)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;

    #[test]
    fn fixture() {
        check_fixture(
            "ALB031",
            include_str!("../../../../../testdata/lint/ALB031.yaml"),
        );
    }
}
