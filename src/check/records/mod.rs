//! The rules over one file's records: everything that can be checked
//! without the other files (ids are slugs, kinds are in the vocabulary,
//! dates are real, periods are in order, amounts are complete, text holds
//! no control character). Each record that passes becomes a typed record;
//! the rules that need every file are in [`super::references`].
//!
//! This file runs them over a file's records ([`check_file`]); the rules
//! of each kind of record are in `rules.rs`, the checks of one field's
//! value they share (ids, vocabulary, dates, periods, amounts, text) in
//! `fields.rs`.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::load::parse::{ParsedFile, record_exact};
use crate::load::raw::Located;
use crate::model::{Dataset, EdgeKind, NodeKind};

mod fields;
mod rules;

pub use fields::is_slug;

/// A declared id whose record did not pass: references to it are not
/// errors of their own (the record's error says what to fix).
#[derive(Debug, Clone)]
pub struct LeftOut {
    pub id: String,
    /// The node's kind, if it could be read (edges to it are still checked
    /// against it).
    pub kind: Option<NodeKind>,
    /// Its place among the file's parsed records.
    pub raw: u32,
    /// The sources it cites and, for a node, its jurisdiction: references
    /// are checked whether or not the record passed.
    pub sources: Vec<String>,
    pub jurisdiction: Option<String>,
    /// The sources its milestones cite (a node's): a source they cite is
    /// not unused.
    pub milestone_sources: Vec<String>,
}

/// An edge whose record did not pass, with what it refers to.
#[derive(Debug, Clone)]
pub struct LeftOutEdge {
    pub raw: u32,
    pub from: String,
    pub to: String,
    pub kind: Option<EdgeKind>,
    pub sources: Vec<String>,
}

/// One file, checked on its own.
#[derive(Debug, Default)]
pub struct CheckedFile {
    /// The records that passed.
    pub dataset: Dataset,
    /// For each record kept, its place among the file's parsed records,
    /// to find it again when a rule across files has something to say.
    pub source_raw: Vec<u32>,
    pub node_raw: Vec<u32>,
    pub edge_raw: Vec<u32>,
    /// Where each record kept starts in the file (a byte offset).
    pub source_at: Vec<u32>,
    pub node_at: Vec<u32>,
    pub edge_at: Vec<u32>,
    pub left_out_sources: Vec<LeftOut>,
    pub left_out_nodes: Vec<LeftOut>,
    pub left_out_edges: Vec<LeftOutEdge>,
    /// Ids seen in records that could not be parsed, with where.
    pub unread_ids: Vec<Located<String>>,
    /// How many records could not be read at all.
    pub unread_records: usize,
    /// What reading the file found (syntax), then what the rules found.
    pub read_diagnostics: Vec<Diagnostic>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the records parsed from one file (`text` is the file's text, to
/// read a record again with exact spans when a rule has something to say
/// about it).
pub fn check_file(file: usize, text: &str, parsed: ParsedFile) -> CheckedFile {
    let ParsedFile {
        sources,
        nodes,
        edges,
        diagnostics,
        unread_ids,
        unread_records,
    } = parsed;
    let mut out = CheckedFile {
        read_diagnostics: diagnostics,
        unread_ids,
        unread_records,
        ..CheckedFile::default()
    };
    out.dataset.sources.reserve(sources.len());
    for (raw, located) in sources.into_iter().enumerate() {
        let at = located.span.start as u32;
        match exactly(file, text, &mut out.diagnostics, located, |c, r| {
            c.source(r)
        }) {
            Ok(source) => {
                out.dataset.sources.push(source);
                out.source_raw.push(raw as u32);
                out.source_at.push(at);
            }
            Err(record) => out.left_out_sources.push(LeftOut {
                id: record.id.value,
                kind: None,
                raw: raw as u32,
                sources: Vec::new(),
                jurisdiction: None,
                milestone_sources: Vec::new(),
            }),
        }
    }
    out.dataset.nodes.reserve(nodes.len());
    out.node_raw.reserve(nodes.len());
    for (raw, located) in nodes.into_iter().enumerate() {
        let at = located.span.start as u32;
        match exactly(file, text, &mut out.diagnostics, located, |c, r| c.node(r)) {
            Ok(node) => {
                out.dataset.nodes.push(node);
                out.node_raw.push(raw as u32);
                out.node_at.push(at);
            }
            Err(record) => out.left_out_nodes.push(LeftOut {
                kind: record.kind.value.0.parse().ok(),
                id: record.id.value,
                raw: raw as u32,
                sources: record.sources.into_iter().map(|s| s.value).collect(),
                jurisdiction: record.jurisdiction.map(|j| j.value),
                milestone_sources: record
                    .milestones
                    .into_iter()
                    .flat_map(|m| m.value.sources)
                    .map(|s| s.value)
                    .collect(),
            }),
        }
    }
    out.dataset.edges.reserve(edges.len());
    out.edge_raw.reserve(edges.len());
    for (raw, located) in edges.into_iter().enumerate() {
        let at = located.span.start as u32;
        match exactly(file, text, &mut out.diagnostics, located, |c, r| c.edge(r)) {
            Ok(edge) => {
                out.dataset.edges.push(edge);
                out.edge_raw.push(raw as u32);
                out.edge_at.push(at);
            }
            Err(record) => out.left_out_edges.push(LeftOutEdge {
                raw: raw as u32,
                kind: record.kind.value.0.parse().ok(),
                from: record.from.value,
                to: record.to.value,
                sources: record.sources.into_iter().map(|s| s.value).collect(),
            }),
        }
    }
    out
}

/// Applies `rules` to a record; if they have anything to say, applies them
/// again to the record read with exact spans (the quick reading places
/// structures only roughly), so every diagnostic points at the right text.
fn exactly<R: serde::de::DeserializeOwned, T>(
    file: usize,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
    located: Located<R>,
    rules: impl for<'r> Fn(&mut Rules<'r>, R) -> Result<T, Box<R>>,
) -> Result<T, Box<R>> {
    let span = located.span.clone();
    let mut first = Rules::new(file, text, span.clone());
    let result = rules(&mut first, located.record);
    if first.diagnostics.is_empty() {
        return result;
    }
    let mut exact = Rules::new(file, text, span.clone());
    let result = match record_exact::<R>(text, span) {
        Some(record) => rules(&mut exact, record),
        None => {
            exact = first;
            result
        }
    };
    diagnostics.append(&mut exact.diagnostics);
    result
}

/// The per-file rules, applied to one record; pushes what it finds.
struct Rules<'t> {
    file: usize,
    /// The file's text and the record's bytes in it, to find an escape.
    text: &'t str,
    record: Range<usize>,
    diagnostics: Vec<Diagnostic>,
}

impl Rules<'_> {
    fn new<'t>(file: usize, text: &'t str, record: Range<usize>) -> Rules<'t> {
        Rules {
            file,
            text,
            record,
            diagnostics: Vec::new(),
        }
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}
