//! Which sources a fact rests on: the filter every selection shares
//! (`--source ID`, `--source-type T`, `--only-cited-by`), each source with
//! what it supports (`sources`), and every fact with its citations
//! (`facts`).

use rustc_hash::FxHashMap;

use super::Fact;
use crate::graph::{KnowledgeGraph, Sources};
use crate::model::{Citation, Source, SourceType, cited};

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
    /// An error for the first `--source` id no source of `graph` has,
    /// with the closest declared id.
    pub fn check(&self, graph: &KnowledgeGraph) -> Result<(), super::QueryError> {
        match self.ids.iter().find(|id| graph.source(id).is_none()) {
            None => Ok(()),
            Some(id) => Err(super::QueryError::UnknownSource {
                id: id.clone(),
                closest: crate::suggest::closest(id, graph.sources().map(|s| s.id.as_str()))
                    .map(str::to_string),
            }),
        }
    }

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
    pub fn keeps(&self, graph: &KnowledgeGraph, sources: Sources<'_>) -> bool {
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

/// A declared source and how many facts cite it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceUse<'g> {
    pub source: &'g Source,
    pub nodes: usize,
    pub edges: usize,
    pub milestones: usize,
}

impl SourceUse<'_> {
    /// Whether nothing cites this source.
    pub fn is_unused(&self) -> bool {
        self.nodes + self.edges + self.milestones == 0
    }
}

/// Every declared source with the number of nodes, edges and milestones
/// citing it (a fact citing a source twice counts once), sorted by id.
pub fn source_uses(graph: &KnowledgeGraph) -> Vec<SourceUse<'_>> {
    let mut counts: FxHashMap<&str, [usize; 3]> = FxHashMap::default();
    fn count<'g>(counts: &mut FxHashMap<&'g str, [usize; 3]>, sources: &'g [String], which: usize) {
        let mut seen: Vec<&str> = Vec::with_capacity(sources.len());
        for s in sources {
            if !seen.contains(&s.as_str()) {
                seen.push(s);
                counts.entry(s).or_default()[which] += 1;
            }
        }
    }
    for node in graph.nodes() {
        let node = graph.node(node);
        count(&mut counts, &node.sources, 0);
        for milestone in &node.milestones {
            count(&mut counts, &milestone.sources, 2);
        }
    }
    for edge in graph.edge_indices() {
        count(&mut counts, &graph.edge(edge).sources, 1);
    }
    let mut uses: Vec<SourceUse<'_>> = graph
        .sources()
        .map(|source| {
            let [nodes, edges, milestones] =
                counts.get(source.id.as_str()).copied().unwrap_or_default();
            SourceUse {
                source,
                nodes,
                edges,
                milestones,
            }
        })
        .collect();
    uses.sort_by(|a, b| a.source.id.cmp(&b.source.id));
    uses
}

/// Which facts `facts` lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactsQuery {
    /// Only facts cited by these sources.
    pub sources: SourceFilter,
    /// Only facts no citation quotes (neither a `quote` nor a citation's).
    pub without_quote: bool,
}

/// A fact's sources and every citation, as [`crate::model::Node::cited`]
/// gives them (a milestone has no `quote` of its own).
pub fn citations_of(graph: &KnowledgeGraph, fact: Fact) -> Vec<Citation> {
    match fact {
        Fact::Node(n) => graph.node(n).cited(),
        Fact::Edge(e) => graph.edge(e).cited(),
        Fact::Milestone(n, i) => {
            let m = &graph.node(n).milestones[i];
            cited(&m.sources, None, &m.citations)
        }
    }
}

/// The sources a fact cites.
pub fn sources_of(graph: &KnowledgeGraph, fact: Fact) -> &[String] {
    match fact {
        Fact::Node(n) => &graph.node(n).sources,
        Fact::Edge(e) => &graph.edge(e).sources,
        Fact::Milestone(n, i) => &graph.node(n).milestones[i].sources,
    }
}

/// Whether a fact has a quote: its own `quote` or a citation's.
pub fn is_quoted(graph: &KnowledgeGraph, fact: Fact) -> bool {
    // A contested fact's alternatives quote their sources too.
    let (quote, citations) = match fact {
        Fact::Node(n) => (graph.node(n).quote.as_ref(), graph.node(n).cited()),
        Fact::Edge(e) => (graph.edge(e).quote.as_ref(), graph.edge(e).cited()),
        Fact::Milestone(n, i) => (None, graph.node(n).milestones[i].citations.clone()),
    };
    quote.is_some() || citations.iter().any(|c| c.quote.is_some())
}

/// Every fact that passes: each node in id order, followed by its
/// milestones and by the edges it starts (in the graph's relation order).
pub fn facts(graph: &KnowledgeGraph, query: &FactsQuery) -> Vec<Fact> {
    let keeps = |fact: Fact| {
        query
            .sources
            .keeps(graph, Sources::of(sources_of(graph, fact)))
            && !(query.without_quote && is_quoted(graph, fact))
    };
    let mut out = Vec::new();
    for node in graph.nodes() {
        let record = graph.node(node);
        let own = std::iter::once(Fact::Node(node))
            .chain((0..record.milestones.len()).map(|i| Fact::Milestone(node, i)))
            .chain(
                graph
                    .relations(node, petgraph::Direction::Outgoing)
                    .into_iter()
                    .map(|(edge, _)| Fact::Edge(edge)),
            );
        out.extend(own.filter(|&f| keeps(f)));
    }
    out
}
