//! `stats`: counts by kind and the most central nodes.

use std::io::Write;

use reggraph::graph::KnowledgeGraph;
use reggraph::query;

use crate::cli::args::{Format, StatsArgs};
use crate::cli::*;

/// Answers the command and prints it to `out`. The outer error is a query
/// that could not be answered; the inner one a failed write.
pub fn run(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    args: &StatsArgs,
) -> Result<std::io::Result<()>, Failure> {
    Ok({
        let selection =
            query::Selection::resolve(&args.selection.spec(), graph).map_err(query_failure)?;
        let subgraph = selection.apply(graph);
        let stats = query::stats(graph, &subgraph, args.top);
        report::stats(out, format, graph, &stats)
    })
}
