//! A lossless syntax tree of a data file (a rowan tree, as rust-analyzer and
//! taplo build theirs): every byte of the text, comments and blanks
//! included, is a token of the tree, so the tree prints back to the text it
//! was read from. `fmt` lays the file out again from it.
//!
//! The grammar is the part of RON our data files use: a value is a string,
//! a raw string, a number, a word (`Company`, `true`), a word followed by a
//! parenthesised value (`Some("x")`), a list `[a, b]`, a structure
//! `(key: value, ...)` or a tuple `(a, b)`. Anything else (a map, an
//! attribute, a character literal) is refused with its place.

use rowan::{GreenNode, GreenNodeBuilder};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u16)]
#[allow(non_camel_case_types)]
pub enum SyntaxKind {
    // Tokens.
    WHITESPACE = 0,
    NEWLINE,
    LINE_COMMENT,
    BLOCK_COMMENT,
    STRING,
    RAW_STRING,
    NUMBER,
    WORD,
    L_PAREN,
    R_PAREN,
    L_BRACK,
    R_BRACK,
    COMMA,
    COLON,
    /// `#![enable(implicit_some)]` at the top of the file, kept as written.
    ATTRIBUTE,
    // Nodes.
    /// The whole file.
    ROOT,
    /// `(key: value, ...)`.
    STRUCT,
    /// `(value, ...)` and `()`.
    TUPLE,
    /// `[value, ...]`.
    LIST,
    /// `key: value` in a structure.
    FIELD,
    /// A word and the parenthesised value after it: `Some("x")`.
    NAMED,
}

use SyntaxKind::*;

/// Every kind, in the order of their values.
const ALL: [SyntaxKind; 21] = [
    WHITESPACE,
    NEWLINE,
    LINE_COMMENT,
    BLOCK_COMMENT,
    STRING,
    RAW_STRING,
    NUMBER,
    WORD,
    L_PAREN,
    R_PAREN,
    L_BRACK,
    R_BRACK,
    COMMA,
    COLON,
    ATTRIBUTE,
    ROOT,
    STRUCT,
    TUPLE,
    LIST,
    FIELD,
    NAMED,
];

impl SyntaxKind {
    pub fn is_trivia(self) -> bool {
        matches!(self, WHITESPACE | NEWLINE | LINE_COMMENT | BLOCK_COMMENT)
    }

    pub fn is_comment(self) -> bool {
        matches!(self, LINE_COMMENT | BLOCK_COMMENT)
    }
}

impl From<SyntaxKind> for rowan::SyntaxKind {
    fn from(kind: SyntaxKind) -> Self {
        Self(kind as u16)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ron {}

impl rowan::Language for Ron {
    type Kind = SyntaxKind;
    fn kind_from_raw(raw: rowan::SyntaxKind) -> SyntaxKind {
        ALL[usize::from(raw.0)]
    }
    fn kind_to_raw(kind: SyntaxKind) -> rowan::SyntaxKind {
        kind.into()
    }
}

pub type SyntaxNode = rowan::SyntaxNode<Ron>;
pub type SyntaxToken = rowan::SyntaxToken<Ron>;
pub type SyntaxElement = rowan::NodeOrToken<SyntaxNode, SyntaxToken>;

/// Why a text could not be read into a tree: what was found at which byte,
/// and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
}

/// Nesting deeper than this is refused (the loader refuses it too).
const MAX_DEPTH: usize = 64;

/// The text as a lossless tree.
pub fn parse(text: &str) -> Result<SyntaxNode, SyntaxError> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        builder: GreenNodeBuilder::new(),
        depth: 0,
        text_len: text.len(),
    };
    parser.builder.start_node(ROOT.into());
    parser.trivia();
    while parser.peek() == Some(ATTRIBUTE) {
        parser.bump();
        parser.trivia();
    }
    if parser.peek() == Some(WORD) && parser.peek_after_trivia(1) == Some(L_PAREN) {
        // A named top level: `DataFile(...)`.
        parser.bump();
        parser.trivia();
    }
    match parser.peek() {
        Some(L_PAREN) => parser.parenthesised()?,
        // Nothing but blanks and comments (the loader warns about it).
        None => {}
        _ => return Err(parser.error("`(` opening the file's structure")),
    }
    parser.trivia();
    if parser.peek().is_some() {
        return Err(parser.error("the end of the file after its closing `)`"));
    }
    parser.builder.finish_node();
    let green: GreenNode = parser.builder.finish();
    Ok(SyntaxNode::new_root(green))
}

struct Token<'a> {
    kind: SyntaxKind,
    text: &'a str,
    at: usize,
}

fn lex(text: &str) -> Result<Vec<Token<'_>>, SyntaxError> {
    let bytes = text.as_bytes();
    // About one token in four bytes in data files: sized once, not grown.
    let mut tokens = Vec::with_capacity(text.len() / 4 + 16);
    let mut pos = 0;
    while pos < bytes.len() {
        let start = pos;
        let b = bytes[pos];
        let kind = match b {
            b'\n' => {
                pos += 1;
                NEWLINE
            }
            b' ' | b'\t' | b'\r' => {
                while pos < bytes.len() && matches!(bytes[pos], b' ' | b'\t' | b'\r') {
                    pos += 1;
                }
                WHITESPACE
            }
            b'/' if bytes.get(pos + 1) == Some(&b'/') => {
                pos = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
                LINE_COMMENT
            }
            b'/' if bytes.get(pos + 1) == Some(&b'*') => {
                // RON block comments nest.
                let mut depth = 0usize;
                loop {
                    match (bytes.get(pos), bytes.get(pos + 1)) {
                        (Some(b'/'), Some(b'*')) => {
                            depth += 1;
                            pos += 2;
                        }
                        (Some(b'*'), Some(b'/')) => {
                            depth -= 1;
                            pos += 2;
                            if depth == 0 {
                                break;
                            }
                        }
                        (Some(_), _) => pos += 1,
                        (None, _) => {
                            return Err(SyntaxError {
                                at: start,
                                message: "this block comment is never closed (`*/`)".into(),
                            });
                        }
                    }
                }
                BLOCK_COMMENT
            }
            b'"' => {
                pos += 1;
                loop {
                    match bytes.get(pos) {
                        Some(b'\\') => pos += 2,
                        Some(b'"') => {
                            pos += 1;
                            break;
                        }
                        Some(_) => pos += 1,
                        None => {
                            return Err(SyntaxError {
                                at: start,
                                message: "this string is never closed (`\"`)".into(),
                            });
                        }
                    }
                }
                STRING
            }
            b'r' if matches!(bytes.get(pos + 1), Some(b'"' | b'#')) => {
                let hashes = bytes[pos + 1..].iter().take_while(|&&c| c == b'#').count();
                if bytes.get(pos + 1 + hashes) != Some(&b'"') {
                    return Err(SyntaxError {
                        at: start,
                        message: "a raw string (`r#\"...\"#`) or a word".into(),
                    });
                }
                let closing: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let body = pos + 2 + hashes;
                match memchr::memmem::find(&bytes[body..], &closing) {
                    Some(i) => pos = body + i + closing.len(),
                    None => {
                        return Err(SyntaxError {
                            at: start,
                            message: "this raw string is never closed".into(),
                        });
                    }
                }
                RAW_STRING
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                pos += 1;
                while pos < bytes.len()
                    && (bytes[pos].is_ascii_alphanumeric() || matches!(bytes[pos], b'_' | b'.'))
                {
                    pos += 1;
                }
                NUMBER
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                while pos < bytes.len()
                    && (bytes[pos].is_ascii_alphanumeric() || bytes[pos] == b'_')
                {
                    pos += 1;
                }
                WORD
            }
            b'#' if bytes.get(pos + 1) == Some(&b'!') && bytes.get(pos + 2) == Some(&b'[') => {
                match memchr::memchr(b']', &bytes[pos..]) {
                    Some(i) => pos += i + 1,
                    None => {
                        return Err(SyntaxError {
                            at: start,
                            message: "this attribute is never closed (`]`)".into(),
                        });
                    }
                }
                ATTRIBUTE
            }
            b'(' | b')' | b'[' | b']' | b',' | b':' => {
                pos += 1;
                match b {
                    b'(' => L_PAREN,
                    b')' => R_PAREN,
                    b'[' => L_BRACK,
                    b']' => R_BRACK,
                    b',' => COMMA,
                    _ => COLON,
                }
            }
            _ if text[pos..].chars().next().is_some_and(char::is_whitespace) => {
                // Other Unicode blanks (U+2028, a no-break space) separate
                // tokens as ron reads them.
                while let Some(c) = text[pos..]
                    .chars()
                    .next()
                    .filter(|c| c.is_whitespace() && *c != '\n')
                {
                    pos += c.len_utf8();
                }
                WHITESPACE
            }
            _ => {
                let c = text[pos..].chars().next().unwrap_or('?');
                let what = match c {
                    '{' => "a map (`{`), which data files do not use".to_string(),
                    '#' => "`#` (an attribute is written `#![enable(...)]`)".to_string(),
                    '\'' => "single quotes: strings take double quotes".to_string(),
                    c if c.is_control() || super::invisible(c) => {
                        format!("an invisible character, U+{:04X}", c as u32)
                    }
                    c => format!("`{c}`"),
                };
                return Err(SyntaxError {
                    at: start,
                    message: format!("unexpected character: {what}"),
                });
            }
        };
        tokens.push(Token {
            kind,
            text: &text[start..pos],
            at: start,
        });
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    pos: usize,
    builder: GreenNodeBuilder<'static>,
    depth: usize,
    text_len: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<SyntaxKind> {
        self.tokens.get(self.pos).map(|t| t.kind)
    }

    /// The kind of the `n`th token from here that is not trivia (0: the
    /// next one).
    fn peek_after_trivia(&self, n: usize) -> Option<SyntaxKind> {
        self.tokens[self.pos..]
            .iter()
            .filter(|t| !t.kind.is_trivia())
            .nth(n)
            .map(|t| t.kind)
    }

    fn bump(&mut self) {
        let token = &self.tokens[self.pos];
        self.builder.token(token.kind.into(), token.text);
        self.pos += 1;
    }

    fn trivia(&mut self) {
        while self.peek().is_some_and(SyntaxKind::is_trivia) {
            self.bump();
        }
    }

    fn error(&self, expected: &str) -> SyntaxError {
        let at = self.tokens.get(self.pos).map_or(self.text_len, |t| t.at);
        let found = match self.tokens.get(self.pos) {
            None => "the end of the file".to_string(),
            Some(t) => format!("`{}`", t.text.chars().take(20).collect::<String>()),
        };
        SyntaxError {
            at,
            message: format!("expected {expected}, found {found}"),
        }
    }

    fn value(&mut self) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(STRING | RAW_STRING | NUMBER) => {
                self.bump();
                Ok(())
            }
            Some(WORD) if self.peek_after_trivia(1) == Some(L_PAREN) => {
                self.builder.start_node(NAMED.into());
                self.bump();
                self.trivia();
                self.parenthesised()?;
                self.builder.finish_node();
                Ok(())
            }
            Some(WORD) => {
                self.bump();
                Ok(())
            }
            Some(L_BRACK) => self.list(),
            Some(L_PAREN) => self.parenthesised(),
            _ => Err(self.error("a value")),
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(&format!("at most {MAX_DEPTH} levels of nesting")));
        }
        Ok(())
    }

    fn list(&mut self) -> Result<(), SyntaxError> {
        self.enter()?;
        self.builder.start_node(LIST.into());
        self.bump();
        self.items(R_BRACK, "]", Self::value)?;
        self.builder.finish_node();
        self.depth -= 1;
        Ok(())
    }

    /// `(key: value, ...)` or `(value, ...)`, told apart by the first
    /// item: a word followed by `:`.
    fn parenthesised(&mut self) -> Result<(), SyntaxError> {
        self.enter()?;
        let is_struct =
            self.peek_after_trivia(1) == Some(WORD) && self.peek_after_trivia(2) == Some(COLON);
        if is_struct {
            self.builder.start_node(STRUCT.into());
            self.bump();
            self.items(R_PAREN, ")", Self::field)?;
        } else {
            self.builder.start_node(TUPLE.into());
            self.bump();
            self.items(R_PAREN, ")", Self::value)?;
        }
        self.builder.finish_node();
        self.depth -= 1;
        Ok(())
    }

    fn field(&mut self) -> Result<(), SyntaxError> {
        if self.peek() != Some(WORD) {
            return Err(self.error("a field name"));
        }
        self.builder.start_node(FIELD.into());
        self.bump();
        self.trivia();
        if self.peek() != Some(COLON) {
            return Err(self.error("`:` after the field name"));
        }
        self.bump();
        self.trivia();
        self.value()?;
        self.builder.finish_node();
        Ok(())
    }

    /// Items separated by commas (a trailing one allowed) up to `close`;
    /// trivia between items belongs to the container.
    fn items(
        &mut self,
        close: SyntaxKind,
        closer: &str,
        mut item: impl FnMut(&mut Self) -> Result<(), SyntaxError>,
    ) -> Result<(), SyntaxError> {
        loop {
            self.trivia();
            if self.peek() == Some(close) {
                self.bump();
                return Ok(());
            }
            item(self)?;
            self.trivia();
            match self.peek() {
                Some(COMMA) => self.bump(),
                Some(k) if k == close => {
                    self.bump();
                    return Ok(());
                }
                _ => return Err(self.error(&format!("`,` or `{closer}`"))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_values() {
        for (i, kind) in ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i);
        }
    }

    #[test]
    fn the_tree_holds_every_byte() {
        let text = "// a\n( /* b */ nodes: [ (id: \"x\", // c\n ), ], tags: [Some(r#\"q\"#), 1_000],\n) // d\n";
        let tree = parse(text).unwrap();
        assert_eq!(tree.to_string(), text);
    }

    #[test]
    fn mistakes_are_placed() {
        assert_eq!(parse("(a: 1 b: 2)").unwrap_err().at, 6);
        assert_eq!(parse("(a: 'x')").unwrap_err().at, 4);
        assert_eq!(parse("(a: \"x)").unwrap_err().at, 4);
        assert!(parse("(a: 1) x").is_err());
        assert!(parse(&format!("(a: {}1{})", "[".repeat(100), "]".repeat(100))).is_err());
    }
}
