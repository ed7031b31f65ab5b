//! The graph in memory: a petgraph `StableGraph` of the records, with the
//! id and name index and the adjacency table worked out on first use.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};

use super::{LookupError, Match, Store, best_matches, candidates, relation_order};
use crate::model::{Dataset, Edge, Node, Source};
use crate::suggest;

/// Records in a petgraph `StableGraph`, with their indexes.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    graph: StableGraph<Node, Edge>,
    by_id: FxHashMap<String, NodeIndex>,
    /// Node indices sorted by id, and each node's place in that order,
    /// computed once.
    node_order: OnceLock<(Vec<NodeIndex>, Vec<u32>)>,
    /// Folded id, name and aliases to the nodes they name (sorted, no
    /// repeats), built on the first look-up by name: most commands look up
    /// ids only.
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

impl Memory {
    /// Builds the graph from the records of several files, in order: the
    /// same graph as building them put together, but
    /// each part's edges are freed once they are in the graph, so the
    /// records are never held twice.
    pub fn build_parts(parts: Vec<Dataset>) -> Memory {
        let nodes = parts.iter().map(|p| p.nodes.len()).sum();
        let edges = parts.iter().map(|p| p.edges.len()).sum();
        let mut graph = Memory {
            graph: StableGraph::with_capacity(nodes, edges),
            ..Memory::default()
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

    /// [`super::KnowledgeGraph::lookup`] in memory.
    fn lookup_in(&self, query: &str) -> Result<(NodeIndex, Match), LookupError> {
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

    /// Folded id, name and aliases to the nodes they name, built once.
    fn by_name(&self) -> &NameIndex {
        self.by_name.get_or_init(|| NameIndex::build(&self.graph))
    }

    /// Every folded id, name and alias, sorted, with the nodes it names
    /// (in index order): the index a look-up searches.
    pub fn name_index(&self) -> impl Iterator<Item = NameKey<'_>> {
        let index = self.by_name();
        index.groups().map(|entries| NameKey {
            key: index.key(&entries[0]),
            entries,
        })
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

    /// Sorts one node's relations in relation order.
    fn sort_relations(&self, relations: &mut [(EdgeIndex, NodeIndex)]) {
        // Comparing places in the id order, not the ids themselves, keeps
        // this cheap for nodes with thousands of edges.
        let rank = &self.order().1;
        relations.sort_by(|a, b| {
            let key = |(edge, other): &(EdgeIndex, NodeIndex)| {
                let record = &self.graph[*edge];
                (record.kind, record.when(), rank[other.index()], *edge)
            };
            relation_order(key(a), key(b))
        });
    }

    /// Each node's edges in relation order, as slices of an adjacency
    /// table built (on every core) the first time it is needed.
    fn adjacent_in(&self, index: NodeIndex, direction: Direction) -> &[(EdgeIndex, NodeIndex)] {
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

    /// The underlying petgraph graph, for algorithms.
    pub fn petgraph(&self) -> &StableGraph<Node, Edge> {
        &self.graph
    }
}

impl Store for Memory {
    fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    fn node(&self, index: NodeIndex) -> &Node {
        &self.graph[index]
    }

    fn edge(&self, index: EdgeIndex) -> &Edge {
        &self.graph[index]
    }

    fn ends(&self, index: EdgeIndex) -> (NodeIndex, NodeIndex) {
        self.graph
            .edge_endpoints(index)
            .expect("edge indices come from this graph")
    }

    fn adjacent(&self, index: NodeIndex, direction: Direction) -> &[(EdgeIndex, NodeIndex)] {
        self.adjacent_in(index, direction)
    }

    fn id_order(&self) -> &[NodeIndex] {
        &self.order().0
    }

    fn id_rank(&self, index: NodeIndex) -> u32 {
        self.order().1[index.index()]
    }

    fn by_id(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    fn lookup(&self, query: &str) -> Result<(NodeIndex, Match), LookupError> {
        self.lookup_in(query)
    }

    fn sources(&self) -> &BTreeMap<String, Source> {
        &self.sources
    }

    fn memory(&self) -> Option<&Memory> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::KnowledgeGraph;
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
