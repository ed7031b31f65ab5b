//! `timeline`: dated facts in order.

use std::io::Write;

use reggraph::graph::KnowledgeGraph;

use crate::cli::args::{Format, TimelineArgs};
use crate::cli::*;

/// Answers the command and prints it to `out`. The outer error is a query
/// that could not be answered; the inner one a failed write.
pub fn run(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    args: &TimelineArgs,
) -> Result<std::io::Result<()>, Failure> {
    Ok({
        let entries = timeline_entries(
            graph,
            args.actor.as_deref(),
            (args.since, args.until),
            &args.kinds,
        )?;
        report::timeline(out, format, graph, &entries)
    })
}
