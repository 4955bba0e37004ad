//! Server groups and their endpoints.
//!
//! The controller builds one ALB server group per Ingress, Service and port (semantics §1.6):
//! the same Service behind two Ingresses is two groups, each with the backend settings
//! (scheduler, sticky session, health check) of its own Ingress. Endpoints come, in order of
//! preference, from explicit mappings (`--backend ns/svc:port=ADDR,...`), from the
//! `Endpoints` or `EndpointSlice` objects among the inputs, or from N local replicas.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::health::HealthConfig;
use super::sticky::StickyPolicy;
use crate::annotations::{AlbAnnotations, HealthCheck, Scheduler, Sticky, StickyKind};
use crate::compile::{Rule, ServiceTarget, WeightedTarget};
use crate::manifest::{EndpointPort, IntOrString, Manifest, Service, ServicePort};

/// ALB's default backend weight (semantics §6.3).
pub const DEFAULT_WEIGHT: u32 = 100;

/// One ALB server group: an Ingress (`namespace/name`) and the Service port it forwards to.
///
/// Compared by address first: the tables of a loaded route table are keyed by the very
/// `Arc<ServerGroupId>` each request's dispatch carries, so the lookups serve makes per
/// request compare no names. Equal addresses are equal values, so the order is the fields'.
#[derive(Clone, Debug)]
pub struct ServerGroupId {
    /// `namespace/name` of the Ingress whose annotations configure the group.
    pub ingress: String,
    pub target: ServiceTarget,
}

impl PartialEq for ServerGroupId {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other) || (self.ingress == other.ingress && self.target == other.target)
    }
}

impl Eq for ServerGroupId {}

impl std::hash::Hash for ServerGroupId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.ingress.hash(state);
        self.target.hash(state);
    }
}

impl Ord for ServerGroupId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if std::ptr::eq(self, other) {
            return std::cmp::Ordering::Equal;
        }
        (&self.ingress, &self.target).cmp(&(&other.ingress, &other.target))
    }
}

impl PartialOrd for ServerGroupId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl ServerGroupId {
    pub fn new(ingress: impl Into<String>, target: ServiceTarget) -> ServerGroupId {
        ServerGroupId {
            ingress: ingress.into(),
            target,
        }
    }

    /// The group a rule's weighted target forwards to. A weight canary's target belongs to the
    /// canary Ingress (its server group is built from that Ingress), every other target to
    /// the rule's own Ingress.
    pub fn for_target(rule: &Rule, target: &WeightedTarget) -> ServerGroupId {
        let ingress = target.canary.as_deref().unwrap_or(&rule.ingress_key);
        ServerGroupId::new(ingress, target.target.clone())
    }

    /// The server group's name as the controller gives it: `<namespace>-<service>-<port>`
    /// (also ingress-nginx's upstream name).
    pub fn alb_name(&self) -> String {
        format!(
            "{}-{}-{}",
            self.target.namespace, self.target.service, self.target.port
        )
    }
}

impl std::fmt::Display for ServerGroupId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (Ingress {})", self.alb_name(), self.ingress)
    }
}

/// A backend server: `ip:port` (`[v6]:port`), a mapped address, or `replica-N`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Endpoint {
    pub address: String,
    /// 0 takes no traffic.
    pub weight: u32,
}

impl Endpoint {
    /// An endpoint with ALB's default weight of 100.
    pub fn new(address: impl Into<String>) -> Endpoint {
        Endpoint::with_weight(address, DEFAULT_WEIGHT)
    }

    pub fn with_weight(address: impl Into<String>, weight: u32) -> Endpoint {
        Endpoint {
            address: address.into(),
            weight,
        }
    }
}

/// An endpoint's position in [`ServerGroupSpec::endpoints`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EndpointId(pub usize);

/// Where a group's endpoints came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EndpointSource {
    /// Given by the caller (`--backend`).
    Mapping,
    Endpoints,
    EndpointSlices,
    /// Synthetic `replica-0..N-1`, one per replica of the Service's Deployment.
    LocalReplicas,
}

impl EndpointSource {
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointSource::Mapping => "mapping",
            EndpointSource::Endpoints => "Endpoints",
            EndpointSource::EndpointSlices => "EndpointSlices",
            EndpointSource::LocalReplicas => "local replicas",
        }
    }
}

/// Endpoints read from the manifests, with what was odd about them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedEndpoints {
    pub endpoints: Vec<Endpoint>,
    pub source: EndpointSource,
    pub notes: Vec<String>,
}

/// Everything the engine needs to pick a backend of one server group: immutable, rebuilt on
/// reload; the mutable side lives in [`super::BackendState`], keyed by [`ServerGroupId`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerGroupSpec {
    /// Shared, so a request's dispatch names its group without copying the names.
    pub id: Arc<ServerGroupId>,
    pub endpoints: Vec<Endpoint>,
    pub source: EndpointSource,
    pub scheduler: Scheduler,
    /// `backend-scheduler-uch-value`: the query parameter `uch` hashes.
    pub uch_param: Option<String>,
    pub sticky: Option<StickyPolicy>,
    pub health: HealthConfig,
    /// Facts worth showing with a decision (how endpoints were found, settings alb cannot
    /// honour).
    pub notes: Vec<String>,
}

impl ServerGroupSpec {
    /// A group with default settings (wrr, no stickiness, no health check).
    pub fn new(id: ServerGroupId, endpoints: Vec<Endpoint>, source: EndpointSource) -> Self {
        ServerGroupSpec {
            id: Arc::new(id),
            endpoints,
            source,
            scheduler: Scheduler::Wrr,
            uch_param: None,
            sticky: None,
            health: HealthConfig::default(),
            notes: Vec::new(),
        }
    }

    /// The group the ALB controller builds for `id`, configured by its Ingress's
    /// `annotations`: [`ServerGroupSpec::resolve`], then [`ServerGroupSpec::configure`].
    pub fn build(
        manifest: &Manifest,
        id: ServerGroupId,
        annotations: &AlbAnnotations,
        mapped: Option<Vec<Endpoint>>,
    ) -> ServerGroupSpec {
        let mut spec = ServerGroupSpec::resolve(manifest, id, mapped);
        spec.configure(
            annotations.scheduler,
            annotations.uch_value.clone(),
            annotations.sticky,
            &annotations.health_check,
        );
        spec
    }

    /// The group `id` with default settings and its endpoints: `mapped` when given (an
    /// explicit `--backend` is the user's override, so it wins), else the
    /// Endpoints/EndpointSlices among the inputs ([`resolve_endpoints`]), else one local
    /// replica per Deployment replica ([`local_replicas`]).
    pub fn resolve(
        manifest: &Manifest,
        id: ServerGroupId,
        mapped: Option<Vec<Endpoint>>,
    ) -> ServerGroupSpec {
        let (endpoints, source, notes) = match mapped {
            Some(endpoints) => (endpoints, EndpointSource::Mapping, Vec::new()),
            None => match resolve_endpoints(manifest, &id.target) {
                Some(r) => (r.endpoints, r.source, r.notes),
                None => (
                    local_replicas(manifest, &id.target),
                    EndpointSource::LocalReplicas,
                    Vec::new(),
                ),
            },
        };
        let mut spec = ServerGroupSpec::new(id, endpoints, source);
        spec.notes = notes;
        spec
    }

    /// Apply an Ingress's backend annotations (§2.4): `backend-scheduler`,
    /// `backend-scheduler-uch-value`, `sticky-session*`, `healthcheck-*`.
    pub fn configure(
        &mut self,
        scheduler: Scheduler,
        uch_param: Option<String>,
        sticky: Option<Sticky>,
        health: &HealthCheck,
    ) {
        self.scheduler = scheduler;
        self.uch_param = uch_param;
        self.health = HealthConfig::from_annotation(health);
        self.sticky = match sticky {
            Some(s) if s.kind == StickyKind::Insert => {
                Some(StickyPolicy::alb_insert(s.cookie_timeout_s))
            }
            Some(_) => {
                self.notes.push(
                    "sticky-session-type Server pins clients with the backend's own cookie, whose \
                     name the open-source controller never sends to the ALB; requests are \
                     scheduled without stickiness"
                        .to_string(),
                );
                None
            }
            None => None,
        };
    }

    pub fn endpoint(&self, id: EndpointId) -> Option<&Endpoint> {
        self.endpoints.get(id.0)
    }

    pub fn position(&self, address: &str) -> Option<EndpointId> {
        self.endpoints
            .iter()
            .position(|e| e.address == address)
            .map(EndpointId)
    }
}

/// The ready endpoint addresses of `target`'s Service, from the `Endpoints` object of that
/// name or else the `EndpointSlice`s labelled `kubernetes.io/service-name`, each `ip:port`
/// with the port the Service port leads to (its `targetPort`, matched to the Endpoints port
/// by the Service port's name, else by number). `None` when neither kind of object exists
/// for the Service; an empty list when they exist with no ready address for the port.
pub fn resolve_endpoints(manifest: &Manifest, target: &ServiceTarget) -> Option<ResolvedEndpoints> {
    let ns = target.namespace.as_str();
    let name = target.service.as_str();
    let service = manifest
        .services
        .iter()
        .find(|s| s.meta.namespace() == ns && s.meta.name.value == name);
    let service_port = service.and_then(|s| s.ports.iter().find(|p| p.port.value == target.port));
    let mut notes = Vec::new();
    if let Some(service) = service
        && service_port.is_none()
    {
        notes.push(missing_port_note(service, target));
    }
    let wanted = WantedPort::new(service_port, target, service.is_some());

    if let Some(endpoints) = manifest
        .endpoints
        .iter()
        .find(|e| e.meta.namespace() == ns && e.meta.name.value == name)
    {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for subset in &endpoints.subsets {
            let Some(port) = wanted.pick(&subset.ports) else {
                continue;
            };
            for ip in &subset.addresses {
                push_unique(&mut out, &mut seen, &ip.value, port);
            }
        }
        if out.is_empty() {
            notes.push(format!(
                "Endpoints {ns}/{name} lists no ready address for port {}",
                target.port
            ));
        }
        return Some(ResolvedEndpoints {
            endpoints: out,
            source: EndpointSource::Endpoints,
            notes,
        });
    }

    let slices: Vec<_> = manifest
        .endpoint_slices
        .iter()
        .filter(|s| s.meta.namespace() == ns && s.service_name.as_deref() == Some(name))
        .collect();
    if slices.is_empty() {
        return None;
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for slice in slices {
        let Some(port) = wanted.pick(&slice.ports) else {
            continue;
        };
        for endpoint in slice.endpoints.iter().filter(|e| e.ready) {
            for ip in &endpoint.addresses {
                push_unique(&mut out, &mut seen, &ip.value, port);
            }
        }
    }
    if out.is_empty() {
        notes.push(format!(
            "the EndpointSlices of {ns}/{name} list no ready address for port {}",
            target.port
        ));
    }
    Some(ResolvedEndpoints {
        endpoints: out,
        source: EndpointSource::EndpointSlices,
        notes,
    })
}

fn missing_port_note(service: &Service, target: &ServiceTarget) -> String {
    let ports: Vec<String> = service
        .ports
        .iter()
        .map(|p| p.port.value.to_string())
        .collect();
    if target.port == 0 {
        format!(
            "the Ingress names the port of Service {}/{}; the ALB controller uses only port numbers",
            target.namespace, target.service
        )
    } else {
        format!(
            "Service {}/{} has no port {} (it has {})",
            target.namespace,
            target.service,
            target.port,
            if ports.is_empty() {
                "none".to_string()
            } else {
                ports.join(", ")
            }
        )
    }
}

/// How to find the Service port's counterpart among an Endpoints subset's or a slice's ports.
struct WantedPort<'a> {
    /// The Service port's name: Endpoints ports carry it.
    name: Option<&'a str>,
    /// The number traffic goes to: a numeric `targetPort`, else the port itself.
    number: Option<i64>,
    /// Whether to take an only port when nothing else matches.
    only_port_fallback: bool,
}

impl<'a> WantedPort<'a> {
    fn new(port: Option<&'a ServicePort>, target: &ServiceTarget, has_service: bool) -> Self {
        match port {
            Some(p) => WantedPort {
                name: p
                    .name
                    .as_ref()
                    .map(|n| n.value.as_str())
                    .filter(|n| !n.is_empty()),
                number: match &p.target_port {
                    Some(IntOrString::Int(n)) => Some(n.value),
                    // A named container port: only the Endpoints port's name can tell.
                    Some(IntOrString::String(_)) => None,
                    None => Some(p.port.value),
                },
                only_port_fallback: true,
            },
            // The Service is among the inputs but lacks the port: nothing matches.
            None if has_service => WantedPort {
                name: None,
                number: None,
                only_port_fallback: false,
            },
            // Endpoints without a Service: match the number, or take an only port.
            None => WantedPort {
                name: None,
                number: Some(target.port),
                only_port_fallback: true,
            },
        }
    }

    fn pick(&self, ports: &[EndpointPort]) -> Option<i64> {
        if let Some(name) = self.name
            && let Some(p) = ports.iter().find(|p| port_name(p) == Some(name))
        {
            return Some(p.port);
        }
        if let Some(number) = self.number
            && let Some(p) = ports.iter().find(|p| p.port == number)
        {
            return Some(p.port);
        }
        match ports {
            [only]
                if self.only_port_fallback
                    && (self.name.is_none() || port_name(only).is_none()) =>
            {
                Some(only.port)
            }
            _ => None,
        }
    }
}

fn port_name(p: &EndpointPort) -> Option<&str> {
    p.name.as_deref().filter(|n| !n.is_empty())
}

fn push_unique(out: &mut Vec<Endpoint>, seen: &mut BTreeSet<String>, ip: &str, port: i64) {
    let address = if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    };
    if seen.insert(address.clone()) {
        out.push(Endpoint::new(address));
    }
}

/// Synthetic endpoints `replica-0..N-1` for a Service with no Endpoints: N is the replica
/// count of the Deployments whose pod labels match the Service's selector (summed when
/// several match; 0 when they are scaled to zero), and 1 when no Service or Deployment says.
pub fn local_replicas(manifest: &Manifest, target: &ServiceTarget) -> Vec<Endpoint> {
    (0..replica_count(manifest, target))
        .map(|i| Endpoint::new(format!("replica-{i}")))
        .collect()
}

/// See [`local_replicas`].
pub fn replica_count(manifest: &Manifest, target: &ServiceTarget) -> usize {
    let ns = target.namespace.as_str();
    let Some(service) = manifest
        .services
        .iter()
        .find(|s| s.meta.namespace() == ns && s.meta.name.value == target.service)
    else {
        return 1;
    };
    if service.selector.is_empty() {
        return 1;
    }
    let matching: Vec<_> = manifest
        .deployments
        .iter()
        .filter(|d| d.meta.namespace() == ns)
        .filter(|d| {
            service
                .selector
                .iter()
                .all(|(k, v)| d.pod_labels.get(k) == Some(v))
        })
        .collect();
    if matching.is_empty() {
        return 1;
    }
    matching
        .iter()
        .map(|d| usize::try_from(d.replicas).unwrap_or(0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{LoadOptions, load};
    use crate::source::{SourceFile, SourceMap};

    fn manifest(yaml: &str) -> Manifest {
        let mut sources = SourceMap::new();
        sources.add(SourceFile::new("test.yaml", yaml));
        load(&sources, &LoadOptions::default()).0
    }

    fn target(service: &str, port: i64) -> ServiceTarget {
        ServiceTarget {
            namespace: "default".into(),
            service: service.into(),
            port,
        }
    }

    fn addresses(r: &ResolvedEndpoints) -> Vec<&str> {
        r.endpoints.iter().map(|e| e.address.as_str()).collect()
    }

    const SERVICE: &str = "
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: admin, port: 9000, targetPort: metrics}
";

    #[test]
    fn endpoints_map_the_service_port_to_the_target_port() {
        let m = manifest(&format!(
            "{SERVICE}---
apiVersion: v1
kind: Endpoints
metadata: {{name: web}}
subsets:
- addresses: [{{ip: 10.0.0.1}}, {{ip: 10.0.0.2}}]
  notReadyAddresses: [{{ip: 10.0.0.9}}]
  ports: [{{name: http, port: 8080}}, {{name: admin, port: 9100}}]
- addresses: [{{ip: 'fd00::3'}}]
  ports: [{{name: http, port: 8080}}]
"
        ));
        let r = resolve_endpoints(&m, &target("web", 80)).unwrap();
        assert_eq!(r.source, EndpointSource::Endpoints);
        assert_eq!(
            addresses(&r),
            ["10.0.0.1:8080", "10.0.0.2:8080", "[fd00::3]:8080"]
        );
        assert!(r.endpoints.iter().all(|e| e.weight == 100));
        // A named targetPort is found through the Endpoints port's name.
        let r = resolve_endpoints(&m, &target("web", 9000)).unwrap();
        assert_eq!(addresses(&r), ["10.0.0.1:9100", "10.0.0.2:9100"]);
        // A port the Service lacks: the objects exist, so no fallback, and a note says why.
        let r = resolve_endpoints(&m, &target("web", 81)).unwrap();
        assert!(r.endpoints.is_empty());
        assert_eq!(
            r.notes[0],
            "Service default/web has no port 81 (it has 80, 9000)"
        );
    }

    #[test]
    fn endpoint_slices_by_service_name_label_ready_only() {
        let m = manifest(&format!(
            "{SERVICE}---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abc
  labels: {{kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{{name: http, port: 8080}}]
endpoints:
- addresses: [10.1.0.1]
- addresses: [10.1.0.2]
  conditions: {{ready: false}}
- addresses: [10.1.0.3]
  conditions: {{ready: true}}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-def
  labels: {{kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{{name: http, port: 8080}}]
endpoints:
- addresses: [10.1.0.1, 10.1.0.4]
"
        ));
        let r = resolve_endpoints(&m, &target("web", 80)).unwrap();
        assert_eq!(r.source, EndpointSource::EndpointSlices);
        assert_eq!(
            addresses(&r),
            ["10.1.0.1:8080", "10.1.0.3:8080", "10.1.0.4:8080"]
        );
    }

    #[test]
    fn neither_object_means_local_replicas_of_the_matching_deployment() {
        let m = manifest(&format!(
            "{SERVICE}---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: 3
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web, tier: front}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: other}}
spec:
  replicas: 5
  selector: {{matchLabels: {{app: other}}}}
  template:
    metadata: {{labels: {{app: other}}}}
"
        ));
        assert_eq!(resolve_endpoints(&m, &target("web", 80)), None);
        let replicas = local_replicas(&m, &target("web", 80));
        let names: Vec<_> = replicas.iter().map(|e| e.address.as_str()).collect();
        assert_eq!(names, ["replica-0", "replica-1", "replica-2"]);
        // No Service, or no Deployment: one replica.
        assert_eq!(replica_count(&m, &target("nope", 80)), 1);
        let m = manifest(SERVICE);
        assert_eq!(replica_count(&m, &target("web", 80)), 1);
    }

    #[test]
    fn group_ids_follow_the_controller() {
        let id = ServerGroupId::new("default/demo", target("web", 80));
        assert_eq!(id.alb_name(), "default-web-80");
        assert_eq!(id.to_string(), "default-web-80 (Ingress default/demo)");
    }

    #[test]
    fn build_prefers_mappings_and_reads_the_annotations() {
        let m = manifest(SERVICE);
        let id = ServerGroupId::new("default/demo", target("web", 80));
        let annotations = AlbAnnotations {
            scheduler: Scheduler::Uch,
            uch_value: Some("uid".into()),
            ..AlbAnnotations::default()
        };
        let spec = ServerGroupSpec::build(
            &m,
            id.clone(),
            &annotations,
            Some(vec![Endpoint::new("127.0.0.1:9000")]),
        );
        assert_eq!(spec.source, EndpointSource::Mapping);
        assert_eq!(spec.scheduler, Scheduler::Uch);
        assert_eq!(spec.uch_param.as_deref(), Some("uid"));
        assert!(spec.sticky.is_none() && !spec.health.enabled);
        let spec = ServerGroupSpec::build(&m, id.clone(), &annotations, None);
        assert_eq!(spec.source, EndpointSource::LocalReplicas);
        assert_eq!(spec.endpoints, [Endpoint::new("replica-0")]);

        // Insert gets ALB's cookies; Server has no cookie name to work with, and says so.
        let mut spec = ServerGroupSpec::resolve(&m, id, None);
        let insert = crate::annotations::Sticky {
            kind: StickyKind::Insert,
            cookie_timeout_s: 60,
        };
        spec.configure(Scheduler::Wrr, None, Some(insert), &HealthCheck::default());
        assert_eq!(spec.sticky, Some(StickyPolicy::alb_insert(60)));
        let server = crate::annotations::Sticky {
            kind: StickyKind::Server,
            ..insert
        };
        spec.configure(Scheduler::Wrr, None, Some(server), &HealthCheck::default());
        assert_eq!(spec.sticky, None);
        assert!(spec.notes[0].starts_with("sticky-session-type Server"));
    }
}
