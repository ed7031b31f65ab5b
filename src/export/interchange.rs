//! The graph as flat records for other tools: what every data export
//! (`json`, `jsonl`, `graphml`, `gexf`, `csv`, `cypher`, `rdf`, `ftm`,
//! `parquet`) writes, computed once here so that they all carry the same
//! ids, dates, amounts and sources.
//!
//! Every date keeps its precision and says which days it covers
//! (`2023-06` is 2023-06-01..2023-06-30); every record with a date or a
//! period has `valid_from` and `valid_to`, its first and last day (no
//! `valid_to` while a period is open). Amounts are integer minor units of
//! an ISO 4217 currency with their status. Each edge has an id, stable
//! across selections, so that parallel edges stay apart (see [`edge_id`]).
//!
//! The records serialise to the documented JSON of `export json`
//! (docs/json.md, "export json"), and [`Interchange::to_dataset`] reads
//! them back into the records they came from.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::graph::KnowledgeGraph;
use crate::model::{
    Currency, Dataset, Edge, EdgeKind, Milestone, Money, Node, NodeKind, PartialDate, Period,
    RegulationStatus, Source, SourceType, Stage,
};
use crate::query::{AsOf, Subgraph};

/// The version of the export records' shape: `schema` in `export json`,
/// bumped when a field is renamed or removed.
pub const SCHEMA: &str = "reggraph-export/1";

/// A date as written, with its precision and the days it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bounds {
    /// As written: `2023`, `2023-06`, `2023-06-14`.
    pub text: String,
    /// `year`, `month` or `day`.
    pub precision: String,
    /// The first day it covers, `YYYY-MM-DD`.
    pub first_day: String,
    /// The last day it covers, `YYYY-MM-DD`.
    pub last_day: String,
}

impl Bounds {
    pub fn of(date: PartialDate) -> Bounds {
        Bounds {
            text: date.to_string(),
            precision: date.precision().label().to_string(),
            first_day: date.first_day().to_string(),
            last_day: date.last_day().to_string(),
        }
    }

    /// The date as written, back.
    pub fn date(&self) -> Option<PartialDate> {
        self.text.parse().ok()
    }
}

/// A period: its start, and its end unless it still holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: Bounds,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Bounds>,
}

/// When a record holds: a date or a period, and the first and last day of
/// either (`valid_to` left out while a period is open).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Time {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Bounds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
}

impl Time {
    pub fn of(date: Option<PartialDate>, period: Option<Period>) -> Time {
        let date = date.map(Bounds::of);
        let period = period.map(|p| Span {
            start: Bounds::of(p.start),
            end: p.end.map(Bounds::of),
        });
        let (valid_from, valid_to) = match (&date, &period) {
            (Some(d), _) => (Some(d.first_day.clone()), Some(d.last_day.clone())),
            (None, Some(p)) => (
                Some(p.start.first_day.clone()),
                p.end.as_ref().map(|e| e.last_day.clone()),
            ),
            (None, None) => (None, None),
        };
        Time {
            date,
            period,
            valid_from,
            valid_to,
        }
    }

    /// Whether the record is dated at all.
    pub fn is_dated(&self) -> bool {
        self.date.is_some() || self.period.is_some()
    }

    fn parts(&self) -> (Option<PartialDate>, Option<Period>) {
        let date = self.date.as_ref().and_then(Bounds::date);
        let period = self.period.as_ref().and_then(|p| {
            Some(Period {
                start: p.start.date()?,
                end: p.end.as_ref().and_then(Bounds::date),
            })
        });
        (date, period)
    }
}

/// An amount: whole units as written, integer minor units (cents), the
/// currency and the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    pub value: u64,
    pub minor_units: u128,
    pub currency: String,
    pub status: String,
}

impl Amount {
    pub fn of(money: &Money) -> Amount {
        Amount {
            value: money.value,
            minor_units: money.minor_units(),
            currency: money.currency.code().to_string(),
            status: money.status.label().to_string(),
        }
    }

    fn money(&self) -> Option<Money> {
        Some(Money {
            value: self.value,
            currency: Currency::from_code(&self.currency)?,
            status: parse_label(&self.status)?,
        })
    }
}

/// A source, declared once and cited by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRecord {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// `official`, `press`, `encyclopedia`, `other`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub source_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Bounds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A node with every field, its kind as a kebab-case label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeRecord {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub tags: Vec<String>,
    #[serde(flatten)]
    pub time: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// A regulation's status as written in the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// A regulation's status on the export's `--as-of` day (else today's
    /// data as it stands: the last actual milestone), derived from its
    /// milestones when it has some.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_status: Option<String>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// An edge with every field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeRecord {
    /// See [`edge_id`].
    pub id: String,
    pub from: String,
    pub kind: String,
    pub to: String,
    #[serde(flatten)]
    pub time: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A regulation's milestone, with the regulation's id and its place in
/// the regulation's list (`eu-ai-act/milestone/1` is the first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneRecord {
    pub id: String,
    pub regulation: String,
    pub stage: String,
    pub date: Bounds,
    /// `false` for a planned date not confirmed as happened.
    pub actual: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub sources: Vec<String>,
}

/// Everything an export writes, in a fixed order: nodes by id, edges by
/// their start node's id then relation order, milestones by regulation
/// then place, sources by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interchange {
    pub nodes: Vec<NodeRecord>,
    pub edges: Vec<EdgeRecord>,
    pub milestones: Vec<MilestoneRecord>,
    pub sources: Vec<SourceRecord>,
}

/// An edge's id: `FROM/KIND/TO` (`mistral-ai/raises/mistral-ai-seed-round`),
/// with `/2`, `/3`... after it for the second, third... edge of the same
/// kind between the same two nodes, in file order. Computed over the whole
/// graph, so an edge keeps its id whatever the selection.
pub fn edge_id(from: &str, kind: EdgeKind, to: &str, nth: usize) -> String {
    if nth <= 1 {
        format!("{from}/{}/{to}", kind.label())
    } else {
        format!("{from}/{}/{to}/{nth}", kind.label())
    }
}

/// The milestone id `REGULATION/milestone/N`, N from 1.
pub fn milestone_id(regulation: &str, place: usize) -> String {
    format!("{regulation}/milestone/{place}")
}

impl Interchange {
    /// The records of `subgraph`; a regulation's `current_status` as of
    /// `as_of` when given. Sources are those the records cite, or every
    /// source when `all_sources` (the whole graph is exported).
    pub fn of(
        graph: &KnowledgeGraph,
        subgraph: &Subgraph,
        as_of: Option<&AsOf>,
        all_sources: bool,
    ) -> Interchange {
        let day = as_of.map(|a| a.day);
        let mut cited: BTreeSet<&str> = BTreeSet::new();
        let mut nodes = Vec::with_capacity(subgraph.nodes.len());
        let mut milestones = Vec::new();
        for &index in &subgraph.nodes {
            let node = graph.node(index);
            cited.extend(node.sources.iter().map(String::as_str));
            for (place, milestone) in node.milestones.iter().enumerate() {
                cited.extend(milestone.sources.iter().map(String::as_str));
                milestones.push(MilestoneRecord {
                    id: milestone_id(&node.id, place + 1),
                    regulation: node.id.clone(),
                    stage: milestone.stage.label(),
                    date: Bounds::of(milestone.date),
                    actual: milestone.actual,
                    note: milestone.note.clone(),
                    sources: milestone.sources.clone(),
                });
            }
            nodes.push(NodeRecord {
                id: node.id.clone(),
                kind: node.kind.label(),
                name: node.name.clone(),
                aliases: node.aliases.clone(),
                description: node.description.clone(),
                tags: node.tags.clone(),
                time: Time::of(node.date, node.period),
                jurisdiction: node.jurisdiction.clone(),
                status: node.status.map(|s| s.label()),
                current_status: crate::query::time::regulation_status(node, day).map(|s| s.label()),
                sources: node.sources.clone(),
                quote: node.quote_shown().cloned(),
            });
        }
        let ids = edge_ids(graph, &subgraph.edges);
        let edges = subgraph
            .edges
            .iter()
            .map(|&index| {
                let edge = graph.edge(index);
                cited.extend(edge.sources.iter().map(String::as_str));
                EdgeRecord {
                    id: ids[&index].clone(),
                    from: edge.from.clone(),
                    kind: edge.kind.label(),
                    to: edge.to.clone(),
                    time: Time::of(edge.date, edge.period),
                    amount: edge.amount.as_ref().map(Amount::of),
                    sources: edge.sources.clone(),
                    quote: edge.quote_shown().cloned(),
                    note: edge.note.clone(),
                }
            })
            .collect();
        let sources = graph
            .sources()
            .filter(|s| all_sources || cited.contains(s.id.as_str()))
            .map(|s| SourceRecord {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                source_type: s.source_type.map(|t| t.label()),
                published: s.published.map(Bounds::of),
                url: s.url.clone(),
                language: s.language.clone(),
                note: s.note.clone(),
            })
            .collect();
        Interchange {
            nodes,
            edges,
            milestones,
            sources,
        }
    }

    /// The records these came from: what the loader would read from data
    /// files that hold them (`None` if a label or date is not one of
    /// ours, as in a hand-edited export).
    pub fn to_dataset(&self) -> Option<Dataset> {
        let mut milestones: BTreeMap<&str, Vec<Milestone>> = BTreeMap::new();
        for m in &self.milestones {
            milestones
                .entry(&m.regulation)
                .or_default()
                .push(Milestone {
                    stage: parse_label::<Stage>(&m.stage)?,
                    date: m.date.date()?,
                    actual: m.actual,
                    scope: None,
                    note: m.note.clone(),
                    sources: m.sources.clone(),
                    citations: vec![],
                });
        }
        let nodes = self
            .nodes
            .iter()
            .map(|n| {
                let (date, period) = n.time.parts();
                Some(Node {
                    id: n.id.clone(),
                    kind: parse_label::<NodeKind>(&n.kind)?,
                    name: n.name.clone(),
                    aliases: n.aliases.clone(),
                    description: n.description.clone(),
                    tags: n.tags.clone(),
                    date,
                    period,
                    jurisdiction: n.jurisdiction.clone(),
                    status: match &n.status {
                        Some(s) => Some(parse_label::<RegulationStatus>(s)?),
                        None => None,
                    },
                    sector: None,
                    budget: None,
                    milestones: milestones.remove(n.id.as_str()).unwrap_or_default(),
                    sources: n.sources.clone(),
                    quote: n.quote.clone(),
                    citations: vec![],
                    alternatives: vec![],
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let edges = self
            .edges
            .iter()
            .map(|e| {
                let (date, period) = e.time.parts();
                Some(Edge {
                    id: None,
                    from: e.from.clone(),
                    kind: parse_label::<EdgeKind>(&e.kind)?,
                    to: e.to.clone(),
                    date,
                    period,
                    amount: match &e.amount {
                        Some(a) => Some(a.money()?),
                        None => None,
                    },
                    sources: e.sources.clone(),
                    quote: e.quote.clone(),
                    citations: vec![],
                    alternatives: vec![],
                    note: e.note.clone(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let sources = self
            .sources
            .iter()
            .map(|s| {
                Some(Source {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    publisher: s.publisher.clone(),
                    source_type: match &s.source_type {
                        Some(t) => Some(parse_label::<SourceType>(t)?),
                        None => None,
                    },
                    published: match &s.published {
                        Some(b) => Some(b.date()?),
                        None => None,
                    },
                    url: s.url.clone(),
                    language: s.language.clone(),
                    note: s.note.clone(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Dataset {
            sources,
            nodes,
            edges,
        })
    }
}

/// Each edge's id (see [`edge_id`]): parallel edges are counted over each
/// start node's outgoing relations once, so the work is the sum of the
/// degrees of the start nodes.
fn edge_ids(graph: &KnowledgeGraph, edges: &[EdgeIndex]) -> FxHashMap<EdgeIndex, String> {
    let wanted: rustc_hash::FxHashSet<EdgeIndex> = edges.iter().copied().collect();
    let mut starts: Vec<NodeIndex> = edges.iter().map(|&e| graph.ends(e).0).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut ids = FxHashMap::default();
    ids.reserve(edges.len());
    for start in starts {
        let mut seen: FxHashMap<(EdgeKind, NodeIndex), usize> = FxHashMap::default();
        for (edge, to) in graph.relations(start, petgraph::Direction::Outgoing) {
            let record = graph.edge(edge);
            let nth = seen.entry((record.kind, to)).or_insert(0);
            *nth += 1;
            if wanted.contains(&edge) {
                ids.insert(edge, edge_id(&record.from, record.kind, &record.to, *nth));
            }
        }
    }
    ids
}

/// A kebab-case label back to its variant: `public-body` is `PublicBody`.
fn parse_label<T: std::str::FromStr>(label: &str) -> Option<T> {
    let name: String = label
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect();
    name.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MoneyStatus;

    #[test]
    fn a_month_covers_its_days() {
        let time = Time::of(Some("2023-06".parse().unwrap()), None);
        let date = time.date.as_ref().unwrap();
        assert_eq!(date.precision, "month");
        assert_eq!(date.first_day, "2023-06-01");
        assert_eq!(date.last_day, "2023-06-30");
        assert_eq!(time.valid_from.as_deref(), Some("2023-06-01"));
        assert_eq!(time.valid_to.as_deref(), Some("2023-06-30"));
    }

    #[test]
    fn an_open_period_has_no_last_day() {
        let period = Period {
            start: "2021".parse().unwrap(),
            end: None,
        };
        let time = Time::of(None, Some(period));
        assert_eq!(time.valid_from.as_deref(), Some("2021-01-01"));
        assert_eq!(time.valid_to, None);
    }

    #[test]
    fn labels_read_back() {
        assert_eq!(
            parse_label::<NodeKind>("public-body"),
            Some(NodeKind::PublicBody)
        );
        assert_eq!(
            parse_label::<Stage>("applies-from"),
            Some(Stage::AppliesFrom)
        );
        assert_eq!(
            parse_label::<MoneyStatus>("secured"),
            Some(MoneyStatus::Secured)
        );
        assert_eq!(parse_label::<NodeKind>("no-such-kind"), None);
    }
}
