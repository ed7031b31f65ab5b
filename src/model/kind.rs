//! The closed vocabulary of node kinds and edge kinds, and which node kinds
//! each edge kind may connect (its domain and range).
//!
//! A typo in a data file is an error that names the allowed values, so every
//! enum here lists its variants through [`strum::VariantNames`].

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr, VariantNames};

/// What a node is. Written in RON as a bare identifier: `kind: Company`.
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
pub enum NodeKind {
    /// A natural person (`Emmanuel Macron`, `Arthur Mensch`).
    Person,
    /// A company or start-up (`Mistral AI`, `OpenAI`).
    Company,
    /// An investor: venture fund manager, institutional investor, bank.
    Investor,
    /// A national government, ministry, presidency, agency or public mission.
    PublicBody,
    /// An institution of the European Union (Commission, Parliament, Council).
    EuInstitution,
    /// A law or regulation with a lifecycle (`EU AI Act`).
    Regulation,
    /// A public programme, plan or policy measure (`France 2030`).
    Programme,
    /// A fund with money to deploy (`seed fund`).
    Fund,
    /// Physical infrastructure, such as a supercomputer (`Jean Zay`).
    Infrastructure,
    /// A conference or trade show (`Vivatech 2023`).
    Conference,
    /// A funding round raised by a company.
    FundingRound,
    /// A public announcement or statement.
    Announcement,
    /// A negotiation between parties (`AI Act trilogues`).
    Negotiation,
    /// A country, region or union whose law applies (`France`, `European Union`).
    Jurisdiction,
    /// A collective of actors named as one (`the American AI giants`).
    Group,
}

/// How two nodes are related. Written in RON as a bare identifier: `kind: CoFounded`.
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
pub enum EdgeKind {
    /// An actor founded an organisation, fund or programme on its own.
    Founded,
    /// One of several co-founders.
    CoFounded,
    /// A person leads an organisation or a programme (chief executive, head).
    Leads,
    /// A person holds a public office in a body or jurisdiction.
    HoldsOffice,
    /// Public or philanthropic money granted to a recipient; may carry an amount.
    Funds,
    /// An equity investment by an investor; may carry an amount.
    Invests,
    /// A programme or fund finances recipients; may carry an amount.
    Finances,
    /// A company raises a funding round; may carry an amount.
    Raises,
    /// An actor announces a measure, round, plan or event.
    Announces,
    /// An actor calls publicly for something (a kind of regulation, a policy).
    CallsFor,
    /// An actor takes part in an event or a negotiation.
    ParticipatesIn,
    /// An actor or place hosts an event.
    Hosts,
    /// A fact happened at an event (an announcement made at a conference).
    HappenedAt,
    /// A regulation regulates an actor or an activity's actors.
    Regulates,
    /// A regulation applies in a jurisdiction.
    AppliesIn,
    /// An actor negotiates a regulation (or takes part in its negotiation).
    Negotiates,
    /// A body labels or selects actors (a label, a call for projects).
    Labels,
    /// One node is a part, phase or member of another.
    PartOf,
    /// A programme or plan follows an earlier one.
    Succeeds,
    /// An actor competes with, or aims to compete with, another.
    CompetesWith,
    /// An actor is located in, or headquartered in, a jurisdiction.
    LocatedIn,
}

impl NodeKind {
    /// The name written in RON files (`PublicBody`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// A lowercase, hyphenated label for people (`public-body`).
    pub fn label(self) -> String {
        self.label_str().to_string()
    }

    /// [`NodeKind::label`], made once per kind (a listing of a million lines
    /// says it a million times).
    pub fn label_str(self) -> &'static str {
        static LABELS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
            <NodeKind as strum::IntoEnumIterator>::iter()
                .map(|kind| kebab(kind.name()))
                .collect()
        });
        &LABELS[self as usize]
    }

    /// Whether nodes of this kind are events rather than lasting actors.
    pub fn is_event(self) -> bool {
        matches!(
            self,
            NodeKind::Conference
                | NodeKind::FundingRound
                | NodeKind::Announcement
                | NodeKind::Negotiation
        )
    }

    /// Whether `stats` ranks it among actors: people and organisations
    /// that act (persons, companies, investors, public bodies, EU
    /// institutions, funds, jurisdictions, groups), not events
    /// ([`NodeKind::is_event`]), regulations, programmes or infrastructure.
    pub fn is_actor(self) -> bool {
        matches!(
            self,
            NodeKind::Person
                | NodeKind::Company
                | NodeKind::Investor
                | NodeKind::PublicBody
                | NodeKind::EuInstitution
                | NodeKind::Fund
                | NodeKind::Jurisdiction
                | NodeKind::Group
        )
    }

    /// Parses a kind from its RON name or its hyphenated label, ignoring case.
    pub fn parse(text: &str) -> Option<NodeKind> {
        parse_vocabulary(text, NodeKind::VARIANTS)
    }
}

use NodeKind as N;

/// Actors that can act: people and organisations.
const ACTORS: &[NodeKind] = &[
    N::Person,
    N::Company,
    N::Investor,
    N::PublicBody,
    N::EuInstitution,
    N::Jurisdiction,
    N::Group,
];
/// Bodies with money to give: public bodies, funds and programmes.
const FUNDERS: &[NodeKind] = &[
    N::Person,
    N::Company,
    N::Investor,
    N::PublicBody,
    N::EuInstitution,
    N::Jurisdiction,
    N::Programme,
    N::Fund,
];
/// What money can go to.
const RECIPIENTS: &[NodeKind] = &[
    N::Company,
    N::Investor,
    N::PublicBody,
    N::Programme,
    N::Fund,
    N::Infrastructure,
    N::FundingRound,
    N::Group,
];
const EVENTS: &[NodeKind] = &[
    N::Conference,
    N::FundingRound,
    N::Announcement,
    N::Negotiation,
];
/// Everything that can be announced or called for.
const ANNOUNCEABLE: &[NodeKind] = &[
    N::Programme,
    N::Fund,
    N::Infrastructure,
    N::FundingRound,
    N::Announcement,
    N::Regulation,
    N::Conference,
    N::Negotiation,
];
const ALL: &[NodeKind] = &[
    N::Person,
    N::Company,
    N::Investor,
    N::PublicBody,
    N::EuInstitution,
    N::Regulation,
    N::Programme,
    N::Fund,
    N::Infrastructure,
    N::Conference,
    N::FundingRound,
    N::Announcement,
    N::Negotiation,
    N::Jurisdiction,
    N::Group,
];

impl EdgeKind {
    /// The name written in RON files (`CoFounded`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// A lowercase, hyphenated label for people (`co-founded`).
    pub fn label(self) -> String {
        self.label_str().to_string()
    }

    /// [`EdgeKind::label`], made once per kind (a listing of a million lines
    /// says it a million times).
    pub fn label_str(self) -> &'static str {
        static LABELS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
            <EdgeKind as strum::IntoEnumIterator>::iter()
                .map(|kind| kebab(kind.name()))
                .collect()
        });
        &LABELS[self as usize]
    }

    /// Parses a kind from its RON name or its hyphenated label, ignoring case.
    pub fn parse(text: &str) -> Option<EdgeKind> {
        parse_vocabulary(text, EdgeKind::VARIANTS)
    }

    /// Whether edges of this kind carry money and may have an `amount`.
    pub fn carries_money(self) -> bool {
        matches!(
            self,
            EdgeKind::Funds | EdgeKind::Invests | EdgeKind::Finances | EdgeKind::Raises
        )
    }

    /// The node kinds an edge of this kind may start from (its domain).
    pub fn domain(self) -> &'static [NodeKind] {
        use EdgeKind as E;
        match self {
            E::Founded | E::CoFounded => &[N::Person, N::Company, N::Investor, N::PublicBody],
            E::Leads | E::HoldsOffice => &[N::Person],
            E::Funds | E::Invests | E::Finances => FUNDERS,
            E::Raises => &[N::Company, N::Investor, N::Fund],
            E::Announces | E::CallsFor | E::ParticipatesIn | E::Negotiates => ACTORS,
            E::Hosts => &[
                N::Company,
                N::PublicBody,
                N::EuInstitution,
                N::Jurisdiction,
                N::Conference,
            ],
            E::HappenedAt => &[N::FundingRound, N::Announcement, N::Negotiation],
            E::Regulates | E::AppliesIn => &[N::Regulation],
            E::Labels => &[N::PublicBody, N::EuInstitution, N::Programme],
            E::PartOf => ALL,
            E::Succeeds => &[N::Programme, N::Fund, N::Regulation],
            E::CompetesWith => &[N::Company, N::Group, N::Jurisdiction],
            E::LocatedIn => &[
                N::Person,
                N::Company,
                N::Investor,
                N::PublicBody,
                N::EuInstitution,
                N::Fund,
                N::Infrastructure,
                N::Conference,
                N::Group,
            ],
        }
    }

    /// The node kinds an edge of this kind may point to (its range).
    pub fn range(self) -> &'static [NodeKind] {
        use EdgeKind as E;
        match self {
            E::Founded | E::CoFounded => &[
                N::Company,
                N::Investor,
                N::Fund,
                N::Programme,
                N::PublicBody,
            ],
            E::Leads => &[
                N::Company,
                N::Investor,
                N::PublicBody,
                N::EuInstitution,
                N::Fund,
                N::Programme,
            ],
            E::HoldsOffice => &[N::PublicBody, N::EuInstitution, N::Jurisdiction],
            E::Funds | E::Invests | E::Finances => RECIPIENTS,
            E::Raises => &[N::FundingRound],
            E::Announces => ANNOUNCEABLE,
            E::CallsFor => &[N::Regulation, N::Programme, N::Fund, N::Infrastructure],
            E::ParticipatesIn => EVENTS,
            E::Hosts => &[N::Conference, N::Negotiation, N::Announcement],
            E::HappenedAt => &[N::Conference, N::Negotiation],
            E::Regulates => &[
                N::Person,
                N::Company,
                N::Investor,
                N::PublicBody,
                N::Fund,
                N::Infrastructure,
                N::Group,
            ],
            E::AppliesIn => &[N::Jurisdiction],
            E::Negotiates => &[N::Regulation, N::Negotiation],
            E::Labels => &[N::Company, N::Group, N::Programme, N::Infrastructure],
            E::PartOf => ALL,
            E::Succeeds => &[N::Programme, N::Fund, N::Regulation],
            E::CompetesWith => &[N::Company, N::Group, N::Jurisdiction],
            E::LocatedIn => &[N::Jurisdiction],
        }
    }

    /// Whether an edge of this kind may go from a `from` node to a `to` node.
    ///
    /// ```
    /// use reggraph::model::{EdgeKind, NodeKind};
    /// assert!(EdgeKind::CoFounded.allows(NodeKind::Person, NodeKind::Company));
    /// assert!(!EdgeKind::CoFounded.allows(NodeKind::Regulation, NodeKind::Company));
    /// ```
    pub fn allows(self, from: NodeKind, to: NodeKind) -> bool {
        self.domain().contains(&from) && self.range().contains(&to)
    }
}

/// `CoFounded` becomes `co-founded`.
pub fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Finds a variant by its RON name or hyphenated label, ignoring case and
/// hyphens, so a command line can say `--kind public-body` or `--kind PublicBody`.
pub(crate) fn parse_vocabulary<T: std::str::FromStr>(text: &str, variants: &[&str]) -> Option<T> {
    let wanted: String = text
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_lowercase();
    variants
        .iter()
        .find(|v| v.to_lowercase() == wanted)
        .and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn labels_are_kebab_case() {
        assert_eq!(EdgeKind::CoFounded.label(), "co-founded");
        assert_eq!(NodeKind::EuInstitution.label(), "eu-institution");
        // Each kind's label made once is its own (a table in kind order).
        for kind in NodeKind::iter() {
            assert_eq!(kind.label_str(), kebab(kind.name()));
        }
        for kind in EdgeKind::iter() {
            assert_eq!(kind.label_str(), kebab(kind.name()));
        }
    }

    #[test]
    fn parse_accepts_names_and_labels() {
        assert_eq!(NodeKind::parse("public-body"), Some(NodeKind::PublicBody));
        assert_eq!(NodeKind::parse("PublicBody"), Some(NodeKind::PublicBody));
        assert_eq!(EdgeKind::parse("co-founded"), Some(EdgeKind::CoFounded));
        assert_eq!(NodeKind::parse("nothing"), None);
    }

    #[test]
    fn every_edge_kind_has_a_domain_and_range() {
        for kind in EdgeKind::iter() {
            assert!(!kind.domain().is_empty(), "{kind:?}");
            assert!(!kind.range().is_empty(), "{kind:?}");
        }
    }
}
