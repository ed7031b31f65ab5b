//! The knowledge graph: a petgraph `StableGraph` of typed nodes and edges,
//! plus the index that finds a node by id, name or alias.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};

use crate::model::{Dataset, Edge, Node, Source};
use crate::suggest;

/// Typed nodes and edges with an id, name and alias index.
///
/// ```
/// use reggraph::graph::KnowledgeGraph;
/// use reggraph::model::{Dataset, Node, NodeKind};
/// let node = |id: &str, name: &str, aliases: &[&str]| Node {
///     id: id.into(), kind: NodeKind::Person, name: name.into(),
///     aliases: aliases.iter().map(|a| a.to_string()).collect(),
///     description: None, tags: vec![], date: None, period: None, jurisdiction: None,
///     status: None, sector: None, budget: None, milestones: vec![], sources: vec![],
///     quote: None, citations: vec![], alternatives: vec![],
/// };
/// let dataset = Dataset {
///     nodes: vec![node("emmanuel-macron", "Emmanuel Macron", &["le chef de l’État"])],
///     ..Dataset::default()
/// };
/// let graph = KnowledgeGraph::build(dataset);
/// let macron = graph.resolve("le chef de l'Etat").unwrap();
/// assert_eq!(graph.node(macron).id, "emmanuel-macron");
/// ```
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: StableGraph<Node, Edge>,
    by_id: FxHashMap<String, NodeIndex>,
    /// Folded id, name and aliases to the nodes they name (sorted, no repeats).
    /// Node indices sorted by id, computed once.
    node_order: OnceLock<(Vec<NodeIndex>, Vec<u32>)>,
    /// Built on the first look-up by name: most commands look up ids only.
    by_name: OnceLock<NameIndex>,
    /// Every node's edges in relation order, built on the first walk.
    adjacency: OnceLock<Adjacency>,
    sources: BTreeMap<String, Source>,
}

/// Each node's outgoing and incoming edges, in relation order, in one flat
/// table (compressed sparse rows).
#[derive(Debug, Clone, Default)]
struct Adjacency {
    offsets: Vec<usize>,
    entries: Vec<(EdgeIndex, NodeIndex)>,
}

impl Adjacency {
    fn of(&self, node: NodeIndex, direction: Direction) -> &[(EdgeIndex, NodeIndex)] {
        let row = 2 * node.index() + usize::from(direction == Direction::Incoming);
        match (self.offsets.get(row), self.offsets.get(row + 1)) {
            (Some(&start), Some(&end)) => &self.entries[start..end],
            _ => &[],
        }
    }
}

/// Every folded id, name and alias with the nodes it names, as one sorted
/// table over one string: a hash map of a string and a vector per key
/// would take several times the memory on a million nodes.
#[derive(Debug, Clone, Default)]
struct NameIndex {
    /// The keys, one after another.
    text: String,
    /// Where each key is in `text` and a node it names, sorted by key
    /// then node, without repeats.
    entries: Vec<(usize, u32, NodeIndex)>,
}

impl NameIndex {
    fn build(graph: &StableGraph<Node, Edge>) -> NameIndex {
        use rayon::prelude::*;
        let mut index = NameIndex::default();
        for node in graph.node_indices() {
            let record = &graph[node];
            let keys = std::iter::once(&record.id)
                .chain(std::iter::once(&record.name))
                .chain(record.aliases.iter());
            for key in keys {
                let folded = suggest::fold(key);
                // Longer keys are not names anyone types; they are left out
                // rather than truncated.
                let Ok(len) = u32::try_from(folded.len()) else {
                    continue;
                };
                index.entries.push((index.text.len(), len, node));
                index.text.push_str(&folded);
            }
        }
        let text = index.text.as_str();
        let key = |&(start, len, _): &(usize, u32, NodeIndex)| &text[start..start + len as usize];
        index
            .entries
            .par_sort_unstable_by(|a, b| key(a).cmp(key(b)).then(a.2.cmp(&b.2)));
        index
            .entries
            .dedup_by(|a, b| a.2 == b.2 && key(a) == key(b));
        index
    }

    fn key(&self, entry: &(usize, u32, NodeIndex)) -> &str {
        &self.text[entry.0..entry.0 + entry.1 as usize]
    }

    /// The nodes `key` names, in index order (empty if none).
    fn get(&self, key: &str) -> Vec<NodeIndex> {
        let start = self.entries.partition_point(|e| self.key(e) < key);
        self.entries[start..]
            .iter()
            .take_while(|e| self.key(e) == key)
            .map(|e| e.2)
            .collect()
    }

    /// Each key, in order, with its entries.
    fn groups(&self) -> impl Iterator<Item = &[(usize, u32, NodeIndex)]> {
        self.entries.chunk_by(|a, b| self.key(a) == self.key(b))
    }
}

/// A folded id, name or alias and the nodes it names.
#[derive(Debug, Clone, Copy)]
pub struct NameKey<'a> {
    pub key: &'a str,
    entries: &'a [(usize, u32, NodeIndex)],
}

impl NameKey<'_> {
    /// The nodes, in index order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.entries.iter().map(|e| e.2)
    }
}

/// Why a look-up found no single node.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("no node matches \"{query}\"")]
    NotFound {
        query: String,
        /// Close ids, best first, with their names.
        suggestions: Vec<(String, String)>,
    },
    #[error("\"{query}\" could be {} nodes", candidates.len() + others)]
    Ambiguous {
        query: String,
        /// The nodes it could be, sorted by id (at most
        /// [`MAX_CANDIDATES`] for a word that many names share).
        candidates: Vec<(String, String)>,
        /// How many more it could be, not listed.
        others: usize,
    },
}

/// How a look-up found its node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// By its id, or a name or alias (folded).
    Exact,
    /// No node being named exactly so, the one node with that word (or
    /// run of words) in its name or an alias (`Mensch` for Arthur Mensch,
    /// `Tibi` for Tibi 2), else the one whose id starts so (`arthur-m`).
    Word(suggest::WordMatch),
}

/// A word shared by more nodes than this lists only the first (by id).
pub const MAX_CANDIDATES: usize = 10;

/// The candidates that match best ([`suggest::word_match`]), in their
/// order, and how they match.
pub(crate) fn best_matches<T>(
    candidates: Vec<T>,
    mut how: impl FnMut(&T) -> Option<suggest::WordMatch>,
) -> (Vec<T>, Option<suggest::WordMatch>) {
    let rated: Vec<(suggest::WordMatch, T)> = candidates
        .into_iter()
        .filter_map(|c| Some((how(&c)?, c)))
        .collect();
    let Some(best) = rated.iter().map(|(how, _)| *how).min() else {
        return (Vec::new(), None);
    };
    let best_ones = rated
        .into_iter()
        .filter(|(how, _)| *how == best)
        .map(|(_, c)| c)
        .collect();
    (best_ones, Some(best))
}

/// Candidates sorted and cut to [`MAX_CANDIDATES`], with how many were cut.
pub(crate) fn candidates(mut all: Vec<(String, String)>) -> (Vec<(String, String)>, usize) {
    all.sort();
    all.dedup();
    let others = all.len().saturating_sub(MAX_CANDIDATES);
    all.truncate(MAX_CANDIDATES);
    (all, others)
}

impl KnowledgeGraph {
    /// Builds the graph from checked records. Edges whose ends are not nodes
    /// (possible only with unchecked data) are left out.
    pub fn build(dataset: Dataset) -> KnowledgeGraph {
        KnowledgeGraph::build_parts(vec![dataset])
    }

    /// Builds the graph from the records of several files, in order: the
    /// same graph as [`KnowledgeGraph::build`] of them put together, but
    /// each part's edges are freed once they are in the graph, so the
    /// records are never held twice.
    pub fn build_parts(parts: Vec<Dataset>) -> KnowledgeGraph {
        let nodes = parts.iter().map(|p| p.nodes.len()).sum();
        let edges = parts.iter().map(|p| p.edges.len()).sum();
        let mut graph = KnowledgeGraph {
            graph: StableGraph::with_capacity(nodes, edges),
            ..KnowledgeGraph::default()
        };
        graph.by_id.reserve(nodes);
        let mut edge_parts = Vec::with_capacity(parts.len());
        for part in parts {
            for source in part.sources {
                graph.sources.insert(source.id.clone(), source);
            }
            for node in part.nodes {
                if graph.by_id.contains_key(&node.id) {
                    continue;
                }
                let id = node.id.clone();
                let index = graph.graph.add_node(node);
                graph.by_id.insert(id, index);
            }
            edge_parts.push(part.edges);
        }
        // The ends are looked up on every core, then the edges added in
        // file order.
        use rayon::prelude::*;
        for edges in edge_parts {
            let by_id = &graph.by_id;
            let ends: Vec<Option<(NodeIndex, NodeIndex)>> = edges
                .par_iter()
                .map(|edge| Some((*by_id.get(&edge.from)?, *by_id.get(&edge.to)?)))
                .collect();
            for (edge, ends) in edges.into_iter().zip(ends) {
                if let Some((from, to)) = ends {
                    graph.graph.add_edge(from, to, edge);
                }
            }
        }
        graph
    }

    /// Finds a node by id, else by name or alias (case-insensitive, accents
    /// and punctuation folded: "mistral ai" finds "Mistral AI"), else the
    /// one node with that word in its id, name or alias ([`Match::Word`]).
    pub fn resolve(&self, query: &str) -> Result<NodeIndex, LookupError> {
        self.lookup(query).map(|(index, _)| index)
    }

    /// [`KnowledgeGraph::resolve`], saying how the node was found, so that
    /// a command can tell the user when a word was taken for a name.
    pub fn lookup(&self, query: &str) -> Result<(NodeIndex, Match), LookupError> {
        if let Some(&index) = self.by_id.get(query) {
            return Ok((index, Match::Exact));
        }
        let describe = |index: &NodeIndex| {
            let node = &self.graph[*index];
            (node.id.clone(), node.name.clone())
        };
        let by_name = self.by_name();
        let folded = suggest::fold(query);
        let ambiguous = |many: Vec<(String, String)>| {
            let (candidates, others) = candidates(many);
            LookupError::Ambiguous {
                query: query.to_string(),
                candidates,
                others,
            }
        };
        match by_name.get(&folded).as_slice() {
            [index] => return Ok((*index, Match::Exact)),
            many if !many.is_empty() => return Err(ambiguous(many.iter().map(describe).collect())),
            _ => {}
        }
        let mut by_word: Vec<NodeIndex> = by_name
            .groups()
            .filter(|group| suggest::may_match(by_name.key(&group[0]), &folded))
            .flat_map(|group| group.iter().map(|e| e.2))
            .collect();
        by_word.sort_unstable();
        by_word.dedup();
        let (by_word, how) = best_matches(by_word, |index| {
            let node = &self.graph[*index];
            suggest::word_match(
                &folded,
                &node.id,
                &node.name,
                node.aliases.iter().map(String::as_str),
            )
        });
        match (by_word.as_slice(), how) {
            ([index], Some(how)) => return Ok((*index, Match::Word(how))),
            ([_, _, ..], _) => return Err(ambiguous(by_word.iter().map(describe).collect())),
            _ => {}
        }
        let keys = by_name.groups().map(|group| by_name.key(&group[0]));
        let mut suggestions: Vec<(String, String)> = Vec::new();
        for key in suggest::ranked(query, keys, 5) {
            for index in &by_name.get(key) {
                let found = describe(index);
                if !suggestions.contains(&found) {
                    suggestions.push(found);
                }
            }
        }
        suggestions.truncate(3);
        Err(LookupError::NotFound {
            query: query.to_string(),
            suggestions,
        })
    }

    pub fn node(&self, index: NodeIndex) -> &Node {
        &self.graph[index]
    }

    pub fn edge(&self, index: EdgeIndex) -> &Edge {
        &self.graph[index]
    }

    /// Folded id, name and aliases to the nodes they name, built once.
    fn by_name(&self) -> &NameIndex {
        self.by_name.get_or_init(|| NameIndex::build(&self.graph))
    }

    /// Every folded id, name and alias, sorted, with the nodes it names
    /// (in index order): the index [`KnowledgeGraph::resolve`] searches.
    pub fn name_index(&self) -> impl Iterator<Item = NameKey<'_>> {
        let index = self.by_name();
        index.groups().map(|entries| NameKey {
            key: index.key(&entries[0]),
            entries,
        })
    }

    /// The node with this exact id.
    pub fn by_id(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    /// All nodes, sorted by id.
    pub fn nodes(&self) -> Vec<NodeIndex> {
        self.order().0.clone()
    }

    /// A node's place in the id order: comparing places is comparing ids.
    pub fn id_rank(&self, index: NodeIndex) -> u32 {
        self.order().1[index.index()]
    }

    /// Nodes sorted by id, and each node's place in that order (indexed by
    /// node index), computed once.
    fn order(&self) -> &(Vec<NodeIndex>, Vec<u32>) {
        self.node_order.get_or_init(|| {
            let mut nodes: Vec<NodeIndex> = self.graph.node_indices().collect();
            nodes.sort_unstable_by(|a, b| self.graph[*a].id.cmp(&self.graph[*b].id));
            let bound = nodes.iter().map(|n| n.index() + 1).max().unwrap_or(0);
            let mut rank = vec![0u32; bound];
            for (place, node) in nodes.iter().enumerate() {
                rank[node.index()] = place as u32;
            }
            (nodes, rank)
        })
    }

    /// Every edge index, in no particular order (cheap).
    pub fn edge_indices(&self) -> impl Iterator<Item = EdgeIndex> + '_ {
        self.graph.edge_indices()
    }

    /// One more than the largest node index.
    pub fn node_bound(&self) -> usize {
        self.graph.node_bound()
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Edges leaving (`Outgoing`) or entering (`Incoming`) a node, each with
    /// the node at the other end, in a stable order: by edge kind, then time
    /// (undated last), then the other node's id, then file order.
    ///
    /// Sorts this one node's edges: for walks over many nodes,
    /// [`KnowledgeGraph::adjacent`] gives the same lists without sorting.
    pub fn relations(&self, index: NodeIndex, direction: Direction) -> Vec<(EdgeIndex, NodeIndex)> {
        if let Some(adjacency) = self.adjacency.get() {
            return adjacency.of(index, direction).to_vec();
        }
        let mut relations: Vec<(EdgeIndex, NodeIndex)> = self
            .graph
            .edges_directed(index, direction)
            .map(|e| {
                let other = if direction == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                (e.id(), other)
            })
            .collect();
        self.sort_relations(&mut relations);
        relations
    }

    /// Sorts one node's relations in relation order.
    fn sort_relations(&self, relations: &mut [(EdgeIndex, NodeIndex)]) {
        // Comparing places in the id order, not the ids themselves, keeps
        // this cheap for nodes with thousands of edges.
        let rank = &self.order().1;
        relations.sort_by(|a, b| {
            let (ea, eb) = (&self.graph[a.0], &self.graph[b.0]);
            ea.kind
                .cmp(&eb.kind)
                .then_with(|| match (ea.when(), eb.when()) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
                .then_with(|| rank[a.1.index()].cmp(&rank[b.1.index()]))
                .then_with(|| a.0.cmp(&b.0))
        });
    }

    /// The same lists as [`KnowledgeGraph::relations`], as slices of an
    /// adjacency table built (on every core) the first time it is needed:
    /// walks that visit many nodes then neither sort nor allocate per node,
    /// nor touch edge records to find their ends.
    pub fn adjacent(&self, index: NodeIndex, direction: Direction) -> &[(EdgeIndex, NodeIndex)] {
        self.adjacency
            .get_or_init(|| self.build_adjacency())
            .of(index, direction)
    }

    fn build_adjacency(&self) -> Adjacency {
        let bound = self.graph.node_bound();
        // Node i's outgoing edges are entries[offsets[2i]..offsets[2i+1]],
        // its incoming ones entries[offsets[2i+1]..offsets[2i+2]].
        let mut counts = vec![0usize; 2 * bound + 1];
        for edge in self.graph.edge_references() {
            counts[2 * edge.source().index()] += 1;
            counts[2 * edge.target().index() + 1] += 1;
        }
        let mut offsets = Vec::with_capacity(counts.len());
        let mut total = 0;
        for count in counts {
            offsets.push(total);
            total += count;
        }
        let mut fill = offsets.clone();
        let mut entries = vec![(EdgeIndex::end(), NodeIndex::end()); total];
        for edge in self.graph.edge_references() {
            let (from, to) = (edge.source().index(), edge.target().index());
            entries[fill[2 * from]] = (edge.id(), edge.target());
            fill[2 * from] += 1;
            entries[fill[2 * to + 1]] = (edge.id(), edge.source());
            fill[2 * to + 1] += 1;
        }
        self.order();
        let mut lists: Vec<&mut [(EdgeIndex, NodeIndex)]> = Vec::with_capacity(2 * bound);
        let mut rest = entries.as_mut_slice();
        for window in offsets.windows(2) {
            let (list, tail) = rest.split_at_mut(window[1] - window[0]);
            lists.push(list);
            rest = tail;
        }
        use rayon::prelude::*;
        lists
            .into_par_iter()
            .filter(|list| list.len() > 1)
            .for_each(|list| self.sort_relations(list));
        Adjacency { offsets, entries }
    }

    /// The (source, target) of an edge.
    pub fn ends(&self, index: EdgeIndex) -> (NodeIndex, NodeIndex) {
        self.graph
            .edge_endpoints(index)
            .expect("edge indices come from this graph")
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.get(id)
    }

    /// All sources, sorted by id.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.sources.values()
    }

    /// The underlying petgraph graph, for algorithms.
    pub fn petgraph(&self) -> &StableGraph<Node, Edge> {
        &self.graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;

    fn node(id: &str, name: &str, aliases: &[&str]) -> Node {
        Node {
            id: id.into(),
            kind: NodeKind::Company,
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            description: None,
            tags: vec![],
            date: None,
            period: None,
            jurisdiction: None,
            status: None,
            sector: None,
            budget: None,
            milestones: vec![],
            sources: vec![],
            quote: None,
            citations: vec![],
            alternatives: vec![],
        }
    }

    fn graph() -> KnowledgeGraph {
        KnowledgeGraph::build(Dataset {
            nodes: vec![
                node("mistral-ai", "Mistral AI", &["Mistral AI", "mistral"]),
                node("mistral-wind", "Mistral", &[]),
                node("etat", "État français", &["l’État"]),
            ],
            ..Dataset::default()
        })
    }

    #[test]
    fn names_and_aliases_are_found_folded_and_a_repeated_key_counts_once() {
        let graph = graph();
        let id = |q: &str| graph.resolve(q).map(|n| graph.node(n).id.clone());
        assert_eq!(id("mistral-ai"), Ok("mistral-ai".into()));
        // The alias repeats the name: still one node, not an ambiguity.
        assert_eq!(id("MISTRAL ai"), Ok("mistral-ai".into()));
        assert_eq!(id("l'etat"), Ok("etat".into()));
        assert_eq!(id("Etat Francais"), Ok("etat".into()));
    }

    #[test]
    fn a_shared_name_is_ambiguous_with_sorted_candidates() {
        let graph = graph();
        assert_eq!(
            graph.resolve("Mistral"),
            Err(LookupError::Ambiguous {
                query: "Mistral".into(),
                candidates: vec![
                    ("mistral-ai".into(), "Mistral AI".into()),
                    ("mistral-wind".into(), "Mistral".into()),
                ],
                others: 0,
            })
        );
    }

    #[test]
    fn an_unknown_name_gets_suggestions() {
        let graph = graph();
        let Err(LookupError::NotFound { suggestions, .. }) = graph.resolve("mistrl ai") else {
            panic!("expected no match");
        };
        assert_eq!(suggestions[0], ("mistral-ai".into(), "Mistral AI".into()));
    }

    #[test]
    fn the_name_index_is_sorted_and_lists_each_node_once_per_key() {
        let graph = graph();
        let names: Vec<(&str, Vec<String>)> = graph
            .name_index()
            .map(|name| {
                let ids = name.nodes().map(|n| graph.node(n).id.clone()).collect();
                (name.key, ids)
            })
            .collect();
        let keys: Vec<&str> = names.iter().map(|(key, _)| *key).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(keys, sorted);
        let mistral = names.iter().find(|(key, _)| *key == "mistral").unwrap();
        assert_eq!(mistral.1, ["mistral-ai", "mistral-wind"]);
        // Id, name and alias all fold to this key.
        let mistral_ai = names.iter().find(|(key, _)| *key == "mistral ai").unwrap();
        assert_eq!(mistral_ai.1, ["mistral-ai"]);
    }
}
