//! What of data text may reach an SVG (and any XML or HTML we write). XML
//! 1.0 forbids control characters other than tab, line feed and carriage
//! return, and U+FFFE and U+FFFF: one of them makes the whole document
//! unreadable (browsers show an error instead of the picture). It also
//! discourages DEL, the C1 controls and the other noncharacters, which
//! show as nothing or as garbage. Every text a picture shows goes through
//! [`picture_text`], whichever engine draws it.

use std::borrow::Cow;

/// What stands for a character a picture may not show.
pub const REPLACEMENT: char = '\u{fffd}';

/// Whether a picture may show `c` as it is: not a control character but
/// the line feed, nor a noncharacter.
fn shown_as_is(c: char) -> bool {
    let code = c as u32;
    !(c.is_control() && c != '\n' || (0xfdd0..=0xfdef).contains(&code) || code & 0xfffe == 0xfffe)
}

/// `text` as a picture shows it: tabs and carriage returns as spaces, line
/// feeds kept (a line break in a label), every other control character
/// and every noncharacter as U+FFFD, so that the document stays
/// well-formed and the reader sees that something was there.
///
/// ```
/// use reggraph::export::xml::picture_text;
/// assert_eq!(picture_text("a\tb\r\nc\u{1b}[2J\u{fffe}"), "a b \nc\u{fffd}[2J\u{fffd}");
/// ```
pub fn picture_text(text: &str) -> Cow<'_, str> {
    if text.chars().all(shown_as_is) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' | '\r' => ' ',
                c if shown_as_is(c) => c,
                _ => REPLACEMENT,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_and_discouraged_characters_are_replaced() {
        assert_eq!(
            picture_text("\u{0}\u{7}\u{1b}\u{7f}\u{85}\u{9f}\u{fdd0}\u{fffe}\u{ffff}\u{10ffff}"),
            "\u{fffd}".repeat(10)
        );
        assert!(matches!(
            picture_text("plain é 中 🚀 \u{202e}rtl\n<&>"),
            Cow::Borrowed(_)
        ));
    }
}
