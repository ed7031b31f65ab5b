//! `list`: the nodes that match, as a table or JSON rows.

use std::io::Write;

use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, AsOf, ListQuery};

use crate::cli::args::{ListArgs, QueryFormat};
use crate::cli::json::ListRow;
use crate::cli::print::{Visible, json, table};
use crate::cli::{Failure, io_failure};

pub fn run(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &ListArgs,
) -> Result<(), Failure> {
    let sources = args.sources.filter();
    sources.check(graph).map_err(crate::cli::query_failure)?;
    let found = query::list(
        graph,
        &ListQuery {
            kinds: args.kinds.clone(),
            as_of: args.as_of.map(AsOf::new),
            tag: args.tag.clone(),
            matching: args.matching.clone(),
            sources,
        },
    );
    match format {
        QueryFormat::Json => json(
            out,
            &found
                .iter()
                .map(|&i| ListRow::new(graph.node(i)))
                .collect::<Vec<_>>(),
        ),
        QueryFormat::Text => {
            let out = &mut Visible::new(out);
            let rows: Vec<[String; 3]> = found
                .iter()
                .map(|&i| {
                    let label = graph.node_label(i);
                    [
                        label.id.to_string(),
                        graph.node_kind(i).label(),
                        label.name.to_string(),
                    ]
                })
                .collect();
            table(out, ["ID", "KIND", "NAME"], &rows)
                .and_then(|_| writeln!(out, "{} of {} nodes", rows.len(), graph.node_count()))
        }
    }
    .map_err(io_failure)
}
