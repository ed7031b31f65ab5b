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

/// How a record's body ended.
enum Body {
    /// At its `)`; the end of the record. `broken` if the body had a
    /// mismatched bracket or an unclosed string (already reported).
    Closed { end: usize, broken: bool },
    /// At a line that starts a new record at the record's own indentation,
    /// or closes its list: its `)` is missing. The lexer is left before
    /// that line's first token.
    /// `inner` is where an inner bracket that was never closed opened, if
    /// one was.
    LeftOpen {
        last_end: usize,
        inner: Option<usize>,
    },
    /// At the end of the file (inside an unterminated string or comment
    /// that starts at `unterminated`, if any).
    Eof {
        last_end: usize,
        unterminated: Option<usize>,
    },
}

impl Lexer<'_> {
    /// Skips the body of a record whose `(` is at `open` (the record's
    /// indentation `indent`; `own_line` if the `(` is first on its line):
    /// a tight loop over bytes, since records are most of a file.
    fn record_body(
        &mut self,
        open: usize,
        indent: usize,
        own_line: bool,
        file: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Body {
        let bytes = self.bytes;
        let mut i = open + 1;
        // The open brackets, innermost last (the record's own first).
        let mut stack: Vec<(u8, usize)> = vec![(b'(', open)];
        let mut broken = false;
        // After a string left open, a bracket that seems wrong is most
        // likely in the string's text: one error is enough.
        let mut string_left_open = false;
        // The last bracket closed right after it opened (`[]`), and where.
        let mut closed_at_once: Option<(u8, usize)> = None;
        let mut line_start = self.line_start;
        let mut first = false;
        let mut last_end = i;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b' ' | b'\t' | b'\r' => i += 1,
                b'\n' => {
                    i += 1;
                    line_start = i;
                    first = true;
                }
                b'"' => {
                    let from = i + 1;
                    let mut j = from;
                    loop {
                        match memchr3(b'"', b'\\', b'\n', bytes, j) {
                            Some(k) if bytes[k] == b'\\' => j = k + 2,
                            Some(k) if bytes[k] == b'\n' => {
                                // A string may hold a line break, but one
                                // followed by a line that reads as data
                                // was left open.
                                if looks_like_data(&bytes[k + 1..]) {
                                    diagnostics.push(
                                        Diagnostic::error("unclosed-string", "this string is not closed on its line")
                                            .at(file, i..i + 1, "this string")
                                            .help("add the closing `\"`")
                                            .note("this record is left out of the graph until it is fixed"),
                                    );
                                    broken = true;
                                    string_left_open = true;
                                    i = k;
                                    break;
                                }
                                j = k + 1;
                            }
                            Some(k) => {
                                if let Some(nl) = bytes[from..k].iter().rposition(|&c| c == b'\n') {
                                    line_start = from + nl + 1;
                                }
                                i = k + 1;
                                break;
                            }
                            None => {
                                self.pos = bytes.len();
                                return Body::Eof {
                                    last_end,
                                    unterminated: Some(i),
                                };
                            }
                        }
                    }
                    first = false;
                    last_end = i;
                }
                b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => {
                    self.pos = i;
                    self.line_start = line_start;
                    self.first_on_line = first;
                    if self.skip_trivia() {
                        return Body::Eof {
                            last_end,
                            unterminated: Some(i),
                        };
                    }
                    i = self.pos;
                    line_start = self.line_start;
                    first = self.first_on_line;
                }
                b'(' | b'[' | b'{' => {
                    if first && b == b'(' && own_line && i - line_start == indent {
                        // A new record at this record's indentation: this
                        // one was left open. Read again as the list's next.
                        self.pos = i;
                        self.line_start = line_start;
                        self.first_on_line = true;
                        let inner = (stack.len() > 1).then(|| stack[stack.len() - 1].1);
                        return Body::LeftOpen { last_end, inner };
                    }
                    stack.push((b, i));
                    i += 1;
                    first = false;
                    last_end = i;
                }
                b')' | b']' | b'}' => {
                    let opener = match b {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    let ends_line = || {
                        let rest = &bytes[i + 1..];
                        let at = rest
                            .iter()
                            .position(|&c| c != b' ' && c != b'\t')
                            .unwrap_or(rest.len());
                        matches!(rest.get(at), None | Some(b',' | b'\n' | b'\r' | b'/'))
                            || rest.first() == Some(&b')')
                    };
                    if first && b == b']' && i - line_start < indent && ends_line() {
                        // The list ends while the record is open.
                        self.pos = i;
                        self.line_start = line_start;
                        self.first_on_line = true;
                        let inner = (stack.len() > 1).then(|| stack[stack.len() - 1].1);
                        return Body::LeftOpen { last_end, inner };
                    }
                    // A `)` first on its line at the record's indentation is
                    // the record's own: a bracket still open inside was
                    // never closed.
                    let rest_of_line = || {
                        let after = &bytes[i + 1..];
                        let after = after.strip_prefix(b",").unwrap_or(after);
                        let at = after
                            .iter()
                            .position(|&c| c != b' ' && c != b'\t')
                            .unwrap_or(after.len());
                        matches!(
                            after.get(at),
                            None | Some(b'\n' | b'\r' | b'/' | b'(' | b']')
                        )
                    };
                    let own = first
                        && b == b')'
                        && own_line
                        && i - line_start == indent
                        && rest_of_line();
                    let top = stack[stack.len() - 1].0;
                    let top_closer = match top {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    // `["a")]`: the `)` is extra when what follows closes
                    // the open bracket.
                    let next = bytes[i + 1..].iter().find(|&&c| c != b' ' && c != b'\t');
                    // A `)` that would end the record but is followed by
                    // more of it (`period): (...)`) is extra.
                    // A record written over several lines (its `(` alone on
                    // its line) ends at the end of a line.
                    let multiline = bytes[open + 1..].iter().find(|&&c| c != b' ' && c != b'\t')
                        == Some(&b'\n');
                    let rest_of_line = || {
                        let after = &bytes[i + 1..];
                        let after = after.strip_prefix(b",").unwrap_or(after);
                        let at = after
                            .iter()
                            .position(|&c| c != b' ' && c != b'\t')
                            .unwrap_or(after.len());
                        matches!(after.get(at), None | Some(b'\n' | b'\r' | b'/'))
                    };
                    // ... and not before a line that goes on with it (a field,
                    // or the record's own `)`).
                    let goes_on = || {
                        let Some(newline) = memchr(b'\n', bytes, i) else {
                            return false;
                        };
                        let next_line = &bytes[newline + 1..];
                        let blank = next_line
                            .iter()
                            .take_while(|&&c| c == b' ' || c == b'\t')
                            .count();
                        let rest = &next_line[blank..];
                        looks_like_field(rest) || (rest.first() == Some(&b')') && blank == indent)
                    };
                    let ends_record = stack.len() == 1
                        && if multiline {
                            rest_of_line() && !goes_on()
                        } else {
                            matches!(
                                next,
                                None | Some(b',' | b']' | b')' | b'(' | b'\n' | b'\r' | b'/')
                            )
                        };
                    let found = if own {
                        Some(0)
                    } else if (top != opener && next == Some(&top_closer))
                        || (stack.len() == 1 && !ends_record)
                    {
                        None
                    } else {
                        // Only the record's own line may close it over an
                        // open inner bracket.
                        stack
                            .iter()
                            .rposition(|&(o, _)| o == opener)
                            .filter(|&at| at > 0 || stack.len() == 1)
                    };
                    match found {
                        Some(at) if at == stack.len() - 1 => {
                            let (_, opened) = stack.pop().unwrap_or((b'(', i));
                            if bytes[opened + 1..i].iter().all(|c| c.is_ascii_whitespace()) {
                                closed_at_once = Some((b, i));
                            }
                        }
                        Some(at) => {
                            // Brackets opened inside and not closed.
                            let (inner, inner_at) = stack[stack.len() - 1];
                            let closer = match inner {
                                b'(' => ')',
                                b'[' => ']',
                                _ => '}',
                            };
                            if !string_left_open {
                                diagnostics.push(
                                Diagnostic::error("unclosed-bracket", format!("this `{}` is never closed", inner as char))
                                    .at(file, inner_at..inner_at + 1, "opened here")
                                    .also(file, i..i + 1, format!("`{closer}` expected before this `{}`", b as char))
                                    .help(format!("close it with `{closer}`, or remove it if it was typed by mistake"))
                                    .note("this record is left out of the graph until it is fixed"),
                                );
                            }
                            broken = true;
                            stack.truncate(at);
                        }
                        None => {
                            if !string_left_open {
                                // `[]` then a lone `]`: the first is the
                                // one typed by mistake.
                                let d = match closed_at_once {
                                    Some((closer, at)) if closer == b => Diagnostic::error(
                                        "unclosed-bracket",
                                        format!("this `{}` closes its list at once", b as char),
                                    )
                                    .at(file, at..at + 1, "closed here")
                                    .also(file, i..i + 1, "and again here")
                                    .help("remove the first one"),
                                    _ => Diagnostic::error(
                                        "stray-character",
                                        format!("unexpected `{}`", b as char),
                                    )
                                    .at(file, i..i + 1, "nothing to close here")
                                    .help("remove it"),
                                };
                                diagnostics.push(d.note(
                                    "this record is left out of the graph until it is fixed",
                                ));
                            }
                            broken = true;
                        }
                    }
                    i += 1;
                    first = false;
                    last_end = i;
                    if stack.is_empty() {
                        self.pos = i;
                        self.line_start = line_start;
                        self.first_on_line = false;
                        return Body::Closed { end: i, broken };
                    }
                }
                b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                    && !bytes[i - 1].is_ascii_alphanumeric()
                    && bytes[i - 1] != b'_' =>
                {
                    self.pos = i;
                    self.line_start = line_start;
                    if self.raw_string() == Token::Unterminated {
                        return Body::Eof {
                            last_end,
                            unterminated: Some(i),
                        };
                    }
                    i = self.pos;
                    line_start = self.line_start;
                    first = false;
                    last_end = i;
                }
                b'\'' => {
                    let line_end = memchr(b'\n', bytes, i).unwrap_or(bytes.len());
                    i = match memchr(b'\'', &bytes[..line_end], i + 1) {
                        Some(close) => close + 1,
                        None => i + 1,
                    };
                    first = false;
                    last_end = i;
                }
                _ => {
                    // Whole characters, so every end is a character boundary.
                    i += match b {
                        0xf0.. => 4,
                        0xe0.. => 3,
                        0xc0.. => 2,
                        _ => 1,
                    };
                    first = false;
                    last_end = i.min(bytes.len());
                }
            }
        }
        self.pos = bytes.len();
        Body::Eof {
            last_end,
            unterminated: None,
        }
    }
}

/// Whether a line reads as the data after a string, not as more of it: it
/// starts (after blanks) with a bracket, a comment or `name:`.
fn looks_like_data(line: &[u8]) -> bool {
    let start = line
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(line.len());
    let rest = &line[start..];
    match rest.first() {
        Some(b'(' | b')' | b'[' | b']') => true,
        Some(b'/') => rest.get(1) == Some(&b'/'),
        Some(b) if b.is_ascii_alphabetic() => {
            let word = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .unwrap_or(rest.len());
            let after = &rest[word..];
            let after = &after[after.iter().position(|&b| b != b' ').unwrap_or(after.len())..];
            after.first() == Some(&b':')
        }
        _ => false,
    }
}

/// Whether a line (from its first non-blank) starts with `name:`.
fn looks_like_field(rest: &[u8]) -> bool {
    let word = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .unwrap_or(rest.len());
    if word == 0 || !rest[0].is_ascii_alphabetic() {
        return false;
    }
    let after = &rest[word..];
    let after = &after[after.iter().position(|&b| b != b' ').unwrap_or(after.len())..];
    after.first() == Some(&b':')
}

fn memchr3(a: u8, b: u8, c: u8, haystack: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .iter()
        .position(|&x| x == a || x == b || x == c)
        .map(|i| from + i)
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
        } else {
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
                    self.resync();
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
                        self.resync();
                    }
                    after_record = None;
                    after_comma = None;
                }
            }
        }
    }

    /// Skips to where the next record starts (a `(` first on its line) or
    /// the list ends, so that one mistake between records is one error.
    fn resync(&mut self) {
        let mut depth = 0usize;
        // A `(` right after the mistake, or after a comma, starts a record.
        let mut may_start = true;
        // `id` `:` seen just before, to keep the ids of what is skipped.
        let mut id_colon = 0u8;
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
