//! `export dot`: the selection as DOT, on stdout or written to `-o`; and
//! the diagram `export dot` and `render` both draw.

use std::io::Write;

use reggraph::export::{self, ClusterBy, Diagram};
use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, Window};

use crate::cli::args::{ClusterArg, DiagramArgs, DotArgs, OrientationArg};
use crate::cli::{
    Destination, Failure, Stream, io_failure, query_failure, resolve_opt, status_line, write_output,
};

pub fn dot(out: &mut dyn Write, graph: &KnowledgeGraph, args: &DotArgs) -> Result<(), Failure> {
    let diagram = diagram(graph, &args.diagram)?;
    let text = export::dot::to_dot(&diagram);
    match &args.output {
        Some(path) => {
            // `-o -` is the same as no `-o`: the DOT alone on stdout.
            if write_output(out, path, text.as_bytes(), "dot")? == Destination::Named {
                status_line(
                    Stream::Stderr,
                    format_args!(
                        "wrote {}: {} nodes, {} edges",
                        path.display(),
                        diagram.nodes.iter().filter(|n| n.style.is_some()).count(),
                        diagram.edges.iter().filter(|e| e.style.is_some()).count()
                    ),
                );
            }
            Ok(())
        }
        None => out.write_all(text.as_bytes()).map_err(io_failure),
    }
}

/// The diagram `export dot` and `render` draw: a selection, or a timeline.
pub fn diagram(graph: &KnowledgeGraph, args: &DiagramArgs) -> Result<Diagram, Failure> {
    let time = &args.selection.time;
    if args.timeline {
        let window = Window::new(time.since, time.until).map_err(|e| query_failure(e.into()))?;
        let actor = resolve_opt(graph, args.actor.as_deref())?;
        let kinds = &args.selection.kinds;
        let entries = super::timeline::entries(
            graph,
            actor,
            window,
            &kinds.node_kinds,
            &kinds.exclude_node_kinds,
        );
        let title = args
            .title
            .clone()
            .unwrap_or_else(|| export::title::of_timeline(graph, actor, &window));
        let mut diagram = export::of_timeline(graph, &entries, title);
        diagram.legend = !args.no_legend;
        return Ok(diagram);
    }
    let selection =
        query::Selection::resolve(&args.selection.spec(), graph).map_err(query_failure)?;
    let subgraph = selection.apply(graph);
    let cluster_by = args.cluster_by.map(|c| match c {
        ClusterArg::Kind => ClusterBy::Kind,
        ClusterArg::Jurisdiction => ClusterBy::Jurisdiction,
    });
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| export::title::of_selection(graph, &selection));
    let mut diagram = export::of_subgraph(graph, &subgraph, selection.around, cluster_by, title);
    diagram.legend = !args.no_legend;
    diagram.left_to_right = args.orientation == OrientationArg::Lr;
    Ok(diagram)
}
