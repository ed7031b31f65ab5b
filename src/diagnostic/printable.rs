//! What of data text may reach a terminal as it is: not a control
//! character (but the tab), nor a noncharacter, nor a bidirectional
//! embedding, override or isolate (which would reorder the rest of the
//! line on screen: "Trojan Source", CVE-2021-42574). Every renderer for people
//! and for tools that print to a terminal (text, short, GitHub) replaces
//! the rest, so that an id written `"\u{1b}[2J"` in a data file cannot clear
//! the screen of whoever runs `check`.

use std::borrow::Cow;

/// Whether `c` may be printed as it is.
pub(super) fn is_printable(c: char) -> bool {
    let code = c as u32;
    !(c.is_control() && c != '\t'
        || (0xfdd0..=0xfdef).contains(&code)
        || code & 0xfffe == 0xfffe
        || (0x202a..=0x202e).contains(&code)
        || (0x2066..=0x2069).contains(&code))
}

/// `text` with every character that may not be printed as it is replaced
/// by `?`, except those `keep` lets through (line breaks, for a format
/// that escapes them itself).
pub(super) fn printable(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if text.chars().all(|c| is_printable(c) || keep(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_printable(c) || keep(c) { c } else { '?' })
            .collect(),
    )
}

/// [`printable`] on one line: line breaks are replaced too, so that a
/// message stays on its line.
pub fn one_line(text: &str) -> Cow<'_, str> {
    printable(text, |_| false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_line_breaks_are_replaced_tabs_kept() {
        assert_eq!(one_line("a\u{1b}[31mb\nc\r\td\u{7f}"), "a?[31mb?c?\td?");
        assert_eq!(one_line("\u{fdd0}\u{fffe}\u{1fffe}é中"), "???é中");
        assert_eq!(one_line("a\u{202e}b\u{2066}c\u{2069}"), "a?b?c?");
        assert!(matches!(one_line("plain \"text\""), Cow::Borrowed(_)));
        assert_eq!(printable("a\nb\u{1b}", |c| c == '\n'), "a\nb?");
    }
}
