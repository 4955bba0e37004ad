//! Reading manifests: files, directories, stdin, lists, JSON, and every kind of bad input.

use std::io::Read;
use std::process::Stdio;

use crate::{alb, root, run};

#[test]
fn syntax_error_in_document_2_of_3_is_pinpointed_and_the_rest_loads() {
    let file = "testdata/load/syntax-error-in-document-2.yaml";
    let out = alb()
        .args(["explain", "-f", file, "-o", "json"])
        .output()
        .expect("alb runs");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    // The second `:` of `    app: 应用: demo`; the non-ASCII comment above and the CJK
    // characters before it on the line must not shift the position.
    assert_eq!(diagnostics[0]["code"], "ALB001");
    assert_eq!(
        (
            diagnostics[0]["line"].as_u64(),
            diagnostics[0]["column"].as_u64()
        ),
        (Some(17), Some(12))
    );
    // Document 3 still loaded: its rule is listed.
    let rules = &json["albs"][0]["listeners"][0]["rules"];
    assert_eq!(rules[0]["ingress"], "default/third", "{json}");
    insta::assert_snapshot!(run(alb().args(["explain", "-f", file])));
}

#[test]
fn wrong_types_and_missing_fields_each_get_a_position() {
    insta::assert_snapshot!(run(alb().args([
        "explain",
        "-f",
        "testdata/load/wrong-types.yaml"
    ])));
}

#[test]
fn lists_json_and_legacy_api_versions_load() {
    insta::assert_snapshot!(run(alb().args([
        "explain",
        "-f",
        "testdata/load/list.yaml",
        "-f",
        "testdata/load/ingress.json",
        "-f",
        "testdata/load/legacy-api-version.yaml",
    ])));
}

#[test]
fn stdin_with_a_display_name() {
    let text =
        std::fs::read_to_string(root().join("testdata/load/wrong-types.yaml")).expect("fixture");
    let out = run(alb()
        .args(["explain", "-f", "-", "--stdin-filename", "ingress.yaml"])
        .write_stdin(text));
    assert!(out.contains("ingress.yaml:"), "{out}");
    assert!(out.starts_with("success: false\nexit_code: 1\n"), "{out}");
}

#[test]
fn unreadable_paths_exit_2_with_the_path() {
    insta::assert_snapshot!(run(alb().args([
        "explain",
        "-f",
        "testdata/no-such-file.yaml"
    ])));
    let empty = tempdir();
    let out = run(alb().args(["explain", "-f"]).arg(&empty));
    assert!(out.starts_with("success: false\nexit_code: 2\n"), "{out}");
    assert!(out.contains("no manifest files"), "{out}");
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("alb-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Inputs that must never crash alb: each gets diagnostics and a clean exit code.
#[test]
fn hostile_input_never_panics() {
    let mut garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    garbage.extend_from_slice(b"\xff\xfe\x00kind: Ingress\n");
    let deep = format!("a: {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    let deep_block: String = (0..2000)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    let truncated =
        std::fs::read_to_string(root().join("testdata/examples/10-rewrite.yaml")).expect("fixture");
    let truncated = truncated[..truncated.len() / 2].to_string();
    let huge = format!(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: huge\n  annotations:\n    alb.ingress.kubernetes.io/conditions.svc: \"{}\"\n    alb.ingress.kubernetes.io/order: \"{}\"\nspec:\n  rules: []\n",
        "[".repeat(200_000),
        "9".repeat(100_000)
    );
    let bomb = {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (p, n) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            s.push_str(&format!(
                "{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            ));
        }
        s
    };
    for (name, input) in [
        ("garbage", garbage),
        ("deep flow", deep.into_bytes()),
        ("deep block", deep_block.into_bytes()),
        ("truncated", truncated.into_bytes()),
        ("huge values", huge.into_bytes()),
        ("alias bomb", bomb.into_bytes()),
        ("empty", Vec::new()),
        ("only separators", b"---\n---\n...\n".to_vec()),
        ("a scalar document", b"just a string\n".to_vec()),
    ] {
        let output = alb()
            .args(["explain", "-f", "-", "-o", "json"])
            .write_stdin(input)
            .output()
            .expect("alb runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{name}: stdout is not JSON: {e}"));
        // Errors in the input exit 1; an input with no Ingress at all has nothing to explain
        // (2); nothing else may happen.
        let has_errors = json["diagnostics"]
            .as_array()
            .is_some_and(|d| !d.is_empty());
        let expected = if has_errors { 1 } else { 2 };
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{name}: {:?} {stderr}",
            output.status
        );
    }
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("alb"))
        .current_dir(root())
        .args(["explain", "-f", "testdata/examples/"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("alb starts");
    drop(child.stdout.take());
    let status = child.wait().expect("alb exits");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("error") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

/// The engine does no IO: nothing in its source reaches for files, sockets, clocks or OS
/// randomness, and none of its normal dependencies is an async runtime, HTTP or TLS stack.
#[test]
fn engine_does_no_io() {
    let forbidden = [
        "std::fs",
        "std::net",
        "Instant::now",
        "SystemTime",
        "tokio",
        "hyper",
        "rustls",
        "thread_rng",
        "getrandom",
    ];
    let mut stack = vec![root().join("crates/alb-engine/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("engine source") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source file");
            // Comments may name what is forbidden (this very rule is documented in lib.rs).
            let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
            for (line, word) in code.flat_map(|l| forbidden.iter().map(move |w| (l, *w))) {
                assert!(
                    !line.contains(word),
                    "{} uses `{word}`: {line}",
                    path.display()
                );
            }
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let tree = std::process::Command::new(cargo)
        .current_dir(root())
        .args([
            "tree",
            "-p",
            "alb-engine",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        tree.status.success(),
        "{}",
        String::from_utf8_lossy(&tree.stderr)
    );
    let tree = String::from_utf8_lossy(&tree.stdout);
    assert!(tree.contains("alb-engine"), "{tree}");
    for name in ["tokio", "hyper", "rustls", "mio", "socket2"] {
        assert!(
            !tree.lines().any(|l| l.starts_with(&format!("{name} "))),
            "alb-engine depends on {name}:\n{tree}"
        );
    }
}
