//! `alb route`: single decisions with traces, batches, route assertions; and the engine's
//! promise that the indexed decision and the full trace always agree.

use alb_engine::chance::Rolls;
use alb_engine::compile::{self, CompileOptions};
use alb_engine::manifest::{self, LoadOptions};
use alb_engine::route::{Request, Router, TraceResult};
use alb_engine::{SourceFile, SourceMap};

use crate::{alb, root, run};

const EXAMPLES: &str = "testdata/examples/";

#[test]
fn forward_with_trace() {
    insta::assert_snapshot!(run(alb().args([
        "route",
        "-f",
        EXAMPLES,
        "http://demo.domain.ingress.top/hello"
    ])));
}

#[test]
fn header_canary_as_json() {
    insta::assert_snapshot!(run(alb().args([
        "route",
        "-f",
        EXAMPLES,
        "-H",
        "location: hz",
        "http://any.example.com/hello",
        "-o",
        "json"
    ])));
}

#[test]
fn weight_split_rewrite_and_redirect() {
    insta::assert_snapshot!(run(alb().args([
        "route",
        "-f",
        EXAMPLES,
        "--seed",
        "1",
        "http://x.example.com/hello"
    ])));
    insta::assert_snapshot!(run(alb().args([
        "route",
        "-f",
        EXAMPLES,
        "http://rewrite.example.com/something/new?x=1",
        "-o",
        "json"
    ])));
    insta::assert_snapshot!(run(alb().args([
        "route",
        "-f",
        EXAMPLES,
        "http://ssl.alb.ingress.top/a?b=1"
    ])));
}

#[test]
fn cors_preflight_is_answered_by_the_load_balancer() {
    insta::assert_snapshot!(run(alb().args([
        "route",
        "-f",
        EXAMPLES,
        "-X",
        "OPTIONS",
        "-H",
        "Origin: https://app.example.org",
        "-H",
        "Access-Control-Request-Method: POST",
        "http://cors.example.com/api"
    ])));
}

#[test]
fn no_match_exits_1_with_the_full_trace_on_request() {
    insta::assert_snapshot!(run(alb().args([
        "route",
        "-f",
        EXAMPLES,
        "--full-trace",
        "http://nowhere.example.com/"
    ])));
}

#[test]
fn bad_requests_are_usage_errors() {
    for args in [
        vec!["route", "-f", EXAMPLES, "ftp://x/"],
        vec!["route", "-f", EXAMPLES, "http://x:0/"],
        vec!["route", "-f", EXAMPLES, "-H", "no colon", "http://x/"],
        vec!["route", "-f", EXAMPLES, "--client-ip", "1.2.3", "http://x/"],
        vec!["route", "-f", EXAMPLES, "--albconfig", "nope", "http://x/"],
        vec!["route", "http://x/"],
        vec!["route", "-f", EXAMPLES],
    ] {
        let out = run(alb().args(&args));
        assert!(
            out.starts_with("success: false\nexit_code: 2\n"),
            "{args:?}: {out}"
        );
        assert!(!out.contains("panicked"), "{args:?}: {out}");
    }
    insta::assert_snapshot!(run(alb().args([
        "route",
        "-f",
        EXAMPLES,
        "--albconfig",
        "nope",
        "http://x/"
    ])));
}

#[test]
fn batch_streams_one_decision_per_line_and_reports_bad_lines() {
    insta::assert_snapshot!(run(alb().args([
        "route",
        "-f",
        EXAMPLES,
        "--requests",
        "testdata/requests/examples.jsonl"
    ])));
}

#[test]
fn every_route_test_file_passes() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("testdata/route"))
        .expect("testdata/route")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    for file in files {
        let out = run(alb().args(["route", "--check"]).arg(&file));
        assert!(
            out.starts_with("success: true\nexit_code: 0\n"),
            "{}: {out}",
            file.display()
        );
        assert!(!out.contains("FAIL"), "{}: {out}", file.display());
    }
}

#[test]
fn the_readme_route_test_example_passes() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let example = std::fs::read_to_string(root().join("testdata/checks/readme-example.yaml"))
        .expect("example");
    let cases = &example[example.find("cases:").expect("cases")..];
    assert!(
        readme.contains(cases.trim_end()),
        "the README's check-file example differs from testdata/checks/readme-example.yaml"
    );
    let out = run(alb().args(["route", "--check", "testdata/checks/readme-example.yaml"]));
    assert!(out.starts_with("success: true\nexit_code: 0\n"), "{out}");
}

#[test]
fn check_output_lists_cases_and_coverage() {
    insta::assert_snapshot!(run(alb().args([
        "route",
        "--check",
        "testdata/route/ssl-redirect.yaml"
    ])));
}

#[test]
fn failing_checks_exit_1_and_say_what_differs() {
    insta::assert_snapshot!(run(alb().args([
        "route",
        "--check",
        "testdata/checks/failing.yaml"
    ])));
    insta::assert_snapshot!(run(alb().args([
        "route",
        "--check",
        "testdata/checks/failing.yaml",
        "-o",
        "json"
    ])));
}

#[test]
fn an_invalid_check_file_exits_2_pointing_at_the_problem() {
    insta::assert_snapshot!(run(alb().args([
        "route",
        "--check",
        "testdata/checks/invalid.yaml"
    ])));
}

/// The index is an optimisation: for every request, the rule it finds is the first rule the
/// full scan matches. Requests are derived from every rule of every fixture set, with and
/// without the canary header and cookie, on both listeners.
#[test]
fn indexed_decisions_agree_with_the_full_trace() {
    let mut dirs = vec![root().join(EXAMPLES)];
    for entry in std::fs::read_dir(root().join("testdata/route")).expect("testdata/route") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            dirs.push(path);
        }
    }
    let mut checked = 0;
    for dir in dirs {
        let mut sources = SourceMap::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read(&file).expect("fixture");
            sources.add(SourceFile::from_bytes(file.display().to_string(), text));
        }
        let (manifest, _) = manifest::load(&sources, &LoadOptions::default());
        let router = Router::new(compile::compile(&manifest, &CompileOptions::default()));
        let mut urls = Vec::new();
        for group in &router.table().groups {
            for listener in &group.listeners {
                for rule in &listener.rules {
                    let host = if rule.host.is_empty() {
                        "other.example.net".to_string()
                    } else {
                        rule.host.replace('*', "w")
                    };
                    let base = rule.path.trim_end_matches('/');
                    for path in [
                        rule.path.as_str(),
                        &format!("{base}/x"),
                        &format!("{base}x"),
                        "/",
                        "/hello",
                        "/zzz",
                    ] {
                        let path = if path.starts_with('/') {
                            path.to_string()
                        } else {
                            format!("/{path}")
                        };
                        for scheme in ["http", "https"] {
                            urls.push(format!("{scheme}://{host}{path}"));
                        }
                    }
                }
            }
        }
        for (g, _) in router.table().groups.iter().enumerate() {
            let mut rolls = Rolls::new(0);
            for url in &urls {
                let Ok(plain) = Request::from_url(url) else {
                    continue;
                };
                let mut with_canary = plain.clone();
                with_canary.add_header("location", "hz").expect("header");
                with_canary.add_cookies("demo=always").expect("cookie");
                for request in [plain, with_canary] {
                    let decision = router.decide(g, &request, rolls.next_roll());
                    let first_match = router
                        .trace(g, &request)
                        .into_iter()
                        .find(|t| t.result == TraceResult::Matched)
                        .map(|t| t.rule);
                    assert_eq!(decision.rule, first_match, "{} {url}", dir.display());
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}
