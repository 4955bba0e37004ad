//! Value types and how one raw annotation value is read, exactly as the controller reads it.

use std::fmt::Write as _;

use super::custom::{self, Action, Condition};
use super::{AnnotationSpec, InvalidEffect, ReadAs, closest};

/// What an annotation's value is. The variant decides both [`ValueType::describe`] and how
/// [`AnnotationSpec::parse`] reads a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// The ALB controller's boolean: the exact string `"true"` is true, anything else false.
    Bool,
    /// Go's `strconv.ParseBool` (ingress-nginx): `1 t T TRUE true True` and their negatives.
    GoBool,
    /// `"true"` or `"false"`; anything else is ignored with a logged warning
    /// (`cors-allow-credentials`).
    TrueFalse,
    Int(IntRange),
    /// One of `values`.
    Enum {
        values: &'static [&'static str],
        case_sensitive: bool,
    },
    String,
    /// A URL path starting with `/`, at most `max_len` characters.
    UrlPath {
        max_len: usize,
    },
    /// A replacement path starting with `/`, with up to three `${n}` capture references.
    RewriteTarget,
    /// `use-regex`: documented as a boolean, acted on as "present".
    RegexSwitch,
    /// A string the controller checks against a regular expression before using it
    /// (ingress-nginx's annotation validators), e.g. `^/?[-._~a-zA-Z0-9/:$]*$`.
    Pattern {
        /// The validator's regex, anchored, in syntax both Go and Rust accept.
        regex: &'static str,
        /// The accepted values in words, for [`ValueType::describe`].
        syntax: &'static str,
        /// Spaces are removed before the check (`ValidateRegex(.., true)`), so "a, b" passes
        /// where "a,b" does.
        strip_spaces: bool,
    },
    /// Comma-separated, each item trimmed; `allowed` (compared ignoring case) when the items
    /// come from a fixed set.
    CommaList {
        allowed: Option<&'static [&'static str]>,
    },
    /// `healthcheck-httpcode`: comma-separated and split **without** trimming.
    HealthCheckCodes,
    /// `listen-ports`: `[{"HTTP": 80}, {"HTTPS": 443}]`.
    ListenPorts,
    /// `conditions.<svc>`: a JSON array of condition objects.
    Conditions,
    /// `actions.<svc>`: a JSON array of action objects.
    Actions,
}

/// An integer range, and what the controller does with a value that is not an integer or
/// lies outside it. These differ per annotation: a bad `order` stops the whole AlbConfig, a
/// bad `healthcheck-timeout-seconds` falls back to the default, and a too-large one is
/// passed on for the load balancer's API to reject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntRange {
    pub min: i64,
    /// `i64::MAX` for "no upper bound".
    pub max: i64,
    pub not_int: InvalidEffect,
    pub below_min: InvalidEffect,
    pub above_max: InvalidEffect,
    /// The value a non-integer reads as, when the controller ignores the `Atoi` error and
    /// keeps Go's zero (`canary-weight`); otherwise the default applies.
    pub not_int_reads_as: Option<i64>,
}

impl IntRange {
    /// A range whose every violation has the same `effect`.
    pub const fn new(min: i64, max: i64, effect: InvalidEffect) -> IntRange {
        IntRange {
            min,
            max,
            not_int: effect,
            below_min: effect,
            above_max: effect,
            not_int_reads_as: None,
        }
    }

    pub const fn not_int(mut self, effect: InvalidEffect) -> IntRange {
        self.not_int = effect;
        self
    }

    pub const fn out_of_range(mut self, effect: InvalidEffect) -> IntRange {
        self.below_min = effect;
        self.above_max = effect;
        self
    }

    pub const fn above_max(mut self, effect: InvalidEffect) -> IntRange {
        self.above_max = effect;
        self
    }

    pub const fn not_int_reads_as(mut self, value: i64) -> IntRange {
        self.not_int_reads_as = Some(value);
        self
    }

    /// "0–100", "-1 to 172800", "≥ 0".
    pub fn describe(&self) -> String {
        if self.max == i64::MAX {
            format!("≥ {}", self.min)
        } else if self.min < 0 {
            format!("{} to {}", self.min, self.max)
        } else {
            format!("{}–{}", self.min, self.max)
        }
    }
}

impl ValueType {
    /// The accepted values in words, for `alb explain` and messages.
    pub fn describe(&self) -> String {
        match self {
            ValueType::Bool => "\"true\" (exactly; anything else is false)".to_owned(),
            ValueType::GoBool => {
                "boolean (true/false, 1/0, t/f; TRUE/True also accepted)".to_owned()
            }
            ValueType::TrueFalse => "\"true\" or \"false\"".to_owned(),
            ValueType::Int(range) if range.min == i64::MIN && range.max == i64::MAX => {
                "integer".to_owned()
            }
            ValueType::Int(range) => format!("integer {}", range.describe()),
            ValueType::Enum { values: [only], .. } => format!("\"{only}\" (exactly)"),
            ValueType::Enum {
                values,
                case_sensitive,
            } => {
                let case = if !case_sensitive {
                    "any case"
                } else if values.iter().all(|v| v.to_lowercase() == *v) {
                    "lower case, exact"
                } else {
                    "exact case"
                };
                format!("one of {} ({case})", values.join(", "))
            }
            ValueType::String => "string".to_owned(),
            ValueType::UrlPath { max_len } => {
                format!("path starting with /, 1–{max_len} characters")
            }
            ValueType::RewriteTarget => "path starting with /, may use ${1}, ${2}, ${3}".to_owned(),
            ValueType::RegexSwitch => {
                "\"true\" (any non-empty value other than the path enables regex)".to_owned()
            }
            ValueType::Pattern { syntax, .. } => (*syntax).to_owned(),
            ValueType::CommaList { allowed: None } => "comma-separated list".to_owned(),
            ValueType::CommaList {
                allowed: Some(items),
            } => {
                format!("comma-separated list of {} (any case)", items.join(", "))
            }
            ValueType::HealthCheckCodes => format!(
                "comma-separated {} (no spaces; gRPC: codes or ranges such as 0-99)",
                HTTP_CODE_CLASSES.join(", ")
            ),
            ValueType::ListenPorts => {
                "JSON array of {\"HTTP\"|\"HTTPS\"|\"QUIC\": port}".to_owned()
            }
            ValueType::Conditions => "JSON array of condition objects".to_owned(),
            ValueType::Actions => "JSON array of action objects".to_owned(),
        }
    }
}

const HTTP_CODE_CLASSES: &[&str] = &["http_2xx", "http_3xx", "http_4xx", "http_5xx"];

/// A listener protocol in `listen-ports`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListenProtocol {
    Http,
    Https,
    Quic,
}

impl ListenProtocol {
    /// As the AlbConfig and `listen-ports` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            ListenProtocol::Http => "HTTP",
            ListenProtocol::Https => "HTTPS",
            ListenProtocol::Quic => "QUIC",
        }
    }

    /// Exact, upper case: the controller compares these strings as they are.
    pub fn parse(s: &str) -> Option<ListenProtocol> {
        match s {
            "HTTP" => Some(ListenProtocol::Http),
            "HTTPS" => Some(ListenProtocol::Https),
            "QUIC" => Some(ListenProtocol::Quic),
            _ => None,
        }
    }
}

/// One `{"HTTPS": 443}` entry of `listen-ports`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ListenPort {
    pub protocol: ListenProtocol,
    pub port: u16,
}

/// A value as the controller sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Not set, or treated as not set (an empty value where empty means absent): the
    /// controller applies the annotation's default, [`AnnotationSpec::default_value`].
    Unset,
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<String>),
    ListenPorts(Vec<ListenPort>),
    Conditions(Vec<Condition>),
    Actions(Vec<Action>),
}

/// What [`AnnotationSpec::parse`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// The effective value. After a problem whose effect is `Ignored`, the default the
    /// controller falls back to; after one that stops the controller (`GroupError`,
    /// `ControllerPanic`), `Unset`, except that an out-of-range integer stays as written
    /// (the controller did read it).
    pub value: Value,
    /// Everything wrong or suspicious, most important first; empty when the value is fine.
    /// JSON values can have several.
    pub problems: Vec<ValueProblem>,
}

impl Parsed {
    fn ok(value: Value) -> Parsed {
        Parsed {
            value,
            problems: Vec::new(),
        }
    }

    /// The first (most important) problem.
    pub fn problem(&self) -> Option<&ValueProblem> {
        self.problems.first()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemKind {
    /// A boolean meant as true but not written exactly `"true"` (`"True"`, `"1"`, `" true"`).
    NotExactTrue,
    /// Neither `"true"` nor `"false"` where only those two are accepted.
    NotTrueOrFalse,
    NotAnInteger,
    OutOfRange,
    /// One of the allowed values, but in the wrong case.
    WrongCase,
    /// Not one of the allowed values.
    NotAllowed,
    /// Whitespace the controller keeps because it does not trim this value.
    StraySpace,
    /// Malformed for its kind (a path without a leading `/`, `${4}`, too long, ...).
    Malformed,
    /// An empty value where the controller treats empty as a value and fails on it.
    Empty,
    /// Not JSON at all.
    InvalidJson,
    /// JSON, but not the shape the controller decodes (wrong type, missing config, ...).
    JsonShape,
    /// A condition or action `type` the controller does not know.
    UnknownType,
    /// A JSON key that matches no field; Go's decoder drops it silently.
    UnknownField,
    /// Accepted, but it does something other than what it says (`use-regex: "false"`).
    Misleading,
}

/// Something wrong or suspicious about one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueProblem {
    pub kind: ProblemKind,
    /// Lower-case first, names the value: "`150` is out of range 0–100".
    pub message: String,
    pub help: Option<String>,
    pub effect: InvalidEffect,
}

impl ValueProblem {
    pub(crate) fn new(
        kind: ProblemKind,
        effect: InvalidEffect,
        message: impl Into<String>,
    ) -> ValueProblem {
        ValueProblem {
            kind,
            message: message.into(),
            help: None,
            effect,
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> ValueProblem {
        self.help = Some(help.into());
        self
    }
}

/// Entry point of [`AnnotationSpec::parse`].
pub(super) fn parse(spec: &AnnotationSpec, raw: &str) -> Parsed {
    let text = match spec.read {
        ReadAs::Trimmed => trim_lines(raw),
        ReadAs::Verbatim | ReadAs::VerbatimNonEmpty => raw.to_owned(),
    };
    let empty_is_unset = matches!(spec.read, ReadAs::Trimmed | ReadAs::VerbatimNonEmpty);
    if text.is_empty() && empty_is_unset {
        return Parsed::ok(Value::Unset);
    }
    match spec.value {
        ValueType::Bool => parse_alb_bool(&text),
        ValueType::GoBool => parse_go_bool(spec, &text),
        ValueType::TrueFalse => parse_true_false(spec, &text),
        ValueType::Int(range) => parse_int(spec, range, &text),
        ValueType::Enum {
            values,
            case_sensitive,
        } => parse_enum(spec, values, case_sensitive, &text),
        // Free text: the controller passes it on, and whatever checks exist are ALB's.
        ValueType::String => Parsed::ok(Value::Str(text)),
        ValueType::UrlPath { max_len } => parse_url_path(spec, max_len, text),
        ValueType::RewriteTarget => parse_rewrite_target(spec, text),
        ValueType::RegexSwitch => parse_regex_switch(text),
        ValueType::Pattern {
            regex,
            syntax,
            strip_spaces,
        } => parse_pattern(spec, regex, syntax, strip_spaces, text),
        ValueType::CommaList { allowed } => parse_comma_list(spec, allowed, &text),
        ValueType::HealthCheckCodes => parse_health_check_codes(spec, &text),
        ValueType::ListenPorts => parse_listen_ports(&text),
        ValueType::Conditions => custom::parse_conditions(&text),
        ValueType::Actions => custom::parse_actions(&text),
    }
}

/// `GetStringAnnotation`'s normalisation: every line trimmed, lines kept.
fn trim_lines(raw: &str) -> String {
    let lines: Vec<&str> = raw.split('\n').map(str::trim).collect();
    lines.join("\n")
}

/// The default of `spec` as a value; `Unset` when it has none.
pub(super) fn default_value(spec: &AnnotationSpec) -> Value {
    let Some(default) = spec.default else {
        return Value::Unset;
    };
    match spec.value {
        ValueType::Bool | ValueType::GoBool | ValueType::TrueFalse => {
            Value::Bool(default == "true")
        }
        ValueType::Int(_) => default.parse().map_or(Value::Unset, Value::Int),
        ValueType::CommaList { .. } => Value::List(split_trimmed(default)),
        ValueType::HealthCheckCodes => Value::List(default.split(',').map(str::to_owned).collect()),
        _ => Value::Str(default.to_owned()),
    }
}

/// Quotes a value for a message, keeping invisible whitespace visible.
pub(crate) fn quote(value: &str) -> String {
    format!("`{}`", value.escape_debug())
}

fn parse_alb_bool(text: &str) -> Parsed {
    if text == "true" {
        return Parsed::ok(Value::Bool(true));
    }
    let mut parsed = Parsed::ok(Value::Bool(false));
    if text == "false" {
        return parsed;
    }
    let folded = text.trim().to_ascii_lowercase();
    let looks_true = matches!(
        folded.as_str(),
        "true" | "1" | "yes" | "y" | "on" | "t" | "enabled"
    );
    let looks_false = matches!(
        folded.as_str(),
        "false" | "0" | "no" | "n" | "off" | "f" | "disabled"
    );
    if looks_false {
        // Read as false, meant as false: nothing to report.
        return parsed;
    }
    let problem = if looks_true {
        ValueProblem::new(
            ProblemKind::NotExactTrue,
            InvalidEffect::Ignored,
            format!(
                "{} is not exactly `true`, so the controller reads it as false",
                quote(text)
            ),
        )
        .with_help("write \"true\"; the controller compares the exact string")
    } else {
        ValueProblem::new(
            ProblemKind::NotExactTrue,
            InvalidEffect::Ignored,
            format!(
                "{} is not `true`, so the controller reads it as false",
                quote(text)
            ),
        )
        .with_help("write \"true\" or \"false\"")
    };
    parsed.problems.push(problem);
    parsed
}

fn parse_go_bool(spec: &AnnotationSpec, text: &str) -> Parsed {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Parsed::ok(Value::Bool(true)),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Parsed::ok(Value::Bool(false)),
        _ => Parsed {
            value: default_value(spec),
            problems: vec![
                ValueProblem::new(
                    ProblemKind::NotTrueOrFalse,
                    spec.on_invalid,
                    format!("{} is not a boolean{}", quote(text), effective_after(spec)),
                )
                .with_help("write \"true\" or \"false\""),
            ],
        },
    }
}

fn parse_true_false(spec: &AnnotationSpec, text: &str) -> Parsed {
    match text {
        "true" => Parsed::ok(Value::Bool(true)),
        "false" => Parsed::ok(Value::Bool(false)),
        _ => {
            let default = spec.default.unwrap_or("false");
            Parsed {
                value: default_value(spec),
                problems: vec![
                    ValueProblem::new(
                        ProblemKind::NotTrueOrFalse,
                        spec.on_invalid,
                        format!(
                            "{} is neither `true` nor `false`; the controller logs a warning and \
                             keeps `{default}`",
                            quote(text)
                        ),
                    )
                    .with_help("write \"true\" or \"false\" in lower case"),
                ],
            }
        }
    }
}

/// Go's `strconv.Atoi`/`ParseInt(s, 10, 64)`: optional sign, ASCII digits, nothing else
/// (no spaces, no `_`, no `0x`). Rust's `i64::from_str` accepts exactly that.
pub(crate) fn go_atoi(text: &str) -> Option<i64> {
    text.parse().ok()
}

fn parse_int(spec: &AnnotationSpec, range: IntRange, text: &str) -> Parsed {
    let Some(n) = go_atoi(text) else {
        let value = match range.not_int_reads_as {
            Some(zero) => Value::Int(zero),
            None if range.not_int == InvalidEffect::Ignored
                || range.not_int == InvalidEffect::IgnoredWithLog =>
            {
                default_value(spec)
            }
            None => Value::Unset,
        };
        let outcome = match (range.not_int, range.not_int_reads_as, spec.default) {
            (_, Some(zero), _) => format!("; the controller reads it as {zero}"),
            (InvalidEffect::GroupError, ..) => " and the AlbConfig's model build fails".to_owned(),
            (InvalidEffect::Ignored | InvalidEffect::IgnoredWithLog, None, Some(default)) => {
                format!("; the controller uses the default {default}")
            }
            (InvalidEffect::Ignored | InvalidEffect::IgnoredWithLog, None, None) => {
                "; the controller ignores it".to_owned()
            }
            (InvalidEffect::RejectedByApi, ..) => {
                format!(
                    "; the controller passes it on and {} rejects it",
                    spec.dialect.api()
                )
            }
            (InvalidEffect::IngressRejected, ..) => {
                format!(
                    " and {} rejects the whole Ingress",
                    spec.dialect.controller()
                )
            }
            _ => String::new(),
        };
        let mut problem = ValueProblem::new(
            ProblemKind::NotAnInteger,
            range.not_int,
            format!("{} is not an integer{outcome}", quote(text)),
        );
        if let Some(trimmed) = go_atoi(text.trim()) {
            problem = problem.with_help(format!(
                "remove the spaces: \"{trimmed}\" (the controller does not trim this value)"
            ));
        } else {
            problem = problem.with_help(format!("write an integer {}", range.describe()));
        }
        return Parsed {
            value,
            problems: vec![problem],
        };
    };
    let mut parsed = Parsed::ok(Value::Int(n));
    let effect = if n < range.min {
        Some(range.below_min)
    } else if n > range.max {
        Some(range.above_max)
    } else {
        None
    };
    if let Some(effect) = effect {
        // A value the controller silently replaces (ingress-nginx's redirect codes outside
        // 300–308 become 301) reads as that default.
        let mut outcome = String::new();
        if let (InvalidEffect::Ignored | InvalidEffect::IgnoredWithLog, Some(default)) =
            (effect, spec.default)
        {
            parsed.value = default_value(spec);
            outcome = format!("; the controller uses {default} instead");
        }
        parsed.problems.push(
            ValueProblem::new(
                ProblemKind::OutOfRange,
                effect,
                format!("`{n}` is out of range {}{outcome}", range.describe()),
            )
            .with_help(format!("use an integer {}", range.describe())),
        );
    }
    parsed
}

fn parse_enum(
    spec: &AnnotationSpec,
    values: &'static [&'static str],
    case_sensitive: bool,
    text: &str,
) -> Parsed {
    if values.contains(&text) {
        return Parsed::ok(Value::Str(text.to_owned()));
    }
    let folded = values.iter().find(|v| v.eq_ignore_ascii_case(text.trim()));
    if let Some(canonical) = folded
        && !case_sensitive
    {
        return Parsed::ok(Value::Str((*canonical).to_owned()));
    }
    // A value the controller rejects silently, falling back to the very value it names, does
    // what its author meant: `backend-protocol: HTTP` is not `http`, but every value other
    // than `https` and `grpc` gives http anyway.
    if let Some(canonical) = folded
        && matches!(
            spec.on_invalid,
            InvalidEffect::Ignored | InvalidEffect::IgnoredWithLog
        )
        && spec.default == Some(*canonical)
    {
        return Parsed::ok(Value::Str((*canonical).to_owned()));
    }
    let effective = effective_after(spec);
    let (kind, message, help) = match folded {
        _ if text.is_empty() => (
            ProblemKind::Empty,
            format!(
                "the value is empty, which is not one of {}{effective}",
                values.join(", ")
            ),
            format!("use one of {}, or remove the annotation", values.join(", ")),
        ),
        Some(canonical) if canonical.eq_ignore_ascii_case(text) => (
            ProblemKind::WrongCase,
            format!(
                "{} is not `{canonical}`: the value is case-sensitive{effective}",
                quote(text)
            ),
            format!("write \"{canonical}\""),
        ),
        Some(canonical) => (
            ProblemKind::StraySpace,
            format!(
                "{} has surrounding spaces the controller keeps{effective}",
                quote(text)
            ),
            format!("write \"{canonical}\""),
        ),
        None => {
            let mut help = format!("use one of {}", values.join(", "));
            if let Some(close) = closest(text, values) {
                help = format!("did you mean \"{close}\"? ({help})");
            }
            (
                ProblemKind::NotAllowed,
                format!(
                    "{} is not one of {}{effective}",
                    quote(text),
                    values.join(", ")
                ),
                help,
            )
        }
    };
    let value = match spec.on_invalid {
        InvalidEffect::Ignored | InvalidEffect::IgnoredWithLog => default_value(spec),
        InvalidEffect::RejectedByApi | InvalidEffect::Misinterpreted => Value::Str(text.to_owned()),
        _ => Value::Unset,
    };
    Parsed {
        value,
        problems: vec![ValueProblem::new(kind, spec.on_invalid, message).with_help(help)],
    }
}

/// ", so the controller silently treats it as http" and the like, from the row's effect.
fn effective_after(spec: &AnnotationSpec) -> String {
    match (spec.on_invalid, spec.default) {
        (InvalidEffect::Ignored, Some(default)) => {
            format!(", so the controller silently treats it as {default}")
        }
        (InvalidEffect::Ignored, None) => ", so the controller ignores it".to_owned(),
        (InvalidEffect::IgnoredWithLog, Some(default)) => {
            format!(", so the controller logs a warning and uses {default}")
        }
        (InvalidEffect::IgnoredWithLog, None) => {
            ", so the controller logs a warning and ignores it".to_owned()
        }
        (InvalidEffect::IngressRejected, _) => {
            format!("; {} rejects the whole Ingress", spec.dialect.controller())
        }
        (InvalidEffect::GroupError, _) => {
            "; the controller fails to build the AlbConfig's model".to_owned()
        }
        (InvalidEffect::RejectedByApi, _) => {
            format!(
                "; the controller passes it on verbatim, and {} is expected to reject it",
                spec.dialect.api()
            )
        }
        _ => String::new(),
    }
}

fn parse_url_path(spec: &AnnotationSpec, max_len: usize, text: String) -> Parsed {
    let mut problems = Vec::new();
    let len = text.chars().count();
    if !text.starts_with('/') {
        problems.push(
            ValueProblem::new(
                ProblemKind::Malformed,
                spec.on_invalid,
                format!("{} does not start with `/`", quote(&text)),
            )
            .with_help(format!(
                "write a path such as \"/{}\"",
                text.trim().trim_start_matches('/')
            )),
        );
    }
    if len > max_len {
        problems.push(ValueProblem::new(
            ProblemKind::Malformed,
            spec.on_invalid,
            format!("the path is {len} characters long; at most {max_len} are allowed"),
        ));
    }
    if text.chars().any(char::is_whitespace) {
        problems.push(ValueProblem::new(
            ProblemKind::StraySpace,
            spec.on_invalid,
            format!(
                "{} contains whitespace, which a URL path cannot",
                quote(&text)
            ),
        ));
    }
    Parsed {
        value: Value::Str(text),
        problems,
    }
}

fn parse_rewrite_target(spec: &AnnotationSpec, text: String) -> Parsed {
    let mut problems = Vec::new();
    if !text.starts_with('/') {
        problems.push(
            ValueProblem::new(
                ProblemKind::Malformed,
                spec.on_invalid,
                format!("{} does not start with `/`", quote(&text)),
            )
            .with_help("the ALB rewrite path must start with /"),
        );
    }
    let len = text.chars().count();
    if len > 128 {
        problems.push(ValueProblem::new(
            ProblemKind::Malformed,
            spec.on_invalid,
            format!("the rewrite path is {len} characters long; ALB allows at most 128"),
        ));
    }
    let mut bad = String::new();
    for reference in capture_references(&text) {
        if !(1..=3).contains(&reference) {
            let _ = write!(
                bad,
                "{}${{{reference}}}",
                if bad.is_empty() { "" } else { ", " }
            );
        }
    }
    if !bad.is_empty() {
        problems.push(
            ValueProblem::new(
                ProblemKind::Malformed,
                spec.on_invalid,
                format!("{bad} is not a capture reference ALB supports"),
            )
            .with_help("ALB supports ${1}, ${2} and ${3} only"),
        );
    }
    Parsed {
        value: Value::Str(text),
        problems,
    }
}

/// The numbers in `${n}` references of a rewrite target.
pub(crate) fn capture_references(text: &str) -> Vec<u64> {
    let mut refs = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('}') else { break };
        if let Ok(n) = rest[..end].parse::<u64>() {
            refs.push(n);
        }
        rest = &rest[end + 1..];
    }
    refs
}

fn parse_regex_switch(text: String) -> Parsed {
    let mut parsed = Parsed::ok(Value::Str(text.clone()));
    if text != "true" {
        parsed.problems.push(
            ValueProblem::new(
                ProblemKind::Misleading,
                InvalidEffect::Misinterpreted,
                format!(
                    "{} still enables regex mode: the controller only checks that the annotation \
                     is present and differs from the path",
                    quote(&text)
                ),
            )
            .with_help("remove the annotation to turn regex mode off"),
        );
    }
    parsed
}

/// ingress-nginx's `ValidateRegex`: the value (without spaces when `strip_spaces`) must match
/// `regex` and contain no line break. A value that fails is ignored, with the default in its
/// place, or refuses the Ingress, by the row's `on_invalid`.
fn parse_pattern(
    spec: &AnnotationSpec,
    regex: &str,
    syntax: &str,
    strip_spaces: bool,
    text: String,
) -> Parsed {
    let checked = if strip_spaces {
        text.replace(' ', "")
    } else {
        text.clone()
    };
    let matches = regex::Regex::new(regex).is_ok_and(|re| re.is_match(&checked));
    if matches && !checked.contains(['\r', '\n']) {
        return Parsed::ok(Value::Str(text));
    }
    let value = match spec.on_invalid {
        InvalidEffect::Ignored | InvalidEffect::IgnoredWithLog => default_value(spec),
        InvalidEffect::IngressRejected => Value::Unset,
        _ => Value::Str(text.clone()),
    };
    let kind = if !strip_spaces && checked.trim() != checked {
        ProblemKind::StraySpace
    } else {
        ProblemKind::Malformed
    };
    Parsed {
        value,
        problems: vec![
            ValueProblem::new(
                kind,
                spec.on_invalid,
                format!(
                    "{} fails {}'s check ({syntax}){}",
                    quote(&text),
                    spec.dialect.controller(),
                    effective_after(spec)
                ),
            )
            .with_help(format!("allowed: {syntax}")),
        ],
    }
}

/// `splitAndTrim` of the CORS code: split on `,`, trim spaces, keep empty items.
fn split_trimmed(text: &str) -> Vec<String> {
    text.split(',')
        .map(|item| item.trim_matches(' ').to_owned())
        .collect()
}

fn parse_comma_list(
    spec: &AnnotationSpec,
    allowed: Option<&'static [&'static str]>,
    text: &str,
) -> Parsed {
    let items = split_trimmed(text);
    let mut problems = Vec::new();
    if items.iter().any(String::is_empty) {
        problems.push(
            ValueProblem::new(
                ProblemKind::Malformed,
                InvalidEffect::RejectedByApi,
                format!(
                    "{} has an empty item; the controller sends it as an empty string",
                    quote(text)
                ),
            )
            .with_help("remove the extra comma"),
        );
    }
    if let Some(allowed) = allowed {
        for item in items.iter().filter(|i| !i.is_empty()) {
            if !allowed.iter().any(|a| a.eq_ignore_ascii_case(item)) {
                problems.push(
                    ValueProblem::new(
                        ProblemKind::NotAllowed,
                        spec.on_invalid,
                        format!("{} is not one of {}", quote(item), allowed.join(", ")),
                    )
                    .with_help(format!("use items from {}", allowed.join(", "))),
                );
            }
        }
    }
    Parsed {
        value: Value::List(items),
        problems,
    }
}

fn parse_health_check_codes(spec: &AnnotationSpec, text: &str) -> Parsed {
    // Split exactly like the controller: no trimming, so "http_2xx, http_3xx" sends " http_3xx".
    let items: Vec<String> = text.split(',').map(str::to_owned).collect();
    let mut problems = Vec::new();
    for item in &items {
        let trimmed = item.trim();
        let known = HTTP_CODE_CLASSES.contains(&trimmed) || is_grpc_code_range(trimmed);
        if trimmed != item {
            problems.push(
                ValueProblem::new(
                    ProblemKind::StraySpace,
                    spec.on_invalid,
                    format!(
                        "{} keeps its spaces: the controller splits this list on `,` without trimming",
                        quote(item)
                    ),
                )
                .with_help(format!("write the list without spaces: \"{}\"", compact_list(text))),
            );
        } else if !known {
            let mut problem = ValueProblem::new(
                ProblemKind::NotAllowed,
                spec.on_invalid,
                format!(
                    "{} is not one of {}",
                    quote(item),
                    HTTP_CODE_CLASSES.join(", ")
                ),
            );
            if let Some(close) = closest(item, HTTP_CODE_CLASSES) {
                problem = problem.with_help(format!("did you mean \"{close}\"?"));
            }
            problems.push(problem);
        }
    }
    Parsed {
        value: Value::List(items),
        problems,
    }
}

fn compact_list(text: &str) -> String {
    text.split(',').map(str::trim).collect::<Vec<_>>().join(",")
}

/// gRPC health-check codes: `0`–`99` or a range `a-b` within it.
fn is_grpc_code_range(item: &str) -> bool {
    let in_range = |s: &str| s.parse::<u8>().is_ok_and(|n| n <= 99);
    match item.split_once('-') {
        Some((a, b)) => in_range(a) && in_range(b),
        None => in_range(item),
    }
}

fn group_error(kind: ProblemKind, message: impl Into<String>) -> ValueProblem {
    ValueProblem::new(kind, InvalidEffect::GroupError, message)
}

/// `listen-ports`, decoded like the controller's `json.Unmarshal` into
/// `[]map[string]int32` followed by its checks. Every failure is a group error.
fn parse_listen_ports(text: &str) -> Parsed {
    const EXAMPLE: &str = "write it as [{\"HTTP\": 80}, {\"HTTPS\": 443}]";
    let failed = |problem: ValueProblem| Parsed {
        value: Value::Unset,
        problems: vec![problem],
    };
    let json: serde_json::Value = match serde_json::from_str(text) {
        Ok(json) => json,
        Err(err) => {
            return failed(
                group_error(
                    ProblemKind::InvalidJson,
                    format!("listen-ports is not valid JSON: {err}"),
                )
                .with_help(EXAMPLE),
            );
        }
    };
    let entries = match &json {
        serde_json::Value::Array(entries) => entries.as_slice(),
        serde_json::Value::Null => &[],
        other => {
            return failed(
                group_error(
                    ProblemKind::JsonShape,
                    format!(
                        "listen-ports must be a JSON array, not {}",
                        custom::json_kind(other)
                    ),
                )
                .with_help(EXAMPLE),
            );
        }
    };
    if entries.is_empty() {
        return failed(
            group_error(
                ProblemKind::JsonShape,
                "listen-ports is empty; the controller rejects an empty list",
            )
            .with_help(format!("{EXAMPLE}, or remove the annotation")),
        );
    }
    let mut ports = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let object = match entry {
            serde_json::Value::Object(object) => object,
            serde_json::Value::Null => continue,
            other => {
                return failed(
                    group_error(
                        ProblemKind::JsonShape,
                        format!(
                            "listen-ports entry [{index}] must be an object like {{\"HTTP\": 80}}, not {}",
                            custom::json_kind(other)
                        ),
                    )
                    .with_help(EXAMPLE),
                );
            }
        };
        for (name, port) in object {
            // Go decodes into int32 first: a port that is not a whole number fails the
            // Unmarshal before any range check.
            let Some(port) = port.as_i64().filter(|p| i32::try_from(*p).is_ok()) else {
                let help = match port.as_str().and_then(|s| s.parse::<u16>().ok()) {
                    Some(n) => format!("write the port as a number: {{\"{name}\": {n}}}"),
                    None => EXAMPLE.to_owned(),
                };
                return failed(
                    group_error(
                        ProblemKind::JsonShape,
                        format!(
                            "listen-ports port for `{name}` must be a JSON integer, not {port}"
                        ),
                    )
                    .with_help(help),
                );
            };
            let Some(port) = u16::try_from(port).ok().filter(|p| *p >= 1) else {
                return failed(
                    group_error(
                        ProblemKind::OutOfRange,
                        format!("listen-ports port `{port}` is out of range 1–65535"),
                    )
                    .with_help("use a port 1–65535 that the AlbConfig has a listener for"),
                );
            };
            let Some(protocol) = ListenProtocol::parse(name) else {
                let help = match ListenProtocol::parse(&name.to_ascii_uppercase()) {
                    Some(p) => format!("protocols are upper case: {{\"{}\": {port}}}", p.as_str()),
                    None => "use HTTP, HTTPS or QUIC".to_owned(),
                };
                return failed(
                    group_error(
                        ProblemKind::NotAllowed,
                        format!("listen-ports protocol `{name}` is not one of HTTP, HTTPS, QUIC"),
                    )
                    .with_help(help),
                );
            };
            ports.push(ListenPort { protocol, port });
        }
    }
    Parsed::ok(Value::ListenPorts(ports))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::find;

    fn parse(name: &str, raw: &str) -> Parsed {
        find(name).unwrap().parse(raw)
    }

    fn first(parsed: &Parsed) -> (&ProblemKind, InvalidEffect, &str) {
        let problem = parsed.problem().expect("a problem");
        (&problem.kind, problem.effect, problem.message.as_str())
    }

    #[test]
    fn booleans_are_the_exact_string_true() {
        assert_eq!(parse("canary", "true"), Parsed::ok(Value::Bool(true)));
        assert_eq!(parse("canary", "false"), Parsed::ok(Value::Bool(false)));
        assert_eq!(parse("canary", "False"), Parsed::ok(Value::Bool(false)));

        let upper = parse("ssl-redirect", "True");
        assert_eq!(upper.value, Value::Bool(false));
        assert_eq!(
            first(&upper),
            (
                &ProblemKind::NotExactTrue,
                InvalidEffect::Ignored,
                "`True` is not exactly `true`, so the controller reads it as false"
            )
        );
        assert_eq!(parse("healthcheck-enabled", "1").value, Value::Bool(false));
        assert_eq!(parse("healthcheck-enabled", "yes").problems.len(), 1);
        assert_eq!(parse("sticky-session", "enabled").problems.len(), 1);
    }

    #[test]
    fn trimming_depends_on_how_the_key_is_read() {
        // enable-cors goes through GetStringAnnotation (trimmed), ssl-redirect does not.
        assert_eq!(
            parse("enable-cors", " true "),
            Parsed::ok(Value::Bool(true))
        );
        // Trimmed per line, as Go's normalizeString does: a block scalar's final newline stays.
        assert_eq!(parse("enable-cors", "true\n").value, Value::Bool(false));
        let padded = parse("ssl-redirect", " true");
        assert_eq!(padded.value, Value::Bool(false));
        assert_eq!(padded.problems.len(), 1);
        assert_eq!(parse("enable-cors", "  "), Parsed::ok(Value::Unset));
    }

    #[test]
    fn go_booleans_accept_what_parse_bool_accepts() {
        let spec = "nginx.ingress.kubernetes.io/session-cookie-secure";
        assert_eq!(parse(spec, "True").value, Value::Bool(true));
        assert_eq!(parse(spec, "0").value, Value::Bool(false));
        assert_eq!(first(&parse(spec, "yes")).0, &ProblemKind::NotTrueOrFalse);
    }

    #[test]
    fn cors_allow_credentials_warns_and_keeps_true() {
        let parsed = parse("cors-allow-credentials", "True");
        assert_eq!(parsed.value, Value::Bool(true));
        assert_eq!(first(&parsed).1, InvalidEffect::IgnoredWithLog);
        assert_eq!(
            parse("cors-allow-credentials", "false"),
            Parsed::ok(Value::Bool(false))
        );
    }

    #[test]
    fn nginx_messages_name_the_outcome() {
        let nginx =
            |name: &str, raw: &str| parse(&format!("nginx.ingress.kubernetes.io/{name}"), raw);

        let target = nginx("rewrite-target", "/${1}");
        assert_eq!(target.value, Value::Unset);
        assert_eq!(
            first(&target),
            (
                &ProblemKind::Malformed,
                InvalidEffect::IgnoredWithLog,
                "`/${1}` fails ingress-nginx's check (a path of letters, digits and `-._~/:$`, \
                 captures written `$1`), so the controller logs a warning and ignores it"
            )
        );
        let spaced = nginx("app-root", "/app ");
        assert_eq!(first(&spaced).0, &ProblemKind::StraySpace);

        let rps = nginx("limit-rps", "10r/s");
        assert_eq!(rps.value, Value::Unset);
        assert_eq!(
            first(&rps),
            (
                &ProblemKind::NotAnInteger,
                InvalidEffect::IngressRejected,
                "`10r/s` is not an integer and ingress-nginx rejects the whole Ingress"
            )
        );
        let code = nginx("permanent-redirect-code", "200");
        assert_eq!(code.value, Value::Int(301));
        assert_eq!(
            first(&code),
            (
                &ProblemKind::OutOfRange,
                InvalidEffect::Ignored,
                "`200` is out of range 300–308; the controller uses 301 instead"
            )
        );
        let balance = nginx("load-balance", "EWMA");
        assert_eq!(balance.value, Value::Unset);
        assert_eq!(
            first(&balance),
            (
                &ProblemKind::WrongCase,
                InvalidEffect::IngressRejected,
                "`EWMA` is not `ewma`: the value is case-sensitive; ingress-nginx rejects the \
                 whole Ingress"
            )
        );
        let protocol = nginx("backend-protocol", "h2");
        assert_eq!(protocol.value, Value::Str("HTTP".to_owned()));
        assert_eq!(
            first(&protocol).2,
            "`h2` is not one of HTTP, HTTPS, AUTO_HTTP, GRPC, GRPCS, FCGI, so the controller \
             logs a warning and uses HTTP"
        );
    }

    #[test]
    fn integers_report_range_and_fallbacks() {
        assert_eq!(parse("canary-weight", "50"), Parsed::ok(Value::Int(50)));
        let high = parse("canary-weight", "150");
        assert_eq!(high.value, Value::Int(150));
        assert_eq!(
            first(&high),
            (
                &ProblemKind::OutOfRange,
                InvalidEffect::RejectedByApi,
                "`150` is out of range 0–100"
            )
        );
        let word = parse("canary-weight", "half");
        assert_eq!(word.value, Value::Int(0));
        assert_eq!(
            first(&word),
            (
                &ProblemKind::NotAnInteger,
                InvalidEffect::Ignored,
                "`half` is not an integer; the controller reads it as 0"
            )
        );

        let timeout = parse("healthcheck-timeout-seconds", " 5");
        assert_eq!(timeout.value, Value::Int(5));
        let problem = timeout.problem().unwrap();
        assert_eq!(
            problem.message,
            "` 5` is not an integer; the controller uses the default 5"
        );
        assert_eq!(
            problem.help.as_deref(),
            Some("remove the spaces: \"5\" (the controller does not trim this value)")
        );

        let order = parse("order", "0");
        assert_eq!(first(&order).1, InvalidEffect::GroupError);
        assert_eq!(first(&parse("order", "first")).1, InvalidEffect::GroupError);
        assert_eq!(parse("order", "+7"), Parsed::ok(Value::Int(7)));

        let qps = parse("traffic-limit-qps", "0");
        assert_eq!(first(&qps).1, InvalidEffect::GroupError);
        assert_eq!(
            first(&parse("traffic-limit-qps", "200000")).1,
            InvalidEffect::RejectedByApi
        );

        let max_age = parse("cors-max-age", "1728000");
        assert_eq!(first(&max_age).2, "`1728000` is out of range -1 to 172800");
        assert_eq!(parse("cors-max-age", "-1"), Parsed::ok(Value::Int(-1)));
    }

    #[test]
    fn enums_distinguish_case_mistakes() {
        let protocol = parse("backend-protocol", "HTTPS");
        assert_eq!(protocol.value, Value::Str("http".into()));
        let problem = protocol.problem().unwrap();
        assert_eq!(problem.kind, ProblemKind::WrongCase);
        assert_eq!(problem.effect, InvalidEffect::Ignored);
        assert_eq!(
            problem.message,
            "`HTTPS` is not `https`: the value is case-sensitive, so the controller silently \
             treats it as http"
        );
        assert_eq!(problem.help.as_deref(), Some("write \"https\""));
        assert_eq!(
            first(&parse("backend-protocol", "GRPC")).0,
            &ProblemKind::WrongCase
        );

        // Every value but `https` and `grpc` gives http, so `HTTP` does what it says.
        for meant in ["HTTP", "Http", " http"] {
            assert_eq!(
                parse("backend-protocol", meant),
                Parsed::ok(Value::Str("http".into())),
                "{meant:?}"
            );
        }

        let scheduler = parse("backend-scheduler", "WRR");
        assert_eq!(scheduler.value, Value::Unset);
        assert_eq!(first(&scheduler).0, &ProblemKind::WrongCase);
        assert_eq!(first(&scheduler).1, InvalidEffect::GroupError);

        let typo = parse("backend-scheduler", "wrrr");
        assert_eq!(first(&typo).0, &ProblemKind::NotAllowed);
        assert_eq!(
            typo.problem().unwrap().help.as_deref(),
            Some("did you mean \"wrr\"? (use one of wrr, wlc, sch, uch)")
        );
        assert_eq!(
            parse("backend-scheduler", "uch"),
            Parsed::ok(Value::Str("uch".into()))
        );

        // An empty verbatim value is a value: the scheduler switch rejects it.
        let empty = parse("backend-scheduler", "");
        assert_eq!(first(&empty).0, &ProblemKind::Empty);
        assert_eq!(first(&empty).1, InvalidEffect::GroupError);
        assert_eq!(
            first(&empty).2,
            "the value is empty, which is not one of wrr, wlc, sch, uch; the controller fails to \
             build the AlbConfig's model"
        );
        assert_eq!(
            first(&parse("rule-direction.web", "request")).1,
            InvalidEffect::GroupError
        );
        assert_eq!(
            first(&parse("sticky-session-type", "insert")).1,
            InvalidEffect::RejectedByApi
        );
    }

    #[test]
    fn use_regex_is_kept_raw_and_false_is_flagged() {
        assert_eq!(
            parse("use-regex", "true"),
            Parsed::ok(Value::Str("true".into()))
        );
        let off = parse("use-regex", "false");
        assert_eq!(off.value, Value::Str("false".into()));
        assert_eq!(first(&off).0, &ProblemKind::Misleading);
        assert_eq!(first(&off).1, InvalidEffect::Misinterpreted);
        assert_eq!(parse("use-regex", "  "), Parsed::ok(Value::Unset));
    }

    #[test]
    fn rewrite_target_checks_capture_references() {
        assert!(parse("rewrite-target", "/path/${2}").problems.is_empty());
        let four = parse("rewrite-target", "/${1}/${4}");
        assert_eq!(
            first(&four).2,
            "${4} is not a capture reference ALB supports"
        );
        assert_eq!(
            first(&parse("rewrite-target", "path")).0,
            &ProblemKind::Malformed
        );
    }

    #[test]
    fn health_check_codes_are_split_without_trimming() {
        assert_eq!(
            parse("healthcheck-httpcode", "http_2xx,http_3xx"),
            Parsed::ok(Value::List(vec!["http_2xx".into(), "http_3xx".into()]))
        );
        let spaced = parse("healthcheck-httpcode", "http_2xx, http_3xx");
        assert_eq!(
            spaced.value,
            Value::List(vec!["http_2xx".into(), " http_3xx".into()])
        );
        assert_eq!(first(&spaced).0, &ProblemKind::StraySpace);
        assert_eq!(
            spaced.problem().unwrap().help.as_deref(),
            Some("write the list without spaces: \"http_2xx,http_3xx\"")
        );
        assert!(parse("healthcheck-httpcode", "0-99").problems.is_empty());
        assert_eq!(
            first(&parse("healthcheck-httpcode", "200")).0,
            &ProblemKind::NotAllowed
        );
    }

    #[test]
    fn comma_lists_are_trimmed() {
        assert_eq!(
            parse("cors-allow-methods", "GET, post"),
            Parsed::ok(Value::List(vec!["GET".into(), "post".into()]))
        );
        assert_eq!(
            first(&parse("cors-allow-methods", "GET,FETCH")).0,
            &ProblemKind::NotAllowed
        );
        let origin = find("cors-allow-origin").unwrap();
        assert_eq!(
            origin.parse(""),
            Parsed::ok(Value::Unset),
            "empty counts as not set"
        );
        assert_eq!(origin.default_value(), Value::List(vec!["*".into()]));
    }

    #[test]
    fn listen_ports_accepts_the_documented_form() {
        assert_eq!(
            parse("listen-ports", r#"[{"HTTP":80},{"HTTPS":443}]"#),
            Parsed::ok(Value::ListenPorts(vec![
                ListenPort {
                    protocol: ListenProtocol::Http,
                    port: 80
                },
                ListenPort {
                    protocol: ListenProtocol::Https,
                    port: 443
                },
            ]))
        );
        assert_eq!(
            parse("listen-ports", "[{\"QUIC\": 443}]\n").value,
            Value::ListenPorts(vec![ListenPort {
                protocol: ListenProtocol::Quic,
                port: 443
            }])
        );
    }

    #[test]
    fn listen_ports_problems_are_group_errors() {
        let cases = [
            (
                r#"[{"http":80}]"#,
                "listen-ports protocol `http` is not one of HTTP, HTTPS, QUIC",
            ),
            (
                "[]",
                "listen-ports is empty; the controller rejects an empty list",
            ),
            (
                r#"[{"HTTPS":"443"}]"#,
                "listen-ports port for `HTTPS` must be a JSON integer, not \"443\"",
            ),
            (
                r#"[{"HTTP":70000}]"#,
                "listen-ports port `70000` is out of range 1–65535",
            ),
            (
                r#"[{"HTTP":0}]"#,
                "listen-ports port `0` is out of range 1–65535",
            ),
            (
                r#"[{"HTTP":80.0}]"#,
                "listen-ports port for `HTTP` must be a JSON integer, not 80.0",
            ),
            (
                r#"{"HTTP":80}"#,
                "listen-ports must be a JSON array, not an object",
            ),
            (
                "[80]",
                "listen-ports entry [0] must be an object like {\"HTTP\": 80}, not a number",
            ),
        ];
        for (raw, message) in cases {
            let parsed = parse("listen-ports", raw);
            assert_eq!(parsed.value, Value::Unset, "{raw}");
            let problem = parsed.problem().unwrap();
            assert_eq!(problem.effect, InvalidEffect::GroupError, "{raw}");
            assert_eq!(problem.message, message, "{raw}");
        }
        let lower = parse("listen-ports", r#"[{"http":80}]"#);
        assert_eq!(
            lower.problem().unwrap().help.as_deref(),
            Some("protocols are upper case: {\"HTTP\": 80}")
        );
        let quoted = parse("listen-ports", r#"[{"HTTPS":"443"}]"#);
        assert_eq!(
            quoted.problem().unwrap().help.as_deref(),
            Some("write the port as a number: {\"HTTPS\": 443}")
        );
        let broken = parse("listen-ports", "[{HTTP:80}]");
        assert_eq!(first(&broken).0, &ProblemKind::InvalidJson);
        assert!(
            first(&broken)
                .2
                .starts_with("listen-ports is not valid JSON: key must be a string")
        );
    }
}
