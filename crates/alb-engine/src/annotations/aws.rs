//! Recognising the AWS Load Balancer Controller's Ingresses.
//!
//! AWS's controller reads the same annotation prefix as Alibaba's, `alb.ingress.kubernetes.io/`,
//! and is usually installed with an IngressClass named `alb` too (controller
//! `ingress.k8s.aws/alb`). Linted as Alibaba ALB Ingresses its manifests drown in wrong findings
//! (unknown keys, `ssl-redirect: '443'` "not true", `actions.*` "not a JSON array", a shadowing
//! error because `group.order` is not Alibaba's `order`). The facts below come from the AWS
//! Load Balancer Controller's annotation reference
//! (kubernetes-sigs/aws-load-balancer-controller, `docs/guide/ingress/annotations.md`).

use crate::manifest::{Annotation, IngressClass, ObjectMeta};

/// `spec.controller` of AWS's IngressClass.
pub const AWS_CONTROLLER: &str = "ingress.k8s.aws/alb";

/// The API group of AWS's own objects (`IngressClassParams`, `TargetGroupBinding`).
pub const AWS_API_GROUP: &str = "elbv2.k8s.aws";

const PREFIX: &str = "alb.ingress.kubernetes.io/";

/// Keys AWS defines under the shared prefix that Alibaba's controller does not read, so one of
/// them says whose Ingress it is. Keys both define (`listen-ports`, `backend-protocol`,
/// `healthcheck-path`, `conditions.*`, ...) say nothing; a test keeps this list disjoint from
/// the annotation registry.
const AWS_ONLY: &[&str] = &[
    "auth-idp-cognito",
    "auth-idp-oidc",
    "auth-on-unauthenticated-request",
    "auth-scope",
    "auth-session-cookie",
    "auth-session-timeout",
    "auth-type",
    "backend-protocol-version",
    "certificate-arn",
    "customer-owned-ipv4-pool",
    "group.name",
    "group.order",
    "healthcheck-port",
    "inbound-cidrs",
    "ip-address-type",
    "load-balancer-attributes",
    "load-balancer-name",
    "manage-backend-security-group-rules",
    "mutual-authentication",
    "scheme",
    "security-group-prefix-lists",
    "security-groups",
    "shield-advanced-protection",
    "ssl-policy",
    "subnets",
    "success-codes",
    "tags",
    "target-group-attributes",
    "target-node-labels",
    "target-type",
    "waf-acl-id",
    "wafv2-acl-arn",
];

/// Why an annotation is AWS's, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AwsSign {
    /// A key only AWS defines.
    Key,
    /// `ssl-redirect` with a port number: AWS's shape (Alibaba's takes `"true"`).
    SslRedirectPort,
    /// `actions.<name>` holding one JSON object: AWS's shape (Alibaba's is a JSON array).
    ActionObject,
}

impl AwsSign {
    pub fn describe(self) -> &'static str {
        match self {
            AwsSign::Key => {
                "is an AWS Load Balancer Controller annotation, which Alibaba's ALB controller does not read"
            }
            AwsSign::SslRedirectPort => {
                "holds a port number, as the AWS Load Balancer Controller's `ssl-redirect` does (Alibaba's takes \"true\")"
            }
            AwsSign::ActionObject => {
                "holds one JSON object, as the AWS Load Balancer Controller's actions do (Alibaba's are a JSON array)"
            }
        }
    }
}

/// What an annotation says about AWS, if anything.
pub fn sign(annotation: &Annotation) -> Option<AwsSign> {
    let name = annotation.key.value.strip_prefix(PREFIX)?;
    let value = annotation.value.value.trim();
    if AWS_ONLY.contains(&name)
        || name.starts_with("listener-attributes.")
        || name.starts_with("transforms.")
    {
        return Some(AwsSign::Key);
    }
    if name == "ssl-redirect" && !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(AwsSign::SslRedirectPort);
    }
    if name.starts_with("actions.")
        && matches!(
            serde_json::from_str::<serde_json::Value>(value),
            Ok(serde_json::Value::Object(_))
        )
    {
        return Some(AwsSign::ActionObject);
    }
    None
}

/// The first annotation of `meta` that is AWS's, in source order.
pub fn evidence(meta: &ObjectMeta) -> Option<(&Annotation, AwsSign)> {
    meta.annotations
        .iter()
        .find_map(|a| sign(a).map(|s| (a, s)))
}

/// Whether an IngressClass is AWS's: its controller, or `IngressClassParams` parameters.
pub fn is_aws_class(class: &IngressClass) -> bool {
    class
        .controller
        .as_ref()
        .is_some_and(|c| c.value == AWS_CONTROLLER)
        || class
            .parameters
            .as_ref()
            .and_then(|p| p.api_group.as_ref())
            .is_some_and(|g| g.value == AWS_API_GROUP)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Dialect, registry};

    #[test]
    fn aws_only_keys_are_not_alibaba_keys() {
        for spec in registry().iter().filter(|s| s.dialect == Dialect::Alb) {
            assert!(
                !AWS_ONLY.contains(&spec.name),
                "`{}` is in the registry, so it is no evidence of AWS",
                spec.name
            );
        }
    }
}
