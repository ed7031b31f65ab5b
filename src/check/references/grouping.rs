//! From findings to diagnostics: every reference to one unknown id is
//! grouped into one error, an unknown id that is most likely a misspelt
//! declaration is reported at that declaration, and each group is worded
//! once, with a few of its other places.

use std::path::PathBuf;

use rustc_hash::FxHashMap;

use super::words::{Locator, Words, reference_place};
use super::{At, Declared, Finding, Reference};
use crate::check::records::CheckedFile;
use crate::diagnostic::{Diagnostic, SourceFiles};
use crate::suggest;

/// How many other places of one unknown id a diagnostic shows.
const MORE_PLACES: usize = 3;

/// The diagnostics of `findings`: `nodes` and `sources` are the declared
/// ids, `all_nodes` the kept nodes of every file (file, place, node) and
/// `paths` where each file is, to read it again for a diagnostic's quote.
pub(super) fn diagnostics(
    findings: Vec<Finding>,
    files: &[CheckedFile],
    nodes: &FxHashMap<&str, Declared>,
    sources: &FxHashMap<&str, At>,
    all_nodes: &[(u32, u32, &crate::model::Node)],
    paths: &[PathBuf],
    table: &mut SourceFiles,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut locator = Locator {
        paths,
        table,
        parsed: FxHashMap::default(),
    };
    let mut words = Words::new(files, nodes, sources);
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
    let misses: Vec<(bool, &str)> = grouped
        .iter()
        .filter_map(|(f, _)| match f {
            Finding::UnknownNode { id, .. } => Some((true, id.as_str())),
            Finding::UnknownSource { id, .. } => Some((false, id.as_str())),
            _ => None,
        })
        .collect();
    words.prefetch(&misses);
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
            Finding::UnknownSource { id, at, reference } => (false, id.clone(), *at, *reference),
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
    // The declaration's own warning (no edge, cited by nothing) would
    // repeat the error.
    grouped.retain(|(f, _)| {
        !matches!(f, Finding::Isolated { at } | Finding::UnusedSource { at }
            if misspelt_declarations.contains(at))
    });
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
    diagnostics
}
