//! What comes next: milestones and dated facts from a day on, and the
//! planned milestones whose date has passed without being confirmed.
//!
//! - The window starts today (or at `since`) and has no end unless one is
//!   given. A fact is placed where `timeline` places it (a period at its
//!   start), and is listed when that date meets the window, by precision: a
//!   milestone dated `2026` is still ahead on 2026-11-30.
//! - A planned milestone (`actual: false`) whose date has entirely passed
//!   (its last day is before today, the rule `check`'s
//!   `planned-milestone-passed` uses) is **overdue**: it is listed whatever
//!   the window, since it is what a window from today would hide.
//! - With an actor: the facts it takes part in (its own date, its dated
//!   relations, its milestones) and the milestones of every regulation it
//!   has a relation with, either way (what the European Parliament
//!   negotiates, what a company is regulated by).

use jiff::civil::Date;
use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;

use super::time::Window;
use super::timeline::{Entry, Fact, TimelineQuery, timeline};
use crate::graph::KnowledgeGraph;
use crate::model::{Milestone, Node, PartialDate};

/// How an agenda entry stands against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Due {
    /// A planned milestone whose date has passed, not confirmed as reached.
    Overdue,
    /// A planned milestone still to come.
    Planned,
    /// Any other fact: an actual milestone, a dated node or edge.
    Dated,
}

impl Due {
    pub fn label(self) -> &'static str {
        match self {
            Due::Overdue => "overdue",
            Due::Planned => "planned",
            Due::Dated => "dated",
        }
    }
}

/// One line of the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub entry: Entry,
    pub due: Due,
}

/// Options of an agenda.
#[derive(Debug, Clone)]
pub struct AgendaQuery {
    /// The day things are due against (`query::today()` on the command
    /// line).
    pub today: Date,
    /// From this date (today when `None`).
    pub since: Option<PartialDate>,
    /// Up to this date, inclusive (no end when `None`).
    pub until: Option<PartialDate>,
    /// Only what this node takes part in, and the milestones of the
    /// regulations it is linked to.
    pub actor: Option<NodeIndex>,
}

/// The agenda: its window as resolved, and its items in date order.
#[derive(Debug, Clone)]
pub struct Agenda {
    pub today: Date,
    pub since: PartialDate,
    pub until: Option<PartialDate>,
    pub items: Vec<Item>,
}

impl Agenda {
    /// How many items are overdue.
    pub fn overdue(&self) -> usize {
        self.items.iter().filter(|i| i.due == Due::Overdue).count()
    }
}

/// The agenda a query asks for, in `timeline`'s order (date, then nodes,
/// edges, milestones, then ids and file order: the same data gives the
/// same order).
pub fn agenda(graph: &KnowledgeGraph, query: &AgendaQuery) -> Agenda {
    let since = query.since.unwrap_or_else(|| day(query.today));
    let window = Window {
        since: Some(since),
        until: query.until,
    };
    let linked = query.actor.map(|actor| linked_regulations(graph, actor));
    let about_actor = |entry: &Entry| match (query.actor, entry.fact) {
        (None, _) => true,
        (Some(actor), Fact::Node(n)) => n == actor,
        (Some(actor), Fact::Edge(e)) => {
            let (from, to) = graph.ends(e);
            from == actor || to == actor
        }
        (Some(_), Fact::Milestone(n, _)) => linked.as_ref().is_some_and(|l| l.contains(&n)),
    };
    let items = timeline(graph, &TimelineQuery::default())
        .into_iter()
        .filter(about_actor)
        .filter_map(|entry| {
            let due = match entry.fact {
                Fact::Milestone(n, i) => milestone_due(&graph.node(n).milestones[i], query.today),
                _ => Due::Dated,
            };
            (due == Due::Overdue || window.contains_date(entry.date)).then_some(Item { entry, due })
        })
        .collect();
    Agenda {
        today: query.today,
        since,
        until: query.until,
        items,
    }
}

/// How a milestone stands on `today`.
pub fn milestone_due(milestone: &Milestone, today: Date) -> Due {
    match milestone.actual {
        true => Due::Dated,
        false if milestone.date.last_day() < today => Due::Overdue,
        false => Due::Planned,
    }
}

/// A regulation's next milestone on `today`: the earliest one not yet
/// passed (its last day on or after today), planned or not; the first in
/// file order on a tie.
pub fn next_milestone(node: &Node, today: Date) -> Option<&Milestone> {
    node.milestones
        .iter()
        .filter(|m| m.date.last_day() >= today)
        .min_by_key(|m| m.date)
}

/// The actor itself when it has milestones, and every node with
/// milestones it has a relation with.
fn linked_regulations(graph: &KnowledgeGraph, actor: NodeIndex) -> Vec<NodeIndex> {
    let mut linked = vec![actor];
    for direction in [Direction::Outgoing, Direction::Incoming] {
        linked.extend(
            graph
                .relations(actor, direction)
                .into_iter()
                .map(|(_, other)| other)
                .filter(|&other| !graph.node(other).milestones.is_empty()),
        );
    }
    linked.sort_unstable();
    linked.dedup();
    linked
}

fn day(date: Date) -> PartialDate {
    PartialDate::day(date.year(), date.month() as u8, date.day() as u8)
        .expect("a calendar day is a partial date")
}
