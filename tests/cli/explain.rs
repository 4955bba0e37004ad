//! `alb explain`: annotations from the registry, and rules in evaluation order.

use crate::{alb, run};

#[test]
fn annotation_by_short_name() {
    insta::assert_snapshot!(run(alb().args(["explain", "canary-weight"])));
}

#[test]
fn annotation_by_full_name_as_json() {
    insta::assert_snapshot!(run(alb().args([
        "explain",
        "alb.ingress.kubernetes.io/use-regex",
        "-o",
        "json"
    ])));
}

#[test]
fn per_service_annotation_by_its_key() {
    let out = run(alb().args(["explain", "conditions.my-service"]));
    assert!(
        out.contains("alb.ingress.kubernetes.io/conditions.<svc>"),
        "{out}"
    );
    assert!(out.starts_with("success: true"), "{out}");
}

#[test]
fn unknown_annotation_suggests_and_exits_2() {
    insta::assert_snapshot!(run(alb().args(["explain", "canary-wieght"])));
}

#[test]
fn nothing_to_explain_is_a_usage_error() {
    insta::assert_snapshot!(run(alb().arg("explain")));
}

#[test]
fn rules_of_the_examples_in_evaluation_order() {
    insta::assert_snapshot!(run(alb().args(["explain", "-f", "testdata/examples/"])));
}

#[test]
fn rules_as_json() {
    insta::assert_snapshot!(run(alb().args([
        "explain",
        "-f",
        "testdata/load/list.yaml",
        "-o",
        "json"
    ])));
}

#[test]
fn help_lists_all_five_subcommands() {
    insta::assert_snapshot!(run(alb().arg("--help")));
}

#[test]
fn bad_flag_is_a_usage_error() {
    let out = run(alb().args(["explain", "--no-such-flag"]));
    assert!(out.starts_with("success: false\nexit_code: 2\n"), "{out}");
    let out = run(alb().args(["explain", "-o", "yaml", "canary-weight"]));
    assert!(out.starts_with("success: false\nexit_code: 2\n"), "{out}");
}
