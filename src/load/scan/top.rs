//! The top level of a data file: its opening `(` (and anything before
//! it), ron's `#![...]` attributes, each `name: [` list header, the commas
//! between lists, and what comes after the closing `)`.

use std::ops::Range;

use super::lexer::{Token, memchr};
use super::list::ListEnd;
use super::{Diagnostic, Scan, Scanned, Section, previous_token_end, section_name};

impl Scan<'_> {
    pub(super) fn run(mut self) -> Scanned {
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

    /// `name: [records]` and the comma after it.
    fn field(&mut self, name: String, name_span: Range<usize>) {
        // The header is `name: [` on its own line. A garbled one (a stray
        // quote or character in it) is one error, and the list is read
        // under the name its letters spell.
        let bytes = self.lexer.bytes;
        let line_end = memchr(b'\n', bytes, name_span.start).unwrap_or(bytes.len());
        let header = &self.lexer.text[name_span.start..line_end];
        // Comments may sit anywhere between the name, the `:` and the `[`.
        let after_name = past_comments(&header[name.len()..]);
        let well_formed = after_name.starts_with(':')
            && (past_comments(&after_name[1..]).starts_with('[')
                || past_comments(&after_name[1..]).is_empty());
        // A name with nothing but comments after it on its line has its
        // `:` on a later line, which the tokens below read.
        if !well_formed && !after_name.is_empty() && self.peeked.is_none() && header.contains(':') {
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
}

/// `text` (the rest of a line) past its leading blanks and comments; a
/// block comment still open at the end of the line goes on past it, so
/// nothing of the line is left.
fn past_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if text.starts_with("//") {
            return "";
        }
        if !text.starts_with("/*") {
            return text;
        }
        let mut depth = 0usize;
        let mut end = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i + 1 < bytes.len() {
            match (bytes[i], bytes[i + 1]) {
                (b'/', b'*') => {
                    depth += 1;
                    i += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => i += 1,
            }
        }
        match end {
            Some(end) => text = &text[end..],
            None => return "",
        }
    }
}
