//! The wording of a fact, written once. Text output, JSON (`amount.text`),
//! DOT labels and tooltips, and the embedded renderer all say an amount, an
//! edge, a node or a milestone with these functions; the labels they are
//! made of (kinds, stages, statuses, dates) are the model's own.
//!
//! Layout (columns, line breaks, arrows) is the caller's; the words are
//! these.

use crate::model::{Edge, Milestone, Money, Node, When};

/// `EUR 105M secured`: the amount and how certain it is.
pub fn amount(money: &Money) -> String {
    format!("{money} {}", money.status.label())
}

/// The parts of an edge's words, in the order they are said: its kind, its
/// amount, its time (`raises`, `EUR 105M secured`, `2023-06-14`).
pub fn edge_parts(edge: &Edge) -> Vec<String> {
    let mut parts = vec![edge.kind.label()];
    parts.extend(edge.amount.as_ref().map(amount));
    parts.extend(edge.when().map(|w| w.to_string()));
    parts
}

/// `raises EUR 105M secured`: an edge's kind and amount, for where its time
/// is said apart (a timeline lists it under its date).
pub fn edge_undated(edge: &Edge) -> String {
    let mut words = edge.kind.label();
    if let Some(money) = &edge.amount {
        words.push(' ');
        words.push_str(&amount(money));
    }
    words
}

/// `raises EUR 105M secured (2023-06-14)`: an edge's kind, amount and time
/// on one line.
pub fn edge(edge: &Edge) -> String {
    let mut words = edge_undated(edge);
    if let Some(when) = edge.when() {
        words.push_str(&format!(" ({when})"));
    }
    words
}

/// `Mistral AI raises Lightspeed: EUR 105M secured`: an edge as a sentence
/// between the names of its ends, without its time.
pub fn statement(from: &str, edge: &Edge, to: &str) -> String {
    let mut text = format!("{from} {} {to}", edge.kind.label());
    if let Some(money) = &edge.amount {
        text.push_str(": ");
        text.push_str(&amount(money));
    }
    text
}

/// [`statement`] with the edge's time: `… : EUR 105M secured (2023-06-14)`.
pub fn dated_statement(from: &str, edge: &Edge, to: &str) -> String {
    let mut text = statement(from, edge, to);
    if let Some(when) = edge.when() {
        text.push_str(&format!(" ({when})"));
    }
    text
}

/// `Mistral AI (startup, mistral-ai)`: a node's name, kind and id.
pub fn node(node: &Node) -> String {
    format!("{} ({}, {})", node.name, node.kind.label(), node.id)
}

/// `AI Act: application (planned)`: a regulation's milestone, with its note
/// when `with_note` is set: `AI Act: application (general application) (planned)`.
pub fn milestone(regulation: &Node, milestone: &Milestone, with_note: bool) -> String {
    let mut text = format!("{}: {}", regulation.name, milestone.stage.label());
    if with_note && let Some(note) = &milestone.note {
        text.push_str(&format!(" ({note})"));
    }
    if !milestone.actual {
        text.push_str(PLANNED);
    }
    text
}

/// What marks a milestone that has not happened yet.
pub const PLANNED: &str = " (planned)";

/// `, 2023-06-01 to 2023-06-30`: a window of dates, for a title.
pub fn window(
    since: Option<impl std::fmt::Display>,
    until: Option<impl std::fmt::Display>,
) -> String {
    match (since, until) {
        (Some(s), Some(u)) => format!(", {s} to {u}"),
        (Some(s), None) => format!(", from {s}"),
        (None, Some(u)) => format!(", until {u}"),
        (None, None) => String::new(),
    }
}

/// The time of a dated fact, when it is a period (a single day needs no
/// second mention beside the date it is listed under).
pub fn period_only(when: &When) -> Option<String> {
    match when {
        When::During(_) => Some(when.to_string()),
        When::On(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Currency, EdgeKind, MoneyStatus, PartialDate};

    fn raise() -> Edge {
        Edge {
            from: "a".into(),
            kind: EdgeKind::Raises,
            to: "b".into(),
            date: Some("2023-06-14".parse().unwrap()),
            period: None,
            amount: Some(Money {
                value: 105_000_000,
                currency: Currency::from_code("EUR").unwrap(),
                status: MoneyStatus::Secured,
            }),
            sources: vec!["s".into()],
            quote: None,
            note: None,
        }
    }

    #[test]
    fn an_edge_is_said_the_same_way_in_every_form() {
        let edge = raise();
        assert_eq!(amount(edge.amount.as_ref().unwrap()), "EUR 105M secured");
        assert_eq!(
            edge_parts(&edge),
            ["raises", "EUR 105M secured", "2023-06-14"]
        );
        assert_eq!(edge_undated(&edge), "raises EUR 105M secured");
        assert_eq!(super::edge(&edge), "raises EUR 105M secured (2023-06-14)");
        assert_eq!(
            statement("Mistral AI", &edge, "Lightspeed"),
            "Mistral AI raises Lightspeed: EUR 105M secured"
        );
        assert_eq!(
            dated_statement("Mistral AI", &edge, "Lightspeed"),
            "Mistral AI raises Lightspeed: EUR 105M secured (2023-06-14)"
        );
    }

    #[test]
    fn windows_read_as_a_title_tail() {
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        assert_eq!(
            window(Some(d("2023-06")), Some(d("2023-07"))),
            ", 2023-06 to 2023-07"
        );
        assert_eq!(window(Some(d("2023")), None::<PartialDate>), ", from 2023");
        assert_eq!(window(None::<PartialDate>, Some(d("2024"))), ", until 2024");
        assert_eq!(window(None::<PartialDate>, None::<PartialDate>), "");
    }
}
