//! Records as written, before checking: every value a check may need to point
//! at is [`Spanned`]; kinds and other vocabulary are kept as identifiers so an
//! unknown one is reported with the allowed values instead of stopping the file.

use std::ops::Range;

use ron::value::RawValue;
use serde::Deserialize;

use super::spanned::{Ident, Spanned};

/// One data file, each record kept as raw text so that a bad record is
/// reported and the others are still read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "DataFile")]
pub(crate) struct RawFile<'a> {
    #[serde(default, borrow)]
    pub sources: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    pub nodes: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    pub edges: Vec<&'a RawValue>,
}

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
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
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
    pub milestones: Vec<Spanned<RawMilestone>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    #[serde(default)]
    pub quote: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Edge")]
pub struct RawEdge {
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
    pub quote: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

macro_rules! spanned_via_raw_value {
    ($($t:ty),*) => {$(
        impl<'de> super::spanned::Spannable<'de> for $t {
            fn deserialize_spanned<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Spanned<Self>, D::Error> {
                super::spanned::via_raw_value(deserializer)
            }
        }
    )*};
}

spanned_via_raw_value!(RawPeriod, RawMoney, RawMilestone);
