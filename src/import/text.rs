//! The records an import adds, laid out as `add` lays out a record
//! (`fmt::insert`): each at the end of its list in the file, every other
//! byte of the file left as it was (its byte-order mark and line breaks
//! too).

use std::ops::Range;

use super::Place;
use super::plan::Planned;
use crate::fmt::encode_string;
use crate::fmt::insert::{Field, append, record_text};
use crate::load::scan::Section;
use crate::model::{Edge, Money, Node, PartialDate, Period, Source};

/// Added records and the rows they come from, by their bytes.
type Placed = Vec<(Range<usize>, Place)>;

/// Records to add as their fields, with their rows.
type Records<'a> = Vec<(Vec<Field>, &'a Place)>;

/// A file's new text, and where each added record is in it with the row
/// it comes from.
#[derive(Debug, Clone)]
pub struct Laid {
    pub text: String,
    pub records: Placed,
}

/// `old` (the file's text, `None` for a file not there yet) with the
/// records of `planned` added.
pub fn lay_out(old: Option<&str>, planned: &Planned) -> Result<Laid, String> {
    let (bom, old) = match old {
        Some(text) => match text.strip_prefix('\u{feff}') {
            Some(rest) => ("\u{feff}", Some(rest)),
            None => ("", Some(text)),
        },
        None => ("", None),
    };
    let crlf = old.is_some_and(|t| t.contains("\r\n"));
    let mut text = old.map(str::to_string);
    let mut blocks: Vec<(String, Placed)> = Vec::new();
    let sections: [(Section, Records); 3] = [
        (
            Section::Sources,
            planned
                .sources
                .iter()
                .map(|(s, p)| (source_fields(s), p))
                .collect(),
        ),
        (
            Section::Nodes,
            planned
                .nodes
                .iter()
                .map(|(n, p)| (node_fields(n), p))
                .collect(),
        ),
        (
            Section::Edges,
            planned
                .edges
                .iter()
                .map(|(e, p)| (edge_fields(e), p))
                .collect(),
        ),
    ];
    for (section, records) in sections {
        if records.is_empty() {
            continue;
        }
        let mut block = String::new();
        let mut ranges = Vec::new();
        let newline = if crlf { "\r\n" } else { "\n" };
        for (fields, place) in records {
            let record = record_text(section, &fields).map_err(|e| e.to_string())?;
            let record = if crlf {
                record.replace('\n', "\r\n")
            } else {
                record
            };
            if !block.is_empty() {
                block.push(',');
                block.push_str(newline);
            }
            ranges.push((block.len()..block.len() + record.len(), place.clone()));
            block.push_str(&record);
        }
        let (new, _) =
            append(text.as_deref(), section, &block, crlf).map_err(|e| e.message.clone())?;
        text = Some(new);
        blocks.push((block, ranges));
    }
    let text = format!("{bom}{}", text.unwrap_or_default());
    // Each block holds a record the file did not have before, so it is
    // found once, where it was put.
    let mut records = Vec::new();
    for (block, ranges) in blocks {
        let at = text
            .find(&block)
            .ok_or("an added record is not in the file's new text")?;
        records.extend(
            ranges
                .into_iter()
                .map(|(r, place)| (at + r.start..at + r.end, place)),
        );
    }
    Ok(Laid { text, records })
}

fn field(name: &'static str, value: String) -> Field {
    Field { name, value }
}

fn text(fields: &mut Vec<Field>, name: &'static str, value: &Option<String>) {
    if let Some(value) = value {
        fields.push(field(name, encode_string(value)));
    }
}

fn list(fields: &mut Vec<Field>, name: &'static str, values: &[String]) {
    if !values.is_empty() {
        let items: Vec<String> = values.iter().map(|v| encode_string(v)).collect();
        fields.push(field(name, format!("[{}]", items.join(", "))));
    }
}

fn when(fields: &mut Vec<Field>, date: Option<PartialDate>, period: Option<Period>) {
    if let Some(date) = date {
        fields.push(field("date", encode_string(&date.to_string())));
    }
    if let Some(Period { start, end }) = period {
        let start = encode_string(&start.to_string());
        let value = match end {
            Some(end) => format!("(start: {start}, end: {})", encode_string(&end.to_string())),
            None => format!("(start: {start})"),
        };
        fields.push(field("period", value));
    }
}

fn money(money: &Money) -> String {
    let status: &'static str = money.status.into();
    format!(
        "(value: {}, currency: {}, status: {status})",
        money.value,
        encode_string(money.currency.code())
    )
}

/// A node's fields as RON text.
pub fn node_fields(node: &Node) -> Vec<Field> {
    let mut fields = vec![
        field("id", encode_string(&node.id)),
        field("kind", node.kind.name().to_string()),
        field("name", encode_string(&node.name)),
    ];
    list(&mut fields, "aliases", &node.aliases);
    text(&mut fields, "description", &node.description);
    list(&mut fields, "tags", &node.tags);
    when(&mut fields, node.date, node.period);
    text(&mut fields, "jurisdiction", &node.jurisdiction);
    if let Some(status) = node.status {
        let status: &'static str = status.into();
        fields.push(field("status", status.to_string()));
    }
    list(&mut fields, "sources", &node.sources);
    text(&mut fields, "quote", &node.quote);
    fields
}

/// An edge's fields as RON text.
pub fn edge_fields(edge: &Edge) -> Vec<Field> {
    let mut fields = vec![
        field("from", encode_string(&edge.from)),
        field("kind", edge.kind.name().to_string()),
        field("to", encode_string(&edge.to)),
    ];
    when(&mut fields, edge.date, edge.period);
    if let Some(amount) = &edge.amount {
        fields.push(field("amount", money(amount)));
    }
    list(&mut fields, "sources", &edge.sources);
    text(&mut fields, "quote", &edge.quote);
    text(&mut fields, "note", &edge.note);
    fields
}

/// A source's fields as RON text.
pub fn source_fields(source: &Source) -> Vec<Field> {
    let mut fields = vec![
        field("id", encode_string(&source.id)),
        field("title", encode_string(&source.title)),
    ];
    text(&mut fields, "publisher", &source.publisher);
    if let Some(kind) = source.source_type {
        let kind: &'static str = kind.into();
        fields.push(field("type", kind.to_string()));
    }
    if let Some(published) = source.published {
        fields.push(field("published", encode_string(&published.to_string())));
    }
    text(&mut fields, "url", &source.url);
    text(&mut fields, "language", &source.language);
    text(&mut fields, "note", &source.note);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;

    fn node(id: &str) -> Node {
        Node {
            id: id.into(),
            kind: NodeKind::Company,
            name: format!("Name of {id}"),
            aliases: Vec::new(),
            description: None,
            tags: Vec::new(),
            date: None,
            period: None,
            jurisdiction: None,
            status: None,
            sector: None,
            budget: None,
            milestones: Vec::new(),
            sources: vec!["s".into()],
            quote: None,
            citations: vec![],
            alternatives: vec![],
        }
    }

    #[test]
    fn a_file_keeps_its_byte_order_mark_and_line_breaks_and_each_record_is_found() {
        let old = "\u{feff}// kept\r\n(\r\n    nodes: [\r\n        (id: \"a\", kind: Company, name: \"A\"),\r\n    ],\r\n)\r\n";
        let planned = Planned {
            nodes: vec![(node("b"), Place::default()), (node("c"), Place::default())],
            ..Planned::default()
        };
        let laid = lay_out(Some(old), &planned).unwrap();
        assert!(laid.text.starts_with("\u{feff}// kept\r\n"));
        assert!(
            !laid.text.replace("\r\n", "").contains('\n'),
            "{}",
            laid.text
        );
        assert_eq!(laid.records.len(), 2);
        for ((range, _), id) in laid.records.iter().zip(["b", "c"]) {
            let record = &laid.text[range.clone()];
            assert!(record.trim_start().starts_with('('), "{record}");
            assert!(record.trim_end().ends_with(')'), "{record}");
            assert!(record.contains(&format!("id: \"{id}\"")), "{record}");
        }
    }
}
