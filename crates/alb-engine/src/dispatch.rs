//! A request all the way to an endpoint: the route decision, then the matched rule's QPS
//! limits, then the backend of the chosen server group. `alb route` and `alb serve` both call
//! [`dispatch`], so they agree on the endpoint as well as on the rule.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::backends::{
    BackendState, Endpoint, NginxAffinity, NoHealthyEndpoint, SelectInput, Selection,
    ServerGroupId, ServerGroupSpec,
};
use crate::compile::{Action, ServiceTarget};
use crate::limits::{Admission, LIMITED_STATUS, LimitScope, TrafficLimit};
use crate::manifest::Manifest;
use crate::route::{Decision, Outcome, Request, Router, RuleRef};

/// Every server group one ALB forwards to, built once per route table.
#[derive(Clone, Debug, Default)]
pub struct ServerGroups {
    /// Keyed by each spec's own `id`, so a lookup with that `Arc` compares no names.
    specs: BTreeMap<Arc<ServerGroupId>, ServerGroupSpec>,
    /// The group of each forward target (rule, index in its split): found once here rather
    /// than by building the id from the rule on every request.
    targets: BTreeMap<(RuleRef, usize), Arc<ServerGroupId>>,
}

impl ServerGroups {
    /// The server groups of ALB `group`: endpoints from `mapped` (`--backend`), else the
    /// Endpoints/EndpointSlices among the inputs, else local replicas; settings from each
    /// Ingress's backend annotations.
    pub fn build(
        router: &Router,
        group: usize,
        manifest: &Manifest,
        mapped: &BTreeMap<ServiceTarget, Vec<String>>,
    ) -> ServerGroups {
        let mut groups = ServerGroups::default();
        let Some(alb) = router.table().groups.get(group) else {
            return groups;
        };
        let rules = alb.listeners.iter().enumerate().flat_map(|(listener, l)| {
            l.rules.iter().enumerate().map(move |(rule, r)| {
                let at = RuleRef {
                    group,
                    listener,
                    rule,
                };
                (at, r)
            })
        });
        for (at, rule) in rules {
            let Some(Action::Forward(targets)) = rule.final_action() else {
                continue;
            };
            for (backend, target) in targets.iter().enumerate() {
                let id = ServerGroupId::for_target(rule, target);
                if let Some((known, _)) = groups.specs.get_key_value(&id) {
                    groups.targets.insert((at, backend), Arc::clone(known));
                    continue;
                }
                let endpoints = mapped
                    .get(&target.target)
                    .map(|addresses| addresses.iter().map(Endpoint::new).collect());
                let mut spec = ServerGroupSpec::resolve(manifest, id.clone(), endpoints);
                if let Some(settings) = router.table().backends.get(&id.ingress) {
                    spec.configure(
                        settings.scheduler,
                        settings.uch_value.clone(),
                        settings.sticky,
                        &settings.health_check,
                    );
                    if let Some(affinity) = &settings.affinity {
                        // ingress-nginx's upstream name is the group's `ns-svc-port`.
                        spec.sticky = NginxAffinity::from(affinity)
                            .policy(&id.alb_name(), settings.affinity_canary);
                    }
                }
                groups.targets.insert((at, backend), Arc::clone(&spec.id));
                groups.specs.insert(Arc::clone(&spec.id), spec);
            }
        }
        groups
    }

    pub fn get(&self, id: &ServerGroupId) -> Option<&ServerGroupSpec> {
        self.specs.get(id)
    }

    /// In id order.
    pub fn iter(&self) -> impl Iterator<Item = &ServerGroupSpec> {
        self.specs.values()
    }

    /// The server group a forward decision goes to.
    pub fn for_decision(&self, decision: &Decision) -> Option<&ServerGroupSpec> {
        if decision.outcome != Outcome::Forward {
            return None;
        }
        let id = self.targets.get(&(decision.rule?, decision.backend?))?;
        self.specs.get(&**id)
    }
}

/// What happens to one request, up to the endpoint.
#[derive(Clone, Debug)]
pub struct Dispatch {
    pub decision: Decision,
    /// A QPS limit of the matched rule refused the request: the load balancer answers 503.
    pub limited: Option<LimitScope>,
    /// The server group a forwarded request goes to.
    pub group: Option<Arc<ServerGroupId>>,
    /// The endpoint, or why there is none (no healthy endpoint: 503).
    pub selection: Option<Result<Selection, NoHealthyEndpoint>>,
    /// The matched location's path as its Ingress writes it, for a sticky cookie whose Path
    /// is the location (ingress-nginx's default); kept only when the group is sticky.
    pub location_path: Option<String>,
}

impl Dispatch {
    /// The status the load balancer answers with itself, if it does.
    pub fn status(&self) -> Option<u16> {
        if self.limited.is_some() {
            return Some(LIMITED_STATUS);
        }
        if let Some(Err(_)) = &self.selection {
            return Some(NoHealthyEndpoint::STATUS);
        }
        self.decision.status
    }

    pub fn endpoint(&self) -> Option<&Selection> {
        self.selection.as_ref()?.as_ref().ok()
    }
}

/// Decide `request` on ALB `group`, apply the rule's QPS limits (a refused request gets 503,
/// unless the rule redirects or answers itself, §6.6), and pick the endpoint.
pub fn dispatch(
    router: &Router,
    group: usize,
    groups: &ServerGroups,
    state: &mut BackendState,
    request: &Request,
    now: Duration,
    roll: u64,
) -> Dispatch {
    let decision = router.decide(group, request, roll);
    let mut dispatch = Dispatch {
        decision,
        limited: None,
        group: None,
        selection: None,
        location_path: None,
    };
    if dispatch.decision.outcome != Outcome::Forward {
        return dispatch;
    }
    if let Some(rule_ref) = dispatch.decision.rule
        && let Some(limit) = router.rule(rule_ref).and_then(TrafficLimit::of_rule)
        && let Admission::Limited(scope) = state.admit(rule_ref, limit, request.client_ip, now)
    {
        dispatch.limited = Some(scope);
        return dispatch;
    }
    if let Some(spec) = groups.for_decision(&dispatch.decision) {
        dispatch.group = Some(spec.id.clone());
        if spec.sticky.is_some() {
            let path = dispatch
                .decision
                .rule
                .and_then(|r| router.rule(r))
                .map_or("", |r| r.path.as_str());
            dispatch.location_path = Some(if path.is_empty() { "/" } else { path }.to_string());
        }
        let input = SelectInput {
            location_path: dispatch.location_path.as_deref().unwrap_or("/"),
            ..SelectInput::new(request)
        };
        // A second, independent roll: the split pick must not decide the endpoint too.
        dispatch.selection = Some(state.select_with(spec, &input, now, roll.rotate_left(29)));
    }
    dispatch
}
