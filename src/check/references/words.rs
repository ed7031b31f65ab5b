//! The words of the rules across files: each finding turned into a
//! diagnostic, with the record found again to point at the right text, and
//! suggestions computed once per distinct miss.

use std::path::PathBuf;

use rustc_hash::FxHashMap;

use super::{At, Declared, Finding, Reference};
use crate::check::records::{CheckedFile, is_slug};
use crate::diagnostic::{Diagnostic, SourceFiles, shown};
use crate::load::parse::{ParsedFile, parse_file};
use crate::load::raw::{RawAlternative, RawCitation};
use crate::load::spanned::Spanned;
use crate::load::{FileText, read_text};
use crate::model::{EdgeKind, NodeKind};
use crate::suggest;

/// Finds records again, with spans, to say where a finding is.
pub(super) struct Locator<'a> {
    pub(super) paths: &'a [PathBuf],
    pub(super) table: &'a mut SourceFiles,
    pub(super) parsed: FxHashMap<u32, ParsedFile>,
}

impl Locator<'_> {
    fn parsed(&mut self, file: u32) -> Option<&ParsedFile> {
        if !self.parsed.contains_key(&file) {
            let f = file as usize;
            if self.table.text(f).is_empty()
                && let Some(path) = self.paths.get(f)
                && let (FileText::Text(text), _) = read_text(f, self.table.name(f), path)
            {
                self.table.set_text(f, text);
            }
            let parsed = parse_file(f, self.table.text(f));
            self.parsed.insert(file, parsed);
        }
        self.parsed.get(&file)
    }

    fn node(&mut self, at: At) -> Option<&crate::load::raw::RawNode> {
        let At::Node { file, raw } = at else {
            return None;
        };
        self.parsed(file)?
            .nodes
            .get(raw as usize)
            .map(|l| &l.record)
    }

    fn edge(&mut self, at: At) -> Option<&crate::load::raw::RawEdge> {
        let At::Edge { file, raw } = at else {
            return None;
        };
        self.parsed(file)?
            .edges
            .get(raw as usize)
            .map(|l| &l.record)
    }

    fn source(&mut self, at: At) -> Option<&crate::load::raw::RawSource> {
        let At::Source { file, raw } = at else {
            return None;
        };
        self.parsed(file)?
            .sources
            .get(raw as usize)
            .map(|l| &l.record)
    }

    /// The span of a record's id (nodes and sources) or of its whole text
    /// (edges), and its file.
    fn place(&mut self, at: At) -> (usize, std::ops::Range<usize>) {
        let span = match at {
            At::Node { .. } => self.node(at).map(|n| n.id.span.clone()),
            At::Source { .. } => self.source(at).map(|s| s.id.span.clone()),
            At::Edge { file, raw } => self
                .parsed(file)
                .and_then(|p| p.edges.get(raw as usize))
                .map(|l| l.span.clone()),
        };
        (file_of(at), span.unwrap_or(0..0))
    }
}

fn file_of(at: At) -> usize {
    match at {
        At::Source { file, .. } | At::Node { file, .. } | At::Edge { file, .. } => file as usize,
    }
}

/// Turns findings into diagnostics, with suggestions computed once per
/// distinct miss.
pub(super) struct Words<'a> {
    node_ids: Option<suggest::SuggestIndex>,
    source_ids: Option<suggest::SuggestIndex>,
    names: Option<FxHashMap<String, &'a str>>,
    invalid_ids: Option<FxHashMap<String, &'a str>>,
    files: &'a [CheckedFile],
    nodes: &'a FxHashMap<&'a str, Declared>,
    sources: &'a FxHashMap<&'a str, At>,
    memo: FxHashMap<(bool, String), Option<String>>,
}

impl<'a> Words<'a> {
    pub(super) fn new(
        files: &'a [CheckedFile],
        nodes: &'a FxHashMap<&'a str, Declared>,
        sources: &'a FxHashMap<&'a str, At>,
    ) -> Words<'a> {
        Words {
            node_ids: None,
            source_ids: None,
            names: None,
            invalid_ids: None,
            files,
            nodes,
            sources,
            memo: FxHashMap::default(),
        }
    }

    /// Finds the closest declared ids of many misses at once, on every
    /// core; [`Words::closest`] then answers from what was found.
    pub(super) fn prefetch(&mut self, misses: &[(bool, &str)]) {
        use rayon::prelude::*;
        for node in [true, false] {
            let wanted: Vec<&str> = misses
                .iter()
                .filter(|(n, id)| *n == node && !self.memo.contains_key(&(node, id.to_string())))
                .map(|(_, id)| *id)
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let index = self.index(node);
            let found: Vec<Option<String>> = wanted
                .par_iter()
                .map(|id| index.closest(id).map(str::to_string))
                .collect();
            for (id, answer) in wanted.into_iter().zip(found) {
                self.memo.insert((node, id.to_string()), answer);
            }
        }
    }

    /// The declared id closest to a missed one.
    pub(super) fn closest(&mut self, node: bool, id: &str) -> Option<String> {
        let key = (node, id.to_string());
        if let Some(answer) = self.memo.get(&key) {
            return answer.clone();
        }
        let answer = self.index(node).closest(id).map(str::to_string);
        self.memo.insert(key, answer.clone());
        answer
    }

    /// The index of node ids or of source ids, built on the first miss:
    /// valid data never pays for it.
    fn index(&mut self, node: bool) -> &suggest::SuggestIndex {
        if node {
            let nodes = self.nodes;
            self.node_ids
                .get_or_insert_with(|| suggest::SuggestIndex::new(nodes.keys().copied()))
        } else {
            let sources = self.sources;
            self.source_ids
                .get_or_insert_with(|| suggest::SuggestIndex::new(sources.keys().copied()))
        }
    }

    /// The node whose name or alias, folded, is `id` folded.
    fn named(&mut self, id: &str) -> Option<&'a str> {
        let files = self.files;
        let names = self.names.get_or_insert_with(|| {
            let mut names = FxHashMap::default();
            for node in files.iter().flat_map(|f| &f.dataset.nodes) {
                for text in std::iter::once(&node.name).chain(&node.aliases) {
                    names.entry(suggest::fold(text)).or_insert(node.id.as_str());
                }
            }
            names
        });
        names.get(&suggest::fold(id)).copied()
    }

    /// A node left out because its id is not a slug, whose id folds to
    /// the same as `id`.
    fn invalid_declaration(&mut self, id: &str) -> Option<&'a str> {
        let files = self.files;
        let invalid = self.invalid_ids.get_or_insert_with(|| {
            files
                .iter()
                .flat_map(|f| &f.left_out_nodes)
                .filter(|l| !is_slug(&l.id))
                .map(|l| (suggest::fold(&l.id), l.id.as_str()))
                .collect()
        });
        invalid.get(&suggest::fold(id)).copied()
    }

    pub(super) fn diagnostic(&mut self, locator: &mut Locator, finding: Finding) -> Diagnostic {
        match finding {
            Finding::Duplicate { again, first, id } => {
                let what = match again {
                    At::Source { .. } => "source",
                    At::Node { .. } => "node",
                    At::Edge { .. } => "edge",
                };
                // An edge's id, not its whole record.
                let mut place = |at: At| match at {
                    At::Edge { .. } => {
                        let id = locator
                            .edge(at)
                            .and_then(|e| e.id.as_ref().map(|id| id.span.clone()));
                        let (file, whole) = locator.place(at);
                        (file, id.unwrap_or(whole))
                    }
                    _ => locator.place(at),
                };
                let (file, span) = place(again);
                let (first_file, first_span) = place(first);
                Diagnostic::error(
                    "duplicate-id",
                    format!("{what} id \"{}\" is defined twice", shown(&id)),
                )
                .at(file, span, "defined again here")
                .also(first_file, first_span, "first defined here")
                .help(format!(
                    "give each {what} its own id, or merge the two records"
                ))
            }
            Finding::UnknownSource { at, reference, id } => {
                let (file, span) = reference_place(locator, at, reference);
                let d = Diagnostic::error(
                    "unknown-source",
                    format!("unknown source id \"{}\"", shown(&id)),
                )
                .at(file, span, "no source has this id");
                match self.closest(false, &id) {
                    Some(best) => d.help(format!("did you mean \"{best}\"?")),
                    None => d.help("declare the source in a `sources: [...]` list (title, publisher, date, URL)"),
                }
            }
            Finding::UnknownNode { at, reference, id } => {
                let (file, span) = reference_place(locator, at, reference);
                let d = Diagnostic::error(
                    "unknown-node",
                    format!("unknown node id \"{}\"", shown(&id)),
                )
                .at(file, span, "no node has this id");
                if let Some(declared) = self.invalid_declaration(&id) {
                    d.help(format!(
                        "the node is declared with the id \"{declared}\", which is not a valid id; once that declaration says \"{id}\", this reference resolves"
                    ))
                } else if let Some(owner) = self.named(&id) {
                    d.help(format!(
                        "\"{id}\" is a name; edges refer to nodes by id: did you mean \"{owner}\"?"
                    ))
                } else if let Some(best) = self.closest(true, &id) {
                    d.help(format!("did you mean \"{best}\"?"))
                } else {
                    d.help("declare the node in a `nodes: [...]` list, or fix the id")
                }
            }
            Finding::NotAJurisdiction { at, id, kind } => {
                let (file, span) = reference_place(locator, at, Reference::Jurisdiction);
                Diagnostic::error(
                    "kind-mismatch",
                    format!(
                        "`jurisdiction` must name a jurisdiction, and \"{id}\" is a {}",
                        kind.label()
                    ),
                )
                .at(file, span, "not a jurisdiction")
                .help("refer to a node of `kind: Jurisdiction`, such as the country or union")
            }
            Finding::KindMismatch { at, kind, from, to } => {
                let file = file_of(at);
                let spans = locator
                    .edge(at)
                    .map(|e| (e.kind.span.clone(), e.from.span.clone(), e.to.span.clone()))
                    .unwrap_or((0..0, 0..0, 0..0));
                kind_mismatch(file, spans, kind, from, to)
            }
            Finding::Ambiguous { uses } => {
                let mut places = Vec::new();
                let mut ids = Vec::new();
                for (at, which) in &uses {
                    let (file, span, text, id) = match locator.node(*at) {
                        Some(n) => {
                            let name = std::iter::once(&n.name)
                                .chain(&n.aliases)
                                .nth(*which)
                                .unwrap_or(&n.name);
                            (
                                file_of(*at),
                                name.span.clone(),
                                name.value.clone(),
                                n.id.value.clone(),
                            )
                        }
                        None => (file_of(*at), 0..0, String::new(), String::new()),
                    };
                    places.push((file, span, text));
                    ids.push(id);
                }
                ids.sort_unstable();
                ids.dedup();
                let (file, span, text) = places.pop().unwrap_or_default();
                let key = suggest::fold(&text);
                let mut d = Diagnostic::warning(
                    "ambiguous-name",
                    format!("the name \"{text}\" is used by {} nodes: {}", ids.len(), ids.join(", ")),
                )
                .at(file, span, "used again here")
                .help(format!("look-ups of \"{key}\" will ask which one is meant; rename or drop one of the aliases"));
                for (file, span, _) in places {
                    d = d.also(file, span, "also used here");
                }
                d
            }
            Finding::MisspeltDeclaration {
                declared,
                declared_id,
                id,
                first,
            } => {
                let (id, declared_id) = (shown(&id), shown(&declared_id));
                let what = if matches!(declared, At::Source { .. }) {
                    "source"
                } else {
                    "node"
                };
                let (file, span) = locator.place(declared);
                let (ref_file, ref_span) = reference_place(locator, first.0, first.1);
                let code = if what == "node" {
                    "unknown-node"
                } else {
                    "unknown-source"
                };
                Diagnostic::error(code, format!("unknown {what} id \"{}\"", shown(&id)))
                    .at(
                        file,
                        span,
                        format!("declared as \"{declared_id}\", which nothing refers to"),
                    )
                    .also(ref_file, ref_span, format!("\"{id}\" used here"))
                    .help(format!(
                        "if this is the {what} meant, write its id \"{id}\""
                    ))
            }
            Finding::Isolated { at } => {
                let (file, span) = locator.place(at);
                let id = shown(
                    &locator
                        .node(at)
                        .map(|n| n.id.value.clone())
                        .unwrap_or_default(),
                );
                Diagnostic::warning("isolated-node", format!("node \"{id}\" has no edge"))
                    .at(file, span, "connected to nothing")
                    .help("add an edge that says how it relates to the rest, or remove the node")
            }
            Finding::UnusedSource { at } => {
                let (file, span) = locator.place(at);
                let id = shown(
                    &locator
                        .source(at)
                        .map(|s| s.id.value.clone())
                        .unwrap_or_default(),
                );
                Diagnostic::warning(
                    "unused-source",
                    format!("source \"{id}\" is cited by nothing"),
                )
                .at(file, span, "cited by no node, edge or milestone")
                .help(format!(
                    "cite it from the facts it supports (`sources: [\"{id}\"]`), or remove it"
                ))
            }
            Finding::EncyclopediaOnly { at, milestone } => {
                let file = file_of(at);
                let found = match at {
                    At::Node { .. } => locator.node(at).and_then(|n| {
                        let node = format!("\"{}\"", shown(&n.id.value));
                        match milestone {
                            None => Some((format!("node {node}"), cover(&n.sources, &n.citations))),
                            Some(m) => n.milestones.get(m).map(|m| {
                                let m = &m.value;
                                (
                                    format!(
                                        "the {} milestone of {node} ({})",
                                        m.stage.value.0,
                                        shown(&m.date.value)
                                    ),
                                    cover(&m.sources, &m.citations),
                                )
                            }),
                        }
                    }),
                    At::Edge { .. } => locator.edge(at).map(|e| {
                        (
                            format!(
                                "edge \"{}\" -> \"{}\"",
                                shown(&e.from.value),
                                shown(&e.to.value)
                            ),
                            cover(&e.sources, &e.citations),
                        )
                    }),
                    At::Source { .. } => None,
                };
                let (what, span) = found.unwrap_or_else(|| ("a fact".into(), 0..0));
                Diagnostic::warning(
                    "encyclopedia-only",
                    format!("{what} is backed only by an encyclopedia"),
                )
                .at(file, span, "every source here is an encyclopedia")
                .help("cite as well the source the fact comes from, such as the official text or a press article, or leave the fact out")
                .note("an encyclopedia summarises other sources; a reviewer wants the one the fact comes from")
            }
        }
    }
}

/// From the first to the last of a fact's references to sources, in
/// `sources` and in its citations (`0..0` if none).
fn cover(list: &[Spanned<String>], citations: &[Spanned<RawCitation>]) -> std::ops::Range<usize> {
    let cited: Vec<&Spanned<String>> = list
        .iter()
        .chain(citations.iter().map(|c| &c.value.source))
        .collect();
    match (
        cited.iter().map(|s| s.span.start).min(),
        cited.iter().map(|s| s.span.end).max(),
    ) {
        (Some(start), Some(end)) => start..end,
        _ => 0..0,
    }
}

/// Where the `s`th of a fact's sources is written: the typed record's
/// sources are those of `sources`, then those only its citations name (its
/// own, then its alternatives'), each once, and so is this list.
fn source_span(
    sources: &[Spanned<String>],
    citations: &[Spanned<RawCitation>],
    alternatives: &[Spanned<RawAlternative>],
    s: usize,
) -> Option<std::ops::Range<usize>> {
    let cited = citations
        .iter()
        .chain(alternatives.iter().flat_map(|a| &a.value.citations))
        .map(|c| &c.value.source);
    let mut seen: Vec<&str> = Vec::new();
    for written in sources.iter().chain(cited) {
        if !seen.contains(&written.value.as_str()) {
            if seen.len() == s {
                return Some(written.span.clone());
            }
            seen.push(&written.value);
        }
    }
    None
}

/// Where a reference of a record is written.
pub(super) fn reference_place(
    locator: &mut Locator,
    at: At,
    reference: Reference,
) -> (usize, std::ops::Range<usize>) {
    let file = file_of(at);
    let span = match (at, reference) {
        (At::Node { .. }, Reference::Source(s)) => locator
            .node(at)
            .and_then(|n| source_span(&n.sources, &n.citations, &n.alternatives, s)),
        (At::Node { .. }, Reference::MilestoneSource(m, s)) => locator
            .node(at)
            .and_then(|n| n.milestones.get(m))
            .and_then(|m| source_span(&m.value.sources, &m.value.citations, &[], s)),
        (At::Node { .. }, Reference::Jurisdiction) => locator
            .node(at)
            .and_then(|n| n.jurisdiction.as_ref())
            .map(|j| j.span.clone()),
        (At::Edge { .. }, Reference::Source(s)) => locator
            .edge(at)
            .and_then(|e| source_span(&e.sources, &e.citations, &e.alternatives, s)),
        (At::Edge { .. }, Reference::From) => locator.edge(at).map(|e| e.from.span.clone()),
        (At::Edge { .. }, Reference::To) => locator.edge(at).map(|e| e.to.span.clone()),
        _ => None,
    };
    (file, span.unwrap_or(0..0))
}

fn kind_mismatch(
    file: usize,
    (kind_span, from_span, to_span): (
        std::ops::Range<usize>,
        std::ops::Range<usize>,
        std::ops::Range<usize>,
    ),
    kind: EdgeKind,
    from: NodeKind,
    to: NodeKind,
) -> Diagnostic {
    let labels = |kinds: &[NodeKind]| {
        kinds
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (message, help) = if !kind.domain().contains(&from) {
        (
            format!(
                "{} `{}` edge cannot start from {} {}",
                suggest::article(kind.name()),
                kind.name(),
                suggest::article(&from.label()),
                from.label()
            ),
            format!("`{}` starts from: {}", kind.name(), labels(kind.domain())),
        )
    } else {
        (
            format!(
                "{} `{}` edge cannot point to {} {}",
                suggest::article(kind.name()),
                kind.name(),
                suggest::article(&to.label()),
                to.label()
            ),
            format!("`{}` points to: {}", kind.name(), labels(kind.range())),
        )
    };
    Diagnostic::error("kind-mismatch", message)
        .at(file, kind_span, "edge kind used here")
        .also(file, from_span, format!("this is a {}", from.label()))
        .also(file, to_span, format!("this is a {}", to.label()))
        .help(help)
}
