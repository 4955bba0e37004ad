//! `conditions.<svc>` and `actions.<svc>`: JSON decoded the way the controller's Go code
//! decodes it.
//!
//! The controller unmarshals into structs with Go's `encoding/json`, which
//! - matches object keys to field names **case-insensitively** (`type`, `Type`, `TYPE`);
//! - drops keys that match no field, silently;
//! - leaves a field at its zero value for `null` or a missing key;
//! - fails the whole decode on a type mismatch (a string where an int goes), which the
//!   controller turns into a group error.
//!
//! [`GoObject`] reproduces that on a `serde_json::Value`, so the typed [`Condition`]s and
//! [`Action`]s here are what the controller would build, and every deviation becomes a
//! [`ValueProblem`] with the effect the controller's code gives it (semantics §2.6).

use serde_json::{Map, Value as Json};

use super::value::{Parsed, ProblemKind, Value, ValueProblem, go_atoi};
use super::{InvalidEffect, closest};

/// One entry of `conditions.<svc>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Merged (OR) with the rule's own host.
    Host {
        values: Vec<String>,
    },
    /// Merged (OR) with the rule's own path.
    Path {
        values: Vec<String>,
    },
    Method {
        values: Vec<String>,
    },
    SourceIp {
        values: Vec<String>,
    },
    ResponseStatusCode {
        values: Vec<String>,
    },
    Header {
        key: String,
        values: Vec<String>,
    },
    ResponseHeader {
        key: String,
        values: Vec<String>,
    },
    QueryString {
        values: Vec<(String, String)>,
    },
    Cookie {
        values: Vec<(String, String)>,
    },
}

impl Condition {
    /// The type as ALB spells it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Condition::Host { .. } => "Host",
            Condition::Path { .. } => "Path",
            Condition::Method { .. } => "Method",
            Condition::SourceIp { .. } => "SourceIp",
            Condition::ResponseStatusCode { .. } => "ResponseStatusCode",
            Condition::Header { .. } => "Header",
            Condition::ResponseHeader { .. } => "ResponseHeader",
            Condition::QueryString { .. } => "QueryString",
            Condition::Cookie { .. } => "Cookie",
        }
    }
}

/// One entry of `actions.<svc>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    ForwardGroup {
        server_groups: Vec<ServerGroupTarget>,
    },
    Redirect(RedirectAction),
    FixedResponse {
        content: String,
        content_type: String,
        http_code: String,
    },
    Rewrite {
        host: String,
        path: String,
        query: String,
    },
    InsertHeader {
        key: String,
        value: String,
        value_type: String,
        cover_enabled: bool,
    },
    RemoveHeader {
        key: String,
    },
    /// Limits per second; `None` when not given.
    TrafficLimit {
        qps: Option<i64>,
        qps_per_ip: Option<i64>,
    },
    /// A copy of each request goes to the mirror targets; responses are discarded.
    TrafficMirror {
        target_type: String,
        server_groups: Vec<ServerGroupTarget>,
    },
    Cors(CorsAction),
}

impl Action {
    /// The type as ALB spells it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Action::ForwardGroup { .. } => "ForwardGroup",
            Action::Redirect(_) => "Redirect",
            Action::FixedResponse { .. } => "FixedResponse",
            Action::Rewrite { .. } => "Rewrite",
            Action::InsertHeader { .. } => "InsertHeader",
            Action::RemoveHeader { .. } => "RemoveHeader",
            Action::TrafficLimit { .. } => "TrafficLimit",
            Action::TrafficMirror { .. } => "TrafficMirror",
            Action::Cors(_) => "Cors",
        }
    }

    /// Forward, redirect and fixed response end a rule; a rule must have exactly one.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Action::ForwardGroup { .. } | Action::Redirect(_) | Action::FixedResponse { .. }
        )
    }
}

/// A redirect as the controller sends it. Fields the annotation leaves out are **empty**,
/// not `${host}` etc.: the controller re-marshals the user's object over its defaults
/// without `omitempty`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RedirectAction {
    pub host: String,
    pub path: String,
    pub port: String,
    pub protocol: String,
    pub query: String,
    pub http_code: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CorsAction {
    pub allow_origin: Vec<String>,
    pub allow_methods: Vec<String>,
    pub allow_headers: Vec<String>,
    pub expose_headers: Vec<String>,
    /// `on` / `off` as ALB spells it.
    pub allow_credentials: String,
    pub max_age: String,
}

/// Where a forward or mirror sends requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerGroupTarget {
    pub target: ServerGroupRef,
    /// Missing reads as 0.
    pub weight: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerGroupRef {
    /// A Service in the Ingress's namespace; the controller creates its server group.
    Service { name: String, port: i64 },
    /// An existing ALB server group, used as is.
    Id(String),
}

// ---------------------------------------------------------------------------------------------
// Go-style decoding

/// "an object", "a string", ... for messages.
pub(crate) fn json_kind(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// Collects problems while decoding; `at` strings are JSON paths like `[0].HostConfig`.
#[derive(Default)]
struct Decoder {
    problems: Vec<ValueProblem>,
}

impl Decoder {
    /// Go's `UnmarshalTypeError`: the decode fails, and so does the model build.
    fn mismatch(&mut self, at: &str, expected: &str, found: &Json) {
        self.problems.push(
            ValueProblem::new(
                ProblemKind::JsonShape,
                InvalidEffect::GroupError,
                format!("`{at}` must be {expected}, not {}", json_kind(found)),
            )
            .with_help("the controller cannot decode it, so the AlbConfig's model build fails"),
        );
    }

    fn push(&mut self, problem: ValueProblem) {
        self.problems.push(problem);
    }
}

/// A JSON object seen as a Go struct with the given fields.
struct GoObject<'j> {
    /// `(field, value)` for keys that matched a field and are not null.
    fields: Vec<(&'static str, &'j Json)>,
    at: String,
}

impl<'j> GoObject<'j> {
    /// Decodes `json` as a struct with `fields`. `None` (after reporting) when it is not an
    /// object; `null` is an empty struct, as in Go.
    fn decode(
        json: &'j Json,
        fields: &[&'static str],
        at: String,
        d: &mut Decoder,
    ) -> Option<GoObject<'j>> {
        match json {
            Json::Object(map) => Some(GoObject::from_map(map, fields, at, d)),
            Json::Null => Some(GoObject {
                fields: Vec::new(),
                at,
            }),
            other => {
                d.mismatch(&at, "an object", other);
                None
            }
        }
    }

    fn from_map(
        map: &'j Map<String, Json>,
        fields: &[&'static str],
        at: String,
        d: &mut Decoder,
    ) -> GoObject<'j> {
        let mut matched: Vec<(&'static str, &'j str, &'j Json)> = Vec::new();
        for (key, value) in map {
            // Go prefers an exact match and falls back to a case-insensitive one.
            let field = fields
                .iter()
                .find(|f| **f == key)
                .or_else(|| fields.iter().find(|f| f.eq_ignore_ascii_case(key)));
            let Some(field) = field else {
                let mut problem = ValueProblem::new(
                    ProblemKind::UnknownField,
                    InvalidEffect::Ignored,
                    format!("`{at}.{key}` is not a field the controller reads; it is ignored"),
                );
                if let Some(close) = closest(key, fields) {
                    problem = problem.with_help(format!("did you mean `{close}`?"));
                }
                d.push(problem);
                continue;
            };
            if let Some((_, earlier, _)) = matched.iter().find(|(f, ..)| f == field) {
                // serde_json's map does not keep the text order Go would resolve this by.
                d.push(ValueProblem::new(
                    ProblemKind::JsonShape,
                    InvalidEffect::Misinterpreted,
                    format!(
                        "`{at}` sets `{field}` twice (`{earlier}` and `{key}`); Go's decoder keeps \
                         whichever comes last"
                    ),
                ));
            }
            matched.push((field, key, value));
        }
        let fields = matched
            .into_iter()
            .filter(|(.., value)| !value.is_null())
            .map(|(field, _, value)| (field, value))
            .collect();
        GoObject { fields, at }
    }

    fn get(&self, field: &str) -> Option<&'j Json> {
        self.fields
            .iter()
            .rev()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| *v)
    }

    fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    fn path(&self, field: &str) -> String {
        format!("{}.{field}", self.at)
    }

    fn string(&self, field: &str, d: &mut Decoder) -> String {
        match self.get(field) {
            None => String::new(),
            Some(Json::String(s)) => s.clone(),
            Some(other) => {
                d.mismatch(&self.path(field), "a string", other);
                String::new()
            }
        }
    }

    /// A Go `int`: a JSON number with no fraction or exponent.
    fn int(&self, field: &str, d: &mut Decoder) -> i64 {
        match self.get(field) {
            None => 0,
            Some(json) => json.as_i64().unwrap_or_else(|| {
                d.mismatch(&self.path(field), "an integer", json);
                0
            }),
        }
    }

    fn bool(&self, field: &str, d: &mut Decoder) -> bool {
        match self.get(field) {
            None => false,
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                d.mismatch(&self.path(field), "true or false", other);
                false
            }
        }
    }

    fn strings(&self, field: &str, d: &mut Decoder) -> Vec<String> {
        self.array(field, d)
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| match item {
                Json::String(s) => Some(s.clone()),
                Json::Null => Some(String::new()),
                other => {
                    d.mismatch(&format!("{}[{i}]", self.path(field)), "a string", other);
                    None
                }
            })
            .collect()
    }

    fn array(&self, field: &str, d: &mut Decoder) -> Vec<&'j Json> {
        match self.get(field) {
            None => Vec::new(),
            Some(Json::Array(items)) => items.iter().collect(),
            Some(other) => {
                d.mismatch(&self.path(field), "an array", other);
                Vec::new()
            }
        }
    }

    /// A nested struct; an empty one when missing.
    fn object(&self, field: &str, fields: &[&'static str], d: &mut Decoder) -> GoObject<'j> {
        let at = self.path(field);
        match self.get(field) {
            None => GoObject {
                fields: Vec::new(),
                at,
            },
            Some(json) => GoObject::decode(json, fields, at.clone(), d).unwrap_or(GoObject {
                fields: Vec::new(),
                at,
            }),
        }
    }
}

/// Decodes the top level: a JSON array (or `null`, an empty list) of objects.
fn top_level<'j>(text: &str, json: &'j Json, what: &str, d: &mut Decoder) -> Option<&'j [Json]> {
    match json {
        Json::Array(items) => Some(items),
        Json::Null => Some(&[]),
        other => {
            d.push(
                ValueProblem::new(
                    ProblemKind::JsonShape,
                    InvalidEffect::GroupError,
                    format!("{what} must be a JSON array, not {}", json_kind(other)),
                )
                .with_help(format!("wrap the object in [ ]: [{}]", text.trim())),
            );
            None
        }
    }
}

fn invalid_json(what: &str, err: &serde_json::Error) -> ValueProblem {
    ValueProblem::new(
        ProblemKind::InvalidJson,
        InvalidEffect::GroupError,
        format!("{what} is not valid JSON: {err}"),
    )
    .with_help("check quotes and brackets; a YAML block scalar (|) avoids quoting trouble")
}

fn finish(value: Value, d: Decoder) -> Parsed {
    let mut problems = d.problems;
    // The problems that stop the controller come first.
    problems.sort_by_key(|p| match p.effect {
        InvalidEffect::GroupError | InvalidEffect::ControllerPanic => 0,
        InvalidEffect::RejectedByApi => 1,
        _ => 2,
    });
    let stops = problems.iter().any(|p| {
        matches!(
            p.effect,
            InvalidEffect::GroupError | InvalidEffect::ControllerPanic
        )
    });
    Parsed {
        value: if stops { Value::Unset } else { value },
        problems,
    }
}

// ---------------------------------------------------------------------------------------------
// conditions.<svc>

const CONDITION_FIELDS: &[&str] = &[
    "Type",
    "CookieConfig",
    "HeaderConfig",
    "HostConfig",
    "MethodConfig",
    "PathConfig",
    "QueryStringConfig",
    "SourceIpConfig",
    "ResponseStatusCodeConfig",
    "ResponseHeaderConfig",
];
const CONDITION_TYPES: &[&str] = &[
    "Host",
    "Path",
    "Header",
    "QueryString",
    "Method",
    "Cookie",
    "SourceIp",
    "ResponseHeader",
    "ResponseStatusCode",
];
const VALUES: &[&str] = &["Values"];
const KEY_VALUES: &[&str] = &["Key", "Values"];
const KEY_VALUE: &[&str] = &["Key", "Value"];
const METHODS: &[&str] = &["HEAD", "GET", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"];

pub(super) fn parse_conditions(text: &str) -> Parsed {
    let json: Json = match serde_json::from_str(text) {
        Ok(json) => json,
        Err(err) => {
            return Parsed {
                value: Value::Unset,
                problems: vec![invalid_json("the conditions", &err)],
            };
        }
    };
    let mut d = Decoder::default();
    let mut conditions = Vec::new();
    if let Some(items) = top_level(text, &json, "the conditions", &mut d) {
        for (index, item) in items.iter().enumerate() {
            if let Some(condition) = parse_condition(item, index, &mut d) {
                conditions.push(condition);
            }
        }
    } else {
        return finish(Value::Unset, d);
    }
    finish(Value::Conditions(conditions), d)
}

fn parse_condition(json: &Json, index: usize, d: &mut Decoder) -> Option<Condition> {
    let problems_before = d.problems.len();
    let object = GoObject::decode(json, CONDITION_FIELDS, format!("[{index}]"), d)?;
    let type_name = object.string("Type", d);
    // The controller lower-cases the type before matching.
    let Some(kind) = CONDITION_TYPES
        .iter()
        .find(|t| t.eq_ignore_ascii_case(&type_name))
    else {
        d.push(unknown_type(
            "condition",
            index,
            &type_name,
            CONDITION_TYPES,
            InvalidEffect::GroupError,
        ));
        return None;
    };
    let config = |field: &str, fields: &[&'static str], d: &mut Decoder| {
        if !object.has(field) {
            let present: Vec<&str> = object
                .fields
                .iter()
                .map(|(f, _)| *f)
                .filter(|f| f.ends_with("Config"))
                .collect();
            let mut problem = ValueProblem::new(
                ProblemKind::JsonShape,
                InvalidEffect::RejectedByApi,
                format!(
                    "condition [{index}] is a {kind} condition but has no `{field}`, so it has no values"
                ),
            );
            if let Some(other) = present.first() {
                problem =
                    problem.with_help(format!("a {kind} condition reads `{field}`, not `{other}`"));
            }
            d.push(problem);
        }
        object.object(field, fields, d)
    };
    let condition = match *kind {
        "Host" => Condition::Host {
            values: config("HostConfig", VALUES, d).strings("Values", d),
        },
        "Path" => Condition::Path {
            values: config("PathConfig", VALUES, d).strings("Values", d),
        },
        "Method" => {
            let values = config("MethodConfig", VALUES, d).strings("Values", d);
            for method in values.iter().filter(|m| !METHODS.contains(&m.as_str())) {
                d.push(
                    ValueProblem::new(
                        ProblemKind::NotAllowed,
                        InvalidEffect::RejectedByApi,
                        format!(
                            "condition [{index}] method `{method}` is not one of {}",
                            METHODS.join(", ")
                        ),
                    )
                    .with_help("ALB methods are upper case"),
                );
            }
            Condition::Method { values }
        }
        "SourceIp" => Condition::SourceIp {
            values: config("SourceIpConfig", VALUES, d).strings("Values", d),
        },
        "ResponseStatusCode" => Condition::ResponseStatusCode {
            values: config("ResponseStatusCodeConfig", VALUES, d).strings("Values", d),
        },
        "Header" => {
            let c = config("HeaderConfig", KEY_VALUES, d);
            Condition::Header {
                key: c.string("Key", d),
                values: c.strings("Values", d),
            }
        }
        "ResponseHeader" => {
            let c = config("ResponseHeaderConfig", KEY_VALUES, d);
            Condition::ResponseHeader {
                key: c.string("Key", d),
                values: c.strings("Values", d),
            }
        }
        "QueryString" => Condition::QueryString {
            values: key_values(&config("QueryStringConfig", VALUES, d), d),
        },
        _ => Condition::Cookie {
            values: key_values(&config("CookieConfig", VALUES, d), d),
        },
    };
    let empty = match &condition {
        Condition::Host { values }
        | Condition::Path { values }
        | Condition::Method { values }
        | Condition::SourceIp { values }
        | Condition::ResponseStatusCode { values }
        | Condition::Header { values, .. }
        | Condition::ResponseHeader { values, .. } => values.is_empty(),
        Condition::QueryString { values } | Condition::Cookie { values } => values.is_empty(),
    };
    // Only worth saying when nothing else already explains the missing values.
    let decoded_cleanly = d.problems[problems_before..]
        .iter()
        .all(|p| p.kind == ProblemKind::UnknownField);
    if empty && decoded_cleanly {
        d.push(ValueProblem::new(
            ProblemKind::JsonShape,
            InvalidEffect::RejectedByApi,
            format!(
                "condition [{index}] ({kind}) has no values; ALB rejects a condition without values"
            ),
        ));
    }
    Some(condition)
}

/// `{"Values": [{"Key": "a", "Value": "b"}]}` of QueryString and Cookie conditions.
fn key_values(config: &GoObject<'_>, d: &mut Decoder) -> Vec<(String, String)> {
    config
        .array("Values", d)
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let pair = GoObject::decode(
                item,
                KEY_VALUE,
                format!("{}[{i}]", config.path("Values")),
                d,
            )?;
            Some((pair.string("Key", d), pair.string("Value", d)))
        })
        .collect()
}

fn unknown_type(
    what: &str,
    index: usize,
    found: &str,
    known: &[&str],
    effect: InvalidEffect,
) -> ValueProblem {
    let consequence = match effect {
        InvalidEffect::ControllerPanic => "the controller crashes on it (nil pointer)",
        _ => "the AlbConfig's model build fails",
    };
    let message = if found.is_empty() {
        format!("{what} [{index}] has no `type`; {consequence}")
    } else {
        format!("{what} [{index}] has unknown type `{found}`; {consequence}")
    };
    let close = closest(found, known);
    let list = known.join(", ");
    let help = match close {
        Some(k) if !found.is_empty() => format!("did you mean `{k}`? (types: {list})"),
        _ => format!("types: {list}"),
    };
    ValueProblem::new(ProblemKind::UnknownType, effect, message).with_help(help)
}

// ---------------------------------------------------------------------------------------------
// actions.<svc>

const ACTION_FIELDS: &[&str] = &[
    "Order",
    "Type",
    "ForwardConfig",
    "FixedResponseConfig",
    "RedirectConfig",
    "InsertHeaderConfig",
    "RemoveHeaderConfig",
    "RewriteConfig",
    "TrafficMirrorConfig",
    "TrafficLimitConfig",
    "CorsConfig",
];
const ACTION_TYPES: &[&str] = &[
    "ForwardGroup",
    "Redirect",
    "FixedResponse",
    "Rewrite",
    "InsertHeader",
    "RemoveHeader",
    "TrafficLimit",
    "TrafficMirror",
    "Cors",
];
const FORWARD_FIELDS: &[&str] = &["ServerGroupStickySession", "ServerGroups"];
const SERVER_GROUP_FIELDS: &[&str] = &["ServerGroupID", "ServiceName", "ServicePort", "Weight"];
const REDIRECT_FIELDS: &[&str] = &["Host", "HttpCode", "Path", "Port", "Protocol", "Query"];
const FIXED_RESPONSE_FIELDS: &[&str] = &["Content", "ContentType", "HttpCode"];
const REWRITE_FIELDS: &[&str] = &["Host", "Path", "Query"];
const INSERT_HEADER_FIELDS: &[&str] = &["CoverEnabled", "Key", "Value", "ValueType"];
const REMOVE_HEADER_FIELDS: &[&str] = &["Key"];
const TRAFFIC_LIMIT_FIELDS: &[&str] = &["QPS", "QPSPerIp"];
const TRAFFIC_MIRROR_FIELDS: &[&str] = &["TargetType", "MirrorGroupConfig"];
const MIRROR_GROUP_FIELDS: &[&str] = &["ServerGroupTuples"];
const CORS_FIELDS: &[&str] = &[
    "AllowCredentials",
    "MaxAge",
    "AllowOrigin",
    "AllowMethods",
    "AllowHeaders",
    "ExposeHeaders",
];
const CONTENT_TYPES: &[&str] = &[
    "text/plain",
    "text/css",
    "text/html",
    "application/javascript",
    "application/json",
];
const REDIRECT_CODES: &[&str] = &["301", "302", "303", "307", "308"];

pub(super) fn parse_actions(text: &str) -> Parsed {
    let json: Json = match serde_json::from_str(text) {
        Ok(json) => json,
        Err(err) => {
            return Parsed {
                value: Value::Unset,
                problems: vec![invalid_json("the actions", &err)],
            };
        }
    };
    let mut d = Decoder::default();
    let Some(items) = top_level(text, &json, "the actions", &mut d) else {
        return finish(Value::Unset, d);
    };
    let mut actions = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if let Some(action) = parse_action(item, index, &mut d) {
            actions.push(action);
        }
    }
    let finals: Vec<&str> = actions
        .iter()
        .filter(|a| a.is_final())
        .map(Action::type_name)
        .collect();
    if finals.len() > 1 {
        d.push(
            ValueProblem::new(
                ProblemKind::JsonShape,
                InvalidEffect::GroupError,
                format!(
                    "the actions have {} final actions ({}); a rule takes exactly one",
                    finals.len(),
                    finals.join(", ")
                ),
            )
            .with_help("keep one of ForwardGroup, Redirect, FixedResponse"),
        );
    }
    finish(Value::Actions(actions), d)
}

fn parse_action(json: &Json, index: usize, d: &mut Decoder) -> Option<Action> {
    let object = GoObject::decode(json, ACTION_FIELDS, format!("[{index}]"), d)?;
    let _order = object.int("Order", d);
    let type_name = object.string("Type", d);
    let Some(kind) = ACTION_TYPES
        .iter()
        .find(|t| t.eq_ignore_ascii_case(&type_name))
    else {
        d.push(unknown_type(
            "action",
            index,
            &type_name,
            ACTION_TYPES,
            InvalidEffect::ControllerPanic,
        ));
        return None;
    };
    let config_field = match *kind {
        "ForwardGroup" => "ForwardConfig",
        "Redirect" => "RedirectConfig",
        "FixedResponse" => "FixedResponseConfig",
        "Rewrite" => "RewriteConfig",
        "InsertHeader" => "InsertHeaderConfig",
        "RemoveHeader" => "RemoveHeaderConfig",
        "TrafficLimit" => "TrafficLimitConfig",
        "TrafficMirror" => "TrafficMirrorConfig",
        _ => "CorsConfig",
    };
    if !object.has(config_field) {
        // The configs are pointers in the controller's struct and dereferenced unchecked.
        let mut problem = ValueProblem::new(
            ProblemKind::JsonShape,
            InvalidEffect::ControllerPanic,
            format!(
                "action [{index}] is a {kind} action without `{config_field}`; the controller crashes on it (nil pointer)"
            ),
        );
        if let Some((other, _)) = object.fields.iter().find(|(f, _)| f.ends_with("Config")) {
            problem = problem.with_help(format!(
                "a {kind} action reads `{config_field}`, not `{other}`"
            ));
        }
        d.push(problem);
        return None;
    }
    let action = match *kind {
        "ForwardGroup" => {
            let config = object.object(config_field, FORWARD_FIELDS, d);
            let server_groups = server_groups(&config, "ServerGroups", d);
            if server_groups.is_empty() {
                d.push(ValueProblem::new(
                    ProblemKind::JsonShape,
                    InvalidEffect::RejectedByApi,
                    format!("action [{index}] forwards to no server group"),
                ));
            }
            Action::ForwardGroup { server_groups }
        }
        "Redirect" => parse_redirect(&object.object(config_field, REDIRECT_FIELDS, d), index, d),
        "FixedResponse" => {
            let c = object.object(config_field, FIXED_RESPONSE_FIELDS, d);
            let (content, content_type, http_code) = (
                c.string("Content", d),
                c.string("ContentType", d),
                c.string("HttpCode", d),
            );
            if !CONTENT_TYPES.contains(&content_type.as_str()) {
                d.push(
                    ValueProblem::new(
                        ProblemKind::NotAllowed,
                        InvalidEffect::RejectedByApi,
                        format!(
                            "action [{index}] content type `{content_type}` is not one ALB serves"
                        ),
                    )
                    .with_help(format!("use one of {}", CONTENT_TYPES.join(", "))),
                );
            }
            if !is_status_in_classes(&http_code, &['2', '4', '5']) {
                d.push(ValueProblem::new(
                    ProblemKind::NotAllowed,
                    InvalidEffect::RejectedByApi,
                    format!("action [{index}] fixed-response code `{http_code}` is not a 2xx, 4xx or 5xx status"),
                ));
            }
            if content.len() > 1024 {
                d.push(ValueProblem::new(
                    ProblemKind::Malformed,
                    InvalidEffect::RejectedByApi,
                    format!(
                        "action [{index}] content is {} bytes; ALB allows at most 1024",
                        content.len()
                    ),
                ));
            }
            Action::FixedResponse {
                content,
                content_type,
                http_code,
            }
        }
        "Rewrite" => {
            let c = object.object(config_field, REWRITE_FIELDS, d);
            Action::Rewrite {
                host: c.string("Host", d),
                path: c.string("Path", d),
                query: c.string("Query", d),
            }
        }
        "InsertHeader" => {
            let c = object.object(config_field, INSERT_HEADER_FIELDS, d);
            Action::InsertHeader {
                key: c.string("Key", d),
                value: c.string("Value", d),
                value_type: c.string("ValueType", d),
                cover_enabled: c.bool("CoverEnabled", d),
            }
        }
        "RemoveHeader" => Action::RemoveHeader {
            key: object
                .object(config_field, REMOVE_HEADER_FIELDS, d)
                .string("Key", d),
        },
        "TrafficLimit" => parse_traffic_limit(
            &object.object(config_field, TRAFFIC_LIMIT_FIELDS, d),
            index,
            d,
        )?,
        "TrafficMirror" => {
            let c = object.object(config_field, TRAFFIC_MIRROR_FIELDS, d);
            let target_type = c.string("TargetType", d);
            let group = c.object("MirrorGroupConfig", MIRROR_GROUP_FIELDS, d);
            Action::TrafficMirror {
                target_type,
                server_groups: server_groups(&group, "ServerGroupTuples", d),
            }
        }
        _ => {
            let c = object.object(config_field, CORS_FIELDS, d);
            Action::Cors(CorsAction {
                allow_origin: c.strings("AllowOrigin", d),
                allow_methods: c.strings("AllowMethods", d),
                allow_headers: c.strings("AllowHeaders", d),
                expose_headers: c.strings("ExposeHeaders", d),
                allow_credentials: c.string("AllowCredentials", d),
                max_age: c.string("MaxAge", d),
            })
        }
    };
    Some(action)
}

fn is_status_in_classes(code: &str, classes: &[char]) -> bool {
    code.len() == 3
        && code.chars().all(|c| c.is_ascii_digit())
        && code.chars().next().is_some_and(|c| classes.contains(&c))
}

fn server_groups(config: &GoObject<'_>, field: &str, d: &mut Decoder) -> Vec<ServerGroupTarget> {
    config
        .array(field, d)
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let group = GoObject::decode(
                item,
                SERVER_GROUP_FIELDS,
                format!("{}[{i}]", config.path(field)),
                d,
            )?;
            let id = group.string("ServerGroupID", d);
            let name = group.string("ServiceName", d);
            let port = group.int("ServicePort", d);
            let weight = group.int("Weight", d);
            // The controller uses the id when it is set and ignores the Service then.
            let target = if id.is_empty() {
                ServerGroupRef::Service { name, port }
            } else {
                ServerGroupRef::Id(id)
            };
            Some(ServerGroupTarget { target, weight })
        })
        .collect()
}

fn parse_redirect(config: &GoObject<'_>, index: usize, d: &mut Decoder) -> Action {
    let redirect = RedirectAction {
        host: config.string("Host", d),
        path: config.string("Path", d),
        port: config.string("Port", d),
        protocol: config.string("Protocol", d),
        query: config.string("Query", d),
        http_code: config.string("HttpCode", d),
    };
    // HttpCode is the one field ALB defaults itself; the others arrive as "".
    let missing: Vec<&str> = ["Host", "Path", "Port", "Protocol", "Query"]
        .into_iter()
        .filter(|f| !config.has(f))
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let example = missing
            .iter()
            .map(|f| format!("\"{f}\": \"${{{}}}\"", f.to_ascii_lowercase()))
            .collect::<Vec<_>>()
            .join(", ");
        d.push(
            ValueProblem::new(
                ProblemKind::JsonShape,
                InvalidEffect::Misinterpreted,
                format!(
                    "redirect [{index}] leaves out {list}; the controller sends them as empty strings, \
                     not as the `${{host}}`-style defaults"
                ),
            )
            .with_help(format!("set them explicitly: {example}")),
        );
    }
    if !redirect.http_code.is_empty() && !REDIRECT_CODES.contains(&redirect.http_code.as_str()) {
        d.push(ValueProblem::new(
            ProblemKind::NotAllowed,
            InvalidEffect::RejectedByApi,
            format!(
                "redirect [{index}] code `{}` is not one of {}",
                redirect.http_code,
                REDIRECT_CODES.join(", ")
            ),
        ));
    }
    Action::Redirect(redirect)
}

/// `{QPS, QPSPerIp}` as strings, checked like the `traffic-limit-*` annotations — except that
/// here every failure leaves the controller with a nil action, and it crashes.
fn parse_traffic_limit(config: &GoObject<'_>, index: usize, d: &mut Decoder) -> Option<Action> {
    let qps_text = config.string("QPS", d);
    let per_ip_text = config.string("QPSPerIp", d);
    let panic = |message: String| {
        ValueProblem::new(
            ProblemKind::Malformed,
            InvalidEffect::ControllerPanic,
            message,
        )
    };
    if qps_text.is_empty() && per_ip_text.is_empty() {
        d.push(
            panic(format!("traffic limit [{index}] sets neither `QPS` nor `QPSPerIp`; the controller crashes on it"))
                .with_help("set \"QPS\": \"100\" (a string)"),
        );
        return None;
    }
    let mut read = |field: &str, text: &str| -> Result<Option<i64>, ()> {
        if text.is_empty() {
            return Ok(None);
        }
        match go_atoi(text) {
            Some(n) if n >= 1 => Ok(Some(n)),
            Some(n) => {
                d.push(panic(format!("traffic limit [{index}] `{field}` `{n}` is below 1; the controller crashes on it")));
                Err(())
            }
            None => {
                d.push(panic(format!(
                    "traffic limit [{index}] `{field}` `{text}` is not an integer; the controller crashes on it"
                )));
                Err(())
            }
        }
    };
    let qps = read("QPS", &qps_text).ok()?;
    let qps_per_ip = read("QPSPerIp", &per_ip_text).ok()?;
    if let (Some(total), Some(per_ip)) = (qps, qps_per_ip)
        && per_ip >= total
    {
        d.push(panic(format!(
            "traffic limit [{index}] `QPSPerIp` {per_ip} must be less than `QPS` {total}; the controller crashes on it"
        )));
        return None;
    }
    Some(Action::TrafficLimit { qps, qps_per_ip })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conditions(text: &str) -> (Vec<Condition>, Vec<ValueProblem>) {
        let parsed = parse_conditions(text);
        match parsed.value {
            Value::Conditions(c) => (c, parsed.problems),
            _ => (Vec::new(), parsed.problems),
        }
    }

    fn actions(text: &str) -> (Vec<Action>, Vec<ValueProblem>) {
        let parsed = parse_actions(text);
        match parsed.value {
            Value::Actions(a) => (a, parsed.problems),
            _ => (Vec::new(), parsed.problems),
        }
    }

    fn messages(problems: &[ValueProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.message.as_str()).collect()
    }

    #[test]
    fn condition_keys_match_case_insensitively() {
        let documented =
            r#"[{"type": "Path", "pathConfig": {"values": ["~*^/pathvalue1", "/pathvalue2"]}}]"#;
        let shouting =
            r#"[{"TYPE": "path", "PATHCONFIG": {"VALUES": ["~*^/pathvalue1", "/pathvalue2"]}}]"#;
        let expected = vec![Condition::Path {
            values: vec!["~*^/pathvalue1".into(), "/pathvalue2".into()],
        }];
        assert_eq!(conditions(documented), (expected.clone(), vec![]));
        assert_eq!(conditions(shouting), (expected, vec![]));
    }

    #[test]
    fn every_condition_type_decodes() {
        let text = r#"[
            {"type": "Host", "hostConfig": {"values": ["a.example.com"]}},
            {"type": "Method", "methodConfig": {"values": ["GET", "POST"]}},
            {"type": "SourceIp", "sourceIpConfig": {"values": ["10.0.0.0/8"]}},
            {"type": "ResponseStatusCode", "responseStatusCodeConfig": {"values": ["500"]}},
            {"type": "Header", "headerConfig": {"key": "x-env", "values": ["dev"]}},
            {"type": "ResponseHeader", "responseHeaderConfig": {"key": "x-up", "values": ["1"]}},
            {"type": "QueryString", "queryStringConfig": {"values": [{"key": "v", "value": "2"}]}},
            {"type": "cookie", "cookieConfig": {"values": [{"Key": "beta", "Value": "on"}]}}
        ]"#;
        let (decoded, problems) = conditions(text);
        assert_eq!(problems, vec![]);
        assert_eq!(
            decoded,
            vec![
                Condition::Host {
                    values: vec!["a.example.com".into()]
                },
                Condition::Method {
                    values: vec!["GET".into(), "POST".into()]
                },
                Condition::SourceIp {
                    values: vec!["10.0.0.0/8".into()]
                },
                Condition::ResponseStatusCode {
                    values: vec!["500".into()]
                },
                Condition::Header {
                    key: "x-env".into(),
                    values: vec!["dev".into()]
                },
                Condition::ResponseHeader {
                    key: "x-up".into(),
                    values: vec!["1".into()]
                },
                Condition::QueryString {
                    values: vec![("v".into(), "2".into())]
                },
                Condition::Cookie {
                    values: vec![("beta".into(), "on".into())]
                },
            ]
        );
    }

    #[test]
    fn condition_problems() {
        let (_, problems) = conditions(r#"[{"type": "Hots", "hostConfig": {"values": ["a"]}}]"#);
        assert_eq!(
            messages(&problems),
            ["condition [0] has unknown type `Hots`; the AlbConfig's model build fails"]
        );
        assert_eq!(problems[0].effect, InvalidEffect::GroupError);
        assert_eq!(
            problems[0].help.as_deref(),
            Some(
                "did you mean `Host`? (types: Host, Path, Header, QueryString, Method, Cookie, SourceIp, ResponseHeader, ResponseStatusCode)"
            )
        );

        let (_, problems) = conditions(r#"{"type": "Host"}"#);
        assert_eq!(
            messages(&problems),
            ["the conditions must be a JSON array, not an object"]
        );

        let (_, problems) = conditions(r#"[{"type": "Path", "pathConfig": {"values": "/a"}}]"#);
        assert_eq!(
            messages(&problems),
            ["`[0].PathConfig.Values` must be an array, not a string"]
        );
        assert_eq!(problems[0].effect, InvalidEffect::GroupError);

        let (decoded, problems) =
            conditions(r#"[{"type": "Host", "pathConfig": {"values": ["/a"]}}]"#);
        assert_eq!(decoded, vec![Condition::Host { values: vec![] }]);
        assert_eq!(
            messages(&problems),
            ["condition [0] is a Host condition but has no `HostConfig`, so it has no values"]
        );
        assert_eq!(
            problems[0].help.as_deref(),
            Some("a Host condition reads `HostConfig`, not `PathConfig`")
        );

        let (decoded, problems) =
            conditions(r#"[{"type": "Host", "hostConfigs": {"values": ["a"]}}]"#);
        assert_eq!(decoded.len(), 1);
        assert_eq!(problems[1].kind, ProblemKind::UnknownField);
        assert_eq!(
            problems[1].message,
            "`[0].hostConfigs` is not a field the controller reads; it is ignored"
        );
        assert_eq!(
            problems[1].help.as_deref(),
            Some("did you mean `HostConfig`?")
        );

        let (_, problems) = conditions("[{\"type\": \"Host\",}]");
        assert_eq!(problems[0].kind, ProblemKind::InvalidJson);

        assert_eq!(conditions("null"), (vec![], vec![]));
    }

    #[test]
    fn action_keys_match_case_insensitively() {
        let text = r#"[
            {"type": "ForwardGroup", "forwardConfig": {"serverGroups": [
                {"serviceName": "a", "servicePort": 80, "weight": 70},
                {"SERVICENAME": "b", "ServicePort": 80, "Weight": 30},
                {"serverGroupID": "sgp-123", "weight": 0}]}},
            {"Type": "insertheader", "InsertHeaderConfig": {"key": "x-a", "value": "1", "valueType": "UserDefined", "coverEnabled": true}},
            {"type": "RemoveHeader", "removeHeaderConfig": {"key": "x-b"}},
            {"type": "Rewrite", "rewriteConfig": {"host": "${host}", "path": "/new", "query": "${query}"}},
            {"type": "TrafficLimit", "trafficLimitConfig": {"qps": "100", "qpsPerIp": "10"}},
            {"type": "TrafficMirror", "trafficMirrorConfig": {"targetType": "ForwardGroupMirror",
                "mirrorGroupConfig": {"serverGroupTuples": [{"serviceName": "shadow", "servicePort": 80}]}}},
            {"type": "Cors", "corsConfig": {"allowOrigin": ["*"], "allowCredentials": "on", "maxAge": "600"}}
        ]"#;
        let (decoded, problems) = actions(text);
        assert_eq!(problems, vec![]);
        let service = |name: &str, weight| ServerGroupTarget {
            target: ServerGroupRef::Service {
                name: name.into(),
                port: 80,
            },
            weight,
        };
        assert_eq!(
            decoded,
            vec![
                Action::ForwardGroup {
                    server_groups: vec![
                        service("a", 70),
                        service("b", 30),
                        ServerGroupTarget {
                            target: ServerGroupRef::Id("sgp-123".into()),
                            weight: 0
                        },
                    ]
                },
                Action::InsertHeader {
                    key: "x-a".into(),
                    value: "1".into(),
                    value_type: "UserDefined".into(),
                    cover_enabled: true
                },
                Action::RemoveHeader { key: "x-b".into() },
                Action::Rewrite {
                    host: "${host}".into(),
                    path: "/new".into(),
                    query: "${query}".into()
                },
                Action::TrafficLimit {
                    qps: Some(100),
                    qps_per_ip: Some(10)
                },
                Action::TrafficMirror {
                    target_type: "ForwardGroupMirror".into(),
                    server_groups: vec![service("shadow", 0)]
                },
                Action::Cors(CorsAction {
                    allow_origin: vec!["*".into()],
                    allow_credentials: "on".into(),
                    max_age: "600".into(),
                    ..CorsAction::default()
                }),
            ]
        );
    }

    #[test]
    fn unknown_action_types_crash_the_controller() {
        let (decoded, problems) = actions(r#"[{"type": "Forward", "forwardConfig": {}}]"#);
        assert!(decoded.is_empty());
        assert_eq!(problems[0].effect, InvalidEffect::ControllerPanic);
        assert_eq!(
            problems[0].message,
            "action [0] has unknown type `Forward`; the controller crashes on it (nil pointer)"
        );
        assert!(
            problems[0]
                .help
                .as_deref()
                .is_some_and(|h| h.starts_with("did you mean `ForwardGroup`?"))
        );

        let (_, problems) = actions(r#"[{"type": "FixedResponse"}]"#);
        assert_eq!(problems[0].effect, InvalidEffect::ControllerPanic);

        let (_, problems) = actions(
            r#"[{"type": "TrafficLimit", "trafficLimitConfig": {"qps": "10", "qpsPerIp": "10"}}]"#,
        );
        assert_eq!(
            messages(&problems),
            [
                "traffic limit [0] `QPSPerIp` 10 must be less than `QPS` 10; the controller crashes on it"
            ]
        );
        let (_, problems) =
            actions(r#"[{"type": "TrafficLimit", "trafficLimitConfig": {"qps": 10}}]"#);
        assert_eq!(
            problems[0].effect,
            InvalidEffect::GroupError,
            "a number where Go wants a string"
        );
    }

    #[test]
    fn redirects_without_fields_send_empty_strings() {
        let (decoded, problems) = actions(
            r#"[{"type": "Redirect", "redirectConfig": {"protocol": "HTTPS", "port": "443", "httpCode": "302"}}]"#,
        );
        assert_eq!(
            decoded,
            vec![Action::Redirect(RedirectAction {
                protocol: "HTTPS".into(),
                port: "443".into(),
                http_code: "302".into(),
                ..RedirectAction::default()
            })]
        );
        assert_eq!(
            messages(&problems),
            [
                "redirect [0] leaves out `Host`, `Path`, `Query`; the controller sends them as empty strings, not as the `${host}`-style defaults"
            ]
        );
        assert_eq!(
            problems[0].help.as_deref(),
            Some(
                "set them explicitly: \"Host\": \"${host}\", \"Path\": \"${path}\", \"Query\": \"${query}\""
            )
        );
    }

    #[test]
    fn two_final_actions_are_a_group_error() {
        let (_, problems) = actions(
            r#"[{"type": "FixedResponse", "fixedResponseConfig": {"contentType": "text/plain", "httpCode": "503", "content": "down"}},
                {"type": "ForwardGroup", "forwardConfig": {"serverGroups": [{"serviceName": "a", "servicePort": 80}]}}]"#,
        );
        assert_eq!(
            messages(&problems),
            [
                "the actions have 2 final actions (FixedResponse, ForwardGroup); a rule takes exactly one"
            ]
        );
        assert_eq!(problems[0].effect, InvalidEffect::GroupError);
    }

    #[test]
    fn fixed_response_values_are_checked() {
        let (_, problems) = actions(
            r#"[{"type": "FixedResponse", "fixedResponseConfig": {"contentType": "text/xml", "httpCode": "302"}}]"#,
        );
        assert_eq!(
            messages(&problems),
            [
                "action [0] content type `text/xml` is not one ALB serves",
                "action [0] fixed-response code `302` is not a 2xx, 4xx or 5xx status"
            ]
        );
    }

    #[test]
    fn empty_actions_text_is_invalid_json() {
        let (_, problems) = actions("");
        assert_eq!(problems[0].kind, ProblemKind::InvalidJson);
        assert_eq!(problems[0].effect, InvalidEffect::GroupError);
    }
}
