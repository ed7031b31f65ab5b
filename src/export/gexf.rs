//! `export gexf`: dynamic GEXF 1.3 for Gephi and networkx.
//!
//! The graph is `mode="dynamic"` with `timeformat="date"` and
//! `timerepresentation="interval"`: a dated node or edge has one
//! `<spell>` from its first day (`valid_from`) to its last (`valid_to`;
//! no `end` while a period is open), so Gephi's timeline shows when each
//! fact holds; an undated one has no spell and is always there. The
//! attributes are GraphML's (see [`super::graphml`]), declared in
//! `<attributes class="node">` / `class="edge"` with their types, a node's
//! name is also its `label`, an edge's kind also its `label` and its GEXF
//! `kind`, and each edge keeps its id, so parallel edges stay apart
//! (networkx's `read_gexf` then returns a `MultiDiGraph` keyed by edge
//! id). GEXF has no graph-level data: the export's schema version and the
//! cited sources are a JSON document in `<meta><description>`.

use super::graphml::{
    EDGE_ATTRIBUTES, NODE_ATTRIBUTES, edge_fields, milestones_by_node, node_fields, push_attribute,
};
use super::interchange::{Interchange, SCHEMA, Time};
use super::xml::push_text;

const HEADER: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<gexf xmlns=\"http://gexf.net/1.3\" ",
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
    "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" ",
    "version=\"1.3\">\n",
);

const GRAPH: &str = "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" \
                     timeformat=\"date\" timerepresentation=\"interval\">\n";

/// The records as one GEXF 1.3 document, ending in a newline.
pub fn to_gexf(records: &Interchange) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Meta<'a> {
        schema: &'static str,
        sources: &'a [super::interchange::SourceRecord],
    }
    let mut out = String::with_capacity(600 * (records.nodes.len() + records.edges.len()) + 4096);
    out.push_str(HEADER);
    out.push_str("  <meta>\n    <creator>reggraph</creator>\n    <description>");
    let meta = serde_json::to_string(&Meta {
        schema: SCHEMA,
        sources: &records.sources,
    })
    .expect("strings and lists serialise");
    push_text(&mut out, &meta);
    out.push_str("</description>\n  </meta>\n");
    out.push_str(GRAPH);
    for (class, attributes) in [("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)] {
        out.push_str("    <attributes");
        push_attribute(&mut out, "class", class);
        out.push_str(" mode=\"static\">\n");
        for &(name, kind) in attributes {
            out.push_str("      <attribute");
            push_attribute(&mut out, "id", name);
            push_attribute(&mut out, "title", name);
            push_attribute(&mut out, "type", kind.name());
            out.push_str("/>\n");
        }
        out.push_str("    </attributes>\n");
    }
    out.push_str(&format!("    <nodes count=\"{}\">\n", records.nodes.len()));
    let milestones = milestones_by_node(records);
    for (node, milestones) in records.nodes.iter().zip(&milestones) {
        out.push_str("      <node");
        push_attribute(&mut out, "id", &node.id);
        push_attribute(&mut out, "label", &node.name);
        out.push_str(">\n");
        push_values(&mut out, &node_fields(node, milestones));
        push_spells(&mut out, &node.time);
        out.push_str("      </node>\n");
    }
    out.push_str("    </nodes>\n");
    out.push_str(&format!("    <edges count=\"{}\">\n", records.edges.len()));
    for edge in &records.edges {
        out.push_str("      <edge");
        push_attribute(&mut out, "id", &edge.id);
        push_attribute(&mut out, "source", &edge.from);
        push_attribute(&mut out, "target", &edge.to);
        push_attribute(&mut out, "label", &edge.kind);
        push_attribute(&mut out, "kind", &edge.kind);
        out.push_str(">\n");
        push_values(&mut out, &edge_fields(edge));
        push_spells(&mut out, &edge.time);
        out.push_str("      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out.into_bytes()
}

fn push_values(out: &mut String, fields: &[(&str, String)]) {
    out.push_str("        <attvalues>\n");
    for (name, value) in fields {
        out.push_str("          <attvalue");
        push_attribute(out, "for", name);
        push_attribute(out, "value", value);
        out.push_str("/>\n");
    }
    out.push_str("        </attvalues>\n");
}

/// One spell from the first day to the last, when the record is dated.
fn push_spells(out: &mut String, time: &Time) {
    let Some(start) = &time.valid_from else {
        return;
    };
    out.push_str("        <spells>\n          <spell");
    push_attribute(out, "start", start);
    if let Some(end) = &time.valid_to {
        push_attribute(out, "end", end);
    }
    out.push_str("/>\n        </spells>\n");
}
