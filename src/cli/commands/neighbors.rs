//! `neighbors`: the neighbourhood of a node, by distance.

use std::io::Write;

use reggraph::graph::KnowledgeGraph;
use reggraph::query;

use crate::cli::args::{Format, NeighborsArgs};
use crate::cli::*;

/// Answers the command and prints it to `out`. The outer error is a query
/// that could not be answered; the inner one a failed write.
pub fn run(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    args: &NeighborsArgs,
) -> Result<std::io::Result<()>, Failure> {
    Ok({
        let centre = resolve(graph, &args.node)?;
        let spec = query::SelectionSpec {
            around: None,
            depth: None,
            direction: args.direction.into(),
            node_kinds: args.kinds.node_kinds.clone(),
            edge_kinds: args.kinds.edge_kinds.clone(),
            since: args.time.since,
            until: args.time.until,
            as_of: args.time.as_of,
        };
        let mut selection = query::Selection::resolve(&spec, graph).map_err(query_failure)?;
        selection.around = Some(centre);
        selection.depth = args.depth;
        let reached = selection.neighbourhood(graph, centre);
        if reached.is_empty() {
            let node = graph.node(centre);
            let when = match (args.time.as_of, args.time.since, args.time.until) {
                (Some(as_of), _, _) => format!("did not exist as of {as_of}"),
                _ => "is outside the --since/--until window".to_string(),
            };
            return Ok(writeln!(out, "{} ({}) {when}", node.name, node.id));
        }
        report::neighbors(
            out,
            format,
            graph,
            &reached,
            args.depth,
            selection.direction.label(),
        )
    })
}
