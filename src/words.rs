//! The wording of a fact, written once. Text output, JSON (`amount.text`),
//! DOT labels and tooltips, and the embedded renderer all say an amount, an
//! edge, a node or a milestone with these functions; the labels they are
//! made of (kinds, stages, statuses, dates) are the model's own.
//!
//! Layout (columns, line breaks, arrows) is the caller's; the words are
//! these.

use crate::model::{Edge, EdgeKind, Milestone, Money, Node, NodeKind, When};

/// `EUR 105M secured`: the amount and how certain it is.
pub fn amount(money: &Money) -> String {
    Amount(money).to_string()
}

/// [`amount`] written where it goes, without a string of its own.
pub struct Amount<'a>(pub &'a Money);

impl std::fmt::Display for Amount<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.0, self.0.status.label())
    }
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
    undated(edge.kind, edge.amount.as_ref())
}

/// [`edge_undated`] from an edge's kind and amount (a graph keeps them
/// apart from the records).
pub fn undated(kind: EdgeKind, money: Option<&Money>) -> String {
    let mut words = kind.label();
    if let Some(money) = money {
        words.push(' ');
        words.push_str(&amount(money));
    }
    words
}

/// `raises EUR 105M secured (2023-06-14)`: an edge's kind, amount and time
/// on one line.
pub fn edge(edge: &Edge) -> String {
    edge_said(edge.kind, edge.amount.as_ref(), edge.when())
}

/// [`edge`] from an edge's kind, amount and time.
pub fn edge_said(kind: EdgeKind, money: Option<&Money>, when: Option<When>) -> String {
    let mut words = undated(kind, money);
    if let Some(when) = when {
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
    node_said(&node.name, node.kind, &node.id)
}

/// [`node`] from a node's name, kind and id.
pub fn node_said(name: &str, kind: NodeKind, id: &str) -> String {
    format!("{name} ({}, {id})", kind.label())
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

/// `EU AI Act: applies-from [Chapters I-II] (note)`: a milestone with the
/// provisions it concerns, for the agenda and `show`'s next milestone; no
/// planned mark (they say it in their own column).
pub fn milestone_scoped(regulation: &Node, milestone: &Milestone, with_note: bool) -> String {
    let mut text = format!("{}: {}", regulation.name, stage_scoped(milestone));
    if with_note && let Some(note) = &milestone.note {
        text.push_str(&format!(" ({note})"));
    }
    text
}

/// `applies-from [Chapters I-II]`: a milestone's stage and, when it has
/// one, its scope.
pub fn stage_scoped(milestone: &Milestone) -> String {
    match &milestone.scope {
        Some(scope) => format!("{} [{scope}]", milestone.stage.label()),
        None => milestone.stage.label(),
    }
}

/// `EUR 105M (secured)`: an amount in a sentence.
pub fn amount_in_sentence(money: &Money) -> String {
    format!("{money} ({})", money.status.label())
}

/// Whether a name reads as plural: a group of actors, or a count of them
/// ("28 institutional investors").
fn is_plural(node: &Node) -> bool {
    node.kind == NodeKind::Group
        || node
            .name
            .split_whitespace()
            .next()
            .and_then(|word| word.parse::<u64>().ok())
            .is_some_and(|count| count > 1)
}

/// An edge kind as the verb of a sentence, for a singular or a plural
/// subject: `invests in`, `invest in`.
pub fn verb(kind: EdgeKind, plural: bool) -> &'static str {
    use EdgeKind as E;
    let (one, many) = match kind {
        E::Founded => ("founded", "founded"),
        E::CoFounded => ("co-founded", "co-founded"),
        E::Leads => ("leads", "lead"),
        E::HoldsOffice => ("holds office at", "hold office at"),
        E::Funds => ("funds", "fund"),
        E::Invests => ("invests in", "invest in"),
        E::Finances => ("finances", "finance"),
        E::Raises => ("raises", "raise"),
        E::Announces => ("announces", "announce"),
        E::CallsFor => ("calls for", "call for"),
        E::ParticipatesIn => ("takes part in", "take part in"),
        E::Hosts => ("hosts", "host"),
        E::HappenedAt => ("happened at", "happened at"),
        E::Regulates => ("regulates", "regulate"),
        E::AppliesIn => ("applies in", "apply in"),
        E::Negotiates => ("negotiates", "negotiate"),
        E::Labels => ("labels", "label"),
        E::PartOf => ("is part of", "are part of"),
        E::Succeeds => ("succeeds", "succeed"),
        E::CompetesWith => ("competes with", "compete with"),
        E::LocatedIn => ("is located in", "are located in"),
    };
    if plural { many } else { one }
}

/// `Mistral AI raises EUR 105M (secured)`, `28 institutional investors
/// invest in Tibi 2: EUR 6bn (target)`: an edge as a short English
/// sentence, without its time. A raise names its amount rather than the
/// round (the round is the raise).
pub fn sentence(from: &Node, edge: &Edge, to: &Node) -> String {
    let verb = verb(edge.kind, is_plural(from));
    match (&edge.amount, edge.kind) {
        (Some(money), EdgeKind::Raises) if to.kind == NodeKind::FundingRound => {
            format!("{} {verb} {}", from.name, amount_in_sentence(money))
        }
        (Some(money), _) => format!(
            "{} {verb} {}: {}",
            from.name,
            to.name,
            amount_in_sentence(money)
        ),
        (None, _) => format!("{} {verb} {}", from.name, to.name),
    }
}

/// The longest milestone note said in [`milestone_sentence`]; longer ones
/// are left to the tooltip.
const SHORT_NOTE: usize = 48;

/// `EU AI Act enters into force`, `EU AI Act: position adopted (Council
/// general approach)`, `EU AI Act applies (planned)`: a milestone as a
/// headline, with its note when that is short.
pub fn milestone_sentence(regulation: &Node, milestone: &Milestone) -> String {
    use crate::model::Stage;
    let words = match milestone.stage {
        Stage::Proposed => "proposed",
        Stage::PositionAdopted => "position adopted",
        Stage::PoliticalAgreement => "political agreement",
        Stage::Adopted => "adopted",
        Stage::Published => "published",
        Stage::InForce => "enters into force",
        Stage::AppliesFrom => "starts to apply",
    };
    let mut text = format!("{} {words}", regulation.name);
    if let Some(note) = milestone
        .note
        .as_deref()
        .filter(|n| n.chars().count() <= SHORT_NOTE)
    {
        text.push_str(&format!(" ({note})"));
    }
    if !milestone.actual {
        text.push_str(PLANNED);
    }
    text
}

/// What marks a milestone that has not happened yet.
pub const PLANNED: &str = " (planned)";

/// After a value that sources disagree on (the preferred one is shown):
/// `EUR 105M secured (contested)`.
pub const CONTESTED: &str = " (contested)";

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
    use crate::model::{Currency, MoneyStatus, PartialDate};

    fn raise() -> Edge {
        Edge {
            id: None,
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
            citations: vec![],
            alternatives: vec![],
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
