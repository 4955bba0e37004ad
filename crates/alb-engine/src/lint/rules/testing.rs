//! Test helpers shared by the rule files: lint a snippet with one rule, and check a rule's
//! fixture against its `# expect:` header.

use crate::lint::{LintOptions, lint};
use crate::source::{SourceFile, SourceMap};

/// Lint `text` with only `code` selected; each diagnostic as (1-based line, message).
pub(crate) fn lint_lines(code: &str, text: &str) -> Vec<(u32, String)> {
    let mut sources = SourceMap::new();
    sources.add(SourceFile::new("t.yaml", text));
    let (manifest, _) = crate::manifest::load(&sources, &Default::default());
    let report = lint(
        &manifest,
        vec![],
        &LintOptions {
            select: vec![code.into()],
            ..Default::default()
        },
    )
    .expect("a valid selector");
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let line = sources.position(d.span).map_or(0, |p| p.line);
            (line, d.message.clone())
        })
        .collect()
}

/// The lines a fixture's `# expect: ALB401 at lines 12, 30` header names.
pub(crate) fn expected_lines(code: &str, text: &str) -> Vec<u32> {
    let header = text
        .lines()
        .find_map(|l| l.strip_prefix("# expect:"))
        .unwrap_or_else(|| panic!("{code}: the fixture has no `# expect:` header"));
    let rest = header.trim();
    assert!(
        rest.starts_with(code),
        "{code}: the header names another code: {rest}"
    );
    let numbers = rest
        .split_once("at lines")
        .or_else(|| rest.split_once("at line"))
        .map_or("", |(_, n)| n);
    numbers
        .split([',', ' '])
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().expect("a line number"))
        .collect()
}

/// Lints a fixture with only `code` selected: it must flag exactly the header's lines.
pub(crate) fn check_fixture(code: &str, text: &str) {
    let found = lint_lines(code, text);
    let mut lines: Vec<u32> = found.iter().map(|(l, _)| *l).collect();
    lines.dedup();
    assert_eq!(
        lines,
        expected_lines(code, text),
        "{code}: flagged lines (left) differ from the fixture header (right); diagnostics: {found:#?}"
    );
}

/// A minimal Ingress document for tests.
pub(crate) fn ingress(name: &str, annotations: &[(&str, &str)], host: &str, path: &str) -> String {
    let mut doc = format!(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  namespace: default\n"
    );
    if !annotations.is_empty() {
        doc.push_str("  annotations:\n");
        for (k, v) in annotations {
            doc.push_str(&format!("    alb.ingress.kubernetes.io/{k}: \"{v}\"\n"));
        }
    }
    doc.push_str(&format!(
        "spec:\n  ingressClassName: alb\n  rules:\n    - host: \"{host}\"\n      http:\n        paths:\n          - path: \"{path}\"\n            pathType: Prefix\n            backend: {{service: {{name: {name}, port: {{number: 80}}}}}}\n---\n"
    ));
    doc
}
