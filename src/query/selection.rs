//! The selection every query and exporter shares: `--around ID --depth N`,
//! `--kind`, `--edge-kind`, `--since`, `--until`, `--as-of`, `--direction`.
//! Parsing it (from ids and dates as written) and applying it to the graph
//! both live here.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::cited::SourceFilter;
use super::marks::{Marks, with_marks};
use super::time::{AsOf, Window, holds_on};
use super::{QueryError, regulation_exists_on};
use crate::graph::KnowledgeGraph;
use crate::model::{EdgeKind, NodeKind, PartialDate};

/// Which way edges are followed from a node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Along the arrow: from the edge's source to its target.
    Out,
    /// Against the arrow.
    In,
    /// Either way.
    #[default]
    Both,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
            Direction::Both => "both",
        }
    }
}

/// A selection as the user wrote it: node ids or names, dates as text
/// already parsed into partial dates. [`Selection::resolve`] checks it
/// against a graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectionSpec {
    /// Id, name or alias of the node to centre on.
    pub around: Option<String>,
    /// How many edges away from `around` to go (default 1).
    pub depth: Option<usize>,
    pub direction: Direction,
    pub node_kinds: Vec<NodeKind>,
    pub edge_kinds: Vec<EdgeKind>,
    /// Node kinds left out (a centre node is always kept).
    pub exclude_node_kinds: Vec<NodeKind>,
    /// Edge kinds left out.
    pub exclude_edge_kinds: Vec<EdgeKind>,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    pub as_of: Option<PartialDate>,
    /// Only facts cited by these sources (`--source`, `--source-type`,
    /// `--only-cited-by`).
    pub sources: SourceFilter,
}

/// A selection checked against a graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub around: Option<NodeIndex>,
    pub depth: usize,
    pub direction: Direction,
    pub node_kinds: Vec<NodeKind>,
    pub edge_kinds: Vec<EdgeKind>,
    pub exclude_node_kinds: Vec<NodeKind>,
    pub exclude_edge_kinds: Vec<EdgeKind>,
    pub window: Window,
    pub as_of: Option<AsOf>,
    /// Facts are kept by the sources they cite; an edge's ends are kept
    /// with it, whatever they cite, as the context the edge needs.
    pub sources: SourceFilter,
}

thread_local! {
    static SEEN: std::cell::RefCell<Marks> = Default::default();
}

/// The default `--depth`.
pub const DEFAULT_DEPTH: usize = 1;

/// A node reached from the centre of a neighbourhood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reached {
    pub node: NodeIndex,
    /// Edges from the centre (0 for the centre itself).
    pub distance: usize,
    /// The edge that first reached it and the node it came from (none for
    /// the centre).
    pub via: Option<(EdgeIndex, NodeIndex)>,
}

/// The nodes and edges a selection keeps, in a stable order: nodes by id,
/// edges by source id, kind, time, target id, then file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subgraph {
    pub nodes: Vec<NodeIndex>,
    pub edges: Vec<EdgeIndex>,
}

impl Selection {
    /// Everything, at no particular time.
    pub fn all() -> Selection {
        Selection {
            depth: DEFAULT_DEPTH,
            ..Selection::default()
        }
    }

    /// Checks ids and dates: an unknown `around` or an empty window is an
    /// error.
    pub fn resolve(spec: &SelectionSpec, graph: &KnowledgeGraph) -> Result<Selection, QueryError> {
        let window = Window::new(spec.since, spec.until)?;
        let around = match &spec.around {
            Some(query) => Some(graph.resolve(query)?),
            None => None,
        };
        if spec.depth.is_some() && around.is_none() {
            return Err(QueryError::DepthWithoutCentre);
        }
        spec.sources.check(graph)?;
        Ok(Selection {
            around,
            depth: spec.depth.unwrap_or(DEFAULT_DEPTH),
            direction: spec.direction,
            node_kinds: spec.node_kinds.clone(),
            edge_kinds: spec.edge_kinds.clone(),
            exclude_node_kinds: spec.exclude_node_kinds.clone(),
            exclude_edge_kinds: spec.exclude_edge_kinds.clone(),
            window,
            as_of: spec.as_of.map(AsOf::new),
            sources: spec.sources.clone(),
        })
    }

    /// Whether this selection keeps every node and edge.
    fn keeps_everything(&self) -> bool {
        self.node_kinds.is_empty()
            && self.edge_kinds.is_empty()
            && self.exclude_node_kinds.is_empty()
            && self.exclude_edge_kinds.is_empty()
            && self.as_of.is_none()
            && self.window.is_open()
            && self.sources.is_open()
    }

    /// Whether a node passes the time, kind and source filters (the centre
    /// always passes the kind and source filters).
    pub fn keeps_node(&self, graph: &KnowledgeGraph, index: NodeIndex) -> bool {
        self.keeps_node_context(graph, index)
            && (Some(index) == self.around
                || self.sources.is_open()
                || self.sources.keeps(graph, graph.node_label(index).sources))
    }

    /// Whether a node passes the time and kind filters: whether it may be
    /// the end of a kept edge.
    fn keeps_node_context(&self, graph: &KnowledgeGraph, index: NodeIndex) -> bool {
        if self.node_kinds.is_empty()
            && self.exclude_node_kinds.is_empty()
            && self.as_of.is_none()
            && self.window.is_open()
        {
            return true;
        }
        // Kinds and times are read without the record where the graph keeps
        // them apart (a snapshot's node rows); milestones need the record.
        let kind = graph.node_kind(index);
        if Some(index) != self.around
            && (!self.node_kinds.is_empty() && !self.node_kinds.contains(&kind)
                || self.exclude_node_kinds.contains(&kind))
        {
            return false;
        }
        let when = graph.node_when(index);
        if let Some(as_of) = self.as_of
            && !(holds_on(when, as_of.day)
                && (!graph.has_milestones(index)
                    || regulation_exists_on(graph.node(index), as_of.day)))
        {
            return false;
        }
        self.window.contains(when)
    }

    /// Whether an edge passes the kind and time filters, ignoring its ends.
    pub fn keeps_edge_itself(&self, graph: &KnowledgeGraph, index: EdgeIndex) -> bool {
        if self.edge_kinds.is_empty()
            && self.exclude_edge_kinds.is_empty()
            && self.as_of.is_none()
            && self.window.is_open()
            && self.sources.is_open()
        {
            return true;
        }
        let kind = graph.edge_kind(index);
        if !self.edge_kinds.is_empty() && !self.edge_kinds.contains(&kind)
            || self.exclude_edge_kinds.contains(&kind)
        {
            return false;
        }
        let when = graph.edge_when(index);
        if let Some(as_of) = self.as_of
            && !holds_on(when, as_of.day)
        {
            return false;
        }
        self.window.contains(when)
            && (self.sources.is_open() || self.sources.keeps(graph, graph.edge_sources(index)))
    }

    /// Whether an edge and both its ends pass the filters.
    pub fn keeps_edge(&self, graph: &KnowledgeGraph, index: EdgeIndex) -> bool {
        if self.keeps_everything() {
            return true;
        }
        let (from, to) = graph.ends(index);
        self.keeps_edge_itself(graph, index)
            && self.keeps_node_context(graph, from)
            && self.keeps_node_context(graph, to)
    }

    /// The edges a walk may take from `node` in this selection's direction,
    /// each with the node at the other end, in a stable order (outgoing
    /// before incoming, then as [`KnowledgeGraph::relations`] sorts them).
    pub fn steps(&self, graph: &KnowledgeGraph, node: NodeIndex) -> Vec<(EdgeIndex, NodeIndex)> {
        steps(graph, node, self.direction, |e| self.keeps_edge(graph, e))
            .map(|(edge, other, _)| (edge, other))
            .collect()
    }

    /// Breadth-first layers around `centre` up to `depth` edges: the centre
    /// first, then each node with the distance and the edge that reached it.
    /// Within a layer nodes are sorted by id; a node reached by several
    /// edges keeps the first in that order.
    pub fn neighbourhood(&self, graph: &KnowledgeGraph, centre: NodeIndex) -> Vec<Reached> {
        if !self.keeps_node(graph, centre) {
            return Vec::new();
        }
        let mut reached = vec![Reached {
            node: centre,
            distance: 0,
            via: None,
        }];
        let everything = self.keeps_everything();
        with_marks(&SEEN, graph.node_bound(), |seen| {
            seen.mark(centre);
            let mut frontier = vec![centre];
            let mut next: Vec<Reached> = Vec::new();
            // Each node of `next` as its place in the id order (high half)
            // and its place in `next` (low half): sorting these integers
            // is cheaper than sorting the records.
            let mut order: Vec<u64> = Vec::new();
            for distance in 1..=self.depth {
                // Parents in id order, outgoing before incoming, each list
                // in relation order (kind, time with undated last, other
                // end, file order): the first edge met that reaches a new
                // node is the one that reaches it. A self-loop never
                // reaches a new node.
                next.clear();
                order.clear();
                graph.prefetch_adjacency(&frontier);
                let degrees: usize = frontier
                    .iter()
                    .map(|&n| {
                        graph.adjacent(n, petgraph::Direction::Outgoing).len()
                            + graph.adjacent(n, petgraph::Direction::Incoming).len()
                    })
                    .sum();
                next.reserve(degrees);
                order.reserve(degrees);
                for &from in &frontier {
                    let mut consider = |edge: EdgeIndex, to: NodeIndex| {
                        if !seen.contains(to)
                            && (everything || self.keeps_edge(graph, edge))
                            && seen.mark(to)
                        {
                            order.push(u64::from(graph.id_rank(to)) << 32 | next.len() as u64);
                            next.push(Reached {
                                node: to,
                                distance,
                                via: Some((edge, from)),
                            });
                        }
                    };
                    if self.direction != Direction::In {
                        for &(edge, to) in graph.adjacent(from, petgraph::Direction::Outgoing) {
                            consider(edge, to);
                        }
                    }
                    if self.direction != Direction::Out {
                        for &(edge, to) in graph.adjacent(from, petgraph::Direction::Incoming) {
                            consider(edge, to);
                        }
                    }
                }
                if next.is_empty() {
                    break;
                }
                order.sort_unstable();
                frontier.clear();
                frontier.extend(order.iter().map(|&key| next[key as u32 as usize].node));
                reached.extend(order.iter().map(|&key| next[key as u32 as usize]));
            }
            reached
        })
    }

    /// The nodes and edges this selection keeps: the neighbourhood of
    /// `around` when given (with every kept edge between its nodes), else
    /// every node and edge that passes the filters.
    pub fn apply(&self, graph: &KnowledgeGraph) -> Subgraph {
        let mut nodes: Vec<NodeIndex> = match self.around {
            // A centre that did not exist then (or is outside the window)
            // has no neighbourhood.
            Some(centre) if !self.keeps_node(graph, centre) => Vec::new(),
            Some(centre) => self
                .neighbourhood(graph, centre)
                .into_iter()
                .map(|r| r.node)
                .collect(),
            None => graph
                .nodes()
                .into_iter()
                .filter(|&n| self.keeps_node(graph, n))
                .collect(),
        };
        if self.around.is_none() && !self.sources.is_open() {
            // The ends of the edges the sources keep, as their context.
            let mut ends: Vec<NodeIndex> = graph
                .edge_indices()
                .filter(|&e| self.keeps_edge(graph, e))
                .flat_map(|e| {
                    let (from, to) = graph.ends(e);
                    [from, to]
                })
                .collect();
            nodes.append(&mut ends);
            nodes.sort_unstable();
            nodes.dedup();
        }
        if self.around.is_some() || !self.sources.is_open() {
            // (Otherwise they are a part of the id order as it is.)
            nodes.sort_by_key(|&n| graph.id_rank(n));
        }
        let everything = self.keeps_everything();
        let edges = with_marks(&SEEN, graph.node_bound(), |chosen| {
            for &node in &nodes {
                chosen.mark(node);
            }
            // The whole graph keeps every edge (5M at a million nodes: a
            // list grown by doubling would hold up to half as much again).
            let mut edges: Vec<EdgeIndex> = if everything && nodes.len() == graph.node_count() {
                Vec::with_capacity(graph.edge_count())
            } else {
                Vec::new()
            };
            for &node in &nodes {
                for &(edge, to) in graph.adjacent(node, petgraph::Direction::Outgoing) {
                    if chosen.contains(to) && (everything || self.keeps_edge(graph, edge)) {
                        edges.push(edge);
                    }
                }
            }
            edges
        });
        Subgraph { nodes, edges }
    }
}

/// The edges from `node` in `direction` that `keep` accepts, with the node
/// at the other end and whether the edge leaves `node` (`true`) or enters
/// it: outgoing first, then incoming, each in the graph's stable relation
/// order. A self-loop is listed once, as outgoing.
pub(crate) fn steps(
    graph: &KnowledgeGraph,
    node: NodeIndex,
    direction: Direction,
    keep: impl Fn(EdgeIndex) -> bool,
) -> impl Iterator<Item = (EdgeIndex, NodeIndex, bool)> {
    let outgoing = match direction {
        Direction::In => &[][..],
        _ => graph.adjacent(node, petgraph::Direction::Outgoing),
    };
    let incoming = match direction {
        Direction::Out => &[][..],
        _ => graph.adjacent(node, petgraph::Direction::Incoming),
    };
    let skip_loops = direction == Direction::Both;
    outgoing
        .iter()
        .map(|&(edge, other)| (edge, other, true))
        .chain(
            incoming
                .iter()
                .filter(move |&&(_, other)| !(skip_loops && other == node))
                .map(|&(edge, other)| (edge, other, false)),
        )
        .filter(move |&(edge, _, _)| keep(edge))
}
