//! `money`: amounts along money edges, per currency.

use std::io::{self, Write};

use reggraph::graph::KnowledgeGraph;
use reggraph::model::short_amount;
use reggraph::query::{self, Group, MoneyReport, Total, YearKey};
use reggraph::words;

use crate::cli::args::{MoneyArgs, QueryFormat};
use crate::cli::json::MoneyShape;
use crate::cli::print::{Visible, json, plural, sources, table};
use crate::cli::{Failure, io_failure, resolve_opt};

pub fn run(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &MoneyArgs,
) -> Result<(), Failure> {
    let to = resolve_opt(graph, args.to.as_deref())?;
    let from = resolve_opt(graph, args.from.as_deref())?;
    if let Some(kind) = args.edge_kinds.iter().find(|k| !k.carries_money()) {
        return Err(Failure::usage(
            format!("`{}` edges carry no amounts", kind.label()),
            Some("money edges are funds, invests, finances and raises".into()),
        ));
    }
    let spec = args.time.spec(&args.edge_kinds);
    let selection = crate::cli::select(&spec, graph)?;
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
    match format {
        QueryFormat::Json => json(out, &MoneyShape::new(graph, &money, by_label)),
        QueryFormat::Text => text(&mut Visible::new(out), graph, &money, by_label),
    }
    .map_err(io_failure)
}

fn total_text(total: &Total) -> String {
    format!("{} {}", total.currency.code(), big_amount(total.value))
}

/// A total in the short form (`7.105bn` is written in full when it does not
/// round: `7,105,000,000`).
fn big_amount(value: u128) -> String {
    match u64::try_from(value) {
        Ok(v) => short_amount(v),
        Err(_) => value.to_string(),
    }
}

fn group_text(graph: &KnowledgeGraph, group: &Group) -> String {
    match group {
        Group::All => "all".into(),
        Group::Node(id, n) => format!("{id} ({})", graph.node(*n).name),
        Group::Year(YearKey::Year(y)) => y.to_string(),
        Group::Year(YearKey::Undated) => "undated".into(),
    }
}

fn text(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    report: &MoneyReport,
    by: Option<&'static str>,
) -> io::Result<()> {
    if report.flows.is_empty() {
        return writeln!(out, "no money edges match");
    }
    let rows: Vec<[String; 6]> = report
        .flows
        .iter()
        .map(|f| {
            let edge = graph.edge(f.edge);

            [
                f.when.map(|w| w.to_string()).unwrap_or_else(|| "-".into()),
                graph.node(f.funder).id.clone(),
                format!("--{}-->", edge.kind.label()),
                graph.node(f.recipient).id.clone(),
                match f.amount {
                    Some(money) if edge.is_contested() => {
                        format!("{}{}", words::amount(&money), words::CONTESTED)
                    }
                    Some(money) => words::amount(&money),
                    None => "amount not given".to_string(),
                },
                sources(&edge.sources),
            ]
        })
        .collect();
    table(
        out,
        ["DATE", "FUNDER", "", "RECIPIENT", "AMOUNT", "SOURCES"],
        &rows,
    )?;
    writeln!(
        out,
        "\ntotals{} (per currency and status, never summed across them)",
        by.map(|b| format!(" by {b}")).unwrap_or_default()
    )?;
    let rows: Vec<[String; 4]> = report
        .totals
        .iter()
        .map(|t| {
            [
                group_text(graph, &t.group),
                total_text(t),
                t.status.label().to_string(),
                format!("{} amount{}", t.count, plural(t.count)),
            ]
        })
        .collect();
    if rows.is_empty() {
        writeln!(out, "no amounts given")
    } else if by.is_some() {
        table(out, ["GROUP", "TOTAL", "STATUS", "COUNT"], &rows)
    } else {
        let rows: Vec<[String; 3]> = rows
            .into_iter()
            .map(|[_, total, status, from]| [total, status, from])
            .collect();
        table(out, ["TOTAL", "STATUS", "COUNT"], &rows)
    }
}
