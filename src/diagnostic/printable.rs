//! What of data text may reach a terminal as it is: not a control
//! character (but the tab), nor a noncharacter, nor a bidirectional
//! embedding, override or isolate (which would reorder the rest of the
//! line on screen: "Trojan Source", CVE-2021-42574). Every renderer for people
//! and for tools that print to a terminal (text, short, GitHub), and the
//! text format of every command, shows the rest as visible escapes written
//! as Rust and RON write them (`\u{1b}`, `\u{202e}`, `\r`, `\n`), so that a
//! name written `"\u{1b}[2J"` in a data file cannot clear the screen of
//! whoever runs `check` or `show`, and whoever reads it sees what is there.

use std::borrow::Cow;

/// Whether `c` may be printed as it is.
pub fn is_printable(c: char) -> bool {
    let code = c as u32;
    !(c.is_control() && c != '\t'
        || (0xfdd0..=0xfdef).contains(&code)
        || code & 0xfffe == 0xfffe
        || (0x202a..=0x202e).contains(&code)
        || (0x2066..=0x2069).contains(&code))
}

/// Appends the visible escape of `c`: `\n` and `\r` for line breaks,
/// `\u{1b}` (lowercase hexadecimal, as Rust and RON write it) for the rest.
pub fn push_escape(text: &mut String, c: char) {
    match c {
        '\n' => text.push_str("\\n"),
        '\r' => text.push_str("\\r"),
        c => text.extend(c.escape_unicode()),
    }
}

/// `text` with every character that may not be printed as it is written
/// as its visible escape ([`push_escape`]), except those `keep` lets
/// through (line breaks, for a format that escapes them itself).
pub(super) fn printable(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    // Most data text is printable ASCII: a byte test, no decoding.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b))
        || text.chars().all(|c| is_printable(c) || keep(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_printable(c) || keep(c) {
            out.push(c);
        } else {
            push_escape(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// [`printable`] on one line: line breaks are escaped too, so that a
/// message, a name or a table cell stays on its line.
pub fn one_line(text: &str) -> Cow<'_, str> {
    printable(text, |_| false)
}

/// [`printable`] on text of several lines: its line feeds are kept (a
/// carriage return is escaped, since it would let the rest of a line
/// overwrite its start).
pub fn multi_line(text: &str) -> Cow<'_, str> {
    printable(text, |c| c == '\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_line_breaks_are_escaped_tabs_kept() {
        assert_eq!(
            one_line("a\u{1b}[31mb\nc\r\td\u{7f}"),
            r"a\u{1b}[31mb\nc\r	d\u{7f}"
        );
        assert_eq!(
            one_line("\u{fdd0}\u{fffe}\u{1fffe}é中"),
            r"\u{fdd0}\u{fffe}\u{1fffe}é中"
        );
        assert_eq!(
            one_line("a\u{202e}b\u{2066}c\u{2069}"),
            r"a\u{202e}b\u{2066}c\u{2069}"
        );
        assert_eq!(one_line("\u{1b}]0;pwned\u{7}"), r"\u{1b}]0;pwned\u{7}");
        assert!(matches!(one_line("plain \"text\""), Cow::Borrowed(_)));
        assert_eq!(multi_line("a\nb\u{1b}\r\n"), "a\nb\\u{1b}\\r\n");
        assert!(
            one_line("a\u{1b}\u{9b}\u{202e}\u{fffe}")
                .chars()
                .all(is_printable)
        );
    }
}
