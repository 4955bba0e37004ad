use std::collections::BTreeMap;

use crate::source::{Span, Spanned};

/// Everything loaded from a set of files, in input order (files sorted by the shell,
/// documents in file order, `kind: List` items in list order).
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub ingresses: Vec<Ingress>,
    pub ingress_classes: Vec<IngressClass>,
    pub services: Vec<Service>,
    pub endpoints: Vec<Endpoints>,
    pub endpoint_slices: Vec<EndpointSlice>,
    pub deployments: Vec<Deployment>,
    pub secrets: Vec<Secret>,
    pub alb_configs: Vec<AlbConfig>,
    /// Objects of kinds alb does not use (ConfigMap, ...), counted for summaries.
    pub skipped: Vec<SkippedObject>,
}

impl Manifest {
    /// Number of objects read, used or not.
    pub fn object_count(&self) -> usize {
        self.ingresses.len()
            + self.ingress_classes.len()
            + self.services.len()
            + self.endpoints.len()
            + self.endpoint_slices.len()
            + self.deployments.len()
            + self.secrets.len()
            + self.alb_configs.len()
            + self.skipped.len()
    }
}

/// `apiVersion`, `kind` and `metadata` of any object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectMeta {
    pub api_version: Spanned<String>,
    pub kind: Spanned<String>,
    pub name: Spanned<String>,
    /// As written; `None` means the object lands in `default`.
    pub namespace: Option<Spanned<String>>,
    pub labels: BTreeMap<String, Spanned<String>>,
    /// `metadata.creationTimestamp` as written (RFC 3339): ingress-nginx orders Ingresses by
    /// it. Absent in most manifests, which are not yet created.
    pub creation_timestamp: Option<Spanned<String>>,
    /// In source order, duplicates kept: a duplicated key is something to report, not to
    /// silently collapse.
    pub annotations: Vec<Annotation>,
    /// The whole document (or list item) the object was read from.
    pub span: Span,
}

impl ObjectMeta {
    pub fn namespace(&self) -> &str {
        self.namespace
            .as_ref()
            .map_or("default", |n| n.value.as_str())
    }

    /// `namespace/name`, the key the ALB controller sorts Ingresses by.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace(), self.name.value)
    }

    /// `Kind namespace/name`, as diagnostics name objects.
    pub fn display(&self) -> String {
        format!("{} {}", self.kind.value, self.key())
    }

    /// The value of the last annotation with this exact key (the API server keeps the last
    /// of duplicated keys).
    pub fn annotation(&self, key: &str) -> Option<&Annotation> {
        self.annotations.iter().rev().find(|a| a.key.value == key)
    }
}

/// One `metadata.annotations` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    pub key: Spanned<String>,
    /// The value as the API server would store it. A non-string YAML value (an unquoted `80`
    /// or `true`) is kept as its source text; the loader reports it, since the API server
    /// rejects it.
    pub value: Spanned<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedObject {
    pub api_version: String,
    pub kind: String,
    pub name: Option<String>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// networking.k8s.io Ingress

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ingress {
    pub meta: ObjectMeta,
    /// `spec.ingressClassName`.
    pub class_name: Option<Spanned<String>>,
    pub default_backend: Option<Backend>,
    pub tls: Vec<IngressTls>,
    pub rules: Vec<IngressRule>,
}

impl Ingress {
    /// The class as the controller reads it: `spec.ingressClassName`, else the legacy
    /// `kubernetes.io/ingress.class` annotation.
    pub fn class(&self) -> Option<Spanned<&str>> {
        if let Some(c) = &self.class_name {
            return Some(Spanned::new(c.value.as_str(), c.span));
        }
        self.meta
            .annotation("kubernetes.io/ingress.class")
            .map(|a| Spanned::new(a.value.value.as_str(), a.value.span))
    }

    /// Whether `host` appears in some `spec.tls[].hosts`.
    pub fn is_tls_host(&self, host: &str) -> bool {
        self.tls
            .iter()
            .any(|t| t.hosts.iter().any(|h| h.value == host))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngressTls {
    pub hosts: Vec<Spanned<String>>,
    pub secret_name: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngressRule {
    /// Empty or absent: any host.
    pub host: Option<Spanned<String>>,
    /// `None` when the rule has no `http:` block (the controller skips such rules).
    pub paths: Option<Vec<HttpPath>>,
    pub span: Span,
}

impl IngressRule {
    pub fn host(&self) -> &str {
        self.host.as_ref().map_or("", |h| h.value.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathType {
    Exact,
    Prefix,
    ImplementationSpecific,
}

impl PathType {
    pub fn as_str(self) -> &'static str {
        match self {
            PathType::Exact => "Exact",
            PathType::Prefix => "Prefix",
            PathType::ImplementationSpecific => "ImplementationSpecific",
        }
    }

    pub fn parse(s: &str) -> Option<PathType> {
        match s {
            "Exact" => Some(PathType::Exact),
            "Prefix" => Some(PathType::Prefix),
            "ImplementationSpecific" => Some(PathType::ImplementationSpecific),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpPath {
    /// Absent or empty: every path.
    pub path: Option<Spanned<String>>,
    /// `None` when missing or not one of the three values (already reported); the controller
    /// then treats the path as ImplementationSpecific.
    pub path_type: Option<Spanned<PathType>>,
    pub backend: Option<Backend>,
    pub span: Span,
}

impl HttpPath {
    pub fn path(&self) -> &str {
        self.path.as_ref().map_or("", |p| p.value.as_str())
    }

    pub fn path_type(&self) -> PathType {
        self.path_type
            .as_ref()
            .map_or(PathType::ImplementationSpecific, |t| t.value)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backend {
    /// `None` for a `resource:` backend, which the ALB controller cannot use.
    pub service: Option<ServiceBackend>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceBackend {
    pub name: Spanned<String>,
    pub port: Option<PortRef>,
}

/// `port.number`, or `port.name` (the ALB controller uses only numbers; the name
/// `use-annotation` marks a custom action).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PortRef {
    Number(Spanned<i64>),
    Name(Spanned<String>),
}

impl PortRef {
    pub fn span(&self) -> Span {
        match self {
            PortRef::Number(n) => n.span,
            PortRef::Name(n) => n.span,
        }
    }
}

impl std::fmt::Display for PortRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortRef::Number(n) => write!(f, "{}", n.value),
            PortRef::Name(n) => f.write_str(&n.value),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// IngressClass

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngressClass {
    pub meta: ObjectMeta,
    pub controller: Option<Spanned<String>>,
    pub parameters: Option<IngressClassParameters>,
    /// The `ingressclass.kubernetes.io/is-default-class: "true"` annotation.
    pub is_default: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngressClassParameters {
    pub api_group: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Service, Endpoints, EndpointSlice, Deployment, Secret

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub meta: ObjectMeta,
    pub type_: Option<Spanned<String>>,
    pub selector: BTreeMap<String, String>,
    pub ports: Vec<ServicePort>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    pub name: Option<Spanned<String>>,
    pub port: Spanned<i64>,
    pub target_port: Option<IntOrString>,
    pub protocol: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrString {
    Int(Spanned<i64>),
    String(Spanned<String>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    pub meta: ObjectMeta,
    pub subsets: Vec<EndpointSubset>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointSubset {
    pub addresses: Vec<Spanned<String>>,
    pub not_ready_addresses: Vec<Spanned<String>>,
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointPort {
    pub name: Option<String>,
    pub port: i64,
    pub protocol: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointSlice {
    pub meta: ObjectMeta,
    /// From the `kubernetes.io/service-name` label.
    pub service_name: Option<String>,
    pub address_type: Option<String>,
    pub endpoints: Vec<SliceEndpoint>,
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SliceEndpoint {
    pub addresses: Vec<Spanned<String>>,
    /// `conditions.ready`; absent means ready.
    pub ready: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    pub meta: ObjectMeta,
    /// `spec.replicas`, 1 when absent (the API default).
    pub replicas: i64,
    pub selector: BTreeMap<String, String>,
    pub pod_labels: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    pub meta: ObjectMeta,
    pub type_: Option<String>,
    /// `data` values, still base64 as written.
    pub data: BTreeMap<String, Spanned<String>>,
    /// `stringData` values, plain.
    pub string_data: BTreeMap<String, Spanned<String>>,
}

// ---------------------------------------------------------------------------------------------
// alibabacloud.com/v1 AlbConfig

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlbConfig {
    pub meta: ObjectMeta,
    pub config: AlbLoadBalancerConfig,
    pub listeners: Vec<AlbListener>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AlbLoadBalancerConfig {
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub address_type: Option<Spanned<String>>,
    /// `Basic`, `Standard` or `StandardWithWaf` (case-insensitive); absent means Standard.
    pub edition: Option<Spanned<String>>,
    pub zone_mappings: Vec<ZoneMapping>,
    /// `spec.config` itself, for diagnostics about the whole block.
    pub span: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneMapping {
    pub vswitch_id: Option<Spanned<String>>,
    pub zone_id: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlbListener {
    /// As written (int or string). The controller matches listeners by this raw value: a port
    /// of 0 or an empty protocol gets a listener that never receives rules.
    pub port: Option<IntOrString>,
    pub protocol: Option<Spanned<String>>,
    /// Seconds; 0 or absent means 15.
    pub idle_timeout: Option<Spanned<i64>>,
    /// Seconds; 0 or absent means 60.
    pub request_timeout: Option<Spanned<i64>>,
    pub span: Span,
}
