//! `export rdf`: the [`Interchange`] records as RDF triples ([`triples`]),
//! written as Turtle or N-Triples by oxttl's serialisers.
//!
//! Every record is a resource under a base IRI ([`Base`], by default
//! `https://reggraph.org/id/`): `node/ID`, `edge/EDGE-ID`,
//! `node/REGULATION/milestone/N`, `source/ID`. The vocabulary `rg:`
//! (`https://reggraph.org/ns#`) is published in docs/reggraph.ttl, beside
//! the standard terms used where they fit (RDFS, SKOS, Dublin Core, PROV,
//! schema.org, FOAF, ELI). Each edge is both a direct triple
//! (`node:arthur-mensch rg:coFounded node:mistral-ai`) and a statement
//! resource (Wikidata-style) carrying the edge's dates, amount, sources,
//! quote and note. docs/interop.md ("rdf") has the whole mapping.
//!
//! Data text only ever becomes a literal, escaped by the serialiser; an
//! IRI is made from an id (percent-encoded, so always valid) or from a
//! source's URL when the URL is a valid absolute IRI as written.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{Literal, NamedNode, NamedNodeRef, Term, Triple};

use super::interchange::{
    Amount, Bounds, EdgeRecord, Interchange, MilestoneRecord, NodeRecord, SourceRecord, Time,
};
use crate::model::{EdgeKind, NodeKind, Stage};

/// The namespace of our vocabulary (prefix `rg:`), described in
/// docs/reggraph.ttl.
pub const VOCABULARY: &str = "https://reggraph.org/ns#";

/// The base IRI that records are named under unless another is given.
pub const DEFAULT_BASE: &str = "https://reggraph.org/id/";

/// The prefixes a Turtle export declares, in the order written.
pub const PREFIXES: &[(&str, &str)] = &[
    ("rg", VOCABULARY),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("schema", SCHEMA),
    ("foaf", FOAF),
    ("eli", ELI),
];

const SCHEMA: &str = "https://schema.org/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const ELI: &str = "http://data.europa.eu/eli/ontology#";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const DCTERMS: &str = "http://purl.org/dc/terms/";
const PROV: &str = "http://www.w3.org/ns/prov#";

/// The IRI that record IRIs start with: an absolute IRI ending in `/` or
/// `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base(String);

/// Why a base IRI was refused.
#[derive(Debug, thiserror::Error)]
pub enum BaseError {
    #[error("`{0}` is not an absolute IRI: {1}")]
    Invalid(String, String),
    #[error("`{0}` must end in `/` or `#`, so that ids can follow it")]
    Ending(String),
}

impl Base {
    /// Checks `iri`: absolute, ending in `/` or `#`.
    pub fn new(iri: &str) -> Result<Base, BaseError> {
        NamedNode::new(iri).map_err(|e| BaseError::Invalid(iri.to_string(), e.to_string()))?;
        if !(iri.ends_with('/') || iri.ends_with('#')) {
            return Err(BaseError::Ending(iri.to_string()));
        }
        Ok(Base(iri.to_string()))
    }

    /// The IRI as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `BASE` + `what/` + the id, percent-encoded but for `/`.
    fn iri(&self, what: &str, id: &str) -> NamedNode {
        let mut iri = String::with_capacity(self.0.len() + what.len() + id.len() + 1);
        iri.push_str(&self.0);
        iri.push_str(what);
        iri.push('/');
        for byte in id.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
                iri.push(byte as char);
            } else {
                let _ = write!(iri, "%{byte:02X}");
            }
        }
        NamedNode::new_unchecked(iri)
    }

    /// A node's IRI, `BASE node/ID`.
    pub fn node(&self, id: &str) -> NamedNode {
        self.iri("node", id)
    }

    /// An edge's statement IRI, `BASE edge/EDGE-ID`.
    pub fn edge(&self, id: &str) -> NamedNode {
        self.iri("edge", id)
    }

    /// A milestone's IRI, `BASE node/REGULATION/milestone/N`.
    pub fn milestone(&self, id: &str) -> NamedNode {
        self.iri("node", id)
    }

    /// A source's IRI, `BASE source/ID`.
    pub fn source(&self, id: &str) -> NamedNode {
        self.iri("source", id)
    }
}

impl Default for Base {
    fn default() -> Base {
        Base(DEFAULT_BASE.to_string())
    }
}

fn term(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// `rg:LOCAL`.
pub fn rg(local: &str) -> NamedNode {
    term(VOCABULARY, local)
}

/// The class of a node kind: `rg:PublicBody`.
pub fn node_class(kind: NodeKind) -> NamedNode {
    rg(kind.name())
}

/// The class of an edge kind's statements: `rg:CoFounded`.
pub fn statement_class(kind: EdgeKind) -> NamedNode {
    rg(kind.name())
}

/// The property of an edge kind's direct triples: `rg:coFounded`.
pub fn edge_property(kind: EdgeKind) -> NamedNode {
    let name = kind.name();
    let mut chars = name.chars();
    let first = chars.next().map(|c| c.to_ascii_lowercase());
    rg(&first.into_iter().chain(chars).collect::<String>())
}

/// The standard classes a node of this kind also has.
fn standard_classes(kind: NodeKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        NodeKind::Person => &[(SCHEMA, "Person"), (FOAF, "Person")],
        NodeKind::Company | NodeKind::Investor | NodeKind::Group => {
            &[(SCHEMA, "Organization"), (FOAF, "Organization")]
        }
        NodeKind::PublicBody | NodeKind::EuInstitution => {
            &[(SCHEMA, "GovernmentOrganization"), (FOAF, "Organization")]
        }
        NodeKind::Regulation => &[(SCHEMA, "Legislation"), (ELI, "LegalResource")],
        NodeKind::Conference => &[(SCHEMA, "Event")],
        NodeKind::Jurisdiction => &[(SCHEMA, "AdministrativeArea")],
        NodeKind::Programme
        | NodeKind::Fund
        | NodeKind::Infrastructure
        | NodeKind::FundingRound
        | NodeKind::Announcement
        | NodeKind::Negotiation => &[],
    }
}

/// A date as written, typed by its precision: `xsd:gYear`,
/// `xsd:gYearMonth` or `xsd:date`.
fn written(date: &Bounds) -> Literal {
    let datatype = match date.precision.as_str() {
        "year" => xsd::G_YEAR,
        "month" => xsd::G_YEAR_MONTH,
        _ => xsd::DATE,
    };
    Literal::new_typed_literal(date.text.as_str(), datatype)
}

fn day(text: &str) -> Literal {
    Literal::new_typed_literal(text, xsd::DATE)
}

fn string(text: &str) -> Literal {
    Literal::new_simple_literal(text)
}

fn integer(value: impl std::fmt::Display) -> Literal {
    Literal::new_typed_literal(value.to_string(), xsd::INTEGER)
}

/// Where triples go, in the order they are made (grouped by subject): a
/// list, or straight into a serialiser, so that a large export is never
/// held as triples all at once.
/// A triple is made once: RDF graphs are sets, and a record may repeat a
/// value (an alias written twice, two milestones on one day); each
/// subject's triples come together, so the subject's own are enough to
/// remember.
struct Triples<'a> {
    sink: &'a mut dyn FnMut(Triple),
    subject: Option<NamedNode>,
    seen: std::collections::HashSet<(NamedNode, Term)>,
}

impl Triples<'_> {
    fn add(&mut self, subject: &NamedNode, predicate: NamedNode, object: impl Into<Term>) {
        if self.subject.as_ref() != Some(subject) {
            self.subject = Some(subject.clone());
            self.seen.clear();
        }
        let object = object.into();
        if self.seen.insert((predicate.clone(), object.clone())) {
            (self.sink)(Triple::new(subject.clone(), predicate, object));
        }
    }

    fn add_ref(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        object: impl Into<Term>,
    ) {
        self.add(subject, predicate.into_owned(), object);
    }

    /// `rg:date`, or `rg:start`/`rg:end`, and `rg:validFrom`/`rg:validTo`.
    fn time(&mut self, subject: &NamedNode, time: &Time) {
        if let Some(date) = &time.date {
            self.add(subject, rg("date"), written(date));
        }
        if let Some(period) = &time.period {
            self.add(subject, rg("start"), written(&period.start));
            if let Some(end) = &period.end {
                self.add(subject, rg("end"), written(end));
            }
        }
        if let Some(from) = &time.valid_from {
            self.add(subject, rg("validFrom"), day(from));
        }
        if let Some(to) = &time.valid_to {
            self.add(subject, rg("validTo"), day(to));
        }
    }

    fn sources(&mut self, subject: &NamedNode, sources: &[String], base: &Base) {
        for source in sources {
            self.add(subject, term(PROV, "wasDerivedFrom"), base.source(source));
        }
    }
}

/// The language tag of a record's quote: that of the first source it
/// cites with a valid language tag.
fn quote(text: &str, sources: &[String], languages: &BTreeMap<&str, &str>) -> Literal {
    sources
        .iter()
        .filter_map(|s| languages.get(s.as_str()))
        .find_map(|language| Literal::new_language_tagged_literal(text, *language).ok())
        .unwrap_or_else(|| string(text))
}

/// Every record as triples, in a fixed order: sources, then each node
/// with its milestones, then each edge (direct triple, statement, amount),
/// each subject's triples together; no triple twice.
pub fn triples(records: &Interchange, base: &Base) -> Vec<Triple> {
    let mut out = Vec::new();
    for_each_triple(records, base, &mut |t| out.push(t));
    out
}

/// Calls `f` with each triple of [`triples`], in the same order, without
/// collecting them.
pub fn for_each_triple(records: &Interchange, base: &Base, f: &mut dyn FnMut(Triple)) {
    let languages: BTreeMap<&str, &str> = records
        .sources
        .iter()
        .filter_map(|s| Some((s.id.as_str(), s.language.as_deref()?)))
        .collect();
    let mut milestones: BTreeMap<&str, Vec<&MilestoneRecord>> = BTreeMap::new();
    for milestone in &records.milestones {
        milestones
            .entry(milestone.regulation.as_str())
            .or_default()
            .push(milestone);
    }
    let mut out = Triples {
        sink: f,
        subject: None,
        seen: Default::default(),
    };
    for source in &records.sources {
        source_triples(&mut out, source, base);
    }
    for node in &records.nodes {
        let own = milestones
            .get(node.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        node_triples(&mut out, node, own, base, &languages);
        for milestone in own {
            milestone_triples(&mut out, milestone, base);
        }
    }
    // Parallel edges share their direct triple: it is written once.
    let mut direct: std::collections::HashSet<(&str, &str, &str)> = Default::default();
    for edge in &records.edges {
        let first = direct.insert((&edge.from, &edge.kind, &edge.to));
        edge_triples(&mut out, edge, first, base, &languages);
    }
}

fn source_triples(out: &mut Triples, source: &SourceRecord, base: &Base) {
    let s = base.source(&source.id);
    out.add_ref(&s, rdf::TYPE, rg("Source"));
    out.add(&s, term(DCTERMS, "identifier"), string(&source.id));
    out.add(&s, term(DCTERMS, "title"), string(&source.title));
    if let Some(publisher) = &source.publisher {
        out.add(&s, term(DCTERMS, "publisher"), string(publisher));
    }
    if let Some(kind) = &source.source_type {
        out.add(&s, rg("sourceType"), string(kind));
    }
    if let Some(published) = &source.published {
        out.add(&s, term(DCTERMS, "issued"), written(published));
    }
    if let Some(url) = &source.url {
        // The URL exactly as written, always; as a link too when it is an
        // http(s) URL that is a valid IRI as it stands (never altered to
        // make it one; a `javascript:` or `file:` one is never a link).
        out.add(&s, term(SCHEMA, "url"), string(url));
        if let Some(iri) = link(url) {
            out.add(&s, term(FOAF, "page"), iri);
        }
    }
    if let Some(language) = &source.language {
        out.add(&s, term(DCTERMS, "language"), string(language));
    }
    if let Some(note) = &source.note {
        out.add(&s, rg("note"), string(note));
    }
}

/// `url` as an IRI, if it is an `http:` or `https:` URL that is a valid
/// IRI as written.
fn link(url: &str) -> Option<NamedNode> {
    let scheme = url.split_once(':')?.0.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    NamedNode::new(url).ok()
}

fn node_triples(
    out: &mut Triples,
    node: &NodeRecord,
    milestones: &[&MilestoneRecord],
    base: &Base,
    languages: &BTreeMap<&str, &str>,
) {
    let s = base.node(&node.id);
    let kind = NodeKind::parse(&node.kind);
    match kind {
        Some(kind) => {
            out.add_ref(&s, rdf::TYPE, node_class(kind));
            for (namespace, local) in standard_classes(kind) {
                out.add_ref(&s, rdf::TYPE, term(namespace, local));
            }
        }
        None => out.add_ref(&s, rdf::TYPE, rg("Node")),
    }
    out.add(&s, term(DCTERMS, "identifier"), string(&node.id));
    out.add_ref(&s, rdfs::LABEL, string(&node.name));
    for alias in &node.aliases {
        out.add(&s, term(SKOS, "altLabel"), string(alias));
    }
    if let Some(description) = &node.description {
        out.add(&s, term(DCTERMS, "description"), string(description));
    }
    for tag in &node.tags {
        out.add(&s, rg("tag"), string(tag));
    }
    out.time(&s, &node.time);
    if let Some(jurisdiction) = &node.jurisdiction {
        out.add(&s, rg("jurisdiction"), base.node(jurisdiction));
        if kind == Some(NodeKind::Regulation) {
            out.add(
                &s,
                term(SCHEMA, "legislationJurisdiction"),
                base.node(jurisdiction),
            );
        }
    }
    if let Some(status) = &node.status {
        out.add(&s, rg("status"), string(status));
    }
    if let Some(status) = &node.current_status {
        out.add(&s, rg("currentStatus"), string(status));
        if kind == Some(NodeKind::Regulation) {
            let force = match status.as_str() {
                "in-force" | "applicable" => "InForce",
                "partly-applicable" => "PartiallyInForce",
                _ => "NotInForce",
            };
            out.add(
                &s,
                term(SCHEMA, "legislationLegalForce"),
                term(SCHEMA, force),
            );
        }
    }
    for milestone in milestones {
        out.add(&s, rg("milestone"), base.milestone(&milestone.id));
    }
    legislation_dates(out, &s, milestones);
    out.sources(&s, &node.sources, base);
    if let Some(text) = &node.quote {
        out.add(&s, rg("quote"), quote(text, &node.sources, languages));
    }
}

/// ELI's and schema.org's dates of a regulation, from its actual
/// milestones dated to the day (their range is `xsd:date`; a planned or a
/// partial date stays on its milestone only).
fn legislation_dates(out: &mut Triples, s: &NamedNode, milestones: &[&MilestoneRecord]) {
    let mut entry_in_force = false;
    for milestone in milestones {
        if !milestone.actual || milestone.date.precision != "day" {
            continue;
        }
        let date = day(&milestone.date.text);
        let stage = milestone.stage.as_str();
        if stage == Stage::Adopted.label() {
            out.add(s, term(ELI, "date_document"), date.clone());
            out.add(s, term(SCHEMA, "legislationDate"), date);
        } else if stage == Stage::Published.label() {
            out.add(s, term(ELI, "date_publication"), date);
        } else if stage == Stage::InForce.label() && !entry_in_force {
            entry_in_force = true;
            out.add(s, term(ELI, "first_date_entry_in_force"), date);
        } else if stage == Stage::AppliesFrom.label() {
            out.add(s, term(ELI, "date_applicability"), date);
        }
    }
}

fn milestone_triples(out: &mut Triples, milestone: &MilestoneRecord, base: &Base) {
    let s = base.milestone(&milestone.id);
    out.add_ref(&s, rdf::TYPE, rg("Milestone"));
    out.add(&s, term(DCTERMS, "identifier"), string(&milestone.id));
    out.add(&s, rg("regulation"), base.node(&milestone.regulation));
    if let Some(place) = milestone.id.rsplit('/').next() {
        out.add(&s, rg("place"), integer(place));
    }
    out.add(&s, rg("stage"), string(&milestone.stage));
    out.add(&s, rg("date"), written(&milestone.date));
    out.add(&s, rg("validFrom"), day(&milestone.date.first_day));
    out.add(&s, rg("validTo"), day(&milestone.date.last_day));
    out.add(
        &s,
        rg("actual"),
        Literal::new_typed_literal(
            if milestone.actual { "true" } else { "false" },
            xsd::BOOLEAN,
        ),
    );
    if let Some(note) = &milestone.note {
        out.add(&s, rg("note"), string(note));
    }
    out.sources(&s, &milestone.sources, base);
}

fn edge_triples(
    out: &mut Triples,
    edge: &EdgeRecord,
    direct: bool,
    base: &Base,
    languages: &BTreeMap<&str, &str>,
) {
    let from = base.node(&edge.from);
    let to = base.node(&edge.to);
    let kind = EdgeKind::parse(&edge.kind);
    let property = kind.map_or_else(|| rg("relatedTo"), edge_property);
    if direct {
        out.add(&from, property.clone(), to.clone());
    }
    let s = base.edge(&edge.id);
    out.add_ref(&s, rdf::TYPE, rg("Statement"));
    if let Some(kind) = kind {
        out.add_ref(&s, rdf::TYPE, statement_class(kind));
    }
    out.add(&s, term(DCTERMS, "identifier"), string(&edge.id));
    out.add(&s, rg("from"), from.clone());
    out.add(&s, rg("property"), property);
    out.add(&s, rg("to"), to.clone());
    if let Some(kind) = kind.filter(|k| k.carries_money()) {
        // Who pays whom: a company raises a round, the money goes from
        // the round to the company (as `money` counts it).
        let (funder, recipient) = if kind == EdgeKind::Raises {
            (to, from)
        } else {
            (from, to)
        };
        out.add(&s, rg("funder"), funder);
        out.add(&s, rg("recipient"), recipient);
    }
    out.time(&s, &edge.time);
    let amount = edge.amount.as_ref().map(|amount| {
        let a = NamedNode::new_unchecked(format!("{}#amount", s.as_str()));
        out.add(&s, term(SCHEMA, "amount"), a.clone());
        (a, amount)
    });
    out.sources(&s, &edge.sources, base);
    if let Some(text) = &edge.quote {
        out.add(&s, rg("quote"), quote(text, &edge.sources, languages));
    }
    if let Some(note) = &edge.note {
        out.add(&s, rg("note"), string(note));
    }
    if let Some((a, amount)) = amount {
        amount_triples(out, &a, amount);
    }
}

fn amount_triples(out: &mut Triples, a: &NamedNode, amount: &Amount) {
    out.add_ref(a, rdf::TYPE, term(SCHEMA, "MonetaryAmount"));
    out.add(a, term(SCHEMA, "value"), integer(amount.value));
    out.add(a, term(SCHEMA, "currency"), string(&amount.currency));
    out.add(a, rg("minorUnits"), integer(amount.minor_units));
    out.add(a, rg("moneyStatus"), string(&amount.status));
}

/// The records as Turtle: the prefixes of [`PREFIXES`], and `node:` and
/// `source:` for the base's nodes and sources, then each subject's
/// triples grouped.
pub fn to_turtle(records: &Interchange, base: &Base) -> Vec<u8> {
    let mut serializer = oxttl::TurtleSerializer::new();
    let node = format!("{}node/", base.as_str());
    let source = format!("{}source/", base.as_str());
    let ours = [("node", node.as_str()), ("source", source.as_str())];
    for (name, iri) in PREFIXES.iter().chain(&ours) {
        serializer = serializer
            .with_prefix(*name, *iri)
            .expect("the prefixes are valid IRIs");
    }
    let mut writer = serializer.for_writer(Vec::new());
    for_each_triple(records, base, &mut |triple| {
        writer
            .serialize_triple(&triple)
            .expect("writing into memory does not fail");
    });
    writer.finish().expect("writing into memory does not fail")
}

/// The records as N-Triples, one triple per line, in the order of
/// [`triples`].
pub fn to_ntriples(records: &Interchange, base: &Base) -> Vec<u8> {
    let mut writer = oxttl::NTriplesSerializer::new().for_writer(Vec::new());
    for_each_triple(records, base, &mut |triple| {
        writer
            .serialize_triple(&triple)
            .expect("writing into memory does not fail");
    });
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_valid_iris() {
        let base = Base::default();
        assert_eq!(
            base.node("mistral-ai").as_str(),
            "https://reggraph.org/id/node/mistral-ai"
        );
        let odd = base.edge("a b/raises/<x>\"é");
        assert!(NamedNode::new(odd.as_str()).is_ok(), "{odd}");
        assert_eq!(
            odd.as_str(),
            "https://reggraph.org/id/edge/a%20b/raises/%3Cx%3E%22%C3%A9"
        );
    }

    #[test]
    fn a_base_must_be_absolute_and_end_in_a_separator() {
        assert!(Base::new("https://example.org/kg/").is_ok());
        assert!(Base::new("urn:x:kg#").is_ok());
        assert!(matches!(
            Base::new("https://example.org/kg"),
            Err(BaseError::Ending(_))
        ));
        assert!(matches!(
            Base::new("not an iri/"),
            Err(BaseError::Invalid(..))
        ));
    }

    #[test]
    fn only_web_urls_valid_as_written_become_links() {
        assert!(link("https://example.org/report?a=1&b=2#f").is_some());
        assert!(link("HTTP://example.org/").is_some());
        for url in [
            "https://example.org/a report.pdf",
            "https://example.org/x>y",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "no scheme",
        ] {
            assert!(link(url).is_none(), "{url}");
        }
    }

    #[test]
    fn kinds_name_their_terms() {
        assert_eq!(
            edge_property(EdgeKind::CoFounded).as_str(),
            "https://reggraph.org/ns#coFounded"
        );
        assert_eq!(
            statement_class(EdgeKind::CoFounded).as_str(),
            "https://reggraph.org/ns#CoFounded"
        );
        assert_eq!(
            node_class(NodeKind::PublicBody).as_str(),
            "https://reggraph.org/ns#PublicBody"
        );
    }
}
