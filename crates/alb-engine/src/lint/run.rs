//! Running the rules: selection, suppression, ordering, and the group verdict.

use std::collections::BTreeSet;

use super::{LintContext, RULES, rule_for_code, rules};
use crate::compile::RouteTable;
use crate::diagnostic::{Diagnostic, Severity};
use crate::manifest::{Manifest, ObjectMeta};
use crate::ownership::{Controller, Skipped, taken_kinds};

/// The annotation that silences codes on one object: `alb.lint/ignore: "ALB101, ALB2"`.
pub const IGNORE_ANNOTATION: &str = "alb.lint/ignore";

#[derive(Clone, Debug)]
pub struct LintOptions {
    /// Codes or code prefixes to run (`ALB1` = every canary rule); empty = all.
    pub select: Vec<String>,
    /// Codes or code prefixes not to run.
    pub ignore: Vec<String>,
    /// The controller assumed for an Ingress whose controller nothing else settles
    /// (`--controller`); every Ingress is linted in its own controller's dialect.
    pub controller: Controller,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            select: Vec::new(),
            ignore: Vec::new(),
            controller: Controller::Alb,
        }
    }
}

/// A `--select`/`--ignore` value that names no rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectorError(pub String);

impl std::fmt::Display for SelectorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SelectorError {}

/// The ALB whose reconciliation errors would stop, and whom that blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupVerdict {
    pub albconfig: String,
    /// Positions in `LintReport::diagnostics` of the errors that stop it.
    pub blocking: Vec<usize>,
    /// Every Ingress of the group (`namespace/name`): none of them would be updated.
    pub members: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct LintReport {
    /// Sorted by file, position, code.
    pub diagnostics: Vec<Diagnostic>,
    pub verdicts: Vec<GroupVerdict>,
    /// Objects read, for the summary.
    pub objects: usize,
    /// What was checked, per kind (see [`taken_kinds`]): Ingresses of every controller alb
    /// lints.
    pub checked: Vec<(&'static str, usize)>,
    /// What was not checked, and why, in input order.
    pub skipped: Vec<Skipped>,
    /// The route table the checked ALB Ingresses build, for `explain -f`; its `skipped` lists
    /// what that table leaves out.
    pub table: RouteTable,
}

impl LintReport {
    /// How many diagnostics have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Whether nothing that makes an ALB was checked: no Ingress and no AlbConfig. Such a run
    /// says so and exits 2 (`alb lint --allow-empty` makes it 0), never "no problems".
    pub fn checked_nothing(&self) -> bool {
        !self
            .checked
            .iter()
            .any(|&(kind, n)| n > 0 && matches!(kind, "Ingress" | "AlbConfig"))
    }
}

fn normalize(selector: &str) -> String {
    selector.trim().to_ascii_uppercase()
}

fn check_selectors(selectors: &[String], flag: &str) -> Result<Vec<String>, SelectorError> {
    selectors
        .iter()
        .flat_map(|s| s.split(','))
        .map(normalize)
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s == "ALL" || RULES.iter().any(|r| r.code.starts_with(&s)) {
                Ok(s)
            } else {
                Err(SelectorError(format!("{flag} `{s}` matches no rule code (codes look like ALB101; `alb explain ALB101` describes one)")))
            }
        })
        .collect()
}

fn matches(selectors: &[String], code: &str) -> bool {
    selectors
        .iter()
        .any(|s| s == "ALL" || code.starts_with(s.as_str()))
}

pub fn lint(
    manifest: &Manifest,
    load_diagnostics: Vec<Diagnostic>,
    options: &LintOptions,
) -> Result<LintReport, SelectorError> {
    let select = check_selectors(&options.select, "--select")?;
    let ignore = check_selectors(&options.ignore, "--ignore")?;
    let enabled =
        |code: &str| (select.is_empty() || matches(&select, code)) && !matches(&ignore, code);

    let ctx = LintContext::new(manifest, options.controller);
    let mut diagnostics = load_diagnostics;
    for rule in RULES {
        if let (Some(check), true) = (rule.check, enabled(rule.code)) {
            check(&ctx, &mut diagnostics);
        }
    }

    // Per-object suppression, itself checked for unknown codes.
    let mut suppressed: Vec<(String, Vec<String>)> = Vec::new();
    for meta in object_metas(manifest) {
        let Some(annotation) = meta.annotation(IGNORE_ANNOTATION) else {
            continue;
        };
        let codes: Vec<String> = annotation
            .value
            .value
            .split([',', ' '])
            .map(normalize)
            .filter(|c| !c.is_empty())
            .collect();
        for code in &codes {
            if !RULES.iter().any(|r| r.code.starts_with(code.as_str()))
                && enabled(rules::unknown_lint_code::RULE.code)
            {
                diagnostics.push(
                    Diagnostic::new(
                        rules::unknown_lint_code::RULE.code,
                        rules::unknown_lint_code::RULE.severity,
                        annotation.value.span,
                        format!("`{IGNORE_ANNOTATION}` names `{code}`, which is no lint code"),
                    )
                    .with_object(meta.display())
                    .with_label("unknown code")
                    .with_help("codes look like ALB101; `alb explain ALB101` describes one"),
                );
            }
        }
        suppressed.push((meta.display(), codes));
    }
    diagnostics.retain(|d| {
        enabled(d.code)
            && !suppressed.iter().any(|(object, codes)| {
                d.object.as_deref() == Some(object.as_str())
                    && d.code != rules::unknown_lint_code::RULE.code
                    && codes.iter().any(|c| d.code.starts_with(c.as_str()))
            })
    });
    diagnostics.sort_by(|a, b| {
        (a.span.file, a.span.start, a.span.end, a.code, &a.message).cmp(&(
            b.span.file,
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
    diagnostics.dedup();

    let verdicts = ctx
        .table
        .groups
        .iter()
        .filter_map(|group| {
            let mut objects: BTreeSet<String> = group
                .members
                .iter()
                .filter_map(|m| manifest.ingresses.get(m.ingress))
                .map(|i| i.meta.display())
                .collect();
            if let Some(config) = group.alb_config.and_then(|i| manifest.alb_configs.get(i)) {
                objects.insert(config.meta.display());
            }
            let blocking: Vec<usize> = diagnostics
                .iter()
                .enumerate()
                .filter(|(_, d)| {
                    d.severity == Severity::Error
                        && rule_for_code(d.code).is_some_and(|r| r.blocks_group)
                        && d.object.as_ref().is_some_and(|o| objects.contains(o))
                })
                .map(|(i, _)| i)
                .collect();
            (!blocking.is_empty()).then(|| GroupVerdict {
                albconfig: group.name.clone(),
                blocking,
                members: group.members.iter().map(|m| m.key.clone()).collect(),
            })
        })
        .collect();
    Ok(LintReport {
        diagnostics,
        verdicts,
        objects: manifest.object_count(),
        checked: taken_kinds(manifest, ctx.ingresses.len() + ctx.nginx.len()),
        skipped: ctx.skipped,
        table: ctx.table,
    })
}

fn object_metas(manifest: &Manifest) -> impl Iterator<Item = &ObjectMeta> {
    manifest
        .ingresses
        .iter()
        .map(|o| &o.meta)
        .chain(manifest.ingress_classes.iter().map(|o| &o.meta))
        .chain(manifest.services.iter().map(|o| &o.meta))
        .chain(manifest.endpoints.iter().map(|o| &o.meta))
        .chain(manifest.endpoint_slices.iter().map(|o| &o.meta))
        .chain(manifest.deployments.iter().map(|o| &o.meta))
        .chain(manifest.secrets.iter().map(|o| &o.meta))
        .chain(manifest.alb_configs.iter().map(|o| &o.meta))
}
