//! What a command took from the inputs and what it skipped, in words: every command that reads
//! manifests says both, so nothing unchecked passes for clean.

use std::collections::BTreeMap;

use alb_engine::ownership::{SkipReason, Skipped};

/// "1 file", "3 files".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else if word.ends_with("ss") {
        format!("{n} {word}es")
    } else {
        format!("{n} {word}s")
    }
}

/// A kind's plural: `Ingresses`, `Endpoints`, `Services`.
fn kind_plural(n: usize, kind: &str) -> String {
    if n == 1 || kind == "Endpoints" {
        format!("{n} {kind}")
    } else {
        plural(n, kind)
    }
}

/// "4 Ingresses, 1 AlbConfig, 3 Services".
pub fn taken(kinds: &[(&str, usize)]) -> String {
    kinds
        .iter()
        .map(|&(kind, n)| kind_plural(n, kind))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many objects a name list shows before "and N more".
const SHOWN: usize = 5;

/// One line per reason: "2 Ingresses of ingress-nginx, which alb does not simulate yet:
/// default/a, default/b"; objects of unknown kinds are counted per kind.
pub fn skipped_lines(skipped: &[Skipped]) -> Vec<String> {
    let mut by_reason: BTreeMap<SkipReason, Vec<&Skipped>> = BTreeMap::new();
    for s in skipped {
        by_reason.entry(s.reason).or_default().push(s);
    }
    by_reason
        .into_iter()
        .map(|(reason, objects)| {
            let n = objects.len();
            if objects.iter().all(|o| o.kind == "Ingress") {
                let mut names: Vec<&str> = objects
                    .iter()
                    .take(SHOWN)
                    .map(|o| o.object.strip_prefix("Ingress ").unwrap_or(&o.object))
                    .collect();
                let more = if n > SHOWN {
                    format!(" and {} more", n - SHOWN)
                } else {
                    String::new()
                };
                names.dedup();
                format!(
                    "{} {}: {}{more}",
                    kind_plural(n, "Ingress"),
                    reason.describe(),
                    names.join(", ")
                )
            } else {
                let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
                for o in &objects {
                    *kinds.entry(o.kind.as_str()).or_default() += 1;
                }
                let kinds: Vec<String> = kinds
                    .into_iter()
                    .map(|(kind, k)| {
                        if k == 1 {
                            kind.to_string()
                        } else {
                            format!("{kind} ×{k}")
                        }
                    })
                    .collect();
                format!(
                    "{} {}: {}",
                    plural(n, "object"),
                    reason.describe(),
                    kinds.join(", ")
                )
            }
        })
        .collect()
}

/// "Skipped 3 objects:" and the lines, indented; empty when nothing was skipped.
pub fn skipped_block(skipped: &[Skipped]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let mut s = format!("Skipped {}:\n", plural(skipped.len(), "object"));
    for line in skipped_lines(skipped) {
        s.push_str("  ");
        s.push_str(&line);
        s.push('\n');
    }
    s
}
