//! The records a dataset is made of: sources, nodes and edges, as they are
//! written in RON files (serialising a [`DataFile`] gives a file the loader
//! reads back unchanged).

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr, VariantNames};

use super::{EdgeKind, Milestone, Money, NodeKind, PartialDate, Period, RegulationStatus, When};

/// Where one source says a fact: the source, its words, where in it they
/// are, and when it was read. Written
/// `(source: "id", quote: "...", locator: "para. 4", retrieved: "2026-11-30")`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// Id of the source.
    pub source: String,
    /// The source's words, in its language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Where in the source (`para. 4`, `Art. 113(a)`, `p. 12`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    /// When the source was read (for pages that change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<PartialDate>,
}

/// How much a value recorded among a fact's alternatives is to be
/// believed, as Wikidata ranks its statements.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    EnumString,
    VariantNames,
    IntoStaticStr,
)]
pub enum Rank {
    /// The value queries answer with.
    Preferred,
    /// A value a source gives, not the one preferred.
    #[default]
    Normal,
    /// A value known to be wrong, kept because a source gives it.
    Deprecated,
}

impl Rank {
    /// `preferred`, `normal`, `deprecated`.
    pub fn label(self) -> String {
        super::kind::kebab(self.into())
    }

    pub fn is_normal(&self) -> bool {
        *self == Rank::Normal
    }
}

/// One value sources give for a contested fact (its date or its amount),
/// with the citations that give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(default, skip_serializing_if = "Rank::is_normal")]
    pub rank: Rank,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Whose money a funder spends: the state's, a company's or both.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    EnumString,
    VariantNames,
    IntoStaticStr,
    EnumIter,
)]
pub enum Sector {
    Public,
    Private,
    Mixed,
}

impl Sector {
    /// `public`, `private`, `mixed`.
    pub fn label(self) -> String {
        super::kind::kebab(self.into())
    }

    /// The sector a kind of node is in unless its record says otherwise:
    /// jurisdictions, public bodies and EU institutions are public;
    /// companies, investors and funds private; other kinds have none.
    pub fn of_kind(kind: NodeKind) -> Option<Sector> {
        match kind {
            NodeKind::Jurisdiction | NodeKind::PublicBody | NodeKind::EuInstitution => {
                Some(Sector::Public)
            }
            NodeKind::Company | NodeKind::Investor | NodeKind::Fund => Some(Sector::Private),
            _ => None,
        }
    }
}

/// A publication facts are taken from, declared once and cited by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// What kind of publication it is (written `type: Official`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub source_type: Option<SourceType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// BCP 47 language tag of the source (`fr`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What kind of publication a source is, so that a reader can tell a fact
/// backed by an official text from one backed only by an encyclopedia.
/// Written in RON as a bare identifier: `type: Encyclopedia`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    EnumString,
    VariantNames,
    IntoStaticStr,
)]
pub enum SourceType {
    /// The text itself, or the word of whoever acted: a law, an official
    /// journal, an institution's or a company's own press release.
    Official,
    /// Journalism: an article, an editorial, an interview.
    Press,
    /// A reference work that summarises other sources (Wikipedia): a
    /// tertiary source.
    Encyclopedia,
    /// Anything else: a report, a book, a database.
    Other,
}

impl SourceType {
    /// `official`, `press`, `encyclopedia`, `other`.
    pub fn label(self) -> String {
        super::kind::kebab(self.into())
    }
}

/// An actor or an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Lowercase slug, unique in the dataset (`mistral-ai`).
    pub id: String,
    pub kind: NodeKind,
    /// Display name (`Mistral AI`).
    pub name: String,
    /// Other names people use (`MistralAI`, `le chef de l'Etat`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// When an event happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// When a lasting thing existed or held (a plan's years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Id of the jurisdiction node whose law this node belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// A regulation's status when it has no milestones to derive it from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RegulationStatus>,
    /// Whose money this node spends, when its kind does not say it
    /// rightly (see [`Sector::of_kind`] and [`Node::sector`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    /// What this node costs or holds in all (a supercomputer's EUR 500M),
    /// whoever pays: counted once in totals, never added to the edges that
    /// fund it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Money>,
    /// A regulation's dated lifecycle.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// Ids of every source this node's facts come from: those written in
    /// `sources` and those its citations name, in that order, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// A short quote in the source's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Each source's words for this node, tied to that source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// Values sources give for the node's date when they disagree; the
    /// preferred one is also the node's `date`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
}

/// A typed, dated, sourced relation between two nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    /// A lowercase slug naming this relation for good, unique among edges
    /// (optional): `diff` matches an edge by it whatever else changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Id of the node the relation starts from.
    pub from: String,
    pub kind: EdgeKind,
    /// Id of the node the relation points to.
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Money moved or promised along a money edge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// Ids of every source, as on [`Node::sources`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Each source's words for this relation, tied to that source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// Values sources give for the date or the amount when they disagree;
    /// the preferred one is also the edge's `date` or `amount`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Node {
    /// When this node's fact holds, if it is dated.
    pub fn when(&self) -> Option<When> {
        when(self.date, self.period)
    }

    /// Whose money this node spends: its own `sector`, else its kind's.
    pub fn sector(&self) -> Option<Sector> {
        self.sector.or_else(|| Sector::of_kind(self.kind))
    }

    /// The ids of the sources the node and its milestones give, each time
    /// one is given: what the check counts as citing a source.
    pub fn source_ids(&self) -> impl Iterator<Item = &String> {
        self.sources
            .iter()
            .chain(self.milestones.iter().flat_map(|m| &m.sources))
    }

    /// Every source with what it says, see [`cited`]; the citations of
    /// contested values come after the fact's own.
    pub fn cited(&self) -> Vec<Citation> {
        cited(
            &self.sources,
            self.quote.as_deref(),
            &with_alternatives(&self.citations, &self.alternatives),
        )
    }

    /// The quote an output with room for one shows: `quote` as written,
    /// else the first citation's (see [`first_quote`]).
    pub fn quote_shown(&self) -> Option<&String> {
        first_quote(self.quote.as_ref(), &self.citations)
    }

    /// Whether sources disagree on this node's date.
    pub fn is_contested(&self) -> bool {
        contested(&self.alternatives)
    }
}

impl Edge {
    /// When this relation holds, if it is dated.
    pub fn when(&self) -> Option<When> {
        when(self.date, self.period)
    }

    /// Every source with what it says, see [`cited`]; the citations of
    /// contested values come after the fact's own.
    pub fn cited(&self) -> Vec<Citation> {
        cited(
            &self.sources,
            self.quote.as_deref(),
            &with_alternatives(&self.citations, &self.alternatives),
        )
    }

    /// The quote an output with room for one shows, as on [`Node::quote_shown`].
    pub fn quote_shown(&self) -> Option<&String> {
        first_quote(self.quote.as_ref(), &self.citations)
    }

    /// Whether sources disagree on this edge's date or amount.
    pub fn is_contested(&self) -> bool {
        contested(&self.alternatives)
    }
}

/// A fact's citations, one per source at least: the written citations,
/// then a citation with no words for each source none of them names. The
/// older form, `sources` and one `quote`, is read as one citation when
/// there is one source; with several, the quote is nobody's and is left
/// out (`check` warns about it).
pub fn cited(sources: &[String], quote: Option<&str>, citations: &[Citation]) -> Vec<Citation> {
    let mut out = citations.to_vec();
    let quote_is_whose = sources.len() == 1 && citations.is_empty();
    for source in sources {
        if !citations.iter().any(|c| &c.source == source) {
            out.push(Citation {
                source: source.clone(),
                quote: quote.filter(|_| quote_is_whose).map(str::to_string),
                locator: None,
                retrieved: None,
            });
        }
    }
    out
}

/// `quote` as written, else the first citation's quote: what an output
/// with room for one quote (a dossier's footnote, an export's `quote`
/// column) shows, so that moving a quote into a citation keeps it there.
pub fn first_quote<'a>(quote: Option<&'a String>, citations: &'a [Citation]) -> Option<&'a String> {
    quote.or_else(|| citations.iter().find_map(|c| c.quote.as_ref()))
}

/// A fact's citations, then its alternatives' (each once).
fn with_alternatives(citations: &[Citation], alternatives: &[Alternative]) -> Vec<Citation> {
    let mut all = citations.to_vec();
    for c in alternatives.iter().flat_map(|a| &a.citations) {
        if !all.contains(c) {
            all.push(c.clone());
        }
    }
    all
}

/// Whether alternatives give more than one value.
fn contested(alternatives: &[Alternative]) -> bool {
    alternatives.iter().any(|a| {
        let first = &alternatives[0];
        a.date != first.date || a.amount != first.amount
    })
}

fn when(date: Option<PartialDate>, period: Option<Period>) -> Option<When> {
    match (date, period) {
        (Some(date), _) => Some(When::On(date)),
        (None, Some(period)) => Some(When::During(period)),
        (None, None) => None,
    }
}

/// The content of one data file; any of the three lists may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataFile {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<Node>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<Edge>,
}

/// Every record of a data folder, in file order.
pub type Dataset = DataFile;

/// Whether `text` is a lowercase slug (`mistral-ai`), as every node and
/// source id must be.
///
/// ```
/// use reggraph::model::is_slug;
/// assert!(is_slug("mistral-ai"));
/// assert!(!is_slug("Mistral AI"));
/// assert!(!is_slug("a--b"));
/// ```
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
