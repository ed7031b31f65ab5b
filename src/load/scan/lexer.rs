//! The scanner's lexer: tokens between records, and one tight loop over
//! the bytes of a record's body that tracks its brackets and strings.

use super::Diagnostic;

/// The first `needle` at or after `from`.
pub(super) fn memchr(needle: u8, haystack: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(needle, haystack.get(from..)?).map(|i| from + i)
}

fn memchr2(a: u8, b: u8, haystack: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2(a, b, haystack.get(from..)?).map(|i| from + i)
}

fn memchr3(a: u8, b: u8, c: u8, haystack: &[u8], from: usize) -> Option<usize> {
    memchr::memchr3(a, b, c, haystack.get(from..)?).map(|i| from + i)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token {
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

pub(super) struct Lexer<'a> {
    pub(super) text: &'a str,
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    /// Where the current line starts.
    pub(super) line_start: usize,
    /// Whether the token just read is the first on its line.
    pub(super) first_on_line: bool,
    /// Where the last block comment began.
    comment_at: usize,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line_start: 0,
            first_on_line: true,
            comment_at: 0,
        }
    }

    /// Skips blanks and comments; true if it stopped at an unterminated
    /// block comment (the lexer is then at the end).
    pub(super) fn skip_trivia(&mut self) -> bool {
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
                    self.comment_at = self.pos;
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
    pub(super) fn next(&mut self) -> (Token, usize, usize) {
        let was_first = self.first_on_line;
        self.first_on_line = false;
        let stopped_in_comment = self.skip_trivia();
        // `skip_trivia` sets the flag again at each newline it passes.
        self.first_on_line |= was_first;
        if stopped_in_comment {
            return (Token::Unterminated, self.comment_at, self.pos);
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
pub(super) enum Body {
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
    pub(super) fn record_body(
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
                    if stack.len() == crate::load::ron_error::NESTING_LIMIT + 1 {
                        diagnostics.push(
                            Diagnostic::error(
                                "too-deep",
                                format!(
                                    "this record is nested more than {} levels deep",
                                    crate::load::ron_error::NESTING_LIMIT
                                ),
                            )
                            .at(file, i..i + 1, "too deep from here")
                            .help("records are a few levels deep at most: look for brackets opened and never closed")
                            .note("this record is left out of the graph until it is fixed"),
                        );
                        broken = true;
                    }
                    i += 1;
                    first = false;
                    last_end = i;
                }
                b')' | b']' | b'}' => {
                    let opener = opener_of(b);
                    let ends_line =
                        || next_is(bytes, i + 1, b",\n\r/") || bytes.get(i + 1) == Some(&b')');
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
                    // Past the commas after it (a doubled one is the list's
                    // to report).
                    let after_comma = i
                        + 1
                        + bytes[i + 1..]
                            .iter()
                            .take_while(|&&c| c == b',' || c == b' ' || c == b'\t')
                            .count();
                    let own = first
                        && b == b')'
                        && own_line
                        && i - line_start == indent
                        && next_is(bytes, after_comma, b"\n\r/(]");
                    let top = stack[stack.len() - 1].0;
                    let top_closer = closer_of(top);
                    // `["a")]`: the `)` is extra when what follows closes
                    // the open bracket.
                    let next = bytes[i + 1..].iter().find(|&&c| c != b' ' && c != b'\t');
                    // A `)` that would end the record but is followed by
                    // more of it (`period): (...)`) is extra.
                    // A record written over several lines (its `(` alone on
                    // its line) ends at the end of a line.
                    let multiline = bytes[open + 1..].iter().find(|&&c| c != b' ' && c != b'\t')
                        == Some(&b'\n');
                    let rest_of_line = || next_is(bytes, after_comma, b"\n\r/");
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
                            let closer = closer_of(inner) as char;
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

/// The bracket that closes `open`.
fn closer_of(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// The bracket that `close` closes.
fn opener_of(close: u8) -> u8 {
    match close {
        b')' => b'(',
        b']' => b'[',
        _ => b'{',
    }
}

/// Whether, after blanks from byte `from`, the text ends or goes on with
/// one of `bytes`.
fn next_is(text: &[u8], from: usize, bytes: &[u8]) -> bool {
    let rest = text.get(from..).unwrap_or_default();
    rest.iter()
        .find(|&&c| c != b' ' && c != b'\t')
        .is_none_or(|c| bytes.contains(c))
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
