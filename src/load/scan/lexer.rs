//! The scanner's lexer: tokens between records (brackets, commas, words,
//! strings and raw strings), with blanks and comments skipped. A record's
//! body is skipped by `body.rs` instead, in one tight loop.

/// The first `needle` at or after `from`.
pub(super) fn memchr(needle: u8, haystack: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(needle, haystack.get(from..)?).map(|i| from + i)
}

fn memchr2(a: u8, b: u8, haystack: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2(a, b, haystack.get(from..)?).map(|i| from + i)
}

pub(super) fn memchr3(a: u8, b: u8, c: u8, haystack: &[u8], from: usize) -> Option<usize> {
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
    pub(super) fn raw_string(&mut self) -> Token {
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
