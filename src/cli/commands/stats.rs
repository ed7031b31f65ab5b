//! `stats`: counts by kind and the most central nodes.

use std::io::{self, Write};

use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, Central, Stats};

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
    let ranked = if args.rank_kinds.is_empty() {
        query::Ranked::ActorsApart
    } else {
        let mut kinds = args.rank_kinds.clone();
        kinds.sort();
        kinds.dedup();
        query::Ranked::Only(kinds)
    };
    let stats = query::stats(graph, &subgraph, args.top, &ranked);
    match format {
        QueryFormat::Json => json(out, &StatsShape::new(graph, &stats)),
        QueryFormat::Text => text(&mut Visible::new(out), graph, &stats, &ranked),
    }
    .map_err(io_failure)
}

fn text(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    stats: &Stats,
    ranked: &query::Ranked,
) -> io::Result<()> {
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
    let listed = match ranked {
        query::Ranked::ActorsApart => "actors".to_string(),
        query::Ranked::Only(kinds) => {
            let labels: Vec<String> = kinds.iter().map(|k| k.label()).collect();
            format!("of kind {}", labels.join(", "))
        }
    };
    ranking(out, graph, &listed, &stats.by_degree, &stats.by_page_rank)?;
    if let Some(others) = &stats.others {
        ranking(
            out,
            graph,
            "events and things",
            &others.by_degree,
            &others.by_page_rank,
        )?;
    }
    Ok(())
}

/// The two tables of one group: `most connected actors`, `most central
/// actors`.
fn ranking(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    group: &str,
    by_degree: &[Central],
    by_page_rank: &[Central],
) -> io::Result<()> {
    writeln!(out, "\nmost connected {group} (edges in + out)")?;
    if by_degree.is_empty() {
        writeln!(out, "  none in the selection")?;
    } else {
        let rows: Vec<[String; 5]> = by_degree
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
    }
    writeln!(out, "\nmost central {group} (PageRank, damping 0.85)")?;
    if by_page_rank.is_empty() {
        return writeln!(out, "  none in the selection");
    }
    let rows: Vec<[String; 3]> = by_page_rank
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
