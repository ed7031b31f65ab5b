//! `export dot` and `export mermaid`: the selection as DOT or Mermaid, on
//! stdout or written to `-o`; and the diagram they and `render` draw.

use std::io::Write;

use reggraph::export::{self, ClusterBy, Diagram};
use reggraph::graph::KnowledgeGraph;
use reggraph::query::Window;

use crate::cli::args::{ClusterArg, DiagramArgs, DotArgs, OrientationArg};
use crate::cli::{
    Destination, Failure, Stream, io_failure, query_failure, resolve_opt, status_line, write_output,
};

pub fn dot(out: &mut dyn Write, graph: &KnowledgeGraph, args: &DotArgs) -> Result<(), Failure> {
    let diagram = diagram(graph, &args.diagram)?;
    write_dot(out, &diagram, args)
}

/// The diagram as DOT, on stdout or written to `-o`.
pub(crate) fn write_dot(
    out: &mut dyn Write,
    diagram: &Diagram,
    args: &DotArgs,
) -> Result<(), Failure> {
    let text = export::dot::to_dot(diagram);
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

/// `export mermaid`: the same diagram as Mermaid, written as `export dot`
/// writes (in a ```mermaid block when FILE ends in .md).
pub fn mermaid(out: &mut dyn Write, graph: &KnowledgeGraph, args: &DotArgs) -> Result<(), Failure> {
    use reggraph::export::mermaid;
    if args.diagram.timeline {
        return Err(Failure::usage(
            mermaid::MermaidError::Timeline.to_string(),
            Some(
                "draw the timeline with `render --timeline -o FILE.svg` (or `export dot \
                 --timeline`) and embed the picture"
                    .into(),
            ),
        ));
    }
    let diagram = diagram(graph, &args.diagram)?;
    let markdown = args
        .output
        .as_deref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    let text = if markdown {
        mermaid::to_markdown(&diagram)
    } else {
        mermaid::to_mermaid(&diagram)
    }
    .map_err(|e| Failure::usage(e.to_string(), None))?;
    let edges = diagram.edges.iter().filter(|e| e.style.is_some()).count();
    if edges > mermaid::MAX_EDGES {
        status_line(
            Stream::Stderr,
            format_args!(
                "note: {edges} edges: Mermaid's default configuration (GitHub's too) draws at most {}; \
                 narrow the selection with --around ID --depth N, --kind or --edge-kind",
                mermaid::MAX_EDGES
            ),
        );
    }
    match &args.output {
        Some(path) => {
            let extension = if markdown { "md" } else { "mmd" };
            if write_output(out, path, text.as_bytes(), extension)? == Destination::Named {
                status_line(
                    Stream::Stderr,
                    format_args!(
                        "wrote {}: {} nodes, {edges} edges",
                        path.display(),
                        diagram.nodes.iter().filter(|n| n.style.is_some()).count(),
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
        let view = export::timeline::View {
            actor,
            since: time.since.map(|d| d.first_day()),
            until: time.until.map(|d| d.last_day()),
        };
        let mut diagram = export::of_timeline(graph, &entries, title, view);
        diagram.legend = !args.no_legend;
        return Ok(diagram);
    }
    let selection = crate::cli::select(&args.selection.spec(), graph)?;
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
