//! What the ingress-nginx rules (ALB7xx) share: which Ingresses ingress-nginx's validating
//! admission webhook refuses (`docs/ingress-nginx-semantics.md` §2), and the servers
//! ingress-nginx builds from those it admits (§3, §4), which the duplicate-location, host-wide
//! regex and host-less rules read.
//!
//! The webhook is on by default (the Helm chart's `controller.admissionWebhooks.enabled`), so
//! an Ingress it refuses never reaches the configuration: the rules about what nginx renders
//! look only at the admitted ones, and a problem is reported once, as the refusal.

use std::collections::{BTreeMap, BTreeSet};

use crate::annotations::nginx::NginxAnnotations;
use crate::annotations::{InvalidEffect, Value, lookup};
pub use crate::compile::server_name;
use crate::compile::{NginxLocation, NginxServer, nginx_order, nginx_servers};
use crate::manifest::{HttpPath, Ingress, Manifest, ObjectMeta, PathType};
use crate::source::Span;

use super::NginxIngressInfo;

/// The annotation that makes an Ingress a canary.
pub const CANARY: &str = "nginx.ingress.kubernetes.io/canary";

/// What ingress-nginx admits and builds.
#[derive(Clone, Debug, Default)]
pub struct NginxFacts {
    /// Ingresses the webhook refuses for an annotation value (ALB701) or a path (ALB704).
    pub refused: BTreeSet<usize>,
    /// Paths another non-canary Ingress already defines on the same host (ALB705).
    pub overlaps: Vec<Overlap>,
    /// The servers of the Ingresses the webhook admits, as ingress-nginx lays them out.
    pub servers: Vec<NginxServer>,
}

/// A path whose host and path string a location of another, older Ingress already has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    /// The Ingress with the path (index into `Manifest::ingresses`), and where the path is.
    pub ingress: usize,
    pub rule_index: usize,
    pub path_index: usize,
    /// As the webhook writes them: `_` for no host, `/` for no path.
    pub host: String,
    pub path: String,
    /// The Ingress whose location it is, and that location's path.
    pub owner: usize,
    pub owner_rule_index: usize,
    pub owner_path_index: usize,
    pub outcome: OverlapOutcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverlapOutcome {
    /// The webhook refuses the Ingress (`checkOverlap`).
    Refused,
    /// The webhook admits the Ingress, and the older Ingress keeps the location (same path
    /// and pathType): this path is silently ignored.
    Ignored(AdmittedBecause),
}

/// Why `checkOverlap` lets an overlapping path through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdmittedBecause {
    /// It decides on the Ingress's first path (with a Service backend), which is its own.
    NotFirstPath,
    /// One of the two Ingresses has a `canary` annotation (even `"false"`).
    CanaryAnnotation,
}

/// Whether ingress-nginx's `strict-validate-path-type` (a ConfigMap key, true by default)
/// refuses the path: a non-empty path whose pathType is not ImplementationSpecific must match
/// `(?i)^/[[:alnum:]._\-/]*$`. A path without a valid pathType is reported by the loader.
pub fn fails_strict_path_type(path: &HttpPath) -> bool {
    let Some(written) = path.path.as_ref().map(|p| p.value.as_str()) else {
        return false;
    };
    let checked = matches!(
        path.path_type.as_ref().map(|t| t.value),
        Some(PathType::Exact | PathType::Prefix)
    );
    checked
        && !written.is_empty()
        && !(written.starts_with('/')
            && written
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b)))
}

/// `canary` present at all, and read as true (`GetBoolAnnotation`, Go's `ParseBool`).
fn canary(meta: &ObjectMeta) -> (bool, bool) {
    let Some(annotation) = meta.annotation(CANARY) else {
        return (false, false);
    };
    let enabled = lookup(CANARY)
        .is_some_and(|m| m.spec.parse(&annotation.value.value).value == Value::Bool(true));
    (true, enabled)
}

/// The path as ingress-nginx takes it: `""` is `/`.
pub fn nginx_path(path: &HttpPath) -> &str {
    match path.path() {
        "" => "/",
        p => p,
    }
}

/// Where a path of an Ingress is written: its `path` value, else the path entry.
pub fn path_span(ingress: &Ingress, rule_index: usize, path_index: usize) -> Option<Span> {
    let path = ingress
        .rules
        .get(rule_index)?
        .paths
        .as_ref()?
        .get(path_index)?;
    Some(path.path.as_ref().map_or(path.span, |p| p.span))
}

/// Where a location's path is written.
pub fn location_span(manifest: &Manifest, location: &NginxLocation) -> Option<Span> {
    path_span(
        manifest.ingresses.get(location.ingress?)?,
        location.rule_index,
        location.path_index,
    )
}

impl NginxFacts {
    /// Takes the Ingresses as applied one by one in ingress-nginx's order (creation time, then
    /// `namespace/name` descending), each checked by the webhook against those admitted
    /// before it, as when a directory of manifests is applied to a cluster in that order.
    pub fn of(manifest: &Manifest, nginx: &[NginxIngressInfo<'_>]) -> NginxFacts {
        if nginx.is_empty() {
            return NginxFacts::default();
        }
        let refused: BTreeSet<usize> = nginx
            .iter()
            .filter(|info| {
                info.findings
                    .iter()
                    .any(|f| f.effect == InvalidEffect::IngressRejected)
                    || info
                        .ingress
                        .rules
                        .iter()
                        .flat_map(|r| r.paths.iter().flatten())
                        .any(fails_strict_path_type)
            })
            .map(|info| info.index)
            .collect();
        let mut order: Vec<&NginxIngressInfo<'_>> = nginx.iter().collect();
        order.sort_by(|a, b| nginx_order(a.ingress, b.ingress));
        // Servers are laid out independently, and within one a location's fate depends only
        // on the locations of the same path: the webhook's view of an Ingress's paths needs
        // only the Ingresses with a path `p` or `p` without its trailing `/` on the same host.
        let paths_of = |ingress: &Ingress| -> BTreeSet<(String, String)> {
            ingress
                .rules
                .iter()
                .flat_map(|r| {
                    let host = server_name(r.host.as_ref().map(|h| h.value.as_str()));
                    r.paths
                        .iter()
                        .flatten()
                        .map(move |p| (host.clone(), nginx_path(p).to_string()))
                })
                .collect()
        };
        let mut by_path: BTreeMap<(String, String), BTreeSet<usize>> = BTreeMap::new();
        for info in nginx {
            for key in paths_of(info.ingress) {
                by_path.entry(key).or_default().insert(info.index);
            }
        }
        let mut admitted: BTreeSet<usize> = BTreeSet::new();
        let mut overlaps = Vec::new();
        for info in order {
            let mut refused_here = refused.contains(&info.index);
            // Canary Ingresses repeat their main Ingress's paths on purpose: they make no
            // locations, and the webhook lets them through.
            if info.annotations.canary.is_none() {
                // The webhook lays out the admitted Ingresses with this one last.
                let neighbours: BTreeSet<usize> = paths_of(info.ingress)
                    .into_iter()
                    .flat_map(|(host, path)| {
                        let bare = path.strip_suffix('/').map(str::to_string);
                        [Some(path), bare]
                            .into_iter()
                            .flatten()
                            .map(move |p| (host.clone(), p))
                    })
                    .filter_map(|key| by_path.get(&key))
                    .flatten()
                    .copied()
                    .filter(|i| admitted.contains(i))
                    .collect();
                let servers =
                    nginx_servers(manifest, |i| i == info.index || neighbours.contains(&i));
                for overlap in check_overlap(manifest, info, &servers) {
                    match overlap.outcome {
                        OverlapOutcome::Refused => refused_here = true,
                        // Only what an admitted Ingress loses is worth a word.
                        OverlapOutcome::Ignored(_) if refused_here => continue,
                        OverlapOutcome::Ignored(_) => {}
                    }
                    overlaps.push(overlap);
                }
            }
            if !refused_here {
                admitted.insert(info.index);
            }
        }
        let servers = nginx_servers(manifest, |i| admitted.contains(&i));
        NginxFacts {
            refused,
            overlaps,
            servers,
        }
    }
}

/// The webhook's `checkOverlap` for one Ingress, laid out last in `servers`, and the
/// overlapping paths it lets through. It goes through the Ingress's paths with a Service
/// backend and decides on the first one that some location of its host has (always the
/// first: every path makes one): the Ingress passes if one of those locations is its own;
/// else it is refused if neither Ingress has a `canary` annotation, or both are canaries.
fn check_overlap(
    manifest: &Manifest,
    info: &NginxIngressInfo<'_>,
    servers: &[NginxServer],
) -> Vec<Overlap> {
    let me = info.index;
    let (present, enabled) = canary(&info.ingress.meta);
    let other_canary = |i: usize| {
        manifest
            .ingresses
            .get(i)
            .map_or((false, false), |ingress| canary(&ingress.meta))
    };
    let mut decided: Option<(usize, usize)> = None;
    let mut found = Vec::new();
    for (rule_index, rule) in info.ingress.rules.iter().enumerate() {
        let Some(paths) = &rule.paths else {
            continue;
        };
        let host = server_name(rule.host.as_ref().map(|h| h.value.as_str()));
        let Some(server) = servers.iter().find(|s| s.host == host) else {
            continue;
        };
        for (path_index, path) in paths.iter().enumerate() {
            if path
                .backend
                .as_ref()
                .and_then(|b| b.service.as_ref())
                .is_none()
            {
                continue;
            }
            let written = nginx_path(path);
            let overlap = |owner: &NginxLocation, outcome| Overlap {
                ingress: me,
                rule_index,
                path_index,
                host: host.clone(),
                path: written.to_string(),
                owner: owner.ingress.unwrap_or(me),
                owner_rule_index: owner.rule_index,
                owner_path_index: owner.path_index,
                outcome,
            };
            if decided.is_none() {
                let owners: Vec<&NginxLocation> = server
                    .rendered
                    .iter()
                    .filter(|r| r.path == written)
                    .filter_map(|r| server.locations.get(r.location))
                    .filter(|l| !l.default && l.ingress.is_some())
                    .collect();
                if owners.is_empty() {
                    continue;
                }
                decided = Some((rule_index, path_index));
                if !owners.iter().any(|l| l.ingress == Some(me)) {
                    let refusing = owners.iter().find(|l| {
                        let (other_present, other_enabled) = other_canary(l.ingress.unwrap_or(me));
                        (enabled && other_enabled) || (!present && !other_present)
                    });
                    if let Some(owner) = refusing {
                        found.push(overlap(owner, OverlapOutcome::Refused));
                        continue;
                    }
                }
            }
            // The merge keeps the older Ingress's location of the same path and type.
            let exact = path.path_type() == PathType::Exact;
            let own = server.locations.iter().any(|l| {
                l.ingress == Some(me) && l.rule_index == rule_index && l.path_index == path_index
            });
            let taken = server.locations.iter().find(|l| {
                !l.default
                    && l.path == written
                    && l.exact == exact
                    && l.ingress.is_some_and(|i| i != me)
            });
            if let (false, Some(owner)) = (own, taken) {
                let because = if decided == Some((rule_index, path_index)) {
                    AdmittedBecause::CanaryAnnotation
                } else {
                    AdmittedBecause::NotFirstPath
                };
                found.push(overlap(owner, OverlapOutcome::Ignored(because)));
            }
        }
    }
    found
}

/// Whether the Ingress's own annotations make every path of its hosts a regex: `use-regex`
/// true, or a `rewrite-target` (other than the path). Which annotation, with its value span.
pub fn regex_switch(
    ingress: &Ingress,
    annotations: &NginxAnnotations,
) -> Option<(&'static str, Span)> {
    let value = |name: &str| {
        let key = format!("nginx.ingress.kubernetes.io/{name}");
        let annotation = ingress.meta.annotation(&key)?;
        let parsed = lookup(&key)?.spec.parse(&annotation.value.value);
        Some((parsed.value, annotation.value.span))
    };
    if annotations.use_regex
        && let Some((Value::Bool(true), span)) = value("use-regex")
    {
        return Some(("use-regex", span));
    }
    match value("rewrite-target") {
        Some((Value::Str(target), span)) if !target.is_empty() => Some(("rewrite-target", span)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Spanned};

    fn path(written: &str, path_type: PathType) -> HttpPath {
        let at = Span::new(FileId(0), 0, 1);
        HttpPath {
            path: Some(Spanned::new(written.to_string(), at)),
            path_type: Some(Spanned::new(path_type, at)),
            backend: None,
            span: at,
        }
    }

    #[test]
    fn strict_path_type_allows_plain_paths_only_outside_implementation_specific() {
        assert!(!fails_strict_path_type(&path(
            "/api/v1.0_x-y/",
            PathType::Prefix
        )));
        assert!(!fails_strict_path_type(&path("/API", PathType::Exact)));
        assert!(fails_strict_path_type(&path("/s/(.*)", PathType::Prefix)));
        assert!(fails_strict_path_type(&path("/a b", PathType::Exact)));
        assert!(fails_strict_path_type(&path(
            "/caf\u{e9}",
            PathType::Prefix
        )));
        assert!(fails_strict_path_type(&path("api", PathType::Prefix)));
        assert!(!fails_strict_path_type(&path(
            "/s/(.*)",
            PathType::ImplementationSpecific
        )));
        assert!(!fails_strict_path_type(&path("", PathType::Prefix)));
    }
}
