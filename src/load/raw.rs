//! Records as written, before checking: every value a check may need to point
//! at is [`Spanned`]; kinds and other vocabulary are kept as identifiers so an
//! unknown one is reported with the allowed values instead of stopping the file.

use std::ops::Range;

use serde::Deserialize;

use super::spanned::{Ident, Spanned};

/// A record, the file it is in and its byte range there.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub file: usize,
    pub span: Range<usize>,
    pub record: T,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Source")]
pub struct RawSource {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    /// `type: Official`, a name from the vocabulary (`type` is a keyword).
    #[serde(default, rename = "type")]
    pub source_type: Option<Spanned<Ident>>,
    #[serde(default)]
    pub published: Option<Spanned<String>>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Period")]
pub struct RawPeriod {
    pub start: Spanned<String>,
    #[serde(default)]
    pub end: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Milestone")]
pub struct RawMilestone {
    pub stage: Spanned<Ident>,
    pub date: Spanned<String>,
    #[serde(default)]
    pub actual: Option<bool>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    #[serde(default)]
    pub citations: Vec<Spanned<RawCitation>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Citation")]
pub struct RawCitation {
    pub source: Spanned<String>,
    #[serde(default)]
    pub quote: Option<String>,
    #[serde(default)]
    pub locator: Option<String>,
    #[serde(default)]
    pub retrieved: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Alternative")]
pub struct RawAlternative {
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    #[serde(default)]
    pub amount: Option<Spanned<RawMoney>>,
    #[serde(default)]
    pub rank: Option<Spanned<Ident>>,
    #[serde(default)]
    pub citations: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Money")]
pub struct RawMoney {
    pub value: u64,
    #[serde(default)]
    pub currency: Option<Spanned<String>>,
    #[serde(default)]
    pub status: Option<Spanned<Ident>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Node")]
pub struct RawNode {
    pub id: Spanned<String>,
    pub kind: Spanned<Ident>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    #[serde(default)]
    pub period: Option<Spanned<RawPeriod>>,
    #[serde(default)]
    pub jurisdiction: Option<Spanned<String>>,
    #[serde(default)]
    pub status: Option<Spanned<Ident>>,
    #[serde(default)]
    pub sector: Option<Spanned<Ident>>,
    #[serde(default)]
    pub budget: Option<Spanned<RawMoney>>,
    #[serde(default)]
    pub milestones: Vec<Spanned<RawMilestone>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    #[serde(default)]
    pub quote: Option<Spanned<String>>,
    #[serde(default)]
    pub citations: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    pub alternatives: Vec<Spanned<RawAlternative>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Edge")]
pub struct RawEdge {
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    pub from: Spanned<String>,
    pub kind: Spanned<Ident>,
    pub to: Spanned<String>,
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    #[serde(default)]
    pub period: Option<Spanned<RawPeriod>>,
    #[serde(default)]
    pub amount: Option<Spanned<RawMoney>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    #[serde(default)]
    pub quote: Option<Spanned<String>>,
    #[serde(default)]
    pub citations: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    pub alternatives: Vec<Spanned<RawAlternative>>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Structures are read directly in fast mode, their span taken from their
/// first and last spanned fields (good enough: fast mode is only kept when
/// the data has no diagnostic to show); in exact mode through `RawValue`.
trait ChildSpans {
    fn child_spans(&self) -> Range<usize>;
}

fn cover(spans: impl IntoIterator<Item = Range<usize>>) -> Range<usize> {
    spans
        .into_iter()
        .filter(|s| !s.is_empty())
        .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
        .unwrap_or(0..0)
}

impl ChildSpans for RawPeriod {
    fn child_spans(&self) -> Range<usize> {
        cover(
            [self.start.span.clone()]
                .into_iter()
                .chain(self.end.as_ref().map(|e| e.span.clone())),
        )
    }
}

impl ChildSpans for RawMoney {
    fn child_spans(&self) -> Range<usize> {
        cover(
            self.currency
                .iter()
                .map(|c| c.span.clone())
                .chain(self.status.iter().map(|s| s.span.clone())),
        )
    }
}

impl ChildSpans for RawMilestone {
    fn child_spans(&self) -> Range<usize> {
        cover([self.stage.span.clone(), self.date.span.clone()])
    }
}

macro_rules! spanned_structure {
    ($($t:ty),*) => {$(
        impl<'de> super::spanned::Spannable<'de> for $t {
            fn deserialize_spanned<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Spanned<Self>, D::Error> {
                if super::spanned::exact_mode() {
                    return super::spanned::via_raw_value(deserializer);
                }
                let value = <$t as serde::Deserialize>::deserialize(deserializer)?;
                let span = value.child_spans();
                Ok(Spanned::new(value, span))
            }
        }
    )*};
}

impl ChildSpans for RawCitation {
    fn child_spans(&self) -> Range<usize> {
        cover(
            [self.source.span.clone()]
                .into_iter()
                .chain(self.retrieved.as_ref().map(|r| r.span.clone())),
        )
    }
}

impl ChildSpans for RawAlternative {
    fn child_spans(&self) -> Range<usize> {
        cover(
            self.date
                .iter()
                .map(|d| d.span.clone())
                .chain(self.amount.iter().map(|a| a.span.clone()))
                .chain(self.rank.iter().map(|r| r.span.clone()))
                .chain(self.citations.iter().map(|c| c.span.clone())),
        )
    }
}

spanned_structure!(
    RawPeriod,
    RawMoney,
    RawMilestone,
    RawCitation,
    RawAlternative
);
