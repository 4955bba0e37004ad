//! Generated sections of the README: the annotation table and the diagnostic codes. They are
//! built from the engine's tables, so the README cannot drift from the code.

use std::path::Path;

use alb_engine::annotations::{self, Status};

use crate::{check_generated, root};

fn replace_section(text: &str, name: &str, body: &str) -> String {
    let begin = format!("<!-- BEGIN GENERATED: {name} -->\n");
    let end = format!("<!-- END GENERATED: {name} -->");
    let (Some(b), Some(e)) = (text.find(&begin), text.find(&end)) else {
        panic!("README.md lacks the markers for the generated `{name}` section");
    };
    format!("{}{begin}{body}{}", &text[..b], &text[e..])
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn annotation_table() -> String {
    let mut out = String::from(
        "| Annotation | Value | Default | If invalid | What it does |\n|---|---|---|---|---|\n",
    );
    for spec in annotations::registry() {
        let mut summary = spec.summary.to_string();
        match spec.status {
            Status::Active => {}
            Status::NoEffect => {
                summary = format!("**No effect** (never read by the controller). {summary}")
            }
            Status::ManagedOnly => summary = format!("**Managed controller only.** {summary}"),
            Status::Unsupported => summary = format!("**Unsupported.** {summary}"),
        }
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            spec.full_name(),
            cell(&spec.describe()),
            spec.default
                .map_or("—".to_string(), |d| format!("`{}`", cell(d))),
            spec.on_invalid.as_str(),
            cell(&summary),
        ));
    }
    out
}

fn codes_table() -> String {
    let mut out = String::from(
        "| Code | Name | Severity | Stops the ALB | What it flags |\n|---|---|---|---|---|\n",
    );
    for rule in alb_engine::lint::RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            rule.code,
            rule.name,
            rule.severity.as_str(),
            if rule.blocks_group { "yes" } else { "" },
            cell(rule.summary()),
        ));
    }
    out
}

#[test]
fn readme_generated_sections_are_current() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md exists");
    let updated = replace_section(&readme, "annotations", &annotation_table());
    let updated = replace_section(&updated, "codes", &codes_table());
    check_generated(Path::new("README.md"), &updated);
}
