//! Which AlbConfig, and so which ALB, an Ingress is built into. One function decides it for
//! every command: the route table's groups come from it, so `explain -f`, `route`, `serve` and
//! the lint rules that compare an Ingress with its AlbConfig all see the same answer.

use crate::annotations::AlbAnnotations;
use crate::manifest::{Ingress, Manifest};

/// An Ingress's AlbConfig, and how alb knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub albconfig: String,
    pub basis: AttachmentBasis,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttachmentBasis {
    /// `alb.ingress.kubernetes.io/albconfig.name`, which wins over the IngressClass.
    Annotation,
    /// `spec.parameters.name` of the Ingress's IngressClass among the inputs.
    IngressClass { class: String },
    /// The Ingress's IngressClass among the inputs has no `parameters`: the controller fails
    /// to load the group (ALB409); `default` stands in.
    ClassWithoutParameters { class: String },
    /// No IngressClass is among the inputs and exactly one AlbConfig is: that one is assumed.
    OnlyAlbConfig,
    /// No IngressClass is among the inputs, and `albconfigs` AlbConfigs (not one): the
    /// controller's fallback `default` is assumed.
    NoIngressClass { albconfigs: usize },
    /// The Ingress's IngressClass is not among the inputs, while others are: which AlbConfig
    /// it names is unknown, and the controller's fallback `default` is assumed.
    MissingIngressClass,
}

impl AttachmentBasis {
    /// Stable, for JSON.
    pub fn code(&self) -> &'static str {
        match self {
            AttachmentBasis::Annotation => "annotation",
            AttachmentBasis::IngressClass { .. } => "ingress-class",
            AttachmentBasis::ClassWithoutParameters { .. } => "ingress-class-without-parameters",
            AttachmentBasis::OnlyAlbConfig => "only-albconfig",
            AttachmentBasis::NoIngressClass { .. } => "no-ingress-class",
            AttachmentBasis::MissingIngressClass => "missing-ingress-class",
        }
    }

    /// Why the inputs do not settle the AlbConfig, in words that follow "AlbConfig assumed
    /// for shop/a:"; `None` when they do.
    pub fn doubt(&self) -> Option<String> {
        match self {
            AttachmentBasis::Annotation | AttachmentBasis::IngressClass { .. } => None,
            AttachmentBasis::ClassWithoutParameters { class } => Some(format!(
                "IngressClass `{class}` names no AlbConfig in `spec.parameters`, so the controller fails to load these Ingresses (ALB409)"
            )),
            AttachmentBasis::OnlyAlbConfig => Some(
                "no IngressClass is among the inputs; this is the only AlbConfig there".to_string(),
            ),
            // With no AlbConfig at all, the group's heading says `default` is assumed.
            AttachmentBasis::NoIngressClass { albconfigs: 0 } => None,
            AttachmentBasis::NoIngressClass { .. } => Some(
                "no IngressClass among the inputs says which of their AlbConfigs; the controller's fallback `default` is shown".to_string(),
            ),
            AttachmentBasis::MissingIngressClass => Some(
                "its IngressClass is not among the inputs while others are, so the AlbConfig it names is unknown; the controller's fallback `default` is shown".to_string(),
            ),
        }
    }
}

/// The controller's order (semantics reference §1.2): the `albconfig.name` annotation, else
/// the IngressClass's `spec.parameters.name`, else `default`. The inputs are often only part
/// of a cluster, so where the IngressClass is missing, the only AlbConfig among the inputs is
/// assumed, but only when no IngressClass is among them either: when some are, lint reports
/// the missing one (ALB409), and guessing an AlbConfig another IngressClass points at would
/// contradict it.
pub fn albconfig_of(
    manifest: &Manifest,
    ingress: &Ingress,
    annotations: &AlbAnnotations,
) -> Attachment {
    let attach = |albconfig: &str, basis| Attachment {
        albconfig: albconfig.to_string(),
        basis,
    };
    if let Some(name) = &annotations.albconfig_name {
        return attach(&name.value, AttachmentBasis::Annotation);
    }
    let class = match ingress.class() {
        Some(name) => manifest
            .ingress_classes
            .iter()
            .find(|c| c.meta.name.value == name.value),
        None => manifest.ingress_classes.iter().find(|c| c.is_default),
    };
    match class {
        Some(class) => {
            let name = class.meta.name.value.clone();
            match class.parameters.as_ref().and_then(|p| p.name.as_ref()) {
                Some(albconfig) => attach(
                    &albconfig.value,
                    AttachmentBasis::IngressClass { class: name },
                ),
                None => attach(
                    "default",
                    AttachmentBasis::ClassWithoutParameters { class: name },
                ),
            }
        }
        None if !manifest.ingress_classes.is_empty() => {
            attach("default", AttachmentBasis::MissingIngressClass)
        }
        None => match manifest.alb_configs.as_slice() {
            [only] => attach(&only.meta.name.value, AttachmentBasis::OnlyAlbConfig),
            all => attach(
                "default",
                AttachmentBasis::NoIngressClass {
                    albconfigs: all.len(),
                },
            ),
        },
    }
}
