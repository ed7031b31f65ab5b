//! `show`: one node, its relations and their sources.

use std::io::{self, Write};

use reggraph::graph::KnowledgeGraph;
use reggraph::model::{Alternative, Edge, Node, Precision, Source};
use reggraph::query::{self, AsOf, Shown};
use reggraph::words;

use crate::cli::args::{QueryFormat, ShowArgs};
use crate::cli::json::ShowReport;
use crate::cli::print::{Visible, json, one_line};
use crate::cli::{Failure, io_failure, resolve};

pub fn run(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &ShowArgs,
) -> Result<(), Failure> {
    let node = resolve(graph, &args.node)?;
    let shown = query::show(graph, node, args.as_of.map(AsOf::new));
    match format {
        QueryFormat::Json => json(out, &ShowReport::new(graph, &shown)),
        QueryFormat::Text => text(&mut Visible::new(out), graph, &shown),
    }
    .map_err(io_failure)
}

fn text(out: &mut dyn Write, graph: &KnowledgeGraph, shown: &Shown) -> io::Result<()> {
    let node = graph.node(shown.node);
    writeln!(out, "{} ({})", one_line(&node.name), node.id)?;
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
        fields.push(("when", contested(when.to_string(), node.is_contested())));
    }
    if let Some(jurisdiction) = &node.jurisdiction {
        fields.push(("jurisdiction", jurisdiction.clone()));
    }
    if let Some(as_of) = shown.as_of {
        let mut text = as_of.written.to_string();
        if as_of.written.precision() != Precision::Day {
            text.push_str(&format!(" (to {})", as_of.day));
        }
        if !shown.existed {
            text.push_str(&match shown.ended {
                Some(end) => format!(": had ended ({end})"),
                None => ": did not exist yet".to_string(),
            });
        }
        fields.push(("as of", text));
    }
    if let Some(status) = shown.status {
        fields.push(("status", status.label()));
    }
    let day = shown.as_of.map_or_else(query::today, |a| a.day);
    if let Some(next) = query::next_milestone(node, day) {
        let mut text = format!("{} {}", next.date, words::stage_scoped(next));
        if !next.actual {
            text.push_str(words::PLANNED);
        }
        fields.push(("next", text));
    }
    fields.extend(
        quote_lines(&node.sources, node.quote.as_deref(), &node.citations)
            .into_iter()
            .map(|l| ("quote", l)),
    );
    fields.push(("sources", node.sources.join(", ")));
    for (name, value) in fields {
        writeln!(out, "  {name:<13}{}", one_line(&value))?;
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
                line.push_str(words::PLANNED);
            }
            if shown.as_of.is_some_and(|a| m.date.first_day() > a.day) {
                line.push_str(" (after the as-of date)");
            }
            if !m.sources.is_empty() {
                line.push_str(&format!("  [{}]", m.sources.join(", ")));
            }
            writeln!(out, "{}", one_line(line.trim_end()))?;
            for cited in cited_lines(&m.citations) {
                writeln!(out, "      {}", one_line(&cited))?;
            }
        }
    }
    for (title, relations, arrow) in [
        ("out", &shown.outgoing, "->"),
        ("in", &shown.incoming, "<-"),
    ] {
        writeln!(out, "\n{title} ({})", relations.len())?;
        for &(edge, other) in relations {
            let edge = graph.edge(edge);
            let line = relation_line(edge, arrow, graph.node(other));
            writeln!(out, "  {}", one_line(&line))?;
            for cited in quote_lines(&edge.sources, edge.quote.as_deref(), &edge.citations) {
                writeln!(out, "      {}", one_line(&cited))?;
            }
            if let Some(note) = &edge.note {
                writeln!(out, "      note: {}", one_line(note))?;
            }
        }
    }
    alternatives(out, graph, shown)?;
    writeln!(out, "\nsources ({})", shown.sources.len())?;
    for source in &shown.sources {
        let described = describe_source(source);
        writeln!(out, "  {:<26}{}", source.id, one_line(&described))?;
    }
    Ok(())
}

/// A fact's quotes with whose words they are (`reggraph::model::cited`: a
/// lone source's quote is that source's); a quote beside several sources
/// that no citation ties to one is shown on its own, as nobody's.
fn quote_lines(
    sources: &[String],
    quote: Option<&str>,
    citations: &[reggraph::model::Citation],
) -> Vec<String> {
    let mut lines = cited_lines(&reggraph::model::cited(sources, quote, citations));
    if let Some(quote) = quote
        && citations.is_empty()
        && sources.len() != 1
    {
        lines.push(format!("« {quote} »"));
    }
    lines
}

/// Each citation that says something, with whose words they are:
/// `« Créé il y a à peine quelques semaines » (alliancy-edito-2023-06, para. 4)`;
/// a citation with neither a quote nor a locator says only its source,
/// listed with the others.
fn cited_lines(citations: &[reggraph::model::Citation]) -> Vec<String> {
    citations
        .iter()
        .filter(|c| c.quote.is_some() || c.locator.is_some())
        .map(|c| {
            let mut whose = c.source.clone();
            if let Some(locator) = &c.locator {
                whose.push_str(&format!(", {locator}"));
            }
            if let Some(retrieved) = c.retrieved {
                whose.push_str(&format!(", retrieved {retrieved}"));
            }
            match &c.quote {
                Some(quote) => format!("« {quote} » ({whose})"),
                None => format!("({whose})"),
            }
        })
        .collect()
}

/// `co-founded      2023-04 -> mistral-ai (Mistral AI)  [src]`
fn relation_line(edge: &Edge, arrow: &str, other: &Node) -> String {
    let mut line = format!("{:<15}", edge.kind.label());
    if let Some(when) = edge.when() {
        line.push_str(&format!(" {when}"));
    }
    if let Some(amount) = &edge.amount {
        line.push(' ');
        line.push_str(&words::amount(amount));
    }
    if edge.is_contested() {
        line.push_str(words::CONTESTED);
    }
    line.push_str(&format!(" {arrow} {} ({})", other.id, other.name));
    line.push_str(&format!("  [{}]", edge.sources.join(", ")));
    line
}

/// `2023-06-14 (contested)` when sources disagree.
fn contested(value: String, is_contested: bool) -> String {
    if is_contested {
        value + words::CONTESTED
    } else {
        value
    }
}

/// Every value sources give for the node's contested date and for its
/// contested relations, with its rank and citations:
///
/// ```text
/// contested (1)
///   raises -> acme-round
///     EUR 105M secured  preferred  press-a « raised EUR 105M »
///     EUR 100M secured  normal     press-b « raised EUR 100M »
/// ```
fn alternatives(out: &mut dyn Write, graph: &KnowledgeGraph, shown: &Shown) -> io::Result<()> {
    let node = graph.node(shown.node);
    let mut facts: Vec<(String, &[Alternative])> = Vec::new();
    if node.is_contested() {
        facts.push(("date".to_string(), &node.alternatives));
    }
    for (relations, arrow) in [(&shown.outgoing, "->"), (&shown.incoming, "<-")] {
        for &(edge, other) in relations {
            let record = graph.edge(edge);
            if record.is_contested() {
                let other = &graph.node(other).id;
                facts.push((
                    format!("{} {arrow} {other}", record.kind.label()),
                    &record.alternatives,
                ));
            }
        }
    }
    if facts.is_empty() {
        return Ok(());
    }
    writeln!(out, "\ncontested ({})", facts.len())?;
    for (fact, list) in facts {
        writeln!(out, "  {}", one_line(&fact))?;
        let values: Vec<String> = list.iter().map(alternative_value).collect();
        let width = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
        for (alternative, value) in list.iter().zip(&values) {
            let mut line = format!("    {value:<width$}  {:<11}", alternative.rank.label());
            for citation in &alternative.citations {
                line.push_str(&format!(" {}", citation.source));
                if let Some(locator) = &citation.locator {
                    line.push_str(&format!(" ({locator})"));
                }
                if let Some(quote) = &citation.quote {
                    line.push_str(&format!(" « {quote} »"));
                }
            }
            if let Some(note) = &alternative.note {
                line.push_str(&format!("  note: {note}"));
            }
            writeln!(out, "{}", one_line(line.trim_end()))?;
        }
    }
    Ok(())
}

/// What an alternative says: `2023-06-13`, `EUR 100M secured`, or both.
fn alternative_value(alternative: &Alternative) -> String {
    let parts: Vec<String> = alternative
        .date
        .map(|d| d.to_string())
        .into_iter()
        .chain(alternative.amount.as_ref().map(words::amount))
        .collect();
    parts.join(" ")
}

/// `Alliancy, "Édito …", 2023-06, press, (fr), https://…`
fn describe_source(source: &Source) -> String {
    let mut parts = Vec::new();
    if let Some(publisher) = &source.publisher {
        parts.push(publisher.clone());
    }
    parts.push(format!("\"{}\"", source.title));
    if let Some(published) = source.published {
        parts.push(published.to_string());
    }
    if let Some(source_type) = source.source_type {
        parts.push(source_type.label());
    }
    if let Some(language) = &source.language {
        parts.push(format!("({language})"));
    }
    if let Some(url) = &source.url {
        parts.push(url.clone());
    }
    parts.join(", ")
}
