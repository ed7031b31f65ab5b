//! Every dated fact in date order: dated nodes (events, programmes with a
//! period), dated edges and regulation milestones.

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::time::Window;
use crate::graph::{KnowledgeGraph, Sources};
use crate::model::{NodeKind, PartialDate, When};

/// What a timeline entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fact {
    /// A node with a date or a period (an event, a programme).
    Node(NodeIndex),
    /// A dated edge.
    Edge(EdgeIndex),
    /// A regulation's milestone: the regulation and the milestone's place in
    /// its list.
    Milestone(NodeIndex, usize),
}

/// One line of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The date the entry is placed at (a period's start).
    pub date: PartialDate,
    /// The fact's time as written (a date, or a period).
    pub when: When,
    pub fact: Fact,
}

impl Entry {
    /// The sources the entry's fact cites.
    pub fn sources<'g>(&self, graph: &'g KnowledgeGraph) -> &'g [String] {
        match self.fact {
            Fact::Node(n) => &graph.node(n).sources,
            Fact::Edge(e) => &graph.edge(e).sources,
            Fact::Milestone(n, i) => &graph.node(n).milestones[i].sources,
        }
    }

    /// [`Entry::sources`], read without the record of a node or an edge
    /// where the graph keeps sources apart.
    pub fn source_list<'g>(&self, graph: &'g KnowledgeGraph) -> Sources<'g> {
        match self.fact {
            Fact::Node(n) => graph.node_label(n).sources,
            Fact::Edge(e) => graph.edge_sources(e),
            Fact::Milestone(n, i) => Sources::of(&graph.node(n).milestones[i].sources),
        }
    }

    /// Every source of the entry's fact with what it says
    /// ([`crate::model::cited`]).
    pub fn cited(&self, graph: &KnowledgeGraph) -> Vec<crate::model::Citation> {
        match self.fact {
            Fact::Node(n) => graph.node(n).cited(),
            Fact::Edge(e) => graph.edge(e).cited(),
            Fact::Milestone(n, i) => {
                let milestone = &graph.node(n).milestones[i];
                crate::model::cited(&milestone.sources, None, &milestone.citations)
            }
        }
    }
}

/// Options of a timeline.
#[derive(Debug, Clone, Default)]
pub struct TimelineQuery {
    /// Only facts about this node: the node itself, its edges, its
    /// milestones.
    pub actor: Option<NodeIndex>,
    /// Only entries whose date falls in this window. A period is placed at
    /// its start: it is listed when it begins in the window.
    pub window: Window,
    /// Only facts involving a node of these kinds (the node itself, either
    /// end of an edge, the regulation of a milestone).
    pub node_kinds: Vec<NodeKind>,
    /// Leave out facts involving a node of these kinds.
    pub exclude_node_kinds: Vec<NodeKind>,
}

/// The dated facts that pass the query, in date order. Partial dates sort
/// before the more precise dates they contain (`2023-06` before
/// `2023-06-14`); on the same date nodes come before edges before
/// milestones, then by id.
pub fn timeline(graph: &KnowledgeGraph, query: &TimelineQuery) -> Vec<Entry> {
    let kind_kept = |kind: NodeKind| {
        (query.node_kinds.is_empty() || query.node_kinds.contains(&kind))
            && !query.exclude_node_kinds.contains(&kind)
    };
    let kind_ok = |n: NodeIndex| kind_kept(graph.node_kind(n));
    let mut entries = Vec::new();
    // Kinds and times come from the graph's rows; a record is read only
    // for its milestones.
    // File order, which is the rows' order: the sort below puts entries
    // in id order where it matters.
    let window = &query.window;
    let mut node_facts = |node: NodeIndex, kind: NodeKind, when: Option<When>, milestones: bool| {
        if !kind_kept(kind) {
            return;
        }
        if let Some(when) = when
            && window.contains_date(when.start())
        {
            entries.push(Entry {
                date: when.start(),
                when,
                fact: Fact::Node(node),
            });
        }
        if milestones {
            for (i, milestone) in graph.node(node).milestones.iter().enumerate() {
                entries.push(Entry {
                    date: milestone.date,
                    when: When::On(milestone.date),
                    fact: Fact::Milestone(node, i),
                });
            }
        }
    };
    // One actor's timeline reads its own row, not every node's.
    match query.actor {
        Some(actor) => node_facts(
            actor,
            graph.node_kind(actor),
            graph.node_when(actor),
            graph.has_milestones(actor),
        ),
        None => graph.node_times(&mut node_facts),
    }
    // Only the edges of the window's years are looked at closely.
    graph.edges_starting_in(window.years(), |edge, when| {
        if !window.contains_date(when.start()) {
            return;
        }
        let (from, to) = graph.ends(edge);
        if query.actor.is_some_and(|a| a != from && a != to) {
            return;
        }
        if !(kind_ok(from) || kind_ok(to)) {
            return;
        }
        entries.push(Entry {
            date: when.start(),
            when,
            fact: Fact::Edge(edge),
        });
    });
    entries.retain(|e| query.window.contains_date(e.date));
    // Within a date and fact type: nodes by id; edges by source id, kind,
    // time, target id, then file order; milestones by regulation, then
    // order. Places in the id order compare as the ids do; each entry's
    // key is worked out once.
    entries.sort_by_cached_key(|entry| {
        let (rank, a, kind, when, b, c) = match entry.fact {
            Fact::Node(n) => (0, graph.id_rank(n), None, None, 0, 0),
            Fact::Edge(e) => {
                let (from, to) = graph.ends(e);
                (
                    1,
                    graph.id_rank(from),
                    Some(graph.edge_kind(e)),
                    Some(entry.when),
                    graph.id_rank(to),
                    e.index(),
                )
            }
            Fact::Milestone(n, i) => (2, graph.id_rank(n), None, None, 0, i),
        };
        (entry.date, rank, a, kind, when, b, c)
    });
    entries
}
