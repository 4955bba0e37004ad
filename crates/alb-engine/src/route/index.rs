//! Finding the few rules that can match a request without scanning them all, while the answer
//! stays "the first match by priority": the index only narrows the candidates; they are then
//! tested in priority order.
//!
//! Memory layout matters more than comparisons here: with tens of thousands of rules, a
//! decision's cost is the cache lines it touches. Hosts with few rules (the common case) keep
//! their path values inline with a hash, so a request reads one small array instead of a map
//! per path shape.

use std::collections::HashMap as StdHashMap;
use std::hash::BuildHasher;

use foldhash::fast::FixedState;

use super::matcher::{HostPattern, PathPattern, RuleMatcher};

/// Lookup-only maps (never iterated on an output path) with a fast, fixed-seed hash.
type HashMap<K, V> = StdHashMap<K, V, FixedState>;

/// A host with at most this many rules keeps its path values inline instead of in maps.
const SMALL_BUCKET: usize = 8;

/// A rule that may match. `path_matched`: the index already compared the request path with
/// one of the rule's exact or prefix path values, so the path condition holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Candidate {
    pub rule: u32,
    /// `false` sorts first, so after sorting by rule the path-matched entry leads.
    not_path_matched: bool,
}

impl Candidate {
    pub(crate) fn path_matched(self) -> bool {
        !self.not_path_matched
    }
}

/// Rule positions (0-based priority order) that may match, by host then by path.
#[derive(Debug, Default)]
pub(crate) struct ListenerIndex {
    /// Host → position in `buckets`: small map entries keep the table dense.
    exact_hosts: HashMap<Box<str>, u32>,
    buckets: Vec<PathIndex>,
    /// `*.example.com` keyed by `.example.com`: found by looking up each suffix of the host
    /// that starts at a dot.
    suffix_hosts: HashMap<String, PathIndex>,
    /// Other wildcard shapes (`www.example.*`, `a?.x.com`), tested one by one.
    other_hosts: Vec<(String, PathIndex)>,
    /// One label before `.example.com` (ingress-nginx's `*.example.com`), keyed by the
    /// suffix: found by the host's first dot.
    label_hosts: HashMap<String, PathIndex>,
    /// Rules without a Host condition.
    any_host: PathIndex,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// The path equals the value.
    Exact,
    /// The path starts with the value, which ends in `/` (from `/foo/*` and `/*`).
    DirPrefix,
    /// Anything else (no Path condition, a regex, another wildcard): test the rule.
    Scan,
}

#[derive(Debug)]
struct InlineValue {
    rule: u32,
    shape: Shape,
    /// Hash of `value`, compared before the string is read.
    hash: u64,
    value: Box<str>,
}

#[derive(Debug, Default)]
struct PathIndex {
    exact: HashMap<String, Vec<u32>>,
    dir_prefix: HashMap<String, Vec<u32>>,
    scan: Vec<u32>,
    /// For small buckets, instead of the three above.
    inline: Vec<InlineValue>,
}

fn hash(s: &str) -> u64 {
    FixedState::default().hash_one(s)
}

impl PathIndex {
    fn add(&mut self, rule: u32, paths: Option<&[PathPattern]>) {
        let Some(paths) = paths else {
            self.scan.push(rule);
            return;
        };
        for path in paths {
            match path {
                PathPattern::Exact(p) => self.exact.entry(p.clone()).or_default().push(rule),
                PathPattern::Prefix(p) if p.ends_with('/') => {
                    self.dir_prefix.entry(p.clone()).or_default().push(rule)
                }
                PathPattern::Prefix(_)
                | PathPattern::Glob(_)
                | PathPattern::Regex(_)
                | PathPattern::Expression(_) => self.scan.push(rule),
                PathPattern::Invalid => {}
            }
        }
    }

    /// Move a bucket with few rules to the inline form; keep `scan` in priority order.
    fn finish(&mut self) {
        let mut rules: Vec<u32> = self
            .exact
            .values()
            .chain(self.dir_prefix.values())
            .flatten()
            .chain(&self.scan)
            .copied()
            .collect();
        rules.sort_unstable();
        rules.dedup();
        if rules.len() > SMALL_BUCKET {
            self.scan.sort_unstable();
            self.scan.dedup();
            return;
        }
        let entry = |shape, (value, rules): (String, Vec<u32>)| {
            rules.into_iter().map(move |rule| InlineValue {
                rule,
                shape,
                hash: hash(&value),
                value: value.clone().into_boxed_str(),
            })
        };
        let mut inline: Vec<InlineValue> = std::mem::take(&mut self.exact)
            .into_iter()
            .flat_map(|e| entry(Shape::Exact, e))
            .chain(
                std::mem::take(&mut self.dir_prefix)
                    .into_iter()
                    .flat_map(|e| entry(Shape::DirPrefix, e)),
            )
            .chain(
                std::mem::take(&mut self.scan)
                    .into_iter()
                    .map(|rule| InlineValue {
                        rule,
                        shape: Shape::Scan,
                        hash: 0,
                        value: Box::from(""),
                    }),
            )
            .collect();
        inline.sort_by(|a, b| (a.rule, &a.value).cmp(&(b.rule, &b.value)));
        self.inline = inline;
    }

    fn candidates(&self, path: &str, out: &mut Vec<Candidate>) {
        let verified = |rule| Candidate {
            rule,
            not_path_matched: false,
        };
        if !self.inline.is_empty() {
            let path_hash = hash(path);
            for v in &self.inline {
                let hit = match v.shape {
                    Shape::Exact => v.hash == path_hash && *v.value == *path,
                    Shape::DirPrefix => path.starts_with(&*v.value),
                    Shape::Scan => {
                        out.push(Candidate {
                            rule: v.rule,
                            not_path_matched: true,
                        });
                        continue;
                    }
                };
                if hit {
                    out.push(verified(v.rule));
                }
            }
            return;
        }
        if let Some(rules) = self.exact.get(path) {
            out.extend(rules.iter().map(|&r| verified(r)));
        }
        if !self.dir_prefix.is_empty() {
            for (i, _) in path.match_indices('/') {
                if let Some(rules) = self.dir_prefix.get(&path[..=i]) {
                    out.extend(rules.iter().map(|&r| verified(r)));
                }
            }
        }
        out.extend(self.scan.iter().map(|&rule| Candidate {
            rule,
            not_path_matched: true,
        }));
    }
}

impl ListenerIndex {
    pub(crate) fn new(rules: &[RuleMatcher]) -> ListenerIndex {
        let mut index = ListenerIndex::default();
        for (i, rule) in rules.iter().enumerate() {
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            let paths = rule.paths.as_deref();
            let Some(hosts) = &rule.hosts else {
                index.any_host.add(id, paths);
                continue;
            };
            for host in hosts {
                let bucket = match host {
                    HostPattern::Exact(h) => {
                        let next = u32::try_from(index.buckets.len()).unwrap_or(u32::MAX);
                        let at = *index
                            .exact_hosts
                            .entry(h.clone().into_boxed_str())
                            .or_insert(next);
                        if at == next {
                            index.buckets.push(PathIndex::default());
                        }
                        match index.buckets.get_mut(at as usize) {
                            Some(bucket) => bucket,
                            None => continue,
                        }
                    }
                    HostPattern::OneLabel(suffix) => {
                        index.label_hosts.entry(suffix.clone()).or_default()
                    }
                    HostPattern::Glob(g) => match g.strip_prefix('*') {
                        Some(suffix)
                            if suffix.starts_with('.') && !super::glob::has_wildcard(suffix) =>
                        {
                            index.suffix_hosts.entry(suffix.to_string()).or_default()
                        }
                        _ => {
                            index.other_hosts.push((g.clone(), PathIndex::default()));
                            match index.other_hosts.last_mut() {
                                Some((_, bucket)) => bucket,
                                None => continue,
                            }
                        }
                    },
                };
                bucket.add(id, paths);
            }
        }
        index.buckets.iter_mut().for_each(PathIndex::finish);
        index.suffix_hosts.values_mut().for_each(PathIndex::finish);
        index.other_hosts.iter_mut().for_each(|(_, b)| b.finish());
        index.label_hosts.values_mut().for_each(PathIndex::finish);
        index.any_host.finish();
        index
    }

    /// Every rule that may match `host` (lower case, no port) and `path`, in priority order,
    /// once each. Every candidate's host condition holds.
    pub(crate) fn candidates(&self, host: &str, path: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        if let Some(bucket) = self
            .exact_hosts
            .get(host)
            .and_then(|&i| self.buckets.get(i as usize))
        {
            bucket.candidates(path, &mut out);
        }
        if !self.suffix_hosts.is_empty() {
            for (i, _) in host.match_indices('.') {
                if let Some(bucket) = self.suffix_hosts.get(&host[i..]) {
                    bucket.candidates(path, &mut out);
                }
            }
        }
        if let Some(dot) = host.find('.')
            && let Some(bucket) = self.label_hosts.get(&host[dot..])
            && super::matcher::one_label(host, &host[dot..])
        {
            bucket.candidates(path, &mut out);
        }
        for (glob, bucket) in &self.other_hosts {
            if super::glob::matches(glob, host) {
                bucket.candidates(path, &mut out);
            }
        }
        self.any_host.candidates(path, &mut out);
        out.sort_unstable();
        out.dedup_by_key(|c| c.rule);
        out
    }
}
