//! The JSON shapes every command prints with `--format json`, documented in
//! docs/json.md. Kinds, stages and statuses are kebab-case labels (the same
//! words the text output uses); dates are strings as written in the data
//! (`"2023"`, `"2023-06"`, `"2023-06-14"`); amounts carry integer minor
//! units and an ISO 4217 code. Fields that have no value are left out.
//!
//! (One concept, kept in one file at some 600 lines: every JSON shape the
//! commands print, side by side with docs/json.md.)

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

use reggraph::graph::KnowledgeGraph;
use reggraph::model::{Alternative, Citation, Edge, Milestone, Money, Node, Period, Source, When};
use reggraph::query::{
    Central, Entry, Fact, Group, MoneyReport, Path, Reached, Shown, Stats, YearKey,
};

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
    /// A node of `graph`, read from its label and row, not its record.
    pub fn new(graph: &'a KnowledgeGraph, node: NodeIndex) -> Self {
        let label = graph.node_label(node);
        NodeRef {
            id: label.id,
            name: label.name,
            kind: graph.node_kind(node).label(),
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
    /// The amount as the text output says it: `EUR 105M secured`.
    pub text: String,
}

impl From<&Money> for JsonMoney {
    fn from(money: &Money) -> Self {
        JsonMoney {
            value: money.value,
            minor_units: money.minor_units(),
            currency: money.currency.code(),
            status: money.status.label().to_string(),
            text: reggraph::words::amount(money),
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
    /// Each source's words, tied to it (left out when the data ties none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<JsonCitation>,
}

impl<'a> From<&'a Milestone> for JsonMilestone<'a> {
    fn from(m: &'a Milestone) -> Self {
        JsonMilestone {
            stage: m.stage.label(),
            date: m.date.to_string(),
            actual: m.actual,
            note: m.note.as_deref(),
            sources: &m.sources,
            citations: citations(reggraph::model::cited(&m.sources, None, &m.citations)),
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
    /// Every source with what it says (`Node::cited`): the written
    /// citations, then each other source (with the quote when it is the
    /// only source).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<JsonCitation>,
    /// Sources disagree on its date (`date` is the preferred one).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub contested: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<JsonAlternative<'a>>,
}

/// Citations as JSON.
fn citations(list: Vec<reggraph::model::Citation>) -> Vec<JsonCitation> {
    list.into_iter().map(JsonCitation::from).collect()
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
            citations: citations(node.cited()),
            contested: node.is_contested(),
            alternatives: JsonAlternative::list(&node.alternatives),
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
    /// Every source with what it says (`Edge::cited`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<JsonCitation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
    /// Sources disagree on its date or amount (`date` and `amount` are the
    /// preferred alternative's).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub contested: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<JsonAlternative<'a>>,
}

/// One value sources give for a contested fact.
#[derive(Debug, Serialize)]
pub struct JsonAlternative<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<JsonMoney>,
    /// `preferred`, `normal` or `deprecated`.
    pub rank: String,
    pub citations: &'a [Citation],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

impl<'a> JsonAlternative<'a> {
    pub fn list(alternatives: &'a [Alternative]) -> Vec<Self> {
        alternatives
            .iter()
            .map(|a| JsonAlternative {
                date: a.date.map(|d| d.to_string()),
                amount: a.amount.as_ref().map(JsonMoney::from),
                rank: a.rank.label(),
                citations: &a.citations,
                note: a.note.as_deref(),
            })
            .collect()
    }
}

impl<'a> From<&'a Edge> for JsonFact<'a> {
    fn from(edge: &'a Edge) -> Self {
        JsonFact {
            date: edge.date.map(|d| d.to_string()),
            period: edge.period.as_ref().map(JsonPeriod::from),
            amount: edge.amount.as_ref().map(JsonMoney::from),
            sources: &edge.sources,
            quote: edge.quote.as_deref(),
            citations: citations(edge.cited()),
            note: edge.note.as_deref(),
            contested: edge.is_contested(),
            alternatives: JsonAlternative::list(&edge.alternatives),
        }
    }
}

/// An edge with its ends as ids: `{"from", "kind", "to", ...fact}`.
#[derive(Debug, Serialize)]
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
            from: graph.node_label(from).id,
            kind: record.kind.label(),
            to: graph.node_label(to).id,
            fact: JsonFact::from(record),
        }
    }
}

// ------------------------------------------------------------- list, show

/// One row of `list`.
#[derive(Debug, Serialize)]
pub struct ListRow<'a> {
    pub id: &'a str,
    pub kind: String,
    pub name: &'a str,
    pub aliases: &'a [String],
    pub tags: &'a [String],
}

impl<'a> ListRow<'a> {
    pub fn new(node: &'a Node) -> Self {
        ListRow {
            id: &node.id,
            kind: node.kind.label(),
            name: &node.name,
            aliases: &node.aliases,
            tags: &node.tags,
        }
    }
}

/// One row of `sources`: the source's record and how many facts cite it.
#[derive(Debug, Serialize)]
pub struct SourceRow<'a> {
    #[serde(flatten)]
    pub source: JsonSource<'a>,
    pub nodes: usize,
    pub edges: usize,
    pub milestones: usize,
}

impl<'a> SourceRow<'a> {
    pub fn new(uses: &reggraph::query::SourceUse<'a>) -> Self {
        SourceRow {
            source: JsonSource::new(uses.source),
            nodes: uses.nodes,
            edges: uses.edges,
            milestones: uses.milestones,
        }
    }
}

/// One source's words for a fact.
#[derive(Debug, Serialize)]
pub struct JsonCitation {
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
}

impl From<reggraph::model::Citation> for JsonCitation {
    fn from(c: reggraph::model::Citation) -> Self {
        JsonCitation {
            source: c.source,
            quote: c.quote,
            locator: c.locator,
            retrieved: c.retrieved.map(|d| d.to_string()),
        }
    }
}

/// One row of `facts`: which fact, in words, and its citations.
#[derive(Debug, Serialize)]
pub struct FactRow<'a> {
    /// `node`, `edge` or `milestone`.
    pub fact: &'static str,
    /// The node, or the regulation of a milestone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    pub text: String,
    pub sources: &'a [String],
    pub citations: Vec<JsonCitation>,
}

impl<'a> FactRow<'a> {
    pub fn new(graph: &'a KnowledgeGraph, fact: reggraph::query::Fact) -> Self {
        use reggraph::query::Fact;
        let mut row = FactRow {
            fact: "node",
            node: None,
            from: None,
            kind: None,
            to: None,
            stage: None,
            text: crate::cli::commands::sources::fact_text(graph, fact),
            sources: reggraph::query::sources_of(graph, fact),
            citations: reggraph::query::citations_of(graph, fact)
                .into_iter()
                .map(JsonCitation::from)
                .collect(),
        };
        match fact {
            Fact::Node(n) => row.node = Some(graph.node_label(n).id),
            Fact::Edge(e) => {
                let (from, to) = graph.ends(e);
                row.fact = "edge";
                row.from = Some(graph.node_label(from).id);
                row.kind = Some(graph.edge(e).kind.label());
                row.to = Some(graph.node_label(to).id);
            }
            Fact::Milestone(n, i) => {
                row.fact = "milestone";
                row.node = Some(graph.node_label(n).id);
                row.stage = Some(graph.node(n).milestones[i].stage.label());
            }
        }
        row
    }
}

/// `show`: the node, its relations and their sources.
#[derive(Debug, Serialize)]
pub struct ShowReport<'a> {
    pub node: JsonNode<'a>,
    /// With `--as-of`: the date asked, and whether the node existed then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existed: Option<bool>,
    /// With `--as-of`, when it did not hold: the end of its period, if that
    /// was before the date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended: Option<String>,
    pub outgoing: Vec<JsonRelation<'a>>,
    pub incoming: Vec<JsonRelation<'a>>,
    pub sources: Vec<JsonSource<'a>>,
}

/// A source as `show` lists it: its record, its type as a label.
#[derive(Debug, Serialize)]
pub struct JsonSource<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<&'a str>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub source_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

impl<'a> JsonSource<'a> {
    pub fn new(source: &'a Source) -> Self {
        JsonSource {
            id: &source.id,
            title: &source.title,
            publisher: source.publisher.as_deref(),
            source_type: source.source_type.map(|t| t.label()),
            published: source.published.map(|d| d.to_string()),
            url: source.url.as_deref(),
            language: source.language.as_deref(),
            note: source.note.as_deref(),
        }
    }
}

impl<'a> ShowReport<'a> {
    pub fn new(graph: &'a KnowledgeGraph, shown: &'a Shown<'a>) -> Self {
        let relation = |&(edge, other): &(EdgeIndex, NodeIndex)| {
            let edge = graph.edge(edge);
            JsonRelation {
                kind: edge.kind.label(),
                node: NodeRef::new(graph, other),
                fact: JsonFact::from(edge),
            }
        };
        ShowReport {
            node: JsonNode::new(graph.node(shown.node), shown.status.map(|s| s.label())),
            as_of: shown.as_of.map(|a| a.written.to_string()),
            existed: shown.as_of.map(|_| shown.existed),
            ended: shown.ended.map(|d| d.to_string()),
            outgoing: shown.outgoing.iter().map(relation).collect(),
            incoming: shown.incoming.iter().map(relation).collect(),
            sources: shown.sources.iter().map(|s| JsonSource::new(s)).collect(),
        }
    }
}

// -------------------------------------------------------------- neighbors

/// `neighbors`: the centre and the nodes reached, layer by layer.
#[derive(Debug, Serialize)]
pub struct Neighbourhood<'a> {
    pub centre: NodeRef<'a>,
    pub depth: usize,
    pub direction: &'a str,
    pub layers: Vec<Layer<'a>>,
}

/// The nodes at one distance from the centre.
#[derive(Debug, Serialize)]
pub struct Layer<'a> {
    pub distance: usize,
    pub nodes: Vec<Near<'a>>,
}

/// A node reached, by the edge that first reached it.
#[derive(Debug, Serialize)]
pub struct Near<'a> {
    pub node: NodeRef<'a>,
    pub via: JsonEdge<'a>,
    /// The node the edge was walked from.
    pub from: &'a str,
}

impl<'a> Neighbourhood<'a> {
    /// `reached` starts with the centre, as `Selection::neighbourhood` gives it.
    pub fn new(
        graph: &'a KnowledgeGraph,
        reached: &[Reached],
        depth: usize,
        direction: &'a str,
    ) -> Self {
        let max = reached.last().map_or(0, |r| r.distance);
        let layers = (1..=max)
            .map(|distance| Layer {
                distance,
                nodes: reached
                    .iter()
                    .filter(|r| r.distance == distance)
                    .map(|r| {
                        let (edge, from) = r.via.expect("only the centre has no edge");
                        Near {
                            node: NodeRef::new(graph, r.node),
                            via: JsonEdge::new(graph, edge),
                            from: graph.node_label(from).id,
                        }
                    })
                    .collect(),
            })
            .collect();
        Neighbourhood {
            centre: NodeRef::new(graph, reached[0].node),
            depth,
            direction,
            layers,
        }
    }
}

// ------------------------------------------------------------------- path

/// `path`: the paths found between two nodes.
#[derive(Debug, Serialize)]
pub struct Paths<'a> {
    pub from: NodeRef<'a>,
    pub to: NodeRef<'a>,
    pub paths: Vec<JsonPath<'a>>,
    /// More paths exist than were listed (`--limit`).
    pub truncated: bool,
}

#[derive(Debug, Serialize)]
pub struct JsonPath<'a> {
    pub length: usize,
    pub nodes: Vec<NodeRef<'a>>,
    pub steps: Vec<JsonStep<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JsonStep<'a> {
    #[serde(flatten)]
    pub edge: JsonEdge<'a>,
    /// `true` when walked along the arrow.
    pub forward: bool,
}

impl<'a> Paths<'a> {
    pub fn new(
        graph: &'a KnowledgeGraph,
        (from, to): (NodeIndex, NodeIndex),
        found: &[Path],
        truncated: bool,
    ) -> Self {
        let paths = found
            .iter()
            .map(|p| JsonPath {
                length: p.len(),
                nodes: p.nodes().iter().map(|&n| NodeRef::new(graph, n)).collect(),
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
        Paths {
            from: NodeRef::new(graph, from),
            to: NodeRef::new(graph, to),
            paths,
            truncated,
        }
    }
}

// --------------------------------------------------------------- timeline

/// `timeline`: dated facts in order.
#[derive(Debug, Serialize)]
pub struct Timeline<'a> {
    pub entries: Vec<JsonEntry<'a>>,
}

/// One dated fact: a node, an edge or a regulation's milestone.
#[derive(Debug, Serialize)]
pub struct JsonEntry<'a> {
    pub date: String,
    pub precision: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<JsonPeriod>,
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeRef<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edge: Option<JsonEdge<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone: Option<EntryMilestone<'a>>,
    pub sources: &'a [String],
    /// Every source of the fact with what it says.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// Sources disagree on the fact's date or amount.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub contested: bool,
}

#[derive(Debug, Serialize)]
pub struct EntryMilestone<'a> {
    pub regulation: NodeRef<'a>,
    pub stage: String,
    pub actual: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

impl<'a> Timeline<'a> {
    pub fn new(graph: &'a KnowledgeGraph, entries: &[Entry]) -> Self {
        let entry = |e: &Entry| {
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
                sources: e.sources(graph),
                citations: e.cited(graph),
                contested: match e.fact {
                    Fact::Node(n) => graph.node(n).is_contested(),
                    Fact::Edge(edge) => graph.edge(edge).is_contested(),
                    Fact::Milestone(..) => false,
                },
            };
            match e.fact {
                Fact::Node(n) => {
                    row.kind = "node";
                    row.node = Some(NodeRef::new(graph, n));
                }
                Fact::Edge(edge) => {
                    row.kind = "edge";
                    row.edge = Some(JsonEdge::new(graph, edge));
                }
                Fact::Milestone(n, i) => {
                    let m = &graph.node(n).milestones[i];
                    row.kind = "milestone";
                    row.milestone = Some(EntryMilestone {
                        regulation: NodeRef::new(graph, n),
                        stage: m.stage.label(),
                        actual: m.actual,
                        scope: m.scope.as_deref(),
                        note: m.note.as_deref(),
                    });
                }
            }
            row
        };
        Timeline {
            entries: entries.iter().map(entry).collect(),
        }
    }
}

// ----------------------------------------------------------------- agenda

/// `agenda`: the window as resolved, then each entry (a timeline entry)
/// with how it stands against today.
#[derive(Debug, Serialize)]
pub struct AgendaShape<'a> {
    pub today: String,
    pub since: String,
    pub until: Option<String>,
    pub overdue: usize,
    pub entries: Vec<AgendaEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub struct AgendaEntry<'a> {
    pub due: &'static str,
    #[serde(flatten)]
    pub entry: JsonEntry<'a>,
}

impl<'a> AgendaShape<'a> {
    pub fn new(graph: &'a KnowledgeGraph, agenda: &reggraph::query::Agenda) -> Self {
        let entries: Vec<Entry> = agenda.items.iter().map(|i| i.entry).collect();
        let rows = Timeline::new(graph, &entries).entries;
        AgendaShape {
            today: agenda.today.to_string(),
            since: agenda.since.to_string(),
            until: agenda.until.map(|d| d.to_string()),
            overdue: agenda.overdue(),
            entries: agenda
                .items
                .iter()
                .zip(rows)
                .map(|(item, entry)| AgendaEntry {
                    due: item.due.label(),
                    entry,
                })
                .collect(),
        }
    }
}

// ------------------------------------------------------------------ money

/// `money`: each flow, the budgets of its recipients, what was announced
/// (with `--announced-by`), then the totals per currency and status.
#[derive(Debug, Serialize)]
pub struct MoneyShape<'a> {
    pub by: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announced_by: Option<NodeRef<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announced: Option<Vec<JsonAnnounced<'a>>>,
    pub flows: Vec<JsonFlow<'a>>,
    pub budgets: Vec<JsonBudget<'a>>,
    pub totals: Vec<JsonTotal<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JsonFlow<'a> {
    pub funder: NodeRef<'a>,
    /// The funder's sector: public, private, mixed or unknown.
    pub sector: &'static str,
    pub recipient: NodeRef<'a>,
    /// With `--announced-by`: the date the recipient was announced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announced: Option<Option<String>>,
    pub edge: JsonEdge<'a>,
}

/// A node `--announced-by` reached.
#[derive(Debug, Serialize)]
pub struct JsonAnnounced<'a> {
    pub node: NodeRef<'a>,
    pub date: Option<String>,
    /// The announcement it is part of (`null`: announced directly).
    pub via: Option<NodeRef<'a>>,
    pub flows: usize,
}

/// A recipient's budget, counted once.
#[derive(Debug, Serialize)]
pub struct JsonBudget<'a> {
    pub node: NodeRef<'a>,
    pub budget: JsonMoney,
    /// Money edges into the node in the budget's currency (not targets).
    pub recorded: u128,
    pub recorded_edges: usize,
    /// The part of `recorded` on the flows of this answer.
    pub counted: u128,
    /// The part no recorded edge covers: in the totals, no funder named.
    pub no_funder_named: u128,
}

#[derive(Debug, Serialize)]
pub struct JsonTotal<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeRef<'a>>,
    /// With `--by year`: the year, `null` for undated amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<Option<i16>>,
    /// With `--by sector`: public, private, mixed, unknown or "no funder
    /// named"; with `--by funder`, "no funder named" for budgets' rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<&'static str>,
    pub currency: &'static str,
    pub status: &'static str,
    pub value: u128,
    pub minor_units: u128,
    pub count: usize,
    /// The part of `value` with no funder named (budgets' rest).
    pub no_funder_named: u128,
}

impl<'a> MoneyShape<'a> {
    pub fn new(
        graph: &'a KnowledgeGraph,
        report: &MoneyReport,
        by: Option<&'static str>,
        announced_by: Option<NodeIndex>,
    ) -> Self {
        let when = |w: Option<When>| w.map(|w| w.to_string());
        let flows = report
            .flows
            .iter()
            .map(|f| JsonFlow {
                funder: NodeRef::new(graph, f.funder),
                sector: f.sector.label(),
                recipient: NodeRef::new(graph, f.recipient),
                announced: f.announced.map(when),
                edge: JsonEdge::new(graph, f.edge),
            })
            .collect();
        let budgets = report
            .budgets
            .iter()
            .map(|b| JsonBudget {
                node: NodeRef::new(graph, b.node),
                budget: JsonMoney::from(&b.budget),
                recorded: b.recorded,
                recorded_edges: b.recorded_count,
                counted: b.counted,
                no_funder_named: b.unnamed,
            })
            .collect();
        let announced = announced_by.map(|_| {
            report
                .announced
                .iter()
                .map(|a| JsonAnnounced {
                    node: NodeRef::new(graph, a.node),
                    date: when(a.when),
                    via: a.via.map(|v| NodeRef::new(graph, v)),
                    flows: a.flows,
                })
                .collect()
        });
        let totals = report
            .totals
            .iter()
            .map(|t| JsonTotal {
                node: match &t.group {
                    Group::Node(n) => Some(NodeRef::new(graph, *n)),
                    _ => None,
                },
                year: match &t.group {
                    Group::Year(YearKey::Year(y)) => Some(Some(*y)),
                    Group::Year(YearKey::Undated) => Some(None),
                    _ => None,
                },
                sector: match &t.group {
                    Group::Sector(s) => Some(s.label()),
                    Group::NoFunderNamed => Some("no funder named"),
                    _ => None,
                },
                currency: t.currency.code(),
                status: t.status.label(),
                value: t.value,
                minor_units: t.value * 10u128.pow(t.currency.minor_digits()),
                count: t.count,
                no_funder_named: t.unnamed,
            })
            .collect();
        MoneyShape {
            by,
            announced_by: announced_by.map(|n| NodeRef::new(graph, n)),
            announced,
            flows,
            budgets,
            totals,
        }
    }
}

// ------------------------------------------------------------------ stats

/// `stats`: counts by kind and the most central nodes.
#[derive(Debug, Serialize)]
pub struct StatsShape<'a> {
    pub nodes: usize,
    pub edges: usize,
    pub node_kinds: Vec<Count>,
    pub edge_kinds: Vec<Count>,
    pub by_degree: Vec<Ranked<'a>>,
    pub by_page_rank: Vec<Ranked<'a>>,
    /// Events and things, ranked apart from the actors above (left out
    /// with `--rank-kind`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub others: Option<OthersShape<'a>>,
}

#[derive(Debug, Serialize)]
pub struct OthersShape<'a> {
    pub by_degree: Vec<Ranked<'a>>,
    pub by_page_rank: Vec<Ranked<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub kind: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct Ranked<'a> {
    pub node: NodeRef<'a>,
    pub in_degree: usize,
    pub out_degree: usize,
    pub degree: usize,
    pub page_rank: f64,
}

impl<'a> StatsShape<'a> {
    pub fn new(graph: &'a KnowledgeGraph, stats: &Stats) -> Self {
        let ranked = |c: &Central| Ranked {
            node: NodeRef::new(graph, c.node),
            in_degree: c.in_degree,
            out_degree: c.out_degree,
            degree: c.degree(),
            page_rank: round(c.page_rank),
        };
        let count = |(kind, count): (String, usize)| Count { kind, count };
        StatsShape {
            nodes: stats.nodes,
            edges: stats.edges,
            node_kinds: stats
                .node_kinds
                .iter()
                .map(|(k, n)| count((k.label(), *n)))
                .collect(),
            edge_kinds: stats
                .edge_kinds
                .iter()
                .map(|(k, n)| count((k.label(), *n)))
                .collect(),
            by_degree: stats.by_degree.iter().map(ranked).collect(),
            by_page_rank: stats.by_page_rank.iter().map(ranked).collect(),
            others: stats.others.as_ref().map(|others| OthersShape {
                by_degree: others.by_degree.iter().map(ranked).collect(),
                by_page_rank: others.by_page_rank.iter().map(ranked).collect(),
            }),
        }
    }
}

/// PageRank to 6 decimals in JSON, so floating-point noise in the last
/// digits does not change the output bytes.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// `diff --format json`: both sides, the counts, and every change.
#[derive(Debug, Serialize)]
pub struct DiffReport<'a> {
    pub before: DiffSide<'a>,
    pub after: DiffSide<'a>,
    /// Whether the two differ.
    pub differ: bool,
    pub stat: DiffStat,
    /// Left out with `--stat`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<DiffChange<'a>>>,
}

/// One side of a diff: what it is, and its commit when read from git.
#[derive(Debug, Serialize)]
pub struct DiffSide<'a> {
    pub label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<&'a str>,
}

/// Added, removed and changed counts of each kind of record.
#[derive(Debug, Serialize)]
pub struct DiffStat {
    pub sources: DiffCounts,
    pub nodes: DiffCounts,
    pub edges: DiffCounts,
    pub milestones: DiffCounts,
}

#[derive(Debug, Serialize)]
pub struct DiffCounts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    /// Milestones only: planned dates moved, planned dates now actual.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slips: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmations: Option<usize>,
}

/// One change: the kind of record, what happened, its words, the nodes it
/// is about, where it is written on each side, and each field changed.
#[derive(Debug, Serialize)]
pub struct DiffChange<'a> {
    pub record: &'static str,
    pub change: &'static str,
    pub text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub nodes: &'a [&'a str],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<DiffPlace<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<DiffPlace<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<DiffField<'a>>,
}

/// Where a record is written: `{"file": "graph-data/a.ron", "line": 12}`.
#[derive(Debug, Serialize)]
pub struct DiffPlace<'a> {
    pub file: &'a str,
    pub line: usize,
}

/// A field's value before and after, in words; left out when not written.
#[derive(Debug, Serialize)]
pub struct DiffField<'a> {
    pub field: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<&'a str>,
}

impl<'a> DiffSide<'a> {
    fn new(side: &'a reggraph::diff::Side) -> Self {
        DiffSide {
            label: &side.label,
            revision: side.commit.as_ref().map(|c| c.revision.as_str()),
            commit: side.commit.as_ref().map(|c| c.id.as_str()),
        }
    }
}

impl DiffCounts {
    fn new(counts: reggraph::diff::Counts, milestones: bool) -> Self {
        DiffCounts {
            added: counts.added,
            removed: counts.removed,
            changed: counts.changed,
            slips: milestones.then_some(counts.slips),
            confirmations: milestones.then_some(counts.confirmations),
        }
    }
}

impl<'a> DiffChange<'a> {
    pub fn new(entry: &'a reggraph::diff::Entry<'a>) -> Self {
        let place = |p: &'a reggraph::diff::Place| DiffPlace {
            file: &p.file,
            line: p.line,
        };
        DiffChange {
            record: entry.record.label(),
            change: entry.status.label(),
            text: &entry.text,
            id: entry.id,
            nodes: &entry.nodes,
            before: entry.before.map(place),
            after: entry.after.map(place),
            fields: entry
                .fields
                .iter()
                .map(|f| DiffField {
                    field: f.field,
                    was: f.before.as_deref(),
                    now: f.after.as_deref(),
                })
                .collect(),
        }
    }
}

impl<'a> DiffReport<'a> {
    pub fn new(
        before: &'a reggraph::diff::Side,
        after: &'a reggraph::diff::Side,
        entries: &'a [reggraph::diff::Entry<'a>],
        counts: [reggraph::diff::Counts; 4],
        stat: bool,
    ) -> Self {
        DiffReport {
            before: DiffSide::new(before),
            after: DiffSide::new(after),
            differ: !entries.is_empty(),
            stat: DiffStat {
                sources: DiffCounts::new(counts[0], false),
                nodes: DiffCounts::new(counts[1], false),
                edges: DiffCounts::new(counts[2], false),
                milestones: DiffCounts::new(counts[3], true),
            },
            changes: (!stat).then(|| entries.iter().map(DiffChange::new).collect()),
        }
    }
}

/// `history --format json`: the node, the changes not committed yet, and
/// each commit that changed it, newest first.
#[derive(Debug, Serialize)]
pub struct HistoryReport<'a> {
    /// The node's id, as searched.
    pub node: &'a str,
    /// Left out when nothing uncommitted is about the node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncommitted: Option<HistoryUncommitted<'a>>,
    pub commits: Vec<HistoryCommit<'a>>,
    /// How many commits of the data folder's log were searched.
    pub searched: usize,
    /// Whether they were all searched (false when --limit stopped early).
    pub complete: bool,
}

/// The working tree's changes about the node, since HEAD.
#[derive(Debug, Serialize)]
pub struct HistoryUncommitted<'a> {
    /// Errors in the working tree's data (its records that do not pass
    /// read as removed); left out when none.
    #[serde(skip_serializing_if = "is_zero")]
    pub errors: usize,
    /// Errors in HEAD's data; left out when none.
    #[serde(skip_serializing_if = "is_zero")]
    pub parent_errors: usize,
    pub changes: Vec<DiffChange<'a>>,
}

/// One commit that changed the node, with its changes about it.
#[derive(Debug, Serialize)]
pub struct HistoryCommit<'a> {
    pub commit: &'a str,
    /// The author's date, `YYYY-MM-DD`.
    pub date: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// Errors in the commit's data; left out when none.
    #[serde(skip_serializing_if = "is_zero")]
    pub errors: usize,
    /// Errors in its parent's data (what did not pass there reads as
    /// added); left out when none.
    #[serde(skip_serializing_if = "is_zero")]
    pub parent_errors: usize,
    pub changes: Vec<DiffChange<'a>>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}
