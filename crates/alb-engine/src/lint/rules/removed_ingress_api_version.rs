//! ALB007 removed-ingress-api-version: reported while loading manifests; this file holds its documentation.

use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags an Ingress written for `extensions/v1beta1` or `networking.k8s.io/v1beta1`.
    ///
    /// ## Why is this bad?
    /// Kubernetes stopped serving those versions in 1.22, so the cluster rejects the manifest. alb still reads it (serviceName/servicePort backends) so its other problems show.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: extensions/v1beta1
    /// kind: Ingress
    /// ```
    ///
    /// ## Fix
    /// Use `apiVersion: networking.k8s.io/v1`: backends become `service: {name, port: {number}}` and every path needs a `pathType`.
    pub RULE { code: crate::manifest::decode::codes::REMOVED_API_VERSION, name: "removed-ingress-api-version", severity: Error, blocks_group: false, reported_by: loader }
}
