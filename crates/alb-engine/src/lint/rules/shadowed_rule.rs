//! ALB401 shadowed-rule.
//!
//! Also home of the shadowing analysis ALB402 shares ([`covering_rules`], [`duplicates`]) and
//! of the fixture test helper the other rule files use.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use crate::compile::{CanaryRole, Condition, Direction, Listener, ListenerKey, Rule};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, declare_rule};
use crate::manifest::{Manifest, PathType};
use crate::route::glob_matches;
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Flags a path whose ALB rule can never match, because an earlier rule on the same listener (lower priority number) matches every request it would.
    ///
    /// An earlier rule shadows a later one when it has no conditions besides host and path (a header or cookie canary, or custom `Header`/`Cookie`/`QueryString`/`Method`/`SourceIp` conditions, let requests through), its host is absent, equal (case-insensitively) or a wildcard that covers the later host, and its path values cover every path value of the later rule: `/*` (Prefix `/`) covers everything, `/a/*` covers `/a/b` and `/a/b/*`, an exact value only itself, a regex only the identical regex.
    ///
    /// ## Why is this bad?
    /// The controller numbers rules 1, 2, 3 … per listener: Ingresses sorted by `order` (default 10), then by `namespace/name`, then each Ingress's rules and paths in the order written. ALB tries them strictly by that priority and stops at the first match; it does **not** prefer the longer path the way ingress-nginx does. So a Prefix `/` in an Ingress named `a-web` captures `/api` of the Ingress `b-api`, and every request meant for `b-api` reaches the `a-web` backend.
    ///
    /// Header/cookie canary rules placed after their main rule are reported by ALB102, and the same host and path claimed by two Ingresses by ALB402, not here.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Ingress
    /// metadata: {name: a-web}
    /// spec:
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
    /// ---
    /// kind: Ingress
    /// metadata: {name: b-api}
    /// spec:
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}   # never matches
    /// ```
    ///
    /// ## Fix
    /// Put the more specific path first: within one Ingress, list it above the broader one; across Ingresses, give the Ingress with the specific path a lower `alb.ingress.kubernetes.io/order` (e.g. `"5"`) than the one with the broad path, or narrow the broad rule.
    pub RULE { code: "ALB401", name: "shadowed-rule", severity: Error, blocks_group: false }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    // One diagnostic per (shadowed path, shadowing path), naming every listener it happens on.
    let mut found: BTreeMap<(RuleId, RuleId), Found<'_>> = BTreeMap::new();
    for group in &ctx.table.groups {
        for listener in &group.listeners {
            for (later, earlier) in covering_rules(listener) {
                let (r, e) = (&listener.rules[later], &listener.rules[earlier]);
                if is_duplicate(e, r) {
                    continue; // ALB402
                }
                found
                    .entry((rule_id(r), rule_id(e)))
                    .or_insert_with(|| Found {
                        later: r,
                        earlier: e,
                        listeners: Vec::new(),
                    })
                    .listeners
                    .push(listener.key);
            }
        }
    }
    for f in found.values() {
        let (r, e) = (f.later, f.earlier);
        let Some(ingress) = ctx.manifest.ingresses.get(r.ingress) else {
            continue;
        };
        let same_ingress = r.ingress == e.ingress;
        let whose = if same_ingress {
            "earlier in this Ingress".to_string()
        } else {
            format!("of Ingress {}", e.ingress_key)
        };
        let message = format!(
            "{} can never match on {}: the rule for {} {whose} (priority {}) matches every request it would",
            describe(r),
            listeners_text(&f.listeners),
            describe_short(e),
            e.priority,
        );
        let help = if same_ingress {
            format!(
                "ALB tries rules strictly by priority, not by path length: list this path above `{}` in the Ingress",
                display_path(e)
            )
        } else {
            let order = |index: usize| {
                ctx.table
                    .groups
                    .iter()
                    .flat_map(|g| &g.members)
                    .find(|m| m.ingress == index)
                    .map_or(10, |m| m.order)
            };
            format!(
                "ALB tries rules strictly by priority (Ingress `order`, then namespace/name), not by path length: give this Ingress an `alb.ingress.kubernetes.io/order` lower than {} (that of {}), or narrow the earlier rule",
                order(e.ingress),
                e.ingress_key
            )
        };
        out.push(
            ctx.report(&RULE, path_span(ctx.manifest, r), Some(ingress), message)
                .with_label("never matches")
                .with_related(
                    path_span(ctx.manifest, e),
                    format!("shadowed by this rule (priority {})", e.priority),
                )
                .with_help(help),
        );
    }
}

struct Found<'t> {
    later: &'t Rule,
    earlier: &'t Rule,
    listeners: Vec<ListenerKey>,
}

/// A path of an Ingress, the same on every listener: Ingress, rule and path positions.
pub(crate) type RuleId = (usize, usize, usize);

pub(crate) fn rule_id(rule: &Rule) -> RuleId {
    (rule.ingress, rule.rule_index, rule.path_index)
}

/// "80/HTTP" or "80/HTTP and 443/HTTPS".
pub(crate) fn listeners_text(listeners: &[ListenerKey]) -> String {
    let names: Vec<String> = listeners.iter().map(ToString::to_string).collect();
    match names.as_slice() {
        [] => "no listener".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The span of the rule's `path:` value, or of its `paths[]` entry when it has none.
pub(crate) fn path_span(manifest: &Manifest, rule: &Rule) -> Span {
    manifest
        .ingresses
        .get(rule.ingress)
        .and_then(|i| i.rules.get(rule.rule_index))
        .and_then(|r| r.paths.as_ref())
        .and_then(|p| p.get(rule.path_index))
        .and_then(|p| p.path.as_ref())
        .map_or(rule.span, |p| p.span)
}

fn display_path(rule: &Rule) -> &str {
    if rule.path.is_empty() {
        "(any path)"
    } else {
        &rule.path
    }
}

/// "`/api` (Prefix) on host `a.example.com`" / "... for any host".
pub(crate) fn describe(rule: &Rule) -> String {
    let host = if rule.host.is_empty() {
        "for any host".to_string()
    } else {
        format!("on host `{}`", rule.host)
    };
    format!("{} {host}", describe_short(rule))
}

fn describe_short(rule: &Rule) -> String {
    if rule.path.is_empty() {
        "any path".to_string()
    } else {
        format!("`{}` ({})", rule.path, rule.path_type.as_str())
    }
}

// ---------------------------------------------------------------------------------------------
// Shadowing analysis

/// A rule's request conditions as far as shadowing cares, borrowed from the rule.
struct Shape<'r> {
    /// Lower case; `None`: no Host condition (any host).
    hosts: Option<Vec<Cow<'r, str>>>,
    /// `None`: no Path condition (any path).
    paths: Option<Vec<&'r str>>,
    /// Only host and path conditions, on requests: it takes every request they match.
    plain: bool,
    /// Whether the rule routes requests at all and is not a canary rule by header/cookie.
    candidate: bool,
}

fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

impl<'r> Shape<'r> {
    fn of(rule: &'r Rule) -> Shape<'r> {
        let mut hosts: Option<Vec<Cow<'r, str>>> = None;
        let mut paths: Option<Vec<&'r str>> = None;
        let mut plain = rule.direction == Direction::Request;
        for c in &rule.conditions {
            match c {
                Condition::Host { values } => hosts
                    .get_or_insert_with(Vec::new)
                    .extend(values.iter().map(|v| lower(v))),
                Condition::Path { values } => paths
                    .get_or_insert_with(Vec::new)
                    .extend(values.iter().map(String::as_str)),
                _ => plain = false,
            }
        }
        let candidate =
            rule.direction == Direction::Request && rule.canary != Some(CanaryRole::Conditional);
        Shape {
            hosts,
            paths,
            plain,
            candidate,
        }
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Whether host value `e` matches every host `r` matches (both lower case).
fn host_covers(e: &str, r: &str) -> bool {
    e == r || (has_wildcard(e) && !has_wildcard(r) && glob_matches(e, r))
}

/// Whether ALB Path value `e` matches every path `v` matches.
fn path_covers(e: &str, v: &str) -> bool {
    if e == v {
        return true;
    }
    if e.starts_with("~*") || v.starts_with("~*") || !has_wildcard(e) {
        return false;
    }
    if let Some(literal) = e.strip_suffix('*')
        && !has_wildcard(literal)
    {
        // `v`'s first characters are literally `literal`, so whatever `v` matches starts so.
        return v.starts_with(literal);
    }
    !has_wildcard(v) && glob_matches(e, v)
}

/// Whether rule `e` matches every request rule `r` matches, given `e` is plain.
fn covers(e: &Shape<'_>, r: &Shape<'_>) -> bool {
    let hosts = match (&e.hosts, &r.hosts) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(eh), Some(rh)) => rh.iter().all(|r| eh.iter().any(|e| host_covers(e, r))),
    };
    hosts
        && match (&e.paths, &r.paths) {
            (None, _) => true,
            // Every request path starts with `/`.
            (Some(ep), None) => ep.iter().any(|e| *e == "/*" || *e == "*"),
            (Some(ep), Some(rp)) => rp.iter().all(|v| ep.iter().any(|e| path_covers(e, v))),
        }
}

/// Earlier plain rules, indexed so a later rule finds the ones that may cover it without
/// looking at all of them.
#[derive(Default)]
struct PathIndex<'r> {
    /// No Path condition.
    any: Vec<usize>,
    /// By exact value (also regexes and globs: an identical value covers).
    exact: HashMap<&'r str, Vec<usize>>,
    /// By the literal before a single trailing `*` (`/a/*` → `/a/`).
    prefix: HashMap<&'r str, Vec<usize>>,
    /// Rules with any other wildcard value.
    globs: Vec<usize>,
}

impl<'r> PathIndex<'r> {
    fn insert(&mut self, index: usize, shape: &Shape<'r>) {
        let Some(paths) = &shape.paths else {
            self.any.push(index);
            return;
        };
        let mut glob = false;
        for &value in paths {
            push_once(self.exact.entry(value).or_default(), index);
            if value.starts_with("~*") || !has_wildcard(value) {
                continue;
            }
            match value.strip_suffix('*') {
                Some(literal) if !has_wildcard(literal) => {
                    push_once(self.prefix.entry(literal).or_default(), index)
                }
                _ => glob = true,
            }
        }
        if glob {
            self.globs.push(index);
        }
    }

    /// Lists that together hold every earlier rule that may cover a rule with these paths.
    fn candidates<'a>(&'a self, paths: Option<&[&str]>, lists: &mut Vec<&'a [usize]>) {
        lists.push(&self.any);
        lists.push(&self.globs);
        let Some(&first) = paths.and_then(|p| p.first()) else {
            for literal in ["", "/"] {
                if let Some(l) = self.prefix.get(literal) {
                    lists.push(l);
                }
            }
            return;
        };
        if let Some(l) = self.exact.get(first) {
            lists.push(l);
        }
        if first.starts_with("~*") {
            return;
        }
        for (at, _) in first.char_indices().chain([(first.len(), ' ')]) {
            if let Some(l) = first.get(..at).and_then(|p| self.prefix.get(p)) {
                lists.push(l);
            }
        }
    }
}

fn push_once(list: &mut Vec<usize>, index: usize) {
    if list.last() != Some(&index) {
        list.push(index);
    }
}

#[derive(Default)]
struct HostIndex<'r> {
    any_host: PathIndex<'r>,
    /// By lower-case host value as written (wildcard values too).
    by_host: HashMap<Cow<'r, str>, PathIndex<'r>>,
    /// `*<suffix>` host values by suffix (`*.example.com` → `.example.com`), for later hosts
    /// that end with it.
    by_suffix: HashMap<Cow<'r, str>, PathIndex<'r>>,
    /// Other wildcard host values, tried against every later host.
    wildcard: HashMap<Cow<'r, str>, PathIndex<'r>>,
}

impl<'r> HostIndex<'r> {
    fn insert(&mut self, index: usize, shape: &Shape<'r>) {
        let Some(hosts) = &shape.hosts else {
            self.any_host.insert(index, shape);
            return;
        };
        for host in hosts {
            self.by_host
                .entry(host.clone())
                .or_default()
                .insert(index, shape);
            if !has_wildcard(host) {
                continue;
            }
            let map = match host.strip_prefix('*') {
                Some(suffix) if !has_wildcard(suffix) => {
                    let suffix = match host {
                        Cow::Borrowed(h) => Cow::Borrowed(&h[1..]),
                        Cow::Owned(_) => Cow::Owned(suffix.to_string()),
                    };
                    self.by_suffix.entry(suffix)
                }
                _ => self.wildcard.entry(host.clone()),
            };
            map.or_default().insert(index, shape);
        }
    }

    fn candidates<'a>(&'a self, shape: &Shape<'_>, lists: &mut Vec<&'a [usize]>) {
        let paths = shape.paths.as_deref();
        self.any_host.candidates(paths, lists);
        let Some(host) = shape.hosts.as_ref().and_then(|h| h.first()) else {
            return;
        };
        if let Some(index) = self.by_host.get(host.as_ref()) {
            index.candidates(paths, lists);
        }
        if !has_wildcard(host) {
            for (at, _) in host.char_indices() {
                if let Some(index) = host.get(at..).and_then(|s| self.by_suffix.get(s)) {
                    index.candidates(paths, lists);
                }
            }
            if let Some(index) = self.by_suffix.get("") {
                index.candidates(paths, lists);
            }
            for (pattern, index) in &self.wildcard {
                if glob_matches(pattern, host) {
                    index.candidates(paths, lists);
                }
            }
        }
    }
}

/// The smallest index in `lists` (each ascending) that satisfies `ok`, trying each index once.
fn first_in(lists: &[&[usize]], mut ok: impl FnMut(usize) -> bool) -> Option<usize> {
    let mut cursors = vec![0usize; lists.len()];
    loop {
        let next = lists
            .iter()
            .zip(&cursors)
            .filter_map(|(l, &c)| l.get(c).copied())
            .min()?;
        for (l, c) in lists.iter().zip(cursors.iter_mut()) {
            if l.get(*c) == Some(&next) {
                *c += 1;
            }
        }
        if ok(next) {
            return Some(next);
        }
    }
}

/// For each rule of `listener` that can never match, `(its index, the index of the first
/// earlier rule that matches every request it would)`. Indices are positions in
/// `listener.rules` (priority − 1).
pub(crate) fn covering_rules(listener: &Listener) -> Vec<(usize, usize)> {
    let shapes: Vec<Shape<'_>> = listener.rules.iter().map(Shape::of).collect();
    let mut index = HostIndex::default();
    let mut found = Vec::new();
    for (i, shape) in shapes.iter().enumerate() {
        if shape.candidate {
            let mut lists: Vec<&[usize]> = Vec::new();
            index.candidates(shape, &mut lists);
            if let Some(e) = first_in(&lists, |e| covers(&shapes[e], shape)) {
                found.push((i, e));
            }
        }
        if shape.plain {
            index.insert(i, shape);
        }
    }
    found
}

/// Whether `later` repeats `earlier`'s host, path and pathType from another Ingress, neither
/// being a canary, with `earlier` taking all its requests: ALB402's case.
pub(crate) fn is_duplicate(earlier: &Rule, later: &Rule) -> bool {
    earlier.ingress != later.ingress
        && earlier.canary.is_none()
        && later.canary.is_none()
        && earlier.host.eq_ignore_ascii_case(&later.host)
        && earlier.path == later.path
        && earlier.path_type == later.path_type
        && {
            let (e, r) = (Shape::of(earlier), Shape::of(later));
            e.plain && r.candidate && covers(&e, &r)
        }
}

/// For each rule of `listener` that repeats the host, path and pathType of an earlier rule of
/// another Ingress which takes all its requests: `(its index, the first such earlier rule)`.
pub(crate) fn duplicates(listener: &Listener) -> Vec<(usize, usize)> {
    let mut seen: HashMap<(String, &str, PathType), Vec<usize>> = HashMap::new();
    let mut found = Vec::new();
    for (i, rule) in listener.rules.iter().enumerate() {
        if rule.canary.is_some() || rule.direction != Direction::Request {
            continue;
        }
        let key = (
            rule.host.to_ascii_lowercase(),
            rule.path.as_str(),
            rule.path_type,
        );
        let earlier = seen.entry(key).or_default();
        if let Some(&e) = earlier
            .iter()
            .find(|&&e| is_duplicate(&listener.rules[e], rule))
        {
            found.push((i, e));
        }
        earlier.push(i);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::testing::check_fixture;
    use super::{host_covers, path_covers};

    #[test]
    fn fixture() {
        check_fixture(
            "ALB401",
            include_str!("../../../../../testdata/lint/ALB401.yaml"),
        );
    }

    #[test]
    fn path_cover_is_sound() {
        assert!(path_covers("/*", "/a"));
        assert!(path_covers("/a/*", "/a/b"));
        assert!(path_covers("/a/*", "/a/b/*"));
        assert!(path_covers("/a", "/a"));
        assert!(!path_covers("/a", "/a/*"));
        assert!(!path_covers("/a/*", "/a"));
        assert!(!path_covers("/a/*", "/ab"));
        assert!(!path_covers("~*/a", "/a"));
        assert!(path_covers("~*/a", "~*/a"));
        assert!(!path_covers("/a/*", "~*/a/b"));
        assert!(path_covers("/v?/*", "/v1/x"));
        assert!(!path_covers("/v?/*", "/v1/*"));
        assert!(host_covers("*.example.com", "a.example.com"));
        assert!(!host_covers("a?.example.com", "a*.example.com"));
    }
}
