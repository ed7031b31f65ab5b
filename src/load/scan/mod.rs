//! A tolerant scanner that splits a data file at its records, so that a
//! syntax error costs one record and never the file.
//!
//! ron stops at the first error and cannot resume. The scanner knows just
//! enough of RON (strings, raw strings, comments, brackets) to find the
//! top-level `( sources: [...], nodes: [...], edges: [...] )` and the span
//! of every record in those lists; ron then parses each record on its own.
//! Mistakes between records (a missing or doubled comma, a stray
//! character, a record left open, content after the end) are reported here,
//! where the place is known exactly, and scanning goes on.
//!
//! One linear pass, no backtracking: a record left open is closed by the
//! first line that starts at its own indentation with a new record, or by
//! the line that closes its list.
//!
//! `top.rs` reads the file's structure (its `(`, the list headers, the
//! commas between lists, what comes after the end), `list.rs` the records
//! of a list and the mistakes between them, `lexer.rs` the tokens, and
//! `body.rs` skips each record's body in one tight loop.

use std::ops::Range;

use crate::diagnostic::Diagnostic;

mod body;
mod lexer;
mod list;
mod top;

use lexer::{Lexer, Token};

/// Which top-level list a record is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Sources,
    Nodes,
    Edges,
}

impl Section {
    pub const NAMES: [&'static str; 3] = ["sources", "nodes", "edges"];

    fn named(name: &str) -> Option<Section> {
        match name {
            "sources" => Some(Section::Sources),
            "nodes" => Some(Section::Nodes),
            "edges" => Some(Section::Edges),
            _ => None,
        }
    }
}

/// One record found by the scanner: its list (none when the list's name is
/// not one of ours) and its bytes in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedRecord {
    pub section: Option<Section>,
    pub span: Range<usize>,
    /// Whether the scanner found the record's brackets or strings broken
    /// (and said so): ron is not asked to read it.
    pub broken: bool,
}

fn section_name(section: Section) -> &'static str {
    match section {
        Section::Sources => "sources",
        Section::Nodes => "nodes",
        Section::Edges => "edges",
    }
}

/// A file split at its records, and what was wrong between them.
#[derive(Debug, Default)]
pub struct Scanned {
    pub records: Vec<ScannedRecord>,
    /// Ids seen in text skipped after a mistake (`id: "x"` outside any
    /// record), with the span of each.
    pub skipped_ids: Vec<(String, Range<usize>)>,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the file has no records, only blanks and comments.
    pub blank: bool,
    /// Where a string or comment that runs to the end of the file starts:
    /// what follows it could not be read.
    pub lost_from: Option<usize>,
}

/// Splits a data file at its records.
pub fn scan(file: usize, text: &str) -> Scanned {
    Scan {
        file,
        lexer: Lexer::new(text),
        out: Scanned::default(),
        peeked: None,
    }
    .run()
}

struct Scan<'a> {
    file: usize,
    lexer: Lexer<'a>,
    out: Scanned,
    peeked: Option<(Token, usize, usize, bool, usize)>,
}

impl Scan<'_> {
    /// The next token, with whether it is first on its line and the start
    /// of its line.
    fn next(&mut self) -> (Token, usize, usize, bool, usize) {
        if let Some(peeked) = self.peeked.take() {
            return peeked;
        }
        let (token, start, end) = self.lexer.next();
        let first = std::mem::take(&mut self.lexer.first_on_line);
        (token, start, end, first, self.lexer.line_start)
    }

    fn peek(&mut self) -> (Token, usize, usize, bool, usize) {
        let token = self.next();
        self.peeked = Some(token);
        token
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.out.diagnostics.push(diagnostic);
    }

    fn text(&self, range: Range<usize>) -> &str {
        &self.lexer.text[range]
    }

    fn unterminated(&mut self, at: usize) {
        self.out.lost_from.get_or_insert(at);
        let what = if self.lexer.text[at..].starts_with("/*") {
            ("this comment is never closed", "close it with `*/`", 2)
        } else {
            ("this string is never closed", "add the closing `\"`", 1)
        };
        self.error(
            Diagnostic::error("syntax", what.0)
                .at(self.file, at..at + what.2, "opened here")
                .help(what.1)
                .note("nothing after it in this file is read until it is closed"),
        );
    }

    /// Where the last token before `at` ends (blanks and comments skipped
    /// backwards), for a missing comma's place.
    fn end_of_previous(&self, at: usize) -> usize {
        previous_token_end(self.lexer.text, at)
    }

    fn describe(&self, token: Token, start: usize, end: usize) -> String {
        match token {
            Token::Eof => "the end of the file".to_string(),
            Token::Unterminated => "an unclosed string or comment".to_string(),
            _ => {
                let text = &self.lexer.text[start..end];
                let shown: String = text.chars().take(40).collect();
                let ellipsis = if shown.len() < text.len() { "…" } else { "" };
                format!("`{shown}{ellipsis}`")
            }
        }
    }
}

/// Where the last token before byte `at` of `text` ends, skipping blanks
/// and line comments backwards: the place of a missing comma.
pub fn previous_token_end(text: &str, at: usize) -> usize {
    let mut end = at.min(text.len());
    loop {
        let before = &text[..end];
        let trimmed = before.trim_end();
        end = trimmed.len();
        // A line comment: its line's start, if the `//` is not in a string.
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let line = &trimmed[line_start..];
        match comment_start(line) {
            Some(i) if end > 0 => end = line_start + i,
            _ => return end,
        }
    }
}

/// The byte where a `//` comment starts in a line, outside strings.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> (Vec<&str>, Vec<String>) {
        let scanned = scan(0, text);
        (
            scanned
                .records
                .iter()
                .map(|r| &text[r.span.clone()])
                .collect(),
            scanned
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect(),
        )
    }

    #[test]
    fn records_are_found_in_their_lists() {
        let text = "// c\n(\n  nodes: [ (id: \"a\", name: \"x)\"), /* ( */ (id: \"b\") ],\n  edges: [],\n)\n";
        let (records, errors) = spans(text);
        assert_eq!(records, ["(id: \"a\", name: \"x)\")", "(id: \"b\")"]);
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn a_missing_comma_between_records_is_placed_after_the_first() {
        let text = "(\n  nodes: [\n    (id: \"a\") // one\n    // two\n    (id: \"b\"),\n  ],\n)";
        let scanned = scan(0, text);
        assert_eq!(scanned.records.len(), 2);
        let d = &scanned.diagnostics[0];
        assert_eq!(d.message, "expected a comma between two records");
        let at = d.primary.as_ref().unwrap().span.start;
        assert_eq!(&text[at - 9..at], "(id: \"a\")");
    }

    #[test]
    fn an_unclosed_record_ends_at_the_next_record_of_its_indentation() {
        let text = "(\n  nodes: [\n    (\n      id: \"a\",\n      tags: [\"x\"],\n    (\n      id: \"b\",\n    ),\n  ],\n)\n";
        let scanned = scan(0, text);
        assert_eq!(scanned.records.len(), 2, "{:?}", scanned.diagnostics);
        assert!(scanned.records[0].broken);
        assert!(!scanned.records[1].broken);
        assert_eq!(scanned.diagnostics.len(), 1);
        assert_eq!(scanned.diagnostics[0].code, "unclosed-record");
    }

    #[test]
    fn doubled_commas_and_stray_characters_cost_nothing_else() {
        let (records, errors) = spans("(nodes: [(id: \"a\"),, @ (id: \"b\")])");
        assert_eq!(records.len(), 2);
        assert_eq!(
            errors,
            ["two commas in a row", "unexpected `@` between records"]
        );
    }

    #[test]
    fn trailing_content_is_reported_where_it_is() {
        let text = "(nodes: [])\nextra";
        let scanned = scan(0, text);
        let d = &scanned.diagnostics[0];
        assert_eq!(d.code, "trailing-content");
        assert_eq!(d.primary.as_ref().unwrap().span, 12..17);
    }

    #[test]
    fn raw_strings_and_nested_comments_are_skipped() {
        let (records, errors) =
            spans("(nodes: [(q: r#\"a \"(\" b\"#), /* /* ) */ ] */ (id: \"b\")])");
        assert_eq!(records.len(), 2, "{errors:?}");
        assert!(errors.is_empty());
    }

    #[test]
    fn a_blank_file_is_blank() {
        assert!(scan(0, "// nothing\n  \n").blank);
    }
}
