//! The table: one row per annotation, sorted by full name (ALB, then CCE, then nginx rows).
//!
//! Facts come from `alb-controller-semantics.md` (the open-source controller's source) where
//! it differs from the vendor guide. ALB rows start from [`ALB_ROW`] and spell out what
//! differs; rows of other dialects start from [`NGINX_ROW`] / [`CCE_ROW`].

use super::value::{IntRange, ValueType};
use super::{ALB_ROW, AnnotationSpec, Category, Dialect, InvalidEffect, ReadAs, Status, Target};

use Category::*;
use InvalidEffect::{
    ControllerPanic, GroupError, Ignored, IgnoredWithLog, Misinterpreted, NoEffect, RejectedByApi,
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
    // ---- ingress-nginx, cookie affinity -----------------------------------------------------
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
];
