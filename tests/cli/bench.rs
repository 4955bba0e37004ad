//! `alb bench`: the load generator against `alb serve` and its echo backends on 127.0.0.1
//! (ephemeral ports, no other network), `--serve` on the bundled examples, flags and exit codes.

use std::path::PathBuf;

use serde_json::Value;

use crate::serve::{Server, start};
use crate::{alb, run};

/// A Deployment with 4 replicas behind one Ingress rule (wrr, the default scheduler).
const FOUR_REPLICAS: &str = "\
apiVersion: v1
kind: Service
metadata: {name: app, namespace: default}
spec:
  selector: {app: app}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: default}
spec:
  replicas: 4
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec: {containers: [{name: app, image: app}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: app, namespace: default}
spec:
  ingressClassName: alb
  rules:
    - host: app.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: app, port: {number: 80}}}
";

/// The manifest above in a file of this test's own, and `alb serve --debug-headers` on it.
fn four_replicas(test: &str) -> (Server, PathBuf) {
    let dir = std::env::temp_dir().join(format!("alb-bench-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("app.yaml");
    std::fs::write(&file, FOUR_REPLICAS).expect("write manifest");
    let server = start(&["-f", &file.to_string_lossy(), "--debug-headers"]);
    (server, dir)
}

/// Run `alb bench ARGS -o json`; exit code 0 and the report.
fn bench_json(args: &[&str]) -> Value {
    let output = alb()
        .arg("bench")
        .args(args)
        .args(["-o", "json"])
        .output()
        .expect("alb bench runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn errors(report: &Value) -> u64 {
    report["errors"]
        .as_object()
        .expect("errors by kind")
        .values()
        .map(|v| v.as_u64().expect("a count"))
        .sum()
}

#[test]
fn request_count_is_exact_and_four_replicas_share_evenly() {
    let (server, dir) = four_replicas("count");
    let url = format!("http://{}/", server.http);
    let report = bench_json(&[&url, "-H", "Host: app.example.com", "-n", "2000", "-c", "8"]);
    assert_eq!(report["requests"], 2000, "{report:#}");
    assert_eq!(errors(&report), 0, "{report:#}");
    assert_eq!(report["status"]["200"], 2000, "{report:#}");
    let backends = report["backends"].as_object().expect("backends");
    assert_eq!(backends.len(), 4, "{report:#}");
    for (name, count) in backends {
        assert!(name.starts_with("default/app/replica-"), "{name}");
        let share = count.as_f64().expect("count") / 2000.0;
        assert!(
            (0.22..=0.28).contains(&share),
            "{name} got {:.1}%",
            share * 100.0
        );
    }
    assert!(
        report["imbalance"].as_f64().expect("a ratio") < 1.1,
        "{report:#}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn no_keepalive_http2_and_a_body_all_answer_without_errors() {
    let (server, dir) = four_replicas("modes");
    let url = format!("http://{}/", server.http);
    for extra in [
        &["--no-keepalive"][..],
        &["--http2"],
        &["-X", "POST", "--body", "hello"],
        &["--threads", "1"],
    ] {
        let mut args = vec![url.as_str(), "-H", "Host: app.example.com", "-n", "200"];
        args.extend_from_slice(&["-c", "4"]);
        args.extend_from_slice(extra);
        let report = bench_json(&args);
        assert_eq!(report["requests"], 200, "{extra:?}: {report:#}");
        assert_eq!(errors(&report), 0, "{extra:?}: {report:#}");
        assert_eq!(
            report["backends"].as_object().map(|b| b.len()),
            Some(4),
            "{extra:?}"
        );
    }
    let https = format!("https://{}/", server.https.expect("an HTTPS listener"));
    let report = bench_json(&[&https, "-k", "-H", "Host: app.example.com", "-n", "100"]);
    assert_eq!(
        (report["requests"].as_u64(), errors(&report)),
        (Some(100), 0)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn rate_holds_within_five_percent() {
    let (server, dir) = four_replicas("rate");
    let url = format!("http://{}/", server.http);
    let report = bench_json(&[
        &url,
        "-H",
        "Host: app.example.com",
        "--rate",
        "200",
        "-d",
        "2s",
        "-c",
        "4",
    ]);
    let rate = report["requests_per_sec"].as_f64().expect("a rate");
    assert!((190.0..=210.0).contains(&rate), "{report:#}");
    let requests = report["requests"].as_u64().expect("a count");
    assert!((380..=420).contains(&requests), "{report:#}");
    assert_eq!(errors(&report), 0, "{report:#}");
    assert_eq!(report["rate"], 200.0);
    let _ = std::fs::remove_dir_all(dir);
}

/// Numbers that depend on timing, and the ephemeral port, replaced before snapshotting.
fn filtered(mut report: Value) -> String {
    for key in ["duration_secs", "requests_per_sec", "bytes_read"] {
        report[key] = Value::from("[filtered]");
    }
    for value in report["latency_ms"]
        .as_object_mut()
        .expect("latency")
        .values_mut()
    {
        *value = Value::from("[filtered]");
    }
    let text = serde_json::to_string_pretty(&report).expect("JSON");
    let mut out = String::new();
    let mut rest = text.as_str();
    // 127.0.0.1:PORT → 127.0.0.1:[port]
    while let Some(i) = rest.find("127.0.0.1:") {
        out.push_str(&rest[..i + "127.0.0.1:".len()]);
        rest = rest[i + "127.0.0.1:".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push_str("[port]");
    }
    out.push_str(rest);
    out
}

#[test]
fn json_report_schema() {
    let (server, dir) = four_replicas("json");
    let url = format!("http://{}/hello", server.http);
    let report = bench_json(&[&url, "-H", "Host: app.example.com", "-n", "200", "-c", "4"]);
    insta::assert_snapshot!(filtered(report));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn serve_answers_whether_the_examples_are_balanced() {
    let report = bench_json(&[
        "-f",
        "testdata/examples/",
        "--serve",
        "-n",
        "2400",
        "-c",
        "8",
    ]);
    assert_eq!(report["requests"], 2400, "{report:#}");
    assert_eq!(errors(&report), 0, "{report:#}");
    // Plain answers, the ssl-redirect and the QPS limits are all in the mix.
    for status in ["200", "308", "503"] {
        assert!(
            report["status"][status].as_u64().unwrap_or(0) > 0,
            "{status}: {report:#}"
        );
    }
    // Both listeners are loaded, and every Service with several replicas is balanced.
    let listeners: Vec<&str> = report["listeners"]
        .as_array()
        .expect("listeners")
        .iter()
        .filter_map(|l| l["listener"].as_str())
        .collect();
    assert_eq!(listeners, ["80/HTTP", "443/HTTPS"]);
    let backends = report["backends"].as_object().expect("backends");
    for replica in ["default/tea-svc/replica-2", "default/coffee-svc/replica-1"] {
        assert!(backends.contains_key(replica), "{replica}: {report:#}");
    }
    assert!(
        report["imbalance"].as_f64().expect("a ratio") < 1.2,
        "{report:#}"
    );
    assert_eq!(report["unreached"], serde_json::json!([]));
    let rules = report["rules"].as_array().expect("rules");
    assert!(rules.len() >= 20, "{report:#}");
    assert!(
        rules
            .iter()
            .any(|r| r["rule"] == "default/demo-domain #14" && r["listener"] == "80/HTTP"),
        "{report:#}"
    );
}

#[test]
fn serve_human_report_names_rules_and_backends() {
    let out = run(alb().args([
        "bench",
        "-f",
        "testdata/examples/",
        "--serve",
        "-n",
        "500",
        "-c",
        "4",
    ]));
    assert!(out.starts_with("success: true\nexit_code: 0\n"), "{out}");
    for expected in [
        "alb bench --serve (the manifests, in-process): 4 connections, 500 requests",
        "errors    none",
        "latency   p50 ",
        "latency histogram (ms, upper bounds)",
        "default/tea-svc:",
        "imbalance max/min",
        "80/HTTP default/demo-domain #14:",
        "443/HTTPS ",
        "serving the ALB of AlbConfig `alb` in-process with echo backends",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
}

#[test]
fn engine_mode_still_times_decisions() {
    let out = run(alb().args([
        "bench",
        "--engine",
        "-f",
        "testdata/examples/",
        "-n",
        "10000",
    ]));
    assert!(out.starts_with("success: true\nexit_code: 0\n"), "{out}");
    assert!(out.contains("\nengine: "), "{out}");
    assert!(out.contains("decisions: 10048 in "), "{out}");
}

#[test]
fn bad_flags_urls_and_unreachable_targets_exit_2() {
    // A port nothing listens on: bind one, then let it go.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    let unreachable = format!("http://{closed}/");
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["ftp://127.0.0.1/"],
        vec!["not a url"],
        vec!["127.0.0.1:8080/"],
        vec!["http://127.0.0.1:1/", "-c", "0"],
        vec!["http://127.0.0.1:1/", "--rate", "0"],
        vec!["http://127.0.0.1:1/", "-d", "10x"],
        vec!["http://127.0.0.1:1/", "-d", "1s", "-n", "10"],
        vec!["http://127.0.0.1:1/", "-H", "no colon"],
        vec!["http://127.0.0.1:1/", "--body", "@/no/such/file"],
        vec!["https://127.0.0.1:1/"],
        vec!["--serve"],
        vec![&unreachable, "-n", "1"],
    ];
    let mut transcript = String::new();
    for args in cases {
        let output = alb().arg("bench").args(&args).output().expect("alb runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr)
            .replace(&closed.to_string(), "127.0.0.1:[closed]");
        // clap's usage errors end with a usage line and a pointer to --help: keep the first line.
        let first = stderr.lines().next().unwrap_or_default();
        let command = args
            .join(" ")
            .replace(&closed.to_string(), "127.0.0.1:[closed]");
        transcript.push_str(&format!("$ alb bench {command}\n{first}\n"));
    }
    insta::assert_snapshot!(transcript);
}
