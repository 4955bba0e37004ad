//! One file per rule, named for the pattern it flags (ruff's convention). The registry
//! (`lint/registry.rs`) lists them in code order.

use crate::annotations::{AnnotationFinding, Dialect, FindingKind, InvalidEffect, ProblemKind};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintContext, Rule};

pub mod annotation_breaks_build;
pub mod annotation_for_unused_service;
pub mod annotation_rejected_by_alb_api;
pub mod annotation_value_ignored;
pub mod aws_load_balancer_controller_ingress;
pub mod basic_edition_unsupported_feature;
pub mod boolean_not_exactly_true;
pub mod canary_header_and_weight;
pub mod canary_sorts_after_main;
pub mod canary_tls_mismatch;
pub mod canary_weight_zero;
pub mod canary_weights_over_100;
pub mod canary_with_custom_conditions;
pub mod canary_without_main_rule;
pub mod cors_credentials_with_any_origin;
pub mod custom_action_without_use_annotation;
pub mod dead_annotation;
pub mod default_backend_ignored;
pub mod duplicate_explicit_order;
pub mod duplicate_host_path;
pub mod duplicate_key;
pub mod enum_value_wrong_case;
pub mod grpc_without_tls;
pub mod inactive_annotation;
pub mod ingress_class_not_found;
pub mod ingress_without_class;
pub mod invalid_field_value;
pub mod invalid_regex_path;
pub mod invalid_route_check_file;
pub mod listen_port_without_listener;
pub mod listener_never_gets_rules;
pub mod listener_timeout_out_of_range;
pub mod managed_controller_only_annotation;
pub mod misleading_annotation_value;
pub mod missing_required_field;
pub mod mixed_case_regex_path;
pub mod named_service_port;
pub mod nginx_annotation_breaks_reload;
pub mod nginx_annotation_rejected;
pub mod nginx_annotation_value_ignored;
pub mod nginx_annotation_wins;
pub mod nginx_canary_weight_total_ignored;
pub mod nginx_duplicate_location;
pub mod nginx_host_path_already_defined;
pub mod nginx_hostless_rule_not_applied;
pub mod nginx_path_fails_strict_path_type;
pub mod nginx_regex_spreads_to_host;
pub mod nginx_samesite_wrong_case;
pub mod not_a_kubernetes_object;
pub mod other_controller_annotation;
pub mod path_not_absolute;
pub mod per_ip_qps_not_below_qps;
pub mod regex_path_without_regex_mode;
pub mod removed_ingress_api_version;
pub mod resource_backend_unsupported;
pub mod rewrite_replaces_whole_path;
pub mod rewrite_variables_without_captures;
pub mod rule_exceeds_edition_limits;
pub mod service_not_found;
pub mod service_port_not_found;
pub mod shadowed_annotation;
pub mod shadowed_rule;
pub mod ssl_redirect_on_non_443_https;
#[cfg(test)]
mod testing;
pub mod tls_host_unreachable_over_http;
pub mod tls_host_without_rule;
pub mod tls_without_hosts;
pub mod too_few_zone_mappings;
pub mod unknown_alb_annotation;
pub mod unknown_edition;
pub mod unknown_lint_code;
pub mod weight_canary_with_forward_action;
pub mod wildcard_in_literal_path;
pub mod wrong_field_type;
pub mod yaml_syntax_error;

/// Which rule reports an annotation finding. One place decides, so every finding has exactly
/// one code.
pub(crate) fn rule_for_finding(f: &AnnotationFinding) -> &'static Rule {
    match &f.kind {
        FindingKind::Conflict { with } if with.ends_with("traffic-limit-qps") => {
            &per_ip_qps_not_below_qps::RULE
        }
        FindingKind::Conflict { .. } => &canary_header_and_weight::RULE,
        // An ingress-nginx row's value: only ingress-nginx Ingresses have these findings (an
        // ALB Ingress's `nginx.` keys are other-controller ones, or ALB's own aliases).
        FindingKind::InvalidValue(kind) if f.spec.is_some_and(|s| s.dialect == Dialect::Nginx) => {
            match (f.effect, f.spec.map(|s| s.name), kind) {
                (InvalidEffect::IngressRejected, ..) => &nginx_annotation_rejected::RULE,
                (InvalidEffect::RejectedByApi, ..) => &nginx_annotation_breaks_reload::RULE,
                (_, Some("canary-weight-total"), ProblemKind::OutOfRange) => {
                    &nginx_canary_weight_total_ignored::RULE
                }
                (_, Some("session-cookie-samesite"), ProblemKind::WrongCase) => {
                    &nginx_samesite_wrong_case::RULE
                }
                _ => &nginx_annotation_value_ignored::RULE,
            }
        }
        FindingKind::InvalidValue(kind) => match (f.effect, kind) {
            (InvalidEffect::GroupError | InvalidEffect::ControllerPanic, _) => {
                &annotation_breaks_build::RULE
            }
            (InvalidEffect::RejectedByApi, _) => &annotation_rejected_by_alb_api::RULE,
            (InvalidEffect::Misinterpreted, _) | (_, ProblemKind::Misleading) => {
                &misleading_annotation_value::RULE
            }
            (_, ProblemKind::NotExactTrue) => &boolean_not_exactly_true::RULE,
            (_, ProblemKind::WrongCase) => &enum_value_wrong_case::RULE,
            _ => &annotation_value_ignored::RULE,
        },
        FindingKind::UnknownAlbAnnotation { .. } => &unknown_alb_annotation::RULE,
        FindingKind::NoEffect | FindingKind::Unsupported => &dead_annotation::RULE,
        FindingKind::ManagedOnly => &managed_controller_only_annotation::RULE,
        FindingKind::OtherController(_) => &other_controller_annotation::RULE,
        FindingKind::NginxShadows { .. } => &nginx_annotation_wins::RULE,
        FindingKind::Shadowed { .. } => &shadowed_annotation::RULE,
        FindingKind::Inactive { .. } => &inactive_annotation::RULE,
    }
}

/// Report every annotation finding that belongs to `rule`: at the value when the value is
/// the problem, at the key when the key is.
pub(crate) fn report_annotation_findings(
    ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
    rule: &Rule,
) {
    let alb = ctx.ingresses.iter().map(|i| (i.ingress, &i.findings));
    let nginx = ctx.nginx.iter().map(|i| (i.ingress, &i.findings));
    for (ingress, findings) in alb.chain(nginx) {
        for f in findings {
            if rule_for_finding(f).code != rule.code {
                continue;
            }
            let at_value = matches!(
                f.kind,
                FindingKind::InvalidValue(_)
                    | FindingKind::Conflict { .. }
                    | FindingKind::Inactive { .. }
            );
            let span = if at_value { f.value_span } else { f.key.span };
            let mut d = ctx.report(rule, span, Some(ingress), f.message.clone());
            let help = f.help.clone().or_else(|| {
                matches!(
                    f.effect,
                    InvalidEffect::GroupError
                        | InvalidEffect::RejectedByApi
                        | InvalidEffect::ControllerPanic
                        | InvalidEffect::IngressRejected
                )
                .then(|| f.effect.describe().to_string())
            });
            if let Some(help) = help {
                d = d.with_help(help);
            }
            out.push(d);
        }
    }
}
