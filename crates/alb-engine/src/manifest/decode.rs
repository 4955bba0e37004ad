//! Reading typed fields out of a YAML node tree, reporting every problem with its span.
//!
//! Each function returns what it could read (`None` when a value is unusable) and pushes a
//! diagnostic for anything wrong, so the caller continues with the rest of the object.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span, Spanned};
use crate::yaml::{Node, NodeValue, Resolved, ScalarStyle};

/// Codes of the problems found while loading. Each is the code of a lint rule that takes it
/// from here, and whose file under `lint/rules/` documents it (`alb explain ALB003`): the
/// loader sits below lint and does not import it.
pub mod codes {
    pub const NOT_AN_OBJECT: &str = "ALB002";
    pub const WRONG_TYPE: &str = "ALB003";
    pub const MISSING_FIELD: &str = "ALB004";
    pub const INVALID_VALUE: &str = "ALB005";
    pub const DUPLICATE_KEY: &str = "ALB006";
    pub const REMOVED_API_VERSION: &str = "ALB007";
}

/// Reads one document; collects diagnostics for it.
pub struct Decoder<'d> {
    pub file: FileId,
    pub diagnostics: &'d mut Vec<Diagnostic>,
    /// `Kind namespace/name` once known, attached to every diagnostic.
    pub object: Option<String>,
}

impl<'d> Decoder<'d> {
    pub fn new(file: FileId, diagnostics: &'d mut Vec<Diagnostic>) -> Self {
        Decoder {
            file,
            diagnostics,
            object: None,
        }
    }

    pub fn report(&mut self, mut diagnostic: Diagnostic) {
        if diagnostic.object.is_none() {
            diagnostic.object = self.object.clone();
        }
        self.diagnostics.push(diagnostic);
    }

    pub fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        let found = node.type_name();
        let mut d = Diagnostic::error(
            codes::WRONG_TYPE,
            node.span,
            format!("`{path}` must be {expected}, found {found}"),
        )
        .with_label(format!("expected {expected}"));
        if expected == "a string" {
            if let Some(s) = node.as_scalar()
                && s.style == ScalarStyle::Plain
            {
                d = d.with_help(format!(
                    "quote it: \"{}\" (YAML reads an unquoted {} as {found})",
                    s.text, s.text
                ));
            }
        } else if expected == "an integer"
            && node.as_str().is_some_and(|s| s.parse::<i64>().is_ok())
        {
            d = d.with_help("remove the quotes: Kubernetes expects a number here");
        }
        self.report(d);
    }

    pub fn missing(&mut self, at: Span, path: &str, field: &str) {
        let full = if path.is_empty() {
            field.to_string()
        } else {
            format!("{path}.{field}")
        };
        self.report(
            Diagnostic::error(
                codes::MISSING_FIELD,
                at,
                format!("missing required field `{full}`"),
            )
            .with_label(format!("`{field}` is required here")),
        );
    }

    /// A mapping, or `None` for null/absent. Reports other types.
    pub fn map<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n Node> {
        match &node.value {
            NodeValue::Map(entries) => {
                self.check_duplicates(entries, path);
                Some(node)
            }
            _ if node.is_null() => None,
            _ => {
                self.wrong_type(node, path, "a mapping");
                None
            }
        }
    }

    /// The items of a list; empty for null/absent. Reports other types.
    pub fn seq<'n>(&mut self, node: &'n Node, path: &str) -> &'n [Node] {
        match &node.value {
            NodeValue::Seq(items) => items,
            _ if node.is_null() => &[],
            _ => {
                self.wrong_type(node, path, "a list");
                &[]
            }
        }
    }

    fn check_duplicates(&mut self, entries: &[(Node, Node)], path: &str) {
        for (i, (key, _)) in entries.iter().enumerate() {
            let Some(text) = key.as_scalar().map(|s| &s.text) else {
                continue;
            };
            let first = entries[..i]
                .iter()
                .find(|(k, _)| k.as_scalar().map(|s| &s.text) == Some(text));
            if let Some((first, _)) = first {
                let path = if path.is_empty() {
                    text.clone()
                } else {
                    format!("{path}.{text}")
                };
                self.report(
                    Diagnostic::error(
                        codes::DUPLICATE_KEY,
                        key.span,
                        format!("duplicate key `{path}`"),
                    )
                    .with_label("this value wins")
                    .with_related(first.span, "first set here")
                    .with_help("kubectl rejects duplicate fields; remove one of them"),
                );
            }
        }
    }

    /// A string scalar. `null` reads as absent.
    pub fn string(&mut self, node: &Node, path: &str) -> Option<Spanned<String>> {
        match node.resolved() {
            Some(Resolved::Str(s)) => Some(Spanned::new(s.to_string(), node.span)),
            Some(Resolved::Null) => None,
            _ => {
                self.wrong_type(node, path, "a string");
                None
            }
        }
    }

    /// A string scalar; a scalar of another type is reported and kept as its source text, so
    /// nothing the user wrote is lost (annotation values, label values).
    pub fn string_lossy(&mut self, node: &Node, path: &str) -> Option<Spanned<String>> {
        match node.resolved() {
            Some(Resolved::Str(s)) => Some(Spanned::new(s.to_string(), node.span)),
            // The API server stores a null map value as "".
            Some(Resolved::Null) => Some(Spanned::new(String::new(), node.span)),
            Some(_) => {
                self.wrong_type(node, path, "a string");
                node.as_scalar()
                    .map(|s| Spanned::new(s.text.clone(), node.span))
            }
            None => {
                self.wrong_type(node, path, "a string");
                None
            }
        }
    }

    pub fn int(&mut self, node: &Node, path: &str) -> Option<Spanned<i64>> {
        match node.resolved() {
            Some(Resolved::Int(i)) => Some(Spanned::new(i, node.span)),
            Some(Resolved::Null) => None,
            _ => {
                self.wrong_type(node, path, "an integer");
                None
            }
        }
    }

    pub fn bool(&mut self, node: &Node, path: &str) -> Option<Spanned<bool>> {
        match node.resolved() {
            Some(Resolved::Bool(b)) => Some(Spanned::new(b, node.span)),
            Some(Resolved::Null) => None,
            _ => {
                self.wrong_type(node, path, "a boolean");
                None
            }
        }
    }

    pub fn int_or_string(
        &mut self,
        node: &Node,
        path: &str,
    ) -> Option<crate::manifest::IntOrString> {
        use crate::manifest::IntOrString;
        match node.resolved() {
            Some(Resolved::Int(i)) => Some(IntOrString::Int(Spanned::new(i, node.span))),
            Some(Resolved::Str(s)) => {
                Some(IntOrString::String(Spanned::new(s.to_string(), node.span)))
            }
            Some(Resolved::Null) => None,
            _ => {
                self.wrong_type(node, path, "an integer or a string");
                None
            }
        }
    }

    /// `field` of mapping `parent`, if present.
    pub fn field<'n>(&mut self, parent: Option<&'n Node>, field: &str) -> Option<&'n Node> {
        parent?.get(field)
    }

    pub fn field_str(
        &mut self,
        parent: Option<&Node>,
        path: &str,
        field: &str,
    ) -> Option<Spanned<String>> {
        let node = parent?.get(field)?;
        self.string(node, &join(path, field))
    }

    pub fn field_int(
        &mut self,
        parent: Option<&Node>,
        path: &str,
        field: &str,
    ) -> Option<Spanned<i64>> {
        let node = parent?.get(field)?;
        self.int(node, &join(path, field))
    }

    pub fn field_bool(
        &mut self,
        parent: Option<&Node>,
        path: &str,
        field: &str,
    ) -> Option<Spanned<bool>> {
        let node = parent?.get(field)?;
        self.bool(node, &join(path, field))
    }

    pub fn field_map<'n>(
        &mut self,
        parent: Option<&'n Node>,
        path: &str,
        field: &str,
    ) -> Option<&'n Node> {
        let node = parent?.get(field)?;
        self.map(node, &join(path, field))
    }

    pub fn field_seq<'n>(
        &mut self,
        parent: Option<&'n Node>,
        path: &str,
        field: &str,
    ) -> &'n [Node] {
        match parent.and_then(|p| p.get(field)) {
            Some(node) => self.seq(node, &join(path, field)),
            None => &[],
        }
    }

    /// A `map[string]string` (labels, selectors). Non-string values are reported and kept as text.
    pub fn string_map(
        &mut self,
        parent: Option<&Node>,
        path: &str,
        field: &str,
    ) -> Vec<(Spanned<String>, Spanned<String>)> {
        let path = join(path, field);
        let Some(map) = parent
            .and_then(|p| p.get(field))
            .and_then(|n| self.map(n, &path))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in map.as_map().unwrap_or(&[]) {
            let Some(key) = self.string_lossy(k, &path) else {
                continue;
            };
            let value_path = format!("{path}.{}", key.value);
            if let Some(value) = self.string_lossy(v, &value_path) {
                out.push((key, value));
            }
        }
        out
    }
}

/// `a.b` from `a` and `b`; `b` alone when `a` is empty.
pub fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}
