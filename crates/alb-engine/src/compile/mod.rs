//! Manifests → the rules each ALB listener holds, in the order the ALB evaluates them.
//!
//! This follows the controller's own build (semantics reference §1.4, §2.2, §3.1, §4, §5, §6.4):
//! Ingresses are grouped by AlbConfig (one ALB each), sorted by `order` then `namespace/name`;
//! each path of each rule becomes one ALB rule on every listener the Ingress is placed on;
//! priorities are 1, 2, 3 … per listener and the first match wins.

mod albconfig;
mod build;
mod nginx;
mod paths;
mod rule;

pub use albconfig::{Attachment, AttachmentBasis, albconfig_of};
pub use build::{compile, compile_with_annotations};
pub use nginx::{
    DEFAULT_SERVER, NginxLocation, NginxServer, RenderedLocation, compile_nginx, nginx_order,
    nginx_servers, server_name,
};
pub use paths::{PathPatterns, path_patterns};
pub use rule::*;

use std::collections::BTreeMap;

use crate::annotations::nginx::CookieAffinity;
use crate::annotations::{BackendProtocol, HealthCheck, Scheduler, Sticky};
use crate::ownership::{Controller, Skipped};
use crate::source::Span;

/// The backend annotations of one Ingress, as its server groups get them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendSettings {
    pub protocol: BackendProtocol,
    /// `backend-keepalive: "true"`: persistent connections to the endpoints.
    pub keepalive: bool,
    pub scheduler: Scheduler,
    /// The query parameter `uch` hashes.
    pub uch_value: Option<String>,
    pub sticky: Option<Sticky>,
    pub health_check: HealthCheck,
    /// ingress-nginx's cookie affinity for the Ingress's upstreams; for a canary Ingress, its
    /// main Ingress's (ingress-nginx copies it to the canary unless the behaviour is
    /// `legacy`), with `affinity_canary` set.
    pub affinity: Option<CookieAffinity>,
    pub affinity_canary: bool,
    /// How long the backend may take to answer before the load balancer answers 504, when
    /// the Ingress says (ingress-nginx `proxy-read-timeout`); else the listener's.
    pub read_timeout: Option<std::time::Duration>,
}

#[derive(Clone, Debug)]
pub struct CompileOptions {
    /// The controller being simulated (`--controller`): Ingresses of other controllers are
    /// skipped, and it is assumed for an Ingress whose controller nothing else settles.
    pub controller: Controller,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            controller: Controller::Alb,
        }
    }
}

/// Every ALB the inputs describe, with their listeners and rules.
#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    pub groups: Vec<Group>,
    /// How each Ingress's server groups talk to and balance over their endpoints, by
    /// `namespace/name` (the backend annotations apply to every server group an Ingress
    /// creates, §2.4).
    pub backends: BTreeMap<String, BackendSettings>,
    /// Things the controller does silently (a canary dropped, a port with no listener), for
    /// traces and lint.
    pub notes: Vec<Note>,
    /// What the build left out and why (other controllers' Ingresses, kinds alb does not
    /// read), in input order, so every command can say so.
    pub skipped: Vec<Skipped>,
}

/// One AlbConfig: one ALB, its listeners, and the Ingresses built into it together.
#[derive(Clone, Debug)]
pub struct Group {
    /// The AlbConfig's name.
    pub name: String,
    /// Index into `Manifest::alb_configs`, or `None` when the AlbConfig is not among the
    /// inputs and the usual one (80/HTTP, 443/HTTPS, Standard) is assumed.
    pub alb_config: Option<usize>,
    pub listeners: Vec<Listener>,
    /// In evaluation order.
    pub members: Vec<Member>,
    /// The path the rules match: as sent, or normalised as nginx does first.
    pub normalization: PathNormalization,
}

/// An Ingress as a member of a group.
#[derive(Clone, Debug)]
pub struct Member {
    /// Index into `Manifest::ingresses`.
    pub ingress: usize,
    pub key: String,
    pub order: i64,
    /// The listeners the Ingress asks for (`listen-ports`, TLS, `ssl-redirect`); those the ALB
    /// lacks get no rules.
    pub wanted: Vec<ListenerKey>,
    /// How the Ingress came to this AlbConfig.
    pub attachment: AttachmentBasis,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub ingress: usize,
    pub span: Span,
    pub message: String,
}
