//! Which controller an Ingress belongs to (design: "Which controller an Ingress belongs to").

use crate::manifest::{Ingress, IngressClass, Manifest};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Controller {
    Alb,
    Nginx,
    Traefik,
    Cce,
}

impl Controller {
    pub fn as_str(self) -> &'static str {
        match self {
            Controller::Alb => "alb",
            Controller::Nginx => "nginx",
            Controller::Traefik => "traefik",
            Controller::Cce => "cce",
        }
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
}

/// The IngressClass object an Ingress names, if it is among the inputs.
pub fn ingress_class<'m>(manifest: &'m Manifest, ingress: &Ingress) -> Option<&'m IngressClass> {
    match ingress.class() {
        Some(name) => manifest
            .ingress_classes
            .iter()
            .find(|c| c.meta.name.value == name.value),
        None => manifest.ingress_classes.iter().find(|c| c.is_default),
    }
}

/// The controller that would handle `ingress`: its class through an IngressClass among the
/// inputs, else by the class name itself; no class means the cluster default, which is the
/// default IngressClass among the inputs or else the controller being simulated.
pub fn controller_of(
    manifest: &Manifest,
    ingress: &Ingress,
    simulated: Controller,
) -> Option<Controller> {
    if let Some(class) = ingress_class(manifest, ingress) {
        return class
            .controller
            .as_ref()
            .and_then(|c| Controller::from_class_controller(&c.value));
    }
    match ingress.class() {
        Some(name) => Controller::from_class_name(name.value),
        None => Some(simulated),
    }
}
