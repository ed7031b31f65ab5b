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
    /// Whether the scanner had to close the record itself (its `)` is
    /// missing): ron is not asked to read it.
    pub unclosed: bool,
}

/// A file split at its records, and what was wrong between them.
#[derive(Debug, Default)]
pub struct Scanned {
    pub records: Vec<ScannedRecord>,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the file has no records, only blanks and comments.
    pub blank: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Open(u8),
    Close(u8),
    Comma,
    Colon,
    /// A word: an identifier, a number, `true`.
    Word,
    Str,
    /// `'...'`: a char in RON, in our data a string in the wrong quotes.
    Quoted,
    /// Any other character, such as a stray `@`.
    Other,
    /// A string or block comment that runs to the end of the file.
    Unterminated,
    Eof,
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Where the current line starts.
    line_start: usize,
    /// Whether the token just read is the first on its line.
    first_on_line: bool,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line_start: 0,
            first_on_line: true,
        }
    }

    /// Skips blanks and comments; true if it stopped at an unterminated
    /// block comment (the lexer is then at the end).
    fn skip_trivia(&mut self) -> bool {
        let bytes = self.bytes;
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b'\n' => {
                    self.pos += 1;
                    self.line_start = self.pos;
                    self.first_on_line = true;
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'/' if bytes.get(self.pos + 1) == Some(&b'/') => {
                    self.pos = memchr(b'\n', bytes, self.pos).unwrap_or(bytes.len());
                }
                b'/' if bytes.get(self.pos + 1) == Some(&b'*') => {
                    // RON block comments nest.
                    let mut depth = 0usize;
                    loop {
                        match (bytes.get(self.pos), bytes.get(self.pos + 1)) {
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.pos += 2;
                            }
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.pos += 2;
                                if depth == 0 {
                                    break;
                                }
                            }
                            (Some(b'\n'), _) => {
                                self.pos += 1;
                                self.line_start = self.pos;
                                self.first_on_line = true;
                            }
                            (Some(_), _) => self.pos += 1,
                            (None, _) => return true,
                        }
                    }
                }
                _ => break,
            }
        }
        false
    }

    /// The next token, its start and its end; `first_on_line` then says
    /// whether it is the first on its line.
    fn next(&mut self) -> (Token, usize, usize) {
        let unterminated_comment_at = self.pos;
        let was_first = self.first_on_line;
        self.first_on_line = false;
        let stopped_in_comment = self.skip_trivia();
        // `skip_trivia` sets the flag again at each newline it passes.
        self.first_on_line |= was_first;
        if stopped_in_comment {
            return (Token::Unterminated, unterminated_comment_at, self.pos);
        }
        let start = self.pos;
        let bytes = self.bytes;
        let Some(&b) = bytes.get(start) else {
            return (Token::Eof, start, start);
        };
        let token = match b {
            b'(' | b'[' | b'{' => {
                self.pos += 1;
                Token::Open(b)
            }
            b')' | b']' | b'}' => {
                self.pos += 1;
                Token::Close(b)
            }
            b',' => {
                self.pos += 1;
                Token::Comma
            }
            b':' => {
                self.pos += 1;
                Token::Colon
            }
            b'"' => self.string(start + 1),
            b'r' if matches!(bytes.get(start + 1), Some(b'"' | b'#')) => self.raw_string(),
            b'\'' => {
                // To the closing quote on the same line, else one character.
                let line_end = memchr(b'\n', bytes, start).unwrap_or(bytes.len());
                self.pos = match memchr(b'\'', &bytes[..line_end], start + 1) {
                    Some(close) => close + 1,
                    None => start + 1,
                };
                Token::Quoted
            }
            b if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'+' || b == b'.' => {
                while self.pos < bytes.len()
                    && matches!(bytes[self.pos], b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'+' | b'.')
                {
                    self.pos += 1;
                }
                Token::Word
            }
            _ => {
                self.pos += self.text[start..].chars().next().map_or(1, char::len_utf8);
                Token::Other
            }
        };
        (token, start, self.pos)
    }

    /// A `"` string whose content starts at `from`.
    fn string(&mut self, from: usize) -> Token {
        let bytes = self.bytes;
        let mut i = from;
        loop {
            match memchr2(b'"', b'\\', bytes, i) {
                Some(j) if bytes[j] == b'\\' => i = j + 2,
                Some(j) => {
                    self.count_lines(from, j);
                    self.pos = j + 1;
                    return Token::Str;
                }
                None => {
                    self.pos = bytes.len();
                    return Token::Unterminated;
                }
            }
        }
    }

    /// `r"..."` or `r#"..."#` (any number of `#`).
    fn raw_string(&mut self) -> Token {
        let bytes = self.bytes;
        let mut i = self.pos + 1;
        let mut hashes = 0;
        while bytes.get(i) == Some(&b'#') {
            hashes += 1;
            i += 1;
        }
        if bytes.get(i) != Some(&b'"') {
            self.pos = i;
            return Token::Word;
        }
        let from = i + 1;
        let mut at = from;
        while let Some(j) = memchr(b'"', bytes, at) {
            if bytes[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
            {
                self.count_lines(from, j);
                self.pos = j + 1 + hashes;
                return Token::Str;
            }
            at = j + 1;
        }
        self.pos = bytes.len();
        Token::Unterminated
    }

    /// Keeps the line start right after a token that spans lines.
    fn count_lines(&mut self, from: usize, to: usize) {
        if let Some(newline) = self.bytes[from..to].iter().rposition(|&b| b == b'\n') {
            self.line_start = from + newline + 1;
        }
    }
}

fn memchr(needle: u8, haystack: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .iter()
        .position(|&b| b == needle)
        .map(|i| from + i)
}

fn memchr2(a: u8, b: u8, haystack: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .iter()
        .position(|&c| c == a || c == b)
        .map(|i| from + i)
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
        let (mut token, mut start, mut end, _, _) = self.next();
        if token == Token::Word {
            // An optional struct name: `DataFile(...)`.
            (token, start, end, _, _) = self.next();
        }
        if token != Token::Open(b'(') {
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
                    if let Token::Open(_) = other {
                        self.skip_value(other);
                    }
                }
            }
        }
    }

    fn unclosed_file(&mut self, open: usize, token: Token, at: usize) {
        if token == Token::Unterminated {
            self.unterminated(at);
        } else {
            self.error(
                Diagnostic::error("syntax", "the file ends before its closing `)`")
                    .at(self.file, open..open + 1, "this `(` is never closed")
                    .help("add `)` at the end of the file"),
            );
        }
    }

    fn unterminated(&mut self, at: usize) {
        let what = if self.lexer.text[at..].starts_with("/*") {
            ("this comment is never closed", "close it with `*/`")
        } else {
            ("this string is never closed", "add the closing `\"`")
        };
        self.error(
            Diagnostic::error("syntax", what.0)
                .at(self.file, at..at + 1, "opened here")
                .help(what.1),
        );
    }

    /// `name: [records]` and the comma after it.
    fn field(&mut self, name: String, name_span: Range<usize>) {
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
        let (token, start, end, _, _) = self.next();
        if token != Token::Open(b'[') {
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
        } else if let ListEnd::Eof = self.list(section, start) {
            return;
        }
        // The comma after the list, or the end of the structure.
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
                        Some(end) => {
                            let unclosed = self.out.records.last().is_some_and(|r| r.unclosed);
                            after_record = (!unclosed).then_some(end);
                        }
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
                        Diagnostic::error("syntax", format!("unexpected {found} between records"))
                            .at(self.file, start..end, "not part of a record")
                            .help("remove it; each record is `( ... )`, separated by commas"),
                    );
                    if let Token::Open(_) = other {
                        self.skip_value(other);
                    }
                }
            }
        }
    }

    /// One record that starts with `token` at `start`; returns its end, or
    /// `None` at the end of the file.
    fn record(
        &mut self,
        section: Option<Section>,
        (token, start, word_end): (Token, usize, usize),
        first: bool,
        line: usize,
    ) -> Option<usize> {
        // An optional struct name before the `(`.
        let mut open = start;
        if token == Token::Word {
            let next = self.next();
            if next.0 != Token::Open(b'(') {
                // A bare word where a record should be: ron says what.
                self.out.records.push(ScannedRecord {
                    section,
                    span: start..word_end,
                    unclosed: false,
                });
                self.peeked = Some(next);
                return Some(word_end);
            }
            open = next.1;
        }
        let indent = open - line;
        let opened_first = first;
        let mut depth = 1usize;
        let mut last_end = open + 1;
        loop {
            let (token, s, e, f, l) = self.next();
            match token {
                Token::Open(_) => {
                    // A line that starts a record at this record's own
                    // indentation: this record was left open.
                    if depth >= 1
                        && f
                        && opened_first
                        && s - l == indent
                        && token == Token::Open(b'(')
                    {
                        return Some(self.close_unclosed(
                            section,
                            start,
                            open,
                            last_end,
                            (token, s, e, f, l),
                        ));
                    }
                    depth += 1;
                }
                Token::Close(b) => {
                    if b == b']' && depth >= 1 && f && s - l < indent {
                        // The list ends while the record is open.
                        return Some(self.close_unclosed(
                            section,
                            start,
                            open,
                            last_end,
                            (token, s, e, f, l),
                        ));
                    }
                    depth -= 1;
                    if depth == 0 {
                        self.out.records.push(ScannedRecord {
                            section,
                            span: start..e,
                            unclosed: false,
                        });
                        return Some(e);
                    }
                }
                Token::Eof | Token::Unterminated => {
                    if token == Token::Unterminated {
                        self.unterminated(s);
                    }
                    self.close_unclosed(section, start, open, last_end, (Token::Eof, s, e, f, l));
                    return None;
                }
                _ => {}
            }
            last_end = e;
        }
    }

    /// Reports a record whose `)` is missing and ends it at `last_end`;
    /// `next` is the token that showed it, read again next.
    fn close_unclosed(
        &mut self,
        section: Option<Section>,
        start: usize,
        open: usize,
        last_end: usize,
        next: (Token, usize, usize, bool, usize),
    ) -> usize {
        self.error(
            Diagnostic::error("unclosed-record", "this record is not closed")
                .at(self.file, last_end..last_end, "expected `)` here")
                .also(self.file, open..open + 1, "the record starts here")
                .help("add `)` at the end of the record"),
        );
        self.out.records.push(ScannedRecord {
            section,
            span: start..last_end,
            unclosed: true,
        });
        if next.0 != Token::Eof {
            self.peeked = Some(next);
        }
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
        assert!(scanned.records[0].unclosed);
        assert!(!scanned.records[1].unclosed);
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
