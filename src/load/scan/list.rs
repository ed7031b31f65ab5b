//! The records of one list: each record found and handed to the body
//! loop, the commas between records, and mistakes between them (a missing
//! or doubled comma, a stray character, fields outside a record, a record
//! or list left open), each reported once before scanning resumes.

use std::ops::Range;

use super::body::Body;
use super::lexer::Token;
use super::{Diagnostic, Scan, ScannedRecord, Section};

/// What ended a list.
pub(super) enum ListEnd {
    Closed,
    Eof,
    /// The name of the next list, read where this one's `]` was missing
    /// (its `:` is read next).
    NextList(Range<usize>),
}

impl Scan<'_> {
    /// The records of a list whose `[` is at `open`.
    pub(super) fn list(&mut self, section: Option<Section>, open: usize) -> ListEnd {
        // What came last: a record (a comma is then needed) or a comma.
        let mut after_record: Option<usize> = None;
        let mut after_comma: Option<usize> = None;
        loop {
            let (token, start, end, first, line) = self.next();
            match token {
                // A `]` with a record right after it (no comma, no list
                // name) is a stray bracket typed inside the list, not its
                // end: one error, and the list goes on.
                Token::Close(b']') if self.peek().0 == Token::Open(b'(') => {
                    self.error(
                        Diagnostic::error("syntax", "a `]` between two records of a list")
                            .at(self.file, start..end, "this `]` ends the list too early")
                            .also(self.file, open..open + 1, "the list starts here")
                            .help("remove this `]`: the list goes on with the record after it"),
                    );
                }
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
                    match self.record(section, (token, start, end), line) {
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
        // The record's indentation: the indentation of its line, where its
        // `)` is looked for (its `(`'s column when it opens the line; a
        // comment or an earlier record before it on the line does not
        // count).
        let indent = self.lexer.bytes[line..open]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
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
}
