//! What a rule can read.

use crate::annotations::{self, AlbAnnotations, AnnotationFinding};
use crate::compile::{self, RouteTable};
use crate::diagnostic::Diagnostic;
use crate::manifest::{Ingress, Manifest};
use crate::ownership::{Controller, Ownership};
use crate::source::Span;

use super::Rule;

/// One Ingress of the linted controller, with its annotations read once for every rule.
pub struct IngressInfo<'m> {
    /// Index into `Manifest::ingresses`.
    pub index: usize,
    pub ingress: &'m Ingress,
    pub annotations: AlbAnnotations,
    pub findings: Vec<AnnotationFinding>,
}

pub struct LintContext<'m> {
    pub manifest: &'m Manifest,
    /// Who handles each Ingress of the manifest, and how alb knows.
    pub ownership: Ownership,
    /// The Ingresses the ALB controller would handle, in input order.
    pub ingresses: Vec<IngressInfo<'m>>,
    /// The compiled rules of every ALB, as the controller would build them; its `skipped`
    /// lists what lint leaves out.
    pub table: RouteTable,
}

impl<'m> LintContext<'m> {
    /// Read every Ingress alb lints once, and compile the route table from those reads.
    /// `controller` (`--controller`) is assumed for Ingresses whose controller nothing else
    /// settles; each Ingress is linted in its own controller's dialect.
    pub fn new(manifest: &'m Manifest, controller: Controller) -> LintContext<'m> {
        let ownership = Ownership::of(manifest, controller);
        let ingresses: Vec<IngressInfo<'m>> = manifest
            .ingresses
            .iter()
            .enumerate()
            .filter(|&(index, _)| ownership.is_linted(index))
            .map(|(index, ingress)| {
                let (annotations, findings) = annotations::parse_ingress(&ingress.meta);
                IngressInfo {
                    index,
                    ingress,
                    annotations,
                    findings,
                }
            })
            .collect();
        let mut views: Vec<Option<AlbAnnotations>> = vec![None; manifest.ingresses.len()];
        for info in &ingresses {
            if let Some(view) = views.get_mut(info.index) {
                *view = Some(info.annotations.clone());
            }
        }
        let table = compile::compile_with_annotations(
            manifest,
            &ownership,
            &views,
            crate::ownership::Controller::simulated,
        );
        LintContext {
            manifest,
            ownership,
            ingresses,
            table,
        }
    }

    /// The linted Ingress at `Manifest::ingresses[index]`, if it belongs to the controller.
    pub fn ingress(&self, index: usize) -> Option<&IngressInfo<'m>> {
        self.ingresses.iter().find(|i| i.index == index)
    }

    /// A diagnostic of `rule` at `span`, about `ingress`'s object.
    pub fn report(
        &self,
        rule: &Rule,
        span: Span,
        object: Option<&Ingress>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(rule.code, rule.severity, span, message);
        if let Some(ingress) = object {
            d.object = Some(ingress.meta.display());
        }
        d
    }
}
