//! `money`: amounts along money edges, per currency.

use std::io::{self, Write};

use petgraph::stable_graph::NodeIndex;
use reggraph::graph::KnowledgeGraph;
use reggraph::model::{Money, ShortAmount};
use reggraph::query::{self, Group, MoneyReport, Total, YearKey};
use reggraph::words;

use crate::cli::args::{MoneyArgs, QueryFormat};
use crate::cli::json::MoneyShape;
use crate::cli::print::{
    Row, Visible, json, plural, shown_width, sources, sources_into, table_rows,
    table_rows_measured, table_vec,
};
use crate::cli::{Failure, io_failure, resolve, resolve_opt};

pub fn run(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &MoneyArgs,
) -> Result<(), Failure> {
    let resolve_all = |ids: &[String]| {
        let mut nodes = ids
            .iter()
            .map(|id| resolve(graph, id))
            .collect::<Result<Vec<_>, _>>()?;
        nodes.sort_by_key(|&n| graph.id_rank(n));
        nodes.dedup();
        Ok::<_, Failure>(nodes)
    };
    let to = resolve_all(&args.to)?;
    let from = resolve_all(&args.from)?;
    let announced_by = resolve_opt(graph, args.announced_by.as_deref())?;
    if let Some(kind) = args.edge_kinds.iter().find(|k| !k.carries_money()) {
        return Err(Failure::usage(
            format!("`{}` edges carry no amounts", kind.label()),
            Some("money edges are funds, invests, finances and raises".into()),
        ));
    }
    let spec = args.time.spec(&args.edge_kinds);
    let selection = crate::cli::select(&spec, graph)?;
    let by = args.by.map(query::GroupBy::from);
    let mut sectors: Vec<query::SectorKey> = args.sector.iter().map(|&s| s.into()).collect();
    sectors.sort();
    sectors.dedup();
    let money = query::money(
        graph,
        &query::MoneyQuery {
            selection,
            to,
            from,
            by,
            statuses: args.status.iter().map(|&s| s.into()).collect(),
            sectors,
            announced_by,
            budgets: true,
        },
    );
    let by_label = by.map(|b| match b {
        query::GroupBy::Funder => "funder",
        query::GroupBy::Recipient => "recipient",
        query::GroupBy::Year => "year",
        query::GroupBy::Sector => "sector",
    });
    match format {
        QueryFormat::Json => json(out, &MoneyShape::new(graph, &money, by_label, announced_by)),
        QueryFormat::Text => text(
            &mut Visible::new(out),
            graph,
            &money,
            by_label,
            announced_by,
        ),
    }
    .map_err(io_failure)
}

/// A total's currency and amount.
fn total_text(total: &Total) -> Part {
    Part(total.currency.code(), total.value)
}

/// A total in the short form (`7.105bn` is written in full when it does not
/// round: `7,105,000,000`).
struct BigAmount(u128);

impl std::fmt::Display for BigAmount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match u64::try_from(self.0) {
            Ok(v) => ShortAmount(v).fmt(f),
            Err(_) => self.0.fmt(f),
        }
    }
}

/// An amount in a currency (`EUR 105M`), written where it goes.
struct Part(&'static str, u128);

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.0, BigAmount(self.1))
    }
}

/// An amount in a budget's currency and status.
fn part(budget: &Money, value: u128) -> String {
    Part(budget.currency.code(), value).to_string()
}

/// A group as its totals name it (a node by its id: the table adds its
/// name).
fn group_text(graph: &KnowledgeGraph, group: &Group) -> String {
    match group {
        Group::All => "all".into(),
        Group::Node(n) => graph.node_label(*n).id.into(),
        Group::Year(YearKey::Year(y)) => y.to_string(),
        Group::Year(YearKey::Undated) => "undated".into(),
        Group::Sector(sector) => sector.label().into(),
        Group::NoFunderNamed => "no funder named".into(),
    }
}

const NO_FUNDER: &str = "(no funder named)";

fn text(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    report: &MoneyReport,
    by: Option<&'static str>,
    announced_by: Option<petgraph::stable_graph::NodeIndex>,
) -> io::Result<()> {
    let unnamed_budgets: Vec<_> = report.budgets.iter().filter(|b| b.unnamed > 0).collect();
    if let Some(by) = announced_by {
        announced(out, graph, report, by)?;
    }
    if report.flows.is_empty() && unnamed_budgets.is_empty() {
        return writeln!(out, "no money edges match");
    }
    let announcing = announced_by.is_some();
    let when = |row: &mut Row, w: Option<reggraph::model::When>| match w {
        Some(w) => row.cell_fmt(format_args!("{w}")),
        None => row.cell("-"),
    };
    let mut header = vec!["DATE"];
    if announcing {
        header.push("ANNOUNCED");
    }
    header.extend(["FUNDER", "SECTOR", "", "RECIPIENT", "AMOUNT", "SOURCES"]);
    // A million flows make a table of hundreds of megabytes: its rows are
    // made as they are written, not kept. What the rows read of the store
    // is measured in file order first, where the table's order would read
    // it all over: whether each edge is contested, and the widest id of
    // the funders and of the recipients (each node once).
    let flows = &report.flows;
    let mut order: Vec<usize> = (0..flows.len()).collect();
    order.sort_unstable_by_key(|&i| flows[i].edge);
    let mut contested = vec![false; flows.len()];
    for &i in &order {
        contested[i] = graph.edge_contested(flows[i].edge);
    }
    drop(order);
    let widest_id = |nodes: &mut dyn Iterator<Item = NodeIndex>| {
        let mut seen = vec![false; graph.node_bound()];
        nodes.for_each(|n| seen[n.index()] = true);
        (0..seen.len())
            .filter(|&n| seen[n])
            .map(|n| shown_width(graph.node_label(NodeIndex::new(n)).id))
            .max()
            .unwrap_or(0)
    };
    let mut known = vec![0; header.len()];
    let funder_column = usize::from(announcing) + 1;
    known[funder_column] = widest_id(&mut flows.iter().map(|f| f.funder));
    known[funder_column + 3] = widest_id(&mut flows.iter().map(|f| f.recipient));
    let count = flows.len() + unnamed_budgets.len();
    table_rows_measured(out, &header, count, 0..count, &known, |i, row| {
        if let Some(f) = flows.get(i) {
            let measuring = row.measuring();
            when(row, f.when);
            if announcing {
                when(row, f.announced.flatten());
            }
            row.cell(if measuring {
                ""
            } else {
                graph.node_label(f.funder).id
            });
            row.cell(f.sector.label());
            row.cell_fmt(format_args!("--{}-->", f.kind.label_str()));
            row.cell(if measuring {
                ""
            } else {
                graph.node_label(f.recipient).id
            });
            match f.amount {
                Some(money) if contested[i] => row.cell_fmt(format_args!(
                    "{}{}",
                    words::Amount(&money),
                    words::CONTESTED
                )),
                Some(money) => row.cell_fmt(format_args!("{}", words::Amount(&money))),
                None => row.cell("amount not given"),
            }
            if !measuring {
                row.cell_with(|text| sources_into(text, graph.edge_sources(f.edge)));
            }
        } else {
            let b = unnamed_budgets[i - flows.len()];
            let node = graph.node(b.node);
            when(row, node.when());
            if announcing {
                let at = report.announced.iter().find(|a| a.node == b.node);
                when(row, at.and_then(|a| a.when));
            }
            row.cell(NO_FUNDER);
            row.cell("-");
            row.cell("--budget-->");
            row.cell(&node.id);
            row.cell_fmt(format_args!(
                "{} {} (rest of its budget)",
                part(&b.budget, b.unnamed),
                b.budget.status.label()
            ));
            row.cell(&sources(graph.node_label(b.node).sources));
        }
    })?;

    if !report.budgets.is_empty() {
        writeln!(
            out,
            "\nbudgets (each counted once: the money edges into it are its known funders, \
             the rest has no funder named)"
        )?;
        let rows: Vec<Vec<String>> = report
            .budgets
            .iter()
            .map(|b| {
                vec![
                    graph.node(b.node).id.clone(),
                    words::amount(&b.budget),
                    format!(
                        "{} on {} edge{}",
                        part(&b.budget, b.recorded),
                        b.recorded_count,
                        plural(b.recorded_count)
                    ),
                    part(&b.budget, b.counted),
                    part(&b.budget, b.unnamed),
                ]
            })
            .collect();
        table_vec(
            out,
            &[
                "NODE",
                "BUDGET",
                "RECORDED FUNDERS",
                "IN THIS ANSWER",
                "NO FUNDER NAMED",
            ],
            &rows,
        )?;
    }

    writeln!(
        out,
        "\ntotals{} (per currency and status, never summed across them)",
        by.map(|b| format!(" by {b}")).unwrap_or_default()
    )?;
    if report.totals.is_empty() {
        return writeln!(out, "no amounts given");
    }
    let mut header = Vec::new();
    if by.is_some() {
        header.push("GROUP");
    }
    header.extend(["TOTAL", "STATUS", "COUNT", ""]);
    table_rows(out, &header, report.totals.len(), |i, row| {
        let t = &report.totals[i];
        if by.is_some() {
            match &t.group {
                Group::Node(n) => {
                    let label = graph.node_label(*n);
                    row.cell_fmt(format_args!("{} ({})", label.id, label.name))
                }
                group => row.cell(&group_text(graph, group)),
            }
        }
        row.cell_fmt(format_args!("{}", total_text(t)));
        row.cell(t.status.label());
        row.cell_fmt(format_args!("{} amount{}", t.count, plural(t.count)));
        if t.unnamed > 0 {
            row.cell_fmt(format_args!(
                "of which {} {} with no funder named",
                t.currency.code(),
                BigAmount(t.unnamed)
            ));
        } else {
            row.cell("");
        }
    })?;
    if report.totals.iter().any(|t| t.unnamed > 0) {
        writeln!(
            out,
            "\n\"no funder named\": the part of a budget that no recorded money edge covers; \
             counted because its node is in this answer, but not known to be public or private."
        )?;
    }
    Ok(())
}

/// What `--announced-by` reached, money or not.
fn announced(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    report: &MoneyReport,
    by: petgraph::stable_graph::NodeIndex,
) -> io::Result<()> {
    let n = report.announced.len();
    writeln!(
        out,
        "announced by {} ({n} node{}):",
        graph.node(by).id,
        plural(n)
    )?;
    if n == 0 {
        return writeln!(out, "nothing in this time window\n");
    }
    let rows: Vec<Vec<String>> = report
        .announced
        .iter()
        .map(|a| {
            let budget = graph.node(a.node).budget;
            vec![
                a.when.map(|w| w.to_string()).unwrap_or("-".into()),
                graph.node(a.node).id.clone(),
                match a.via {
                    Some(v) => format!("part of {}", graph.node(v).id),
                    None => "announced".into(),
                },
                match (a.flows, budget) {
                    (0, None) => "no money edge".into(),
                    (k, None) => format!("{k} money edge{}", plural(k)),
                    (k, Some(b)) => {
                        format!("{k} money edge{}, budget {}", plural(k), words::amount(&b))
                    }
                },
            ]
        })
        .collect();
    table_vec(out, &["ANNOUNCED", "NODE", "HOW", "MONEY"], &rows)?;
    writeln!(out)
}
