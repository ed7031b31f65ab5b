//! The titles diagrams carry, said from what was selected.

use petgraph::stable_graph::NodeIndex;

use crate::graph::KnowledgeGraph;
use crate::query::{Selection, Window};
use crate::words;

/// `Mistral AI and its neighbourhood (2 edges), kinds: startup, from 2023`.
pub fn of_selection(graph: &KnowledgeGraph, selection: &Selection) -> String {
    let mut title = match selection.around {
        Some(centre) => format!(
            "{} and its neighbourhood ({} edge{})",
            graph.node(centre).name,
            selection.depth,
            if selection.depth == 1 { "" } else { "s" }
        ),
        None if selection.node_kinds.is_empty() => "All nodes".to_string(),
        None => "Nodes".to_string(),
    };
    if !selection.node_kinds.is_empty() {
        let kinds: Vec<String> = selection.node_kinds.iter().map(|k| k.label()).collect();
        title.push_str(&format!(", kinds: {}", kinds.join(", ")));
    }
    if !selection.edge_kinds.is_empty() {
        let kinds: Vec<String> = selection.edge_kinds.iter().map(|k| k.label()).collect();
        title.push_str(&format!(", edges: {}", kinds.join(", ")));
    }
    title.push_str(&words::window(
        selection.window.since,
        selection.window.until,
    ));
    if let Some(as_of) = selection.as_of {
        title.push_str(&format!(", as of {}", as_of.written));
    }
    title
}

/// `Timeline of Mistral AI, 2023-06 to 2023-07`.
pub fn of_timeline(graph: &KnowledgeGraph, actor: Option<NodeIndex>, window: &Window) -> String {
    let mut title = String::from("Timeline");
    if let Some(actor) = actor {
        title.push_str(&format!(" of {}", graph.node(actor).name));
    }
    title.push_str(&words::window(window.since, window.until));
    title
}
