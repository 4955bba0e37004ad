//! The one list of lint rules, in code order.
//!
//! Codes are grouped by area (see [`Rule::code`](super::Rule::code)). ALB0xx–6xx check ALB
//! Ingresses and AlbConfigs (0xx also the manifests themselves, for every controller). ALB7xx,
//! the first free area, is ingress-nginx's: its rules read only ingress-nginx Ingresses, in
//! ingress-nginx's dialect, so an area of their own keeps `--select ALB7` / `--ignore ALB7`
//! one switch for a controller. Within it: 70x annotation values and paths the admission
//! webhook or nginx refuses, then host and path clashes, then the silent traps.

use super::{Rule, rules};

/// Every rule `alb` has, sorted by code.
pub static RULES: &[&Rule] = &[
    &rules::yaml_syntax_error::RULE,
    &rules::not_a_kubernetes_object::RULE,
    &rules::wrong_field_type::RULE,
    &rules::missing_required_field::RULE,
    &rules::invalid_field_value::RULE,
    &rules::duplicate_key::RULE,
    &rules::removed_ingress_api_version::RULE,
    &rules::invalid_route_check_file::RULE,
    &rules::annotation_breaks_build::RULE,
    &rules::annotation_rejected_by_alb_api::RULE,
    &rules::annotation_value_ignored::RULE,
    &rules::boolean_not_exactly_true::RULE,
    &rules::enum_value_wrong_case::RULE,
    &rules::misleading_annotation_value::RULE,
    &rules::unknown_alb_annotation::RULE,
    &rules::dead_annotation::RULE,
    &rules::managed_controller_only_annotation::RULE,
    &rules::other_controller_annotation::RULE,
    &rules::nginx_annotation_wins::RULE,
    &rules::shadowed_annotation::RULE,
    &rules::inactive_annotation::RULE,
    &rules::unknown_lint_code::RULE,
    &rules::aws_load_balancer_controller_ingress::RULE,
    &rules::ingress_without_class::RULE,
    &rules::canary_without_main_rule::RULE,
    &rules::canary_sorts_after_main::RULE,
    &rules::canary_header_and_weight::RULE,
    &rules::canary_weights_over_100::RULE,
    &rules::canary_tls_mismatch::RULE,
    &rules::canary_with_custom_conditions::RULE,
    &rules::weight_canary_with_forward_action::RULE,
    &rules::canary_weight_zero::RULE,
    &rules::wildcard_in_literal_path::RULE,
    &rules::regex_path_without_regex_mode::RULE,
    &rules::rewrite_variables_without_captures::RULE,
    &rules::rewrite_replaces_whole_path::RULE,
    &rules::invalid_regex_path::RULE,
    &rules::mixed_case_regex_path::RULE,
    &rules::path_not_absolute::RULE,
    &rules::service_not_found::RULE,
    &rules::service_port_not_found::RULE,
    &rules::named_service_port::RULE,
    &rules::custom_action_without_use_annotation::RULE,
    &rules::annotation_for_unused_service::RULE,
    &rules::grpc_without_tls::RULE,
    &rules::default_backend_ignored::RULE,
    &rules::resource_backend_unsupported::RULE,
    &rules::shadowed_rule::RULE,
    &rules::duplicate_host_path::RULE,
    &rules::duplicate_explicit_order::RULE,
    &rules::listen_port_without_listener::RULE,
    &rules::tls_host_without_rule::RULE,
    &rules::tls_host_unreachable_over_http::RULE,
    &rules::tls_without_hosts::RULE,
    &rules::ssl_redirect_on_non_443_https::RULE,
    &rules::ingress_class_not_found::RULE,
    &rules::per_ip_qps_not_below_qps::RULE,
    &rules::cors_credentials_with_any_origin::RULE,
    &rules::too_few_zone_mappings::RULE,
    &rules::basic_edition_unsupported_feature::RULE,
    &rules::rule_exceeds_edition_limits::RULE,
    &rules::listener_never_gets_rules::RULE,
    &rules::unknown_edition::RULE,
    &rules::listener_timeout_out_of_range::RULE,
    &rules::nginx_annotation_rejected::RULE,
    &rules::nginx_annotation_value_ignored::RULE,
    &rules::nginx_annotation_breaks_reload::RULE,
    &rules::nginx_path_fails_strict_path_type::RULE,
    &rules::nginx_host_path_already_defined::RULE,
    &rules::nginx_duplicate_location::RULE,
    &rules::nginx_regex_spreads_to_host::RULE,
    &rules::nginx_canary_weight_total_ignored::RULE,
    &rules::nginx_samesite_wrong_case::RULE,
    &rules::nginx_hostless_rule_not_applied::RULE,
];

pub fn rule_for_code(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// A rule by code (any case) or name, for `alb explain`.
pub fn find(query: &str) -> Option<&'static Rule> {
    let query = query.trim();
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(query) || r.name.eq_ignore_ascii_case(query))
}

#[cfg(test)]
mod tests {
    use super::RULES;

    #[test]
    fn codes_are_unique_and_sorted_and_names_are_unique() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} then {}",
                pair[0].code,
                pair[1].code
            );
        }
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn every_rule_documents_what_why_example_and_fix() {
        for rule in RULES {
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Fix",
            ] {
                assert!(rule.docs.contains(section), "{} lacks {section}", rule.code);
            }
            assert!(
                !rule.docs.contains("TODO"),
                "{} is not documented yet",
                rule.code
            );
        }
    }
}
