//! `stats`: counts by kind and the most central nodes.

use std::io::{self, Write};

use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, Stats};

use crate::cli::args::{QueryFormat, StatsArgs};
use crate::cli::json::StatsShape;
use crate::cli::print::{Visible, json, table, table_body};
use crate::cli::{Failure, io_failure};

pub fn run(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &StatsArgs,
) -> Result<(), Failure> {
    let selection = crate::cli::select(&args.selection.spec(), graph)?;
    let subgraph = selection.apply(graph);
    let stats = query::stats(graph, &subgraph, args.top);
    match format {
        QueryFormat::Json => json(out, &StatsShape::new(graph, &stats)),
        QueryFormat::Text => text(&mut Visible::new(out), graph, &stats),
    }
    .map_err(io_failure)
}

fn text(out: &mut dyn Write, graph: &KnowledgeGraph, stats: &Stats) -> io::Result<()> {
    writeln!(out, "{} nodes, {} edges", stats.nodes, stats.edges)?;
    writeln!(out, "\nnodes by kind")?;
    let rows: Vec<[String; 2]> = stats
        .node_kinds
        .iter()
        .map(|(k, n)| [format!("  {}", k.label()), n.to_string()])
        .collect();
    table_body(out, &rows)?;
    writeln!(out, "\nedges by kind")?;
    let rows: Vec<[String; 2]> = stats
        .edge_kinds
        .iter()
        .map(|(k, n)| [format!("  {}", k.label()), n.to_string()])
        .collect();
    table_body(out, &rows)?;
    writeln!(out, "\nmost connected (edges in + out)")?;
    let rows: Vec<[String; 5]> = stats
        .by_degree
        .iter()
        .map(|c| {
            let node = graph.node(c.node);
            [
                format!("  {}", node.id),
                node.name.clone(),
                c.in_degree.to_string(),
                c.out_degree.to_string(),
                c.degree().to_string(),
            ]
        })
        .collect();
    table(out, ["  ID", "NAME", "IN", "OUT", "DEGREE"], &rows)?;
    writeln!(out, "\nmost central (PageRank, damping 0.85)")?;
    let rows: Vec<[String; 3]> = stats
        .by_page_rank
        .iter()
        .map(|c| {
            let node = graph.node(c.node);
            [
                format!("  {}", node.id),
                node.name.clone(),
                format!("{:.4}", c.page_rank),
            ]
        })
        .collect();
    table(out, ["  ID", "NAME", "PAGERANK"], &rows)
}
