//! What of data text may reach an SVG (and any XML or HTML we write). XML
//! 1.0 forbids control characters other than tab, line feed and carriage
//! return, and U+FFFE and U+FFFF: one of them makes the whole document
//! unreadable (browsers show an error instead of the picture). It also
//! discourages DEL, the C1 controls and the other noncharacters, which
//! show as nothing or as garbage. Every text a picture shows goes through
//! [`picture_text`], whichever engine draws it.
//!
//! The data exports (GraphML, GEXF) keep every character XML allows and
//! write each text through [`push_text`] or [`push_attribute_value`],
//! which escape markup and the whitespace an XML reader would otherwise
//! normalise.

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

/// Whether XML 1.0 allows `c` at all (its `Char` production): not a
/// control character but tab, line feed and carriage return, nor U+FFFE
/// or U+FFFF.
pub fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{fffd}' | '\u{10000}'..)
}

/// Appends `text` to `out` as XML character data (element content):
/// `&`, `<` and `>` as entities (so `]]>` cannot end anything), a
/// carriage return as `&#13;` (a reader would turn a raw one into a line
/// feed); a character XML 1.0 cannot hold even as a reference (NUL, ESC,
/// U+FFFE...) as U+FFFD. Every other character reaches the reader as it is.
///
/// ```
/// let mut out = String::new();
/// reggraph::export::xml::push_text(&mut out, "a<b & \"c\"\r\n]]>\u{1b}");
/// assert_eq!(out, "a&lt;b &amp; \"c\"&#13;\n]]&gt;\u{fffd}");
/// ```
pub fn push_text(out: &mut String, text: &str) {
    push_escaped(out, text, false);
}

/// Appends `text` to `out` as the value of an attribute written between
/// double quotes: as [`push_text`], and `"` as `&quot;`, tab and line
/// feed as `&#9;` and `&#10;` (a reader would turn raw ones into spaces).
///
/// ```
/// let mut out = String::new();
/// reggraph::export::xml::push_attribute_value(&mut out, "say \"hi\"\tit's\n<&>");
/// assert_eq!(out, "say &quot;hi&quot;&#9;it's&#10;&lt;&amp;&gt;");
/// ```
pub fn push_attribute_value(out: &mut String, text: &str) {
    push_escaped(out, text, true);
}

fn push_escaped(out: &mut String, text: &str, attribute: bool) {
    let special = |c: char| match c {
        '&' | '<' | '>' | '\r' => true,
        '"' | '\t' | '\n' => attribute,
        c => !allowed_in_xml(c),
    };
    let mut rest = text;
    while let Some(at) = rest.find(special) {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().expect("found at a character");
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(REPLACEMENT),
        }
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
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

    #[test]
    fn data_text_keeps_what_xml_allows() {
        let text = "]]>\u{7f}\u{85}\u{fdd0}\u{202e}\u{0}\u{fffe}\u{ffff}\u{10ffff}'\r\t";
        let mut out = String::new();
        push_text(&mut out, text);
        assert_eq!(
            out,
            "]]&gt;\u{7f}\u{85}\u{fdd0}\u{202e}\u{fffd}\u{fffd}\u{fffd}\u{10ffff}'&#13;\t"
        );
        out.clear();
        push_attribute_value(&mut out, text);
        assert!(out.ends_with("'&#13;&#9;"), "{out}");
    }
}
