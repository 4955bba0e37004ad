//! YAML (and JSON, a subset of it) into a tree of spanned nodes, one document at a time.
//!
//! Why a node tree and not `serde` into typed structs: a linter must keep going after a
//! problem. The typed decoders in `manifest::decode` walk this tree and turn each wrong type or
//! missing field into a diagnostic while still reading the rest of the object, and they can see
//! how a scalar was written (an unquoted `80` is an integer to Kubernetes). The events come from
//! `granit-parser`, the parser under `serde-saphyr`, which reports byte offsets and can resume
//! at the next document after a syntax error, so one broken document never hides the others.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{self, Event, Marker, Parser, ScanError};

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

pub use granit_parser::ScalarStyle;

/// Code of a YAML syntax error (documented by its lint rule, which takes it from here).
pub const SYNTAX_ERROR: &str = "ALB001";

/// Upper bound on nodes per document, counting alias expansions, so that an "alias bomb"
/// (a billion laughs) is reported instead of exhausting memory.
const MAX_NODES_PER_DOCUMENT: usize = 1_000_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: NodeValue,
    /// An explicit tag such as `!!str`, as its suffix (`str`).
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue {
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Entries in source order; duplicated keys are kept.
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub text: String,
    pub style: ScalarStyle,
}

/// What a scalar means to Kubernetes' YAML reader.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

impl Scalar {
    /// Resolve a plain scalar the way Kubernetes (sigs.k8s.io/yaml, YAML 1.1 flavoured) does:
    /// `yes`/`no`/`on`/`off` are booleans there, unlike YAML 1.2.
    pub fn resolve(&self, tag: Option<&str>) -> Resolved<'_> {
        if let Some(tag) = tag {
            return match tag {
                "str" => Resolved::Str(&self.text),
                "null" => Resolved::Null,
                _ => self.resolve_plain(),
            };
        }
        if self.style != ScalarStyle::Plain {
            return Resolved::Str(&self.text);
        }
        self.resolve_plain()
    }

    fn resolve_plain(&self) -> Resolved<'_> {
        let t = self.text.as_str();
        match t {
            "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
            "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
                return Resolved::Bool(true);
            }
            "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n"
            | "N" => {
                return Resolved::Bool(false);
            }
            _ => {}
        }
        if let Some(i) = parse_int(t) {
            return Resolved::Int(i);
        }
        if looks_like_float(t)
            && let Ok(f) = t.replace('_', "").parse::<f64>()
        {
            return Resolved::Float(f);
        }
        match t {
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
                Resolved::Float(f64::INFINITY)
            }
            "-.inf" | "-.Inf" | "-.INF" => Resolved::Float(f64::NEG_INFINITY),
            ".nan" | ".NaN" | ".NAN" => Resolved::Float(f64::NAN),
            _ => Resolved::Str(t),
        }
    }
}

fn parse_int(t: &str) -> Option<i64> {
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() {
        return None;
    }
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(if neg { -value } else { value })
}

fn looks_like_float(t: &str) -> bool {
    let body = t.trim_start_matches(['-', '+']);
    !body.is_empty()
        && body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+' | b'_'))
        && (body.contains('.') || body.contains(['e', 'E']))
}

impl Node {
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            NodeValue::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            NodeValue::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar resolved per Kubernetes' rules; `None` for collections.
    pub fn resolved(&self) -> Option<Resolved<'_>> {
        self.as_scalar().map(|s| s.resolve(self.tag.as_deref()))
    }

    /// The string value of a scalar that resolves to a string.
    pub fn as_str(&self) -> Option<&str> {
        match self.resolved()? {
            Resolved::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is `null` (explicit, `~`, or an empty value).
    pub fn is_null(&self) -> bool {
        matches!(self.resolved(), Some(Resolved::Null))
    }

    /// Look up a mapping key (the last entry wins, as in the API server).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value node of a mapping entry.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.as_map()?
            .iter()
            .rev()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
            .map(|(k, v)| (k, v))
    }

    /// A short name for the node's type, for messages ("expected a string, found a mapping").
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            NodeValue::Map(_) => "a mapping",
            NodeValue::Seq(_) => "a list",
            NodeValue::Scalar(s) => match s.resolve(self.tag.as_deref()) {
                Resolved::Null => "null",
                Resolved::Bool(_) => "a boolean",
                Resolved::Int(_) => "an integer",
                Resolved::Float(_) => "a number",
                Resolved::Str(_) => "a string",
            },
        }
    }
}

/// One document of a stream. `root` is `None` for an empty document (`---` alone).
#[derive(Clone, Debug)]
pub struct Document {
    pub root: Option<Node>,
    /// 0-based position in the file, counting documents that failed to parse.
    pub index: usize,
}

/// Parse every document of `text`. A syntax error abandons only the document it is in: the
/// error becomes a diagnostic and parsing resumes at the next `---`.
pub fn parse_documents(file: FileId, text: &str) -> (Vec<Document>, Vec<Diagnostic>) {
    let options = granit_parser::options! { emit_comments: false };
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut builder = TreeBuilder::new(file, text);
    let mut documents = Vec::new();
    let mut diagnostics = Vec::new();
    let mut index = 0;

    loop {
        match parser.next_event() {
            None => break,
            Some(Ok((event, span))) => match event {
                Event::StreamEnd => break,
                Event::DocumentStart(..) => builder.reset(),
                Event::DocumentEnd => {
                    documents.push(Document {
                        root: builder.finish(),
                        index,
                    });
                    index += 1;
                }
                other => {
                    if let Err(diagnostic) = builder.event(other, span.start, span.end) {
                        diagnostics.push(*diagnostic);
                        builder.poison();
                    }
                }
            },
            Some(Err(error)) => {
                diagnostics.push(syntax_diagnostic(file, text, &error));
                builder.reset();
                index += 1;
                match parser.proceed_next_document() {
                    Ok(true) => continue,
                    Ok(false) => break,
                    Err(error) => {
                        diagnostics.push(syntax_diagnostic(file, text, &error));
                        break;
                    }
                }
            }
        }
    }
    (documents, diagnostics)
}

fn syntax_diagnostic(file: FileId, text: &str, error: &ScanError) -> Diagnostic {
    let offset = byte_offset(text, error.marker());
    let mut message = error.info();
    if message.is_empty() {
        message = "invalid YAML".to_string();
    }
    Diagnostic::error(
        SYNTAX_ERROR,
        Span::point(file, offset),
        format!("YAML syntax error: {message}"),
    )
    .with_label("here")
    .with_help("this document is skipped; the other documents in the file are still read")
}

/// The byte offset of a marker. String input always carries byte offsets; the character index
/// is the fallback for safety.
fn byte_offset(text: &str, marker: &Marker) -> usize {
    match marker.byte_offset() {
        Some(b) => b.min(text.len()),
        None => text
            .char_indices()
            .nth(marker.index())
            .map_or(text.len(), |(b, _)| b),
    }
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        tag: Option<String>,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        tag: Option<String>,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Builds one document's tree from parser events.
struct TreeBuilder<'a> {
    file: FileId,
    text: &'a str,
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    /// Set after a semantic error (alias bomb): ignore events until the document ends.
    poisoned: bool,
}

impl<'a> TreeBuilder<'a> {
    fn new(file: FileId, text: &'a str) -> Self {
        TreeBuilder {
            file,
            text,
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            nodes: 0,
            poisoned: false,
        }
    }

    fn reset(&mut self) {
        self.stack.clear();
        self.root = None;
        self.anchors.clear();
        self.nodes = 0;
        self.poisoned = false;
    }

    fn poison(&mut self) {
        self.stack.clear();
        self.root = None;
        self.poisoned = true;
    }

    /// The document's root; `None` for an empty document or one abandoned after an error
    /// (already reported when it happened).
    fn finish(&mut self) -> Option<Node> {
        let root = self.root.take();
        let poisoned = self.poisoned;
        self.reset();
        if poisoned { None } else { root }
    }

    fn offset(&self, marker: Marker) -> usize {
        byte_offset(self.text, &marker)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn event(
        &mut self,
        event: Event<'_>,
        start: Marker,
        end: Marker,
    ) -> Result<(), Box<Diagnostic>> {
        if self.poisoned {
            return Ok(());
        }
        let (start, end) = (self.offset(start), self.offset(end));
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let node = Node {
                    span: self.span(start, end),
                    value: NodeValue::Scalar(Scalar {
                        text: value.into_owned(),
                        style,
                    }),
                    tag: tag.map(|t| t.suffix().to_string()),
                };
                self.count(1, start)?;
                if anchor != 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node);
            }
            Event::SequenceStart(_, anchor, tag) => self.stack.push(Frame::Seq {
                start,
                anchor,
                tag: tag.map(|t| t.suffix().to_string()),
                items: Vec::new(),
            }),
            Event::MappingStart(_, anchor, tag) => self.stack.push(Frame::Map {
                start,
                anchor,
                tag: tag.map(|t| t.suffix().to_string()),
                entries: Vec::new(),
                key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let (node, anchor) = match frame {
                    Frame::Seq {
                        start,
                        anchor,
                        tag,
                        items,
                    } => (
                        Node {
                            span: self.span(start, end),
                            value: NodeValue::Seq(items),
                            tag,
                        },
                        anchor,
                    ),
                    Frame::Map {
                        start,
                        anchor,
                        tag,
                        entries,
                        ..
                    } => (
                        Node {
                            span: self.span(start, end),
                            value: NodeValue::Map(apply_merge_keys(entries)),
                            tag,
                        },
                        anchor,
                    ),
                };
                self.count(1, start)?;
                if anchor != 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node);
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(Box::new(Diagnostic::error(
                        SYNTAX_ERROR,
                        self.span(start, end),
                        "YAML alias refers to an unknown anchor",
                    )));
                };
                let mut node = target.clone();
                self.count(count_nodes(&node), start)?;
                // Point at the alias, where the value is used.
                node.span = self.span(start, end);
                self.push(node);
            }
            Event::UnresolvedAlias(name) => {
                return Err(Box::new(Diagnostic::error(
                    SYNTAX_ERROR,
                    self.span(start, end),
                    format!("YAML alias `*{name}` refers to an unknown anchor"),
                )));
            }
            _ => {}
        }
        Ok(())
    }

    fn count(&mut self, n: usize, at: usize) -> Result<(), Box<Diagnostic>> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES_PER_DOCUMENT {
            return Err(Box::new(
                Diagnostic::error(
                    SYNTAX_ERROR,
                    Span::point(self.file, at),
                    format!("document expands to more than {MAX_NODES_PER_DOCUMENT} YAML nodes (alias expansion?)"),
                )
                .with_help("this document is skipped"),
            ));
        }
        Ok(())
    }

    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        NodeValue::Scalar(_) => 1,
        NodeValue::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        NodeValue::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count_nodes(k) + count_nodes(v))
                .sum::<usize>()
        }
    }
}

/// Expand `<<: *base` merge keys (supported by Kubernetes' YAML reader): merged entries fill in
/// keys the mapping does not set itself.
fn apply_merge_keys(entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    let is_merge = |k: &Node| {
        k.as_scalar()
            .is_some_and(|s| s.text == "<<" && s.style == ScalarStyle::Plain)
    };
    if !entries.iter().any(|(k, _)| is_merge(k)) {
        return entries;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(k, _)| is_merge(k));
    for (_, value) in merges {
        let sources: Vec<Node> = match value.value {
            NodeValue::Map(_) => vec![value],
            NodeValue::Seq(items) => items,
            NodeValue::Scalar(_) => Vec::new(),
        };
        for source in sources {
            if let NodeValue::Map(merged) = source.value {
                for (k, v) in merged {
                    let text = k.as_scalar().map(|s| s.text.clone());
                    let present = own
                        .iter()
                        .any(|(o, _)| o.as_scalar().map(|s| &s.text) == text.as_ref());
                    if !present {
                        own.push((k, v));
                    }
                }
            }
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LineIndex;

    fn parse(text: &str) -> (Vec<Document>, Vec<Diagnostic>) {
        parse_documents(FileId(0), text)
    }

    #[test]
    fn syntax_error_in_document_two_of_three_keeps_the_others() {
        let text = "# 注释：非 ASCII\na: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n";
        let (docs, diags) = parse(text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let roots: Vec<_> = docs.iter().filter_map(|d| d.root.as_ref()).collect();
        assert_eq!(roots.len(), 2);
        assert!(roots[0].get("a").is_some());
        assert!(roots[1].get("d").is_some());
        assert_eq!(docs[1].index, 2);
        let pos = LineIndex::new(text).line_col(text, diags[0].span.start as usize);
        assert_eq!((pos.line, pos.column), (5, 2), "{diags:?}");
    }

    #[test]
    fn scalars_resolve_as_kubernetes_reads_them() {
        let (docs, _) = parse("a: 80\nb: \"80\"\nc: yes\nd: !!str 80\ne: 1.5\nf: ~\ng: text\n");
        let root = docs[0].root.as_ref().unwrap();
        assert_eq!(root.get("a").unwrap().resolved(), Some(Resolved::Int(80)));
        assert_eq!(root.get("b").unwrap().as_str(), Some("80"));
        assert_eq!(
            root.get("c").unwrap().resolved(),
            Some(Resolved::Bool(true))
        );
        assert_eq!(root.get("d").unwrap().as_str(), Some("80"));
        assert_eq!(
            root.get("e").unwrap().resolved(),
            Some(Resolved::Float(1.5))
        );
        assert!(root.get("f").unwrap().is_null());
        assert_eq!(root.get("g").unwrap().as_str(), Some("text"));
    }

    #[test]
    fn spans_are_byte_ranges_of_the_value() {
        let text = "# 错误值\nkey: \"abc\"\n";
        let (docs, _) = parse(text);
        let value = docs[0].root.as_ref().unwrap().get("key").unwrap();
        assert_eq!(&text[value.span.range()], "\"abc\"");
    }

    #[test]
    fn aliases_and_merge_keys_expand() {
        let (docs, diags) = parse("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\ncopy: *b\n");
        assert!(diags.is_empty(), "{diags:?}");
        let root = docs[0].root.as_ref().unwrap();
        let used = root.get("use").unwrap();
        assert_eq!(used.get("x").unwrap().resolved(), Some(Resolved::Int(1)));
        assert_eq!(used.get("y").unwrap().resolved(), Some(Resolved::Int(3)));
        assert!(root.get("copy").unwrap().get("y").is_some());
    }

    #[test]
    fn alias_bomb_is_reported_not_expanded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, next) in ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h"])
        {
            text.push_str(&format!("{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let (_, diags) = parse(&text);
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].message.contains("more than"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn deep_nesting_and_garbage_do_not_panic() {
        let deep = "[".repeat(10_000);
        let (_, diags) = parse(&deep);
        assert!(!diags.is_empty());
        let garbage: String = (0u8..=255).map(char::from).collect();
        let _ = parse(&garbage);
        let _ = parse("\u{feff}a: 1\n");
        let _ = parse("key: \"unterminated\n");
    }

    #[test]
    fn json_is_yaml() {
        let (docs, diags) = parse("{\"kind\": \"List\", \"items\": [{\"a\": 1}]}");
        assert!(diags.is_empty());
        assert_eq!(
            docs[0].root.as_ref().unwrap().get("kind").unwrap().as_str(),
            Some("List")
        );
    }
}
