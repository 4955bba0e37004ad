//! Files → typed objects. Never fails as a whole: every problem is a diagnostic and every
//! readable object is kept.

use std::collections::BTreeMap;

use super::decode::{Decoder, codes, join};
use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap, Span, Spanned};
use crate::yaml::{self, Node};

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {}

/// Read every document of every file in `sources`, in file order.
pub fn load(sources: &SourceMap, _options: &LoadOptions) -> (Manifest, Vec<Diagnostic>) {
    let mut manifest = Manifest::default();
    let mut diagnostics = Vec::new();
    for (file, source) in sources.iter() {
        if let Some(at) = source.invalid_utf8_at {
            diagnostics.push(
                Diagnostic::error(yaml::SYNTAX_ERROR, Span::point(file, at), "file is not valid UTF-8 text")
                    .with_label("invalid byte here")
                    .with_help("Kubernetes manifests must be UTF-8; the invalid bytes were replaced while reading"),
            );
        }
        let (documents, syntax) = yaml::parse_documents(file, &source.text);
        diagnostics.extend(syntax);
        for document in documents {
            let Some(root) = &document.root else { continue };
            load_document(file, root, &mut manifest, &mut diagnostics);
        }
    }
    (manifest, diagnostics)
}

fn load_document(
    file: FileId,
    root: &Node,
    manifest: &mut Manifest,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut d = Decoder::new(file, diagnostics);
    if root.as_map().is_none() {
        d.report(
            Diagnostic::error(
                codes::NOT_AN_OBJECT,
                root.span,
                format!(
                    "expected a Kubernetes object (a mapping), found {}",
                    root.type_name()
                ),
            )
            .with_help("each YAML document must be one object with apiVersion, kind and metadata"),
        );
        return;
    }
    let is_list = root
        .get("kind")
        .and_then(Node::as_str)
        .is_some_and(|k| k == "List" || k.ends_with("List"))
        && root.get("items").is_some();
    if is_list {
        let Some(map) = d.map(root, "") else { return };
        let items = d.field_seq(Some(map), "", "items");
        for (i, item) in items.iter().enumerate() {
            if item.as_map().is_none() {
                d.wrong_type(item, &format!("items[{i}]"), "a mapping");
                continue;
            }
            load_object(&mut d, item, manifest);
        }
    } else {
        load_object(&mut d, root, manifest);
    }
}

fn load_object(d: &mut Decoder<'_>, node: &Node, manifest: &mut Manifest) {
    d.object = None;
    let Some(obj) = d.map(node, "") else { return };
    let api_version = d.field_str(Some(obj), "", "apiVersion");
    let kind = d.field_str(Some(obj), "", "kind");
    let (Some(api_version), Some(kind)) = (api_version, kind) else {
        let missing = if obj.get("apiVersion").is_none() {
            "apiVersion"
        } else {
            "kind"
        };
        d.report(
            Diagnostic::error(
                codes::NOT_AN_OBJECT,
                first_key_span(obj),
                format!("this document is not a Kubernetes object: `{missing}` is missing"),
            )
            .with_help("every object needs apiVersion, kind and metadata.name"),
        );
        return;
    };
    let group = api_version.value.rsplit_once('/').map_or("", |(g, _)| g);
    let known = matches!(
        (group, kind.value.as_str()),
        ("networking.k8s.io" | "extensions", "Ingress")
            | ("networking.k8s.io", "IngressClass")
            | ("", "Service" | "Endpoints" | "Secret")
            | ("discovery.k8s.io", "EndpointSlice")
            | ("apps", "Deployment")
            | ("alibabacloud.com", "AlbConfig")
    );
    if !known {
        let name = obj
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Node::as_str)
            .map(str::to_string);
        manifest.skipped.push(SkippedObject {
            api_version: api_version.value,
            kind: kind.value,
            name,
            span: node.span,
        });
        return;
    }
    let Some(meta) = object_meta(d, obj, api_version, kind) else {
        return;
    };
    d.object = Some(meta.display());
    let spec = d.field_map(Some(obj), "", "spec");
    match meta.kind.value.as_str() {
        "Ingress" => manifest.ingresses.push(ingress(d, meta, spec)),
        "IngressClass" => manifest.ingress_classes.push(ingress_class(d, meta, spec)),
        "Service" => manifest.services.push(service(d, meta, spec)),
        "Endpoints" => manifest.endpoints.push(endpoints(d, meta, obj)),
        "EndpointSlice" => manifest.endpoint_slices.push(endpoint_slice(d, meta, obj)),
        "Deployment" => manifest.deployments.push(deployment(d, meta, spec)),
        "Secret" => manifest.secrets.push(secret(d, meta, obj)),
        "AlbConfig" => manifest.alb_configs.push(alb_config(d, meta, spec)),
        _ => {}
    }
}

fn first_key_span(obj: &Node) -> Span {
    obj.as_map()
        .and_then(|m| m.first())
        .map_or(obj.span, |(k, _)| k.span)
}

fn object_meta(
    d: &mut Decoder<'_>,
    obj: &Node,
    api_version: Spanned<String>,
    kind: Spanned<String>,
) -> Option<ObjectMeta> {
    let metadata = d.field_map(Some(obj), "", "metadata");
    let name = d.field_str(metadata, "metadata", "name");
    let Some(name) = name else {
        let at = obj
            .entry("metadata")
            .map_or(first_key_span(obj), |(k, _)| k.span);
        d.object = Some(kind.value.clone());
        d.missing(at, "metadata", "name");
        return None;
    };
    let namespace = d.field_str(metadata, "metadata", "namespace");
    let creation_timestamp = d.field_str(metadata, "metadata", "creationTimestamp");
    let labels = d
        .string_map(metadata, "metadata", "labels")
        .into_iter()
        .map(|(k, v)| (k.value, v))
        .collect();
    let annotations = d
        .string_map(metadata, "metadata", "annotations")
        .into_iter()
        .map(|(key, value)| Annotation { key, value })
        .collect();
    Some(ObjectMeta {
        api_version,
        kind,
        name,
        namespace,
        labels,
        creation_timestamp,
        annotations,
        span: obj.span,
    })
}

fn plain_map(pairs: Vec<(Spanned<String>, Spanned<String>)>) -> BTreeMap<String, String> {
    pairs.into_iter().map(|(k, v)| (k.value, v.value)).collect()
}

// ---------------------------------------------------------------------------------------------

fn ingress(d: &mut Decoder<'_>, meta: ObjectMeta, spec: Option<&Node>) -> Ingress {
    let api = meta.api_version.value.as_str();
    let legacy = api != "networking.k8s.io/v1";
    if legacy {
        d.report(
            Diagnostic::error(
                codes::REMOVED_API_VERSION,
                meta.api_version.span,
                format!("Ingress `{api}` is no longer served (removed in Kubernetes 1.22)"),
            )
            .with_label("removed API version")
            .with_help("use `apiVersion: networking.k8s.io/v1`: backends become `service: {name, port: {number}}` and every path needs a `pathType`"),
        );
    }
    let class_name = d.field_str(spec, "spec", "ingressClassName");
    let default_backend = ["defaultBackend", "backend"]
        .iter()
        .find_map(|f| spec.and_then(|s| s.get(f)).map(|n| (f, n)))
        .and_then(|(f, n)| backend(d, n, &format!("spec.{f}"), legacy));

    let mut tls = Vec::new();
    for (i, entry) in d.field_seq(spec, "spec", "tls").iter().enumerate() {
        let path = format!("spec.tls[{i}]");
        let Some(entry) = d.map(entry, &path) else {
            continue;
        };
        let mut hosts = Vec::new();
        for (j, host) in d.field_seq(Some(entry), &path, "hosts").iter().enumerate() {
            if let Some(h) = d.string(host, &format!("{path}.hosts[{j}]")) {
                hosts.push(h);
            }
        }
        let secret_name = d.field_str(Some(entry), &path, "secretName");
        tls.push(IngressTls {
            hosts,
            secret_name,
            span: entry.span,
        });
    }

    let mut rules = Vec::new();
    for (i, rule) in d.field_seq(spec, "spec", "rules").iter().enumerate() {
        let path = format!("spec.rules[{i}]");
        let Some(rule) = d.map(rule, &path) else {
            continue;
        };
        let host = d.field_str(Some(rule), &path, "host");
        let http = d.field_map(Some(rule), &path, "http");
        let paths = http.map(|http| {
            let http_path = format!("{path}.http");
            let items = d.field_seq(Some(http), &http_path, "paths");
            if items.is_empty() {
                d.missing(http.span, &http_path, "paths");
            }
            items
                .iter()
                .enumerate()
                .filter_map(|(j, p)| {
                    http_path_entry(d, p, &format!("{http_path}.paths[{j}]"), legacy)
                })
                .collect()
        });
        rules.push(IngressRule {
            host,
            paths,
            span: rule.span,
        });
    }
    Ingress {
        meta,
        class_name,
        default_backend,
        tls,
        rules,
    }
}

fn http_path_entry(d: &mut Decoder<'_>, node: &Node, path: &str, legacy: bool) -> Option<HttpPath> {
    let entry = d.map(node, path)?;
    let path_value = d.field_str(Some(entry), path, "path");
    let path_type = match entry.get("pathType") {
        Some(node) => {
            d.string(node, &join(path, "pathType"))
                .and_then(|t| match PathType::parse(&t.value) {
                    Some(parsed) => Some(Spanned::new(parsed, t.span)),
                    None => {
                        let suggestion = ["Exact", "Prefix", "ImplementationSpecific"]
                            .iter()
                            .find(|v| v.eq_ignore_ascii_case(&t.value));
                        let mut diag = Diagnostic::error(
                        codes::INVALID_VALUE,
                        t.span,
                        format!(
                            "`pathType: {}` is not one of Exact, Prefix, ImplementationSpecific",
                            t.value
                        ),
                    )
                    .with_label("unknown path type");
                        if let Some(s) = suggestion {
                            diag = diag
                                .with_help(format!("path types are case-sensitive: write `{s}`"));
                        }
                        d.report(diag);
                        None
                    }
                })
        }
        None => {
            // v1beta1 defaulted a missing pathType to ImplementationSpecific; v1 requires it.
            if !legacy {
                d.missing(first_key_span(entry), path, "pathType");
            }
            None
        }
    };
    let backend = match entry.get("backend") {
        Some(node) => backend(d, node, &join(path, "backend"), legacy),
        None => {
            d.missing(first_key_span(entry), path, "backend");
            None
        }
    };
    Some(HttpPath {
        path: path_value,
        path_type,
        backend,
        span: entry.span,
    })
}

fn backend(d: &mut Decoder<'_>, node: &Node, path: &str, legacy: bool) -> Option<Backend> {
    let map = d.map(node, path)?;
    if legacy && map.get("serviceName").is_some() {
        let name = d.field_str(Some(map), path, "serviceName");
        let port = map.get("servicePort").and_then(|p| {
            d.int_or_string(p, &join(path, "servicePort"))
                .map(|p| match p {
                    IntOrString::Int(n) => PortRef::Number(n),
                    IntOrString::String(s) => PortRef::Name(s),
                })
        });
        return Some(Backend {
            service: name.map(|name| ServiceBackend { name, port }),
            span: map.span,
        });
    }
    let service = d.field_map(Some(map), path, "service");
    let Some(service) = service else {
        if map.get("resource").is_none() {
            d.missing(map.span, path, "service");
        }
        return Some(Backend {
            service: None,
            span: map.span,
        });
    };
    let service_path = join(path, "service");
    let name = d.field_str(Some(service), &service_path, "name");
    if name.is_none() && service.get("name").is_none() {
        d.missing(service.span, &service_path, "name");
    }
    let port_path = join(&service_path, "port");
    let port = d
        .field_map(Some(service), &service_path, "port")
        .and_then(|port| {
            if let Some(n) = d.field_int(Some(port), &port_path, "number") {
                Some(PortRef::Number(n))
            } else if let Some(n) = d.field_str(Some(port), &port_path, "name") {
                Some(PortRef::Name(n))
            } else {
                if port.get("number").is_none() && port.get("name").is_none() {
                    d.missing(port.span, &port_path, "number");
                }
                None
            }
        });
    Some(Backend {
        service: name.map(|name| ServiceBackend { name, port }),
        span: map.span,
    })
}

fn ingress_class(d: &mut Decoder<'_>, meta: ObjectMeta, spec: Option<&Node>) -> IngressClass {
    let controller = d.field_str(spec, "spec", "controller");
    let parameters = d
        .field_map(spec, "spec", "parameters")
        .map(|p| IngressClassParameters {
            api_group: d.field_str(Some(p), "spec.parameters", "apiGroup"),
            kind: d.field_str(Some(p), "spec.parameters", "kind"),
            name: d.field_str(Some(p), "spec.parameters", "name"),
            span: p.span,
        });
    let is_default = meta
        .annotation("ingressclass.kubernetes.io/is-default-class")
        .is_some_and(|a| a.value.value == "true");
    IngressClass {
        meta,
        controller,
        parameters,
        is_default,
    }
}

fn service(d: &mut Decoder<'_>, meta: ObjectMeta, spec: Option<&Node>) -> Service {
    let type_ = d.field_str(spec, "spec", "type");
    let selector = plain_map(d.string_map(spec, "spec", "selector"));
    let mut ports = Vec::new();
    for (i, p) in d.field_seq(spec, "spec", "ports").iter().enumerate() {
        let path = format!("spec.ports[{i}]");
        let Some(p) = d.map(p, &path) else { continue };
        let name = d.field_str(Some(p), &path, "name");
        let port = d.field_int(Some(p), &path, "port");
        let target_port = p
            .get("targetPort")
            .and_then(|t| d.int_or_string(t, &join(&path, "targetPort")));
        let protocol = d.field_str(Some(p), &path, "protocol");
        let Some(port) = port else {
            if p.get("port").is_none() {
                d.missing(p.span, &path, "port");
            }
            continue;
        };
        ports.push(ServicePort {
            name,
            port,
            target_port,
            protocol,
            span: p.span,
        });
    }
    Service {
        meta,
        type_,
        selector,
        ports,
    }
}

fn endpoint_ports(d: &mut Decoder<'_>, parent: Option<&Node>, path: &str) -> Vec<EndpointPort> {
    let mut ports = Vec::new();
    for (i, p) in d.field_seq(parent, path, "ports").iter().enumerate() {
        let path = format!("{}[{i}]", join(path, "ports"));
        let Some(p) = d.map(p, &path) else { continue };
        let name = d.field_str(Some(p), &path, "name").map(|s| s.value);
        let protocol = d.field_str(Some(p), &path, "protocol").map(|s| s.value);
        if let Some(port) = d.field_int(Some(p), &path, "port") {
            ports.push(EndpointPort {
                name,
                port: port.value,
                protocol,
            });
        }
    }
    ports
}

fn addresses(
    d: &mut Decoder<'_>,
    parent: Option<&Node>,
    path: &str,
    field: &str,
) -> Vec<Spanned<String>> {
    let mut out = Vec::new();
    for (i, a) in d.field_seq(parent, path, field).iter().enumerate() {
        let path = format!("{}[{i}]", join(path, field));
        let Some(a) = d.map(a, &path) else { continue };
        if let Some(ip) = d.field_str(Some(a), &path, "ip") {
            out.push(ip);
        }
    }
    out
}

fn endpoints(d: &mut Decoder<'_>, meta: ObjectMeta, obj: &Node) -> Endpoints {
    let mut subsets = Vec::new();
    for (i, s) in d.field_seq(Some(obj), "", "subsets").iter().enumerate() {
        let path = format!("subsets[{i}]");
        let Some(s) = d.map(s, &path) else { continue };
        subsets.push(EndpointSubset {
            addresses: addresses(d, Some(s), &path, "addresses"),
            not_ready_addresses: addresses(d, Some(s), &path, "notReadyAddresses"),
            ports: endpoint_ports(d, Some(s), &path),
        });
    }
    Endpoints { meta, subsets }
}

fn endpoint_slice(d: &mut Decoder<'_>, meta: ObjectMeta, obj: &Node) -> EndpointSlice {
    let service_name = meta
        .labels
        .get("kubernetes.io/service-name")
        .map(|s| s.value.clone());
    let address_type = d.field_str(Some(obj), "", "addressType").map(|s| s.value);
    let mut endpoints = Vec::new();
    for (i, e) in d.field_seq(Some(obj), "", "endpoints").iter().enumerate() {
        let path = format!("endpoints[{i}]");
        let Some(e) = d.map(e, &path) else { continue };
        let mut addrs = Vec::new();
        for (j, a) in d.field_seq(Some(e), &path, "addresses").iter().enumerate() {
            if let Some(a) = d.string(a, &format!("{path}.addresses[{j}]")) {
                addrs.push(a);
            }
        }
        let conditions = d.field_map(Some(e), &path, "conditions");
        let ready = d
            .field_bool(conditions, &join(&path, "conditions"), "ready")
            .is_none_or(|r| r.value);
        endpoints.push(SliceEndpoint {
            addresses: addrs,
            ready,
        });
    }
    let ports = endpoint_ports(d, Some(obj), "");
    EndpointSlice {
        meta,
        service_name,
        address_type,
        endpoints,
        ports,
    }
}

fn deployment(d: &mut Decoder<'_>, meta: ObjectMeta, spec: Option<&Node>) -> Deployment {
    let replicas = d.field_int(spec, "spec", "replicas").map_or(1, |r| r.value);
    let selector = d.field_map(spec, "spec", "selector");
    let selector = plain_map(d.string_map(selector, "spec.selector", "matchLabels"));
    let template = d.field_map(spec, "spec", "template");
    let template_meta = d.field_map(template, "spec.template", "metadata");
    let pod_labels = plain_map(d.string_map(template_meta, "spec.template.metadata", "labels"));
    Deployment {
        meta,
        replicas,
        selector,
        pod_labels,
    }
}

fn secret(d: &mut Decoder<'_>, meta: ObjectMeta, obj: &Node) -> Secret {
    let type_ = d.field_str(Some(obj), "", "type").map(|s| s.value);
    let data = d
        .string_map(Some(obj), "", "data")
        .into_iter()
        .map(|(k, v)| (k.value, v))
        .collect();
    let string_data = d
        .string_map(Some(obj), "", "stringData")
        .into_iter()
        .map(|(k, v)| (k.value, v))
        .collect();
    Secret {
        meta,
        type_,
        data,
        string_data,
    }
}

fn alb_config(d: &mut Decoder<'_>, meta: ObjectMeta, spec: Option<&Node>) -> AlbConfig {
    let config_node = d.field_map(spec, "spec", "config");
    let p = "spec.config";
    let mut zone_mappings = Vec::new();
    for (i, z) in d
        .field_seq(config_node, p, "zoneMappings")
        .iter()
        .enumerate()
    {
        let path = format!("{p}.zoneMappings[{i}]");
        let Some(z) = d.map(z, &path) else { continue };
        zone_mappings.push(ZoneMapping {
            vswitch_id: d.field_str(Some(z), &path, "vSwitchId"),
            zone_id: d.field_str(Some(z), &path, "zoneId"),
            span: z.span,
        });
    }
    let config = AlbLoadBalancerConfig {
        id: d.field_str(config_node, p, "id"),
        name: d.field_str(config_node, p, "name"),
        address_type: d.field_str(config_node, p, "addressType"),
        edition: d.field_str(config_node, p, "edition"),
        zone_mappings,
        span: config_node.map(|c| c.span),
    };
    let mut listeners = Vec::new();
    for (i, l) in d.field_seq(spec, "spec", "listeners").iter().enumerate() {
        let path = format!("spec.listeners[{i}]");
        let Some(l) = d.map(l, &path) else { continue };
        listeners.push(AlbListener {
            port: l
                .get("port")
                .and_then(|n| d.int_or_string(n, &join(&path, "port"))),
            protocol: d.field_str(Some(l), &path, "protocol"),
            idle_timeout: d.field_int(Some(l), &path, "idleTimeout"),
            request_timeout: d.field_int(Some(l), &path, "requestTimeout"),
            span: l.span,
        });
    }
    AlbConfig {
        meta,
        config,
        listeners,
    }
}
