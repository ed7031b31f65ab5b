//! The records a dataset is made of: sources, nodes and edges, as they are
//! written in RON files (serialising a [`DataFile`] gives a file the loader
//! reads back unchanged).

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantNames};

use super::{EdgeKind, Milestone, Money, NodeKind, PartialDate, Period, RegulationStatus, When};

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
    /// A regulation's dated lifecycle.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// Ids of the sources this node's facts come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// A short quote in the source's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// A typed, dated, sourced relation between two nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Node {
    /// When this node's fact holds, if it is dated.
    pub fn when(&self) -> Option<When> {
        when(self.date, self.period)
    }
}

impl Edge {
    /// When this relation holds, if it is dated.
    pub fn when(&self) -> Option<When> {
        when(self.date, self.period)
    }
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
