//! What a diagram shows, independent of who draws it: nodes and edges with
//! their labels, tooltips, links and styles, clusters, same-rank groups and
//! the legend. Built once from a query result; the DOT exporter and the
//! embedded SVG renderer both draw from it, so they agree.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::NodeIndex;

use super::style::{EdgeStyle, Mark, NodeStyle, edge_style, node_style};
use crate::graph::KnowledgeGraph;
use crate::model::{Edge, EdgeKind, Node, NodeKind};
use crate::query::{Entry, Subgraph};
use crate::words;

/// Wrap labels at this many characters per line.
pub const WRAP: usize = 24;

#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// Shown at the top of the picture.
    pub title: String,
    pub left_to_right: bool,
    pub nodes: Vec<DiagramNode>,
    pub edges: Vec<DiagramEdge>,
    /// Boxes around groups of nodes: (key, label, node ids).
    pub clusters: Vec<Cluster>,
    /// Whether to draw the legend.
    pub legend: bool,
    /// The largest the picture may be drawn, in points: a width and maybe
    /// a height (it is scaled down to fit, never up).
    pub max_size: Option<(f64, Option<f64>)>,
    /// Pixels per inch of a bitmap picture (PNG).
    pub dpi: Option<u32>,
    /// A timeline, laid out already: drawn instead of the nodes and edges.
    pub timeline: Option<super::timeline::Chart>,
    /// The kinds present, for the legend (empty: no legend).
    pub legend_nodes: Vec<NodeKind>,
    pub legend_edges: Vec<EdgeKind>,
    /// In a diagram of changes, the marks present, for the legend (which
    /// then shows node kinds by shape alone, and marks instead of edge
    /// kinds); empty otherwise.
    pub legend_marks: Vec<Mark>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// A slug-safe key (`kind-company`, `jurisdiction-france`).
    pub key: String,
    pub label: String,
    pub nodes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DiagramNode {
    pub id: String,
    /// May contain newlines.
    pub label: String,
    pub tooltip: String,
    pub url: Option<String>,
    /// `None` for the timeline's date markers (drawn as plain text).
    pub style: Option<NodeStyle>,
    /// Drawn with a thicker border (the centre of a neighbourhood).
    pub emphasis: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DiagramEdge {
    pub from: String,
    pub to: String,
    /// May contain newlines; empty for none.
    pub label: String,
    pub tooltip: String,
    pub url: Option<String>,
    /// `None` for the timeline's invisible ordering edges.
    pub style: Option<EdgeStyle>,
}

/// How to group nodes into boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterBy {
    Kind,
    Jurisdiction,
}

/// Word-wraps `text` at [`WRAP`] characters per line (long words are kept
/// whole rather than cut).
pub fn wrap(text: &str) -> String {
    let options = textwrap::Options::new(WRAP)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(text, options).join("\n")
}

fn first_url(graph: &KnowledgeGraph, sources: &[String]) -> Option<String> {
    sources
        .iter()
        .filter_map(|id| graph.source(id))
        .find_map(|s| s.url.clone())
}

pub(crate) fn node_tooltip(node: &Node) -> String {
    let mut text = words::node(node);
    if let Some(when) = node.when() {
        text.push_str(&format!("\n{when}"));
    }
    text.push_str(&format!("\nsources: {}", node.sources.join(", ")));
    text
}

/// `raises\nEUR 105M secured\n2023-06-14`: kind, amount, time.
pub fn edge_label(edge: &Edge) -> String {
    words::edge_parts(edge).join("\n")
}

pub(crate) fn edge_tooltip(graph: &KnowledgeGraph, edge: &Edge) -> String {
    let from = graph.by_id(&edge.from).map(|n| &graph.node(n).name);
    let to = graph.by_id(&edge.to).map(|n| &graph.node(n).name);
    let mut text = words::dated_statement(from.unwrap_or(&edge.from), edge, to.unwrap_or(&edge.to));
    text.push_str(&format!("\nsources: {}", edge.sources.join(", ")));
    text
}

fn diagram_node(graph: &KnowledgeGraph, index: NodeIndex, emphasis: bool) -> DiagramNode {
    let node = graph.node(index);
    let mut label = wrap(&node.name);
    if let Some(when) = node.when() {
        label.push_str(&format!("\n{when}"));
    }
    DiagramNode {
        id: node.id.clone(),
        label,
        tooltip: node_tooltip(node),
        url: first_url(graph, &node.sources),
        style: Some(node_style(node.kind)),
        emphasis,
    }
}

/// The jurisdiction a node belongs to: its own `jurisdiction` field, else
/// the target of its first `located-in` or `applies-in` edge; a
/// jurisdiction belongs to itself.
fn jurisdiction_of(graph: &KnowledgeGraph, index: NodeIndex) -> Option<NodeIndex> {
    let node = graph.node(index);
    if node.kind == NodeKind::Jurisdiction {
        return Some(index);
    }
    if let Some(id) = &node.jurisdiction {
        return graph.by_id(id);
    }
    graph
        .relations(index, petgraph::Direction::Outgoing)
        .into_iter()
        .find(|(e, _)| {
            matches!(
                graph.edge(*e).kind,
                EdgeKind::LocatedIn | EdgeKind::AppliesIn
            )
        })
        .map(|(_, to)| to)
}

/// A diagram of a selection: its nodes and edges, the centre emphasised,
/// optional clusters, and a legend of the kinds present.
pub fn of_subgraph(
    graph: &KnowledgeGraph,
    subgraph: &Subgraph,
    centre: Option<NodeIndex>,
    cluster_by: Option<ClusterBy>,
    title: String,
) -> Diagram {
    let nodes: Vec<DiagramNode> = subgraph
        .nodes
        .iter()
        .map(|&n| diagram_node(graph, n, Some(n) == centre))
        .collect();
    let edges: Vec<DiagramEdge> = subgraph
        .edges
        .iter()
        .map(|&e| {
            let (from, to) = graph.ends(e);
            let edge = graph.edge(e);
            DiagramEdge {
                from: graph.node(from).id.clone(),
                to: graph.node(to).id.clone(),
                label: edge_label(edge),
                tooltip: edge_tooltip(graph, edge),
                url: first_url(graph, &edge.sources),
                style: Some(edge_style(edge.kind)),
            }
        })
        .collect();
    let mut clusters: BTreeMap<String, Cluster> = BTreeMap::new();
    if let Some(by) = cluster_by {
        for &n in &subgraph.nodes {
            let (key, label) = match by {
                ClusterBy::Kind => {
                    let kind = graph.node(n).kind.label();
                    (format!("kind-{kind}"), kind)
                }
                ClusterBy::Jurisdiction => match jurisdiction_of(graph, n) {
                    Some(j) => {
                        let j = graph.node(j);
                        (format!("jurisdiction-{}", j.id), j.name.clone())
                    }
                    None => continue,
                },
            };
            clusters
                .entry(key.clone())
                .or_insert_with(|| Cluster {
                    key,
                    label,
                    nodes: vec![],
                })
                .nodes
                .push(graph.node(n).id.clone());
        }
    }
    let legend_nodes: BTreeSet<NodeKind> =
        subgraph.nodes.iter().map(|&n| graph.node(n).kind).collect();
    let legend_edges: BTreeSet<EdgeKind> =
        subgraph.edges.iter().map(|&e| graph.edge(e).kind).collect();
    Diagram {
        title,
        left_to_right: true,
        nodes,
        edges,
        clusters: clusters.into_values().collect(),
        legend: true,
        max_size: None,
        dpi: None,
        timeline: None,
        legend_nodes: legend_nodes.into_iter().collect(),
        legend_edges: legend_edges.into_iter().collect(),
        legend_marks: vec![],
    }
}

/// A timeline: the facts laid out along a time axis in lanes (see
/// [`super::timeline`]), drawn the same by both engines.
pub fn of_timeline(
    graph: &KnowledgeGraph,
    entries: &[Entry],
    title: String,
    view: super::timeline::View,
) -> Diagram {
    let chart = super::timeline::chart(graph, entries, &title, view);
    Diagram {
        title,
        left_to_right: true,
        nodes: vec![],
        edges: vec![],
        clusters: vec![],
        legend: false,
        legend_nodes: vec![],
        legend_edges: vec![],
        legend_marks: vec![],
        max_size: None,
        dpi: None,
        timeline: Some(chart),
    }
}
