//! Printing command results as text tables for people or JSON for scripts.

use std::io::{self, Write};

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;
use serde::Serialize;

use super::Format;
use super::args::ListArgs;
use super::json::{JsonFact, JsonNode, JsonRelation, NodeRef};
use reggraph::graph::KnowledgeGraph;
use reggraph::model::{Edge, Node, Source};
use reggraph::query::{self, AsOf, Selection};
use reggraph::suggest;

pub fn list(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    args: &ListArgs,
) -> io::Result<()> {
    let needle = args.matching.as_deref().map(suggest::fold);
    let nodes: Vec<&Node> = graph
        .nodes()
        .into_iter()
        .map(|i| graph.node(i))
        .filter(|n| args.kinds.is_empty() || args.kinds.contains(&n.kind))
        .filter(|n| {
            args.as_of.is_none_or(|as_of| {
                let day = as_of.last_day();
                query::holds_on(n.when(), day) && query::regulation_exists_on(n, day)
            })
        })
        .filter(|n| {
            args.tag
                .as_ref()
                .is_none_or(|t| n.tags.iter().any(|tag| tag.eq_ignore_ascii_case(t)))
        })
        .filter(|n| {
            needle.as_ref().is_none_or(|needle| {
                std::iter::once(&n.id)
                    .chain(std::iter::once(&n.name))
                    .chain(n.aliases.iter())
                    .any(|text| suggest::fold(text).contains(needle.as_str()))
            })
        })
        .collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Row<'a> {
                id: &'a str,
                kind: String,
                name: &'a str,
                aliases: &'a [String],
                tags: &'a [String],
            }
            let rows: Vec<Row> = nodes
                .iter()
                .map(|n| Row {
                    id: &n.id,
                    kind: n.kind.label(),
                    name: &n.name,
                    aliases: &n.aliases,
                    tags: &n.tags,
                })
                .collect();
            json(out, &rows)
        }
        Format::Text => {
            let rows: Vec<[String; 3]> = nodes
                .iter()
                .map(|n| [n.id.clone(), n.kind.label(), n.name.clone()])
                .collect();
            table(out, ["ID", "KIND", "NAME"], &rows)?;
            writeln!(out, "{} of {} nodes", nodes.len(), graph.node_count())
        }
    }
}

pub fn show(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    index: NodeIndex,
    as_of: Option<AsOf>,
) -> io::Result<()> {
    let node = graph.node(index);
    let mut selection = Selection::all();
    selection.as_of = as_of;
    let held = |(edge, _): &(petgraph::stable_graph::EdgeIndex, NodeIndex)| {
        selection.keeps_edge(graph, *edge)
    };
    let mut outgoing = graph.relations(index, Direction::Outgoing);
    outgoing.retain(held);
    let mut incoming = graph.relations(index, Direction::Incoming);
    incoming.retain(held);
    let day = as_of.map(|a| a.day);
    let status = query::regulation_status(node, day).map(|s| s.label());
    let existed = day.is_none_or(|day| {
        query::holds_on(node.when(), day) && query::regulation_exists_on(node, day)
    });
    let mut cited: Vec<&str> = node.sources.iter().map(String::as_str).collect();
    for (edge, _) in outgoing.iter().chain(&incoming) {
        cited.extend(graph.edge(*edge).sources.iter().map(String::as_str));
    }
    for milestone in &node.milestones {
        cited.extend(milestone.sources.iter().map(String::as_str));
    }
    cited.sort_unstable();
    cited.dedup();
    let sources: Vec<&Source> = cited.iter().filter_map(|id| graph.source(id)).collect();
    let relation = |(edge, other): &(petgraph::stable_graph::EdgeIndex, NodeIndex)| {
        let edge = graph.edge(*edge);
        JsonRelation {
            kind: edge.kind.label(),
            node: NodeRef::new(graph.node(*other)),
            fact: JsonFact::from(edge),
        }
    };
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Shown<'a> {
                node: JsonNode<'a>,
                /// With `--as-of`: the date asked, and whether the node
                /// existed then.
                #[serde(skip_serializing_if = "Option::is_none")]
                as_of: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                existed: Option<bool>,
                /// With `--as-of`, when it did not hold: the end of its
                /// period, if that was before the date.
                #[serde(skip_serializing_if = "Option::is_none")]
                ended: Option<String>,
                outgoing: Vec<JsonRelation<'a>>,
                incoming: Vec<JsonRelation<'a>>,
                sources: Vec<&'a Source>,
            }
            json(
                out,
                &Shown {
                    node: JsonNode::new(node, status),
                    as_of: as_of.map(|a| a.written.to_string()),
                    existed: as_of.map(|_| existed),
                    ended: as_of
                        .filter(|_| !existed)
                        .and_then(|a| ended_by(node, a.day))
                        .map(|d| d.to_string()),
                    outgoing: outgoing.iter().map(relation).collect(),
                    incoming: incoming.iter().map(relation).collect(),
                    sources,
                },
            )
        }
        Format::Text => {
            writeln!(out, "{} ({})", node.name, node.id)?;
            let mut fields: Vec<(&str, String)> = vec![("kind", node.kind.label())];
            if !node.aliases.is_empty() {
                fields.push(("aliases", node.aliases.join(", ")));
            }
            if let Some(description) = &node.description {
                fields.push(("description", description.clone()));
            }
            if !node.tags.is_empty() {
                fields.push(("tags", node.tags.join(", ")));
            }
            if let Some(when) = node.when() {
                fields.push(("when", when.to_string()));
            }
            if let Some(jurisdiction) = &node.jurisdiction {
                fields.push(("jurisdiction", jurisdiction.clone()));
            }
            if let Some(as_of) = as_of {
                let mut text = as_of.written.to_string();
                if as_of.written.precision() != reggraph::model::Precision::Day {
                    text.push_str(&format!(" (to {})", as_of.day));
                }
                if !existed {
                    text.push_str(&match ended_by(node, as_of.day) {
                        Some(end) => format!(": had ended ({end})"),
                        None => ": did not exist yet".to_string(),
                    });
                }
                fields.push(("as of", text));
            }
            if let Some(status) = status {
                fields.push(("status", status));
            }
            if let Some(quote) = &node.quote {
                fields.push(("quote", format!("« {quote} »")));
            }
            fields.push(("sources", node.sources.join(", ")));
            for (name, value) in fields {
                writeln!(out, "  {name:<13}{value}")?;
            }
            if !node.milestones.is_empty() {
                writeln!(out, "\nmilestones ({})", node.milestones.len())?;
                for m in &node.milestones {
                    let mut line = format!("  {:<11} {:<20}", m.date.to_string(), m.stage.label());
                    if let Some(note) = &m.note {
                        line.push(' ');
                        line.push_str(note);
                    }
                    if !m.actual {
                        line.push_str(" (planned)");
                    }
                    if day.is_some_and(|day| m.date.first_day() > day) {
                        line.push_str(" (after the as-of date)");
                    }
                    if !m.sources.is_empty() {
                        line.push_str(&format!("  [{}]", m.sources.join(", ")));
                    }
                    writeln!(out, "{}", line.trim_end())?;
                }
            }
            for (title, relations, arrow) in [("out", &outgoing, "->"), ("in", &incoming, "<-")] {
                writeln!(out, "\n{title} ({})", relations.len())?;
                for pair in relations.iter() {
                    let edge = graph.edge(pair.0);
                    let other = graph.node(pair.1);
                    writeln!(out, "  {}", relation_line(edge, arrow, other))?;
                    if let Some(quote) = &edge.quote {
                        writeln!(out, "      « {quote} »")?;
                    }
                    if let Some(note) = &edge.note {
                        writeln!(out, "      note: {note}")?;
                    }
                }
            }
            writeln!(out, "\nsources ({})", sources.len())?;
            for source in sources {
                writeln!(out, "  {:<26}{}", source.id, describe_source(source))?;
            }
            Ok(())
        }
    }
}

/// `co-founded  2023-04  -> mistral-ai (Mistral AI)  [src]`
fn relation_line(edge: &Edge, arrow: &str, other: &Node) -> String {
    let mut line = format!("{:<15}", edge.kind.label());
    if let Some(when) = edge.when() {
        line.push_str(&format!(" {when}"));
    }
    if let Some(amount) = &edge.amount {
        line.push_str(&format!(" {amount} {}", amount.status.label()));
    }
    line.push_str(&format!(" {arrow} {} ({})", other.id, other.name));
    line.push_str(&format!("  [{}]", edge.sources.join(", ")));
    line
}

fn describe_source(source: &Source) -> String {
    let mut parts = Vec::new();
    if let Some(publisher) = &source.publisher {
        parts.push(publisher.clone());
    }
    parts.push(format!("\"{}\"", source.title));
    if let Some(published) = source.published {
        parts.push(published.to_string());
    }
    if let Some(language) = &source.language {
        parts.push(format!("({language})"));
    }
    if let Some(url) = &source.url {
        parts.push(url.clone());
    }
    parts.join(", ")
}

/// The end of a node's period when it is before `day`.
fn ended_by(node: &Node, day: jiff::civil::Date) -> Option<reggraph::model::PartialDate> {
    match node.when() {
        Some(reggraph::model::When::During(period)) => {
            period.end.filter(|end| end.last_day() < day)
        }
        _ => None,
    }
}

pub(super) fn table<const N: usize>(
    out: &mut dyn Write,
    header: [&str; N],
    rows: &[[String; N]],
) -> io::Result<()> {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == N {
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        text
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

pub(super) fn json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::from(kind),
        None => io::Error::other(e),
    })?;
    writeln!(out)
}
