//! `path`: how two nodes are connected.

use std::io::{self, Write};

use petgraph::stable_graph::NodeIndex;

use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, Path};

use crate::cli::args::{PathArgs, QueryFormat};
use crate::cli::json::Paths;
use crate::cli::print::{Visible, arrow, json, one_line, plural, quotes, sources};
use crate::cli::{Failure, io_failure, query_failure, resolve};

pub fn run(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &PathArgs,
) -> Result<(), Failure> {
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
    match format {
        QueryFormat::Json => json(out, &Paths::new(graph, (from, to), &found, more)),
        QueryFormat::Text => text(
            &mut Visible::new(out),
            graph,
            (from, to),
            &found,
            more,
            args.all.then_some(args.max_len),
            args.quotes,
        ),
    }
    .map_err(io_failure)
}

/// `Arthur Mensch --co-founded (2023-04)--> Mistral AI --raises ...--> ...`
fn chain(graph: &KnowledgeGraph, path: &Path) -> String {
    let mut text = graph.node_label(path.start).name.to_string();
    for step in &path.steps {
        text.push_str(&format!(
            " {} {}",
            arrow(graph, step.edge, step.forward),
            graph.node_label(step.to).name
        ));
    }
    text
}

/// `all` is the `--max-len` of `--all`.
fn text(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    (from, to): (NodeIndex, NodeIndex),
    found: &[Path],
    more: bool,
    all: Option<usize>,
    with_quotes: bool,
) -> io::Result<()> {
    if let Some(max_len) = all {
        writeln!(
            out,
            "{} path{} of at most {max_len} edges from {} to {}, shortest first{}",
            found.len(),
            if found.len() == 1 { "" } else { "s" },
            graph.node(from).id,
            graph.node(to).id,
            if more {
                " (more not shown: raise --limit)"
            } else {
                ""
            }
        )?;
    }
    for (i, path) in found.iter().enumerate() {
        if all.is_some() {
            writeln!(
                out,
                "\n{}. {} edge{}",
                i + 1,
                path.len(),
                plural(path.len())
            )?;
        }
        writeln!(out, "{}", one_line(&chain(graph, path)))?;
        for step in &path.steps {
            let (source, target) = graph.ends(step.edge);
            writeln!(
                out,
                "  {} --{}--> {}  {}",
                graph.node_label(source).id,
                graph.edge_kind(step.edge).label(),
                graph.node_label(target).id,
                sources(graph.edge_sources(step.edge))
            )?;
            if with_quotes {
                quotes(out, graph, "      ", &graph.edge(step.edge).cited())?;
            }
        }
    }
    Ok(())
}
