//! `show`: one node, the relations that hold (as of a date, if one is
//! given), and every source they cite.

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::regulation_exists_on;
use super::selection::Selection;
use super::time::{AsOf, holds_on, regulation_status};
use crate::graph::KnowledgeGraph;
use crate::model::{PartialDate, RegulationStatus, Source, When};

/// A node and what is known about it.
#[derive(Debug, Clone)]
pub struct Shown<'g> {
    pub node: NodeIndex,
    /// Edges from the node, with the node at their other end, in the
    /// graph's relation order.
    pub outgoing: Vec<(EdgeIndex, NodeIndex)>,
    /// Edges into the node.
    pub incoming: Vec<(EdgeIndex, NodeIndex)>,
    /// The sources the node, its milestones and the relations listed cite,
    /// once each, by id.
    pub sources: Vec<&'g Source>,
    /// A regulation's status on the as-of date (today without one).
    pub status: Option<RegulationStatus>,
    pub as_of: Option<AsOf>,
    /// Whether the node existed on the as-of date (always without one).
    pub existed: bool,
    /// When it did not exist on the as-of date because its period had
    /// ended: the end of that period.
    pub ended: Option<PartialDate>,
}

/// What is known about `index`, as of `as_of`.
pub fn show(graph: &KnowledgeGraph, index: NodeIndex, as_of: Option<AsOf>) -> Shown<'_> {
    let node = graph.node(index);
    let mut selection = Selection::all();
    selection.as_of = as_of;
    let held = |(edge, _): &(EdgeIndex, NodeIndex)| selection.keeps_edge(graph, *edge);
    let mut outgoing = graph.relations(index, Direction::Outgoing);
    outgoing.retain(held);
    let mut incoming = graph.relations(index, Direction::Incoming);
    incoming.retain(held);
    let day = as_of.map(|a| a.day);
    let existed =
        day.is_none_or(|day| holds_on(node.when(), day) && regulation_exists_on(node, day));
    let ended = match (day, node.when()) {
        (Some(day), Some(When::During(period))) if !existed => {
            period.end.filter(|end| end.last_day() < day)
        }
        _ => None,
    };
    let mut cited: Vec<&str> = node.sources.iter().map(String::as_str).collect();
    for (edge, _) in outgoing.iter().chain(&incoming) {
        cited.extend(graph.edge(*edge).sources.iter().map(String::as_str));
    }
    for milestone in &node.milestones {
        cited.extend(milestone.sources.iter().map(String::as_str));
    }
    cited.sort_unstable();
    cited.dedup();
    Shown {
        node: index,
        outgoing,
        incoming,
        sources: cited.iter().filter_map(|id| graph.source(id)).collect(),
        status: regulation_status(node, day),
        as_of,
        existed,
        ended,
    }
}
