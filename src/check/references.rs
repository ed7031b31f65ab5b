//! The rules that need every file: ids are unique, references name a
//! declared node or source, edges join the kinds of nodes their kind
//! allows, a jurisdiction is one, a name is not shared, a node has an edge.
//!
//! They run once, over the typed records of every file, without spans: on
//! valid data nothing else is needed. What they find is a [`Finding`] that
//! says which record; only then is that record's file read again to point
//! at the exact text ([`Locator`]).
//!
//! A reference to an id declared in a record that could not be read, or
//! possibly in a file that could not be read at all, is not an error: the
//! record's or file's own error says what to fix, and gets a note that
//! counts the references waiting on it.

use std::path::PathBuf;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::records::{CheckedFile, is_slug};
use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::load::parse::{ParsedFile, parse_file};
use crate::load::{FileText, read_text};
use crate::model::{EdgeKind, NodeKind};
use crate::suggest;

/// How many other places of one unknown id a diagnostic shows.
const MORE_PLACES: usize = 3;

/// Which record, by file and place among the file's parsed records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum At {
    Source { file: u32, raw: u32 },
    Node { file: u32, raw: u32 },
    Edge { file: u32, raw: u32 },
}

/// Which reference of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reference {
    /// The `n`th source of a node or an edge.
    Source(usize),
    /// Source `n` of milestone `m`.
    MilestoneSource(usize, usize),
    From,
    To,
    Jurisdiction,
}

#[derive(Debug)]
enum Finding {
    Duplicate {
        again: At,
        first: At,
        id: String,
    },
    UnknownSource {
        at: At,
        reference: Reference,
        id: String,
    },
    UnknownNode {
        at: At,
        reference: Reference,
        id: String,
    },
    NotAJurisdiction {
        at: At,
        id: String,
        kind: NodeKind,
    },
    KindMismatch {
        at: At,
        kind: EdgeKind,
        from: NodeKind,
        to: NodeKind,
    },
    /// A folded name used by several nodes: each node and which of its
    /// names (0 the name, then the aliases).
    Ambiguous {
        uses: Vec<(At, usize)>,
    },
    Isolated {
        at: At,
    },
    /// References to `id`, which no record declares, while `declared_id`,
    /// close to it, is declared and referred to nowhere.
    MisspeltDeclaration {
        declared: At,
        declared_id: String,
        id: String,
        first: (At, Reference),
    },
}

/// A declared node: its file, place, kind if known, and its index among
/// the kept nodes of every file if it was kept.
#[derive(Clone, Copy)]
struct Declared {
    at: At,
    kind: Option<NodeKind>,
    kept: Option<u32>,
}

/// What the rules across files found: diagnostics, and the records to
/// leave out of the graph (per file, by place among its kept records).
pub struct Verdict {
    pub diagnostics: Vec<Diagnostic>,
    pub drop_sources: Vec<Vec<usize>>,
    pub drop_nodes: Vec<Vec<usize>>,
    pub drop_edges: Vec<Vec<usize>>,
    pub wait_notes: Vec<WaitNote>,
}

/// A file that could not be read at all, and the ids seen in it (none
/// known when it could not be opened).
pub struct UnreadFile {
    pub file: usize,
    pub ids: Option<Vec<String>>,
}

/// Applies every rule across files. `files` are the checked files in
/// table order; `unread` the ones that could not be read at all; `paths`
/// where each file is, to read it again for a diagnostic's quote.
pub fn check(
    files: &[CheckedFile],
    unread: &[UnreadFile],
    paths: &[PathBuf],
    table: &mut SourceFiles,
) -> Verdict {
    let mut findings = Vec::new();
    let mut drop_sources = vec![Vec::new(); files.len()];
    let mut drop_nodes = vec![Vec::new(); files.len()];
    let mut drop_edges = vec![Vec::new(); files.len()];

    // Ids declared in what could not be read.
    let mut unread_ids: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    for (f, file) in files.iter().enumerate() {
        for (i, id) in file.unread_ids.iter().enumerate() {
            unread_ids.entry(id.record.as_str()).or_insert((f, i));
        }
    }
    let mut unread_file_ids: FxHashMap<&str, usize> = FxHashMap::default();
    let mut unknowable: Vec<usize> = Vec::new();
    for u in unread {
        match &u.ids {
            Some(ids) => {
                for id in ids {
                    unread_file_ids.entry(id.as_str()).or_insert(u.file);
                }
            }
            None => unknowable.push(u.file),
        }
    }
    // How many references wait on each unread record or file.
    let mut waiting_record: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    let mut waiting_file: FxHashMap<usize, usize> = FxHashMap::default();
    let mut waits = |id: &str| -> bool {
        if let Some(&at) = unread_ids.get(id) {
            *waiting_record.entry(at).or_default() += 1;
            true
        } else if let Some(&file) = unread_file_ids.get(id) {
            *waiting_file.entry(file).or_default() += 1;
            true
        } else if let Some(&file) = unknowable.first() {
            *waiting_file.entry(file).or_default() += 1;
            true
        } else {
            false
        }
    };

    // Sources.
    let mut sources: FxHashMap<&str, At> = FxHashMap::default();
    for (f, file) in files.iter().enumerate() {
        let kept = file
            .dataset
            .sources
            .iter()
            .zip(&file.source_raw)
            .map(|(s, &raw)| (s.id.as_str(), raw, true));
        let left = file
            .left_out_sources
            .iter()
            .map(|l| (l.id.as_str(), l.raw, false));
        let mut all: Vec<_> = kept
            .enumerate()
            .map(|(i, d)| (d, Some(i)))
            .chain(left.map(|d| (d, None)))
            .collect();
        all.sort_by_key(|((_, raw, _), _)| *raw);
        for ((id, raw, _), kept) in all {
            let at = At::Source {
                file: f as u32,
                raw,
            };
            if let Some(&first) = sources.get(id) {
                findings.push(Finding::Duplicate {
                    again: at,
                    first,
                    id: id.to_string(),
                });
                if let Some(i) = kept {
                    drop_sources[f].push(i);
                }
            } else {
                sources.insert(id, at);
            }
        }
    }

    // Nodes.
    let node_total: usize = files.iter().map(|f| f.dataset.nodes.len()).sum();
    let mut offsets = Vec::with_capacity(files.len());
    let mut nodes: FxHashMap<&str, Declared> = FxHashMap::default();
    nodes.reserve(node_total);
    let mut offset = 0u32;
    for (f, file) in files.iter().enumerate() {
        offsets.push(offset);
        let kept = file
            .dataset
            .nodes
            .iter()
            .zip(&file.node_raw)
            .enumerate()
            .map(|(i, (n, &raw))| (n.id.as_str(), raw, Some(n.kind), Some(i)));
        let left = file
            .left_out_nodes
            .iter()
            .map(|l| (l.id.as_str(), l.raw, l.kind, None));
        let mut all: Vec<_> = kept.chain(left).collect();
        if !file.left_out_nodes.is_empty() {
            all.sort_by_key(|d| d.1);
        }
        for (id, raw, kind, kept) in all {
            let at = At::Node {
                file: f as u32,
                raw,
            };
            match nodes.get(id) {
                Some(first) => {
                    findings.push(Finding::Duplicate {
                        again: at,
                        first: first.at,
                        id: id.to_string(),
                    });
                    if let Some(i) = kept {
                        drop_nodes[f].push(i);
                    }
                }
                None => {
                    nodes.insert(
                        id,
                        Declared {
                            at,
                            kind,
                            kept: kept.map(|i| offset + i as u32),
                        },
                    );
                }
            }
        }
        offset += file.dataset.nodes.len() as u32;
    }
    let connected: Vec<std::sync::atomic::AtomicBool> = (0..node_total)
        .map(|_| std::sync::atomic::AtomicBool::new(false))
        .collect();
    let connect = |d: &Declared| {
        if let Some(k) = d.kept {
            connected[k as usize].store(true, std::sync::atomic::Ordering::Relaxed);
        }
    };

    // References from records left out by the rules of their file: still
    // checked, since every record that was read has its references checked.
    for (f, file) in files.iter().enumerate() {
        for edge in &file.left_out_edges {
            let at = At::Edge {
                file: f as u32,
                raw: edge.raw,
            };
            let from = nodes.get(edge.from.as_str());
            let to = nodes.get(edge.to.as_str());
            from.map(connect);
            to.map(connect);
            for (end, id, reference) in [
                (from, &edge.from, Reference::From),
                (to, &edge.to, Reference::To),
            ] {
                if end.is_none() && !waits(id) {
                    findings.push(Finding::UnknownNode {
                        at,
                        reference,
                        id: id.clone(),
                    });
                }
            }
            if let (Some(kind), Some(a), Some(b)) = (
                edge.kind,
                from.and_then(|d| d.kind),
                to.and_then(|d| d.kind),
            ) && !kind.allows(a, b)
            {
                findings.push(Finding::KindMismatch {
                    at,
                    kind,
                    from: a,
                    to: b,
                });
            }
            for (s, source) in edge.sources.iter().enumerate() {
                if !sources.contains_key(source.as_str()) && !waits(source) {
                    findings.push(Finding::UnknownSource {
                        at,
                        reference: Reference::Source(s),
                        id: source.clone(),
                    });
                }
            }
        }
        for node in &file.left_out_nodes {
            let at = At::Node {
                file: f as u32,
                raw: node.raw,
            };
            for (s, source) in node.sources.iter().enumerate() {
                if !sources.contains_key(source.as_str()) && !waits(source) {
                    findings.push(Finding::UnknownSource {
                        at,
                        reference: Reference::Source(s),
                        id: source.clone(),
                    });
                }
            }
            if let Some(j) = &node.jurisdiction {
                match nodes.get(j.as_str()) {
                    Some(d) => connect(d),
                    None => {
                        if !waits(j) {
                            findings.push(Finding::UnknownNode {
                                at,
                                reference: Reference::Jurisdiction,
                                id: j.clone(),
                            });
                        }
                    }
                }
            }
        }
    }

    // References from nodes: sources, milestone sources, jurisdictions.
    for (f, file) in files.iter().enumerate() {
        for (i, (node, &raw)) in file.dataset.nodes.iter().zip(&file.node_raw).enumerate() {
            let at = At::Node {
                file: f as u32,
                raw,
            };
            let mut bad = false;
            for (s, source) in node.sources.iter().enumerate() {
                if !sources.contains_key(source.as_str()) {
                    bad = true;
                    if !waits(source) {
                        findings.push(Finding::UnknownSource {
                            at,
                            reference: Reference::Source(s),
                            id: source.clone(),
                        });
                    }
                }
            }
            for (m, milestone) in node.milestones.iter().enumerate() {
                for (s, source) in milestone.sources.iter().enumerate() {
                    if !sources.contains_key(source.as_str()) {
                        bad = true;
                        if !waits(source) {
                            findings.push(Finding::UnknownSource {
                                at,
                                reference: Reference::MilestoneSource(m, s),
                                id: source.clone(),
                            });
                        }
                    }
                }
            }
            if let Some(j) = &node.jurisdiction {
                match nodes.get(j.as_str()) {
                    Some(d) => {
                        connect(d);
                        if let Some(kind) = d.kind.filter(|k| *k != NodeKind::Jurisdiction) {
                            findings.push(Finding::NotAJurisdiction {
                                at,
                                id: j.clone(),
                                kind,
                            });
                        }
                    }
                    None => {
                        if !waits(j) {
                            findings.push(Finding::UnknownNode {
                                at,
                                reference: Reference::Jurisdiction,
                                id: j.clone(),
                            });
                        }
                    }
                }
            }
            if bad {
                drop_nodes[f].push(i);
            }
        }
    }

    // Edges, on every core: the common case finds nothing.
    let edge_findings: Vec<(usize, usize, Vec<Finding>)> = files
        .par_iter()
        .enumerate()
        .flat_map_iter(|(f, file)| {
            let nodes = &nodes;
            let sources = &sources;
            let connect = &connect;
            file.dataset
                .edges
                .iter()
                .zip(&file.edge_raw)
                .enumerate()
                .filter_map(move |(i, (edge, &raw))| {
                    let at = At::Edge {
                        file: f as u32,
                        raw,
                    };
                    let from = nodes.get(edge.from.as_str());
                    let to = nodes.get(edge.to.as_str());
                    from.map(connect);
                    to.map(connect);
                    let unknown_sources: Vec<usize> = edge
                        .sources
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| !sources.contains_key(s.as_str()))
                        .map(|(s, _)| s)
                        .collect();
                    let mismatch = match (from.and_then(|d| d.kind), to.and_then(|d| d.kind)) {
                        (Some(a), Some(b)) => !edge.kind.allows(a, b),
                        _ => false,
                    };
                    // Only a kept end can be an edge's end in the graph.
                    let ends_kept = from.is_some_and(|d| d.kept.is_some())
                        && to.is_some_and(|d| d.kept.is_some());
                    if ends_kept && !mismatch && unknown_sources.is_empty() {
                        return None;
                    }
                    let mut found = Vec::new();
                    for (end, id, reference) in [
                        (from, &edge.from, Reference::From),
                        (to, &edge.to, Reference::To),
                    ] {
                        if end.is_none() {
                            found.push(Finding::UnknownNode {
                                at,
                                reference,
                                id: id.clone(),
                            });
                        }
                    }
                    if mismatch
                        && let (Some(a), Some(b)) =
                            (from.and_then(|d| d.kind), to.and_then(|d| d.kind))
                    {
                        found.push(Finding::KindMismatch {
                            at,
                            kind: edge.kind,
                            from: a,
                            to: b,
                        });
                    }
                    for s in unknown_sources {
                        found.push(Finding::UnknownSource {
                            at,
                            reference: Reference::Source(s),
                            id: edge.sources[s].clone(),
                        });
                    }
                    Some((f, i, found))
                })
        })
        .collect();
    for (f, i, found) in edge_findings {
        drop_edges[f].push(i);
        for finding in found {
            let id = match &finding {
                Finding::UnknownNode { id, .. } | Finding::UnknownSource { id, .. } => {
                    Some(id.as_str())
                }
                _ => None,
            };
            if id.is_none_or(|id| !waits(id)) {
                findings.push(finding);
            }
        }
    }

    // Names shared by several nodes.
    let all_nodes: Vec<(u32, u32, &crate::model::Node)> = files
        .iter()
        .enumerate()
        .flat_map(|(f, file)| {
            file.dataset
                .nodes
                .iter()
                .zip(&file.node_raw)
                .map(move |(n, &raw)| (f as u32, raw, n))
        })
        .collect();
    let mut names: Vec<(String, u32, u32)> = all_nodes
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, (_, _, node))| {
            std::iter::once(&node.name)
                .chain(&node.aliases)
                .enumerate()
                .map(move |(which, text)| (suggest::fold(text), i as u32, which as u32))
        })
        .collect();
    names.par_sort_unstable();
    for group in names.chunk_by(|a, b| a.0 == b.0) {
        let mut ids: Vec<u32> = group.iter().map(|g| g.1).collect();
        ids.dedup();
        if ids.len() > 1 {
            let uses = group
                .iter()
                .map(|&(_, i, which)| {
                    let (file, raw, _) = all_nodes[i as usize];
                    (At::Node { file, raw }, which as usize)
                })
                .collect();
            findings.push(Finding::Ambiguous { uses });
        }
    }

    // Nodes with no edge, unless something could not be read (its edges
    // may be there).
    let anything_unread = !unread.is_empty() || files.iter().any(|f| f.unread_records > 0);
    // A node left out (a duplicate, a bad citation) is not also "isolated".
    for (f, dropped) in drop_nodes.iter().enumerate() {
        for &i in dropped {
            connected[offsets[f] as usize + i].store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    if !anything_unread {
        for (k, c) in connected.iter().enumerate() {
            if !c.load(std::sync::atomic::Ordering::Relaxed) {
                let (file, raw, _) = all_nodes[k];
                findings.push(Finding::Isolated {
                    at: At::Node { file, raw },
                });
            }
        }
    }

    let mut diagnostics = Vec::new();
    if !findings.is_empty() {
        let mut locator = Locator {
            paths,
            table,
            parsed: FxHashMap::default(),
        };
        let mut words = Words::new(files, &nodes, &sources);
        // Every reference to one unknown id is one error, not one each: a
        // misspelt declaration would otherwise flood the output.
        let mut by_id: FxHashMap<(bool, String), usize> = FxHashMap::default();
        let mut grouped: Vec<(Finding, Vec<(At, Reference)>)> = Vec::new();
        for finding in findings {
            let key = match &finding {
                Finding::UnknownNode { id, .. } => Some((true, id.clone())),
                Finding::UnknownSource { id, .. } => Some((false, id.clone())),
                _ => None,
            };
            match key.as_ref().and_then(|k| by_id.get(k).copied()) {
                Some(i) => {
                    if let Finding::UnknownNode { at, reference, .. }
                    | Finding::UnknownSource { at, reference, .. } = finding
                    {
                        grouped[i].1.push((at, reference));
                    }
                }
                None => {
                    if let Some(k) = key {
                        by_id.insert(k, grouped.len());
                    }
                    grouped.push((finding, Vec::new()));
                }
            }
        }
        // An unknown id used several times whose closest match is declared
        // but referred to nowhere is most likely that declaration misspelt:
        // the error is there, and the declaration's own warning would
        // repeat it.
        let isolated: Vec<At> = grouped
            .iter()
            .filter_map(|(f, _)| match f {
                Finding::Isolated { at } => Some(*at),
                _ => None,
            })
            .collect();
        let mut cited: Option<FxHashMap<&str, ()>> = None;
        let mut misspelt_declarations = Vec::new();
        for (finding, more) in &mut grouped {
            let (node, id, at, reference) = match finding {
                Finding::UnknownNode { id, at, reference } => (true, id.clone(), *at, *reference),
                Finding::UnknownSource { id, at, reference } => {
                    (false, id.clone(), *at, *reference)
                }
                _ => continue,
            };
            let Some(best) = words.closest(node, &id) else {
                continue;
            };
            // When several references agree, the declaration is the odd
            // one. One reference is as likely misspelt as the declaration:
            // the node's name, which ids are made from, decides.
            if more.is_empty() {
                let name = nodes
                    .get(best.as_str())
                    .and_then(|d| d.kept)
                    .map(|k| suggest::fold(&all_nodes[k as usize].2.name));
                let closer_to_name = name.is_some_and(|name| {
                    strsim::jaro_winkler(&suggest::fold(&id), &name)
                        > strsim::jaro_winkler(&suggest::fold(&best), &name)
                });
                if !node || !closer_to_name {
                    continue;
                }
            }
            let declaration = if node {
                nodes
                    .get(best.as_str())
                    .map(|d| d.at)
                    .filter(|at| isolated.contains(at))
            } else {
                let cited = cited.get_or_insert_with(|| {
                    files
                        .iter()
                        .flat_map(|f| {
                            f.dataset
                                .nodes
                                .iter()
                                .flat_map(|n| {
                                    n.sources
                                        .iter()
                                        .chain(n.milestones.iter().flat_map(|m| &m.sources))
                                })
                                .chain(f.dataset.edges.iter().flat_map(|e| &e.sources))
                                .chain(f.left_out_nodes.iter().flat_map(|n| &n.sources))
                                .chain(f.left_out_edges.iter().flat_map(|e| &e.sources))
                        })
                        .map(|s| (s.as_str(), ()))
                        .collect()
                });
                sources
                    .get(best.as_str())
                    .copied()
                    .filter(|_| !cited.contains_key(best.as_str()))
            };
            if let Some(declared) = declaration {
                misspelt_declarations.push(declared);
                *finding = Finding::MisspeltDeclaration {
                    declared,
                    declared_id: best,
                    id,
                    first: (at, reference),
                };
            }
        }
        grouped.retain(
            |(f, _)| !matches!(f, Finding::Isolated { at } if misspelt_declarations.contains(at)),
        );
        for (finding, more) in grouped {
            let mut d = words.diagnostic(&mut locator, finding);
            for &(at, reference) in more.iter().take(MORE_PLACES) {
                let (file, span) = reference_place(&mut locator, at, reference);
                d = d.also(file, span, "used here too");
            }
            if more.len() > MORE_PLACES {
                d = d.note(format!(
                    "{} references in all; the first {} are shown",
                    more.len() + 1,
                    MORE_PLACES + 1
                ));
            }
            diagnostics.push(d);
        }
    }
    for list in drop_sources
        .iter_mut()
        .chain(&mut drop_nodes)
        .chain(&mut drop_edges)
    {
        list.sort_unstable();
        list.dedup();
    }
    let mut wait_notes: Vec<WaitNote> = waiting_record
        .into_iter()
        .map(|((f, i), count)| {
            let id = &files[f].unread_ids[i];
            WaitNote::Record {
                file: f,
                at: id.span.start,
                id: id.record.clone(),
                count,
            }
        })
        .chain(
            waiting_file
                .into_iter()
                .map(|(file, count)| WaitNote::File { file, count }),
        )
        .collect();
    wait_notes.sort_by_key(|n| match n {
        WaitNote::Record { file, at, .. } => (*file, *at),
        WaitNote::File { file, .. } => (*file, 0),
    });
    Verdict {
        diagnostics,
        drop_sources,
        drop_nodes,
        drop_edges,
        wait_notes,
    }
}

/// A count of references that wait on a record or file that could not be
/// read, to be noted on that record's or file's error.
#[derive(Debug, Clone)]
pub enum WaitNote {
    Record {
        file: usize,
        at: usize,
        id: String,
        count: usize,
    },
    File {
        file: usize,
        count: usize,
    },
}

/// Finds records again, with spans, to say where a finding is.
struct Locator<'a> {
    paths: &'a [PathBuf],
    table: &'a mut SourceFiles,
    parsed: FxHashMap<u32, ParsedFile>,
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
struct Words<'a> {
    node_ids: Option<Vec<&'a str>>,
    source_ids: Option<Vec<&'a str>>,
    names: Option<FxHashMap<String, &'a str>>,
    invalid_ids: Option<FxHashMap<String, &'a str>>,
    files: &'a [CheckedFile],
    nodes: &'a FxHashMap<&'a str, Declared>,
    sources: &'a FxHashMap<&'a str, At>,
    memo: FxHashMap<(bool, String), Option<String>>,
}

impl<'a> Words<'a> {
    fn new(
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

    /// The declared id closest to a missed one.
    fn closest(&mut self, node: bool, id: &str) -> Option<String> {
        let key = (node, id.to_string());
        if let Some(answer) = self.memo.get(&key) {
            return answer.clone();
        }
        let candidates = if node {
            let nodes = self.nodes;
            self.node_ids
                .get_or_insert_with(|| nodes.keys().copied().collect())
        } else {
            let sources = self.sources;
            self.source_ids
                .get_or_insert_with(|| sources.keys().copied().collect())
        };
        let answer = (id.len() <= 256)
            .then(|| suggest::closest(id, candidates.iter().copied()).map(str::to_string))
            .flatten();
        self.memo.insert(key, answer.clone());
        answer
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

    fn diagnostic(&mut self, locator: &mut Locator, finding: Finding) -> Diagnostic {
        match finding {
            Finding::Duplicate { again, first, id } => {
                let what = if matches!(again, At::Source { .. }) {
                    "source"
                } else {
                    "node"
                };
                let (file, span) = locator.place(again);
                let (first_file, first_span) = locator.place(first);
                Diagnostic::error(
                    "duplicate-id",
                    format!("{what} id \"{id}\" is defined twice"),
                )
                .at(file, span, "defined again here")
                .also(first_file, first_span, "first defined here")
                .help(format!(
                    "give each {what} its own id, or merge the two records"
                ))
            }
            Finding::UnknownSource { at, reference, id } => {
                let (file, span) = reference_place(locator, at, reference);
                let d = Diagnostic::error("unknown-source", format!("unknown source id \"{id}\""))
                    .at(file, span, "no source has this id");
                match self.closest(false, &id) {
                    Some(best) => d.help(format!("did you mean \"{best}\"?")),
                    None => d.help("declare the source in a `sources: [...]` list (title, publisher, date, URL)"),
                }
            }
            Finding::UnknownNode { at, reference, id } => {
                let (file, span) = reference_place(locator, at, reference);
                let d = Diagnostic::error("unknown-node", format!("unknown node id \"{id}\"")).at(
                    file,
                    span,
                    "no node has this id",
                );
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
                Diagnostic::error(code, format!("unknown {what} id \"{id}\""))
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
                let id = locator
                    .node(at)
                    .map(|n| n.id.value.clone())
                    .unwrap_or_default();
                Diagnostic::warning("isolated-node", format!("node \"{id}\" has no edge"))
                    .at(file, span, "connected to nothing")
                    .help("add an edge that says how it relates to the rest, or remove the node")
            }
        }
    }
}

/// Where a reference of a record is written.
fn reference_place(
    locator: &mut Locator,
    at: At,
    reference: Reference,
) -> (usize, std::ops::Range<usize>) {
    let file = file_of(at);
    let span = match (at, reference) {
        (At::Node { .. }, Reference::Source(s)) => locator
            .node(at)
            .and_then(|n| n.sources.get(s))
            .map(|s| s.span.clone()),
        (At::Node { .. }, Reference::MilestoneSource(m, s)) => locator
            .node(at)
            .and_then(|n| n.milestones.get(m))
            .and_then(|m| m.value.sources.get(s))
            .map(|s| s.span.clone()),
        (At::Node { .. }, Reference::Jurisdiction) => locator
            .node(at)
            .and_then(|n| n.jurisdiction.as_ref())
            .map(|j| j.span.clone()),
        (At::Edge { .. }, Reference::Source(s)) => locator
            .edge(at)
            .and_then(|e| e.sources.get(s))
            .map(|s| s.span.clone()),
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
