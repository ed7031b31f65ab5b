//! The knowledge graph: typed nodes and edges, their adjacency and the
//! index that finds a node by id, name or alias, behind one interface
//! ([`Store`]) with two implementations: [`Memory`], a petgraph
//! `StableGraph` built from records, and the snapshot's arrays read in
//! place (`cache::Stored`), which decode only the records an answer
//! touches. Every query is written once, over [`KnowledgeGraph`].
//!
//! Besides the records, a store gives what walks and scans need without
//! them, as petgraph's `visit` traits give algorithms what they need of a
//! graph: each node's edges in relation order ([`KnowledgeGraph::adjacent`],
//! compressed sparse rows), an edge's ends, the kind and time of every node
//! and edge, and the id order. [`Memory`] works these out from the records
//! the first time they are asked for; a snapshot stores them.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};

use crate::model::{Dataset, Edge, EdgeKind, Money, Node, NodeKind, Sector, Source, When};
use crate::suggest;

mod memory;

pub use memory::{Memory, NameKey};

/// Where a graph's records and indexes are kept: in memory, or in a
/// snapshot read in place. Node and edge indices are places in file order
/// (`0..node_count()`, `0..edge_count()`).
///
/// A snapshot's blocks are checked as they are read: one that is damaged
/// gives a placeholder and [`Store::damaged`] says so, and the answer is
/// then made again from the files (see `workspace`).
pub trait Store: Send + Sync {
    fn node_count(&self) -> usize;
    fn edge_count(&self) -> usize;
    fn node(&self, index: NodeIndex) -> &Node;
    fn edge(&self, index: EdgeIndex) -> &Edge;
    /// The (source, target) of an edge.
    fn ends(&self, index: EdgeIndex) -> (NodeIndex, NodeIndex);
    /// A node's edges one way, with the node at the other end, in relation
    /// order (see [`KnowledgeGraph::relations`]).
    fn adjacent(&self, index: NodeIndex, direction: Direction) -> &[(EdgeIndex, NodeIndex)];
    fn node_kind(&self, index: NodeIndex) -> NodeKind {
        self.node(index).kind
    }
    fn edge_kind(&self, index: EdgeIndex) -> EdgeKind {
        self.edge(index).kind
    }
    fn node_when(&self, index: NodeIndex) -> Option<When> {
        self.node(index).when()
    }
    fn edge_when(&self, index: EdgeIndex) -> Option<When> {
        self.edge(index).when()
    }
    /// Calls `keep` with each edge whose time starts in one of `years`, and
    /// that time, in file order: a scan that a store may make without
    /// decoding the times of the edges of other years.
    fn edges_starting_in(&self, years: RangeInclusive<i16>, keep: &mut dyn FnMut(EdgeIndex, When)) {
        for edge in (0..self.edge_count()).map(EdgeIndex::new) {
            if let Some(when) = self.edge_when(edge)
                && years.contains(&when.start().year_number())
            {
                keep(edge, when);
            }
        }
    }
    /// Calls `each` once with every edge and its kind, in an order the
    /// store chooses: a scan that a store may make without keeping what it
    /// reads (counting kinds over the whole graph).
    fn edge_kinds(&self, each: &mut dyn FnMut(EdgeIndex, EdgeKind)) {
        for edge in (0..self.edge_count()).map(EdgeIndex::new) {
            each(edge, self.edge_kind(edge));
        }
    }
    /// Calls `each` with every node, its kind, its time and whether it has
    /// milestones, in file order: a scan that a store may make a block of
    /// rows at a time.
    fn node_times(&self, each: &mut dyn FnMut(NodeIndex, NodeKind, Option<When>, bool)) {
        for node in (0..self.node_count()).map(NodeIndex::new) {
            each(
                node,
                self.node_kind(node),
                self.node_when(node),
                self.has_milestones(node),
            );
        }
    }
    /// Whether a node has milestones.
    fn has_milestones(&self, index: NodeIndex) -> bool {
        !self.node(index).milestones.is_empty()
    }
    /// Whether a node has a budget.
    fn has_budget(&self, index: NodeIndex) -> bool {
        self.node(index).budget.is_some()
    }
    /// The sector a node's record gives (not its kind's).
    fn node_sector(&self, index: NodeIndex) -> Option<Sector> {
        self.node(index).sector
    }
    fn edge_amount(&self, index: EdgeIndex) -> Option<Money> {
        self.edge(index).amount
    }
    /// What a line about a node says of it: its id, name and sources.
    fn node_label(&self, index: NodeIndex) -> Label<'_> {
        let node = self.node(index);
        Label {
            id: &node.id,
            name: &node.name,
            sources: Sources::of(&node.sources),
        }
    }
    /// The sources an edge's record gives.
    fn edge_sources(&self, index: EdgeIndex) -> Sources<'_> {
        Sources::of(&self.edge(index).sources)
    }
    /// Whether a node's sources disagree on a value ([`Node::is_contested`]).
    fn node_contested(&self, index: NodeIndex) -> bool {
        self.node(index).is_contested()
    }
    /// Whether an edge's sources disagree on a value.
    fn edge_contested(&self, index: EdgeIndex) -> bool {
        self.edge(index).is_contested()
    }
    /// Every node, sorted by id.
    fn id_order(&self) -> &[NodeIndex];
    /// A node's place in the id order.
    fn id_rank(&self, index: NodeIndex) -> u32;
    fn by_id(&self, id: &str) -> Option<NodeIndex>;
    fn lookup(&self, query: &str) -> Result<(NodeIndex, Match), LookupError>;
    /// The sources, by id.
    fn sources(&self) -> &BTreeMap<String, Source>;
    /// Whether a damaged block was met (its placeholder given instead).
    fn damaged(&self) -> bool {
        false
    }
    /// Says that lines about these nodes and edges are about to be
    /// printed: a store that reads what they print from a file may read it
    /// now, in file order, in a few large reads instead of one per line.
    /// Nothing changes but the time it takes.
    fn prefetch(&self, _nodes: &[NodeIndex], _edges: &[EdgeIndex]) {}
    /// Says that a walk is about to take the edges of these nodes
    /// ([`Store::adjacent`]): a store that reads them from a file may read
    /// them now, in file order, neighbouring blocks in one read. Nothing
    /// changes but the time it takes.
    fn prefetch_adjacency(&self, _nodes: &[NodeIndex]) {}
    /// The in-memory graph, if this is one.
    fn memory(&self) -> Option<&Memory> {
        None
    }
}

/// What a line about a node prints: its id and name, and the sources its
/// record gives. A snapshot keeps these apart from the records, so that a
/// listing of a hundred thousand nodes decodes none.
#[derive(Debug, Clone, Copy)]
pub struct Label<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub sources: Sources<'a>,
}

/// Source ids, in the order a record gives them: its own list, or places
/// in a store's sorted list of source ids.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a>(SourceList<'a>);

#[derive(Debug, Clone, Copy)]
enum SourceList<'a> {
    Ids(&'a [String]),
    /// Little-endian 4-byte places in `ids` (checked to be in range).
    Places {
        places: &'a [u8],
        ids: &'a [String],
    },
}

impl<'a> Sources<'a> {
    /// A record's own list.
    pub fn of(ids: &'a [String]) -> Sources<'a> {
        Sources(SourceList::Ids(ids))
    }

    /// Places in `ids`, 4 bytes each; `None` if one is out of range.
    pub fn at_places(places: &'a [u8], ids: &'a [String]) -> Option<Sources<'a>> {
        let fits = places.len().is_multiple_of(4)
            && places
                .chunks_exact(4)
                .all(|p| (u32::from_le_bytes(p.try_into().unwrap()) as usize) < ids.len());
        fits.then_some(Sources(SourceList::Places { places, ids }))
    }

    pub fn len(&self) -> usize {
        match self.0 {
            SourceList::Ids(ids) => ids.len(),
            SourceList::Places { places, .. } => places.len() / 4,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let (own, places) = match self.0 {
            SourceList::Ids(ids) => (Some(ids), None),
            SourceList::Places { places, ids } => (None, Some((places, ids))),
        };
        let own = own.into_iter().flatten().map(String::as_str);
        let placed = places.into_iter().flat_map(|(places, ids)| {
            places
                .chunks_exact(4)
                .map(|p| ids[u32::from_le_bytes(p.try_into().unwrap()) as usize].as_str())
        });
        own.chain(placed)
    }
}

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
pub struct KnowledgeGraph {
    store: Box<dyn Store>,
}

impl std::fmt::Debug for KnowledgeGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeGraph")
            .field("nodes", &self.node_count())
            .field("edges", &self.edge_count())
            .field("in_memory", &self.store.memory().is_some())
            .finish()
    }
}

impl Default for KnowledgeGraph {
    fn default() -> KnowledgeGraph {
        KnowledgeGraph::build(Dataset::default())
    }
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
        KnowledgeGraph::of(Box::new(Memory::build_parts(parts)))
    }

    /// A graph over any store (a snapshot's, from `cache`).
    pub fn of(store: Box<dyn Store>) -> KnowledgeGraph {
        KnowledgeGraph { store }
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
        self.store.lookup(query)
    }

    pub fn node(&self, index: NodeIndex) -> &Node {
        self.store.node(index)
    }

    pub fn edge(&self, index: EdgeIndex) -> &Edge {
        self.store.edge(index)
    }

    /// A node's kind, without its record where the store keeps kinds apart.
    pub fn node_kind(&self, index: NodeIndex) -> NodeKind {
        self.store.node_kind(index)
    }

    /// An edge's kind, without its record where the store keeps kinds apart.
    pub fn edge_kind(&self, index: EdgeIndex) -> EdgeKind {
        self.store.edge_kind(index)
    }

    /// A node's date or period, as [`Node::when`] gives it.
    pub fn node_when(&self, index: NodeIndex) -> Option<When> {
        self.store.node_when(index)
    }

    /// An edge's date or period, as [`Edge::when`] gives it.
    pub fn edge_when(&self, index: EdgeIndex) -> Option<When> {
        self.store.edge_when(index)
    }

    /// Each edge whose time starts in one of `years`, with that time, in
    /// file order ([`Store::edges_starting_in`]).
    pub fn edges_starting_in(
        &self,
        years: RangeInclusive<i16>,
        mut keep: impl FnMut(EdgeIndex, When),
    ) {
        self.store.edges_starting_in(years, &mut keep);
    }

    /// Every edge with its kind, in no set order ([`Store::edge_kinds`]).
    pub fn edge_kinds(&self, mut each: impl FnMut(EdgeIndex, EdgeKind)) {
        self.store.edge_kinds(&mut each);
    }

    /// Every node with its kind, its time and whether it has milestones,
    /// in file order ([`Store::node_times`]).
    pub fn node_times(&self, mut each: impl FnMut(NodeIndex, NodeKind, Option<When>, bool)) {
        self.store.node_times(&mut each);
    }

    /// Whether a node has milestones.
    pub fn has_milestones(&self, index: NodeIndex) -> bool {
        self.store.has_milestones(index)
    }

    /// Whether a node has a budget.
    pub fn has_budget(&self, index: NodeIndex) -> bool {
        self.store.has_budget(index)
    }

    /// Whose money a node spends, as [`Node::sector`] says: its record's
    /// sector, else its kind's.
    pub fn node_sector(&self, index: NodeIndex) -> Option<Sector> {
        self.store
            .node_sector(index)
            .or_else(|| Sector::of_kind(self.node_kind(index)))
    }

    /// The sector a node's record gives, if it gives one.
    pub fn store_sector(&self, index: NodeIndex) -> Option<Sector> {
        self.store.node_sector(index)
    }

    /// An edge's amount.
    pub fn edge_amount(&self, index: EdgeIndex) -> Option<Money> {
        self.store.edge_amount(index)
    }

    /// A node's id, name and sources, without its record where the store
    /// keeps them apart: what a listing prints.
    pub fn node_label(&self, index: NodeIndex) -> Label<'_> {
        self.store.node_label(index)
    }

    /// The sources an edge's record gives, without its record where the
    /// store keeps them apart.
    pub fn edge_sources(&self, index: EdgeIndex) -> Sources<'_> {
        self.store.edge_sources(index)
    }

    /// Whether a node's sources disagree on a value ([`Node::is_contested`]).
    pub fn node_contested(&self, index: NodeIndex) -> bool {
        self.store.node_contested(index)
    }

    /// Whether an edge's sources disagree on a value ([`Edge::is_contested`]).
    pub fn edge_contested(&self, index: EdgeIndex) -> bool {
        self.store.edge_contested(index)
    }

    /// Every folded id, name and alias, sorted, with the nodes it names
    /// (in index order): the index [`KnowledgeGraph::resolve`] searches.
    /// Empty for a graph read from a snapshot (which stores it in blocks).
    pub fn name_index(&self) -> impl Iterator<Item = NameKey<'_>> {
        self.store.memory().into_iter().flat_map(Memory::name_index)
    }

    /// The node with this exact id.
    pub fn by_id(&self, id: &str) -> Option<NodeIndex> {
        self.store.by_id(id)
    }

    /// All nodes, sorted by id.
    pub fn nodes(&self) -> Vec<NodeIndex> {
        self.store.id_order().to_vec()
    }

    /// All nodes, sorted by id, without a copy.
    pub fn id_order(&self) -> &[NodeIndex] {
        self.store.id_order()
    }

    /// A node's place in the id order: comparing places is comparing ids.
    pub fn id_rank(&self, index: NodeIndex) -> u32 {
        self.store.id_rank(index)
    }

    /// Every edge index, in file order.
    pub fn edge_indices(&self) -> impl Iterator<Item = EdgeIndex> + '_ {
        (0..self.edge_count()).map(EdgeIndex::new)
    }

    /// One more than the largest node index.
    pub fn node_bound(&self) -> usize {
        self.node_count()
    }

    pub fn node_count(&self) -> usize {
        self.store.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.store.edge_count()
    }

    /// Edges leaving (`Outgoing`) or entering (`Incoming`) a node, each with
    /// the node at the other end, in a stable order: by edge kind, then time
    /// (undated last), then the other node's id, then file order.
    pub fn relations(&self, index: NodeIndex, direction: Direction) -> Vec<(EdgeIndex, NodeIndex)> {
        self.adjacent(index, direction).to_vec()
    }

    /// The same lists as [`KnowledgeGraph::relations`], as slices of the
    /// store's adjacency table: walks that visit many nodes then neither
    /// sort nor allocate per node, nor touch edge records to find their
    /// ends.
    pub fn adjacent(&self, index: NodeIndex, direction: Direction) -> &[(EdgeIndex, NodeIndex)] {
        self.store.adjacent(index, direction)
    }

    /// The (source, target) of an edge.
    pub fn ends(&self, index: EdgeIndex) -> (NodeIndex, NodeIndex) {
        self.store.ends(index)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.store.sources().get(id)
    }

    /// All sources, sorted by id.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.store.sources().values()
    }

    /// The underlying petgraph graph, for algorithms; `None` for a graph
    /// read from a snapshot.
    pub fn petgraph(&self) -> Option<&StableGraph<Node, Edge>> {
        self.store.memory().map(Memory::petgraph)
    }

    /// Whether a damaged snapshot block was met while answering: the answer
    /// is then not to be trusted (it holds placeholders) and is made again
    /// from the files.
    pub fn damaged(&self) -> bool {
        self.store.damaged()
    }

    /// Reads ahead what lines about these nodes and edges print
    /// ([`Store::prefetch`]); nothing changes but the time it takes.
    pub fn prefetch(&self, nodes: &[NodeIndex], edges: &[EdgeIndex]) {
        self.store.prefetch(nodes, edges);
    }

    /// Reads ahead the edges of these nodes, which a walk is about to
    /// take ([`Store::prefetch_adjacency`]); nothing changes but the time
    /// it takes.
    pub fn prefetch_adjacency(&self, nodes: &[NodeIndex]) {
        self.store.prefetch_adjacency(nodes);
    }

    /// Whether the graph is read from a snapshot.
    pub fn is_stored(&self) -> bool {
        self.store.memory().is_none()
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

/// Relation order (see [`KnowledgeGraph::relations`]) of two edges of one
/// node, given each edge's kind and time and the other end's place in the
/// id order: shared by the in-memory graph, which sorts, and the snapshot
/// writer.
pub fn relation_order(
    a: (EdgeKind, Option<When>, u32, EdgeIndex),
    b: (EdgeKind, Option<When>, u32, EdgeIndex),
) -> std::cmp::Ordering {
    a.0.cmp(&b.0)
        .then_with(|| match (a.1, b.1) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
        .then_with(|| a.2.cmp(&b.2))
        .then_with(|| a.3.cmp(&b.3))
}
