//! One tight loop over the bytes of a record's body that tracks its
//! brackets and strings, to find where the record ends (or that it was
//! left open) without tokens, since records are most of a file.

use super::Diagnostic;
use super::lexer::{Lexer, Token, memchr, memchr3};

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
