//! The table: one row per annotation, sorted by full name (ALB, then CCE, then nginx rows).
//!
//! Facts come from `alb-controller-semantics.md` (the open-source controller's source) where
//! it differs from the vendor guide, and for ingress-nginx from
//! `docs/ingress-nginx-semantics.md` (§2, §8–§12). ALB rows start from [`ALB_ROW`] and spell
//! out what differs; rows of other dialects start from [`NGINX_ROW`] (or [`NGINX_BOOL`] /
//! [`NGINX_INT`], ingress-nginx's boolean and integer readers) / [`CCE_ROW`].

use super::value::{IntRange, ValueType};
use super::{ALB_ROW, AnnotationSpec, Category, Dialect, InvalidEffect, ReadAs, Status, Target};

use Category::*;
use InvalidEffect::{
    ControllerPanic, GroupError, Ignored, IgnoredWithLog, IngressRejected, Misinterpreted,
    NoEffect, RejectedByApi,
};

const NGINX_ROW: AnnotationSpec = AnnotationSpec {
    dialect: Dialect::Nginx,
    read: ReadAs::Trimmed,
    category: Session,
    ..ALB_ROW
};

const CCE_ROW: AnnotationSpec = AnnotationSpec {
    dialect: Dialect::CceElb,
    read: ReadAs::Trimmed,
    category: Timeouts,
    on_invalid: RejectedByApi,
    ..ALB_ROW
};

/// A §2.7 annotation: a constant in the controller that nothing reads.
const DEAD_ROW: AnnotationSpec = AnnotationSpec {
    status: Status::NoEffect,
    category: AlbInstance,
    on_invalid: NoEffect,
    on_invalid_note: "Never read, so no value is wrong and none does anything.",
    ..ALB_ROW
};

/// Health-check integers: a non-integer is logged and the default used; a value outside the
/// documented range goes to the ALB API, which rejects it.
const fn health_check_int(min: i64, max: i64) -> ValueType {
    ValueType::Int(IntRange::new(min, max, RejectedByApi).not_int(Ignored))
}

const HEALTH_CHECK_INT_NOTE: &str = "Not an integer (including one with spaces, as the value is not \
    trimmed): the controller logs it and uses the default. Out of range: passed on, and the ALB API \
    rejects the server group update.";

const CORS_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"];

/// The canary switch; every canary key needs it.
const CANARY: &str = "alb.ingress.kubernetes.io/canary";
const CANARY_BY_COOKIE: &str = "alb.ingress.kubernetes.io/canary-by-cookie";
const CANARY_BY_HEADER: &str = "alb.ingress.kubernetes.io/canary-by-header";
const CANARY_BY_HEADER_VALUE: &str = "alb.ingress.kubernetes.io/canary-by-header-value";
const CANARY_WEIGHT: &str = "alb.ingress.kubernetes.io/canary-weight";

/// Every health-check setting needs this switch.
const HEALTH_CHECK_KEYS: &[&str] = &["alb.ingress.kubernetes.io/healthcheck-enabled"];

/// An ingress-nginx boolean (`GetBoolAnnotation`): Go's `strconv.ParseBool` of the value as
/// written, empty counting as not set; a value it cannot parse fails the validator, which
/// logs it, and the default applies.
const NGINX_BOOL: AnnotationSpec = AnnotationSpec {
    value: ValueType::GoBool,
    read: ReadAs::VerbatimNonEmpty,
    on_invalid: IgnoredWithLog,
    ..NGINX_ROW
};

/// An ingress-nginx integer (`GetIntAnnotation`): Go's `strconv.Atoi` of the value as written,
/// empty counting as not set. Rows set the range and what a bad value does.
const NGINX_INT: AnnotationSpec = AnnotationSpec {
    read: ReadAs::VerbatimNonEmpty,
    on_invalid: IgnoredWithLog,
    ..NGINX_ROW
};

/// Any integer `strconv.Atoi` reads.
const ANY_INT: IntRange = IntRange::new(i64::MIN, i64::MAX, IgnoredWithLog);

/// ingress-nginx's `BasicCharsRegex`, checked with spaces removed (canary header and cookie
/// names and values).
const NGINX_BASIC_CHARS: ValueType = ValueType::Pattern {
    regex: r"^[-._~a-zA-Z0-9/:]*$",
    syntax: "letters, digits and `-._~/:`",
    strip_spaces: true,
};

/// ingress-nginx's `URLIsValidRegex` (permanent and temporal redirect URLs).
const NGINX_URL_CHARS: ValueType = ValueType::Pattern {
    regex: r"^[-._~a-zA-Z0-9/:,?&=]*$",
    syntax: "a URL or path of letters, digits and `-._~/:,?&=`",
    strip_spaces: false,
};

const NGINX_CANARY: &str = "nginx.ingress.kubernetes.io/canary";
const NGINX_CANARY_BY_HEADER: &str = "nginx.ingress.kubernetes.io/canary-by-header";
const NGINX_CANARY_BY_COOKIE: &str = "nginx.ingress.kubernetes.io/canary-by-cookie";
const NGINX_CANARY_WEIGHT: &str = "nginx.ingress.kubernetes.io/canary-weight";
const NGINX_ENABLE_CORS: &str = "nginx.ingress.kubernetes.io/enable-cors";
const NGINX_SSL_REDIRECT: &str = "nginx.ingress.kubernetes.io/ssl-redirect";
const NGINX_LIMIT_BURST: &str = "nginx.ingress.kubernetes.io/limit-burst-multiplier";
const NGINX_BACKEND_PROTOCOL: &str = "nginx.ingress.kubernetes.io/backend-protocol";

/// nginx time values in whole seconds: `ngx_parse_time` refuses a sign and anything above
/// 2147483 s, which fails the reload; a non-integer is logged and the ConfigMap's value used.
const NGINX_SECONDS: IntRange = IntRange::new(0, 2_147_483, RejectedByApi).not_int(IgnoredWithLog);

const NGINX_SECONDS_NOTE: &str = "Not an integer (`\"30s\"`, `\" 30\"`): logged, and the \
    ConfigMap's value is used. Negative or above 2147483: nginx refuses the configuration when it \
    is reloaded, so no change to any Ingress takes effect until it is fixed.";

pub(super) static REGISTRY: &[AnnotationSpec] = &[
    AnnotationSpec {
        name: "access-log",
        summary: "Former per-Ingress access log setting; has no effect",
        description: "Defined in the controller but only read by `makeAlbConfig`, which nothing \
            calls. Access logs are configured in the AlbConfig (`spec.config.accessLogConfig`).",
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "actions.<svc>",
        per_service: true,
        value: ValueType::Actions,
        read: ReadAs::Verbatim,
        category: Routing,
        summary: "Custom actions (forward, redirect, fixed response, rewrite, headers, limits, mirror, CORS) for paths to <svc>",
        description: "A JSON array of action objects for every path whose backend Service is \
            <svc>. Types: ForwardGroup, Redirect, FixedResponse, Rewrite, InsertHeader, \
            RemoveHeader, TrafficLimit, TrafficMirror, Cors; each carries its `<Type>Config` object \
            (ForwardGroup uses `ForwardConfig`). Keys are matched case-insensitively, as Go's JSON \
            decoder does, and the type is lower-cased before matching. The controller always adds \
            a forward to the path's Service unless the backend port is `name: use-annotation`, so a \
            ForwardGroup, Redirect or FixedResponse here needs that port name; a rule takes exactly \
            one such final action. A Redirect's omitted fields are sent as empty strings, not as \
            the `${host}`-style defaults. A ForwardGroup here cannot be combined with a \
            weight-based canary for the same path. A key naming a Service no path uses is never read.",
        on_invalid: ControllerPanic,
        on_invalid_note: "An unknown type, a missing `<Type>Config`, or an invalid TrafficLimit \
            makes the controller dereference a nil pointer; the reconciler recovers, probably \
            without an event or a retry. Malformed JSON, a value of the wrong JSON type, an empty \
            value or two final actions make the AlbConfig's model build fail.",
        see_also: &[
            "alb.ingress.kubernetes.io/conditions.<svc>",
            "alb.ingress.kubernetes.io/rule-direction.<svc>",
        ],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "address-allocated-mode",
        summary: "Former per-Ingress ALB address mode; has no effect",
        description: "From the v1beta1 era, when an Ingress could create its ALB. The controller \
            no longer reads it; set `spec.config.addressAllocatedMode` in the AlbConfig.",
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "address-type",
        summary: "Former per-Ingress ALB address type; has no effect",
        description: "From the v1beta1 era. The controller no longer reads it; set \
            `spec.config.addressType` (Internet or Intranet) in the AlbConfig.",
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "albconfig.name",
        category: Routing,
        summary: "Attaches the Ingress to this AlbConfig, overriding its IngressClass",
        description: "Names the AlbConfig (and so the ALB) whose group the Ingress joins. It wins \
            over the IngressClass's `parameters`; without either the group is `default`. All \
            Ingresses of one AlbConfig are built together: one bad Ingress stops all of them.",
        on_invalid: Ignored,
        on_invalid_note: "No validation: naming an AlbConfig that does not exist leaves the Ingress \
            in a group without an ALB, so nothing is applied and no error is reported.",
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "albconfig.order",
        value: ValueType::Int(IntRange::new(1, 1000, GroupError)),
        read: ReadAs::VerbatimNonEmpty,
        default: Some("10"),
        category: Routing,
        summary: "Priority of the Ingress's rules within its AlbConfig; wins over `order`",
        description: "The same as `order`, under the key the controller reads first: when both are \
            present, `order` is not read (even if this one is empty). Lower values come first; \
            Ingresses with equal order are sorted by `namespace/name`.",
        on_invalid: GroupError,
        on_invalid_note: "Not an integer, outside 1–1000, or the same explicit value on two \
            Ingresses of one AlbConfig: the AlbConfig's model build fails.",
        see_also: &["alb.ingress.kubernetes.io/order"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "backend-keepalive",
        value: ValueType::Bool,
        default: Some("false"),
        category: Backend,
        summary: "Reuse connections to the backends (upstream keep-alive)",
        description: "\"true\" turns on `UpstreamKeepaliveEnabled` for every server group the \
            Ingress creates, so ALB keeps TCP connections to the backends open across requests \
            instead of opening one per request. No client-visible effect.",
        on_invalid_note: "Anything other than the exact string \"true\" (\"True\", \"1\", \" true\") \
            silently means false.",
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "backend-label",
        category: Backend,
        summary: "Former backend selection by node label; has no effect",
        description: "Defined in the controller but never read. Backends come from the Service's \
            endpoints (or `service.beta.kubernetes.io/backend-type: eni` on the Service).",
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "backend-protocol",
        value: ValueType::Enum {
            values: &["http", "https", "grpc"],
            case_sensitive: true,
        },
        default: Some("http"),
        category: Backend,
        summary: "Protocol ALB speaks to the backends: http, https or grpc",
        description: "Sets the protocol of every server group the Ingress creates. Only the exact \
            lower-case strings `https` and `grpc` count: `HTTPS` or `GRPC` silently give HTTP \
            (so `HTTP`, like any other value, does give HTTP). `grpc` needs a \
            non-empty `spec.tls`, and with `listen-ports` every entry must be HTTPS (or HTTP:80 \
            together with ssl-redirect). The protocol cannot be changed after the Ingress is \
            created; delete and recreate it.",
        on_invalid: Ignored,
        on_invalid_note: "Any value other than `https` and `grpc`, including `HTTPS` and `GRPC`, \
            is silently treated as http (so `HTTP` is not a mistake). `grpc` without TLS, or with a non-TLS listen port, fails the AlbConfig's model build.",
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "backend-scheduler",
        value: ValueType::Enum {
            values: &["wrr", "wlc", "sch", "uch"],
            case_sensitive: true,
        },
        default: Some("wrr"),
        category: Scheduling,
        summary: "Load-balancing algorithm: wrr, wlc, sch or uch",
        description: "wrr: weighted round robin (each backend weight 100). wlc: weighted least \
            connections. sch: consistent hash on the source IP. uch: consistent hash on the URL \
            query parameter named by `backend-scheduler-uch-value`. Applies to every server group \
            the Ingress creates. Needs Kubernetes 1.19 or later.",
        on_invalid: GroupError,
        on_invalid_note: "Any other value, including `WRR` or an empty string, fails the \
            AlbConfig's model build (\"unkown backend scheduler\").",
        see_also: &["alb.ingress.kubernetes.io/backend-scheduler-uch-value"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "backend-scheduler-uch-value",
        category: Scheduling,
        summary: "Query parameter that `uch` scheduling hashes on",
        description: "The name of the URL query parameter whose value `backend-scheduler: uch` \
            hashes to pick a backend (the hash type is always QueryString). Requests without the \
            parameter still get a backend. Ignored by the other schedulers. Read verbatim.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Not validated by the controller; with `uch`, a missing or empty value is \
            sent as empty and the ALB API is likely to reject it.",
        see_also: &["alb.ingress.kubernetes.io/backend-scheduler"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "canary",
        value: ValueType::Bool,
        read: ReadAs::VerbatimNonEmpty,
        default: Some("false"),
        category: Canary,
        nginx_prefix_wins: true,
        summary: "Marks the Ingress as a canary of the Ingress with the same host and path",
        description: "\"true\" makes this a canary Ingress. A weight-only canary gets no rule of \
            its own: its weight is split off the main rule with the same host and path strings. A \
            header or cookie canary gets its own rule, which only works if it sorts before the main \
            Ingress (give it a lower `order`). Header/cookie and weight on one Ingress make the \
            controller drop the Ingress entirely. `nginx.ingress.kubernetes.io/canary` is read \
            first and wins when present.",
        on_invalid_note: "Anything other than the exact string \"true\" silently means false: the \
            Ingress becomes a second, ordinary Ingress for the same host and path.",
        see_also: &[
            CANARY_BY_HEADER,
            CANARY_BY_HEADER_VALUE,
            CANARY_BY_COOKIE,
            CANARY_WEIGHT,
        ],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "canary-by-cookie",
        read: ReadAs::VerbatimNonEmpty,
        category: Canary,
        nginx_prefix_wins: true,
        summary: "Cookie whose value `always` sends a request to the canary",
        description: "Adds a Cookie condition `<name>=always` to the canary's own rule. `never` \
            needs nothing (such requests just do not match); other values are not supported. With \
            canary-by-header as well, both conditions must match (AND, unlike nginx). Basic-edition \
            ALBs do not support cookie conditions. `nginx.ingress.kubernetes.io/canary-by-cookie` \
            wins when present.",
        on_invalid_note: "Any non-empty string is used as the cookie name.",
        see_also: &[CANARY, CANARY_BY_HEADER, CANARY_WEIGHT],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "canary-by-header",
        read: ReadAs::VerbatimNonEmpty,
        category: Canary,
        nginx_prefix_wins: true,
        summary: "Request header that sends a request to the canary",
        description: "Adds a Header condition `<name> ∈ [canary-by-header-value]` to the canary's \
            own rule. nginx's `always`/`never` header values are not implemented: without \
            canary-by-header-value the condition value is empty. \
            `nginx.ingress.kubernetes.io/canary-by-header` wins when present.",
        on_invalid: RejectedByApi,
        on_invalid_note: "ALB header names are 1–40 characters of letters, digits, `_` and `-`; \
            others are rejected by the ALB API.",
        see_also: &[
            CANARY,
            CANARY_BY_HEADER_VALUE,
            CANARY_BY_COOKIE,
            CANARY_WEIGHT,
        ],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "canary-by-header-value",
        read: ReadAs::VerbatimNonEmpty,
        category: Canary,
        nginx_prefix_wins: true,
        summary: "Value of the canary-by-header header that selects the canary",
        description: "The header value that must match exactly (ALB allows `*` and `?` wildcards). \
            Only used with canary-by-header. On its own it still counts as a header canary, so the \
            Ingress is not a weight canary. `nginx.ingress.kubernetes.io/canary-by-header-value` \
            wins when present.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Missing while canary-by-header is set: the condition value is empty, \
            which the ALB API is likely to reject.",
        see_also: &[CANARY, CANARY_BY_HEADER],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "canary-weight",
        value: ValueType::Int(
            IntRange::new(0, 100, RejectedByApi)
                .not_int(Ignored)
                .not_int_reads_as(0),
        ),
        read: ReadAs::VerbatimNonEmpty,
        category: Canary,
        nginx_prefix_wins: true,
        summary: "Percentage of requests sent to the canary",
        description: "Merged into the main rule's forward: main gets 100 − Σw, each canary its w; \
            at Σw = 100 the main Service is dropped. Weight 0 ignores the canary. Only without \
            header and cookie canary keys; with them the Ingress is dropped. Not allowed together \
            with a ForwardGroup in `actions.<svc>`. There is no `canary-weight-total`. \
            `nginx.ingress.kubernetes.io/canary-weight` wins when present.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Not an integer: read as 0, so the canary is silently ignored. Above 100 \
            (or a sum above 100): not checked by the controller; the main weight goes negative and \
            the ALB API rejects the rule.",
        see_also: &[CANARY, CANARY_BY_HEADER, CANARY_BY_COOKIE],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "canary-weight-total",
        status: Status::Unsupported,
        category: Canary,
        summary: "nginx's weight denominator; ALB has none (weights are percentages)",
        description: "ingress-nginx lets `canary-weight-total` change the denominator of \
            canary-weight. The ALB controller always uses 100 and reads neither prefix of this \
            key: scale the weight to a percentage instead.",
        on_invalid: NoEffect,
        on_invalid_note: "Never read: any value, valid or not, has no effect.",
        see_also: &["alb.ingress.kubernetes.io/canary-weight"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "charge-type",
        summary: "Former per-Ingress ALB billing setting; has no effect",
        description: "From the v1beta1 era. The controller no longer reads it; billing is set in \
            the AlbConfig (`spec.config.billingConfig`).",
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "conditions.<svc>",
        per_service: true,
        value: ValueType::Conditions,
        read: ReadAs::VerbatimNonEmpty,
        category: Routing,
        summary: "Extra match conditions (host, path, header, query, method, cookie, source IP) for paths to <svc>",
        description: "A JSON array of condition objects for every path whose backend Service is \
            <svc>. Types: Host, Path, Header, QueryString, Method, Cookie, SourceIp, ResponseHeader, \
            ResponseStatusCode, each with its `<Type>Config` (`{\"values\": [...]}`, Header \
            `{\"key\", \"values\"}`, QueryString/Cookie `{\"values\": [{\"key\", \"value\"}]}`). Keys \
            match case-insensitively. Host and Path values are merged with the rule's own host and \
            path (OR), so they widen the match; Method, SourceIp and ResponseStatusCode narrow it; \
            each Header, QueryString, Cookie and ResponseHeader block must match as well (AND \
            between blocks, OR within one). Not allowed on a canary Ingress. The Service must be \
            the one named in the path's backend; a key naming another Service is never read.",
        on_invalid: GroupError,
        on_invalid_note: "Malformed JSON, a value of the wrong JSON type, or an unknown condition \
            type fails the AlbConfig's model build, as does using it on a canary Ingress. A \
            condition without values is rejected by the ALB API.",
        see_also: &[
            "alb.ingress.kubernetes.io/actions.<svc>",
            "alb.ingress.kubernetes.io/use-regex",
        ],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "cookie",
        category: Session,
        summary: "Cookie name for `Server` sticky sessions; has no effect",
        description: "Defined in the controller but never read: the open-source controller always \
            sends an empty cookie name, so `sticky-session-type: Server` cannot get the name of the \
            cookie it should rewrite.",
        see_also: &["alb.ingress.kubernetes.io/sticky-session-type"],
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "cookie-timeout",
        value: ValueType::Int(IntRange::new(1, 86400, RejectedByApi).not_int(Ignored)),
        default: Some("1000"),
        category: Session,
        summary: "Lifetime in seconds of the `Insert` sticky-session cookie",
        description: "How long the SERVERID cookie that ALB inserts keeps a client on one backend. \
            Used only when sticky-session is \"true\" and the type is Insert.",
        on_invalid: RejectedByApi,
        on_invalid_note: HEALTH_CHECK_INT_NOTE,
        see_also: &["alb.ingress.kubernetes.io/sticky-session"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "cors-allow-credentials",
        value: ValueType::TrueFalse,
        read: ReadAs::Trimmed,
        default: Some("true"),
        category: Cors,
        summary: "Send Access-Control-Allow-Credentials (true by default)",
        description: "With enable-cors, \"true\" (the default) sends `Access-Control-Allow-Credentials: \
            true` (the action field is `on`), \"false\" turns it off. Browsers refuse credentials \
            with a `*` origin, so allowing credentials needs explicit origins.",
        on_invalid: IgnoredWithLog,
        on_invalid_note: "The only boolean that warns: anything but \"true\" or \"false\" is logged \
            and the default (on) is kept.",
        see_also: &["alb.ingress.kubernetes.io/enable-cors"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "cors-allow-headers",
        value: ValueType::CommaList { allowed: None },
        read: ReadAs::Trimmed,
        default: Some(
            "DNT,X-CustomHeader,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Authorization",
        ),
        category: Cors,
        summary: "Request headers allowed in CORS requests",
        description: "With enable-cors, the comma-separated header names for \
            Access-Control-Allow-Headers; items are trimmed. Names may contain letters, digits, \
            `_` and `-`.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Not validated by the controller; invalid names are rejected by the ALB API.",
        see_also: &["alb.ingress.kubernetes.io/enable-cors"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "cors-allow-methods",
        value: ValueType::CommaList {
            allowed: Some(CORS_METHODS),
        },
        read: ReadAs::Trimmed,
        default: Some("GET, PUT, POST, DELETE, PATCH, OPTIONS"),
        category: Cors,
        summary: "Methods allowed in CORS requests",
        description: "With enable-cors, the comma-separated methods for \
            Access-Control-Allow-Methods; items are trimmed and case does not matter.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Not validated by the controller; unknown methods are rejected by the ALB API.",
        see_also: &["alb.ingress.kubernetes.io/enable-cors"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "cors-allow-origin",
        value: ValueType::CommaList { allowed: None },
        read: ReadAs::Trimmed,
        default: Some("*"),
        category: Cors,
        summary: "Origins allowed to make CORS requests",
        description: "With enable-cors, the comma-separated origins for \
            Access-Control-Allow-Origin, e.g. \"https://example.com:4443, http://aliyundoc.com\"; \
            items are trimmed. Each must start with http:// or https:// (or be `*`); a top-level \
            wildcard domain is allowed.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Not validated by the controller; malformed origins are rejected by the \
            ALB API.",
        see_also: &["alb.ingress.kubernetes.io/enable-cors"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "cors-expose-headers",
        value: ValueType::CommaList { allowed: None },
        read: ReadAs::Trimmed,
        category: Cors,
        summary: "Response headers exposed to CORS clients",
        description: "With enable-cors, the comma-separated header names for \
            Access-Control-Expose-Headers (letters, digits, `_`, `-`, `*`); none by default. An \
            empty value counts as not set.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Not validated by the controller; invalid names are rejected by the ALB API.",
        see_also: &["alb.ingress.kubernetes.io/enable-cors"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "cors-max-age",
        value: ValueType::Int(IntRange::new(-1, 172800, RejectedByApi)),
        read: ReadAs::Trimmed,
        default: Some("172800"),
        category: Cors,
        summary: "Seconds browsers may cache a preflight response",
        description: "With enable-cors, the Access-Control-Max-Age in seconds, -1 to 172800 (two \
            days). nginx's default of 1728000 is ten times ALB's maximum: a common migration mistake.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Passed on as a string: a non-integer fails when the controller builds the \
            API call, a value out of range is rejected by the ALB API, and either stops the whole \
            ALB's rule sync.",
        see_also: &["alb.ingress.kubernetes.io/enable-cors"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "edition",
        summary: "Former per-Ingress ALB edition; has no effect",
        description: "From the v1beta1 era. The controller no longer reads it; set \
            `spec.config.edition` (Basic, Standard, StandardWithWaf) in the AlbConfig.",
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "enable-cors",
        value: ValueType::Bool,
        read: ReadAs::Trimmed,
        default: Some("false"),
        category: Cors,
        summary: "Answer CORS requests at the load balancer",
        description: "\"true\" adds a Cors action to every rule of the Ingress, built from the \
            cors-* annotations or their defaults (any origin, common methods and headers, \
            credentials on, max age 172800).",
        on_invalid_note: "Anything other than \"true\" (after trimming) silently means false.",
        see_also: &[
            "alb.ingress.kubernetes.io/cors-allow-origin",
            "alb.ingress.kubernetes.io/cors-allow-methods",
            "alb.ingress.kubernetes.io/cors-allow-headers",
            "alb.ingress.kubernetes.io/cors-expose-headers",
            "alb.ingress.kubernetes.io/cors-allow-credentials",
            "alb.ingress.kubernetes.io/cors-max-age",
        ],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "force-override-listeners",
        summary: "Former listener override switch; has no effect",
        description: "From the v1beta1 era. The controller no longer reads it; use \
            `spec.config.listenerForceOverride` in the AlbConfig.",
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "healthcheck-code",
        status: Status::ManagedOnly,
        value: ValueType::String,
        default: Some("http_2xx"),
        category: HealthCheck,
        summary: "Healthy status codes (managed controller only; wins over healthcheck-httpcode)",
        description: "Documented for ACK's managed ALB Ingress controller, where it wins over \
            healthcheck-httpcode and also covers gRPC status codes (default 0 for gRPC). The \
            open-source controller does not read it.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Managed controller: invalid codes are rejected by the ALB API. \
            Open-source controller: never read.",
        see_also: &["alb.ingress.kubernetes.io/healthcheck-httpcode"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "healthcheck-connect-port",
        value: health_check_int(0, 65535),
        default: Some("0"),
        category: HealthCheck,
        summary: "Port health checks connect to (0: the backend's own port)",
        description: "The port ALB probes; 0, the default, probes each backend on the port it \
            serves on.",
        on_invalid: RejectedByApi,
        on_invalid_note: HEALTH_CHECK_INT_NOTE,
        see_also: HEALTH_CHECK_KEYS,
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "healthcheck-enabled",
        value: ValueType::Bool,
        default: Some("false"),
        category: HealthCheck,
        summary: "Probe backends and stop sending requests to unhealthy ones",
        description: "\"true\" turns on health checks for every server group the Ingress creates. \
            Off by default (an old version of the controller's docs said on). When enabled: HTTP \
            HEAD `/` with HTTP/1.1 and host `$SERVER_IP` every 2 s, timeout 5 s, 3 successes to \
            become healthy, 3 failures to become unhealthy, healthy codes http_2xx — each \
            adjustable by the healthcheck-* annotations.",
        on_invalid_note: "Anything other than the exact string \"true\" silently means false, and \
            all other healthcheck-* annotations then do nothing.",
        see_also: &[
            "alb.ingress.kubernetes.io/healthcheck-path",
            "alb.ingress.kubernetes.io/healthcheck-protocol",
            "alb.ingress.kubernetes.io/healthcheck-method",
            "alb.ingress.kubernetes.io/healthcheck-httpcode",
            "alb.ingress.kubernetes.io/healthcheck-timeout-seconds",
            "alb.ingress.kubernetes.io/healthcheck-interval-seconds",
            "alb.ingress.kubernetes.io/healthy-threshold-count",
            "alb.ingress.kubernetes.io/unhealthy-threshold-count",
        ],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "healthcheck-httpcode",
        value: ValueType::HealthCheckCodes,
        default: Some("http_2xx"),
        category: HealthCheck,
        summary: "Status classes that count as healthy (http_2xx…http_5xx)",
        description: "Comma-separated classes of status codes a probe must return: http_2xx (the \
            default), http_3xx, http_4xx, http_5xx (gRPC checks use status codes or ranges such as \
            0-99). The controller splits on `,` without trimming, so \"http_2xx, http_3xx\" sends \
            \" http_3xx\".",
        on_invalid: RejectedByApi,
        on_invalid_note: "Passed on verbatim, spaces included; the ALB API rejects unknown codes.",
        see_also: HEALTH_CHECK_KEYS,
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "healthcheck-httpversion",
        status: Status::ManagedOnly,
        value: ValueType::Enum {
            values: &["HTTP1.0", "HTTP1.1"],
            case_sensitive: true,
        },
        default: Some("HTTP1.1"),
        category: HealthCheck,
        summary: "HTTP version of health-check requests (managed controller only)",
        description: "Documented for ACK's managed ALB Ingress controller. The open-source \
            controller does not read it and always probes with HTTP1.1.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Managed controller: other values are rejected by the ALB API. \
            Open-source controller: never read.",
        see_also: HEALTH_CHECK_KEYS,
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "healthcheck-interval-seconds",
        value: health_check_int(1, 50),
        default: Some("2"),
        category: HealthCheck,
        summary: "Seconds between two health checks",
        description: "How often ALB probes each backend, in seconds (1–50).",
        on_invalid: RejectedByApi,
        on_invalid_note: HEALTH_CHECK_INT_NOTE,
        see_also: HEALTH_CHECK_KEYS,
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "healthcheck-method",
        value: ValueType::Enum {
            values: &["HEAD", "GET", "POST"],
            case_sensitive: true,
        },
        default: Some("HEAD"),
        category: HealthCheck,
        summary: "HTTP method of health-check requests",
        description: "HEAD (the default), GET, or POST (for gRPC checks). Passed to ALB as written.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Not validated by the controller; other values (including lower case) \
            are likely rejected by the ALB API.",
        see_also: HEALTH_CHECK_KEYS,
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "healthcheck-path",
        value: ValueType::UrlPath { max_len: 80 },
        default: Some("/"),
        category: HealthCheck,
        summary: "URL path of health-check requests",
        description: "The path ALB probes, sent to each backend's private IP. 1–80 characters, \
            starting with `/`: letters, digits and `-/.%?#&` plus `_;~!()*[]@$^:',+`.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Passed on verbatim; an invalid path is rejected by the ALB API.",
        see_also: HEALTH_CHECK_KEYS,
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "healthcheck-protocol",
        value: ValueType::Enum {
            values: &["HTTP", "HTTPS", "TCP", "GRPC"],
            case_sensitive: true,
        },
        default: Some("HTTP"),
        category: HealthCheck,
        summary: "Protocol of health checks: HTTP or TCP (managed controller: also HTTPS, GRPC)",
        description: "HTTP (the default) sends requests and checks status codes; TCP only opens a \
            connection. The managed controller's docs add HTTPS and GRPC. Passed to ALB as written.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Not validated by the controller; other values (including lower case) are \
            likely rejected by the ALB API.",
        see_also: HEALTH_CHECK_KEYS,
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "healthcheck-timeout-seconds",
        value: health_check_int(1, 300),
        default: Some("5"),
        category: HealthCheck,
        summary: "Seconds to wait for a health-check response",
        description: "A probe without a response within this many seconds (1–300) fails.",
        on_invalid: RejectedByApi,
        on_invalid_note: HEALTH_CHECK_INT_NOTE,
        see_also: HEALTH_CHECK_KEYS,
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "healthy-threshold-count",
        value: health_check_int(2, 10),
        default: Some("3"),
        category: HealthCheck,
        summary: "Consecutive successful checks before a backend is healthy again",
        description: "How many probes in a row (2–10) must pass before an unhealthy backend gets \
            requests again.",
        on_invalid: RejectedByApi,
        on_invalid_note: HEALTH_CHECK_INT_NOTE,
        see_also: HEALTH_CHECK_KEYS,
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "id",
        summary: "Former way to reuse an existing ALB; has no effect",
        description: "From the v1beta1 era. The controller no longer reads it; to reuse an ALB set \
            `spec.config.id` in the AlbConfig (a Basic-edition ALB cannot be used).",
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "listen-ports",
        value: ValueType::ListenPorts,
        read: ReadAs::Trimmed,
        category: ListenerTls,
        summary: "Listeners (port and protocol) the Ingress's rules go to",
        description: "A JSON array like `[{\"HTTP\": 80}, {\"HTTPS\": 443}]`; protocols HTTP, HTTPS \
            and QUIC in upper case, ports 1–65535 as numbers. Every rule then goes to every listed \
            listener. A listed port the AlbConfig has no listener for is silently skipped: the \
            annotation selects listeners, it does not create them. Without it the controller \
            derives ports from `spec.tls` (80 and/or 443).",
        on_invalid: GroupError,
        on_invalid_note: "Malformed JSON, an empty array, a port given as a string or outside \
            1–65535, or a protocol other than HTTP/HTTPS/QUIC fails the AlbConfig's model build.",
        see_also: &["alb.ingress.kubernetes.io/ssl-redirect"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "name",
        summary: "Former per-Ingress ALB name; has no effect",
        description: "From the v1beta1 era. The controller no longer reads it; set \
            `spec.config.name` in the AlbConfig.",
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "order",
        value: ValueType::Int(IntRange::new(1, 1000, GroupError)),
        read: ReadAs::VerbatimNonEmpty,
        default: Some("10"),
        category: Routing,
        summary: "Priority of the Ingress's rules within its AlbConfig (lower first)",
        description: "ALB evaluates rules strictly in priority order and the first match wins; \
            there is no longest-path sorting. The controller sorts the AlbConfig's Ingresses by \
            order (default 10), then by `namespace/name`, and numbers their rules in that order. \
            Use it to put narrower paths and header/cookie canaries first. \
            `albconfig.order` wins when both are present.",
        on_invalid: GroupError,
        on_invalid_note: "Not an integer, outside 1–1000, or the same explicit value on two \
            Ingresses of one AlbConfig: the AlbConfig's model build fails. Ingresses left at the \
            default 10 are not checked for clashes.",
        see_also: &["alb.ingress.kubernetes.io/albconfig.order"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "remove-unscheduled-backend",
        category: Backend,
        summary: "Former switch to drop unschedulable nodes from backends; has no effect",
        description: "Defined in the controller but never read.",
        ..DEAD_ROW
    },
    AnnotationSpec {
        name: "rewrite-target",
        value: ValueType::RewriteTarget,
        read: ReadAs::Trimmed,
        category: Routing,
        summary: "Replaces the request path before it reaches the backend",
        description: "Adds a Rewrite action that replaces the whole path (host and query are kept). \
            `${1}`–`${3}` insert capture groups of a regex path. Its mere presence (with a value \
            other than the path) switches every Prefix path of the Ingress except `/` to regex \
            mode (`~*<path>`), like use-regex. It does not strip a prefix: nginx-style \
            `rewrite-target: /` on path `/foo` sends every matching request to `/`. With \
            Exact/ImplementationSpecific paths nothing is captured. Dropped from ssl-redirect rules.",
        on_invalid: RejectedByApi,
        on_invalid_note: "Not validated by the controller; a path not starting with `/`, longer \
            than 128 characters, or using `${4}` and up is rejected by the ALB API.",
        see_also: &["alb.ingress.kubernetes.io/use-regex"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "rule-direction.<svc>",
        per_service: true,
        value: ValueType::Enum {
            values: &["Request", "Response"],
            case_sensitive: true,
        },
        default: Some("Request"),
        category: Routing,
        summary: "Whether the rules for paths to <svc> match requests or responses",
        description: "Response rules match on ResponseHeader and ResponseStatusCode conditions (see \
            conditions.<svc>) and act on the backend's response. Read verbatim and compared \
            exactly.",
        on_invalid: GroupError,
        on_invalid_note: "Anything but `Request` or `Response` (including other case, or empty) \
            fails the AlbConfig's model build.",
        see_also: &["alb.ingress.kubernetes.io/conditions.<svc>"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "server-group-id",
        target: Target::Service,
        category: Backend,
        summary: "On a Service: attach its endpoints to an existing ALB server group",
        description: "Read from a Service, not an Ingress: the controller registers the Service's \
            endpoints in the named, existing server group. On an Ingress it does nothing.",
        on_invalid: RejectedByApi,
        on_invalid_note: "An id that does not exist fails when the controller calls the ALB API.",
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "ssl-redirect",
        value: ValueType::Bool,
        read: ReadAs::VerbatimNonEmpty,
        default: Some("false"),
        category: ListenerTls,
        nginx_prefix_wins: true,
        summary: "Redirect HTTP to HTTPS with 308",
        description: "Adds 80/HTTP to the Ingress's listeners and turns every rule on every \
            listener whose port is not 443 into a 308 redirect to https://<host>:443<path>?<query> \
            (the docs say 301; the code sends 308). That includes an HTTPS or QUIC listener on, \
            say, 8443, which then redirects in a loop. Redirect rules keep header, limit and CORS \
            actions and drop rewrite, forward and canary weights. \
            `nginx.ingress.kubernetes.io/ssl-redirect` is read first and wins when present.",
        on_invalid_note: "Anything other than the exact string \"true\" silently means false.",
        see_also: &["alb.ingress.kubernetes.io/listen-ports"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "sticky-session",
        value: ValueType::Bool,
        default: Some("false"),
        category: Session,
        summary: "Keep each client on one backend (session persistence)",
        description: "\"true\" enables sticky sessions on every server group the Ingress creates. \
            With the default type Insert, ALB sets the cookies SERVERID and SERVERCORSID \
            (SameSite=None) on the first response and sends later requests that carry them to the \
            same backend, for cookie-timeout seconds.",
        on_invalid_note: "Anything other than the exact string \"true\" silently means false.",
        see_also: &[
            "alb.ingress.kubernetes.io/sticky-session-type",
            "alb.ingress.kubernetes.io/cookie-timeout",
        ],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "sticky-session-type",
        value: ValueType::Enum {
            values: &["Insert", "Server"],
            case_sensitive: true,
        },
        default: Some("Insert"),
        category: Session,
        summary: "How the sticky cookie is made: Insert (ALB's own) or Server (the backend's)",
        description: "Insert: ALB inserts its SERVERID cookie. Server: ALB rewrites a cookie the \
            backend sets, whose name would come from `cookie` — which the open-source controller \
            never reads, so Server cannot work there. Only with sticky-session \"true\".",
        on_invalid: RejectedByApi,
        on_invalid_note: "Passed on verbatim: other values, including `insert`, are rejected by \
            the ALB API.",
        see_also: &[
            "alb.ingress.kubernetes.io/sticky-session",
            "alb.ingress.kubernetes.io/cookie",
        ],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "traffic-limit-ip-qps",
        value: ValueType::Int(IntRange::new(1, 100_000, GroupError).above_max(RejectedByApi)),
        read: ReadAs::Trimmed,
        category: TrafficLimit,
        summary: "Requests per second each client IP may send to each rule",
        description: "Adds a TrafficLimit action with a per-source-IP QPS to every rule of the \
            Ingress; above it ALB answers 503. Limits are per rule, and the controller makes one \
            rule per path and listener. With traffic-limit-qps as well, it must be strictly less.",
        on_invalid: GroupError,
        on_invalid_note: "Not an integer, below 1, not below traffic-limit-qps, or combined with a \
            TrafficLimit in actions.<svc>: the AlbConfig's model build fails. Above 100000: not \
            checked by the controller; the ALB API rejects it.",
        see_also: &["alb.ingress.kubernetes.io/traffic-limit-qps"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "traffic-limit-qps",
        value: ValueType::Int(IntRange::new(1, 100_000, GroupError).above_max(RejectedByApi)),
        read: ReadAs::Trimmed,
        category: TrafficLimit,
        summary: "Requests per second each rule of the Ingress accepts",
        description: "Adds a TrafficLimit action to every rule of the Ingress; requests above the \
            limit get 503 (or the rule's redirect/fixed response). Limits are per rule, and the \
            controller makes one rule per path and listener, so each path has its own budget.",
        on_invalid: GroupError,
        on_invalid_note: "Not an integer, below 1, or combined with a TrafficLimit in \
            actions.<svc>: the AlbConfig's model build fails. Above 100000: not checked by the \
            controller; the ALB API rejects it.",
        see_also: &["alb.ingress.kubernetes.io/traffic-limit-ip-qps"],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "unhealthy-threshold-count",
        value: health_check_int(2, 10),
        default: Some("3"),
        category: HealthCheck,
        summary: "Consecutive failed checks before a backend is unhealthy",
        description: "How many probes in a row (2–10) must fail before a backend stops getting \
            requests.",
        on_invalid: RejectedByApi,
        on_invalid_note: HEALTH_CHECK_INT_NOTE,
        see_also: HEALTH_CHECK_KEYS,
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "use-regex",
        value: ValueType::RegexSwitch,
        read: ReadAs::Trimmed,
        category: Routing,
        summary: "Treat Prefix paths as regular expressions",
        description: "Documented as \"true\"/\"false\", but the controller only checks that it is \
            present, non-empty and different from the path: \"false\" enables regex mode too. In \
            regex mode a Prefix path (except `/`) becomes the case-insensitive regex `~*<path>` \
            with no trimming and no wildcard check; Exact and ImplementationSpecific paths are not \
            affected. Regex values in conditions.<svc> need the `~*` prefix themselves.",
        on_invalid: Misinterpreted,
        on_invalid_note: "Any value other than the path itself — including \"false\" — turns regex \
            mode on. Remove the annotation to turn it off.",
        see_also: &[
            "alb.ingress.kubernetes.io/rewrite-target",
            "alb.ingress.kubernetes.io/conditions.<svc>",
        ],
        ..ALB_ROW
    },
    AnnotationSpec {
        name: "vswitch-ids",
        summary: "Former per-Ingress ALB vSwitches; has no effect",
        description: "From the v1beta1 era. The controller no longer reads it; set \
            `spec.config.zoneMappings` (at least two zones) in the AlbConfig.",
        ..DEAD_ROW
    },
    // ---- CCE (Huawei Cloud), ELB-backed Ingress ---------------------------------------------
    AnnotationSpec {
        name: "client_timeout",
        value: ValueType::Int(IntRange::new(1, 300, RejectedByApi)),
        default: Some("60"),
        summary: "Seconds the ELB waits for a client's request",
        description: "How long the ELB listener waits for a client to send a complete request \
            once the connection is open; a dedicated-ELB listener setting, written on the Ingress. \
            On ALB the closest setting is the AlbConfig listener's `requestTimeout`.",
        on_invalid_note: "Values outside 1–300 seconds are rejected when the listener is updated.",
        ..CCE_ROW
    },
    AnnotationSpec {
        name: "keepalive_timeout",
        value: ValueType::Int(IntRange::new(0, 4000, RejectedByApi)),
        default: Some("60"),
        summary: "Seconds an idle client connection stays open",
        description: "The ELB listener's idle timeout for client connections: too short and \
            persistent clients reconnect often, too long and idle connections hold resources. On \
            ALB the closest setting is the AlbConfig listener's `idleTimeout`.",
        on_invalid_note: "Values outside 0–4000 seconds are rejected when the listener is updated.",
        ..CCE_ROW
    },
    AnnotationSpec {
        name: "member_timeout",
        value: ValueType::Int(IntRange::new(1, 300, RejectedByApi)),
        default: Some("60"),
        summary: "Seconds the ELB waits for a backend's response",
        description: "How long the ELB waits for a backend server to respond to a forwarded \
            request; slow backends beyond it get an error response. On ALB the closest setting is \
            the AlbConfig listener's `requestTimeout`.",
        on_invalid_note: "Values outside 1–300 seconds are rejected when the listener is updated.",
        ..CCE_ROW
    },
    // ---- ingress-nginx ----------------------------------------------------------------------
    AnnotationSpec {
        name: "affinity",
        value: ValueType::Enum {
            values: &["cookie"],
            case_sensitive: true,
        },
        summary: "Session affinity type; `cookie` is the only one",
        description: "`cookie` makes ingress-nginx pin each client to one upstream with a cookie \
            it creates (INGRESSCOOKIE by default). When a Service is used by several Ingresses, \
            the first one created decides the affinity.",
        on_invalid: Ignored,
        on_invalid_note: "Any other value leaves affinity off.",
        see_also: &["alb.ingress.kubernetes.io/sticky-session"],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "affinity-canary-behavior",
        value: ValueType::Enum {
            values: &["sticky", "legacy"],
            case_sensitive: true,
        },
        default: Some("sticky"),
        summary: "Whether canaries respect session affinity",
        description: "`sticky` (the default): canaries respect the affinity configuration. \
            `legacy`: the older behaviour, where affinity parameters were not respected.",
        on_invalid: Ignored,
        on_invalid_note: "Other values fall back to the default.",
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "affinity-mode",
        value: ValueType::Enum {
            values: &["balanced", "persistent"],
            case_sensitive: true,
        },
        default: Some("balanced"),
        summary: "How sticky a session is: balanced or persistent",
        description: "`balanced` (the default) redistributes some sessions when pods are scaled; \
            `persistent` keeps every session on its upstream for maximum stickiness.",
        on_invalid: Ignored,
        on_invalid_note: "Other values fall back to the default.",
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "app-root",
        value: ValueType::Pattern {
            regex: r"^/[-._~a-zA-Z0-9/:$]*$",
            syntax: "a path starting with `/`, of letters, digits and `-._~/:$`",
            strip_spaces: false,
        },
        read: ReadAs::VerbatimNonEmpty,
        on_invalid: IgnoredWithLog,
        category: Routing,
        summary: "Redirects requests for `/` to this path with 302",
        description: "Adds `if ($uri = /) { return 302 $scheme://$http_host<app-root>; }` to the \
            server of each of the Ingress's hosts: every request whose path is exactly `/` (after \
            normalisation), whichever location it would match, is redirected to this path, and \
            its query string is dropped. It runs before everything else, CORS and ssl-redirect \
            included. A path, not a URL. ALB has no such annotation; a Redirect action in \
            `alb.ingress.kubernetes.io/actions.<svc>` on an Exact `/` path does the same.",
        on_invalid_note: "Not starting with `/`, a full URL, or a character outside letters, \
            digits and `-._~/:$` (a query `?x=1`, `%`): logged and ignored; no redirect.",
        see_also: &["nginx.ingress.kubernetes.io/permanent-redirect"],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "backend-protocol",
        value: ValueType::Enum {
            values: &["HTTP", "HTTPS", "AUTO_HTTP", "GRPC", "GRPCS", "FCGI"],
            case_sensitive: false,
        },
        default: Some("HTTP"),
        on_invalid: IgnoredWithLog,
        category: Backend,
        summary: "Protocol to the backends: HTTP, HTTPS, AUTO_HTTP, GRPC, GRPCS or FCGI",
        description: "How the Ingress's locations talk to the pods: HTTP (`proxy_pass http://`), \
            HTTPS, AUTO_HTTP (the scheme the client used), GRPC and GRPCS (`grpc_pass`, cleartext \
            or TLS), FCGI (`fastcgi_pass`). Any case is accepted, but write GRPC and GRPCS in \
            upper case: only then do the proxy-*-timeout values become `grpc_*_timeout`. The \
            host's unmatched paths (the default backend) always use HTTP. ALB knows only http, \
            https and grpc, in lower case: `alb.ingress.kubernetes.io/backend-protocol: HTTPS` \
            silently means http.",
        on_invalid_note: "Any other value (`H2`, `TCP`): logged, and HTTP is used.",
        see_also: &[
            "alb.ingress.kubernetes.io/backend-protocol",
            "nginx.ingress.kubernetes.io/proxy-read-timeout",
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "canary",
        default: Some("false"),
        category: Canary,
        summary: "Makes the Ingress a canary: its Services take a share of the main Ingress's traffic",
        description: "\"true\" (or any Go boolean true: `True`, `1`, `t`) makes the Ingress a canary. \
            It creates no location of its own: each of its paths whose host, path string and \
            pathType equal those of a non-canary Ingress's path attaches its Service as the \
            alternative of that path's Service upstream, so the split applies wherever that \
            Service is used, on every host and path. Only the first canary of a Service counts, \
            and the canary's Service must not be used by a non-canary Ingress. Each request goes \
            to the canary by canary-by-header, then canary-by-cookie, then canary-weight; a \
            sticky session cookie overrides all three. Other canary-* keys without `canary: \
            \"true\"` make ingress-nginx drop the canary settings silently, and the Ingress is an \
            ordinary one. The ALB controller reads this key too, before its own \
            `alb.ingress.kubernetes.io/canary`, but there only the exact string \"true\" counts.",
        on_invalid_note: "Not a Go boolean (`yes`, `\" true\"`): logged and read as false, so \
            the Ingress is an ordinary one; for a host and path the main Ingress already has, the \
            older of the two wins.",
        see_also: &[
            CANARY,
            NGINX_CANARY_BY_HEADER,
            NGINX_CANARY_BY_COOKIE,
            NGINX_CANARY_WEIGHT,
        ],
        ..NGINX_BOOL
    },
    AnnotationSpec {
        name: "canary-by-cookie",
        value: NGINX_BASIC_CHARS,
        on_invalid: IgnoredWithLog,
        category: Canary,
        summary: "Cookie that routes a request to the canary (`always`) or away from it (`never`)",
        description: "The name of a cookie checked after canary-by-header: value `always` sends \
            the request to the canary, `never` to the main Service (the weight is not rolled), \
            anything else falls through to canary-weight. Values compare case-sensitively \
            (`Always` falls through). On ALB a cookie condition is AND-ed with a header canary, \
            cannot be combined with a weight, and only `always` works. The ALB controller reads \
            this key too, before `alb.ingress.kubernetes.io/canary-by-cookie`.",
        on_invalid_note: "A character other than letters, digits and `-._~/:` (spaces are \
            removed for the check): logged and treated as not set.",
        see_also: &[CANARY_BY_COOKIE, NGINX_CANARY, NGINX_CANARY_BY_HEADER],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "canary-by-header",
        value: NGINX_BASIC_CHARS,
        on_invalid: IgnoredWithLog,
        category: Canary,
        summary: "Request header that routes a request to the canary (`always`) or away from it (`never`)",
        description: "The name of a request header (matched in any case), checked first: value \
            `always` sends the request to the canary, `never` to the main Service, anything else \
            falls through to canary-by-cookie and canary-weight. canary-by-header-value (exact) \
            or canary-by-header-pattern (regex) replace `always` with values of your own, and then \
            `never` means nothing. Values compare case-sensitively. On ALB the header and cookie \
            conditions must both match (AND), and a header canary cannot have a weight. The ALB \
            controller reads this key too, before `alb.ingress.kubernetes.io/canary-by-header`.",
        on_invalid_note: "A character other than letters, digits and `-._~/:` (spaces are \
            removed for the check): logged and treated as not set, so no header is checked.",
        see_also: &[
            CANARY_BY_HEADER,
            "nginx.ingress.kubernetes.io/canary-by-header-value",
            "nginx.ingress.kubernetes.io/canary-by-header-pattern",
            NGINX_CANARY,
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "canary-by-header-pattern",
        value: ValueType::Pattern {
            regex: r"^[-._~a-zA-Z0-9/:^$\[\](){}*+?|&=\\]*$",
            syntax: "a regex of letters, digits, `-._~/:` and `^$[](){}*+?|&=\\`",
            strip_spaces: false,
        },
        read: ReadAs::VerbatimNonEmpty,
        on_invalid: IgnoredWithLog,
        category: Canary,
        summary: "Regex on the canary-by-header value that routes a request to the canary",
        description: "With canary-by-header and without canary-by-header-value: the header's value \
            is matched against this PCRE regex, case-sensitively and unanchored (add `^` and `$` \
            yourself). A match goes to the canary; no match falls through to the cookie and the \
            weight; a regex that fails to compile sends the request to the main Service. ALB has no \
            such annotation: its header conditions take `*` and `?` wildcards, and the ALB \
            controller does not read this key.",
        on_invalid_note: "Any other character (a space, `,`, `#`): logged and treated as not set, \
            so the header falls back to `always`/`never`.",
        see_also: &[
            NGINX_CANARY_BY_HEADER,
            "nginx.ingress.kubernetes.io/canary-by-header-value",
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "canary-by-header-value",
        value: NGINX_BASIC_CHARS,
        on_invalid: IgnoredWithLog,
        category: Canary,
        summary: "Value of the canary-by-header header that routes a request to the canary",
        description: "With canary-by-header: a request whose header equals this value exactly \
            (case-sensitive) goes to the canary; any other value, `never` included, falls through \
            to the cookie and the weight. Wins over canary-by-header-pattern; without \
            canary-by-header it does nothing. ALB matches the value with `*`/`?` wildcards. The \
            ALB controller reads this key too, before \
            `alb.ingress.kubernetes.io/canary-by-header-value`.",
        on_invalid_note: "A character other than letters, digits and `-._~/:` (spaces are \
            removed for the check): logged and treated as not set, so the header falls back to \
            `always`/`never`.",
        see_also: &[
            CANARY_BY_HEADER_VALUE,
            NGINX_CANARY_BY_HEADER,
            "nginx.ingress.kubernetes.io/canary-by-header-pattern",
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "canary-weight",
        value: ValueType::Int(IntRange::new(0, i64::MAX, Ignored).not_int(IgnoredWithLog)),
        default: Some("0"),
        category: Canary,
        summary: "Share of requests sent to the canary, out of canary-weight-total (100)",
        description: "Requests no header or cookie decided go to the canary with probability \
            weight/total, where the total is canary-weight-total if that is above 100, else 100: \
            `20` sends about 20 %. A weight at or above the total sends every request; 0 sends \
            none. Each request is rolled on its own, unless a sticky session cookie pins it. \
            Unlike ALB, header, cookie and weight can be combined on one Ingress (checked in that \
            order). The ALB controller reads this key too, before \
            `alb.ingress.kubernetes.io/canary-weight`, as a percentage 0–100 with no total.",
        on_invalid_note: "Not an integer (`20%`, `0.5`, `\" 20\"`): logged, and the weight is 0. \
            Negative: silently no request goes to the canary.",
        see_also: &[
            CANARY_WEIGHT,
            "nginx.ingress.kubernetes.io/canary-weight-total",
            NGINX_CANARY,
        ],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "canary-weight-total",
        value: ValueType::Int(IntRange::new(100, i64::MAX, Ignored).not_int(IgnoredWithLog)),
        default: Some("100"),
        category: Canary,
        summary: "What canary-weight is out of; only a total above 100 counts",
        description: "The denominator of canary-weight, for splits finer than 1 %: weight 1 of \
            total 1000 sends 0.1 % of requests. ingress-nginx's balancer uses it only when it is \
            above 100, so 100 and less count as 100: weight 25 of total 50 sends 25 %, not 50 %. \
            The ALB controller reads neither this key nor \
            `alb.ingress.kubernetes.io/canary-weight-total` (unsupported there): on ALB, scale \
            the weight to a percentage.",
        on_invalid_note: "Not an integer: logged, and the total is 100. 100 or less: silently \
            treated as 100.",
        see_also: &[NGINX_CANARY_WEIGHT, NGINX_CANARY],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "cors-allow-credentials",
        default: Some("true"),
        category: Cors,
        summary: "Send Access-Control-Allow-Credentials: true (on by default)",
        description: "With enable-cors: on by default, CORS responses carry \
            `Access-Control-Allow-Credentials: true`; \"false\" (any Go boolean false) leaves the \
            header out. With the default origin `*` the response says \
            `Access-Control-Allow-Origin: *`, which browsers refuse for requests with \
            credentials: list the origins. ALB's key accepts only `true` and `false`.",
        on_invalid_note: "Not a Go boolean: logged, and the default (true) is used.",
        see_also: &[
            "alb.ingress.kubernetes.io/cors-allow-credentials",
            NGINX_ENABLE_CORS,
        ],
        ..NGINX_BOOL
    },
    AnnotationSpec {
        name: "cors-allow-headers",
        value: ValueType::Pattern {
            regex: r"^[A-Za-z0-9\-_, ]*$",
            syntax: "comma-separated header names (letters, digits, `-`, `_`)",
            strip_spaces: true,
        },
        default: Some(
            "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization",
        ),
        on_invalid: IgnoredWithLog,
        category: Cors,
        summary: "Request headers allowed in CORS requests (Access-Control-Allow-Headers)",
        description: "With enable-cors, the Access-Control-Allow-Headers value, sent as written. \
            The default differs from ALB's, which has X-CustomHeader and no Range. `*` is not \
            allowed.",
        on_invalid_note: "Any other character (`*`, `.`, `;`): logged, and the default is used.",
        see_also: &[
            "alb.ingress.kubernetes.io/cors-allow-headers",
            NGINX_ENABLE_CORS,
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "cors-allow-methods",
        value: ValueType::Pattern {
            regex: r"^([A-Za-z]+,?\s?)+$",
            syntax: "comma-separated method names (letters only)",
            strip_spaces: true,
        },
        default: Some("GET, PUT, POST, DELETE, PATCH, OPTIONS"),
        on_invalid: IgnoredWithLog,
        category: Cors,
        summary: "Methods allowed in CORS requests (Access-Control-Allow-Methods)",
        description: "With enable-cors, the Access-Control-Allow-Methods value, sent as written; \
            not checked against real methods. The default is the same as ALB's.",
        on_invalid_note: "Anything but letters, commas and spaces (`*`, `GET;POST`): logged, and \
            the default is used.",
        see_also: &[
            "alb.ingress.kubernetes.io/cors-allow-methods",
            NGINX_ENABLE_CORS,
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "cors-allow-origin",
        value: ValueType::Pattern {
            regex: r"^((((([a-z]+://)?(\*\.)?[A-Za-z0-9\-.]*(:\d+)?,?)|null)+)|\*)?$",
            syntax: "`*`, or comma-separated origins `scheme://host[:port]` (the first label may \
                be `*.`) or `null`",
            strip_spaces: true,
        },
        default: Some("*"),
        on_invalid: IgnoredWithLog,
        category: Cors,
        summary: "Origins allowed to make CORS requests",
        description: "With enable-cors: `*` (the default) makes every request a CORS request, \
            Origin header or not. A list such as `https://example.com, https://*.example.org:8443` \
            makes a request CORS when its Origin matches an entry, case-insensitively, and the \
            response echoes that Origin; the match is anchored only at the end, so an Origin that \
            merely ends with an allowed one matches too. `*.` stands for exactly one label. \
            Entries without a scheme pass the check but are skipped (logged); if none remain, \
            there is no CORS handling at all.",
        on_invalid_note: "A value failing the check (a path, a trailing `/`, `*` inside a list): \
            logged, and the default `*` is used, which allows every origin.",
        see_also: &[
            "alb.ingress.kubernetes.io/cors-allow-origin",
            NGINX_ENABLE_CORS,
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "cors-expose-headers",
        value: ValueType::Pattern {
            regex: r"^(([A-Za-z0-9\-_]+|\*),?\s?)+$",
            syntax: "comma-separated header names (letters, digits, `-`, `_`) or `*`",
            strip_spaces: true,
        },
        on_invalid: IgnoredWithLog,
        category: Cors,
        summary: "Response headers exposed to CORS clients (Access-Control-Expose-Headers)",
        description: "With enable-cors, the Access-Control-Expose-Headers value, sent as written. \
            None by default, and then the header is not sent.",
        on_invalid_note: "Any other character: logged and treated as not set.",
        see_also: &[
            "alb.ingress.kubernetes.io/cors-expose-headers",
            NGINX_ENABLE_CORS,
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "cors-max-age",
        value: ValueType::Int(ANY_INT),
        default: Some("1728000"),
        category: Cors,
        summary: "Seconds browsers may cache a preflight response (default 1728000)",
        description: "With enable-cors, the Access-Control-Max-Age value in seconds; the default \
            1728000 is 20 days (browsers cap it much lower). ALB's cors-max-age defaults to \
            172800 and rejects anything above it: carrying 1728000 over to \
            `alb.ingress.kubernetes.io/cors-max-age` makes the ALB API refuse the update.",
        on_invalid_note: "Not an integer (`20d`, `\" 600\"`): logged, and 1728000 is used.",
        see_also: &["alb.ingress.kubernetes.io/cors-max-age", NGINX_ENABLE_CORS],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "enable-cors",
        default: Some("false"),
        category: Cors,
        summary: "Answer CORS preflights and add CORS headers to responses",
        description: "\"true\" (any Go boolean true) makes ingress-nginx handle CORS for the \
            Ingress's paths. Every OPTIONS request from an allowed origin, preflight or not, is \
            answered 204 with the Access-Control-* headers, before redirects, ssl-redirect and \
            auth; other requests from an allowed origin get the same headers added to whatever \
            response follows. Defaults: origin `*`, credentials true, methods `GET, PUT, POST, \
            DELETE, PATCH, OPTIONS`, max age 1728000. ALB's enable-cors needs the exact string \
            \"true\", and its cors-max-age default and maximum is 172800.",
        on_invalid_note: "Not a Go boolean: logged and read as false; no CORS handling.",
        see_also: &[
            "alb.ingress.kubernetes.io/enable-cors",
            "nginx.ingress.kubernetes.io/cors-allow-origin",
            "nginx.ingress.kubernetes.io/cors-allow-methods",
            "nginx.ingress.kubernetes.io/cors-allow-headers",
            "nginx.ingress.kubernetes.io/cors-expose-headers",
            "nginx.ingress.kubernetes.io/cors-allow-credentials",
            "nginx.ingress.kubernetes.io/cors-max-age",
        ],
        ..NGINX_BOOL
    },
    AnnotationSpec {
        name: "force-ssl-redirect",
        default: Some("false"),
        category: ListenerTls,
        summary: "Redirect HTTP to HTTPS (308) even for hosts without TLS",
        description: "\"true\" redirects every plain-HTTP request for the Ingress's paths to \
            `https://<host><uri>` with 308 (the ConfigMap's `http-redirect-code`), whether or not \
            the host has a certificate: for TLS terminated in front of ingress-nginx. With the \
            ConfigMap's `use-forwarded-headers`, X-Forwarded-Proto says what plain HTTP is. The \
            trailing `/` is handled as for ssl-redirect. Default: the ConfigMap's \
            `force-ssl-redirect` (false). The ALB controller does not read it; its ssl-redirect \
            needs no certificate anyway.",
        on_invalid_note: "Not a Go boolean: logged, and the ConfigMap's `force-ssl-redirect` \
            (default false) is used.",
        see_also: &[
            NGINX_SSL_REDIRECT,
            "nginx.ingress.kubernetes.io/preserve-trailing-slash",
        ],
        ..NGINX_BOOL
    },
    AnnotationSpec {
        name: "limit-burst-multiplier",
        value: ValueType::Int(IntRange::new(1, i64::MAX, RejectedByApi).not_int(IgnoredWithLog)),
        default: Some("5"),
        category: TrafficLimit,
        summary: "Burst of limit-rps and limit-rpm, as a multiple of the limit (default 5)",
        description: "limit-rps and limit-rpm let a client exceed the rate by a burst of limit × \
            this many requests, served without delay (`limit_req … burst=<n> nodelay`): with \
            limit-rps 10 and the default 5, 51 requests in a row pass, then one per 0.1 s. Not \
            used by limit-connections.",
        on_invalid_note: "Not an integer: logged, and 5 is used. 0 or negative, with limit-rps or \
            limit-rpm set: the burst is 0 or below, which nginx refuses when the configuration is \
            reloaded, so no change to any Ingress takes effect until it is fixed.",
        see_also: &[
            "nginx.ingress.kubernetes.io/limit-rps",
            "nginx.ingress.kubernetes.io/limit-rpm",
        ],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "limit-connections",
        value: ValueType::Int(IntRange::new(0, i64::MAX, Ignored).not_int(IngressRejected)),
        default: Some("0"),
        on_invalid: IngressRejected,
        category: TrafficLimit,
        summary: "Requests each client IP may have in progress at once",
        description: "`limit_conn <zone> <n>`: a client address with this many requests in \
            progress gets 503 for the next one. The zone belongs to the Ingress, so all its paths \
            and hosts share the count. limit-burst-multiplier does not apply. 0 (the default): no \
            limit. ALB has no concurrency limit.",
        on_invalid_note: "Not an integer: the admission webhook rejects the Ingress; without the \
            webhook the controller ignores it. Negative: silently no limit.",
        see_also: &["nginx.ingress.kubernetes.io/limit-rps"],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "limit-rpm",
        value: ValueType::Int(IntRange::new(0, i64::MAX, Ignored).not_int(IngressRejected)),
        default: Some("0"),
        on_invalid: IngressRejected,
        category: TrafficLimit,
        summary: "Requests per minute each client IP may send to the Ingress's paths",
        description: "Like limit-rps, per minute: `limit_req` with rate `<n>r/m` and \
            burst=<n × limit-burst-multiplier> nodelay; requests beyond get 503. The zone belongs \
            to the Ingress, shared by all its paths and hosts. 0 (the default): no limit. ALB \
            limits only per second (`alb.ingress.kubernetes.io/traffic-limit-ip-qps`).",
        on_invalid_note: "Not an integer (`\"100r/m\"`): the admission webhook rejects the \
            Ingress; without the webhook the controller ignores it. Negative: silently no limit.",
        see_also: &["nginx.ingress.kubernetes.io/limit-rps", NGINX_LIMIT_BURST],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "limit-rps",
        value: ValueType::Int(IntRange::new(0, i64::MAX, Ignored).not_int(IngressRejected)),
        default: Some("0"),
        on_invalid: IngressRejected,
        category: TrafficLimit,
        summary: "Requests per second each client IP may send to the Ingress's paths",
        description: "Limits each client address (`$binary_remote_addr`) with `limit_req` at this \
            rate and burst=<n × limit-burst-multiplier> nodelay: a burst of that many plus one \
            passes at once, then one request per 1/n s; the rest get 503. The zone belongs to the \
            Ingress, so all its paths and hosts share one budget per client. 0 (the default): no \
            limit. ALB's `alb.ingress.kubernetes.io/traffic-limit-ip-qps` is per rule (path and \
            listener) and has no burst.",
        on_invalid_note: "Not an integer (`\"10r/s\"`, `\" 10\"`): the admission webhook rejects \
            the Ingress; without the webhook the controller ignores it. Negative: silently no \
            limit.",
        see_also: &[
            NGINX_LIMIT_BURST,
            "nginx.ingress.kubernetes.io/limit-rpm",
            "nginx.ingress.kubernetes.io/limit-connections",
        ],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "load-balance",
        value: ValueType::Enum {
            values: &[
                "round_robin",
                "ewma",
                "chash",
                "chashsubset",
                "sticky_balanced",
                "sticky_persistent",
            ],
            case_sensitive: true,
        },
        default: Some("round_robin"),
        on_invalid: IngressRejected,
        category: Scheduling,
        summary: "Load-balancing algorithm of the Service upstreams: round_robin, ewma, …",
        description: "`round_robin` (the ConfigMap's `load-balance` default; each nginx worker \
            starts at a random endpoint) or `ewma` (of two random endpoints, the one with the \
            lower moving average of response time). `chash` and `chashsubset` hash on \
            upstream-hash-by, and `sticky_balanced` and `sticky_persistent` are cookie affinity; \
            those annotations select them by themselves and win over this key. It is set per \
            Service port: the first Ingress (oldest) that routes to it decides. ALB's counterpart \
            is `alb.ingress.kubernetes.io/backend-scheduler` (wrr, wlc, sch, uch).",
        on_invalid_note: "Any other value, including other case (`EWMA`) or `least_conn`: the \
            admission webhook rejects the Ingress; without the webhook the controller ignores it.",
        see_also: &["nginx.ingress.kubernetes.io/upstream-hash-by"],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "permanent-redirect",
        value: NGINX_URL_CHARS,
        read: ReadAs::VerbatimNonEmpty,
        on_invalid: IngressRejected,
        category: Routing,
        summary: "Answers every request for the Ingress's paths with a redirect to this URL (301)",
        description: "Renders `return <code> <url>;` in each of the Ingress's locations, the code \
            being permanent-redirect-code (301 by default): the URL is sent as written, without \
            the request's path or query. temporal-redirect wins when both are set. It runs after \
            a CORS preflight answer and before ssl-redirect, rate limits and auth. Any URL or \
            path, but only letters, digits and `-._~/:,?&=`. On ALB use a Redirect action in \
            `alb.ingress.kubernetes.io/actions.<svc>`.",
        on_invalid_note: "Any other character (`%`, `#`, `+`, a space): the admission webhook \
            rejects the Ingress; without the webhook the controller ignores it (an update keeps \
            serving the previous version).",
        see_also: &[
            "nginx.ingress.kubernetes.io/permanent-redirect-code",
            "nginx.ingress.kubernetes.io/temporal-redirect",
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "permanent-redirect-code",
        value: ValueType::Int(IntRange::new(300, 308, Ignored).not_int(IngressRejected)),
        default: Some("301"),
        on_invalid: IngressRejected,
        category: Routing,
        summary: "Status code of permanent-redirect: 300–308, default 301",
        description: "The status permanent-redirect answers with; values outside 300–308 \
            silently become 301. nginx treats only 301, 302, 303, 307 and 308 as redirects: with \
            300, 304, 305 or 306 the URL is sent as the response body, without a Location header. \
            Read, and checked, even without permanent-redirect (unless temporal-redirect is set).",
        on_invalid_note: "Not an integer (`\"301 \"`, `moved`): the admission webhook rejects the \
            Ingress, even without permanent-redirect; without the webhook the controller ignores \
            it. Outside 300–308: silently 301.",
        see_also: &["nginx.ingress.kubernetes.io/permanent-redirect"],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "preserve-trailing-slash",
        default: Some("false"),
        category: ListenerTls,
        summary: "Keep the trailing slash in HTTPS redirects",
        description: "ssl-redirect and force-ssl-redirect send the client to `https://<host>` plus \
            the request URI without its last byte if that is `/`: `/a/` goes to `https://h/a`, \
            `/` to `https://h` (`/a/?x` is kept as it is). \"true\" keeps the URI unchanged. \
            Default: the ConfigMap's `preserve-trailing-slash` (false). ALB's redirect keeps the \
            path as it is.",
        on_invalid_note: "Not a Go boolean: logged, and the ConfigMap's \
            `preserve-trailing-slash` (default false) is used.",
        see_also: &[
            NGINX_SSL_REDIRECT,
            "nginx.ingress.kubernetes.io/force-ssl-redirect",
        ],
        ..NGINX_BOOL
    },
    AnnotationSpec {
        name: "proxy-connect-timeout",
        value: ValueType::Int(NGINX_SECONDS),
        default: Some("5"),
        category: Timeouts,
        summary: "Seconds to wait for a connection to a pod (default 5)",
        description: "`proxy_connect_timeout <n>s` (`grpc_connect_timeout` with backend-protocol \
            GRPC or GRPCS) in the Ingress's locations: how long nginx waits to connect to a pod \
            before it tries another one or answers 504. Whole seconds: `5s` is not an integer. \
            Default: the ConfigMap's `proxy-connect-timeout` (5). ALB has no per-Ingress \
            timeouts; the AlbConfig listener's `requestTimeout` covers the whole request.",
        on_invalid_note: NGINX_SECONDS_NOTE,
        see_also: &[
            "nginx.ingress.kubernetes.io/proxy-send-timeout",
            "nginx.ingress.kubernetes.io/proxy-read-timeout",
        ],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "proxy-read-timeout",
        value: ValueType::Int(NGINX_SECONDS),
        default: Some("60"),
        category: Timeouts,
        summary: "Seconds a pod may stay silent while sending the response (default 60)",
        description: "`proxy_read_timeout <n>s` (`grpc_read_timeout` with backend-protocol GRPC or \
            GRPCS): the longest pause between two reads of the response from the pod, not a limit \
            on the whole response. When it expires before anything was sent to the client, nginx \
            answers 504. Long polling and slow reports need more. Whole seconds: `60s` is not an \
            integer. Default: the ConfigMap's `proxy-read-timeout` (60). On ALB, the AlbConfig \
            listener's `requestTimeout` (default 60) limits the whole request instead.",
        on_invalid_note: NGINX_SECONDS_NOTE,
        see_also: &[
            "nginx.ingress.kubernetes.io/proxy-connect-timeout",
            "nginx.ingress.kubernetes.io/proxy-send-timeout",
            NGINX_BACKEND_PROTOCOL,
        ],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "proxy-send-timeout",
        value: ValueType::Int(NGINX_SECONDS),
        default: Some("60"),
        category: Timeouts,
        summary: "Seconds a pod may take to accept more of the request (default 60)",
        description: "`proxy_send_timeout <n>s` (`grpc_send_timeout` with backend-protocol GRPC or \
            GRPCS): the longest pause between two writes of the request to the pod, not a limit \
            on the whole upload; when it expires the connection is closed. Whole seconds: `60s` \
            is not an integer. Default: the ConfigMap's `proxy-send-timeout` (60).",
        on_invalid_note: NGINX_SECONDS_NOTE,
        see_also: &[
            "nginx.ingress.kubernetes.io/proxy-connect-timeout",
            "nginx.ingress.kubernetes.io/proxy-read-timeout",
        ],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "rewrite-target",
        value: ValueType::Pattern {
            regex: r"^/?[-._~a-zA-Z0-9/:$]*$",
            syntax: "a path of letters, digits and `-._~/:$`, captures written `$1`",
            strip_spaces: false,
        },
        read: ReadAs::VerbatimNonEmpty,
        on_invalid: IgnoredWithLog,
        category: Routing,
        summary: "Replaces the request path, using $1, $2… captured by a regex path",
        description: "Renders `rewrite \"(?i)<path>\" <target> break;`: the whole path is \
            replaced by the target, in which `$1`, `$2`… are the groups the (case-insensitive) \
            path regex captured; the query string is kept. To strip a prefix, use path \
            `/app(/|$)(.*)` (pathType ImplementationSpecific) with target `/$2`. A target other \
            than the path also turns regex mode on for the whole host, as use-regex does; a \
            target equal to the path does nothing. ALB writes captures as `${1}`–`${3}`, which \
            ingress-nginx's validator refuses (no braces), so an ALB-style target is ignored here.",
        on_invalid_note: "A character outside letters, digits and `-._~/:$` (a space, `{`, `?`, \
            `%`): logged and ignored, so requests reach the backend with their original path.",
        see_also: &[
            "alb.ingress.kubernetes.io/rewrite-target",
            "nginx.ingress.kubernetes.io/use-regex",
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "session-cookie-change-on-failure",
        value: ValueType::GoBool,
        default: Some("false"),
        summary: "Re-pin the client when its sticky upstream fails",
        description: "false (the default): requests keep going to the upstream the cookie points \
            at, even if the previous attempt failed. true: after a failed attempt the cookie is \
            changed to point at another upstream.",
        on_invalid: Ignored,
        on_invalid_note: "A value Go cannot parse as a boolean falls back to the default.",
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "session-cookie-conditional-samesite-none",
        value: ValueType::GoBool,
        default: Some("false"),
        summary: "Omit SameSite=None for browsers that reject it",
        description: "\"true\" leaves out the `SameSite=None` attribute for older browsers that \
            reject the more recently defined value.",
        on_invalid: Ignored,
        on_invalid_note: "A value Go cannot parse as a boolean falls back to the default.",
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "session-cookie-domain",
        summary: "Domain attribute of the affinity cookie",
        description: "The `Domain` set on the affinity cookie; by default none, so the cookie \
            belongs to the request's host.",
        on_invalid: Ignored,
        on_invalid_note: "Not validated; the browser ignores a cookie whose domain does not match.",
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "session-cookie-expires",
        value: ValueType::Int(IntRange::new(0, i64::MAX, Ignored)),
        summary: "Legacy cookie lifetime in seconds, sent as Expires",
        description: "The older form of session-cookie-max-age for old browsers: an `Expires` \
            attribute computed as now plus this many seconds.",
        on_invalid: Ignored,
        on_invalid_note: "A non-number is ignored, leaving a session cookie.",
        see_also: &["nginx.ingress.kubernetes.io/session-cookie-max-age"],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "session-cookie-max-age",
        value: ValueType::Int(IntRange::new(0, i64::MAX, Ignored)),
        summary: "Lifetime in seconds of the affinity cookie (Max-Age)",
        description: "Seconds until the affinity cookie expires, sent as `Max-Age`; without it the \
            cookie lasts for the browser session. The ALB equivalent is cookie-timeout \
            (at most 86400).",
        on_invalid: Ignored,
        on_invalid_note: "A non-number is ignored, leaving a session cookie.",
        see_also: &["alb.ingress.kubernetes.io/cookie-timeout"],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "session-cookie-name",
        default: Some("INGRESSCOOKIE"),
        summary: "Name of the affinity cookie",
        description: "The name of the cookie ingress-nginx creates for affinity. ALB's Insert \
            cookie is always SERVERID and cannot be renamed.",
        on_invalid: Ignored,
        on_invalid_note: "Not validated.",
        see_also: &["alb.ingress.kubernetes.io/sticky-session-type"],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "session-cookie-path",
        summary: "Path attribute of the affinity cookie",
        description: "The `Path` set on the affinity cookie; defaults to the matched path. \
            Required when the Ingress paths are regular expressions.",
        on_invalid: Ignored,
        on_invalid_note: "Not validated.",
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "session-cookie-samesite",
        value: ValueType::Enum {
            values: &["None", "Lax", "Strict"],
            case_sensitive: true,
        },
        summary: "SameSite attribute of the affinity cookie",
        description: "`None`, `Lax` or `Strict` — the values browsers accept.",
        on_invalid: Ignored,
        on_invalid_note: "Browsers ignore other values.",
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "session-cookie-secure",
        value: ValueType::GoBool,
        default: Some("false"),
        summary: "Mark the affinity cookie Secure regardless of the request's protocol",
        description: "\"true\" sets the `Secure` attribute on the affinity cookie even for plain \
            HTTP requests.",
        on_invalid: Ignored,
        on_invalid_note: "A value Go cannot parse as a boolean falls back to the default.",
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "ssl-redirect",
        default: Some("true"),
        category: ListenerTls,
        summary: "Redirect HTTP to HTTPS (308) for hosts that have TLS; on by default",
        description: "On by default (the ConfigMap's `ssl-redirect`). A plain-HTTP request is \
            redirected to `https://<host><uri>` with 308 (the ConfigMap's `http-redirect-code`) \
            only if its host has a certificate, which it has once a non-canary Ingress with a rule \
            for the host has a non-empty `spec.tls` (the default certificate stands in for a \
            missing secret). One trailing `/` of the URI is dropped unless \
            preserve-trailing-slash. It applies to the Ingress's paths, and to the host's \
            unmatched paths if this Ingress created the host; \"false\" turns it off there. The \
            ALB controller reads this key too, before `alb.ingress.kubernetes.io/ssl-redirect`, \
            but there only the exact string \"true\" turns it on (off by default), with no \
            certificate needed.",
        on_invalid_note: "Not a Go boolean: logged, and the ConfigMap's `ssl-redirect` (default \
            true) is used.",
        see_also: &[
            "alb.ingress.kubernetes.io/ssl-redirect",
            "nginx.ingress.kubernetes.io/force-ssl-redirect",
            "nginx.ingress.kubernetes.io/preserve-trailing-slash",
        ],
        ..NGINX_BOOL
    },
    AnnotationSpec {
        name: "temporal-redirect",
        value: NGINX_URL_CHARS,
        read: ReadAs::VerbatimNonEmpty,
        on_invalid: IngressRejected,
        category: Routing,
        summary: "Answers every request for the Ingress's paths with a redirect to this URL (302)",
        description: "Like permanent-redirect, but temporary and winning over it: `return <code> \
            <url>;` with temporal-redirect-code (302 by default), the URL sent as written, \
            without the request's path or query. The URL's scheme must start with `http`. Only \
            letters, digits and `-._~/:,?&=`. On ALB use a Redirect action in \
            `alb.ingress.kubernetes.io/actions.<svc>`.",
        on_invalid_note: "Any other character: the admission webhook rejects the Ingress; \
            without the webhook the controller ignores it. A scheme not starting with `http` (a \
            bare path, `ftp://`): every redirect annotation of the Ingress is silently dropped, \
            and requests reach the backend.",
        see_also: &[
            "nginx.ingress.kubernetes.io/temporal-redirect-code",
            "nginx.ingress.kubernetes.io/permanent-redirect",
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "temporal-redirect-code",
        value: ValueType::Int(IntRange::new(300, 307, Ignored).not_int(IngressRejected)),
        default: Some("302"),
        on_invalid: IngressRejected,
        category: Routing,
        summary: "Status code of temporal-redirect: 300–307, default 302",
        description: "The status temporal-redirect answers with; values outside 300–307 (308 \
            included) silently become 302. With 300, 304, 305 or 306 nginx sends the URL as the \
            response body instead of redirecting. Only read when temporal-redirect is set.",
        on_invalid_note: "Not an integer, with temporal-redirect set: the admission webhook \
            rejects the Ingress; without the webhook the controller ignores it. Outside 300–307: \
            silently 302.",
        see_also: &["nginx.ingress.kubernetes.io/temporal-redirect"],
        ..NGINX_INT
    },
    AnnotationSpec {
        name: "upstream-hash-by",
        value: ValueType::Pattern {
            regex: r"^[A-Za-z0-9\-_${}]*$",
            syntax: "nginx variables and text: letters, digits, `-`, `_`, `$`, `{`, `}`",
            strip_spaces: true,
        },
        on_invalid: IngressRejected,
        category: Scheduling,
        summary: "Consistent hashing of requests to pods by an nginx variable or text",
        description: "Picks each request's pod by a consistent hash (CRC32, 160 points per \
            endpoint) of this value expanded per request: nginx variables (`$request_uri`, \
            `$binary_remote_addr`, `${host}`), text, or both (`${host}-x`). Equal keys reach the \
            same pod while the endpoints stay the same. It wins over load-balance; cookie affinity \
            wins over it. It is set per Service port: the first Ingress (oldest) that routes to \
            it decides. ALB hashes only on the source IP or a query parameter \
            (`alb.ingress.kubernetes.io/backend-scheduler` `sch`, `uch`).",
        on_invalid_note: "Any other character (spaces are removed for the check; `.`, `:`): the \
            admission webhook rejects the Ingress; without the webhook the controller ignores it. \
            Its risk level is High, so a ConfigMap `annotations-risk-level` below High rejects the \
            Ingress for any value.",
        see_also: &[
            "nginx.ingress.kubernetes.io/load-balance",
            "nginx.ingress.kubernetes.io/affinity",
        ],
        ..NGINX_ROW
    },
    AnnotationSpec {
        name: "use-regex",
        default: Some("false"),
        category: Routing,
        summary: "Treat paths as regular expressions, for every Ingress of the host",
        description: "\"true\" (any Go boolean true) renders paths as `location ~* \"^<path>\"`: \
            case-insensitive PCRE, anchored at the start only. It applies to the whole host: once \
            one Ingress of a host has it (or a rewrite-target), every path of every Ingress on \
            that host is such a regex, ordered by path length, longest first, so Exact `/health` \
            also matches `/healthz` and Prefix `/api` matches `/apix`. Regex paths need pathType \
            ImplementationSpecific: the admission webhook rejects other types whose path is not \
            plain; without regex mode, ImplementationSpecific is Prefix. The ALB controller reads \
            only `alb.ingress.kubernetes.io/use-regex`, where any value (even \"false\") turns \
            regex on, only for that Ingress's Prefix paths; ImplementationSpecific paths are not \
            affected there.",
        on_invalid_note: "Not a Go boolean: logged and read as false, so the paths are plain \
            prefixes (unless another Ingress makes the host regex).",
        see_also: &[
            "alb.ingress.kubernetes.io/use-regex",
            "nginx.ingress.kubernetes.io/rewrite-target",
        ],
        ..NGINX_BOOL
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Value, lookup, registry};

    /// The routing annotations `alb --controller nginx` simulates, each with its own row.
    const NGINX_ROUTING: &[&str] = &[
        "canary",
        "canary-by-header",
        "canary-by-header-value",
        "canary-by-header-pattern",
        "canary-by-cookie",
        "canary-weight",
        "canary-weight-total",
        "use-regex",
        "rewrite-target",
        "app-root",
        "ssl-redirect",
        "force-ssl-redirect",
        "preserve-trailing-slash",
        "permanent-redirect",
        "permanent-redirect-code",
        "temporal-redirect",
        "temporal-redirect-code",
        "enable-cors",
        "cors-allow-origin",
        "cors-allow-methods",
        "cors-allow-headers",
        "cors-expose-headers",
        "cors-allow-credentials",
        "cors-max-age",
        "backend-protocol",
        "upstream-hash-by",
        "load-balance",
        "limit-rps",
        "limit-rpm",
        "limit-connections",
        "limit-burst-multiplier",
        "proxy-connect-timeout",
        "proxy-send-timeout",
        "proxy-read-timeout",
    ];

    fn nginx(name: &str) -> &'static AnnotationSpec {
        let key = format!("{}{name}", Dialect::Nginx.prefix());
        let found = lookup(&key).unwrap_or_else(|| panic!("{key} has no row"));
        assert!(!found.nginx_alias, "{key} resolves to the ALB row");
        found.spec
    }

    #[test]
    fn every_nginx_routing_row_is_documented() {
        for name in NGINX_ROUTING {
            let spec = nginx(name);
            assert_eq!(spec.dialect, Dialect::Nginx, "{name}");
            assert_eq!(spec.status, Status::Active, "{name}");
            assert!(!spec.summary.trim().is_empty(), "{name}: empty summary");
            assert!(
                !spec.description.trim().is_empty(),
                "{name}: empty description"
            );
            assert!(
                !spec.on_invalid_note.trim().is_empty(),
                "{name}: empty on_invalid_note"
            );
            assert!(!spec.nginx_prefix_wins, "{name}");
        }
    }

    #[test]
    fn nginx_defaults_are_ingress_nginx_defaults() {
        let cases = [
            ("cors-max-age", 1_728_000),
            ("canary-weight-total", 100),
            ("permanent-redirect-code", 301),
            ("temporal-redirect-code", 302),
            ("limit-burst-multiplier", 5),
            ("proxy-read-timeout", 60),
            ("proxy-send-timeout", 60),
            ("proxy-connect-timeout", 5),
            ("canary-weight", 0),
            ("limit-rps", 0),
        ];
        for (name, default) in cases {
            let spec = nginx(name);
            assert_eq!(spec.default, Some(default.to_string().as_str()), "{name}");
            assert_eq!(spec.default_value(), Value::Int(default), "{name}");
        }
        assert_eq!(nginx("ssl-redirect").default_value(), Value::Bool(true));
        assert_eq!(
            nginx("force-ssl-redirect").default_value(),
            Value::Bool(false)
        );
        assert_eq!(
            nginx("cors-allow-credentials").default_value(),
            Value::Bool(true)
        );
        assert_eq!(nginx("backend-protocol").default, Some("HTTP"));
        assert_eq!(nginx("load-balance").default, Some("round_robin"));
        assert_eq!(nginx("cors-allow-origin").default, Some("*"));
    }

    #[test]
    fn nginx_rows_differ_from_the_alb_rows_of_the_same_name() {
        let alb = |name| crate::annotations::alb_spec(name).unwrap();
        assert_eq!(alb("cors-max-age").default, Some("172800"));
        assert_eq!(nginx("cors-max-age").default, Some("1728000"));
        assert_eq!(alb("canary-weight-total").status, Status::Unsupported);
        assert_eq!(nginx("canary-weight-total").status, Status::Active);
        assert_eq!(alb("ssl-redirect").default, Some("false"));
        assert_eq!(nginx("ssl-redirect").default, Some("true"));
        // ALB's exact "true" against Go's ParseBool.
        assert_eq!(
            alb("use-regex").parse("false").value,
            Value::Str("false".into())
        );
        assert_eq!(nginx("use-regex").parse("false").value, Value::Bool(false));
        assert_eq!(nginx("canary").parse("True").value, Value::Bool(true));
        assert_eq!(alb("canary").parse("True").value, Value::Bool(false));
    }

    #[test]
    fn every_pattern_compiles() {
        for spec in registry() {
            if let ValueType::Pattern { regex, .. } = spec.value {
                assert!(regex::Regex::new(regex).is_ok(), "{}: {regex}", spec.name);
            }
        }
    }

    #[test]
    fn nginx_values_are_read_as_ingress_nginx_reads_them() {
        let effect = |name: &str, raw: &str| nginx(name).parse(raw).problem().map(|p| p.effect);

        // Validator failures that are logged and fall back to the default.
        let target = nginx("rewrite-target");
        assert_eq!(target.parse("/$2").problems, vec![]);
        let braces = target.parse("/${1}");
        assert_eq!(braces.value, Value::Unset);
        assert_eq!(braces.problem().unwrap().effect, IgnoredWithLog);
        assert_eq!(effect("rewrite-target", " /x"), Some(IgnoredWithLog));
        assert_eq!(effect("app-root", "app"), Some(IgnoredWithLog));
        assert_eq!(effect("app-root", "/app?x=1"), Some(IgnoredWithLog));
        assert_eq!(effect("app-root", "/app"), None);
        let origin = nginx("cors-allow-origin");
        assert_eq!(
            origin
                .parse("https://a.example.com, https://*.b.example.org:8443")
                .problems,
            vec![]
        );
        let slash = origin.parse("https://example.com/");
        assert_eq!(slash.value, Value::Str("*".into()));
        assert_eq!(effect("cors-allow-headers", "X-A, X-B"), None);
        assert_eq!(effect("cors-allow-headers", "*"), Some(IgnoredWithLog));
        assert_eq!(effect("cors-expose-headers", "*, X-Total"), None);
        let max_age = nginx("cors-max-age").parse("20d");
        assert_eq!(max_age.value, Value::Int(1_728_000));
        assert_eq!(max_age.problem().unwrap().effect, IgnoredWithLog);
        assert_eq!(effect("cors-max-age", "-1"), None);
        let timeout = nginx("proxy-read-timeout").parse("30s");
        assert_eq!(timeout.value, Value::Int(60));
        assert_eq!(effect("canary", "yes"), Some(IgnoredWithLog));
        let protocol = nginx("backend-protocol");
        assert_eq!(protocol.parse("grpcs").value, Value::Str("GRPCS".into()));
        assert_eq!(protocol.parse("h2").value, Value::Str("HTTP".into()));
        assert_eq!(effect("canary-by-header", "X Canary"), None);
        assert_eq!(
            effect("canary-by-header", "X-Canary!"),
            Some(IgnoredWithLog)
        );
        assert_eq!(effect("canary-by-header-pattern", "^(a|b)$"), None);
        assert_eq!(
            effect("canary-by-header-pattern", "a b"),
            Some(IgnoredWithLog)
        );

        // Silently replaced.
        assert_eq!(
            nginx("permanent-redirect-code").parse("200").value,
            Value::Int(301)
        );
        assert_eq!(
            nginx("temporal-redirect-code").parse("308").value,
            Value::Int(302)
        );
        assert_eq!(
            nginx("canary-weight-total").parse("50").value,
            Value::Int(100)
        );
        assert_eq!(nginx("canary-weight-total").parse("1000").problems, vec![]);

        // The Ingress is refused.
        assert_eq!(
            effect("permanent-redirect-code", "moved"),
            Some(IngressRejected)
        );
        assert_eq!(
            effect("permanent-redirect", "https://x.example/%20"),
            Some(IngressRejected)
        );
        assert_eq!(
            effect("permanent-redirect", "https://x.example/a?b=c&d=e"),
            None
        );
        assert_eq!(effect("load-balance", "EWMA"), Some(IngressRejected));
        assert_eq!(effect("load-balance", " ewma "), None);
        assert_eq!(effect("limit-rps", "10r/s"), Some(IngressRejected));
        assert_eq!(effect("upstream-hash-by", "${host}-x"), None);
        assert_eq!(
            effect("upstream-hash-by", "$cookie_a.b"),
            Some(IngressRejected)
        );

        // nginx refuses the rendered configuration.
        assert_eq!(effect("limit-burst-multiplier", "0"), Some(RejectedByApi));
        assert_eq!(effect("proxy-connect-timeout", "-5"), Some(RejectedByApi));
        assert_eq!(
            effect("proxy-connect-timeout", "2147484"),
            Some(RejectedByApi)
        );
    }

    #[test]
    fn nginx_values_are_described_exactly() {
        assert_eq!(nginx("cors-max-age").describe(), "integer");
        assert_eq!(nginx("canary-weight-total").describe(), "integer ≥ 100");
        assert_eq!(
            nginx("permanent-redirect-code").describe(),
            "integer 300–308"
        );
        assert_eq!(
            nginx("backend-protocol").describe(),
            "one of HTTP, HTTPS, AUTO_HTTP, GRPC, GRPCS, FCGI (any case)"
        );
        assert_eq!(
            nginx("ssl-redirect").describe(),
            "boolean (true/false, 1/0, t/f; TRUE/True also accepted)"
        );
        assert!(nginx("rewrite-target").describe().contains("`$1`"));
    }
}
