//! One file's text into raw records with exact spans: the scanner splits it
//! at its records, ron parses each on its own, and a record that cannot be
//! read costs only itself.

use std::ops::Range;

use serde::de::DeserializeOwned;

use super::raw::{Located, RawEdge, RawNode, RawSource};
use super::ron_error::record_error;
use super::scan::{Section, scan};
use super::spanned;
use crate::diagnostic::Diagnostic;

/// What one file holds, parsed.
#[derive(Default)]
pub struct ParsedFile {
    pub sources: Vec<Located<RawSource>>,
    pub nodes: Vec<Located<RawNode>>,
    pub edges: Vec<Located<RawEdge>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Ids seen in records that could not be read: references to them wait
    /// on the error, and are not errors of their own.
    pub unread_ids: Vec<Located<String>>,
    /// How many records could not be read.
    pub unread_records: usize,
}

/// Parses one file's text; `file` is its place in the file table.
pub fn parse_file(file: usize, text: &str) -> ParsedFile {
    let _guard = spanned::parsing(text);
    let scanned = scan(file, text);
    let mut parsed = ParsedFile {
        diagnostics: scanned.diagnostics,
        unread_ids: scanned
            .skipped_ids
            .into_iter()
            .map(|(record, span)| Located { file, span, record })
            .collect(),
        ..ParsedFile::default()
    };
    // Ids after a string or comment left open to the end of the file wait
    // on that error too.
    if let Some(from) = scanned.lost_from {
        parsed.unread_records += 1;
        let mut at = from;
        while let Some((id, span)) = text.get(at..).and_then(visible_id_anywhere) {
            parsed.unread_ids.push(Located {
                file,
                span: at + span.start..at + span.end,
                record: id,
            });
            at += span.end;
        }
    }
    if scanned.blank {
        parsed.diagnostics.push(
            Diagnostic::warning("empty-file", "this file has no records")
                .at(file, 0..0, "nothing but blanks and comments")
                .help("add `(nodes: [...], edges: [...], sources: [...])`, or delete the file"),
        );
        return parsed;
    }
    // Room for every record at once: raw records are large, and growing
    // the lists by doubling copies them and touches fresh pages each time.
    let count = |section| {
        scanned
            .records
            .iter()
            .filter(|r| r.section == Some(section))
            .count()
    };
    parsed.sources.reserve_exact(count(Section::Sources));
    parsed.nodes.reserve_exact(count(Section::Nodes));
    parsed.edges.reserve_exact(count(Section::Edges));
    for record in scanned.records {
        let span = record.span.clone();
        let readable =
            !record.broken && control_characters(file, text, &span, &mut parsed.diagnostics);
        let read = readable
            && match record.section {
                Some(Section::Sources) => {
                    read(file, text, span.clone(), "source", &mut parsed.diagnostics)
                        .map(|r: RawSource| {
                            parsed.sources.push(Located {
                                file,
                                span: span.clone(),
                                record: r,
                            })
                        })
                        .is_some()
                }
                Some(Section::Nodes) => {
                    read(file, text, span.clone(), "node", &mut parsed.diagnostics)
                        .map(|r: RawNode| {
                            parsed.nodes.push(Located {
                                file,
                                span: span.clone(),
                                record: r,
                            })
                        })
                        .is_some()
                }
                Some(Section::Edges) => {
                    read(file, text, span.clone(), "edge", &mut parsed.diagnostics)
                        .map(|r: RawEdge| {
                            parsed.edges.push(Located {
                                file,
                                span: span.clone(),
                                record: r,
                            })
                        })
                        .is_some()
                }
                None => false,
            };
        if !read {
            parsed.unread_records += 1;
        }
        if !read && let Some((id, _)) = visible_id(&text[span.clone()]) {
            parsed.unread_ids.push(Located {
                file,
                // The record's span: its own error lies inside.
                span: span.clone(),
                record: id,
            });
        }
    }
    parsed
}

/// Parses one record (its spans measured in `text`, which must be the
/// registered text, see [`spanned::parsing`]), pushing a diagnostic if it
/// cannot be read.
fn read<T: DeserializeOwned>(
    file: usize,
    text: &str,
    span: Range<usize>,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match record::<T>(&text[span.clone()]) {
        Ok(record) => Some(record),
        Err(error) => {
            diagnostics.push(record_error(
                file,
                &text[span.clone()],
                span.start,
                what,
                &error,
            ));
            None
        }
    }
}

/// One record's text parsed, spans exact: the quick way first (strings
/// borrowed from the text), then through `RawValue` when a value was read
/// without knowing where it was (a string with escapes).
fn record<T: DeserializeOwned>(record: &str) -> Result<T, ron::error::SpannedError> {
    spanned::take_inner_error();
    let options = spanned::ron_options();
    let (quick, inexact) = spanned::inexact(|| options.from_str::<T>(record));
    // A quick reading's error is placed exactly: only a value read without
    // its place needs the second reading.
    if quick.is_err() || !inexact {
        return quick;
    }
    spanned::take_inner_error();
    spanned::exact(|| spanned::ron_options().from_str::<T>(record))
}

/// Parses the record of `text` at `span` again, with every span exact: the
/// checks call this for a record they have something to say about.
pub fn record_exact<T: DeserializeOwned>(text: &str, span: Range<usize>) -> Option<T> {
    let _guard = spanned::parsing(text);
    spanned::exact(|| spanned::ron_options().from_str::<T>(&text[span]).ok())
}

/// Reports control characters and noncharacters written in a record as
/// they are (an escape such as `\u{1b}` is found by the checks); true if
/// there is none. They break SVG and reach terminals raw.
fn control_characters(
    file: usize,
    text: &str,
    span: &Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let record = &text[span.clone()];
    // Fast path: no byte that can start one.
    let suspicious = record.bytes().any(|b| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2 || b == 0xef
    });
    if !suspicious {
        return true;
    }
    let mut clean = true;
    for (i, c) in record.char_indices() {
        if let Some(name) = forbidden_character(c) {
            let at = span.start + i;
            diagnostics.push(
                Diagnostic::error("control-character", format!("this record holds {name}"))
                    .at(file, at..at + c.len_utf8(), "this character")
                    .help("remove it: text may hold tabs and line breaks, but no other control character")
                    .note("this record is left out of the graph until it is fixed"),
            );
            clean = false;
        }
    }
    clean
}

/// `U+001B ESCAPE` for a character no text field may hold, else `None`.
pub fn forbidden_character(c: char) -> Option<String> {
    const C0: [&str; 32] = [
        "NULL",
        "START OF HEADING",
        "START OF TEXT",
        "END OF TEXT",
        "END OF TRANSMISSION",
        "ENQUIRY",
        "ACKNOWLEDGE",
        "BELL",
        "BACKSPACE",
        "CHARACTER TABULATION",
        "LINE FEED",
        "LINE TABULATION",
        "FORM FEED",
        "CARRIAGE RETURN",
        "SHIFT OUT",
        "SHIFT IN",
        "DATA LINK ESCAPE",
        "DEVICE CONTROL ONE",
        "DEVICE CONTROL TWO",
        "DEVICE CONTROL THREE",
        "DEVICE CONTROL FOUR",
        "NEGATIVE ACKNOWLEDGE",
        "SYNCHRONOUS IDLE",
        "END OF TRANSMISSION BLOCK",
        "CANCEL",
        "END OF MEDIUM",
        "SUBSTITUTE",
        "ESCAPE",
        "INFORMATION SEPARATOR FOUR",
        "INFORMATION SEPARATOR THREE",
        "INFORMATION SEPARATOR TWO",
        "INFORMATION SEPARATOR ONE",
    ];
    let code = c as u32;
    let name = match c {
        '\t' | '\n' | '\r' => return None,
        '\u{0}'..='\u{1f}' => C0[code as usize].to_string(),
        '\u{7f}' => "DELETE".to_string(),
        '\u{80}'..='\u{9f}' => "a C1 control character".to_string(),
        '\u{fdd0}'..='\u{fdef}' => "a noncharacter".to_string(),
        _ if code & 0xfffe == 0xfffe => "a noncharacter".to_string(),
        _ => return None,
    };
    Some(format!("U+{code:04X} {name}"))
}

/// The largest character boundary of `text` at or before `at`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The first `id: "..."` anywhere in `text`, and its span there.
fn visible_id_anywhere(text: &str) -> Option<(String, Range<usize>)> {
    let mut from = 0;
    while let Some(found) = text[from..].find("id") {
        let at = from + found;
        let before = text[..at].chars().next_back();
        if before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            && let Some((id, span)) =
                visible_id(&format!("({}", &text[at..boundary(text, at + 300)]))
        {
            return Some((id, at + span.start - 1..at + span.end - 1));
        }
        from = at + 2;
    }
    None
}

/// The `id: "..."` of a record that does not parse, if it can be seen: the
/// first `id` field at the record's top level, and its span in the record.
fn visible_id(record: &str) -> Option<(String, Range<usize>)> {
    let mut depth = 0usize;
    let mut in_string = false;
    let bytes = record.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                b'i' if depth == 1
                    && record[i..].starts_with("id")
                    && (i == 0
                        || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'_') =>
                {
                    let rest = record[i + 2..].trim_start();
                    let rest = rest.strip_prefix(':')?.trim_start();
                    let open = record.len() - rest.len();
                    // Quoted, or not: a lost quote still shows the id.
                    let quote = usize::from(rest.starts_with('"'));
                    let body = &rest[quote..];
                    let len = body
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                        .unwrap_or(body.len());
                    if len == 0 {
                        return None;
                    }
                    let id = &body[..len];
                    let closed = usize::from(body[len..].starts_with('"'));
                    return Some((id.to_string(), open..open + quote + len + closed));
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_named() {
        assert_eq!(forbidden_character('\u{1b}').unwrap(), "U+001B ESCAPE");
        assert_eq!(forbidden_character('\u{0}').unwrap(), "U+0000 NULL");
        assert_eq!(
            forbidden_character('\u{fffe}').unwrap(),
            "U+FFFE a noncharacter"
        );
        assert_eq!(
            forbidden_character('\u{1ffff}').unwrap(),
            "U+1FFFF a noncharacter"
        );
        assert_eq!(forbidden_character('é'), None);
        assert_eq!(forbidden_character('\t'), None);
    }

    #[test]
    fn one_bad_record_costs_only_itself() {
        let text = "(\n nodes: [\n  (id: \"a\", kind: Company, name: \"A\"),\n  (id: \"b\", kind: Company name: \"B\"),\n  (id: \"c\", kind: Company, name: \"C\"),\n ],\n)";
        let parsed = parse_file(0, text);
        let ids: Vec<_> = parsed
            .nodes
            .iter()
            .map(|n| n.record.id.value.as_str())
            .collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.unread_ids[0].record, "b");
    }
}
