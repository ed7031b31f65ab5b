//! `list`: the nodes that match a kind, a tag, a piece of text and a date.

use petgraph::stable_graph::NodeIndex;

use super::regulation_exists_on;
use super::time::{AsOf, holds_on};
use crate::graph::{KnowledgeGraph, Sources};
use crate::model::{Node, NodeKind};
use crate::suggest;

/// Which nodes to list. Every filter left empty keeps every node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Only nodes of these kinds.
    pub kinds: Vec<NodeKind>,
    /// Only nodes that existed on this date.
    pub as_of: Option<AsOf>,
    /// Only nodes with this tag (ASCII case ignored).
    pub tag: Option<String>,
    /// Only nodes whose id, name or an alias contains this text, compared
    /// folded (case and accents ignored, as look-ups are).
    pub matching: Option<String>,
    /// Only nodes cited by these sources.
    pub sources: super::SourceFilter,
}

/// The nodes that match, in id order.
pub fn list(graph: &KnowledgeGraph, query: &ListQuery) -> Vec<NodeIndex> {
    let needle = query.matching.as_deref().map(suggest::fold);
    // Kinds come from the graph's rows; a record is read only for a filter
    // that needs one.
    let kind_ok =
        |i: NodeIndex| query.kinds.is_empty() || query.kinds.contains(&graph.node_kind(i));
    let needs_record = query.as_of.is_some()
        || query.tag.is_some()
        || needle.is_some()
        || !query.sources.is_open();
    let keeps = |n: &Node| {
        query
            .as_of
            .is_none_or(|as_of| holds_on(n.when(), as_of.day) && regulation_exists_on(n, as_of.day))
            && query
                .tag
                .as_ref()
                .is_none_or(|t| n.tags.iter().any(|tag| tag.eq_ignore_ascii_case(t)))
            && needle.as_ref().is_none_or(|needle| {
                std::iter::once(&n.id)
                    .chain(std::iter::once(&n.name))
                    .chain(n.aliases.iter())
                    .any(|text| suggest::fold(text).contains(needle.as_str()))
            })
            && query.sources.keeps(graph, Sources::of(&n.sources))
    };
    graph
        .id_order()
        .iter()
        .copied()
        .filter(|&i| kind_ok(i) && (!needs_record || keeps(graph.node(i))))
        .collect()
}
