//! `export graphml`: GraphML for networkx, igraph, yEd and Gephi.
//!
//! Every value is a `<data>` of a typed `<key>` (`attr.name`, `attr.type`
//! `string` or `long`); a record's missing optional field has no `<data>`.
//! Dates are their text as written with a `*_precision` key, and the
//! record's first and last day as `valid_from` / `valid_to` (no
//! `valid_to` while a period is open). Lists (aliases, tags, sources) and
//! a regulation's milestones are JSON strings. Edges carry their id
//! (`FROM/KIND/TO`, `/2`... for parallel ones) as the GraphML `id`, which
//! networkx's `read_graphml(..., force_multigraph=True)` makes the edge key.
//! The sources the records cite, and the export's schema version, are
//! graph-level data (`sources`, a JSON list of source records; `schema`).
//!
//! [`node_fields`] and [`edge_fields`] are the attribute set, shared with
//! GEXF so that both formats carry the same names and values.

use super::interchange::{EdgeRecord, Interchange, MilestoneRecord, NodeRecord, SCHEMA, Time};
use super::xml::{push_attribute_value, push_text};

/// The namespace and schema of GraphML 1.0.
const HEADER: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
    "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns ",
    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
);

/// An attribute's type, as GraphML (`attr.type`) and GEXF (`type`) name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Type {
    /// Text; lists and milestones as JSON text.
    String,
    /// A whole number (amounts).
    Long,
}

impl Type {
    pub(super) fn name(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Long => "long",
        }
    }
}

/// The node attributes, in the order they are declared and written.
pub(super) const NODE_ATTRIBUTES: &[(&str, Type)] = &[
    ("kind", Type::String),
    ("name", Type::String),
    ("aliases", Type::String),
    ("description", Type::String),
    ("tags", Type::String),
    ("date", Type::String),
    ("date_precision", Type::String),
    ("period_start", Type::String),
    ("period_start_precision", Type::String),
    ("period_end", Type::String),
    ("period_end_precision", Type::String),
    ("valid_from", Type::String),
    ("valid_to", Type::String),
    ("jurisdiction", Type::String),
    ("status", Type::String),
    ("current_status", Type::String),
    ("milestones", Type::String),
    ("sources", Type::String),
    ("quote", Type::String),
];

/// The edge attributes, in the order they are declared and written.
pub(super) const EDGE_ATTRIBUTES: &[(&str, Type)] = &[
    ("kind", Type::String),
    ("date", Type::String),
    ("date_precision", Type::String),
    ("period_start", Type::String),
    ("period_start_precision", Type::String),
    ("period_end", Type::String),
    ("period_end_precision", Type::String),
    ("valid_from", Type::String),
    ("valid_to", Type::String),
    ("amount_value", Type::Long),
    ("amount_minor_units", Type::Long),
    ("currency", Type::String),
    ("amount_status", Type::String),
    ("sources", Type::String),
    ("quote", Type::String),
    ("note", Type::String),
];

/// One attribute's value: its name (one of [`NODE_ATTRIBUTES`] or
/// [`EDGE_ATTRIBUTES`]) and its text.
pub(super) type Field = (&'static str, String);

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("strings, numbers and lists serialise")
}

fn time_fields(time: &Time, fields: &mut Vec<Field>) {
    if let Some(date) = &time.date {
        fields.push(("date", date.text.clone()));
        fields.push(("date_precision", date.precision.clone()));
    }
    if let Some(period) = &time.period {
        fields.push(("period_start", period.start.text.clone()));
        fields.push(("period_start_precision", period.start.precision.clone()));
        if let Some(end) = &period.end {
            fields.push(("period_end", end.text.clone()));
            fields.push(("period_end_precision", end.precision.clone()));
        }
    }
    if let Some(day) = &time.valid_from {
        fields.push(("valid_from", day.clone()));
    }
    if let Some(day) = &time.valid_to {
        fields.push(("valid_to", day.clone()));
    }
}

/// A node's attribute values, in [`NODE_ATTRIBUTES`] order, with its
/// milestones (a JSON list of `export json`'s milestone records) when it
/// has some.
pub(super) fn node_fields(node: &NodeRecord, milestones: &[&MilestoneRecord]) -> Vec<Field> {
    let mut fields = vec![
        ("kind", node.kind.clone()),
        ("name", node.name.clone()),
        ("aliases", json(&node.aliases)),
    ];
    if let Some(description) = &node.description {
        fields.push(("description", description.clone()));
    }
    fields.push(("tags", json(&node.tags)));
    time_fields(&node.time, &mut fields);
    for (name, value) in [
        ("jurisdiction", &node.jurisdiction),
        ("status", &node.status),
        ("current_status", &node.current_status),
    ] {
        if let Some(value) = value {
            fields.push((name, value.clone()));
        }
    }
    if !milestones.is_empty() {
        fields.push(("milestones", json(milestones)));
    }
    fields.push(("sources", json(&node.sources)));
    if let Some(quote) = &node.quote {
        fields.push(("quote", quote.clone()));
    }
    fields
}

/// An edge's attribute values, in [`EDGE_ATTRIBUTES`] order.
pub(super) fn edge_fields(edge: &EdgeRecord) -> Vec<Field> {
    let mut fields = vec![("kind", edge.kind.clone())];
    time_fields(&edge.time, &mut fields);
    if let Some(amount) = &edge.amount {
        fields.push(("amount_value", amount.value.to_string()));
        fields.push(("amount_minor_units", amount.minor_units.to_string()));
        fields.push(("currency", amount.currency.clone()));
        fields.push(("amount_status", amount.status.clone()));
    }
    fields.push(("sources", json(&edge.sources)));
    for (name, value) in [("quote", &edge.quote), ("note", &edge.note)] {
        if let Some(value) = value {
            fields.push((name, value.clone()));
        }
    }
    fields
}

/// Each node's milestones, in the records' order (by regulation, then
/// place), looked up by the node's place in `records.nodes`.
pub(super) fn milestones_by_node(records: &Interchange) -> Vec<Vec<&MilestoneRecord>> {
    let place: rustc_hash::FxHashMap<&str, usize> = records
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut by_node = vec![Vec::new(); records.nodes.len()];
    for milestone in &records.milestones {
        if let Some(&i) = place.get(milestone.regulation.as_str()) {
            by_node[i].push(milestone);
        }
    }
    by_node
}

/// Appends `name="value"` (with a leading space), the value escaped.
pub(super) fn push_attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_attribute_value(out, value);
    out.push('"');
}

/// The key id of a node or edge attribute: `n_kind`, `e_kind`...
fn key_id(domain: &str, name: &str) -> String {
    format!("{}_{name}", &domain[..1])
}

/// The records as one GraphML document, ending in a newline.
pub fn to_graphml(records: &Interchange) -> Vec<u8> {
    let mut out = String::with_capacity(400 * (records.nodes.len() + records.edges.len()) + 4096);
    out.push_str(HEADER);
    for (name, domain) in [("schema", "graph"), ("sources", "graph")] {
        push_key(&mut out, &key_id(domain, name), domain, name, Type::String);
    }
    for &(name, kind) in NODE_ATTRIBUTES {
        push_key(&mut out, &key_id("node", name), "node", name, kind);
    }
    for &(name, kind) in EDGE_ATTRIBUTES {
        push_key(&mut out, &key_id("edge", name), "edge", name, kind);
    }
    out.push_str("  <graph id=\"reggraph\" edgedefault=\"directed\">\n");
    push_data(&mut out, "    ", "g_schema", SCHEMA);
    push_data(&mut out, "    ", "g_sources", &json(&records.sources));
    let milestones = milestones_by_node(records);
    for (node, milestones) in records.nodes.iter().zip(&milestones) {
        out.push_str("    <node");
        push_attribute(&mut out, "id", &node.id);
        out.push_str(">\n");
        for (name, value) in node_fields(node, milestones) {
            push_data(&mut out, "      ", &key_id("node", name), &value);
        }
        out.push_str("    </node>\n");
    }
    for edge in &records.edges {
        out.push_str("    <edge");
        push_attribute(&mut out, "id", &edge.id);
        push_attribute(&mut out, "source", &edge.from);
        push_attribute(&mut out, "target", &edge.to);
        out.push_str(">\n");
        for (name, value) in edge_fields(edge) {
            push_data(&mut out, "      ", &key_id("edge", name), &value);
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out.into_bytes()
}

fn push_key(out: &mut String, id: &str, domain: &str, name: &str, kind: Type) {
    out.push_str("  <key");
    push_attribute(out, "id", id);
    push_attribute(out, "for", domain);
    push_attribute(out, "attr.name", name);
    push_attribute(out, "attr.type", kind.name());
    out.push_str("/>\n");
}

fn push_data(out: &mut String, indent: &str, key: &str, value: &str) {
    out.push_str(indent);
    out.push_str("<data");
    push_attribute(out, "key", key);
    out.push('>');
    push_text(out, value);
    out.push_str("</data>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_field_is_declared_in_order() {
        let order = |names: &[(&str, Type)], fields: &[Field]| {
            let places: Vec<usize> = fields
                .iter()
                .map(|(f, _)| names.iter().position(|(n, _)| n == f).expect("declared"))
                .collect();
            assert!(places.windows(2).all(|w| w[0] < w[1]), "{fields:?}");
        };
        let records: Interchange = serde_json::from_str(
            r#"{"nodes":[{"id":"a","kind":"regulation","name":"A","aliases":["x"],
                "description":"d","tags":[],"period":{"start":{"text":"2021","precision":"year",
                "first_day":"2021-01-01","last_day":"2021-12-31"},"end":{"text":"2022",
                "precision":"year","first_day":"2022-01-01","last_day":"2022-12-31"}},
                "valid_from":"2021-01-01","valid_to":"2022-12-31","jurisdiction":"eu",
                "status":"adopted","current_status":"adopted","sources":["s"],"quote":"q"}],
              "edges":[{"id":"a/funds/a","from":"a","kind":"funds","to":"a",
                "date":{"text":"2023","precision":"year","first_day":"2023-01-01",
                "last_day":"2023-12-31"},"valid_from":"2023-01-01","valid_to":"2023-12-31",
                "amount":{"value":1,"minor_units":100,"currency":"EUR","status":"secured"},
                "sources":[],"quote":"q","note":"n"}],
              "milestones":[{"id":"a/milestone/1","regulation":"a","stage":"proposed",
                "date":{"text":"2021","precision":"year","first_day":"2021-01-01",
                "last_day":"2021-12-31"},"actual":true,"sources":[]}],
              "sources":[]}"#,
        )
        .unwrap();
        let milestones = milestones_by_node(&records);
        let node = node_fields(&records.nodes[0], &milestones[0]);
        assert_eq!(
            node.len(),
            NODE_ATTRIBUTES.len() - 2,
            "all but date{{,_precision}}"
        );
        order(NODE_ATTRIBUTES, &node);
        let edge = edge_fields(&records.edges[0]);
        assert_eq!(
            edge.len(),
            EDGE_ATTRIBUTES.len() - 4,
            "all but the period's"
        );
        order(EDGE_ATTRIBUTES, &edge);
    }
}
