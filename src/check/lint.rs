//! Lints: rules `check` applies only when asked (`check --lint quotes`),
//! for a reviewer's pass over data that is valid. They read the files'
//! text again, for the spans.

use std::path::Path;

use crate::diagnostic::{Diagnostic, SourceFiles, shown};
use crate::load::parse::parse_file;
use crate::load::raw::{RawAlternative, RawCitation};
use crate::load::spanned::Spanned;
use crate::load::{FileText, read_text};

/// The lints `check --lint` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lint {
    /// Facts (nodes, edges, milestones) with no quote at all: neither a
    /// `quote` nor a citation's.
    Quotes,
}

/// The diagnostics of `lints` over every file of the table, in file order.
/// A file whose text the table does not keep (a check keeps only the text
/// of files with diagnostics) is read again from its path, the table's
/// name for it, and kept for the diagnostics to quote.
pub fn lint(files: &mut SourceFiles, lints: &[Lint]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if lints.contains(&Lint::Quotes) {
        for file in 0..files.len() {
            if files.text(file).is_empty() {
                let name = files.name(file).to_string();
                if let (FileText::Text(text), _) = read_text(file, &name, Path::new(&name)) {
                    files.set_text(file, text);
                }
            }
            out.extend(quotes(file, files.text(file)));
        }
    }
    out
}

fn quoted(citations: &[Spanned<RawCitation>]) -> bool {
    citations.iter().any(|c| c.value.quote.is_some())
}

/// Whether a contested fact's alternatives quote a source.
fn quoted_alternatives(alternatives: &[Spanned<RawAlternative>]) -> bool {
    alternatives.iter().any(|a| quoted(&a.value.citations))
}

/// `no-quote`: each fact of one file that quotes none of its sources.
fn quotes(file: usize, text: &str) -> Vec<Diagnostic> {
    if text.is_empty() {
        return Vec::new();
    }
    let parsed = parse_file(file, text);
    let warn = |what: String, span: std::ops::Range<usize>| {
        Diagnostic::warning("no-quote", format!("{what} has no quote"))
            .at(file, span, "no source's words for this fact")
            .help("add the source's words: `citations: [(source: \"source-id\", quote: \"...\")]`")
    };
    let mut out = Vec::new();
    for node in &parsed.nodes {
        let n = &node.record;
        if n.quote.is_none() && !quoted(&n.citations) && !quoted_alternatives(&n.alternatives) {
            out.push(warn(
                format!("node \"{}\"", shown(&n.id.value)),
                n.id.span.clone(),
            ));
        }
        for m in &n.milestones {
            if !quoted(&m.value.citations) {
                out.push(warn(
                    format!(
                        "the {} milestone of \"{}\" ({})",
                        m.value.stage.value.0,
                        shown(&n.id.value),
                        shown(&m.value.date.value)
                    ),
                    m.value.stage.span.clone(),
                ));
            }
        }
    }
    for edge in &parsed.edges {
        let e = &edge.record;
        if e.quote.is_none() && !quoted(&e.citations) && !quoted_alternatives(&e.alternatives) {
            out.push(warn(
                format!(
                    "edge \"{}\" -> \"{}\"",
                    shown(&e.from.value),
                    shown(&e.to.value)
                ),
                e.kind.span.clone(),
            ));
        }
    }
    out.sort_by_key(|d| d.primary.as_ref().map(|p| p.span.start));
    out
}
