//! Whose manifest it is (issue 11): AWS Load Balancer Controller and ingress-nginx Ingresses
//! beside ALB's, class-less Ingresses, what every command says it skipped, the AlbConfig an
//! Ingress belongs to, and `explain -f` exiting as `lint` does.

use super::{alb, run};

fn json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let output = alb().args(args).output().expect("alb runs");
    let value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON: {e}"));
    (output.status.code(), value)
}

fn codes_on(report: &serde_json::Value, object: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["object"] == object)
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_mixed_directory_lints_each_ingress_in_its_dialect_and_names_the_rest() {
    insta::assert_snapshot!(run(alb().args(["lint", "testdata/mixed/"])));
    let (code, report) = json(&["lint", "testdata/mixed/", "-o", "json"]);
    // The ALB Ingress's real error fails the run.
    assert_eq!(code, Some(1));
    assert_eq!(codes_on(&report, "Ingress shop/catalog"), ["ALB010"]);
    // AWS's Ingresses get one ALB031 each, and nothing else.
    assert_eq!(codes_on(&report, "Ingress web/api"), ["ALB031"]);
    assert_eq!(codes_on(&report, "Ingress web/docs"), ["ALB031"]);
    // ingress-nginx's, in ingress-nginx's dialect: nothing as ALB (its regex path would be
    // ALB201); the class-less one gets ALB032, and its regex path with pathType Prefix is
    // refused by ingress-nginx's webhook (ALB704).
    assert!(codes_on(&report, "Ingress web/blog").is_empty());
    assert_eq!(
        codes_on(&report, "Ingress web/search"),
        ["ALB032", "ALB704"]
    );
    let summary = &report["summary"];
    assert_eq!(summary["checked"]["Ingress"], 3);
    let skipped: Vec<(String, String)> = summary["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            (
                s["object"].as_str().unwrap_or_default().to_string(),
                s["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expect = |o: &str, r: &str| (o.to_string(), r.to_string());
    assert_eq!(
        skipped,
        [
            expect("Ingress web/api", "aws-load-balancer-controller"),
            expect("Ingress web/docs", "aws-load-balancer-controller"),
            expect("TargetGroupBinding legacy", "aws-load-balancer-controller"),
            expect("ConfigMap ingress-nginx-controller", "unknown-kind"),
        ]
    );
}

#[test]
fn an_aws_ingress_class_among_the_inputs_is_not_dropped_without_a_word() {
    let (code, report) = json(&["lint", "testdata/mixed/aws.yaml", "-o", "json"]);
    assert_eq!(code, Some(2), "nothing checked");
    assert_eq!(report["summary"]["checked_nothing"], true);
    assert_eq!(codes_on(&report, "Ingress web/api"), ["ALB031"]);
    let message = report["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("IngressClass `aws-alb` (controller `ingress.k8s.aws/alb`)"),
        "{message}"
    );
}

#[test]
fn nothing_checked_is_never_called_clean() {
    // lint: exit 2 and "Nothing checked", or 0 with --allow-empty; the summary says why.
    let out = run(alb().args(["lint", "testdata/mixed/aws.yaml"]));
    insta::assert_snapshot!(out);
    assert!(!out.contains("no problems found"), "{out}");
    let out = run(alb().args(["lint", "--allow-empty", "testdata/mixed/aws.yaml"]));
    assert!(out.starts_with("success: true\nexit_code: 0\n"), "{out}");
    assert!(out.contains("Nothing checked"), "{out}");
    // explain -f: its table holds ALB's Ingresses only; it says there is nothing to explain,
    // and what it skipped.
    insta::assert_snapshot!(run(alb().args([
        "explain",
        "-f",
        "testdata/mixed/nginx.yaml"
    ])));
    // It exits as lint does: 1, for the ingress-nginx Ingress that its webhook refuses.
    let (code, rules) = json(&["explain", "-f", "testdata/mixed/nginx.yaml", "-o", "json"]);
    assert_eq!(code, Some(1));
    assert_eq!(rules["skipped"].as_array().map(Vec::len), Some(3));
    // route --controller nginx: ingress-nginx's Ingresses are routed as ingress-nginx does,
    // the rest named; no hint at --controller to someone who passed it.
    let out = run(alb().args([
        "route",
        "--controller",
        "nginx",
        "-f",
        "testdata/mixed/",
        "http://blog.example.com/blog/",
    ]));
    insta::assert_snapshot!(out);
    assert!(!out.contains("or --controller"), "{out}");
    // Without --controller, route names what it skipped and why.
    let out = run(alb().args([
        "route",
        "-f",
        "testdata/mixed/nginx.yaml",
        "http://blog.example.com/blog/",
    ]));
    insta::assert_snapshot!(out);
    // serve says the same before refusing to start.
    let out = run(alb().args(["serve", "-f", "testdata/mixed/nginx.yaml"]));
    assert!(out.starts_with("success: false\nexit_code: 2\n"), "{out}");
    assert!(out.contains("2 Ingresses of ingress-nginx"), "{out}");
}

#[test]
fn a_classless_ingress_is_not_silently_alb() {
    // Only ingress-nginx keys: ingress-nginx's, so its regex path is no ALB201 error but
    // ingress-nginx's own (ALB704: a regex needs pathType ImplementationSpecific).
    let (code, report) = json(&["lint", "testdata/mixed/nginx.yaml", "-o", "json"]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(report["summary"]["checked"]["Ingress"], 2);
    assert_eq!(
        codes_on(&report, "Ingress web/search"),
        ["ALB032", "ALB704"]
    );
    assert_eq!(report["diagnostics"][0]["severity"], "info");
    // The same Ingress under class `alb` is linted as ALB's: the regex is an error then.
    let text = std::fs::read_to_string(super::root().join("testdata/mixed/nginx.yaml"))
        .expect("fixture")
        .replace(
            "    nginx.ingress.kubernetes.io/use-regex: \"true\"\nspec:\n",
            "    nginx.ingress.kubernetes.io/use-regex: \"true\"\nspec:\n  ingressClassName: alb\n",
        );
    let output = alb()
        .args(["lint", "-", "-o", "json"])
        .write_stdin(text)
        .output()
        .expect("alb runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        codes_on(&report, "Ingress web/search").contains(&"ALB201".to_string()),
        "{report}"
    );
}

#[test]
fn one_answer_to_which_albconfig_an_ingress_belongs_to() {
    // shop/web names IngressClass `alb`, missing while `alb-demo` (→ demo) is present: lint
    // says the class is missing and does not check web against demo's listeners (no ALB404);
    // explain -f and route place it on the assumed `default`, and say so.
    let (code, report) = json(&["lint", "testdata/attachment/", "-o", "json"]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(codes_on(&report, "Ingress shop/web"), ["ALB409"]);
    let (_, rules) = json(&["explain", "-f", "testdata/attachment/", "-o", "json"]);
    let placed: Vec<(String, String, String)> = rules["albs"]
        .as_array()
        .expect("albs")
        .iter()
        .flat_map(|alb| {
            let name = alb["albconfig"].as_str().unwrap_or_default().to_string();
            alb["ingresses"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |m| {
                    (
                        m["ingress"].as_str().unwrap_or_default().to_string(),
                        name.clone(),
                        m["albconfig_from"].as_str().unwrap_or_default().to_string(),
                    )
                })
        })
        .collect();
    let row = |i: &str, a: &str, f: &str| (i.to_string(), a.to_string(), f.to_string());
    assert_eq!(
        placed,
        [
            row("shop/web", "default", "missing-ingress-class"),
            row("shop/admin", "demo", "annotation"),
            row("shop/api", "demo", "ingress-class"),
        ]
    );
    insta::assert_snapshot!(run(alb().args(["explain", "-f", "testdata/attachment/"])));
    // route finds web only on `default`.
    let out = run(alb().args([
        "route",
        "-f",
        "testdata/attachment/",
        "--albconfig",
        "demo",
        "http://web.example.com/",
    ]));
    assert!(out.starts_with("success: false\nexit_code: 1\n"), "{out}");
}

#[test]
fn explain_and_lint_agree_on_exit_codes() {
    let mut inputs: Vec<String> = std::fs::read_dir(super::root().join("testdata/lint"))
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| format!("testdata/lint/{}", e.file_name().to_string_lossy()))
        .collect();
    inputs.sort();
    inputs.extend(
        [
            "testdata/examples/",
            "testdata/lint-groups/",
            "testdata/mixed/",
            "testdata/attachment/",
        ]
        .map(String::from),
    );
    for input in &inputs {
        let lint = alb().args(["lint", input]).output().expect("alb runs");
        let explain = alb()
            .args(["explain", "-f", input])
            .output()
            .expect("alb runs");
        let (lint, explain) = (lint.status.code(), explain.status.code());
        // Errors: both 1. Otherwise neither is 1 (2 when nothing is checked or explained).
        assert_eq!(
            lint == Some(1),
            explain == Some(1),
            "{input}: lint exits {lint:?}, explain -f exits {explain:?}"
        );
    }
}
