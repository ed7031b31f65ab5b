//! The JSON shapes every command prints with `--format json`, documented in
//! docs/json.md. Kinds, stages and statuses are kebab-case labels (the same
//! words the text output uses); dates are strings as written in the data
//! (`"2023"`, `"2023-06"`, `"2023-06-14"`); amounts carry integer minor
//! units and an ISO 4217 code. Fields that have no value are left out.

use serde::Serialize;

use reggraph::model::{Edge, Milestone, Money, Node, Period};

/// `check --format json`: the counts and every diagnostic.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub diagnostics: Vec<reggraph::diagnostic::JsonDiagnostic>,
    pub summary: CheckSummary,
}

/// The counts `check` reports: records that passed, files read, findings.
#[derive(Debug, Serialize)]
pub struct CheckSummary {
    pub files: usize,
    pub nodes: usize,
    pub edges: usize,
    pub sources: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// A node named from elsewhere (a relation's other end, a path step).
#[derive(Debug, Serialize)]
pub struct NodeRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: String,
}

impl<'a> NodeRef<'a> {
    pub fn new(node: &'a Node) -> Self {
        NodeRef {
            id: &node.id,
            name: &node.name,
            kind: node.kind.label(),
        }
    }
}

/// A period as written: `{"start": "2018", "end": "2022"}`, no `end` when open.
#[derive(Debug, Serialize)]
pub struct JsonPeriod {
    pub start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl From<&Period> for JsonPeriod {
    fn from(period: &Period) -> Self {
        JsonPeriod {
            start: period.start.to_string(),
            end: period.end.map(|d| d.to_string()),
        }
    }
}

/// An amount: whole units as written, the same in the currency's minor
/// units (cents for EUR), the ISO 4217 code and the status.
#[derive(Debug, Serialize)]
pub struct JsonMoney {
    pub value: u64,
    pub minor_units: u128,
    pub currency: &'static str,
    pub status: String,
}

impl From<&Money> for JsonMoney {
    fn from(money: &Money) -> Self {
        JsonMoney {
            value: money.value,
            minor_units: money.minor_units(),
            currency: money.currency.code(),
            status: money.status.label().to_string(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct JsonMilestone<'a> {
    pub stage: String,
    pub date: String,
    pub actual: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
    pub sources: &'a [String],
}

impl<'a> From<&'a Milestone> for JsonMilestone<'a> {
    fn from(m: &'a Milestone) -> Self {
        JsonMilestone {
            stage: m.stage.label(),
            date: m.date.to_string(),
            actual: m.actual,
            note: m.note.as_deref(),
            sources: &m.sources,
        }
    }
}

/// A node with all its fields.
#[derive(Debug, Serialize)]
pub struct JsonNode<'a> {
    pub id: &'a str,
    pub kind: String,
    pub name: &'a str,
    pub aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<JsonPeriod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<&'a str>,
    /// A regulation's status (as of the query's date when one is given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<JsonMilestone<'a>>,
    pub sources: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<&'a str>,
}

impl<'a> JsonNode<'a> {
    pub fn new(node: &'a Node, status: Option<String>) -> Self {
        JsonNode {
            id: &node.id,
            kind: node.kind.label(),
            name: &node.name,
            aliases: &node.aliases,
            description: node.description.as_deref(),
            tags: &node.tags,
            date: node.date.map(|d| d.to_string()),
            period: node.period.as_ref().map(JsonPeriod::from),
            jurisdiction: node.jurisdiction.as_deref(),
            status,
            milestones: node.milestones.iter().map(JsonMilestone::from).collect(),
            sources: &node.sources,
            quote: node.quote.as_deref(),
        }
    }
}

/// An edge seen from one of its ends: its kind, the node at the other end,
/// and the fact's date, amount and sources.
#[derive(Debug, Serialize)]
pub struct JsonRelation<'a> {
    pub kind: String,
    pub node: NodeRef<'a>,
    #[serde(flatten)]
    pub fact: JsonFact<'a>,
}

/// What an edge says beyond its ends.
#[derive(Debug, Serialize)]
pub struct JsonFact<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<JsonPeriod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<JsonMoney>,
    pub sources: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

impl<'a> From<&'a Edge> for JsonFact<'a> {
    fn from(edge: &'a Edge) -> Self {
        JsonFact {
            date: edge.date.map(|d| d.to_string()),
            period: edge.period.as_ref().map(JsonPeriod::from),
            amount: edge.amount.as_ref().map(JsonMoney::from),
            sources: &edge.sources,
            quote: edge.quote.as_deref(),
            note: edge.note.as_deref(),
        }
    }
}
