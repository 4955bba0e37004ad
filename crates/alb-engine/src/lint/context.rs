//! What a rule can read.

use crate::annotations::nginx::{NginxAnnotations, nginx_findings, parse_nginx};
use crate::annotations::{self, AlbAnnotations, AnnotationFinding};
use crate::compile::{self, RouteTable};
use crate::diagnostic::Diagnostic;
use crate::manifest::{Ingress, Manifest};
use crate::ownership::{Controller, Ownership, Skipped};
use crate::source::Span;

use super::Rule;
use super::nginx::NginxFacts;

/// One ALB Ingress, with its annotations read once for every rule.
pub struct IngressInfo<'m> {
    /// Index into `Manifest::ingresses`.
    pub index: usize,
    pub ingress: &'m Ingress,
    pub annotations: AlbAnnotations,
    pub findings: Vec<AnnotationFinding>,
}

/// One ingress-nginx Ingress, linted in ingress-nginx's dialect.
pub struct NginxIngressInfo<'m> {
    /// Index into `Manifest::ingresses`.
    pub index: usize,
    pub ingress: &'m Ingress,
    /// As ingress-nginx's front-end reads them.
    pub annotations: NginxAnnotations,
    /// Values checked against the registry's ingress-nginx rows.
    pub findings: Vec<AnnotationFinding>,
}

pub struct LintContext<'m> {
    pub manifest: &'m Manifest,
    /// Who handles each Ingress of the manifest, and how alb knows.
    pub ownership: Ownership,
    /// The Ingresses the ALB controller would handle, in input order. The ALB rules read
    /// only these.
    pub ingresses: Vec<IngressInfo<'m>>,
    /// The Ingresses ingress-nginx would handle, in input order: the ALB7xx rules read these.
    pub nginx: Vec<NginxIngressInfo<'m>>,
    /// What ingress-nginx admits and how it lays out its servers, for the ALB7xx rules.
    pub nginx_facts: NginxFacts,
    /// The compiled rules of every ALB, as the controller would build them (what `explain
    /// -f` shows; its `skipped` is that table's).
    pub table: RouteTable,
    /// What lint leaves out, and why: Ingresses of controllers alb has no rules for, objects
    /// of kinds it does not read.
    pub skipped: Vec<Skipped>,
}

impl<'m> LintContext<'m> {
    /// Read every Ingress alb lints once, in its own controller's dialect, and compile the ALB
    /// route table from the ALB reads.
    /// `controller` (`--controller`) is assumed for Ingresses whose controller nothing else
    /// settles; each Ingress is linted in its own controller's dialect.
    pub fn new(manifest: &'m Manifest, controller: Controller) -> LintContext<'m> {
        let ownership = Ownership::of(manifest, controller);
        let dialect = |index: usize| ownership.linted_as(index);
        let ingresses: Vec<IngressInfo<'m>> = manifest
            .ingresses
            .iter()
            .enumerate()
            .filter(|&(index, _)| dialect(index) == Some(Controller::Alb))
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
        let nginx: Vec<NginxIngressInfo<'m>> = manifest
            .ingresses
            .iter()
            .enumerate()
            .filter(|&(index, _)| dialect(index) == Some(Controller::Nginx))
            .map(|(index, ingress)| NginxIngressInfo {
                index,
                ingress,
                annotations: parse_nginx(&ingress.meta),
                findings: nginx_findings(&ingress.meta),
            })
            .collect();
        let nginx_facts = NginxFacts::of(manifest, &nginx);
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
        let skipped = ownership.skipped(
            manifest,
            |index| ownership.is_linted(index),
            Controller::linted,
        );
        LintContext {
            manifest,
            ownership,
            ingresses,
            nginx,
            nginx_facts,
            table,
            skipped,
        }
    }

    /// The ALB Ingress at `Manifest::ingresses[index]`, if it is one.
    pub fn ingress(&self, index: usize) -> Option<&IngressInfo<'m>> {
        self.ingresses.iter().find(|i| i.index == index)
    }

    /// The ingress-nginx Ingress at `Manifest::ingresses[index]`, if it is one.
    pub fn nginx_ingress(&self, index: usize) -> Option<&NginxIngressInfo<'m>> {
        self.nginx.iter().find(|i| i.index == index)
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
