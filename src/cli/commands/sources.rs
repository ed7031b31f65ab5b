//! `sources`: each declared source with the facts it supports, and
//! `facts`: every fact with its citations.

use std::io::{self, Write};

use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, Fact, FactsQuery};
use reggraph::words;

use crate::cli::args::{FactsArgs, QueryFormat, SourcesArgs};
use crate::cli::json::{FactRow, SourceRow};
use crate::cli::print::{Visible, json, one_line, plural, table};
use crate::cli::{Failure, io_failure};

pub fn run(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &SourcesArgs,
) -> Result<(), Failure> {
    let mut uses = query::source_uses(graph);
    if args.unused {
        uses.retain(|u| u.is_unused());
    }
    match format {
        QueryFormat::Json => json(out, &uses.iter().map(SourceRow::new).collect::<Vec<_>>()),
        QueryFormat::Text => {
            let out = &mut Visible::new(out);
            if uses.is_empty() {
                let what = if args.unused {
                    "unused sources"
                } else {
                    "sources"
                };
                writeln!(out, "no {what}")
            } else {
                let rows: Vec<[String; 7]> = uses
                    .iter()
                    .map(|u| {
                        let s = u.source;
                        [
                            s.id.clone(),
                            s.source_type.map(|t| t.label()).unwrap_or_default(),
                            s.publisher.clone().unwrap_or_default(),
                            u.nodes.to_string(),
                            u.edges.to_string(),
                            u.milestones.to_string(),
                            s.title.clone(),
                        ]
                    })
                    .collect();
                table(
                    out,
                    [
                        "ID",
                        "TYPE",
                        "PUBLISHER",
                        "NODES",
                        "EDGES",
                        "MILESTONES",
                        "TITLE",
                    ],
                    &rows,
                )
                .and_then(|_| {
                    let all = graph.sources().count();
                    writeln!(out, "{} of {} source{}", rows.len(), all, plural(all))
                })
            }
        }
    }
    .map_err(io_failure)
}

pub fn facts(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &FactsArgs,
) -> Result<(), Failure> {
    let sources = args.sources.filter();
    sources.check(graph).map_err(crate::cli::query_failure)?;
    let facts = query::facts(
        graph,
        &FactsQuery {
            sources,
            without_quote: args.no_quote,
        },
    );
    match format {
        QueryFormat::Json => json(
            out,
            &facts
                .iter()
                .map(|&f| FactRow::new(graph, f))
                .collect::<Vec<_>>(),
        ),
        QueryFormat::Text => facts_text(&mut Visible::new(out), graph, &facts),
    }
    .map_err(io_failure)
}

/// `Guillaume Lample (person, guillaume-lample)`, an edge as its ends'
/// names around its words, a milestone as `AI Act: proposed (2021-04-21)`.
pub fn fact_text(graph: &KnowledgeGraph, fact: Fact) -> String {
    match fact {
        Fact::Node(n) => words::node(graph.node(n)),
        Fact::Edge(e) => {
            let (from, to) = graph.ends(e);
            format!(
                "{} --{}--> {}",
                graph.node(from).name,
                words::edge(graph.edge(e)),
                graph.node(to).name
            )
        }
        Fact::Milestone(n, i) => {
            let node = graph.node(n);
            let m = &node.milestones[i];
            format!("{} ({})", words::milestone(node, m, true), m.date)
        }
    }
}

fn facts_text(out: &mut dyn Write, graph: &KnowledgeGraph, facts: &[Fact]) -> io::Result<()> {
    if facts.is_empty() {
        return writeln!(out, "no facts match");
    }
    for &fact in facts {
        let what = match fact {
            Fact::Node(_) => "node",
            Fact::Edge(_) => "edge",
            Fact::Milestone(..) => "milestone",
        };
        writeln!(out, "{what:<10} {}", one_line(&fact_text(graph, fact)))?;
        for citation in query::citations_of(graph, fact) {
            writeln!(out, "  {}", one_line(&citation_text(&citation)))?;
        }
    }
    writeln!(out, "{} fact{}", facts.len(), plural(facts.len()))
}

/// `alliancy-edito-2023-06: "quote" (para. 4; retrieved 2026-11-30)`, or
/// the source id alone when the citation has no words.
pub fn citation_text(citation: &reggraph::model::Citation) -> String {
    let mut text = citation.source.clone();
    if let Some(quote) = &citation.quote {
        text.push_str(&format!(": \"{quote}\""));
    }
    let mut place: Vec<String> = citation.locator.iter().cloned().collect();
    place.extend(citation.retrieved.map(|d| format!("retrieved {d}")));
    if !place.is_empty() {
        text.push_str(&format!(" ({})", place.join("; ")));
    }
    text
}
