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

use std::ops::Range;

use crate::diagnostic::Diagnostic;

mod lexer;

use lexer::{Body, Lexer, Token, memchr};

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

/// What ended a list.
enum ListEnd {
    Closed,
    Eof,
    /// The name of the next list, read where this one's `]` was missing
    /// (its `:` is read next).
    NextList(Range<usize>),
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

    fn run(mut self) -> Scanned {
        let (token, start, end, _, _) = self.next();
        match token {
            Token::Eof => {
                self.out.blank = true;
                return self.out;
            }
            // `#![enable(...)]` attributes are ron's; skip them.
            Token::Other if self.text(start..end) == "#" => {
                self.skip_attributes(start);
            }
            _ => self.peeked = Some((token, start, end, true, 0)),
        }
        let first_token = self.next();
        let (mut token, mut start, mut end, _, _) = first_token;
        if token == Token::Word && Section::named(self.text(start..end)).is_some() {
            // `nodes: [...]` with the file's `(` missing: read on.
            self.error(
                Diagnostic::error("syntax", "the file's opening `(` is missing")
                    .at(self.file, start..start, "add `(` before this")
                    .help("a data file is `(sources: [...], nodes: [...], edges: [...])`"),
            );
            self.peeked = Some(first_token);
            self.fields(start);
            self.trailing();
            return self.out;
        }
        if token == Token::Word {
            // An optional struct name: `DataFile(...)`.
            (token, start, end, _, _) = self.next();
        }
        if token != Token::Open(b'(') {
            // Junk before the file's `(` (a comment that lost a `/`): one
            // error, and the data is read from the first line that starts
            // with `(`.
            let junk = (token, start, end);
            loop {
                let (next, _, _, first, _) = self.peek();
                match next {
                    Token::Open(b'(') if first => {
                        let found = self.describe(junk.0, junk.1, junk.2);
                        self.error(
                            Diagnostic::error("syntax", format!("unexpected {found} before the data"))
                                .at(self.file, junk.1..junk.2.max(junk.1), "before the opening `(`")
                                .help("comments start with `//`; the data is `(sources: [...], nodes: [...], edges: [...])`"),
                        );
                        let (_, open, _, _, _) = self.next();
                        self.fields(open);
                        self.trailing();
                        return self.out;
                    }
                    Token::Eof | Token::Unterminated => break,
                    _ => self.peeked = None,
                }
            }
            self.lexer.pos = junk.2;
            self.peeked = None;
            let found = self.describe(token, start, end);
            self.error(
                Diagnostic::error(
                    "syntax",
                    format!("expected the file to start with `(`, found {found}"),
                )
                .at(self.file, start..end.max(start), "expected `(` here")
                .help(
                    "a data file is `(sources: [...], nodes: [...], edges: [...])`; see README.md",
                ),
            );
            return self.out;
        }
        self.fields(start);
        self.trailing();
        self.out
    }

    fn skip_attributes(&mut self, start: usize) {
        // `#` `!` `[` ... `]`, maybe several.
        let mut depth = 0usize;
        loop {
            let (token, _, _, _, _) = self.next();
            match token {
                Token::Open(b'[') => depth += 1,
                Token::Close(b']') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        let (next, s, e, f, l) = self.peek();
                        if next == Token::Other && self.text(s..e) == "#" {
                            self.peeked = None;
                            continue;
                        }
                        self.peeked = Some((next, s, e, f, l));
                        return;
                    }
                }
                Token::Eof | Token::Unterminated => {
                    self.error(
                        Diagnostic::error("syntax", "this attribute is not closed")
                            .at(self.file, start..start + 1, "opened here")
                            .help("close it with `]`, or remove it"),
                    );
                    return;
                }
                _ => {}
            }
        }
    }

    /// The fields of the top-level structure, after its `(` at `open`.
    fn fields(&mut self, open: usize) {
        loop {
            let (token, start, end, _, _) = self.next();
            match token {
                Token::Close(b')') => return,
                Token::Comma => {
                    self.error(
                        Diagnostic::error("syntax", "a comma with nothing before it")
                            .at(self.file, start..end, "extra comma")
                            .help("remove this comma"),
                    );
                }
                Token::Word => {
                    let name = self.text(start..end).to_string();
                    self.field(name, start..end);
                }
                Token::Eof | Token::Unterminated => {
                    self.unclosed_file(open, token, start);
                    return;
                }
                other => {
                    let found = self.describe(other, start, end);
                    self.error(
                        Diagnostic::error("syntax", format!("expected a list name, found {found}"))
                            .at(
                                self.file,
                                start..end,
                                "expected `sources`, `nodes` or `edges`",
                            )
                            .help("a data file is `(sources: [...], nodes: [...], edges: [...])`"),
                    );
                }
            }
        }
    }

    fn unclosed_file(&mut self, open: usize, token: Token, at: usize) {
        if token == Token::Unterminated {
            self.unterminated(at);
        } else if self.out.lost_from.is_none() {
            let end = previous_token_end(self.lexer.text, self.lexer.text.len());
            self.error(
                Diagnostic::error("syntax", "the file ends before its closing `)`")
                    .at(self.file, end..end, "add `)` here")
                    .also(self.file, open..open + 1, "the `(` it closes")
                    .help("add `)` at the end of the file"),
            );
        }
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

    /// `name: [records]` and the comma after it.
    fn field(&mut self, name: String, name_span: Range<usize>) {
        // The header is `name: [` on its own line. A garbled one (a stray
        // quote or character in it) is one error, and the list is read
        // under the name its letters spell.
        let bytes = self.lexer.bytes;
        let line_end = memchr(b'\n', bytes, name_span.start).unwrap_or(bytes.len());
        let header = &self.lexer.text[name_span.start..line_end];
        let after_name = header[name.len()..].trim_start();
        let well_formed = after_name.starts_with(':')
            && (after_name[1..].trim_start().starts_with('[') || after_name[1..].trim().is_empty());
        if !well_formed && self.peeked.is_none() && header.contains(':') {
            let letters: String = header
                .chars()
                .take_while(|&c| c != ':' && c != '[')
                .filter(char::is_ascii_alphabetic)
                .collect();
            let guess = Section::named(&letters).or_else(|| {
                crate::suggest::closest(&letters, Section::NAMES).and_then(Section::named)
            });
            let d = Diagnostic::error("syntax", format!("this line should read `{}: [`", guess.map_or("nodes", section_name)))
                .at(self.file, name_span.start..line_end, "not a list header")
                .help("a data file is `(sources: [...], nodes: [...], edges: [...])`, each list name on its own line");
            self.error(d);
            self.lexer.pos = line_end;
            match self.list(guess, name_span.start) {
                ListEnd::Eof => return,
                ListEnd::NextList(span) => {
                    return self.field(self.text(span.clone()).to_string(), span);
                }
                ListEnd::Closed => {}
            }
            return self.after_list();
        }
        let section = Section::named(&name);
        if section.is_none() {
            let mut d = Diagnostic::error("unknown-field", format!("unknown list `{name}`")).at(
                self.file,
                name_span.clone(),
                "not a list of ours",
            );
            d = match crate::suggest::closest(&name, Section::NAMES) {
                Some(best) => d.help(format!(
                    "did you mean `{best}`? a data file has the lists `sources`, `nodes` and `edges`"
                )),
                None => d.help("a data file has the lists `sources`, `nodes` and `edges`"),
            };
            self.error(d.note("the records in this list are not read until it is renamed"));
        }
        let (token, start, end, _, _) = self.next();
        if token != Token::Colon {
            self.error(
                Diagnostic::error("syntax", format!("expected `:` after `{name}`"))
                    .at(self.file, name_span.end..name_span.end, "add `:` here")
                    .help(format!("write `{name}: [...]`")),
            );
            self.peeked = Some((token, start, end, false, 0));
        }
        let next = self.next();
        let (token, start, end, _, _) = next;
        if token == Token::Open(b'(') {
            // A record where the list should start: its `[` is missing.
            self.error(
                Diagnostic::error("syntax", format!("the list `{name}` has no opening `[`"))
                    .at(self.file, start..start, "add `[` before this")
                    .help(format!("write `{name}: [ (...), (...) ]`")),
            );
            self.peeked = Some(next);
            match self.list(section, start) {
                ListEnd::Eof => return,
                ListEnd::NextList(span) => {
                    return self.field(self.text(span.clone()).to_string(), span);
                }
                ListEnd::Closed => {}
            }
        } else if token != Token::Open(b'[') {
            let found = self.describe(token, start, end);
            self.error(
                Diagnostic::error(
                    "syntax",
                    format!("expected a list `[...]` after `{name}:`, found {found}"),
                )
                .at(self.file, start..end.max(start), "expected `[`")
                .help(format!("write `{name}: [ (...), (...) ]`")),
            );
            if let Token::Open(_) = token {
                self.skip_value(token);
            } else {
                self.peeked = Some((token, start, end, false, 0));
            }
        } else {
            match self.list(section, start) {
                ListEnd::Eof => return,
                ListEnd::NextList(span) => {
                    return self.field(self.text(span.clone()).to_string(), span);
                }
                ListEnd::Closed => {}
            }
        }
        self.after_list();
    }

    /// The comma after a list, or the end of the structure.
    fn after_list(&mut self) {
        let (token, start, end, first, line) = self.next();
        match token {
            Token::Comma | Token::Close(b')') | Token::Eof => {
                self.peeked = if token == Token::Comma {
                    None
                } else {
                    Some((token, start, end, first, line))
                }
            }
            Token::Word => {
                let at = self.end_of_previous(start);
                self.error(
                    Diagnostic::error("syntax", "expected a comma between two lists")
                        .at(self.file, at..at, "add a comma here")
                        .help("add a comma"),
                );
                self.peeked = Some((token, start, end, first, line));
            }
            _ => self.peeked = Some((token, start, end, first, line)),
        }
    }

    /// The records of a list whose `[` is at `open`.
    fn list(&mut self, section: Option<Section>, open: usize) -> ListEnd {
        // What came last: a record (a comma is then needed) or a comma.
        let mut after_record: Option<usize> = None;
        let mut after_comma: Option<usize> = None;
        loop {
            let (token, start, end, first, line) = self.next();
            match token {
                Token::Close(b']') => return ListEnd::Closed,
                Token::Comma => {
                    if after_record.is_none() {
                        let d = match after_comma {
                            Some(_) => Diagnostic::error("syntax", "two commas in a row")
                                .at(self.file, start..end, "extra comma")
                                .help("remove one of the commas"),
                            None => Diagnostic::error("syntax", "a comma with nothing before it")
                                .at(self.file, start..end, "extra comma")
                                .help("remove this comma"),
                        };
                        self.error(d);
                    }
                    after_record = None;
                    after_comma = Some(start);
                }
                Token::Word
                    if Section::named(self.text(start..end)).is_some()
                        && self.peek().0 == Token::Colon =>
                {
                    // The next list begins: this one's `]` is missing.
                    let at = self.end_of_previous(start);
                    self.error(
                        Diagnostic::error("syntax", "this list is not closed")
                            .at(self.file, at..at, "add `],` here")
                            .also(self.file, open..open + 1, "the list starts here")
                            .help("add `],` after the last record"),
                    );
                    return ListEnd::NextList(start..end);
                }
                Token::Word if self.peek().0 != Token::Open(b'(') => {
                    // Fields outside a record: its `(` is missing.
                    let d = if self.peek().0 == Token::Colon {
                        Diagnostic::error(
                            "unopened-record",
                            "a field outside a record: its `(` is missing",
                        )
                        .at(self.file, start..end, "this field")
                        .help("add `(` at the start of the record")
                    } else {
                        let found = self.describe(Token::Word, start, end);
                        Diagnostic::error(
                            "stray-character",
                            format!("unexpected {found} between records"),
                        )
                        .at(self.file, start..end, "not part of a record")
                        .help("remove it; each record is `( ... )`, separated by commas")
                    };
                    self.error(d.note("what follows is skipped up to the next record"));
                    let was_id = self.text(start..end) == "id";
                    self.resync(was_id);
                    after_record = None;
                    after_comma = None;
                }
                Token::Open(b'(') | Token::Word => {
                    if let Some(previous_end) = after_record {
                        self.error(
                            Diagnostic::error("syntax", "expected a comma between two records")
                                .at(self.file, previous_end..previous_end, "add a comma here")
                                .help("add a comma"),
                        );
                    }
                    match self.record(section, (token, start, end), first, line) {
                        // A record left open has its error; no comma is
                        // asked of it too.
                        Some((end, closed)) => after_record = closed.then_some(end),
                        None => return ListEnd::Eof,
                    }
                    after_comma = None;
                }
                Token::Eof | Token::Unterminated => {
                    if token == Token::Unterminated {
                        self.unterminated(start);
                    } else {
                        self.error(
                            Diagnostic::error("syntax", "the file ends inside a list")
                                .at(self.file, open..open + 1, "this `[` is never closed")
                                .help("add `]` after the last record, then `)`"),
                        );
                    }
                    return ListEnd::Eof;
                }
                Token::Close(b')') if first && after_record.is_some() || after_comma.is_some() => {
                    // The list's `]` is missing: this `)` ends the file.
                    let at = self.end_of_previous(start);
                    self.error(
                        Diagnostic::error("syntax", "this list is not closed")
                            .at(self.file, at..at, "add `]` here")
                            .also(self.file, open..open + 1, "the list starts here")
                            .help("add `]` after the last record"),
                    );
                    self.peeked = Some((token, start, end, first, line));
                    return ListEnd::Closed;
                }
                other => {
                    let found = self.describe(other, start, end);
                    self.error(
                        Diagnostic::error(
                            "stray-character",
                            format!("unexpected {found} between records"),
                        )
                        .at(self.file, start..end, "not part of a record")
                        .help("remove it; each record is `( ... )`, separated by commas"),
                    );
                    // A stray bracket is only itself; anything else is
                    // skipped up to the next record.
                    if !matches!(other, Token::Open(_) | Token::Close(_)) {
                        self.resync(false);
                    }
                    after_record = None;
                    after_comma = None;
                }
            }
        }
    }

    /// Skips to where the next record starts (a `(` first on its line) or
    /// the list ends, so that one mistake between records is one error.
    /// `after_id`: the mistake was the word `id` (its value is kept).
    fn resync(&mut self, after_id: bool) {
        let mut depth = 0usize;
        // A `(` right after the mistake, or after a comma, starts a record.
        let mut may_start = true;
        // `id` `:` seen just before, to keep the ids of what is skipped.
        let mut id_colon = u8::from(after_id);
        loop {
            let (token, s, e, first, line) = self.peek();
            id_colon = match (token, id_colon) {
                (Token::Word, _) if self.text(s..e) == "id" => 1,
                (Token::Colon, 1) => 2,
                (Token::Str, 2) => {
                    let id = self.text(s + 1..e - 1).to_string();
                    self.out.skipped_ids.push((id, s..e));
                    0
                }
                _ => 0,
            };
            match token {
                Token::Open(b'(') if (first || may_start) && depth == 0 => return,
                Token::Close(b']') if depth == 0 => return,
                Token::Eof | Token::Unterminated => return,
                Token::Open(_) => depth += 1,
                Token::Close(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            may_start = token == Token::Comma && depth == 0;
            let _ = (s, e, line);
            self.peeked = None;
        }
    }

    /// One record that starts with `token` at `start`; returns its end and
    /// whether it was closed (a comma is then expected after it), or `None`
    /// at the end of the file.
    fn record(
        &mut self,
        section: Option<Section>,
        (token, start, word_end): (Token, usize, usize),
        first: bool,
        line: usize,
    ) -> Option<(usize, bool)> {
        // An optional struct name before the `(`.
        let mut open = start;
        if token == Token::Word {
            let next = self.next();
            if next.0 != Token::Open(b'(') {
                // A bare word where a record should be: ron says what.
                self.out.records.push(ScannedRecord {
                    section,
                    span: start..word_end,
                    broken: false,
                });
                self.peeked = Some(next);
                return Some((word_end, true));
            }
            open = next.1;
        }
        // The record's indentation: its `(`'s column, or the indentation
        // of its line when something comes before it there.
        let indent = if first {
            open - line
        } else {
            self.lexer.bytes[line..open]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count()
        };
        match self
            .lexer
            .record_body(open, indent, true, self.file, &mut self.out.diagnostics)
        {
            Body::Closed { end, broken } => {
                self.out.records.push(ScannedRecord {
                    section,
                    span: start..end,
                    broken,
                });
                Some((end, true))
            }
            Body::LeftOpen { last_end, inner } => {
                // `((`: the extra `(` is the one never closed.
                let doubled = self.lexer.text[open + 1..].trim_start().starts_with('(');
                let inner = inner.or(doubled.then_some(open));
                Some((
                    self.close_unclosed(section, start, open, last_end, inner),
                    false,
                ))
            }
            Body::Eof {
                last_end,
                unterminated,
            } => {
                if let Some(at) = unterminated {
                    self.unterminated(at);
                }
                self.close_unclosed(section, start, open, last_end, None);
                None
            }
        }
    }

    /// Reports a record whose `)` is missing and ends it at `last_end`;
    /// `inner` is where a bracket opened inside it and never closed is,
    /// the likelier mistake when there is one.
    fn close_unclosed(
        &mut self,
        section: Option<Section>,
        start: usize,
        open: usize,
        last_end: usize,
        inner: Option<usize>,
    ) -> usize {
        let d = match inner {
            Some(at) => {
                let bracket = &self.lexer.text[at..at + 1];
                Diagnostic::error(
                    "unclosed-record",
                    format!("this `{bracket}` is never closed"),
                )
                .at(self.file, at..at + 1, "opened here")
                .also(
                    self.file,
                    last_end..last_end,
                    "the record ends here without it",
                )
                .help("close it, or remove it if it was typed by mistake")
            }
            None => Diagnostic::error("unclosed-record", "this record is not closed")
                .at(self.file, last_end..last_end, "expected `)` here")
                .also(self.file, open..open + 1, "the record starts here")
                .help("add `)` at the end of the record"),
        };
        self.error(d.note("this record is left out of the graph until it is fixed"));
        self.out.records.push(ScannedRecord {
            section,
            span: start..last_end,
            broken: true,
        });
        last_end
    }

    /// Skips a bracketed value whose opening token was just read.
    fn skip_value(&mut self, _open: Token) {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next().0 {
                Token::Open(_) => depth += 1,
                Token::Close(_) => depth -= 1,
                Token::Eof | Token::Unterminated => return,
                _ => {}
            }
        }
    }

    /// After the top-level `)`: only blanks and comments.
    fn trailing(&mut self) {
        let (token, start, end, _, _) = self.next();
        if token == Token::Eof {
            return;
        }
        let found = self.describe(token, start, end);
        self.error(
            Diagnostic::error(
                "trailing-content",
                format!("unexpected {found} after the end of the data"),
            )
            .at(
                self.file,
                start..end.max(start + 1).min(self.lexer.text.len()),
                "after the closing `)`",
            )
            .help("everything goes inside the one `( ... )`; remove this or move it inside"),
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
