//! `agenda`: what comes next, and what is overdue.

use std::io::{self, Write};

use reggraph::graph::KnowledgeGraph;
use reggraph::query::{self, Agenda, AgendaQuery, Due, Fact, Item, Window};
use reggraph::words;

use crate::cli::args::{AgendaArgs, QueryFormat};
use crate::cli::json::AgendaShape;
use crate::cli::print::{Visible, json, one_line, plural, sources};
use crate::cli::{Failure, io_failure, query_failure, resolve_opt};

pub fn run(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    args: &AgendaArgs,
) -> Result<(), Failure> {
    let today = query::today();
    let until = args.until.or(args.within);
    let since = match args.since {
        Some(since) => since,
        None => {
            query::date_form("today", today).map_err(|e| Failure::usage(e.to_string(), None))?
        }
    };
    Window::new(Some(since), until).map_err(|e| query_failure(e.into()))?;
    let actor = resolve_opt(graph, args.actor.as_deref())?;
    let agenda = query::agenda(
        graph,
        &AgendaQuery {
            today,
            since: Some(since),
            until,
            actor,
        },
    );
    match format {
        QueryFormat::Json => json(out, &AgendaShape::new(graph, &agenda)),
        QueryFormat::Text => text(&mut Visible::new(out), graph, &agenda),
    }
    .map_err(io_failure)
}

/// The fact of an agenda line: a milestone with its scope, an edge as
/// `A --kind--> B`, a node by name.
fn item_text(graph: &KnowledgeGraph, item: &Item) -> String {
    match item.entry.fact {
        Fact::Node(n) => words::node(graph.node(n)),
        Fact::Edge(e) => {
            let (from, to) = graph.ends(e);
            format!(
                "{} --{}--> {}",
                graph.node(from).name,
                words::edge_undated(graph.edge(e)),
                graph.node(to).name
            )
        }
        Fact::Milestone(n, i) => {
            let node = graph.node(n);
            words::milestone_scoped(node, &node.milestones[i], true)
        }
    }
}

/// `from 2026-11-30 (today), no end`: the window, said first.
fn window_text(agenda: &Agenda) -> String {
    let today = agenda.since.precision() == reggraph::model::Precision::Day
        && agenda.since.first_day() == agenda.today;
    let mut text = format!("from {}", agenda.since);
    if today {
        text.push_str(" (today)");
    }
    match agenda.until {
        Some(until) => text.push_str(&format!(" to {until}")),
        None => text.push_str(", no end"),
    }
    text
}

fn text(out: &mut dyn Write, graph: &KnowledgeGraph, agenda: &Agenda) -> io::Result<()> {
    if agenda.items.is_empty() {
        return writeln!(
            out,
            "nothing dated {} and nothing overdue",
            window_text(agenda)
        );
    }
    writeln!(out, "{}", window_text(agenda))?;
    let width = agenda
        .items
        .iter()
        .map(|i| i.entry.when.to_string().len())
        .max()
        .unwrap_or(0);
    for item in &agenda.items {
        let due = match item.due {
            Due::Dated => "",
            other => other.label(),
        };
        let line = format!(
            "{:<width$}  {due:<7}  {}  {}",
            item.entry.when.to_string(),
            one_line(&item_text(graph, item)),
            sources(item.entry.source_list(graph))
        );
        writeln!(out, "{line}")?;
    }
    let overdue = agenda.overdue();
    write!(
        out,
        "{} fact{}",
        agenda.items.len(),
        plural(agenda.items.len())
    )?;
    match overdue {
        0 => writeln!(out),
        n => writeln!(out, ", {n} overdue (planned, date passed, not confirmed)"),
    }
}
