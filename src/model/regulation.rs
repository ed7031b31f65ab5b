//! The lifecycle of a regulation: dated milestones, planned or actual, and
//! the status they imply.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantNames};

use super::PartialDate;

/// A step in a regulation's life, in the order they normally happen.
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
pub enum Stage {
    /// The text is proposed (for EU law, by the Commission).
    Proposed,
    /// A co-legislator adopts its position (Council general approach,
    /// Parliament mandate): negotiation can start.
    PositionAdopted,
    /// Negotiators reach a political (provisional) agreement.
    PoliticalAgreement,
    /// The text is formally adopted.
    Adopted,
    /// The text is published in the official journal.
    Published,
    /// The text enters into force.
    InForce,
    /// Some or all provisions start to apply.
    AppliesFrom,
}

/// What a regulation is, at a given moment.
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
pub enum RegulationStatus {
    Proposed,
    UnderNegotiation,
    Agreed,
    Adopted,
    Published,
    InForce,
    /// Some provisions apply; others have later (planned) dates.
    PartlyApplicable,
    Applicable,
    Repealed,
}

impl RegulationStatus {
    pub fn label(self) -> String {
        super::kind::kebab(self.into())
    }
}

impl Stage {
    pub fn label(self) -> String {
        super::kind::kebab(self.into())
    }

    /// The status a regulation has once this milestone has happened.
    pub fn status_after(self) -> RegulationStatus {
        match self {
            Stage::Proposed => RegulationStatus::Proposed,
            Stage::PositionAdopted => RegulationStatus::UnderNegotiation,
            Stage::PoliticalAgreement => RegulationStatus::Agreed,
            Stage::Adopted => RegulationStatus::Adopted,
            Stage::Published => RegulationStatus::Published,
            Stage::InForce => RegulationStatus::InForce,
            Stage::AppliesFrom => RegulationStatus::Applicable,
        }
    }
}

/// A dated step in a regulation's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub stage: Stage,
    pub date: PartialDate,
    /// `false` for a date set in advance that has not been confirmed as
    /// happened (an application date in the law's text).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub actual: bool,
    /// The provisions it concerns, when not the whole text
    /// (`high-risk, Annex I`, `Chapters I-II`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// What this milestone is, in a few words (`Council general approach`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Ids of every source, as on [`super::Node::sources`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Each source's words for this milestone, tied to that source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<super::Citation>,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}
