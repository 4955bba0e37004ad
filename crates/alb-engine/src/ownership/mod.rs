//! Whose object each input is: which controller handles an Ingress, how alb knows, and so what
//! alb checks, simulates or skips. `lint`, `explain -f`, `route` and `serve` all ask here, so
//! they skip the same objects for the same reasons, and say so.
//!
//! Kubernetes decides by class: `spec.ingressClassName` (or the older
//! `kubernetes.io/ingress.class` annotation) names an IngressClass whose `spec.controller` says
//! which controller takes the Ingress; an Ingress created without a class gets the cluster's
//! default IngressClass, filled in by the API server. The inputs are often only part of a
//! cluster, so alb reads the evidence in this order:
//!
//! 1. an IngressClass among the inputs: the one the Ingress names, or the default one;
//! 2. the class name alone (`alb`, `nginx`, `traefik`, `cce`), unless the annotations are the
//!    AWS Load Balancer Controller's;
//! 3. without a class and a default IngressClass, the annotations: an Ingress whose keys are all
//!    `nginx.ingress.kubernetes.io/` was written for ingress-nginx;
//! 4. failing all of that, the controller being simulated (`--controller`).
//!
//! The last two are guesses about the cluster, and lint says so (ALB032).

use crate::annotations::aws::{self, AWS_API_GROUP, AwsSign};

use crate::manifest::{Ingress, IngressClass, Manifest};
use crate::source::Span;

/// The controllers whose manifests alb knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Controller {
    Alb,
    Nginx,
    Traefik,
    Cce,
}

impl Controller {
    /// As `--controller` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Controller::Alb => "alb",
            Controller::Nginx => "nginx",
            Controller::Traefik => "traefik",
            Controller::Cce => "cce",
        }
    }

    /// The controller's name, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Controller::Alb => "the ALB Ingress controller",
            Controller::Nginx => "ingress-nginx",
            Controller::Traefik => "Traefik",
            Controller::Cce => "the CCE ELB Ingress controller",
        }
    }

    /// Whether alb builds this controller's Ingresses into the ALB route table that lint's
    /// ALB rules read and `explain -f` shows: only ALB's, so far (`route` and `serve` build
    /// ingress-nginx's with its own front-end, see [`Controller::routed`]).
    pub fn simulated(self) -> bool {
        self == Controller::Alb
    }

    /// Whether `lint` has rules in this controller's dialect: ALB's and ingress-nginx's. Each
    /// Ingress is linted in its own controller's dialect, whatever `--controller` says.
    pub fn linted(self) -> bool {
        matches!(self, Controller::Alb | Controller::Nginx)
    }

    /// Whether alb has a front-end that compiles this controller's objects into the route
    /// table, in its evaluation order: `route`, `explain -f` and `serve` build them.
    pub fn routed(self) -> bool {
        matches!(self, Controller::Alb | Controller::Nginx)
    }

    /// As `--controller` (and a route check file's `controller:`) spells it.
    pub fn from_flag(name: &str) -> Option<Controller> {
        [
            Controller::Alb,
            Controller::Nginx,
            Controller::Traefik,
            Controller::Cce,
        ]
        .into_iter()
        .find(|c| c.as_str() == name)
    }

    /// From an IngressClass `spec.controller`.
    pub fn from_class_controller(controller: &str) -> Option<Controller> {
        match controller {
            "ingress.k8s.alibabacloud/alb" => Some(Controller::Alb),
            "k8s.io/ingress-nginx" => Some(Controller::Nginx),
            "traefik.io/ingress-controller" => Some(Controller::Traefik),
            c if c.contains("cce") || c.contains("huawei") => Some(Controller::Cce),
            _ => None,
        }
    }

    /// From a class name, when no IngressClass object says more.
    pub fn from_class_name(name: &str) -> Option<Controller> {
        match name {
            "alb" => Some(Controller::Alb),
            "nginx" => Some(Controller::Nginx),
            "traefik" => Some(Controller::Traefik),
            "cce" => Some(Controller::Cce),
            _ => None,
        }
    }

    /// The controller whose annotation prefix `key` carries, if any.
    fn from_annotation_key(key: &str) -> Option<Controller> {
        [
            ("alb.ingress.kubernetes.io/", Controller::Alb),
            ("nginx.ingress.kubernetes.io/", Controller::Nginx),
            ("traefik.ingress.kubernetes.io/", Controller::Traefik),
            ("kubernetes.io/elb.", Controller::Cce),
        ]
        .into_iter()
        .find_map(|(prefix, c)| key.starts_with(prefix).then_some(c))
    }
}

/// Who handles an Ingress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Controller(Controller),
    /// The AWS Load Balancer Controller: same annotation prefix as ALB's, other meanings; alb
    /// does not simulate it.
    Aws,
    /// A class that no IngressClass among the inputs and no known class name ties to a
    /// controller alb knows.
    Unknown,
}

/// How alb knows who handles an Ingress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Basis {
    /// An IngressClass among the inputs: the one named, or (no class) the default one.
    IngressClass {
        name: String,
        controller: Option<String>,
        default: bool,
    },
    /// The class name, with no IngressClass of that name among the inputs.
    ClassName { name: String },
    /// An annotation only one controller defines: with a class name it overrides the name
    /// (class `alb`, AWS's annotations); without one it decides.
    Annotation {
        key: String,
        /// What makes the annotation telling, for an AWS one.
        aws: Option<AwsSign>,
        class: Option<String>,
    },
    /// No class, no default IngressClass among the inputs, no telling annotation: the
    /// controller being simulated is assumed.
    Assumed,
}

/// The owner of one Ingress, with the evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngressOwner {
    pub owner: Owner,
    pub basis: Basis,
    /// Where the evidence is: the class name, the telling annotation's key, or (no evidence)
    /// the Ingress's name.
    pub span: Span,
}

impl IngressOwner {
    /// Whether the inputs leave the owner open: no class and no default IngressClass among
    /// them, so the cluster's default IngressClass decides.
    pub fn unsettled(&self) -> bool {
        matches!(
            self.basis,
            Basis::Assumed | Basis::Annotation { class: None, .. }
        )
    }

    /// The evidence in words: "IngressClass `alb` (controller ingress.k8s.aws/alb)".
    pub fn because(&self) -> String {
        match &self.basis {
            Basis::IngressClass {
                name,
                controller,
                default,
            } => {
                let which = if *default {
                    format!("the default IngressClass `{name}`")
                } else {
                    format!("IngressClass `{name}`")
                };
                match controller {
                    Some(c) => format!("{which} (controller `{c}`)"),
                    None => format!("{which} (no controller)"),
                }
            }
            Basis::ClassName { name } => format!("class `{name}`"),
            Basis::Annotation { key, aws, .. } => match aws {
                Some(sign) => format!("`{key}` {}", sign.describe()),
                None => format!("annotation `{key}`"),
            },
            Basis::Assumed => "no class and no telling annotation".to_string(),
        }
    }
}

/// The owner of every Ingress among the inputs, for one simulated controller.
#[derive(Clone, Debug)]
pub struct Ownership {
    /// Parallel to `Manifest::ingresses`.
    owners: Vec<IngressOwner>,
    simulated: Controller,
}

impl Ownership {
    /// `simulated` is `--controller`: the controller `route`, `explain -f` and `serve` run,
    /// and the one assumed for an Ingress nothing else settles.
    pub fn of(manifest: &Manifest, simulated: Controller) -> Ownership {
        let default_class = manifest.ingress_classes.iter().find(|c| c.is_default);
        let owners = manifest
            .ingresses
            .iter()
            .map(|ingress| owner_of(manifest, ingress, default_class, simulated))
            .collect();
        Ownership { owners, simulated }
    }

    pub fn simulated(&self) -> Controller {
        self.simulated
    }

    /// The owner of `Manifest::ingresses[index]`.
    pub fn owner(&self, index: usize) -> Option<&IngressOwner> {
        self.owners.get(index)
    }

    /// Whether the Ingress is the simulated controller's and alb can simulate it: `route`,
    /// `explain -f` and `serve` build it.
    pub fn is_simulated(&self, index: usize) -> bool {
        self.simulated.routed()
            && self
                .owner(index)
                .is_some_and(|o| o.owner == Owner::Controller(self.simulated))
    }

    /// Whether `lint` checks the Ingress: every Ingress in its own controller's dialect, for
    /// the controllers alb has rules for ([`Controller::linted`]).
    pub fn is_linted(&self, index: usize) -> bool {
        self.linted_as(index).is_some()
    }

    /// The dialect `lint` checks the Ingress in: its own controller's, if alb has rules for it.
    pub fn linted_as(&self, index: usize) -> Option<Controller> {
        match self.owner(index)?.owner {
            Owner::Controller(c) if c.linted() => Some(c),
            _ => None,
        }
    }

    /// What a command that takes the Ingresses `taken` leaves out, and why: the other
    /// Ingresses, and every object of a kind alb does not read. In input order. `handles`:
    /// which controllers the command has semantics for ([`Controller::routed`] for route
    /// and serve, [`Controller::linted`] for lint, [`Controller::simulated`] for the table
    /// `explain -f` shows); the others' Ingresses are "not simulated yet" rather than another
    /// controller's.
    pub fn skipped(
        &self,
        manifest: &Manifest,
        taken: impl Fn(usize) -> bool,
        handles: fn(Controller) -> bool,
    ) -> Vec<Skipped> {
        let mut skipped: Vec<Skipped> = manifest
            .ingresses
            .iter()
            .enumerate()
            .filter(|&(index, _)| !taken(index))
            .filter_map(|(index, ingress)| {
                let owner = self.owner(index)?;
                let reason = match owner.owner {
                    Owner::Aws => SkipReason::Aws,
                    Owner::Unknown => SkipReason::UnknownClass,
                    Owner::Controller(c) if !handles(c) => SkipReason::NotSimulated(c),
                    Owner::Controller(c) => SkipReason::OtherController(c),
                };
                Some(Skipped {
                    object: ingress.meta.display(),
                    kind: "Ingress".to_string(),
                    span: owner.span,
                    reason,
                    because: owner.because(),
                })
            })
            .collect();
        skipped.extend(manifest.skipped.iter().map(|object| {
            let group = object.api_version.rsplit_once('/').map_or("", |(g, _)| g);
            let reason = match group {
                AWS_API_GROUP => SkipReason::Aws,
                "traefik.io" | "traefik.containo.us" => {
                    SkipReason::NotSimulated(Controller::Traefik)
                }
                _ => SkipReason::UnknownKind,
            };
            Skipped {
                object: match &object.name {
                    Some(name) => format!("{} {name}", object.kind),
                    None => object.kind.clone(),
                },
                kind: object.kind.clone(),
                span: object.span,
                reason,
                because: format!("kind `{}` ({})", object.kind, object.api_version),
            }
        }));
        skipped.sort_by_key(|s| (s.span.file, s.span.start));
        skipped
    }
}

/// What a command took, per kind: `ingresses` Ingresses, and every object of the other kinds
/// alb reads (they are read whoever's they are). Kinds with none are left out.
pub fn taken_kinds(manifest: &Manifest, ingresses: usize) -> Vec<(&'static str, usize)> {
    [
        ("Ingress", ingresses),
        ("IngressClass", manifest.ingress_classes.len()),
        ("AlbConfig", manifest.alb_configs.len()),
        ("Service", manifest.services.len()),
        ("Endpoints", manifest.endpoints.len()),
        ("EndpointSlice", manifest.endpoint_slices.len()),
        ("Deployment", manifest.deployments.len()),
        ("Secret", manifest.secrets.len()),
    ]
    .into_iter()
    .filter(|&(_, n)| n > 0)
    .collect()
}

/// An object a command left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// `Kind namespace/name`.
    pub object: String,
    pub kind: String,
    /// Where the evidence is (see [`IngressOwner::span`]), or the whole object.
    pub span: Span,
    pub reason: SkipReason,
    /// The evidence in words.
    pub because: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    /// Another controller's, one alb simulates, but not the one this run simulates.
    OtherController(Controller),
    /// A controller whose semantics alb does not have yet.
    NotSimulated(Controller),
    /// The AWS Load Balancer Controller's.
    Aws,
    /// A class alb cannot tie to a controller.
    UnknownClass,
    /// A kind alb does not read.
    UnknownKind,
}

impl SkipReason {
    /// Stable, for JSON.
    pub fn code(self) -> &'static str {
        match self {
            SkipReason::OtherController(_) => "other-controller",
            SkipReason::NotSimulated(_) => "controller-not-simulated",
            SkipReason::Aws => "aws-load-balancer-controller",
            SkipReason::UnknownClass => "unknown-class",
            SkipReason::UnknownKind => "unknown-kind",
        }
    }

    /// The controller concerned, if one is.
    pub fn controller(self) -> Option<Controller> {
        match self {
            SkipReason::OtherController(c) | SkipReason::NotSimulated(c) => Some(c),
            _ => None,
        }
    }

    /// Why, in words that follow "2 Ingresses": "of ingress-nginx, which alb does not
    /// simulate yet".
    pub fn describe(self) -> String {
        match self {
            SkipReason::OtherController(c) => {
                format!(
                    "of {}, not the controller simulated (--controller)",
                    c.title()
                )
            }
            SkipReason::NotSimulated(c) => {
                format!("of {}, which alb does not simulate yet", c.title())
            }
            SkipReason::Aws => {
                "of the AWS Load Balancer Controller, which alb does not simulate".to_string()
            }
            SkipReason::UnknownClass => {
                "of a class that no IngressClass among the inputs and no controller alb knows has"
                    .to_string()
            }
            SkipReason::UnknownKind => "of kinds alb does not read".to_string(),
        }
    }
}

fn owner_of(
    manifest: &Manifest,
    ingress: &Ingress,
    default_class: Option<&IngressClass>,
    simulated: Controller,
) -> IngressOwner {
    let class = ingress.class();
    let named = class.as_ref().and_then(|name| {
        manifest
            .ingress_classes
            .iter()
            .find(|c| c.meta.name.value == name.value)
    });
    // 1. An IngressClass among the inputs.
    if let Some(found) = named.or(if class.is_none() { default_class } else { None }) {
        let owner = if aws::is_aws_class(found) {
            Owner::Aws
        } else {
            found
                .controller
                .as_ref()
                .and_then(|c| Controller::from_class_controller(&c.value))
                .map_or(Owner::Unknown, Owner::Controller)
        };
        return IngressOwner {
            owner,
            basis: Basis::IngressClass {
                name: found.meta.name.value.clone(),
                controller: found.controller.as_ref().map(|c| c.value.clone()),
                default: class.is_none(),
            },
            span: class.as_ref().map_or(ingress.meta.name.span, |c| c.span),
        };
    }
    let aws = aws::evidence(&ingress.meta);
    // 2. The class name; AWS's annotations override `alb` and names alb does not know.
    if let Some(name) = class {
        let by_name = Controller::from_class_name(name.value);
        if let (Some((annotation, sign)), None | Some(Controller::Alb)) = (aws, by_name) {
            return IngressOwner {
                owner: Owner::Aws,
                basis: Basis::Annotation {
                    key: annotation.key.value.clone(),
                    aws: Some(sign),
                    class: Some(name.value.to_string()),
                },
                span: annotation.key.span,
            };
        }
        return IngressOwner {
            owner: by_name.map_or(Owner::Unknown, Owner::Controller),
            basis: Basis::ClassName {
                name: name.value.to_string(),
            },
            span: name.span,
        };
    }
    // 3. No class: the annotations.
    if let Some((annotation, sign)) = aws {
        return IngressOwner {
            owner: Owner::Aws,
            basis: Basis::Annotation {
                key: annotation.key.value.clone(),
                aws: Some(sign),
                class: None,
            },
            span: annotation.key.span,
        };
    }
    if let Some((annotation, controller)) = telling_annotation(ingress) {
        return IngressOwner {
            owner: Owner::Controller(controller),
            basis: Basis::Annotation {
                key: annotation.0.to_string(),
                aws: None,
                class: None,
            },
            span: annotation.1,
        };
    }
    // 4. The simulated controller.
    IngressOwner {
        owner: Owner::Controller(simulated),
        basis: Basis::Assumed,
        span: ingress.meta.name.span,
    }
}

/// The controller whose annotations an Ingress carries, when that settles it: any ALB key
/// (ALB also reads ingress-nginx's canary keys, so those may sit beside it), or else keys of
/// one controller only. Returns the first such key.
fn telling_annotation(ingress: &Ingress) -> Option<((&str, Span), Controller)> {
    let keyed = || {
        ingress.meta.annotations.iter().filter_map(|a| {
            Controller::from_annotation_key(&a.key.value)
                .map(|c| ((a.key.value.as_str(), a.key.span), c))
        })
    };
    if let Some(alb) = keyed().find(|(_, c)| *c == Controller::Alb) {
        return Some(alb);
    }
    let first = keyed().next()?;
    keyed().all(|(_, c)| c == first.1).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, SourceMap};

    fn ownership(text: &str, simulated: Controller) -> (Manifest, Ownership) {
        let mut sources = SourceMap::new();
        sources.add(SourceFile::new("t.yaml", text));
        let (manifest, _) = crate::manifest::load(&sources, &Default::default());
        let ownership = Ownership::of(&manifest, simulated);
        (manifest, ownership)
    }

    fn ingress(class: &str, annotations: &[(&str, &str)]) -> String {
        let mut doc =
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n".to_string();
        if !annotations.is_empty() {
            doc.push_str("  annotations:\n");
            for (k, v) in annotations {
                doc.push_str(&format!("    {k}: '{v}'\n"));
            }
        }
        doc.push_str("spec:\n");
        if !class.is_empty() {
            doc.push_str(&format!("  ingressClassName: {class}\n"));
        }
        doc.push_str("  rules: []\n---\n");
        doc
    }

    const AWS_CLASS: &str = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: alb\nspec:\n  controller: ingress.k8s.aws/alb\n---\n";

    fn owner(text: &str, simulated: Controller) -> Owner {
        ownership(text, simulated)
            .1
            .owner(0)
            .expect("one Ingress")
            .owner
    }

    #[test]
    fn an_ingress_class_among_the_inputs_decides() {
        let text = ingress("alb", &[]) + AWS_CLASS;
        assert_eq!(owner(&text, Controller::Alb), Owner::Aws);
        let text = ingress("alb", &[("alb.ingress.kubernetes.io/scheme", "internal")]);
        assert_eq!(owner(&text, Controller::Alb), Owner::Aws);
    }

    #[test]
    fn the_class_name_decides_unless_the_annotations_are_aws() {
        assert_eq!(
            owner(&ingress("alb", &[]), Controller::Nginx),
            Owner::Controller(Controller::Alb)
        );
        assert_eq!(
            owner(&ingress("nginx", &[]), Controller::Alb),
            Owner::Controller(Controller::Nginx)
        );
        assert_eq!(
            owner(&ingress("public", &[]), Controller::Alb),
            Owner::Unknown
        );
        let aws = [("alb.ingress.kubernetes.io/ssl-redirect", "443")];
        assert_eq!(owner(&ingress("alb", &aws), Controller::Alb), Owner::Aws);
        assert_eq!(
            owner(&ingress("alb-public", &aws), Controller::Alb),
            Owner::Aws
        );
        // A name alb knows for another controller stays that controller's.
        assert_eq!(
            owner(&ingress("nginx", &aws), Controller::Alb),
            Owner::Controller(Controller::Nginx)
        );
        // Alibaba's own shape of the same keys says nothing.
        let alibaba = [
            ("alb.ingress.kubernetes.io/ssl-redirect", "true"),
            (
                "alb.ingress.kubernetes.io/actions.web",
                "[{\"type\": \"FixedResponse\"}]",
            ),
        ];
        assert_eq!(
            owner(&ingress("alb", &alibaba), Controller::Alb),
            Owner::Controller(Controller::Alb)
        );
        let aws_action = [(
            "alb.ingress.kubernetes.io/actions.web",
            "{\"type\": \"redirect\", \"redirectConfig\": {\"port\": \"443\"}}",
        )];
        assert_eq!(
            owner(&ingress("alb", &aws_action), Controller::Alb),
            Owner::Aws
        );
    }

    #[test]
    fn without_a_class_the_annotations_then_the_simulated_controller_decide() {
        let nginx = [("nginx.ingress.kubernetes.io/rewrite-target", "/$1")];
        let (_, o) = ownership(&ingress("", &nginx), Controller::Alb);
        let first = o.owner(0).expect("one Ingress");
        assert_eq!(first.owner, Owner::Controller(Controller::Nginx));
        assert!(first.unsettled());
        // ALB reads ingress-nginx's canary keys: ALB keys beside them make it ALB's.
        let both = [
            ("nginx.ingress.kubernetes.io/canary", "true"),
            ("alb.ingress.kubernetes.io/canary-weight", "10"),
        ];
        assert_eq!(
            owner(&ingress("", &both), Controller::Nginx),
            Owner::Controller(Controller::Alb)
        );
        // Two other controllers' keys settle nothing.
        let mixed = [
            ("nginx.ingress.kubernetes.io/rewrite-target", "/"),
            ("traefik.ingress.kubernetes.io/router.entrypoints", "web"),
        ];
        let (_, o) = ownership(&ingress("", &mixed), Controller::Alb);
        assert_eq!(o.owner(0).map(|o| &o.basis), Some(&Basis::Assumed));
        assert_eq!(
            owner(&ingress("", &[]), Controller::Traefik),
            Owner::Controller(Controller::Traefik)
        );
    }

    #[test]
    fn a_default_ingress_class_settles_a_classless_ingress() {
        let text = ingress("", &[("nginx.ingress.kubernetes.io/rewrite-target", "/")])
            + "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: alb\n  annotations:\n    ingressclass.kubernetes.io/is-default-class: 'true'\nspec:\n  controller: ingress.k8s.alibabacloud/alb\n";
        let (_, o) = ownership(&text, Controller::Nginx);
        let first = o.owner(0).expect("one Ingress");
        assert_eq!(first.owner, Owner::Controller(Controller::Alb));
        assert!(!first.unsettled());
    }

    #[test]
    fn skipped_objects_say_why() {
        let text = ingress("alb", &[])
            + &ingress("nginx", &[])
            + &ingress("alb", &[("alb.ingress.kubernetes.io/group.name", "g")])
            + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: elbv2.k8s.aws/v1beta1\nkind: TargetGroupBinding\nmetadata:\n  name: t\n";
        let (manifest, o) = ownership(&text, Controller::Alb);
        let reasons = |handles: fn(Controller) -> bool| -> Vec<SkipReason> {
            o.skipped(&manifest, |i| o.is_simulated(i), handles)
                .iter()
                .map(|s| s.reason)
                .collect()
        };
        // route: alb routes ingress-nginx's Ingresses, just not under --controller alb.
        assert_eq!(
            reasons(Controller::routed),
            [
                SkipReason::OtherController(Controller::Nginx),
                SkipReason::Aws,
                SkipReason::UnknownKind,
                SkipReason::Aws
            ]
        );
        // explain -f: its table holds ALB's Ingresses only.
        assert_eq!(
            reasons(Controller::simulated)[0],
            SkipReason::NotSimulated(Controller::Nginx)
        );
        // lint: every ALB and ingress-nginx Ingress is checked, each in its own dialect.
        let linted: Vec<SkipReason> = o
            .skipped(&manifest, |i| o.is_linted(i), Controller::linted)
            .iter()
            .map(|s| s.reason)
            .collect();
        assert_eq!(
            linted,
            [SkipReason::Aws, SkipReason::UnknownKind, SkipReason::Aws]
        );
        assert_eq!(o.linted_as(1), Some(Controller::Nginx));
        assert_eq!(o.linted_as(2), None);
        let (manifest, o) = ownership(&text, Controller::Nginx);
        let reasons: Vec<SkipReason> = o
            .skipped(&manifest, |i| o.is_simulated(i), Controller::routed)
            .iter()
            .take(2)
            .map(|s| s.reason)
            .collect();
        assert_eq!(
            reasons,
            [
                SkipReason::OtherController(Controller::Alb),
                SkipReason::Aws
            ]
        );
    }
}
