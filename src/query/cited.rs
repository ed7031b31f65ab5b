//! Which sources a fact rests on: `--source ID`, `--source-type T` and
//! `--only-cited-by`, shared by every selection.

use crate::graph::KnowledgeGraph;
use crate::model::SourceType;

/// The sources a fact must be cited by. A source matches when its id is
/// one of `ids` (if any are given) and its type one of `types` (if any).
/// A fact passes when one of its sources matches, or with `only` when it
/// has sources and every one matches ("rests only on").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFilter {
    pub ids: Vec<String>,
    pub types: Vec<SourceType>,
    pub only: bool,
}

impl SourceFilter {
    /// Whether this filter keeps every fact.
    pub fn is_open(&self) -> bool {
        self.ids.is_empty() && self.types.is_empty() && !self.only
    }

    /// Whether a source, by id, matches. A source that is not declared has
    /// no type and matches no `types`.
    pub fn matches_source(&self, graph: &KnowledgeGraph, id: &str) -> bool {
        (self.ids.is_empty() || self.ids.iter().any(|s| s == id))
            && (self.types.is_empty()
                || graph
                    .source(id)
                    .and_then(|s| s.source_type)
                    .is_some_and(|t| self.types.contains(&t)))
    }

    /// Whether a fact citing `sources` passes.
    pub fn keeps(&self, graph: &KnowledgeGraph, sources: &[String]) -> bool {
        if self.is_open() {
            return true;
        }
        if self.only {
            !sources.is_empty() && sources.iter().all(|s| self.matches_source(graph, s))
        } else {
            sources.iter().any(|s| self.matches_source(graph, s))
        }
    }
}
