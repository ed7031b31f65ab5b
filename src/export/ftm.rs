//! `export ftm`: FollowTheMoney entities, one JSON object per line
//! (`{"id", "schema", "properties": {prop: [values]}}`), for Aleph and the
//! `ftm` tools. The mapping of our kinds onto FtM's schemata is the table in
//! docs/interop.md ("ftm").
//!
//! FtM cleans every value it reads (`ftm validate` drops what it cannot
//! clean, silently), so each value is written here in the form FtM keeps
//! as it is: NFC, without control or invisible formatting characters,
//! trimmed; names with their whitespace squashed and one pair of
//! surrounding quotes removed; languages as ISO 639-3 codes FtM knows;
//! only `http(s)` URLs with a host. A value left empty is not written.

use std::collections::BTreeMap;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::interchange::{
    EdgeRecord, Interchange, MilestoneRecord, NodeRecord, SourceRecord, Time,
};

/// One FtM entity: its properties by name, each a list of distinct values
/// in the order written (FtM drops a repeated value).
#[derive(Serialize)]
struct Entity {
    id: String,
    schema: &'static str,
    properties: BTreeMap<&'static str, Vec<String>>,
}

impl Entity {
    fn new(id: String, schema: &'static str) -> Entity {
        Entity {
            id,
            schema,
            properties: BTreeMap::new(),
        }
    }

    /// Adds a value, cleaned as FtM cleans free text; nothing if it is
    /// empty once cleaned or already there.
    fn text(&mut self, prop: &'static str, value: &str) {
        if let Some(value) = clean_text(value) {
            self.push(prop, value);
        }
    }

    /// Adds a value of FtM's `name` type.
    fn name(&mut self, prop: &'static str, value: &str) {
        if let Some(value) = clean_name(value) {
            self.push(prop, value);
        }
    }

    /// Adds a value already in FtM's form (ids, dates, numbers, codes).
    fn push(&mut self, prop: &'static str, value: String) {
        let values = self.properties.entry(prop).or_default();
        if !values.contains(&value) {
            values.push(value);
        }
    }

    /// `proof` (the sources' Article entities), `sourceUrl` and `publisher`.
    fn cite(&mut self, cited: &[String], sources: &BTreeMap<&str, &SourceRecord>) {
        for id in cited {
            self.push("proof", source_id(id));
            if let Some(source) = sources.get(id.as_str()) {
                if let Some(url) = source.url.as_deref().and_then(clean_url) {
                    self.push("sourceUrl", url);
                }
                if let Some(publisher) = &source.publisher {
                    self.text("publisher", publisher);
                }
            }
        }
    }

    /// `date` for a date; `startDate` and `endDate` for a period (FtM's
    /// Interval properties).
    fn interval(&mut self, time: &Time) {
        if let Some(date) = &time.date {
            self.push("date", date.text.clone());
        }
        if let Some(period) = &time.period {
            self.push("startDate", period.start.text.clone());
            if let Some(end) = &period.end {
                self.push("endDate", end.text.clone());
            }
        }
    }
}

/// What an FtM schema can hold, for the choice of a link's schema.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    /// Person: a LegalEntity, not an Organization.
    Person,
    /// Organization, Company, PublicBody: may be a Membership's or a
    /// Directorship's organization.
    Organization,
    /// LegalEntity: a party, not an organization.
    Party,
    /// Project (a regulation): ProjectParticipant's project.
    Project,
    /// Event, Asset: neither a party nor a project.
    Thing,
}

/// The FtM schema of a node kind (docs/interop.md, "ftm").
fn node_schema(kind: &str) -> (&'static str, Family) {
    match kind {
        "person" => ("Person", Family::Person),
        "company" | "investor" | "fund" => ("Company", Family::Organization),
        "public-body" | "eu-institution" | "jurisdiction" => ("PublicBody", Family::Organization),
        "programme" => ("Organization", Family::Organization),
        "group" => ("LegalEntity", Family::Party),
        "regulation" => ("Project", Family::Project),
        "infrastructure" => ("Asset", Family::Thing),
        _ => ("Event", Family::Thing),
    }
}

/// An edge or milestone id as an FtM entity id: `/` (which FtM ids may not
/// hold, and our slugs never do) as `.`.
fn entity_id(id: &str) -> String {
    id.replace('/', ".")
}

/// A source's Article entity id: `source.ID`, apart from node ids.
fn source_id(id: &str) -> String {
    format!("source.{id}")
}

/// FtM's cleaning of any text value: NFC, space-like characters as a
/// space, control and invisible formatting characters removed (tab, line
/// feed and carriage return kept), trimmed; `None` if nothing is left.
fn clean_text(text: &str) -> Option<String> {
    let cleaned: String = text
        .nfc()
        .filter_map(|c| match c as u32 {
            0x2000..=0x200a | 0x2028 | 0x2029 | 0x0a00 | 0x1680 | 0x202f | 0x205f | 0x3000 => {
                Some(' ')
            }
            0x00..=0x08
            | 0x0b
            | 0x0c
            | 0x0e..=0x1f
            | 0x7f..=0x9f
            | 0x200b..=0x200f
            | 0x061c
            | 0x2060..=0x2064
            | 0x00ad
            | 0xfeff => None,
            _ => Some(c),
        })
        .collect();
    let trimmed = cleaned.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// FtM's cleaning of a `name` value: [`clean_text`], then one pair of
/// surrounding quotes (`"` or `'`) removed and every run of whitespace a
/// single space.
fn clean_name(text: &str) -> Option<String> {
    let text = clean_text(text)?;
    let quoted = text.len() >= 2
        && matches!(text.as_bytes()[0], b'"' | b'\'')
        && matches!(text.as_bytes()[text.len() - 1], b'"' | b'\'');
    let inner = if quoted {
        &text[1..text.len() - 1]
    } else {
        &text[..]
    };
    let squashed: String = inner
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
            )
        })
        .collect::<String>()
        .split(|c: char| c.is_whitespace() || matches!(c, '\u{2028}' | '\u{2029}'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!squashed.is_empty()).then_some(squashed)
}

/// An `http` or `https` URL with a host, as FtM writes it back (a `/`
/// path when it has none); `None` for anything else, which FtM would
/// drop or rewrite.
fn clean_url(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let scheme = &url[..url.len() - rest.len()];
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'))
    {
        return None;
    }
    let tail = &rest[host_end..];
    if tail.starts_with('/') {
        Some(url.to_string())
    } else {
        Some(format!("{scheme}{host}/{tail}"))
    }
}

/// ISO 639-1 codes as the ISO 639-3 codes of the languages FtM knows
/// (followthemoney's `LanguageType.LANGUAGES`).
const LANGUAGES: &[(&str, &str)] = &[
    ("af", "afr"),
    ("am", "amh"),
    ("ar", "ara"),
    ("az", "aze"),
    ("be", "bel"),
    ("bg", "bul"),
    ("bn", "ben"),
    ("bs", "bos"),
    ("ca", "cat"),
    ("cs", "ces"),
    ("da", "dan"),
    ("de", "deu"),
    ("el", "ell"),
    ("en", "eng"),
    ("es", "spa"),
    ("et", "est"),
    ("fa", "fas"),
    ("fi", "fin"),
    ("fr", "fra"),
    ("ga", "gle"),
    ("he", "heb"),
    ("hi", "hin"),
    ("hr", "hrv"),
    ("hu", "hun"),
    ("hy", "hye"),
    ("id", "ind"),
    ("is", "isl"),
    ("it", "ita"),
    ("ja", "jpn"),
    ("ka", "kat"),
    ("kk", "kaz"),
    ("km", "khm"),
    ("kn", "kan"),
    ("ko", "kor"),
    ("ky", "kir"),
    ("lb", "ltz"),
    ("lo", "lao"),
    ("lt", "lit"),
    ("lv", "lav"),
    ("mk", "mkd"),
    ("mn", "mon"),
    ("ms", "msa"),
    ("mt", "mlt"),
    ("my", "mya"),
    ("ne", "nep"),
    ("nl", "nld"),
    ("no", "nor"),
    ("pl", "pol"),
    ("ps", "pus"),
    ("pt", "por"),
    ("ro", "ron"),
    ("ru", "rus"),
    ("si", "sin"),
    ("sk", "slk"),
    ("sl", "slv"),
    ("sq", "sqi"),
    ("sr", "srp"),
    ("sv", "swe"),
    ("sw", "swa"),
    ("ta", "tam"),
    ("te", "tel"),
    ("tg", "tgk"),
    ("th", "tha"),
    ("tk", "tuk"),
    ("tl", "tgl"),
    ("tr", "tur"),
    ("uk", "ukr"),
    ("ur", "urd"),
    ("uz", "uzb"),
    ("vi", "vie"),
    ("zh", "zho"),
];

/// A language tag (`fr`, `fr-FR`, `fra`) as FtM's code, if FtM knows it.
fn language(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGES
        .iter()
        .find(|(two, three)| *two == primary || *three == primary)
        .map(|(_, three)| three.to_string())
}

fn source_entity(source: &SourceRecord) -> Entity {
    let mut entity = Entity::new(source_id(&source.id), "Article");
    entity.text("title", &source.title);
    if let Some(publisher) = &source.publisher {
        entity.text("publisher", publisher);
    }
    if let Some(published) = &source.published {
        entity.push("publishedAt", published.text.clone());
    }
    if let Some(url) = source.url.as_deref().and_then(clean_url) {
        entity.push("sourceUrl", url);
    }
    if let Some(code) = source.language.as_deref().and_then(language) {
        entity.push("language", code);
    }
    if let Some(kind) = &source.source_type {
        entity.text("keywords", kind);
    }
    if let Some(note) = &source.note {
        entity.text("notes", note);
    }
    entity
}

fn node_entity(node: &NodeRecord, sources: &BTreeMap<&str, &SourceRecord>) -> Entity {
    let (schema, family) = node_schema(&node.kind);
    let mut entity = Entity::new(node.id.clone(), schema);
    entity.name("name", &node.name);
    for alias in &node.aliases {
        entity.name("alias", alias);
    }
    if let Some(description) = &node.description {
        entity.text("description", description);
    }
    if let Some(quote) = &node.quote {
        entity.text("notes", quote);
    }
    entity.text("keywords", &node.kind);
    for tag in &node.tags {
        entity.text("keywords", tag);
    }
    match family {
        Family::Organization | Family::Party => {
            let start = node
                .time
                .date
                .as_ref()
                .or(node.time.period.as_ref().map(|p| &p.start));
            if let Some(start) = start {
                entity.push("incorporationDate", start.text.clone());
            }
            if let Some(end) = node.time.period.as_ref().and_then(|p| p.end.as_ref()) {
                entity.push("dissolutionDate", end.text.clone());
            }
        }
        Family::Project => {
            entity.interval(&node.time);
            if let Some(status) = node.current_status.as_ref().or(node.status.as_ref()) {
                entity.text("status", status);
            }
        }
        // FtM's Person and Asset have no date of their own.
        Family::Person => {}
        Family::Thing if schema == "Event" => entity.interval(&node.time),
        Family::Thing => {}
    }
    entity.cite(&node.sources, sources);
    entity
}

/// A milestone as an Event, and the UnknownLink from it to its regulation.
fn milestone_entities(
    milestone: &MilestoneRecord,
    regulation_name: Option<&str>,
    sources: &BTreeMap<&str, &SourceRecord>,
) -> [Entity; 2] {
    let id = entity_id(&milestone.id);
    let mut event = Entity::new(id.clone(), "Event");
    let name = match regulation_name {
        Some(name) => format!("{name}: {}", milestone.stage),
        None => milestone.stage.clone(),
    };
    event.name("name", &name);
    event.push("date", milestone.date.text.clone());
    event.push("recordId", milestone.id.clone());
    event.text("keywords", "milestone");
    event.text("keywords", &milestone.stage);
    event.text(
        "keywords",
        if milestone.actual {
            "actual"
        } else {
            "planned"
        },
    );
    if let Some(note) = &milestone.note {
        event.text("summary", note);
    }
    event.cite(&milestone.sources, sources);
    let mut link = Entity::new(format!("{id}.of"), "UnknownLink");
    link.push("subject", id);
    link.push("object", milestone.regulation.clone());
    link.text("role", "milestone");
    [event, link]
}

/// The FtM schema of an edge, and the properties its two ends go in.
fn link_schema(
    edge: &EdgeRecord,
    from: Family,
    to: Family,
) -> (&'static str, &'static str, &'static str) {
    let party = |f: Family| matches!(f, Family::Person | Family::Organization | Family::Party);
    match edge.kind.as_str() {
        "funds" | "invests" | "finances" | "raises" => ("Payment", "payer", "beneficiary"),
        "founded" | "co-founded" | "part-of" | "holds-office"
            if party(from) && to == Family::Organization =>
        {
            ("Membership", "member", "organization")
        }
        "leads" if party(from) && to == Family::Organization => {
            ("Directorship", "director", "organization")
        }
        "succeeds" if party(from) && party(to) => ("Succession", "successor", "predecessor"),
        "negotiates" | "participates-in" if party(from) && to == Family::Project => {
            ("ProjectParticipant", "participant", "project")
        }
        _ => ("UnknownLink", "subject", "object"),
    }
}

fn edge_entity(
    edge: &EdgeRecord,
    families: &BTreeMap<&str, Family>,
    sources: &BTreeMap<&str, &SourceRecord>,
) -> Entity {
    let family = |id: &str| families.get(id).copied().unwrap_or(Family::Thing);
    let (schema, from_prop, to_prop) = link_schema(edge, family(&edge.from), family(&edge.to));
    let mut entity = Entity::new(entity_id(&edge.id), schema);
    // Money flows from a funding round to the company that raises it.
    let (from, to) = if edge.kind == "raises" {
        (&edge.to, &edge.from)
    } else {
        (&edge.from, &edge.to)
    };
    entity.push(from_prop, from.clone());
    entity.push(to_prop, to.clone());
    entity.push("recordId", edge.id.clone());
    if schema == "Payment" {
        let purpose = match &edge.amount {
            Some(amount) => format!("{}, {}", edge.kind, amount.status),
            None => edge.kind.clone(),
        };
        entity.text("purpose", &purpose);
        if let Some(amount) = &edge.amount {
            entity.push("amount", amount.value.to_string());
            entity.push("currency", amount.currency.clone());
        }
    } else {
        entity.text("role", &edge.kind);
    }
    entity.interval(&edge.time);
    if let Some(quote) = &edge.quote {
        entity.text("summary", quote);
    }
    if let Some(note) = &edge.note {
        entity.text("description", note);
    }
    entity.cite(&edge.sources, sources);
    entity
}

/// The records as FtM entities, one JSON object per line: sources (as
/// Article), nodes, milestones (as Event, each with an UnknownLink to its
/// regulation), then edges, in the records' order.
pub fn to_ftm(records: &Interchange) -> Vec<u8> {
    let sources: BTreeMap<&str, &SourceRecord> =
        records.sources.iter().map(|s| (s.id.as_str(), s)).collect();
    let families: BTreeMap<&str, Family> = records
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), node_schema(&n.kind).1))
        .collect();
    let names: BTreeMap<&str, &str> = records
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.name.as_str()))
        .collect();
    let mut out = Vec::new();
    let mut line = |entity: &Entity| {
        serde_json::to_writer(&mut out, entity).expect("an entity serialises: strings only");
        out.push(b'\n');
    };
    for source in &records.sources {
        line(&source_entity(source));
    }
    for node in &records.nodes {
        line(&node_entity(node, &sources));
    }
    for milestone in &records.milestones {
        let regulation = names.get(milestone.regulation.as_str()).copied();
        for entity in milestone_entities(milestone, regulation, &sources) {
            line(&entity);
        }
    }
    for edge in &records.edges {
        line(&edge_entity(edge, &families, &sources));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cleaned_as_ftm_cleans_it() {
        assert_eq!(clean_text("  a\u{1}b\u{200b}\tc\n "), Some("ab\tc".into()));
        assert_eq!(clean_text("e\u{301}"), Some("\u{e9}".into()));
        assert_eq!(clean_text("\u{7}"), None);
        assert_eq!(
            clean_text("<&> ]]> \\ \" ' \u{202e}"),
            Some("<&> ]]> \\ \" ' \u{202e}".into())
        );
    }

    #[test]
    fn names_are_squashed_and_unquoted() {
        assert_eq!(
            clean_name("\"Mistral\"  \n AI"),
            Some("\"Mistral\" AI".into())
        );
        assert_eq!(clean_name("'Tibi'"), Some("Tibi".into()));
        assert_eq!(clean_name("\"\""), None);
    }

    #[test]
    fn urls_and_languages_are_ftm_s() {
        assert_eq!(
            clean_url("https://example.org?a=1"),
            Some("https://example.org/?a=1".into())
        );
        assert_eq!(clean_url("ftp://example.org/"), None);
        assert_eq!(clean_url("https:///x"), None);
        assert_eq!(language("fr"), Some("fra".into()));
        assert_eq!(language("en-GB"), Some("eng".into()));
        assert_eq!(language("xx"), None);
    }

    #[test]
    fn link_ids_are_ftm_ids() {
        assert_eq!(entity_id("a/funds/b/2"), "a.funds.b.2");
    }
}
