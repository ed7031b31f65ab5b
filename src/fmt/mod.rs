//! `fmt`: one canonical layout for data files, losing nothing.
//!
//! The text is read into a lossless syntax tree ([`syntax`], a rowan tree)
//! and printed again in the canonical layout ([`layout`]). Before the new
//! text is given back it is read again and compared with the old: the same
//! values (fields compared by name, so reordering them is allowed) and the
//! same comments, each once (a comment goes with the field it is written
//! on, so a field moved to its documented place takes its comments along;
//! where nothing moved they keep their order). A layout that would lose or
//! change anything is an error, never an output.
//!
//! `fmt` checks the layout only. Whether a file may be formatted at all
//! (no syntax error in it) is for the caller to decide with the loader's
//! diagnostics, which say it in our words (`load::parse::parse_file`).

pub mod files;
pub mod insert;
mod layout;
pub mod syntax;

use syntax::{SyntaxElement, SyntaxError, SyntaxKind, SyntaxNode};

/// Why a text could not be laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The text is not in the grammar of data files.
    Syntax(SyntaxError),
    /// The layout would have lost or changed something (a bug in `fmt`):
    /// what differed.
    Lost(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Syntax(e) => write!(f, "{} (at byte {})", e.message, e.at),
            FormatError::Lost(what) => write!(f, "formatting would change the file: {what}"),
        }
    }
}

/// The text in the canonical layout. A leading byte-order mark is dropped
/// (it means nothing in UTF-8); everything else is kept.
pub fn format(text: &str) -> Result<String, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let tree = syntax::parse(text).map_err(FormatError::Syntax)?;
    let out = layout::Printer::file(&tree).map_err(FormatError::Syntax)?;
    let again = syntax::parse(&out)
        .map_err(|e| FormatError::Lost(format!("the result does not read back: {}", e.message)))?;
    let (before, after) = (meaning(&tree), meaning(&again));
    if before != after {
        return Err(FormatError::Lost(format!(
            "values differ: {}",
            first_difference(&before, &after)
        )));
    }
    // A comment goes with what it was written on: a field put in its
    // documented place takes its comments along, so the comments are the
    // same ones, each once, and in the same order where nothing moved
    // (which the property tests check).
    let (mut before, mut after) = (comments(&tree), comments(&again));
    before.sort_unstable();
    after.sort_unstable();
    if before != after {
        return Err(FormatError::Lost(format!(
            "comments differ: {} before, {} after",
            before.len(),
            after.len()
        )));
    }
    Ok(out)
}

/// Every comment of a tree, in order, without trailing blanks (a `\r`
/// from a CRLF file included).
pub fn comments(tree: &SyntaxNode) -> Vec<String> {
    tree.descendants_with_tokens()
        .filter(|c| c.kind().is_comment())
        .map(|c| comment_text(&c.to_string()))
        .collect()
}

/// A comment as `fmt` writes it: without trailing blanks, and with `\n`
/// line breaks inside a block comment of a CRLF file.
pub(crate) fn comment_text(text: &str) -> String {
    text.trim_end().replace("\r\n", "\n")
}

/// What a tree says, layout aside: strings decoded, a structure's fields
/// by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Meaning {
    Str(String),
    Word(String),
    List(Vec<Meaning>),
    Tuple(Vec<Meaning>),
    Struct(Vec<(String, Meaning)>),
    Named(String, Box<Meaning>),
    Invalid(String),
}

pub fn meaning(node: &SyntaxNode) -> Meaning {
    let values = || {
        node.children_with_tokens()
            .filter(is_value)
            .map(|c| meaning_of(&c))
    };
    match node.kind() {
        SyntaxKind::ROOT | SyntaxKind::TUPLE => Meaning::Tuple(values().collect()),
        SyntaxKind::LIST => Meaning::List(values().collect()),
        SyntaxKind::STRUCT => {
            let mut fields: Vec<(String, Meaning)> = node
                .children()
                .filter(|c| c.kind() == SyntaxKind::FIELD)
                .map(|field| {
                    let mut parts = field.children_with_tokens().filter(is_value);
                    let name = parts.next().map(|c| c.to_string()).unwrap_or_default();
                    let value = parts
                        .next()
                        .map_or(Meaning::Invalid(String::new()), |c| meaning_of(&c));
                    (name, value)
                })
                .collect();
            fields.sort();
            Meaning::Struct(fields)
        }
        SyntaxKind::NAMED => {
            let mut parts = node.children_with_tokens().filter(is_value);
            let name = parts.next().map(|c| c.to_string()).unwrap_or_default();
            let value = parts
                .next()
                .map_or(Meaning::Invalid(String::new()), |c| meaning_of(&c));
            Meaning::Named(name, Box::new(value))
        }
        _ => Meaning::Invalid(node.to_string()),
    }
}

fn is_value(element: &SyntaxElement) -> bool {
    !element.kind().is_trivia()
        && !matches!(
            element.kind(),
            SyntaxKind::COMMA
                | SyntaxKind::COLON
                | SyntaxKind::L_PAREN
                | SyntaxKind::R_PAREN
                | SyntaxKind::L_BRACK
                | SyntaxKind::R_BRACK
        )
}

fn meaning_of(element: &SyntaxElement) -> Meaning {
    match element {
        SyntaxElement::Node(node) => meaning(node),
        SyntaxElement::Token(token) => match token.kind() {
            SyntaxKind::STRING | SyntaxKind::RAW_STRING => match decode_string(token.text()) {
                Ok(s) => Meaning::Str(s),
                Err(_) => Meaning::Invalid(token.text().to_string()),
            },
            _ => Meaning::Word(token.text().to_string()),
        },
    }
}

fn first_difference(a: &Meaning, b: &Meaning) -> String {
    let a = format!("{a:?}");
    let b = format!("{b:?}");
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let window = |s: &str| {
        s.get(at.saturating_sub(40)..)
            .unwrap_or("")
            .chars()
            .take(80)
            .collect::<String>()
    };
    format!("{} / {}", window(&a), window(&b))
}

/// A string or raw string token's value, as ron reads it.
pub(crate) fn decode_string(token: &str) -> Result<String, String> {
    ron::from_str::<String>(token).map_err(|e| format!("this string cannot be read: {}", e.code))
}

/// A string as RON text with the escapes it needs and no others: quotes
/// and backslashes, control characters (which never belong in data text,
/// and would otherwise reach the file raw), and the invisible characters a
/// reviewer could not see in a diff (zero-width spaces and joiners, the
/// bidirectional overrides of "Trojan Source", CVE-2021-42574).
pub fn encode_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || invisible(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A character that shows as nothing: soft hyphen, zero-width spaces and
/// joiners, direction marks, embeddings, overrides and isolates, invisible
/// operators, line and paragraph separators, the byte-order mark,
/// variation selectors, tag characters, Hangul fillers, interlinear
/// annotation marks.
pub(crate) fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
            | '\u{e0100}'..='\u{e01ef}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{ffa0}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn formats(text: &str, expected: &str) {
        let out = format(text).unwrap();
        assert_eq!(out, expected);
        assert_eq!(format(&out).unwrap(), out, "not idempotent");
    }

    #[test]
    fn records_become_blocks_in_the_documented_order() {
        formats(
            "(nodes:[(name:\"X\",kind:Company,id:\"x\",sources:[\"s\"],period:(end:\"2020\",start:\"2019\"))])",
            "(\n    nodes: [\n        (\n            id: \"x\",\n            kind: Company,\n            name: \"X\",\n            period: (start: \"2019\", end: \"2020\"),\n            sources: [\"s\"],\n        ),\n    ],\n)\n",
        );
    }

    #[test]
    fn comments_stay_where_they_were_written() {
        let text = "// head\n(\n    // before\n    sources: [\n        ( // opening\n            id: \"a\", // after id\n            /* inside */ title: \"T\",\n            // last in record\n        ), // after record\n        // end of list\n    ], // after list\n    /* before close */\n)\n// tail\n";
        let out = format(text).unwrap();
        assert_eq!(
            out,
            "// head\n(\n    // before\n    sources: [\n        (\n            // opening\n            id: \"a\", // after id\n            /* inside */\n            title: \"T\",\n            // last in record\n        ), // after record\n        // end of list\n    ], // after list\n    /* before close */\n)\n// tail\n"
        );
        assert_eq!(format(&out).unwrap(), out);
    }

    #[test]
    fn blank_lines_between_records_are_kept_once() {
        formats(
            "(edges: [\n(from: \"a\", kind: Funds, to: \"b\"),\n\n\n(from: \"b\", kind: Funds, to: \"c\")])",
            "(\n    edges: [\n        (\n            from: \"a\",\n            kind: Funds,\n            to: \"b\",\n        ),\n\n        (\n            from: \"b\",\n            kind: Funds,\n            to: \"c\",\n        ),\n    ],\n)\n",
        );
    }

    #[test]
    fn strings_get_the_escapes_ron_needs_and_no_others() {
        assert_eq!(
            encode_string("a\"b\\c’é\n\u{1b}"),
            "\"a\\\"b\\\\c’é\\n\\u{1b}\""
        );
        assert_eq!(
            encode_string("\u{202e}RTL\u{202c} zero\u{200b}width 🇫🇷"),
            "\"\\u{202e}RTL\\u{202c} zero\\u{200b}width 🇫🇷\""
        );
        formats(
            "(sources: [(id: r#\"s\"#, title: \"\\u{e9}t\\u{00e9} \\\"q\\\"\")])",
            "(\n    sources: [\n        (\n            id: \"s\",\n            title: \"été \\\"q\\\"\",\n        ),\n    ],\n)\n",
        );
    }

    #[test]
    fn a_field_put_in_its_place_takes_its_comments_along() {
        formats(
            "(nodes: [(\n    id: \"h\",\n    name: \"H\", // as written\n    kind: Company, // not an investor\n)])\n",
            "(\n    nodes: [\n        (\n            id: \"h\",\n            kind: Company, // not an investor\n            name: \"H\", // as written\n        ),\n    ],\n)\n",
        );
        // Lists too: edges before nodes, each with its comment.
        formats(
            "(\n    // the edges\n    edges: [],\n    // the nodes\n    nodes: [],\n)\n",
            "(\n    // the nodes\n    nodes: [],\n    // the edges\n    edges: [],\n)\n",
        );
    }

    #[test]
    fn other_unicode_blanks_separate_tokens_and_crlf_becomes_lf() {
        formats(
            "(\u{2028}nodes:\u{a0}[],\r\n/* a\r\n b */\r\n)\r\n",
            "(\n    nodes: [],\n    /* a\n b */\n)\n",
        );
        let error = syntax::parse("(a: \u{202e})").unwrap_err();
        assert_eq!(
            error.message,
            "unexpected character: an invisible character, U+202E"
        );
    }

    #[test]
    fn milestones_one_per_line() {
        formats(
            "(nodes: [(id: \"l\", milestones: [(date: \"2020\", stage: Proposed, sources: [\"s\"])])])",
            "(\n    nodes: [\n        (\n            id: \"l\",\n            milestones: [\n                (stage: Proposed, date: \"2020\", sources: [\"s\"]),\n            ],\n        ),\n    ],\n)\n",
        );
    }
}
