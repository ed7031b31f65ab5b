//! `money`: amounts along money edges, per currency.

use std::io::Write;

use reggraph::graph::KnowledgeGraph;
use reggraph::query;

use crate::cli::args::{Format, MoneyArgs};
use crate::cli::*;

/// Answers the command and prints it to `out`. The outer error is a query
/// that could not be answered; the inner one a failed write.
pub fn run(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    args: &MoneyArgs,
) -> Result<std::io::Result<()>, Failure> {
    Ok({
        let to = resolve_opt(graph, args.to.as_deref())?;
        let from = resolve_opt(graph, args.from.as_deref())?;
        if let Some(kind) = args.edge_kinds.iter().find(|k| !k.carries_money()) {
            return Err(Failure::usage(
                format!("`{}` edges carry no amounts", kind.label()),
                Some("money edges are funds, invests, finances and raises".into()),
            ));
        }
        let spec = args.time.spec(&args.edge_kinds);
        let selection = query::Selection::resolve(&spec, graph).map_err(query_failure)?;
        let by = args.by.map(query::GroupBy::from);
        let money = query::money(
            graph,
            &query::MoneyQuery {
                selection,
                to,
                from,
                by,
                statuses: args.status.iter().map(|&s| s.into()).collect(),
            },
        );
        let by_label = by.map(|b| match b {
            query::GroupBy::Funder => "funder",
            query::GroupBy::Recipient => "recipient",
            query::GroupBy::Year => "year",
        });
        report::money(out, format, graph, &money, by_label)
    })
}
