//! `export json` and `export jsonl`: the [`Interchange`] records as one
//! JSON document, or as one JSON record per line for streaming (docs/json.md,
//! "export json").

use serde::Serialize;

use super::interchange::{
    EdgeRecord, Interchange, MilestoneRecord, NodeRecord, SCHEMA, SourceRecord,
};

/// The document's fields, in order (written out, not flattened: serde's
/// flattening buffers values and loses 128-bit integers).
#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    nodes: &'a [NodeRecord],
    edges: &'a [EdgeRecord],
    milestones: &'a [MilestoneRecord],
    sources: &'a [SourceRecord],
}

/// One JSON document: `schema`, `nodes`, `edges`, `milestones`, `sources`,
/// indented by two spaces, ending in a newline.
pub fn to_json(records: &Interchange) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&Document {
        schema: SCHEMA,
        nodes: &records.nodes,
        edges: &records.edges,
        milestones: &records.milestones,
        sources: &records.sources,
    })
    .expect("the records serialise: strings, numbers and lists only");
    out.push(b'\n');
    out
}

/// The records as JSON Lines: a first line `{"record":"header","schema":...}`,
/// then one line per source, node, milestone and edge, each with `record`
/// saying which (`source`, `node`, `milestone`, `edge`), in that order, so
/// that a reader has met every node before an edge names it.
pub fn to_jsonl(records: &Interchange) -> Vec<u8> {
    #[derive(Serialize)]
    struct Line<'a, T> {
        record: &'static str,
        #[serde(flatten)]
        fields: &'a T,
    }
    #[derive(Serialize)]
    struct Header {
        schema: &'static str,
        nodes: usize,
        edges: usize,
        milestones: usize,
        sources: usize,
    }
    fn line<T: Serialize>(out: &mut Vec<u8>, record: &'static str, fields: &T) {
        serde_json::to_writer(&mut *out, &Line { record, fields })
            .expect("the records serialise: strings, numbers and lists only");
        out.push(b'\n');
    }
    let mut out = Vec::new();
    let header = Header {
        schema: SCHEMA,
        nodes: records.nodes.len(),
        edges: records.edges.len(),
        milestones: records.milestones.len(),
        sources: records.sources.len(),
    };
    line(&mut out, "header", &header);
    for source in &records.sources {
        line(&mut out, "source", source);
    }
    for node in &records.nodes {
        line(&mut out, "node", node);
    }
    for milestone in &records.milestones {
        line(&mut out, "milestone", milestone);
    }
    for edge in &records.edges {
        line(&mut out, "edge", edge);
    }
    out
}

/// Why an `export json` document could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not an export json document: {0}")]
    Json(#[from] serde_json::Error),
    #[error("schema `{found}` is not `{SCHEMA}`")]
    Schema { found: String },
    #[error("a kind, status, date or currency is not one reggraph knows")]
    Label,
}

/// Reads an `export json` document back into the records it was made of.
pub fn read(text: &str) -> Result<crate::model::Dataset, ReadError> {
    #[derive(serde::Deserialize)]
    struct Owned {
        schema: String,
        nodes: Vec<NodeRecord>,
        edges: Vec<EdgeRecord>,
        milestones: Vec<MilestoneRecord>,
        sources: Vec<SourceRecord>,
    }
    let document: Owned = serde_json::from_str(text)?;
    if document.schema != SCHEMA {
        return Err(ReadError::Schema {
            found: document.schema,
        });
    }
    let records = Interchange {
        nodes: document.nodes,
        edges: document.edges,
        milestones: document.milestones,
        sources: document.sources,
    };
    records.to_dataset().ok_or(ReadError::Label)
}
