//! Keys under the ALB prefix that people write for Alibaba Cloud ALB, but whose effect alb
//! could not settle either way.
//!
//! The open-source controller (alibaba/alibaba-load-balancer-controller at `c277108`,
//! 2024-09-13) does not read them: its Ingress annotations
//! (`pkg/controller/ingress/reconcile/annotations/annotations.go`) define neither, and nothing
//! else under `pkg/controller/ingress` reads them. Whether ACK's managed (closed-source)
//! controller does, no ACK documentation alb's authors could read says. They are not registry
//! rows, since a row states a value type, a default, a range and a meaning, and none of that is
//! known here; the annotation lint reports them (ALB016) saying only what is known, instead of
//! calling them unknown keys.

/// A key alb has no verified facts about.
pub(crate) struct Unconfirmed {
    /// The key without the `alb.ingress.kubernetes.io/` prefix.
    pub name: &'static str,
    /// What is known, for the help text.
    pub known: &'static str,
}

const CONNECTION_DRAIN: &str = "public manifests for ACK use it, and ALB server groups support \
    connection draining, but alb found no ACK documentation of the key";

pub(crate) const UNCONFIRMED: &[Unconfirmed] = &[
    // Defined as `INGRESS_ALB_CERTIFICATE_ANNOTATIONS` ("config the certificate id") in the
    // ALB Ingress controller copy inside kubernetes/cloud-provider-alibaba-cloud
    // (`pkg/controller/ingress/reconcile/annotations/annotations.go`), with no reader found;
    // absent from alibaba-load-balancer-controller. The ACK pages "ALB Ingress configuration
    // dictionary" and "Use AlbConfigs to configure ALB listeners" configure certificates in
    // the AlbConfig listener (`certificates[].CertificateId`), by automatic discovery from TLS
    // hosts, or from `spec.tls` Secrets (semantics reference §8).
    Unconfirmed {
        name: "certificate-id",
        known: "alb found no ACK documentation of it; the documented ways to give an HTTPS \
                listener a certificate are the AlbConfig listener's `certificates`, discovery \
                from the TLS hosts, and `spec.tls` Secrets",
    },
    // Written in public ACK manifests (with `ingressClassName: alb`), one of them citing the
    // ACK page "Advanced ALB Ingress configurations" (ACK Serverless) for it; ALB server groups
    // do have connection draining (ALB docs, "Configure connection draining"). alb could not
    // read that ACK section, so it knows neither the values nor the default the managed
    // controller would take.
    Unconfirmed {
        name: "connection-drain-enabled",
        known: CONNECTION_DRAIN,
    },
    Unconfirmed {
        name: "connection-drain-timeout",
        known: CONNECTION_DRAIN,
    },
];

/// The entry for `name` (without the prefix), if alb knows it only as unconfirmed.
pub(crate) fn lookup(name: &str) -> Option<&'static Unconfirmed> {
    UNCONFIRMED.iter().find(|u| u.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Dialect, lookup as registry_lookup};

    #[test]
    fn unconfirmed_keys_are_not_registry_rows() {
        for u in UNCONFIRMED {
            let key = format!("{}{}", Dialect::Alb.prefix(), u.name);
            assert!(registry_lookup(&key).is_none(), "{key} is a registry row");
        }
    }
}
