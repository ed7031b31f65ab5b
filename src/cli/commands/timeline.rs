//! `timeline`: dated facts in order.

use std::io::{self, Write};

use petgraph::stable_graph::NodeIndex;
use reggraph::graph::KnowledgeGraph;

use reggraph::model::NodeKind;
use reggraph::query::{self, Entry, Fact, TimelineQuery, Window};
use reggraph::words;

use crate::cli::args::{QueryFormat, TimelineArgs};
use crate::cli::json::Timeline;
use crate::cli::print::{Visible, json, one_line, plural, quotes, sources_into};
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
/// ` (contested)` after a fact whose sources disagree on its value; added
/// to `text` (a timeline of a year at a million nodes is 128,000 lines:
/// each is made in one buffer).
fn entry_text(text: &mut String, graph: &KnowledgeGraph, entry: &Entry) {
    use std::fmt::Write as _;
    let contested = match entry.fact {
        Fact::Node(n) => graph.node_contested(n),
        Fact::Edge(e) => graph.edge_contested(e),
        Fact::Milestone(..) => false,
    };
    match entry.fact {
        Fact::Node(n) => {
            let label = graph.node_label(n);
            // words::node_said
            let kind = graph.node_kind(n).label_str();
            let _ = write!(text, "{} ({kind}, {})", label.name, label.id);
        }
        Fact::Edge(e) => {
            let (from, to) = graph.ends(e);
            // words::undated between the ends' names.
            text.push_str(graph.node_label(from).name);
            text.push_str(" --");
            text.push_str(graph.edge_kind(e).label_str());
            if let Some(money) = graph.edge_amount(e) {
                let _ = write!(text, " {}", words::Amount(&money));
            }
            text.push_str("--> ");
            text.push_str(graph.node_label(to).name);
        }
        Fact::Milestone(n, i) => {
            let node = graph.node(n);
            text.push_str(&words::milestone(node, &node.milestones[i], true));
        }
    }
    if contested {
        text.push_str(words::CONTESTED);
    }
}

/// Shows `text[start..]` on one line ([`one_line`]), in place.
fn shown_from(text: &mut String, start: usize) {
    if let std::borrow::Cow::Owned(shown) = one_line(&text[start..]) {
        text.truncate(start);
        text.push_str(&shown);
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
    use std::fmt::Write as _;
    let mut line = String::new();
    let mut width = 0;
    for entry in entries {
        line.clear();
        let _ = write!(line, "{}", entry.when);
        width = width.max(line.chars().count());
    }
    for entry in entries {
        line.clear();
        let _ = write!(line, "{}", entry.when);
        let pad = width.saturating_sub(line.chars().count()) + 2;
        line.extend(std::iter::repeat_n(' ', pad));
        let start = line.len();
        entry_text(&mut line, graph, entry);
        shown_from(&mut line, start);
        line.push_str("  ");
        let start = line.len();
        sources_into(&mut line, entry.source_list(graph));
        shown_from(&mut line, start);
        line.push('\n');
        out.write_all(line.as_bytes())?;
        if with_quotes {
            quotes(out, graph, &" ".repeat(width + 2), &entry.cited(graph))?;
        }
    }
    writeln!(out, "{} fact{}", entries.len(), plural(entries.len()))
}
