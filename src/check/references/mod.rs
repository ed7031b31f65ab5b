//! The rules that need every file: ids are unique, references name a
//! declared node or source, edges join the kinds of nodes their kind
//! allows, a jurisdiction is one, a name is not shared, a node has an edge,
//! a source is cited, a fact rests on more than encyclopedias.
//!
//! They run once, over the typed records of every file, without spans: on
//! valid data nothing else is needed. What they find is a [`Finding`] that
//! says which record; only then is that record's file read again to point
//! at the exact text ([`Locator`](words::Locator)).
//!
//! A reference to an id declared in a record that could not be read, or
//! possibly in a file that could not be read at all, is not an error: the
//! record's or file's own error says what to fix, and gets a note that
//! counts the references waiting on it.
//!
//! The rules are here; what they find is in `findings.rs`, how findings
//! are grouped into diagnostics in `grouping.rs`, and their words in
//! `words.rs`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

mod findings;
mod grouping;
mod words;

use super::records::CheckedFile;
use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::model::{NodeKind, SourceType};
use crate::suggest;
use findings::{At, Declared, Finding, Reference};

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

    // Sources. Each id's first record, in file order, has a slot in
    // `declared` (and whether its file's rules kept it), and `cite` marks
    // it cited wherever a reference to it is looked up.
    let mut sources: FxHashMap<&str, At> = FxHashMap::default();
    let mut slots: FxHashMap<&str, u32> = FxHashMap::default();
    let mut declared: Vec<(At, bool)> = Vec::new();
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
                slots.insert(id, declared.len() as u32);
                declared.push((at, kept.is_some()));
            }
        }
    }
    let is_cited: Vec<AtomicBool> = declared.iter().map(|_| AtomicBool::new(false)).collect();
    // Whether a source of this id is declared; if so, it is cited. Stored
    // only the first time: every core reads the flag of a source cited
    // thousands of times, and none keeps writing it.
    let cite = |id: &str| match slots.get(id) {
        Some(&slot) => {
            let flag = &is_cited[slot as usize];
            if !flag.load(Ordering::Relaxed) {
                flag.store(true, Ordering::Relaxed);
            }
            true
        }
        None => false,
    };

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
    let connected: Vec<AtomicBool> = (0..node_total).map(|_| AtomicBool::new(false)).collect();
    let connect = |d: &Declared| {
        if let Some(k) = d.kept {
            connected[k as usize].store(true, Ordering::Relaxed);
        }
    };

    let unknown_sources = |at: At,
                           cited: &[String],
                           waits: &mut dyn FnMut(&str) -> bool,
                           findings: &mut Vec<Finding>| {
        for (s, source) in cited.iter().enumerate() {
            if !cite(source) && !waits(source) {
                findings.push(Finding::UnknownSource {
                    at,
                    reference: Reference::Source(s),
                    id: source.clone(),
                });
            }
        }
    };
    // A jurisdiction names a declared node of kind Jurisdiction.
    let jurisdiction =
        |at: At, j: &String, waits: &mut dyn FnMut(&str) -> bool, findings: &mut Vec<Finding>| {
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
            unknown_sources(at, &edge.sources, &mut waits, &mut findings);
        }
        for node in &file.left_out_nodes {
            let at = At::Node {
                file: f as u32,
                raw: node.raw,
            };
            unknown_sources(at, &node.sources, &mut waits, &mut findings);
            for source in &node.milestone_sources {
                cite(source);
            }
            if let Some(j) = &node.jurisdiction {
                jurisdiction(at, j, &mut waits, &mut findings);
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
                if !cite(source) {
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
                    if !cite(source) {
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
                jurisdiction(at, j, &mut waits, &mut findings);
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
            let cite = &cite;
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
                        .filter(|(_, s)| !cite(s))
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

    // Edge ids given twice: the second edge is left out, as a second node
    // of one id is.
    let mut edge_ids: FxHashMap<&str, At> = FxHashMap::default();
    for (f, file) in files.iter().enumerate() {
        for (i, (edge, &raw)) in file.dataset.edges.iter().zip(&file.edge_raw).enumerate() {
            let Some(id) = edge.id.as_deref() else {
                continue;
            };
            let at = At::Edge {
                file: f as u32,
                raw,
            };
            match edge_ids.get(id) {
                Some(&first) => {
                    findings.push(Finding::Duplicate {
                        again: at,
                        first,
                        id: id.to_string(),
                    });
                    drop_edges[f].push(i);
                }
                None => {
                    edge_ids.insert(id, at);
                }
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
        // Two records of one id (a duplicate, reported as such) do not
        // share a name between nodes.
        let mut ids: Vec<&str> = group
            .iter()
            .map(|g| all_nodes[g.1 as usize].2.id.as_str())
            .collect();
        ids.sort_unstable();
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
            connected[offsets[f] as usize + i].store(true, Ordering::Relaxed);
        }
    }
    if !anything_unread {
        for (k, c) in connected.iter().enumerate() {
            if !c.load(Ordering::Relaxed) {
                let (file, raw, _) = all_nodes[k];
                findings.push(Finding::Isolated {
                    at: At::Node { file, raw },
                });
            }
        }
        // Sources cited by nothing (a source left out by its file's rules
        // has its own error).
        for ((at, kept), cited) in declared.iter().zip(&is_cited) {
            if *kept && !cited.load(Ordering::Relaxed) {
                findings.push(Finding::UnusedSource { at: *at });
            }
        }
    }

    // Facts whose every source is an encyclopedia.
    let encyclopedias: FxHashSet<&str> = files
        .iter()
        .flat_map(|f| &f.dataset.sources)
        .filter(|s| s.source_type == Some(SourceType::Encyclopedia))
        .map(|s| s.id.as_str())
        .collect();
    if !encyclopedias.is_empty() {
        let only = |cited: &[String]| {
            !cited.is_empty() && cited.iter().all(|s| encyclopedias.contains(s.as_str()))
        };
        for (f, file) in files.iter().enumerate() {
            let file_id = f as u32;
            for (node, &raw) in file.dataset.nodes.iter().zip(&file.node_raw) {
                let at = At::Node { file: file_id, raw };
                if only(&node.sources) {
                    findings.push(Finding::EncyclopediaOnly {
                        at,
                        milestone: None,
                    });
                }
                for (m, milestone) in node.milestones.iter().enumerate() {
                    if only(&milestone.sources) {
                        findings.push(Finding::EncyclopediaOnly {
                            at,
                            milestone: Some(m),
                        });
                    }
                }
            }
            for (edge, &raw) in file.dataset.edges.iter().zip(&file.edge_raw) {
                if only(&edge.sources) {
                    findings.push(Finding::EncyclopediaOnly {
                        at: At::Edge { file: file_id, raw },
                        milestone: None,
                    });
                }
            }
        }
    }

    let diagnostics = if findings.is_empty() {
        Vec::new()
    } else {
        grouping::diagnostics(findings, files, &nodes, &sources, &all_nodes, paths, table)
    };
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
                at: id.span.clone(),
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
        WaitNote::Record { file, at, .. } => (*file, at.start),
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
        /// The record the id is declared in (or the id, in skipped text).
        at: std::ops::Range<usize>,
        id: String,
        count: usize,
    },
    File {
        file: usize,
        count: usize,
    },
}
