//! The annotation registry: every annotation `alb` knows, what it means, what values it
//! takes, and what the controller really does with them.
//!
//! One static table ([`registry`]) holds a row ([`AnnotationSpec`]) per annotation. Rows are
//! keyed by [`Dialect`] (whose prefix the key carries) and a name, so the ALB controller's
//! `alb.ingress.kubernetes.io/*` keys, ingress-nginx's `nginx.ingress.kubernetes.io/*` keys and
//! CCE's `kubernetes.io/elb.*` keys live side by side; adding a controller's annotations is
//! adding rows.
//!
//! - [`lookup`] resolves a full key as written in a manifest; [`find`] resolves what a user
//!   types after `alb explain` (full or short name), with "did you mean" suggestions.
//! - [`AnnotationSpec::parse`] reads one value the way the controller does and returns the
//!   effective value plus any [`ValueProblem`].
//! - [`parse_ingress`] reads all annotations of an object into the typed [`AlbAnnotations`]
//!   the compiler uses, plus [`AnnotationFinding`]s for the lint layer (which assigns codes).
//!
//! Semantics follow the open-source controller (alibaba/alibaba-load-balancer-controller
//! v1.2.0) as recorded in `alb-controller-semantics.md`, not the vendor guide, where the two
//! differ: booleans are the exact string `"true"`, `use-regex: "false"` enables regex, a
//! wrong-case `backend-protocol` silently becomes `http`, and so on.

pub mod aws;
mod custom;
pub mod nginx;
mod registry;
mod unconfirmed;
mod value;
mod view;

use std::sync::OnceLock;

pub use custom::{
    Action, Condition, CorsAction, RedirectAction, ServerGroupRef, ServerGroupTarget,
};
pub(crate) use value::capture_references;
pub use value::{
    IntRange, ListenPort, ListenProtocol, Parsed, ProblemKind, Value, ValueProblem, ValueType,
};
pub use view::{
    AlbAnnotations, AnnotationFinding, AnnotationSource, BackendProtocol, Canary, Cors, Direction,
    FindingKind, HealthCheck, Scheduler, Sticky, StickyKind, parse_ingress,
};

/// Whose annotation a row describes; chooses the key prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    /// Alibaba Cloud ALB Ingress controller.
    Alb,
    /// ingress-nginx.
    Nginx,
    /// Huawei Cloud CCE, ELB-backed Ingress.
    CceElb,
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Alb, Dialect::Nginx, Dialect::CceElb];

    /// What every key of this dialect starts with.
    pub fn prefix(self) -> &'static str {
        match self {
            Dialect::Alb => "alb.ingress.kubernetes.io/",
            Dialect::Nginx => "nginx.ingress.kubernetes.io/",
            Dialect::CceElb => "kubernetes.io/elb.",
        }
    }

    /// The controller name as `--controller` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Alb => "alb",
            Dialect::Nginx => "nginx",
            Dialect::CceElb => "cce",
        }
    }

    /// Who checks the values the controller passes on, for messages.
    pub fn api(self) -> &'static str {
        match self {
            Dialect::Alb => "the ALB API",
            Dialect::Nginx => "nginx",
            Dialect::CceElb => "the ELB API",
        }
    }

    /// The controller that reads this dialect, for messages.
    pub fn controller(self) -> &'static str {
        match self {
            Dialect::Alb => "the ALB Ingress controller",
            Dialect::Nginx => "ingress-nginx",
            Dialect::CceElb => "the CCE ELB Ingress controller",
        }
    }
}

/// Whether the controller acts on an annotation at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Read and acted on.
    Active,
    /// Documented for ACK's managed (closed-source) controller only; the open-source
    /// controller ignores it.
    ManagedOnly,
    /// Defined as a constant in the controller but never read (dead, semantics §2.7).
    NoEffect,
    /// Users expect it (usually from ingress-nginx), but the controller has no such feature.
    Unsupported,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::ManagedOnly => "managed controller only",
            Status::NoEffect => "no effect",
            Status::Unsupported => "unsupported",
        }
    }
}

/// Grouping for `alb explain --all` and documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Routing,
    ListenerTls,
    Canary,
    HealthCheck,
    Session,
    Scheduling,
    Backend,
    TrafficLimit,
    Cors,
    Timeouts,
    /// Former per-Ingress ALB instance settings, now only in the AlbConfig (all dead).
    AlbInstance,
}

impl Category {
    pub fn title(self) -> &'static str {
        match self {
            Category::Routing => "Routing",
            Category::ListenerTls => "Listener/TLS",
            Category::Canary => "Canary",
            Category::HealthCheck => "Health check",
            Category::Session => "Session",
            Category::Scheduling => "Scheduling",
            Category::Backend => "Backend",
            Category::TrafficLimit => "Traffic limit",
            Category::Cors => "CORS",
            Category::Timeouts => "Timeouts",
            Category::AlbInstance => "ALB instance (dead)",
        }
    }
}

/// What happens when a value is wrong — the part of the controller's behaviour that users
/// are most often surprised by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InvalidEffect {
    /// The model build fails: no Ingress of the same AlbConfig is reconciled, and a
    /// `FailedBuildModel` event is put on the Ingress.
    GroupError,
    /// Silently treated as the default (or as false, or as not set).
    Ignored,
    /// The controller logs a warning and keeps the default.
    IgnoredWithLog,
    /// Accepted, but read differently from what it says (e.g. `use-regex: "false"`).
    Misinterpreted,
    /// Passed on verbatim; the load balancer's API (ALB's, ELB's) rejects it when the
    /// controller syncs, which fails the sync of the whole load balancer. For ingress-nginx:
    /// nginx refuses the rendered configuration at reload, and the previous configuration
    /// stays live for every Ingress.
    RejectedByApi,
    /// The controller dereferences a nil pointer; the reconciler recovers, likely without an
    /// event or a retry.
    ControllerPanic,
    /// Nothing: the controller never reads the annotation.
    NoEffect,
    /// The whole Ingress is refused (ingress-nginx, semantics §2 outcome 2): the validating
    /// admission webhook denies the create or update, so `kubectl apply` fails; without the
    /// webhook the controller leaves the Ingress out of its store, so a new Ingress is ignored
    /// and an updated one keeps serving its previous version. Other Ingresses are not affected.
    IngressRejected,
}

impl InvalidEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            InvalidEffect::GroupError => "group error",
            InvalidEffect::Ignored => "ignored",
            InvalidEffect::IgnoredWithLog => "ignored (logged)",
            InvalidEffect::Misinterpreted => "misinterpreted",
            InvalidEffect::RejectedByApi => "rejected by the API",
            InvalidEffect::ControllerPanic => "controller panic",
            InvalidEffect::NoEffect => "no effect",
            InvalidEffect::IngressRejected => "Ingress rejected",
        }
    }

    /// One sentence for `alb explain` and diagnostics' help text.
    pub fn describe(self) -> &'static str {
        match self {
            InvalidEffect::GroupError => {
                "the controller fails to build the AlbConfig's model: no Ingress on that ALB is \
                 updated until it is fixed"
            }
            InvalidEffect::Ignored => "the controller silently uses the default instead",
            InvalidEffect::IgnoredWithLog => "the controller logs a warning and keeps the default",
            InvalidEffect::Misinterpreted => {
                "the controller accepts it but reads it differently from what it says"
            }
            InvalidEffect::RejectedByApi => {
                "the controller passes it on and the load balancer's API rejects the update, which \
                 stops the whole load balancer from syncing"
            }
            InvalidEffect::ControllerPanic => {
                "the controller crashes on it (nil pointer) and recovers without reporting it"
            }
            InvalidEffect::NoEffect => "the controller never reads it",
            InvalidEffect::IngressRejected => {
                "the controller refuses the whole Ingress: its admission webhook denies it, and \
                 without the webhook the controller ignores it (an update keeps the previous version)"
            }
        }
    }
}

/// Which kind of object the annotation is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Ingress,
    Service,
}

/// How the controller reads the raw value before interpreting it. It matters: the same
/// `" true"` is true for `enable-cors` and false for `ssl-redirect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReadAs {
    /// `GetStringAnnotation`: whitespace trimmed on every line; an empty result counts as
    /// not set.
    Trimmed,
    /// A direct map read: exactly as written, and an empty value is a value.
    Verbatim,
    /// Exactly as written, but an empty value counts as not set (`GetStringAnnotationMutil`
    /// followed by a `!= ""` check, and `conditions.<svc>`).
    VerbatimNonEmpty,
}

/// One annotation: a row of the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnnotationSpec {
    pub dialect: Dialect,
    /// The key without the dialect prefix, e.g. `canary-weight`, `conditions.<svc>`.
    pub name: &'static str,
    /// The key is `<stem>.<svc>`: one annotation per backend Service name.
    pub per_service: bool,
    pub target: Target,
    pub value: ValueType,
    pub read: ReadAs,
    /// What the controller uses when the annotation is absent, as it would be written.
    pub default: Option<&'static str>,
    pub status: Status,
    pub category: Category,
    /// One line.
    pub summary: &'static str,
    /// A paragraph: what it means and what the controller really does.
    pub description: &'static str,
    /// The characteristic consequence of a wrong value.
    pub on_invalid: InvalidEffect,
    /// `on_invalid` in words, with the cases that differ.
    pub on_invalid_note: &'static str,
    /// The ALB controller reads `nginx.ingress.kubernetes.io/<name>` first; if that key is
    /// present, this one is not read at all.
    pub nginx_prefix_wins: bool,
    /// Related annotations, as full keys (for other dialects: the ALB equivalent).
    pub see_also: &'static [&'static str],
}

/// The row every ALB row starts from (`..ALB_ROW`), so the table only spells out what differs.
pub(crate) const ALB_ROW: AnnotationSpec = AnnotationSpec {
    dialect: Dialect::Alb,
    name: "",
    per_service: false,
    target: Target::Ingress,
    value: ValueType::String,
    read: ReadAs::Verbatim,
    default: None,
    status: Status::Active,
    category: Category::Routing,
    summary: "",
    description: "",
    on_invalid: InvalidEffect::Ignored,
    on_invalid_note: "",
    nginx_prefix_wins: false,
    see_also: &[],
};

impl AnnotationSpec {
    /// The key as written in a manifest; per-service keys keep the `<svc>` placeholder.
    pub fn full_name(&self) -> String {
        format!("{}{}", self.dialect.prefix(), self.name)
    }

    /// For a per-service key, the part before `.<svc>` (`conditions`); otherwise the name.
    pub fn stem(&self) -> &'static str {
        if self.per_service {
            self.name
                .split_once('.')
                .map_or(self.name, |(stem, _)| stem)
        } else {
            self.name
        }
    }

    /// The accepted values in words, e.g. "integer 0–100".
    pub fn describe(&self) -> String {
        self.value.describe()
    }

    /// Reads `raw` the way the controller does: see [`ValueType`] and [`ReadAs`].
    pub fn parse(&self, raw: &str) -> Parsed {
        value::parse(self, raw)
    }

    /// What the controller uses when the annotation is absent (or empty, where empty counts
    /// as absent): `default` as a value, `Value::Unset` when there is none.
    pub fn default_value(&self) -> Value {
        value::default_value(self)
    }
}

/// The ALB row named `name`.
pub(crate) fn alb_spec(name: &str) -> Option<&'static AnnotationSpec> {
    registry()
        .iter()
        .find(|s| s.dialect == Dialect::Alb && s.name == name)
}

/// Every annotation `alb` knows, sorted by full name.
pub fn registry() -> &'static [AnnotationSpec] {
    registry::REGISTRY
}

/// Full names parallel to [`registry`], so suggestions can be `&'static str`.
fn full_names() -> &'static [String] {
    static FULL_NAMES: OnceLock<Vec<String>> = OnceLock::new();
    FULL_NAMES.get_or_init(|| registry().iter().map(AnnotationSpec::full_name).collect())
}

/// A manifest key resolved against the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyMatch<'k> {
    pub spec: &'static AnnotationSpec,
    /// For per-service keys, the Service name after `<stem>.`.
    pub service: Option<&'k str>,
    /// The key carries the `nginx.ingress.kubernetes.io/` prefix but is read by the ALB
    /// controller as `spec` (canary keys and `ssl-redirect`).
    pub nginx_alias: bool,
}

/// Resolves a full annotation key as written in a manifest (case-sensitive, as Kubernetes
/// keys are). An `nginx.ingress.kubernetes.io/` key resolves to ingress-nginx's row; only an
/// alias the ALB controller reads that had no nginx row would resolve to the ALB row
/// (`nginx_alias`), and a test keeps every alias covered. How the ALB controller reads an
/// `nginx.` key is `view.rs`'s `resolve`, which prefers the ALB row.
pub fn lookup(key: &str) -> Option<KeyMatch<'_>> {
    for dialect in Dialect::ALL {
        if let Some(rest) = key.strip_prefix(dialect.prefix())
            && let Some((spec, service)) = lookup_name(dialect, rest)
        {
            return Some(KeyMatch {
                spec,
                service,
                nginx_alias: false,
            });
        }
    }
    let rest = key.strip_prefix(Dialect::Nginx.prefix())?;
    registry()
        .iter()
        .find(|s| s.dialect == Dialect::Alb && s.nginx_prefix_wins && s.name == rest)
        .map(|spec| KeyMatch {
            spec,
            service: None,
            nginx_alias: true,
        })
}

/// `name` (the key without prefix) in one dialect: an exact row first, then a per-service
/// row whose stem is followed by `.` and a non-empty Service name.
fn lookup_name(dialect: Dialect, name: &str) -> Option<(&'static AnnotationSpec, Option<&str>)> {
    let rows = || registry().iter().filter(move |s| s.dialect == dialect);
    if let Some(spec) = rows().find(|s| !s.per_service && s.name == name) {
        return Some((spec, None));
    }
    rows().filter(|s| s.per_service).find_map(|spec| {
        let service = name.strip_prefix(spec.stem())?.strip_prefix('.')?;
        (!service.is_empty()).then_some((spec, Some(service)))
    })
}

/// Resolves what a user asks `alb explain` about: a full key, a short name (the ALB row wins
/// when several dialects have it), a per-service key with any Service name or the `<svc>`
/// placeholder, or a per-service stem alone (`conditions`). On a miss, returns up to three
/// full names ranked by edit distance (possibly none).
pub fn find(query: &str) -> Result<&'static AnnotationSpec, Vec<&'static str>> {
    let query = query.trim();
    if let Some(found) = lookup(query) {
        return Ok(found.spec);
    }
    for dialect in Dialect::ALL {
        if let Some((spec, _)) = lookup_name(dialect, query) {
            return Ok(spec);
        }
    }
    if let Some(spec) = registry()
        .iter()
        .find(|s| s.per_service && s.stem() == query)
    {
        return Ok(spec);
    }
    Err(suggest(query))
}

/// Up to three full names close to `query`, closest first; ALB rows before others on a tie.
pub(crate) fn suggest(query: &str) -> Vec<&'static str> {
    let (dialect, name) = Dialect::ALL
        .iter()
        .find_map(|d| query.strip_prefix(d.prefix()).map(|rest| (Some(*d), rest)))
        .unwrap_or((None, query));
    let name_len = name.chars().count();
    // A third of the length catches transpositions and a dropped letter or two without
    // offering unrelated names for short queries.
    let max_distance = (name_len / 3).max(2);

    let mut ranked: Vec<(usize, usize, &'static str)> = registry()
        .iter()
        .zip(full_names())
        .filter(|(spec, _)| dialect.is_none_or(|d| d == spec.dialect))
        .filter_map(|(spec, full)| {
            let distance = distance_to(spec, name);
            let contains = name_len >= 4 && spec.name.contains(name);
            (distance <= max_distance || contains).then_some((
                distance,
                spec.dialect as usize,
                full.as_str(),
            ))
        })
        .collect();
    ranked.sort();
    ranked.dedup_by(|a, b| a.2 == b.2);
    ranked
        .into_iter()
        .take(3)
        .map(|(_, _, full)| full)
        .collect()
}

/// Edit distance from a typed name to a row; per-service rows are compared with the typed
/// Service name in place of `<svc>` (`condition.web` is one edit from `conditions.web`).
fn distance_to(spec: &AnnotationSpec, name: &str) -> usize {
    if spec.per_service
        && let Some((_, service)) = name.split_once('.')
    {
        return levenshtein(&format!("{}.{service}", spec.stem()), name);
    }
    levenshtein(spec.name, name).min(if spec.per_service {
        levenshtein(spec.stem(), name)
    } else {
        usize::MAX
    })
}

/// The candidate `text` most plausibly is a typo of, ignoring case: the nearest within a
/// third of its length (at least 2 edits), or one that starts with `text`.
pub(crate) fn closest<'a>(text: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let text = text.trim().to_lowercase();
    candidates
        .iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let distance = levenshtein(&text, &lower);
            let plausible = distance <= (lower.chars().count() / 3).max(2)
                || (text.chars().count() >= 3 && lower.starts_with(&text));
            plausible.then_some((distance, *candidate))
        })
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters (insertions, deletions, substitutions).
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sorted_by_full_name_and_unique() {
        let names = full_names();
        for pair in names.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{} must sort before {}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn every_row_is_documented() {
        for spec in registry() {
            let name = spec.full_name();
            assert!(!spec.name.is_empty(), "a row has no name");
            assert!(!spec.summary.is_empty(), "{name}: empty summary");
            assert!(!spec.description.is_empty(), "{name}: empty description");
            assert!(
                !spec.on_invalid_note.is_empty(),
                "{name}: empty on_invalid_note"
            );
            assert!(
                !spec.summary.ends_with('.'),
                "{name}: summary is one line, no full stop"
            );
            assert_eq!(
                spec.per_service,
                spec.name.ends_with(".<svc>"),
                "{name}: per_service"
            );
            assert!(
                !spec.nginx_prefix_wins || spec.dialect == Dialect::Alb,
                "{name}: only ALB rows are read through the nginx prefix"
            );
            if spec.status == Status::NoEffect {
                assert_eq!(spec.on_invalid, InvalidEffect::NoEffect, "{name}");
            }
            for other in spec.see_also {
                assert!(
                    lookup(other).is_some(),
                    "{name}: see_also `{other}` is not a known key"
                );
                assert_ne!(*other, name, "{name}: see_also lists the row itself");
            }
            if let Some(default) = spec.default {
                let parsed = spec.parse(default);
                assert!(
                    parsed.problems.is_empty(),
                    "{name}: default `{default}` does not parse"
                );
            }
        }
    }

    #[test]
    fn rows_per_dialect() {
        let count = |d| registry().iter().filter(|s| s.dialect == d).count();
        assert_eq!(count(Dialect::Alb), 57);
        assert_eq!(count(Dialect::Nginx), 46);
        assert_eq!(count(Dialect::CceElb), 3);
    }

    #[test]
    fn canary_weight_is_an_integer_0_to_100_without_default() {
        let spec = find("canary-weight").unwrap();
        assert_eq!(spec.describe(), "integer 0–100");
        assert_eq!(spec.default, None);
        assert!(spec.nginx_prefix_wins);
        assert_eq!(spec.category, Category::Canary);
    }

    #[test]
    fn describe_names_the_range() {
        let d = |q| find(q).unwrap().describe();
        assert_eq!(
            d("backend-scheduler"),
            "one of wrr, wlc, sch, uch (lower case, exact)"
        );
        assert_eq!(
            d("sticky-session-type"),
            "one of Insert, Server (exact case)"
        );
        assert_eq!(d("cors-max-age"), "integer -1 to 172800");
        assert_eq!(
            d("healthcheck-enabled"),
            "\"true\" (exactly; anything else is false)"
        );
        assert_eq!(
            d("nginx.ingress.kubernetes.io/session-cookie-max-age"),
            "integer ≥ 0"
        );
    }

    #[test]
    fn find_accepts_full_short_and_per_service_names() {
        let weight = find("canary-weight").unwrap();
        assert_eq!(
            weight.full_name(),
            "alb.ingress.kubernetes.io/canary-weight"
        );
        assert_eq!(
            find("alb.ingress.kubernetes.io/canary-weight").unwrap(),
            weight
        );
        assert_eq!(find("  canary-weight \n").unwrap(), weight);

        let conditions = find("conditions.<svc>").unwrap();
        assert_eq!(conditions.name, "conditions.<svc>");
        assert_eq!(find("conditions.foo").unwrap(), conditions);
        assert_eq!(find("conditions.my-svc").unwrap(), conditions);
        assert_eq!(
            find("alb.ingress.kubernetes.io/conditions.my-svc").unwrap(),
            conditions
        );
        assert_eq!(find("conditions").unwrap(), conditions);

        assert_eq!(find("affinity").unwrap().dialect, Dialect::Nginx);
        assert_eq!(find("keepalive_timeout").unwrap().dialect, Dialect::CceElb);
        assert_eq!(
            find("kubernetes.io/elb.member_timeout").unwrap().name,
            "member_timeout"
        );
    }

    #[test]
    fn find_suggests_close_names() {
        assert_eq!(
            find("canary-wieght").unwrap_err().first(),
            Some(&"alb.ingress.kubernetes.io/canary-weight")
        );
        assert_eq!(
            find("alb.ingress.kubernetes.io/backend-sheduler").unwrap_err(),
            vec!["alb.ingress.kubernetes.io/backend-scheduler"]
        );
        assert_eq!(
            find("condition.web").unwrap_err().first(),
            Some(&"alb.ingress.kubernetes.io/conditions.<svc>")
        );
        assert!(find("zzzzzzzzzzzzzzzz").unwrap_err().is_empty());
        assert!(find("canary-").unwrap_err().len() <= 3);
    }

    #[test]
    fn lookup_resolves_manifest_keys() {
        let m = lookup("alb.ingress.kubernetes.io/actions.web-svc").unwrap();
        assert_eq!(m.spec.name, "actions.<svc>");
        assert_eq!(m.service, Some("web-svc"));
        assert!(lookup("alb.ingress.kubernetes.io/actions.").is_none());
        assert!(lookup("alb.ingress.kubernetes.io/Canary").is_none());

        let order = lookup("alb.ingress.kubernetes.io/albconfig.order").unwrap();
        assert_eq!((order.spec.name, order.service), ("albconfig.order", None));

        // An nginx key is ingress-nginx's row; the ALB controller's reading of the same key
        // as an alias is `view.rs`'s business.
        for key in [
            "nginx.ingress.kubernetes.io/canary-weight",
            "nginx.ingress.kubernetes.io/affinity",
            "nginx.ingress.kubernetes.io/rewrite-target",
        ] {
            let nginx = lookup(key).unwrap();
            assert!(!nginx.nginx_alias, "{key}");
            assert_eq!(nginx.spec.dialect, Dialect::Nginx, "{key}");
            assert_eq!(nginx.spec.full_name(), key);
        }
        assert!(lookup("nginx.ingress.kubernetes.io/no-such-key").is_none());
    }

    #[test]
    fn every_alias_the_alb_controller_reads_has_an_nginx_row() {
        for spec in registry().iter().filter(|s| s.nginx_prefix_wins) {
            let key = format!("{}{}", Dialect::Nginx.prefix(), spec.name);
            let nginx = lookup(&key).unwrap();
            assert_eq!(nginx.spec.dialect, Dialect::Nginx, "{key}");
            assert_eq!(
                nginx.spec.see_also.first(),
                Some(&spec.full_name().as_str()),
                "{key}: the ALB row it is an alias of comes first"
            );
        }
    }

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("", ""), 0);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("canary-wieght", "canary-weight"), 2);
        assert_eq!(levenshtein("größe", "grösse"), 2);
    }
}
