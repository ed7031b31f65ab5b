//! `export dot`: the selection as DOT, on stdout or written atomically.

use std::io::Write;

use reggraph::graph::KnowledgeGraph;

use crate::cli::args::DotArgs;
use crate::cli::*;

/// Writes the DOT of the selection to `-o FILE` or `out`. The outer error is
/// a query that could not be answered; the inner one a failed write.
pub fn dot(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    args: &DotArgs,
) -> Result<std::io::Result<()>, Failure> {
    Ok({
        let diagram = diagram(graph, &args.diagram)?;
        let text = reggraph::export::dot::to_dot(&diagram);
        match &args.output {
            Some(path) => {
                reggraph::load::write::write_atomically(path, text.as_bytes())
                    .map_err(|e| write_failure(path, e))?;
                eprintln!(
                    "wrote {}: {} nodes, {} edges",
                    path.display(),
                    diagram.nodes.iter().filter(|n| n.style.is_some()).count(),
                    diagram.edges.iter().filter(|e| e.style.is_some()).count()
                );
                Ok(())
            }
            None => out.write_all(text.as_bytes()),
        }
    })
}
