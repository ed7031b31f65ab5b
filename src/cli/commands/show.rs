//! `show`: one node, its relations and their sources.

use std::io::Write;

use reggraph::graph::KnowledgeGraph;
use reggraph::query;

use crate::cli::args::{Format, ShowArgs};
use crate::cli::*;

/// Answers the command and prints it to `out`. The outer error is a query
/// that could not be answered; the inner one a failed write.
pub fn run(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    args: &ShowArgs,
) -> Result<std::io::Result<()>, Failure> {
    Ok({
        let node = resolve(graph, &args.node)?;
        print::show(out, format, graph, node, args.as_of.map(query::AsOf::new))
    })
}
