//! `alb lint`: one fixture and snapshot per rule, the formats, selection, suppression, the
//! group verdict, and the bundled examples linting clean.

use alb_engine::lint::RULES;

use crate::{alb, root, run};

/// `# expect: ALB101 at lines 12, 30 (why)` → [12, 30].
fn expected_lines(text: &str, code: &str) -> Option<Vec<u64>> {
    let header = text.lines().next()?;
    let rest = header.strip_prefix(&format!("# expect: {code} at "))?;
    let rest = rest
        .trim_start_matches("lines ")
        .trim_start_matches("line ");
    // Anything after `(` or `;` is commentary.
    let rest = rest.split(['(', ';']).next().unwrap_or_default();
    Some(
        rest.split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .filter_map(|n| n.parse().ok())
            .collect(),
    )
}

/// Every fixture `testdata/lint/ALBnnn*.yaml`: the rule flags exactly the lines its header
/// promises, and the rendered output is a reviewed snapshot.
#[test]
fn every_rule_fixture_flags_what_it_promises() {
    let mut fixtures: Vec<_> = std::fs::read_dir(root().join("testdata/lint"))
        .expect("testdata/lint")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    for fixture in &fixtures {
        let stem = fixture
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_string();
        let code = &stem[..6];
        let relative = format!("testdata/lint/{stem}.yaml");
        let text = std::fs::read_to_string(fixture).expect("fixture");
        let expected = expected_lines(&text, code)
            .unwrap_or_else(|| panic!("{relative} lacks an `# expect: {code} at lines …` header"));
        let output = alb()
            .args(["lint", "--select", code, &relative, "-o", "json"])
            .output()
            .expect("alb runs");
        let json: serde_json::Value =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{relative}: {e}"));
        let mut lines: Vec<u64> = json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["code"] == code)
            .filter_map(|d| d["line"].as_u64())
            .collect();
        lines.sort_unstable();
        lines.dedup();
        assert_eq!(lines, expected, "{relative}: lines flagged by {code}");
        insta::assert_snapshot!(
            format!("rule_{stem}"),
            run(alb().args(["lint", "--select", code, &relative]))
        );
    }
}

#[test]
fn every_rule_has_a_fixture() {
    for rule in RULES {
        // ALB008 is about route check files: its fixture is testdata/checks/invalid.yaml.
        if rule.code == "ALB008" {
            assert!(root().join("testdata/checks/invalid.yaml").exists());
            continue;
        }
        assert!(
            root()
                .join(format!("testdata/lint/{}.yaml", rule.code))
                .exists(),
            "{} {} has no fixture testdata/lint/{}.yaml",
            rule.code,
            rule.name,
            rule.code
        );
    }
}

#[test]
fn the_bundled_examples_lint_clean() {
    let out = run(alb().args(["lint", "testdata/examples/"]));
    assert!(out.starts_with("success: true\nexit_code: 0\n"), "{out}");
    assert!(out.contains("no problems found"), "{out}");
}

#[test]
fn formats_json_sarif_github() {
    let fixture = "testdata/lint/ALB010.yaml";
    insta::assert_snapshot!(run(alb().args(["lint", fixture, "-o", "json"])));
    insta::assert_snapshot!(run(alb().args(["lint", fixture, "-o", "github"])));
    let output = alb()
        .args(["lint", fixture, "-o", "sarif"])
        .output()
        .expect("alb runs");
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        assert!(
            result["ruleId"]
                .as_str()
                .is_some_and(|id| id.starts_with("ALB"))
        );
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap_or("")));
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(
            region["startLine"].as_u64().is_some_and(|l| l > 0),
            "{result}"
        );
        assert!(
            region["startColumn"].as_u64().is_some_and(|c| c > 0),
            "{result}"
        );
        let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert_eq!(uri, fixture);
    }
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), RULES.len());
}

#[test]
fn the_group_verdict_names_the_blocked_alb_and_its_ingresses() {
    insta::assert_snapshot!(run(alb().args(["lint", "testdata/lint-groups/"])));
}

#[test]
fn selection_and_deny_warnings() {
    let fixture = "testdata/lint/ALB013.yaml";
    // Warnings alone pass...
    let out = run(alb().args(["lint", fixture]));
    assert!(out.starts_with("success: true\nexit_code: 0\n"), "{out}");
    // ...unless denied.
    let out = run(alb().args(["lint", fixture, "--deny-warnings"]));
    assert!(out.starts_with("success: false\nexit_code: 1\n"), "{out}");
    // Ignored by prefix.
    let out = run(alb().args(["lint", fixture, "--ignore", "ALB01"]));
    assert!(out.contains("no problems found"), "{out}");
    // A selector that names nothing is a usage error.
    insta::assert_snapshot!(run(alb().args(["lint", fixture, "--select", "ALB999"])));
    let out = run(alb().args(["lint"]));
    assert!(out.starts_with("success: false\nexit_code: 2\n"), "{out}");
}

#[test]
fn explain_describes_a_lint_code() {
    insta::assert_snapshot!(run(alb().args(["explain", "ALB013"])));
    let out = run(alb().args(["explain", "boolean-not-exactly-true", "-o", "json"]));
    assert!(out.contains("\"code\": \"ALB013\""), "{out}");
    let out = run(alb().args(["explain", "ALB999"]));
    assert!(out.starts_with("success: false\nexit_code: 2\n"), "{out}");
}

/// Inputs that must never crash the linter.
#[test]
fn hostile_input_never_panics() {
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let deep = format!("a: {}1{}\n", "{b: ".repeat(3000), "}".repeat(3000));
    let truncated =
        std::fs::read_to_string(root().join("testdata/examples/09-regex-conditions.yaml"))
            .expect("fixture");
    let truncated = truncated[..truncated.len() * 2 / 3].to_string();
    let huge = format!(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: huge\n  annotations:\n    alb.ingress.kubernetes.io/conditions.svc: '{}'\n    alb.ingress.kubernetes.io/listen-ports: '{}'\n    alb.ingress.kubernetes.io/rewrite-target: \"{}\"\nspec:\n  ingressClassName: alb\n  rules:\n    - http:\n        paths:\n          - path: \"/{}\"\n            pathType: Prefix\n            backend: {{service: {{name: svc, port: {{number: 80}}}}}}\n",
        "[".repeat(100_000),
        "[{\"HTTP\": 80}, ".repeat(20_000),
        "${9}".repeat(50_000),
        "(a".repeat(20_000)
    );
    for (name, input) in [
        ("garbage", garbage),
        ("deep", deep.into_bytes()),
        ("truncated", truncated.into_bytes()),
        ("huge", huge.into_bytes()),
    ] {
        let output = alb()
            .args(["lint", "-", "-o", "json"])
            .write_stdin(input)
            .output()
            .expect("alb runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{name}: {:?} {stderr}",
            output.status
        );
        assert!(
            serde_json::from_slice::<serde_json::Value>(&output.stdout).is_ok(),
            "{name}: stdout is JSON"
        );
    }
}
