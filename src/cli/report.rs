//! Printing query results (`neighbors`, `path`, `timeline`, `money`,
//! `stats`) as text or JSON. The shapes are documented in docs/json.md.

use std::io::{self, Write};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

use super::Format;
use super::json::{JsonFact, JsonPeriod, NodeRef};
use super::print::{json, table};
use reggraph::graph::KnowledgeGraph;
use reggraph::model::{Edge, When, short_amount};
use reggraph::query::{
    Central, Entry, Fact, Group, MoneyReport, Path, Reached, Stats, Total, YearKey,
};

/// An edge with its ends as ids: `{"from", "kind", "to", ...fact}`.
#[derive(Serialize)]
pub struct JsonEdge<'a> {
    pub from: &'a str,
    pub kind: String,
    pub to: &'a str,
    #[serde(flatten)]
    pub fact: JsonFact<'a>,
}

impl<'a> JsonEdge<'a> {
    pub fn new(graph: &'a KnowledgeGraph, edge: EdgeIndex) -> Self {
        let (from, to) = graph.ends(edge);
        let record = graph.edge(edge);
        JsonEdge {
            from: &graph.node(from).id,
            kind: record.kind.label(),
            to: &graph.node(to).id,
            fact: JsonFact::from(record),
        }
    }
}

/// `raises EUR 105M secured (2023-06-14)`: an edge's kind, amount and time.
pub fn edge_words(edge: &Edge) -> String {
    let mut words = edge.kind.label();
    if let Some(amount) = &edge.amount {
        words.push_str(&format!(" {amount} {}", amount.status.label()));
    }
    if let Some(when) = edge.when() {
        words.push_str(&format!(" ({when})"));
    }
    words
}

/// `--raises EUR 105M secured (2023-06-14)-->` walked forward, or
/// `<--co-founded (2023-04)--` walked against the arrow.
pub fn arrow(edge: &Edge, forward: bool) -> String {
    if forward {
        format!("--{}-->", edge_words(edge))
    } else {
        format!("<--{}--", edge_words(edge))
    }
}

fn sources(list: &[String]) -> String {
    format!("[{}]", list.join(", "))
}

// ---------------------------------------------------------------- neighbors

pub fn neighbors(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    reached: &[Reached],
    depth: usize,
    direction: &str,
) -> io::Result<()> {
    let centre = reached[0].node;
    let max = reached.last().map_or(0, |r| r.distance);
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Layer<'a> {
                distance: usize,
                nodes: Vec<Near<'a>>,
            }
            #[derive(Serialize)]
            struct Near<'a> {
                node: NodeRef<'a>,
                via: JsonEdge<'a>,
                /// The node the edge was walked from.
                from: &'a str,
            }
            #[derive(Serialize)]
            struct Shape<'a> {
                centre: NodeRef<'a>,
                depth: usize,
                direction: &'a str,
                layers: Vec<Layer<'a>>,
            }
            let layers = (1..=max)
                .map(|distance| Layer {
                    distance,
                    nodes: reached
                        .iter()
                        .filter(|r| r.distance == distance)
                        .map(|r| {
                            let (edge, from) = r.via.expect("only the centre has no edge");
                            Near {
                                node: NodeRef::new(graph.node(r.node)),
                                via: JsonEdge::new(graph, edge),
                                from: &graph.node(from).id,
                            }
                        })
                        .collect(),
                })
                .collect();
            json(
                out,
                &Shape {
                    centre: NodeRef::new(graph.node(centre)),
                    depth,
                    direction,
                    layers,
                },
            )
        }
        Format::Text => {
            let node = graph.node(centre);
            let count = reached.len() - 1;
            writeln!(
                out,
                "{} ({}): {count} node{} within {depth} edge{}",
                node.name,
                node.id,
                if count == 1 { "" } else { "s" },
                if depth == 1 { "" } else { "s" }
            )?;
            if count == 0 {
                writeln!(
                    out,
                    "no neighbours match; try a larger --depth, --direction both or fewer filters"
                )?;
            }
            for distance in 1..=max {
                let layer: Vec<&Reached> =
                    reached.iter().filter(|r| r.distance == distance).collect();
                writeln!(
                    out,
                    "\n{distance} edge{} away ({})",
                    if distance == 1 { "" } else { "s" },
                    layer.len()
                )?;
                let width = layer
                    .iter()
                    .map(|r| graph.node(r.node).id.chars().count())
                    .max()
                    .unwrap_or(0);
                for r in layer {
                    let near = graph.node(r.node);
                    let (edge, from) = r.via.expect("only the centre has no edge");
                    let record = graph.edge(edge);
                    let forward = graph.ends(edge).0 == from;
                    writeln!(
                        out,
                        "  {:<width$}  {} ({})",
                        near.id,
                        near.name,
                        near.kind.label()
                    )?;
                    writeln!(
                        out,
                        "  {:<width$}    {} {} {}  {}",
                        "",
                        graph.node(from).id,
                        arrow(record, forward),
                        near.id,
                        sources(&record.sources)
                    )?;
                }
            }
            Ok(())
        }
    }
}

// --------------------------------------------------------------------- path

/// `Arthur Mensch --co-founded (2023-04)--> Mistral AI --raises ...--> ...`
pub fn chain(graph: &KnowledgeGraph, path: &Path) -> String {
    let mut text = graph.node(path.start).name.clone();
    for step in &path.steps {
        text.push_str(&format!(
            " {} {}",
            arrow(graph.edge(step.edge), step.forward),
            graph.node(step.to).name
        ));
    }
    text
}

pub fn paths(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    (from, to): (NodeIndex, NodeIndex),
    found: &[Path],
    more: bool,
    all: Option<usize>,
) -> io::Result<()> {
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct JsonStep<'a> {
                #[serde(flatten)]
                edge: JsonEdge<'a>,
                /// `true` when walked along the arrow.
                forward: bool,
            }
            #[derive(Serialize)]
            struct JsonPath<'a> {
                length: usize,
                nodes: Vec<NodeRef<'a>>,
                steps: Vec<JsonStep<'a>>,
            }
            #[derive(Serialize)]
            struct Shape<'a> {
                from: NodeRef<'a>,
                to: NodeRef<'a>,
                paths: Vec<JsonPath<'a>>,
                /// More paths exist than were listed (`--limit`).
                truncated: bool,
            }
            let paths = found
                .iter()
                .map(|p| JsonPath {
                    length: p.len(),
                    nodes: p
                        .nodes()
                        .iter()
                        .map(|&n| NodeRef::new(graph.node(n)))
                        .collect(),
                    steps: p
                        .steps
                        .iter()
                        .map(|s| JsonStep {
                            edge: JsonEdge::new(graph, s.edge),
                            forward: s.forward,
                        })
                        .collect(),
                })
                .collect();
            json(
                out,
                &Shape {
                    from: NodeRef::new(graph.node(from)),
                    to: NodeRef::new(graph.node(to)),
                    paths,
                    truncated: more,
                },
            )
        }
        Format::Text => {
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
                writeln!(out, "{}", chain(graph, path))?;
                for step in &path.steps {
                    let record = graph.edge(step.edge);
                    let (source, target) = graph.ends(step.edge);
                    writeln!(
                        out,
                        "  {} --{}--> {}  {}",
                        graph.node(source).id,
                        record.kind.label(),
                        graph.node(target).id,
                        sources(&record.sources)
                    )?;
                }
            }
            Ok(())
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

// ----------------------------------------------------------------- timeline

fn entry_sources<'a>(graph: &'a KnowledgeGraph, entry: &Entry) -> &'a [String] {
    match entry.fact {
        Fact::Node(n) => &graph.node(n).sources,
        Fact::Edge(e) => &graph.edge(e).sources,
        Fact::Milestone(n, i) => &graph.node(n).milestones[i].sources,
    }
}

fn entry_text(graph: &KnowledgeGraph, entry: &Entry) -> String {
    match entry.fact {
        Fact::Node(n) => {
            let node = graph.node(n);
            format!("{} ({}, {})", node.name, node.kind.label(), node.id)
        }
        Fact::Edge(e) => {
            let (from, to) = graph.ends(e);
            let edge = graph.edge(e);
            let mut words = edge.kind.label();
            if let Some(amount) = &edge.amount {
                words.push_str(&format!(" {amount} {}", amount.status.label()));
            }
            format!(
                "{} --{words}--> {}",
                graph.node(from).name,
                graph.node(to).name
            )
        }
        Fact::Milestone(n, i) => {
            let node = graph.node(n);
            let m = &node.milestones[i];
            let mut text = format!("{}: {}", node.name, m.stage.label());
            if let Some(note) = &m.note {
                text.push_str(&format!(" ({note})"));
            }
            if !m.actual {
                text.push_str(" [planned]");
            }
            text
        }
    }
}

pub fn timeline(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    entries: &[Entry],
) -> io::Result<()> {
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct JsonMilestone<'a> {
                regulation: NodeRef<'a>,
                stage: String,
                actual: bool,
                #[serde(skip_serializing_if = "Option::is_none")]
                note: Option<&'a str>,
            }
            #[derive(Serialize)]
            struct JsonEntry<'a> {
                date: String,
                precision: &'static str,
                #[serde(skip_serializing_if = "Option::is_none")]
                period: Option<JsonPeriod>,
                #[serde(rename = "type")]
                kind: &'static str,
                #[serde(skip_serializing_if = "Option::is_none")]
                node: Option<NodeRef<'a>>,
                #[serde(skip_serializing_if = "Option::is_none")]
                edge: Option<JsonEdge<'a>>,
                #[serde(skip_serializing_if = "Option::is_none")]
                milestone: Option<JsonMilestone<'a>>,
                sources: &'a [String],
            }
            let rows: Vec<JsonEntry> = entries
                .iter()
                .map(|e| {
                    let mut row = JsonEntry {
                        date: e.date.to_string(),
                        precision: e.date.precision().label(),
                        period: match &e.when {
                            When::During(p) => Some(JsonPeriod::from(p)),
                            When::On(_) => None,
                        },
                        kind: "",
                        node: None,
                        edge: None,
                        milestone: None,
                        sources: entry_sources(graph, e),
                    };
                    match e.fact {
                        Fact::Node(n) => {
                            row.kind = "node";
                            row.node = Some(NodeRef::new(graph.node(n)));
                        }
                        Fact::Edge(edge) => {
                            row.kind = "edge";
                            row.edge = Some(JsonEdge::new(graph, edge));
                        }
                        Fact::Milestone(n, i) => {
                            let m = &graph.node(n).milestones[i];
                            row.kind = "milestone";
                            row.milestone = Some(JsonMilestone {
                                regulation: NodeRef::new(graph.node(n)),
                                stage: m.stage.label(),
                                actual: m.actual,
                                note: m.note.as_deref(),
                            });
                        }
                    }
                    row
                })
                .collect();
            #[derive(Serialize)]
            struct Shape<'a> {
                entries: Vec<JsonEntry<'a>>,
            }
            json(out, &Shape { entries: rows })
        }
        Format::Text => {
            if entries.is_empty() {
                return writeln!(out, "no dated facts match");
            }
            let width = entries
                .iter()
                .map(|e| e.when.to_string().len())
                .max()
                .unwrap_or(0);
            for entry in entries {
                writeln!(
                    out,
                    "{:<width$}  {}  {}",
                    entry.when.to_string(),
                    entry_text(graph, entry),
                    sources(entry_sources(graph, entry))
                )?;
            }
            writeln!(out, "{} fact{}", entries.len(), plural(entries.len()))
        }
    }
}

// -------------------------------------------------------------------- money

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

pub fn money(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    report: &MoneyReport,
    by: Option<&'static str>,
) -> io::Result<()> {
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct JsonFlow<'a> {
                funder: NodeRef<'a>,
                recipient: NodeRef<'a>,
                edge: JsonEdge<'a>,
            }
            #[derive(Serialize)]
            struct JsonTotal<'a> {
                #[serde(skip_serializing_if = "Option::is_none")]
                node: Option<NodeRef<'a>>,
                /// With `--by year`: the year, `null` for undated amounts.
                #[serde(skip_serializing_if = "Option::is_none")]
                year: Option<Option<i16>>,
                currency: &'static str,
                status: &'static str,
                value: u128,
                minor_units: u128,
                count: usize,
            }
            #[derive(Serialize)]
            struct Shape<'a> {
                by: Option<&'static str>,
                flows: Vec<JsonFlow<'a>>,
                totals: Vec<JsonTotal<'a>>,
            }
            let flows = report
                .flows
                .iter()
                .map(|f| JsonFlow {
                    funder: NodeRef::new(graph.node(f.funder)),
                    recipient: NodeRef::new(graph.node(f.recipient)),
                    edge: JsonEdge::new(graph, f.edge),
                })
                .collect();
            let totals = report
                .totals
                .iter()
                .map(|t| JsonTotal {
                    node: match &t.group {
                        Group::Node(_, n) => Some(NodeRef::new(graph.node(*n))),
                        _ => None,
                    },
                    year: match &t.group {
                        Group::Year(YearKey::Year(y)) => Some(Some(*y)),
                        Group::Year(YearKey::Undated) => Some(None),
                        _ => None,
                    },
                    currency: t.currency.code(),
                    status: t.status.label(),
                    value: t.value,
                    minor_units: t.value * 10u128.pow(t.currency.minor_digits()),
                    count: t.count,
                })
                .collect();
            json(out, &Shape { by, flows, totals })
        }
        Format::Text => {
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
                            Some(money) => format!("{money} {}", money.status.label()),
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
    }
}

// -------------------------------------------------------------------- stats

pub fn stats(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    stats: &Stats,
) -> io::Result<()> {
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Count {
                kind: String,
                count: usize,
            }
            #[derive(Serialize)]
            struct Ranked<'a> {
                node: NodeRef<'a>,
                in_degree: usize,
                out_degree: usize,
                degree: usize,
                page_rank: f64,
            }
            #[derive(Serialize)]
            struct Shape<'a> {
                nodes: usize,
                edges: usize,
                node_kinds: Vec<Count>,
                edge_kinds: Vec<Count>,
                by_degree: Vec<Ranked<'a>>,
                by_page_rank: Vec<Ranked<'a>>,
            }
            let ranked = |c: &Central| Ranked {
                node: NodeRef::new(graph.node(c.node)),
                in_degree: c.in_degree,
                out_degree: c.out_degree,
                degree: c.degree(),
                page_rank: round(c.page_rank),
            };
            json(
                out,
                &Shape {
                    nodes: stats.nodes,
                    edges: stats.edges,
                    node_kinds: stats
                        .node_kinds
                        .iter()
                        .map(|(k, n)| Count {
                            kind: k.label(),
                            count: *n,
                        })
                        .collect(),
                    edge_kinds: stats
                        .edge_kinds
                        .iter()
                        .map(|(k, n)| Count {
                            kind: k.label(),
                            count: *n,
                        })
                        .collect(),
                    by_degree: stats.by_degree.iter().map(ranked).collect(),
                    by_page_rank: stats.by_page_rank.iter().map(ranked).collect(),
                },
            )
        }
        Format::Text => {
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
    }
}

/// PageRank to 6 decimals in JSON, so floating-point noise in the last
/// digits does not change the output bytes.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn table_body<const N: usize>(out: &mut dyn Write, rows: &[[String; N]]) -> io::Result<()> {
    let mut buffer = Vec::new();
    table(&mut buffer, [""; N], rows)?;
    // Drop the empty header line.
    let text = String::from_utf8(buffer).expect("table writes UTF-8");
    out.write_all(
        text.split_once('\n')
            .map_or("", |(_, rest)| rest)
            .as_bytes(),
    )
}
