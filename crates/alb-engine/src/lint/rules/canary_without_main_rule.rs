//! ALB101 canary-without-main-rule.
//!
//! Also home of the helpers the canary rules (ALB1xx) share: what kind of canary an Ingress
//! is, its paths, its group, and the main paths a canary is matched with.

use crate::annotations::AlbAnnotations;
use crate::compile::{Group, ListenerKey, Protocol, RouteTable};
use crate::diagnostic::Diagnostic;
use crate::lint::{IngressInfo, LintContext, declare_rule};
use crate::manifest::{HttpPath, Ingress};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a canary Ingress path whose host and path no non-canary Ingress of the same ALB (AlbConfig) repeats exactly.
    ///
    /// ## Why is this bad?
    /// The controller pairs a canary with its main rule by the string `host + "-" + path` (pathType is ignored), per listener. A weight canary has no rule of its own: its weight is merged into the forward action of the main rule with that key, and without one the weight goes nowhere. Header, cookie and plain canaries are built only for keys some non-canary Ingress on the listener also has, so without a main rule the controller builds nothing for them either. Either way the canary Ingress is silently ignored: no event, no error, no traffic. The usual cause is a near miss: `/hello/` against `/hello`, a host on one side only, or the main Ingress in another AlbConfig.
    ///
    /// ## Example
    /// ```yaml
    /// # main Ingress: host shop.example.com, path /api
    /// metadata:
    ///   name: shop-canary
    ///   annotations:
    ///     alb.ingress.kubernetes.io/canary: "true"
    ///     alb.ingress.kubernetes.io/canary-weight: "20"
    /// spec:
    ///   ingressClassName: alb
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - path: /api/          # not "/api": no main rule has this key
    ///             pathType: Prefix
    ///             backend: {service: {name: shop-v2, port: {number: 80}}}
    /// ```
    ///
    /// ## Fix
    /// Repeat the main Ingress's `host` and `path` strings exactly in the canary, and keep both Ingresses in the same AlbConfig (same IngressClass or `albconfig.name`).
    pub RULE { code: "ALB101", name: "canary-without-main-rule", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for info in &ctx.ingresses {
        let Some(kind) = canary_kind(&info.annotations) else {
            continue;
        };
        let Some(group) = group_of(&ctx.table, info.index) else {
            continue;
        };
        for p in paths(info.ingress) {
            if !main_paths(ctx, group, p.host, p.path.path()).is_empty() {
                continue;
            }
            let key = describe(p.host, p.path.path());
            let outcome = match kind {
                CanaryKind::Weight(w) => format!("its canary-weight {w} is never applied"),
                CanaryKind::Conditional | CanaryKind::Plain => {
                    "the controller builds no rule for it".to_string()
                }
            };
            let mut d = ctx
                .report(
                    &RULE,
                    p.span(),
                    Some(info.ingress),
                    format!(
                        "canary path {key} has no main rule: no non-canary Ingress in AlbConfig `{}` has exactly this host and path, so {outcome}",
                        group.name
                    ),
                )
                .with_label("no main rule with this host and path");
            match near_miss(ctx, group, p.host, p.path.path()) {
                Some((span, hint)) => {
                    d = d.with_related(span, hint.related).with_help(hint.help);
                }
                None => {
                    d = d.with_help(
                        "a canary must repeat its main Ingress's `host` and `path` strings exactly (pathType is not compared); add the main Ingress or fix this host and path",
                    );
                }
            }
            out.push(d);
        }
    }
}

struct Hint {
    related: String,
    help: String,
}

/// The closest main path, when the canary almost matches one.
fn near_miss(ctx: &LintContext<'_>, group: &Group, host: &str, path: &str) -> Option<(Span, Hint)> {
    let trimmed = path.trim_end_matches('/');
    for (main, p) in non_canary_paths(ctx, group) {
        let other = p.path.path();
        if p.host == host && other != path && other.trim_end_matches('/') == trimmed {
            return Some((
                p.span(),
                Hint {
                    related: format!("main path `{other}` of `{}`", main.ingress.meta.key()),
                    help: format!(
                        "keys are compared as strings: write `{other}` in the canary, exactly as the main Ingress does"
                    ),
                },
            ));
        }
    }
    for (main, p) in non_canary_paths(ctx, group) {
        if p.path.path() == path && p.host != host {
            return Some((
                p.span(),
                Hint {
                    related: format!(
                        "main path `{path}` of `{}`, with {}",
                        main.ingress.meta.key(),
                        host_words(p.host)
                    ),
                    help: format!(
                        "the host is part of the key: give the canary rule {} like its main Ingress",
                        host_words(p.host)
                    ),
                },
            ));
        }
    }
    for other in ctx.table.groups.iter().filter(|g| g.name != group.name) {
        if let Some((main, p)) = main_paths(ctx, other, host, path).into_iter().next() {
            return Some((
                p.span(),
                Hint {
                    related: format!(
                        "main rule in `{}`, which belongs to AlbConfig `{}`",
                        main.ingress.meta.key(),
                        other.name
                    ),
                    help: format!(
                        "canaries are merged only within one ALB: put the canary in AlbConfig `{}` (same IngressClass or `alb.ingress.kubernetes.io/albconfig.name`)",
                        other.name
                    ),
                },
            ));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the canary rules.

/// How a canary Ingress takes part in the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CanaryKind {
    /// `canary-weight` only: merged into the main rule's forward group.
    Weight(i64),
    /// `canary-by-header` / `-header-value` / `-by-cookie`: a rule of its own.
    Conditional,
    /// `canary: "true"` and nothing else: an ordinary rule to the canary Service.
    Plain,
}

/// `None` for a non-canary Ingress, and for canaries the controller ignores whatever their
/// paths: match keys together with a weight (dropped, ALB103) or a weight that is 0, not an
/// integer or negative (ALB108 and the annotation rules).
pub(super) fn canary_kind(a: &AlbAnnotations) -> Option<CanaryKind> {
    let c = &a.canary;
    if !c.enabled {
        return None;
    }
    match (c.weight, c.has_match_keys()) {
        (Some(_), true) => None,
        (None, true) => Some(CanaryKind::Conditional),
        (Some(w), false) if w > 0 => Some(CanaryKind::Weight(w)),
        (Some(_), false) => None,
        (None, false) => Some(CanaryKind::Plain),
    }
}

/// The group (ALB) `Manifest::ingresses[ingress]` is built into.
pub(super) fn group_of(table: &RouteTable, ingress: usize) -> Option<&Group> {
    table
        .groups
        .iter()
        .find(|g| g.members.iter().any(|m| m.ingress == ingress))
}

/// One `paths[]` entry of an Ingress rule.
#[derive(Clone, Copy)]
pub(super) struct PathRef<'m> {
    /// The rule's host as written ("" for any host).
    pub host: &'m str,
    pub host_span: Option<Span>,
    pub path: &'m HttpPath,
}

impl PathRef<'_> {
    /// The path value, or the whole entry when the path is absent.
    pub fn span(&self) -> Span {
        self.path.path.as_ref().map_or(self.path.span, |p| p.span)
    }
}

/// Every path of every rule with an `http:` block, in the order the controller walks them.
pub(super) fn paths(ingress: &Ingress) -> impl Iterator<Item = PathRef<'_>> {
    ingress.rules.iter().flat_map(|rule| {
        rule.paths.iter().flatten().map(move |path| PathRef {
            host: rule.host(),
            host_span: rule.host.as_ref().map(|h| h.span),
            path,
        })
    })
}

/// The linted Ingresses of `group` that are not canaries, with their paths.
fn non_canary_paths<'c, 'm>(
    ctx: &'c LintContext<'m>,
    group: &'c Group,
) -> impl Iterator<Item = (&'c IngressInfo<'m>, PathRef<'m>)> + 'c {
    group
        .members
        .iter()
        .filter_map(|m| ctx.ingress(m.ingress))
        .filter(|info| !info.annotations.canary.enabled)
        .flat_map(|info| paths(info.ingress).map(move |p| (info, p)))
}

/// The paths of non-canary Ingresses in `group` whose key (`host-path`) equals the canary's.
pub(super) fn main_paths<'c, 'm>(
    ctx: &'c LintContext<'m>,
    group: &'c Group,
    host: &str,
    path: &str,
) -> Vec<(&'c IngressInfo<'m>, PathRef<'m>)> {
    non_canary_paths(ctx, group)
        .filter(|(_, p)| p.host == host && p.path.path() == path)
        .collect()
}

/// The listeners a rule for `host` of `info` lands on: those the Ingress asks for and the ALB
/// has, narrowed by TLS placement unless `listen-ports` or
/// `ssl-redirect` put every rule everywhere.
pub(super) fn placed_listeners(
    group: &Group,
    info: &IngressInfo<'_>,
    host: &str,
) -> Vec<ListenerKey> {
    let Some(member) = group.members.iter().find(|m| m.ingress == info.index) else {
        return Vec::new();
    };
    let a = &info.annotations;
    let everywhere = a.listen_ports.is_some()
        || a.ssl_redirect
        || host.is_empty()
        || info.ingress.tls.is_empty();
    group
        .listeners
        .iter()
        .map(|l| l.key)
        .filter(|key| member.wanted.contains(key))
        .filter(|key| {
            everywhere
                || match key.protocol {
                    Protocol::Quic => true,
                    Protocol::Https => info.ingress.is_tls_host(host),
                    Protocol::Http => !info.ingress.is_tls_host(host),
                }
        })
        .collect()
}

/// `host `a.example.com`` or `no host`.
pub(super) fn host_words(host: &str) -> String {
    if host.is_empty() {
        "no host".to_string()
    } else {
        format!("host `{host}`")
    }
}

/// `` `/hello` (no host) `` or `` `/hello` on host `a.example.com` ``.
pub(super) fn describe(host: &str, path: &str) -> String {
    if host.is_empty() {
        format!("`{path}` (no host)")
    } else {
        format!("`{path}` on host `{host}`")
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ingress, lint_lines};
    use super::*;

    #[test]
    fn weight_canary_without_main_is_flagged_with_the_near_miss() {
        let yaml = ingress("main", &[], "a.example.com", "/api")
            + &ingress(
                "canary",
                &[("canary", "true"), ("canary-weight", "20")],
                "a.example.com",
                "/api/",
            );
        let found = lint_lines("ALB101", &yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("canary-weight 20 is never applied"));
    }

    #[test]
    fn header_canary_with_main_is_quiet() {
        let yaml = ingress("main", &[], "a.example.com", "/api")
            + &ingress(
                "canary",
                &[
                    ("canary", "true"),
                    ("canary-by-header", "x-canary"),
                    ("order", "1"),
                ],
                "a.example.com",
                "/api",
            );
        assert!(lint_lines("ALB101", &yaml).is_empty());
    }

    #[test]
    fn a_canary_is_never_its_own_main() {
        let yaml = ingress(
            "canary",
            &[("canary", "true"), ("canary-by-cookie", "beta")],
            "",
            "/x",
        );
        let found = lint_lines("ALB101", &yaml);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("builds no rule"), "{found:?}");
    }

    #[test]
    fn canary_kinds() {
        let mut a = AlbAnnotations::default();
        assert_eq!(canary_kind(&a), None);
        a.canary.enabled = true;
        assert_eq!(canary_kind(&a), Some(CanaryKind::Plain));
        a.canary.weight = Some(0);
        assert_eq!(canary_kind(&a), None);
        a.canary.weight = Some(30);
        assert_eq!(canary_kind(&a), Some(CanaryKind::Weight(30)));
        a.canary.by_cookie = Some("c".into());
        assert_eq!(canary_kind(&a), None);
        a.canary.weight = None;
        assert_eq!(canary_kind(&a), Some(CanaryKind::Conditional));
    }
}
