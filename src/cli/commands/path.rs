//! `path`: how two nodes are connected.

use std::io::Write;

use reggraph::graph::KnowledgeGraph;
use reggraph::query;

use crate::cli::args::{Format, PathArgs};
use crate::cli::*;

/// Answers the command and prints it to `out`. The outer error is a query
/// that could not be answered; the inner one a failed write.
pub fn run(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    args: &PathArgs,
) -> Result<std::io::Result<()>, Failure> {
    Ok({
        let from = resolve(graph, &args.from)?;
        let to = resolve(graph, &args.to)?;
        let spec = args.time.spec(&args.edge_kinds);
        let selection = query::Selection::resolve(&spec, graph).map_err(query_failure)?;
        for end in [from, to] {
            if !selection.keeps_node(graph, end) {
                let node = graph.node(end);
                let when = match spec.as_of {
                    Some(as_of) => format!("did not exist as of {as_of}"),
                    None => "is outside the --since/--until window".to_string(),
                };
                return Err(Failure::data(
                    format!("{} ({}) {when}", node.name, node.id),
                    Some("pick another date, or leave out the date filters".into()),
                ));
            }
        }
        let path_query = query::PathQuery {
            selection,
            directed: args.directed,
            max_len: args.max_len,
            limit: args.limit,
        };
        let (found, more) = if args.all {
            query::all_paths(graph, &path_query, from, to)
        } else {
            let found = query::shortest_path(graph, &path_query, from, to);
            (found.into_iter().collect(), false)
        };
        if found.is_empty() {
            let (a, b) = (&graph.node(from).id, &graph.node(to).id);
            let how = match (args.directed, args.all) {
                (true, true) => format!(" following arrows, within {} edges", args.max_len),
                (true, false) => " following arrows".to_string(),
                (false, true) => format!(" within {} edges", args.max_len),
                (false, false) => String::new(),
            };
            let mut help = Vec::new();
            if args.directed {
                help.push("drop --directed to walk edges either way".to_string());
            }
            if args.all {
                help.push("raise --max-len".to_string());
            }
            if !args.edge_kinds.is_empty()
                || spec.since.is_some()
                || spec.until.is_some()
                || spec.as_of.is_some()
            {
                help.push("loosen the --edge-kind and date filters".to_string());
            }
            return Err(Failure::data(
                format!("no path from {a} to {b}{how}"),
                (!help.is_empty()).then(|| help.join("; ")),
            ));
        }
        report::paths(
            out,
            format,
            graph,
            (from, to),
            &found,
            more,
            args.all.then_some(args.max_len),
        )
    })
}
