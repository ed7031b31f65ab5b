//! `neighbors`: the neighbourhood of a node, by distance.

use std::io::{self, Write};

use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, Reached};

use crate::cli::args::{NeighborsArgs, QueryFormat};
use crate::cli::json::Neighbourhood;
use crate::cli::print::{Visible, arrow_into, json, one_line, quotes, sources_into};
use crate::cli::{Failure, io_failure, query_failure, resolve};

pub fn run(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &NeighborsArgs,
) -> Result<(), Failure> {
    let centre = resolve(graph, &args.node)?;
    let spec = query::SelectionSpec {
        around: None,
        depth: None,
        direction: args.direction.into(),
        node_kinds: args.kinds.node_kinds.clone(),
        edge_kinds: args.kinds.edge_kinds.clone(),
        exclude_node_kinds: args.kinds.exclude_node_kinds.clone(),
        exclude_edge_kinds: args.kinds.exclude_edge_kinds.clone(),
        since: args.time.since,
        until: args.time.until,
        as_of: args.time.as_of,
        sources: args.time.sources.filter(),
    };
    let mut selection = query::Selection::resolve(&spec, graph).map_err(query_failure)?;
    selection.around = Some(centre);
    selection.depth = args.depth;
    let reached = selection.neighbourhood(graph, centre);
    if reached.is_empty() {
        let node = graph.node(centre);
        let when = match args.time.as_of {
            Some(as_of) => format!("did not exist as of {as_of}"),
            None => "is outside the --since/--until window".to_string(),
        };
        return writeln!(out, "{} ({}) {when}", one_line(&node.name), node.id).map_err(io_failure);
    }
    let direction = selection.direction.label();
    match format {
        QueryFormat::Json => json(
            out,
            &Neighbourhood::new(graph, &reached, args.depth, direction),
        ),
        QueryFormat::Text => text(
            &mut Visible::new(out),
            graph,
            &reached,
            args.depth,
            args.quotes,
        ),
    }
    .map_err(io_failure)
}

/// `reached` starts with the centre.
fn text(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    reached: &[Reached],
    depth: usize,
    with_quotes: bool,
) -> io::Result<()> {
    // The lines print rows and labels (JSON prints records instead).
    let edges: Vec<_> = reached
        .iter()
        .filter_map(|r| r.via.map(|(e, _)| e))
        .collect();
    let nodes: Vec<_> = reached.iter().map(|r| r.node).collect();
    graph.prefetch(&nodes, &edges);
    let centre = reached[0].node;
    let max = reached.last().map_or(0, |r| r.distance);
    let node = graph.node(centre);
    let count = reached.len() - 1;
    writeln!(
        out,
        "{} ({}): {count} node{} within {depth} edge{}",
        one_line(&node.name),
        node.id,
        if count == 1 { "" } else { "s" },
        if depth == 1 { "" } else { "s" }
    )?;
    if count == 0 {
        writeln!(
            out,
            "no neighbours match; try a larger --depth, --direction both or fewer filters"
        )?;
    }
    for distance in 1..=max {
        let layer: Vec<&Reached> = reached.iter().filter(|r| r.distance == distance).collect();
        writeln!(
            out,
            "\n{distance} edge{} away ({})",
            if distance == 1 { "" } else { "s" },
            layer.len()
        )?;
        let width = layer
            .iter()
            .map(|r| graph.node_label(r.node).id.chars().count())
            .max()
            .unwrap_or(0);
        // Each node's two lines made in one buffer and written at once:
        // a hub's layer is 80,000 of them.
        let mut lines = String::new();
        let pad = |lines: &mut String, text: &str| {
            lines.push_str(text);
            let used = text.chars().count();
            lines.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
        };
        for r in layer {
            let near = graph.node_label(r.node);
            let (edge, from) = r.via.expect("only the centre has no edge");
            let forward = graph.ends(edge).0 == from;
            lines.clear();
            lines.push_str("  ");
            pad(&mut lines, near.id);
            lines.push_str("  ");
            lines.push_str(&one_line(near.name));
            lines.push_str(" (");
            lines.push_str(graph.node_kind(r.node).label_str());
            lines.push_str(")\n  ");
            pad(&mut lines, "");
            lines.push_str("    ");
            lines.push_str(graph.node_label(from).id);
            lines.push(' ');
            arrow_into(&mut lines, graph, edge, forward);
            lines.push(' ');
            lines.push_str(near.id);
            lines.push_str("  ");
            let start = lines.len();
            sources_into(&mut lines, graph.edge_sources(edge));
            if let std::borrow::Cow::Owned(shown) = one_line(&lines[start..]) {
                lines.truncate(start);
                lines.push_str(&shown);
            }
            lines.push('\n');
            out.write_all(lines.as_bytes())?;
            if with_quotes {
                let indent = " ".repeat(width + 6);
                quotes(out, graph, &indent, &graph.edge(edge).cited())?;
            }
        }
    }
    Ok(())
}
