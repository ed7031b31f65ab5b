//! Adding one record to a file (`reggraph add`): the record in `fmt`'s
//! layout, put at the end of its list, every other byte of the file left
//! as it was (but a comma after the list's last record, when it had none).

use super::syntax::{self, SyntaxElement, SyntaxError, SyntaxKind, SyntaxNode};
use crate::load::scan::Section;

/// One field of a new record: its name and its value as RON text (a
/// string already escaped, a word, a list, a structure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub value: String,
}

fn section_name(section: Section) -> &'static str {
    match section {
        Section::Sources => "sources",
        Section::Nodes => "nodes",
        Section::Edges => "edges",
    }
}

/// The record in `fmt`'s layout, indented as a record of a list of the
/// file's structure, without the comma after it.
pub fn record_text(section: Section, fields: &[Field]) -> Result<String, super::FormatError> {
    let name = section_name(section);
    let body: Vec<String> = fields
        .iter()
        .map(|f| format!("{}: {}", f.name, f.value))
        .collect();
    let document = format!("({name}: [({})])", body.join(", "));
    let formatted = super::format(&document)?;
    // The lines between `    {name}: [` and `    ],`, less the last comma.
    let lines: Vec<&str> = formatted.lines().collect();
    let inner = &lines[2..lines.len().saturating_sub(2)];
    let text = inner.join("\n");
    Ok(text.strip_suffix(',').unwrap_or(&text).to_string())
}

/// `text` (the file's, `None` for a file not there yet) with `record` (as
/// [`record_text`] lays it out) added at the end of its list, and the byte
/// at which the record starts in the result.
///
/// With `crlf`, the lines added end in `\r\n` (the record given so too).
pub fn append(
    text: Option<&str>,
    section: Section,
    record: &str,
    crlf: bool,
) -> Result<(String, usize), SyntaxError> {
    let (out, at) = append_lf(text, section, record)?;
    if !crlf {
        return Ok((out, at));
    }
    // The lines put in around the record, in the file's line breaks: every
    // `\n` not already after a `\r`.
    let mut fixed = String::with_capacity(out.len() + 16);
    let mut fixed_at = at;
    let mut previous = '\0';
    for (i, c) in out.char_indices() {
        if c == '\n' && previous != '\r' {
            fixed.push('\r');
            if i < at {
                fixed_at += 1;
            }
        }
        fixed.push(c);
        previous = c;
    }
    Ok((fixed, fixed_at))
}

fn append_lf(
    text: Option<&str>,
    section: Section,
    record: &str,
) -> Result<(String, usize), SyntaxError> {
    let name = section_name(section);
    let text = text.unwrap_or("");
    let tree = syntax::parse(text)?;
    let Some(root) = tree.children().find(|n| n.kind() == SyntaxKind::STRUCT) else {
        // No structure yet (a new file, or only comments): one is added.
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        let at = out.len() + format!("(\n    {name}: [\n").len();
        out.push_str(&format!("(\n    {name}: [\n{record},\n    ],\n)\n"));
        return Ok((out, at));
    };
    let list = root
        .children()
        .filter(|f| f.kind() == SyntaxKind::FIELD)
        .find(|f| field_name(f) == name)
        .and_then(|f| f.children().find(|v| v.kind() == SyntaxKind::LIST));
    match list {
        Some(list) => Ok(insert_before_close(
            text,
            &list,
            &format!("{record},\n"),
            "    ",
        )),
        None => {
            let field = format!("    {name}: [\n{record},\n    ],\n");
            let (out, at) = insert_before_close(text, &root, &field, "");
            Ok((out, at + format!("    {name}: [\n").len()))
        }
    }
}

fn field_name(field: &SyntaxNode) -> String {
    field
        .children_with_tokens()
        .find(|c| c.kind() == SyntaxKind::WORD)
        .map(|c| c.to_string())
        .unwrap_or_default()
}

/// `text` with `lines` (whole lines, ending in a newline) put before the
/// closing bracket of `container`, after its last item (given a comma if it
/// had none); `closer_indent` is the indentation the closing bracket gets
/// when it has to be put on a line of its own. Returns the text and where
/// `lines` start in it.
fn insert_before_close(
    text: &str,
    container: &SyntaxNode,
    lines: &str,
    closer_indent: &str,
) -> (String, usize) {
    let close = usize::from(container.text_range().end()) - 1;
    let last_item = container
        .children_with_tokens()
        .filter(|c| !c.kind().is_trivia())
        .filter(|c| {
            !matches!(
                c.kind(),
                SyntaxKind::COMMA
                    | SyntaxKind::L_PAREN
                    | SyntaxKind::R_PAREN
                    | SyntaxKind::L_BRACK
                    | SyntaxKind::R_BRACK
            )
        })
        .last();
    let needs_comma = last_item
        .as_ref()
        .is_some_and(|item| !matches!(next_significant(item), Some(SyntaxKind::COMMA)));
    let mut out = String::with_capacity(text.len() + lines.len() + 8);
    let mut from = 0;
    if let Some(item) = &last_item
        && needs_comma
    {
        let end = usize::from(item.text_range().end());
        out.push_str(&text[..end]);
        out.push(',');
        from = end;
    }
    // The closing bracket first on its line: the lines go just before
    // that line. Else the bracket goes on a line of its own after them.
    let line_start = text[..close].rfind('\n').map_or(0, |i| i + 1);
    let alone = text[line_start..close].trim().is_empty();
    let at;
    if alone {
        out.push_str(&text[from..line_start]);
        at = out.len();
        out.push_str(lines);
        out.push_str(&text[line_start..]);
    } else {
        out.push_str(&text[from..close]);
        out.push('\n');
        at = out.len();
        out.push_str(lines);
        out.push_str(closer_indent);
        out.push_str(&text[close..]);
    }
    (out, at)
}

/// The kind of the first token after `element` that is not trivia.
fn next_significant(element: &SyntaxElement) -> Option<SyntaxKind> {
    let mut next = element.next_sibling_or_token();
    while let Some(e) = next {
        if !e.kind().is_trivia() {
            return Some(e.kind());
        }
        next = e.next_sibling_or_token();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node() -> String {
        record_text(
            Section::Nodes,
            &[
                Field {
                    name: "name",
                    value: "\"New\"".into(),
                },
                Field {
                    name: "id",
                    value: "\"new\"".into(),
                },
                Field {
                    name: "kind",
                    value: "Company".into(),
                },
            ],
        )
        .unwrap()
    }

    #[test]
    fn a_record_is_laid_out_as_fmt_does() {
        assert_eq!(
            node(),
            "        (\n            id: \"new\",\n            kind: Company,\n            name: \"New\",\n        )"
        );
    }

    #[test]
    fn a_record_goes_at_the_end_of_its_list_and_nothing_else_moves() {
        let text = "// head\n(\n    nodes: [\n        (id: \"a\") // no comma\n        // end\n    ],\n    edges: [],\n) // tail\n";
        let (out, at) = append(Some(text), Section::Nodes, &node(), false).unwrap();
        assert_eq!(
            out,
            format!(
                "// head\n(\n    nodes: [\n        (id: \"a\"), // no comma\n        // end\n{},\n    ],\n    edges: [],\n) // tail\n",
                node()
            )
        );
        assert!(out[at..].starts_with("        (\n            id: \"new\""));
    }

    #[test]
    fn a_crlf_file_keeps_its_line_breaks() {
        let text = "(\r\n    nodes: [\r\n    ],\r\n)\r\n";
        let record = node().replace('\n', "\r\n");
        let (out, at) = append(Some(text), Section::Nodes, &record, true).unwrap();
        assert_eq!(
            out,
            format!("(\r\n    nodes: [\r\n{record},\r\n    ],\r\n)\r\n")
        );
        assert!(out[at..].starts_with("        (\r\n"));
    }

    #[test]
    fn a_missing_list_or_file_is_created() {
        let (out, _) = append(
            Some("(\n    edges: [],\n)\n"),
            Section::Nodes,
            &node(),
            false,
        )
        .unwrap();
        assert_eq!(
            out,
            format!("(\n    edges: [],\n    nodes: [\n{},\n    ],\n)\n", node())
        );
        let (out, at) = append(None, Section::Nodes, &node(), false).unwrap();
        assert_eq!(out, format!("(\n    nodes: [\n{},\n    ],\n)\n", node()));
        assert!(out[at..].starts_with("        ("));
        let (out, _) = append(Some("(edges: [])"), Section::Nodes, &node(), false).unwrap();
        assert_eq!(
            out,
            format!("(edges: [],\n    nodes: [\n{},\n    ],\n)", node())
        );
        let (out, _) = append(Some("(nodes: [])\n"), Section::Nodes, &node(), false).unwrap();
        assert_eq!(out, format!("(nodes: [\n{},\n    ])\n", node()));
    }
}
