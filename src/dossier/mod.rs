//! One actor's report: a [`Dossier`] built once from the graph (summary,
//! relations, money, timeline, quotes as numbered footnotes, sources, its
//! two-hop diagram, the as-of date and the data revision), then written as
//! self-contained HTML ([`html`]) or Markdown ([`markdown`]). Every text in
//! it is plain data; the writers escape it for their format. The words of
//! a fact are [`crate::words`]'s, so the report says what `show`, `money`
//! and `timeline` say.

pub mod html;
pub mod markdown;
pub mod revision;

use std::collections::BTreeMap;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use crate::export::diagram::Diagram;
use crate::export::render::{self, RenderError, Rendered};
use crate::graph::KnowledgeGraph;
use crate::model::{MoneyStatus, Precision};
use crate::query::{
    self, AsOf, Fact, MoneyQuery, QueryError, Selection, SelectionSpec, TimelineQuery, Window,
};
use crate::words;

pub use revision::Revision;

/// How far the report's diagram reaches from the actor.
pub const DIAGRAM_DEPTH: usize = 2;

/// One actor's report, as plain text values.
#[derive(Debug, Clone, PartialEq)]
pub struct Dossier {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    /// Its own date or period, as written.
    pub when: Option<String>,
    /// A regulation's jurisdiction, by name.
    pub jurisdiction: Option<String>,
    /// A regulation's status on the as-of day.
    pub status: Option<String>,
    /// The footnote of its own quote.
    pub quote: Option<usize>,
    /// What the report stands for: `as of 2023-06-30` or `as of today
    /// (2026-11-30)`.
    pub as_of: String,
    /// Whether an as-of date was given (then only the facts that held on it
    /// are listed).
    pub as_of_given: bool,
    /// When it did not exist on the as-of date: why.
    pub absent: Option<String>,
    pub revision: Revision,
    pub milestones: Vec<MilestoneLine>,
    pub outgoing: Vec<Relation>,
    pub incoming: Vec<Relation>,
    /// Money received and paid, by date.
    pub money: Vec<MoneyRow>,
    /// Totals per direction, currency and status (never across currencies).
    pub totals: Vec<TotalRow>,
    pub timeline: Vec<TimelineRow>,
    /// Numbered from 1, in the order they are cited.
    pub footnotes: Vec<Footnote>,
    pub sources: Vec<SourceEntry>,
    /// The two-hop neighbourhood, its links only http and https.
    pub diagram: Diagram,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneLine {
    pub date: String,
    pub stage: String,
    pub note: Option<String>,
    pub planned: bool,
    pub sources: Vec<String>,
}

/// One relation in or out: `co-founded` `2023-04` Mistral AI.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The edge's kind (`co-founded`).
    pub kind: String,
    /// The whole fact: `Arthur Mensch co-founded Mistral AI`.
    pub statement: String,
    pub other_id: String,
    pub other_name: String,
    pub when: Option<String>,
    /// `EUR 105M secured`.
    pub amount: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
    /// The footnote of its quote.
    pub quote: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MoneyRow {
    pub when: Option<String>,
    pub funder: String,
    pub recipient: String,
    /// `raises`, `funds`, ...
    pub kind: String,
    /// `EUR 105M secured`, or none when the source gives no amount.
    pub amount: Option<String>,
    /// Whether the actor received it (else paid it).
    pub received: bool,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TotalRow {
    pub received: bool,
    /// `EUR 105M`.
    pub total: String,
    pub status: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    /// The date it is placed at, as written.
    pub date: String,
    /// `day`, `month` or `year`: how precise the date is.
    pub precision: String,
    /// A period, when the fact lasted (`2023-04..`).
    pub period: Option<String>,
    pub text: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub number: usize,
    pub quote: String,
    /// The fact it supports.
    pub about: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SourceEntry {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub source_type: Option<String>,
    pub language: Option<String>,
    pub note: Option<String>,
    /// The URL as written.
    pub url: Option<String>,
    /// Whether the URL may be a link (http or https only).
    pub linkable: bool,
}

/// Whether `url` may be written as a link: the pictures' policy,
/// [`crate::export::link::http_link`] (after removing control characters
/// and whitespace, which browsers also drop, so `java\tscript:` would run,
/// it starts with `http:` or `https:`, case ignored).
///
/// ```
/// use reggraph::dossier::is_safe_link;
/// assert!(is_safe_link("https://example.org"));
/// assert!(is_safe_link(" HTTP://example.org"));
/// assert!(!is_safe_link("java\tscript:alert(1)"));
/// assert!(!is_safe_link("data:text/html,x"));
/// assert!(!is_safe_link("file:///etc/passwd"));
/// ```
pub fn is_safe_link(url: &str) -> bool {
    crate::export::link::http_link(url).is_some()
}

/// Text for a report: control characters (but line breaks) become spaces,
/// invisible characters that reorder or hide text (bidi overrides,
/// zero-width characters) and non-characters are dropped.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}' => None,
            c if c.is_control() => Some(' '),
            c => Some(c),
        })
        .collect()
}

/// Numbers quotes in the order they are cited.
#[derive(Default)]
struct Notes {
    footnotes: Vec<Footnote>,
}

impl Notes {
    fn add(&mut self, quote: Option<&String>, about: String, sources: &[String]) -> Option<usize> {
        let quote = quote?;
        let number = self.footnotes.len() + 1;
        self.footnotes.push(Footnote {
            number,
            quote: clean(quote),
            about: clean(&about),
            sources: sources.to_vec(),
        });
        Some(number)
    }
}

/// The report on `node`: everything known about it, or with `as_of`, what
/// held on that day; `today` is the day a report without `as_of` says it
/// stands for; `revision` is the data's (see [`revision::of_folder`]).
pub fn build(
    graph: &KnowledgeGraph,
    node: NodeIndex,
    as_of: Option<AsOf>,
    today: jiff::civil::Date,
    revision: Revision,
) -> Result<Dossier, QueryError> {
    let record = graph.node(node);
    let shown = query::show(graph, node, as_of);
    let name_of = |n: NodeIndex| clean(&graph.node(n).name);
    let mut notes = Notes::default();
    let quote = notes.add(record.quote_shown(), words::node(record), &record.sources);
    let relation = |notes: &mut Notes, edge: EdgeIndex, other: NodeIndex| {
        let (from, to) = graph.ends(edge);
        let e = graph.edge(edge);
        let statement = words::statement(&graph.node(from).name, e, &graph.node(to).name);
        Relation {
            kind: e.kind.label(),
            statement: clean(&statement),
            other_id: graph.node(other).id.clone(),
            other_name: name_of(other),
            when: e.when().map(|w| w.to_string()),
            amount: e.amount.as_ref().map(words::amount),
            note: e.note.as_deref().map(clean),
            sources: e.sources.clone(),
            quote: notes.add(
                e.quote_shown(),
                words::dated_statement(&graph.node(from).name, e, &graph.node(to).name),
                &e.sources,
            ),
        }
    };
    let outgoing = shown
        .outgoing
        .iter()
        .map(|&(e, o)| relation(&mut notes, e, o))
        .collect();
    let incoming = shown
        .incoming
        .iter()
        .map(|&(e, o)| relation(&mut notes, e, o))
        .collect();

    let (as_of_text, as_of_given) = match as_of {
        Some(a) if a.written.precision() == Precision::Day => {
            (format!("as of {}", a.written), true)
        }
        Some(a) => (format!("as of {} (to {})", a.written, a.day), true),
        None => (format!("as of today ({today})"), false),
    };
    let absent = (!shown.existed).then(|| match shown.ended {
        Some(end) => format!("it had ended ({end})"),
        None => "it did not exist yet".to_string(),
    });

    let mut selection = Selection::all();
    selection.as_of = as_of;
    let mut money = Vec::new();
    let mut totals = Vec::new();
    for received in [true, false] {
        let query = MoneyQuery {
            selection: selection.clone(),
            to: received.then_some(node).into_iter().collect(),
            from: (!received).then_some(node).into_iter().collect(),
            ..MoneyQuery::default()
        };
        let report = query::money(graph, &query);
        for flow in &report.flows {
            let edge = graph.edge(flow.edge);
            money.push(MoneyRow {
                when: flow.when.map(|w| w.to_string()),
                funder: name_of(flow.funder),
                recipient: name_of(flow.recipient),
                kind: edge.kind.label(),
                amount: flow.amount.as_ref().map(words::amount),
                received,
                sources: edge.sources.clone(),
            });
        }
        for total in &report.totals {
            let value = u64::try_from(total.value).ok();
            totals.push(TotalRow {
                received,
                total: match value {
                    Some(value) => crate::model::Money {
                        value,
                        currency: total.currency,
                        status: MoneyStatus::Secured,
                    }
                    .to_string(),
                    None => format!("{} {}", total.currency.code(), total.value),
                },
                status: total.status.label().to_string(),
                count: total.count,
            });
        }
    }
    // Received first, then paid; each by date as the money query sorts.
    let window = Window::new(None, as_of.map(|a| a.written))?;
    let entries = query::timeline(
        graph,
        &TimelineQuery {
            actor: Some(node),
            window,
            ..TimelineQuery::default()
        },
    );
    let timeline: Vec<TimelineRow> = entries
        .iter()
        .map(|entry| {
            let text = match entry.fact {
                Fact::Node(n) => {
                    let n = graph.node(n);
                    format!("{} ({})", n.name, n.kind.label())
                }
                Fact::Edge(e) => {
                    let (from, to) = graph.ends(e);
                    words::statement(&graph.node(from).name, graph.edge(e), &graph.node(to).name)
                }
                Fact::Milestone(n, m) => {
                    let regulation = graph.node(n);
                    words::milestone(regulation, &regulation.milestones[m], true)
                }
            };
            TimelineRow {
                date: entry.date.to_string(),
                precision: entry.date.precision().label().to_string(),
                period: words::period_only(&entry.when),
                text: clean(&text),
                sources: entry.sources(graph).to_vec(),
            }
        })
        .collect();

    let milestones = record
        .milestones
        .iter()
        .filter(|m| as_of.is_none_or(|a| m.date.first_day() <= a.day))
        .map(|m| MilestoneLine {
            date: m.date.to_string(),
            stage: m.stage.label(),
            note: m.note.as_deref().map(clean),
            planned: !m.actual,
            sources: m.sources.clone(),
        })
        .collect();

    // Every source cited anywhere in the report, once, by id.
    let mut cited: Vec<&str> = shown.sources.iter().map(|s| s.id.as_str()).collect();
    cited.extend(
        money
            .iter()
            .flat_map(|m| m.sources.iter().map(String::as_str)),
    );
    cited.extend(
        timeline
            .iter()
            .flat_map(|t: &TimelineRow| t.sources.iter().map(String::as_str)),
    );
    cited.sort_unstable();
    cited.dedup();
    let sources = cited
        .iter()
        .filter_map(|id| graph.source(id))
        .map(|s| SourceEntry {
            id: s.id.clone(),
            title: clean(&s.title),
            publisher: s.publisher.as_deref().map(clean),
            published: s.published.map(|p| p.to_string()),
            source_type: s.source_type.map(|t| t.label()),
            language: s.language.as_deref().map(clean),
            note: s.note.as_deref().map(clean),
            url: s.url.as_deref().map(clean),
            linkable: s.url.as_deref().is_some_and(is_safe_link),
        })
        .collect();

    let diagram = diagram(graph, &record.id, as_of.map(|a| a.written))?;
    Ok(Dossier {
        id: record.id.clone(),
        name: clean(&record.name),
        kind: record.kind.label(),
        aliases: record.aliases.iter().map(|a| clean(a)).collect(),
        description: record.description.as_deref().map(clean),
        tags: record.tags.iter().map(|t| clean(t)).collect(),
        when: record.when().map(|w| w.to_string()),
        jurisdiction: record
            .jurisdiction
            .as_deref()
            .map(|j| graph.by_id(j).map_or_else(|| j.to_string(), name_of)),
        status: shown.status.map(|s| s.label()),
        quote,
        as_of: as_of_text,
        as_of_given,
        absent,
        revision,
        milestones,
        outgoing,
        incoming,
        money,
        totals,
        timeline,
        footnotes: notes.footnotes,
        sources,
        diagram,
    })
}

/// The two-hop neighbourhood as a diagram, with its text cleaned and only
/// http and https links kept.
fn diagram(
    graph: &KnowledgeGraph,
    id: &str,
    as_of: Option<crate::model::PartialDate>,
) -> Result<Diagram, QueryError> {
    let spec = SelectionSpec {
        around: Some(id.to_string()),
        depth: Some(DIAGRAM_DEPTH),
        as_of,
        ..SelectionSpec::default()
    };
    let selection = Selection::resolve(&spec, graph)?;
    let subgraph = selection.apply(graph);
    let mut diagram = crate::export::of_subgraph(
        graph,
        &subgraph,
        selection.around,
        None,
        crate::export::title::of_selection(graph, &selection),
    );
    diagram.title = clean(&diagram.title);
    for node in &mut diagram.nodes {
        node.label = clean(&node.label);
        node.tooltip = clean(&node.tooltip);
        node.url = node.url.take().filter(|u| is_safe_link(u));
    }
    for edge in &mut diagram.edges {
        edge.label = clean(&edge.label);
        edge.tooltip = clean(&edge.tooltip);
        edge.url = edge.url.take().filter(|u| is_safe_link(u));
    }
    Ok(diagram)
}

impl Dossier {
    /// The diagram drawn as SVG, by Graphviz when it is installed, else by
    /// the embedded engine.
    pub fn draw(&self, timeout: std::time::Duration) -> Result<Rendered, RenderError> {
        render::render(
            &self.diagram,
            &render::Options {
                format: render::Format::Svg,
                layout: None,
                engine: None,
                timeout,
                interrupt: None,
            },
        )
    }

    /// The ids of every source the report cites, in the order of its
    /// sources list, with their place in it (from 1).
    pub fn source_numbers(&self) -> BTreeMap<&str, usize> {
        self.sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i + 1))
            .collect()
    }
}
