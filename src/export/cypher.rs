//! `export cypher`: a Cypher script for Neo4j 5 (cypher-shell) that
//! FalkorDB also runs, statement by statement (docs/interop.md, "cypher").
//!
//! Uniqueness constraints on `:Node(id)`, `:Milestone(id)` and
//! `:Source(id)` come first (Neo4j 5 syntax; FalkorDB makes its own with
//! `GRAPH.CONSTRAINT CREATE`). Then batches of `UNWIND [maps] AS row`,
//! one statement per line: `MERGE` by id on a labelled node (`:Node` plus
//! the kind's label, `:Company`), relationships of the kind's type
//! (`CO_FOUNDED`) between nodes matched by label and id, `MERGE`d on the
//! edge id, so that running the script twice creates nothing new.
//! Properties are typed: text as strings, lists as lists, amounts as
//! integers, `actual` as a boolean, the first and last day as `date()`
//! values beside each date as written and its precision.
//!
//! Every string is a single-quoted literal with backslash escapes (`\\`,
//! `\'`, `\n`, `\r`, `\t`); any other control character, which the loader
//! never lets through, as `\uXXXX`. One statement is one line, ending in
//! `;`.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::interchange::{Bounds, EdgeRecord, Interchange, NodeRecord, Time};

/// Rows per `UNWIND` statement.
const BATCH: usize = 500;

/// A property value.
enum Value<'a> {
    Text(&'a str),
    Owned(String),
    Int(i128),
    Bool(bool),
    /// A `YYYY-MM-DD` day, written `date('...')`.
    Date(&'a str),
    List(&'a [String]),
}

/// A map literal's entries, in order.
#[derive(Default)]
struct Map<'a>(Vec<(&'static str, Value<'a>)>);

impl<'a> Map<'a> {
    fn put(&mut self, key: &'static str, value: Value<'a>) {
        self.0.push((key, value));
    }

    fn text(&mut self, key: &'static str, value: Option<&'a String>) {
        if let Some(value) = value {
            self.put(key, Value::Text(value));
        }
    }

    /// The date as written and its precision, under `key` and
    /// `key_precision`.
    fn bounds(&mut self, key: &'static str, precision: &'static str, bounds: &'a Bounds) {
        self.put(key, Value::Text(&bounds.text));
        self.put(precision, Value::Text(&bounds.precision));
    }

    /// `date`, `period_start`, `period_end` as written with their
    /// precision, and `valid_from`, `valid_to` as `date()` values.
    fn time(&mut self, time: &'a Time) {
        if let Some(date) = &time.date {
            self.bounds("date", "date_precision", date);
        }
        if let Some(period) = &time.period {
            self.bounds("period_start", "period_start_precision", &period.start);
            if let Some(end) = &period.end {
                self.bounds("period_end", "period_end_precision", end);
            }
        }
        if let Some(day) = &time.valid_from {
            self.put("valid_from", Value::Date(day));
        }
        if let Some(day) = &time.valid_to {
            self.put("valid_to", Value::Date(day));
        }
    }

    fn write(&self, out: &mut String) {
        out.push('{');
        for (i, (key, value)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(key);
            out.push_str(": ");
            match value {
                Value::Text(text) => string(out, text),
                Value::Owned(text) => string(out, text),
                Value::Int(n) => {
                    let _ = write!(out, "{n}");
                }
                Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Value::Date(day) => {
                    out.push_str("date(");
                    string(out, day);
                    out.push(')');
                }
                Value::List(items) => {
                    out.push('[');
                    for (j, item) in items.iter().enumerate() {
                        if j > 0 {
                            out.push_str(", ");
                        }
                        string(out, item);
                    }
                    out.push(']');
                }
            }
        }
        out.push('}');
    }
}

/// `text` as a Cypher string literal.
fn string(out: &mut String, text: &str) {
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// A kebab-case kind as a label: `public-body` is `PublicBody`.
fn label(kind: &str) -> String {
    kind.split('-')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// A kebab-case kind as a relationship type: `co-founded` is `CO_FOUNDED`.
fn rel_type(kind: &str) -> String {
    kind.to_ascii_uppercase().replace('-', "_")
}

/// Labels and types are made of our kinds' letters only; anything else
/// (a hand-edited export) is quoted as an identifier.
fn identifier(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

fn amount_value(n: u128) -> Value<'static> {
    if n <= i64::MAX as u128 {
        Value::Int(n as i128)
    } else {
        Value::Owned(n.to_string())
    }
}

fn node_props(node: &NodeRecord) -> Map<'_> {
    let mut map = Map::default();
    map.put("kind", Value::Text(&node.kind));
    map.put("name", Value::Text(&node.name));
    map.put("aliases", Value::List(&node.aliases));
    map.text("description", node.description.as_ref());
    map.put("tags", Value::List(&node.tags));
    map.time(&node.time);
    map.text("jurisdiction", node.jurisdiction.as_ref());
    map.text("status", node.status.as_ref());
    map.text("current_status", node.current_status.as_ref());
    map.put("sources", Value::List(&node.sources));
    map.text("quote", node.quote.as_ref());
    map
}

fn edge_props(edge: &EdgeRecord) -> Map<'_> {
    let mut map = Map::default();
    map.put("kind", Value::Text(&edge.kind));
    map.time(&edge.time);
    if let Some(amount) = &edge.amount {
        map.put("amount", amount_value(amount.value as u128));
        map.put("amount_minor_units", amount_value(amount.minor_units));
        map.put("currency", Value::Text(&amount.currency));
        map.put("amount_status", Value::Text(&amount.status));
    }
    map.put("sources", Value::List(&edge.sources));
    map.text("quote", edge.quote.as_ref());
    map.text("note", edge.note.as_ref());
    map
}

/// Writes `rows` in batches: `UNWIND [rows] AS row <body>;`, one line each.
fn batches(out: &mut String, rows: &[String], body: &str) {
    for chunk in rows.chunks(BATCH) {
        out.push_str("UNWIND [");
        out.push_str(&chunk.join(", "));
        out.push_str("] AS row ");
        out.push_str(body);
        out.push_str(";\n");
    }
}

fn row(fields: &[(&str, &str)], props: &Map<'_>) -> String {
    let mut out = String::from("{");
    for (key, value) in fields {
        out.push_str(key);
        out.push_str(": ");
        string(&mut out, value);
        out.push_str(", ");
    }
    out.push_str("props: ");
    props.write(&mut out);
    out.push('}');
    out
}

/// The script: constraints, sources, nodes by label, milestones, then
/// relationships by type, each in `UNWIND` batches.
pub fn to_cypher(records: &Interchange) -> Vec<u8> {
    let mut out = String::new();
    out.push_str(
        "// reggraph export cypher: Neo4j 5 syntax, one statement per line.\n\
         // Running it again creates nothing new (MERGE on ids).\n\
         CREATE CONSTRAINT reggraph_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;\n\
         CREATE CONSTRAINT reggraph_milestone_id IF NOT EXISTS FOR (n:Milestone) REQUIRE n.id IS UNIQUE;\n\
         CREATE CONSTRAINT reggraph_source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;\n",
    );

    let sources: Vec<String> = records
        .sources
        .iter()
        .map(|s| {
            let mut map = Map::default();
            map.put("title", Value::Text(&s.title));
            map.text("publisher", s.publisher.as_ref());
            map.text("type", s.source_type.as_ref());
            if let Some(published) = &s.published {
                map.bounds("published", "published_precision", published);
                map.put("published_from", Value::Date(&published.first_day));
                map.put("published_to", Value::Date(&published.last_day));
            }
            map.text("url", s.url.as_ref());
            map.text("language", s.language.as_ref());
            map.text("note", s.note.as_ref());
            row(&[("id", &s.id)], &map)
        })
        .collect();
    batches(
        &mut out,
        &sources,
        "MERGE (n:Source {id: row.id}) SET n += row.props",
    );

    let mut by_label: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for node in &records.nodes {
        by_label
            .entry(identifier(&label(&node.kind)))
            .or_default()
            .push(row(&[("id", &node.id)], &node_props(node)));
    }
    for (label, rows) in &by_label {
        batches(
            &mut out,
            rows,
            &format!("MERGE (n:Node {{id: row.id}}) SET n:{label}, n += row.props"),
        );
    }

    let milestones: Vec<String> = records
        .milestones
        .iter()
        .map(|m| {
            let mut map = Map::default();
            map.put("regulation", Value::Text(&m.regulation));
            map.put("stage", Value::Text(&m.stage));
            map.bounds("date", "date_precision", &m.date);
            map.put("valid_from", Value::Date(&m.date.first_day));
            map.put("valid_to", Value::Date(&m.date.last_day));
            map.put("actual", Value::Bool(m.actual));
            map.text("note", m.note.as_ref());
            map.put("sources", Value::List(&m.sources));
            row(&[("id", &m.id), ("regulation", &m.regulation)], &map)
        })
        .collect();
    batches(
        &mut out,
        &milestones,
        "MATCH (r:Node {id: row.regulation}) MERGE (n:Milestone {id: row.id}) SET n += row.props \
         MERGE (r)-[e:HAS_MILESTONE {id: row.id}]->(n)",
    );

    let mut by_type: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for edge in &records.edges {
        by_type
            .entry(identifier(&rel_type(&edge.kind)))
            .or_default()
            .push(row(
                &[("id", &edge.id), ("from", &edge.from), ("to", &edge.to)],
                &edge_props(edge),
            ));
    }
    for (rel, rows) in &by_type {
        batches(
            &mut out,
            rows,
            &format!(
                "MATCH (a:Node {{id: row.from}}) MATCH (b:Node {{id: row.to}}) \
                 MERGE (a)-[e:{rel} {{id: row.id}}]->(b) SET e += row.props"
            ),
        );
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_for_cypher() {
        let mut out = String::new();
        string(&mut out, "a'b\\c\nd\re\tf\u{1}g \u{202e}]]> \"");
        assert_eq!(out, "'a\\'b\\\\c\\nd\\re\\tf\\u0001g \u{202e}]]> \"'");
    }

    #[test]
    fn kinds_become_labels_and_types() {
        assert_eq!(label("public-body"), "PublicBody");
        assert_eq!(rel_type("co-founded"), "CO_FOUNDED");
        assert_eq!(identifier("a b`"), "`a b```");
    }

    #[test]
    fn amounts_beyond_a_cypher_integer_are_strings() {
        assert!(matches!(amount_value(5), Value::Int(5)));
        assert!(matches!(amount_value(u128::MAX), Value::Owned(_)));
    }
}
