//! `timeline`: dated facts in order.

use std::io::{self, Write};

use petgraph::stable_graph::NodeIndex;
use reggraph::graph::KnowledgeGraph;

use reggraph::model::NodeKind;
use reggraph::query::{self, Entry, Fact, TimelineQuery, Window};
use reggraph::words;

use crate::cli::args::{QueryFormat, TimelineArgs};
use crate::cli::json::Timeline;
use crate::cli::print::{Visible, json, one_line, plural, quotes, sources};
use crate::cli::{Failure, io_failure, query_failure, resolve_opt};

pub fn run(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &TimelineArgs,
) -> Result<(), Failure> {
    let window = Window::new(args.since, args.until).map_err(|e| query_failure(e.into()))?;
    let actor = resolve_opt(graph, args.actor.as_deref())?;
    let mut entries = entries(graph, actor, window, &args.kinds, &args.exclude_kinds);
    let cited_by = args.sources.filter();
    cited_by.check(graph).map_err(query_failure)?;
    if format == QueryFormat::Text {
        // The lines print rows and labels (JSON prints records instead).
        prefetch(graph, &entries);
    }
    if !cited_by.is_open() {
        entries.retain(|e| cited_by.keeps(graph, e.source_list(graph)));
    }
    match format {
        QueryFormat::Json => json(out, &Timeline::new(graph, &entries)),
        QueryFormat::Text => text(&mut Visible::new(out), graph, &entries, args.quotes),
    }
    .map_err(io_failure)
}

/// The dated facts `timeline` lists and `export dot --timeline` draws.
pub fn entries(
    graph: &KnowledgeGraph,
    actor: Option<NodeIndex>,
    window: Window,
    kinds: &[NodeKind],
    excluded: &[NodeKind],
) -> Vec<Entry> {
    query::timeline(
        graph,
        &TimelineQuery {
            actor,
            window,
            node_kinds: kinds.to_vec(),
            exclude_node_kinds: excluded.to_vec(),
        },
    )
}

/// Reads ahead what the lines of these entries print: they come in date
/// order, their nodes and edges from anywhere in the files.
fn prefetch(graph: &KnowledgeGraph, entries: &[Entry]) {
    let mut nodes = Vec::with_capacity(entries.len());
    let mut edges = Vec::new();
    for entry in entries {
        match entry.fact {
            Fact::Node(n) | Fact::Milestone(n, _) => nodes.push(n),
            Fact::Edge(e) => {
                let (from, to) = graph.ends(e);
                nodes.extend([from, to]);
                edges.push(e);
            }
        }
    }
    graph.prefetch(&nodes, &edges);
}

/// `Mistral AI --raises EUR 105M secured--> Lightspeed`, a node as
/// `Name (kind, id)`, a milestone as `AI Act: application (note) (planned)`;
/// ` (contested)` after a fact whose sources disagree on its value.
fn entry_text(graph: &KnowledgeGraph, entry: &Entry) -> String {
    let contested = match entry.fact {
        Fact::Node(n) => graph.node_contested(n),
        Fact::Edge(e) => graph.edge_contested(e),
        Fact::Milestone(..) => false,
    };
    let text = fact_text(graph, entry);
    if contested {
        format!("{text}{}", words::CONTESTED)
    } else {
        text
    }
}

fn fact_text(graph: &KnowledgeGraph, entry: &Entry) -> String {
    match entry.fact {
        Fact::Node(n) => {
            let label = graph.node_label(n);
            words::node_said(label.name, graph.node_kind(n), label.id)
        }
        Fact::Edge(e) => {
            let (from, to) = graph.ends(e);
            format!(
                "{} --{}--> {}",
                graph.node_label(from).name,
                words::undated(graph.edge_kind(e), graph.edge_amount(e).as_ref()),
                graph.node_label(to).name
            )
        }
        Fact::Milestone(n, i) => {
            let node = graph.node(n);
            words::milestone(node, &node.milestones[i], true)
        }
    }
}

fn text(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    entries: &[Entry],
    with_quotes: bool,
) -> io::Result<()> {
    if entries.is_empty() {
        return writeln!(out, "no dated facts match");
    }
    let width = entries
        .iter()
        .map(|e| e.when.to_string().len())
        .max()
        .unwrap_or(0);
    for entry in entries {
        writeln!(
            out,
            "{:<width$}  {}  {}",
            entry.when.to_string(),
            one_line(&entry_text(graph, entry)),
            sources(entry.source_list(graph))
        )?;
        if with_quotes {
            quotes(out, graph, &" ".repeat(width + 2), &entry.cited(graph))?;
        }
    }
    writeln!(out, "{} fact{}", entries.len(), plural(entries.len()))
}
