//! Which URLs a picture or a page we write may link to. A source's URL is
//! data anyone can write; a link in an SVG or an HTML page is followed by
//! whoever reads the report. Only `http:` and `https:` are linked: a
//! `javascript:`, `data:` or `vbscript:` link would run a script, a `file:`
//! link would open the reader's own files. The scheme is looked at as a
//! browser reads it: browsers drop tabs and line breaks anywhere in a URL
//! and controls and spaces around it (`java\tscript:` runs as
//! `javascript:`), and compare schemes case-insensitively, so this does
//! too before deciding, and then links the cleaned URL, the one a browser
//! would follow.

/// The URL to link to for `url`, or `None` for a URL that must not be a
/// link (it may be shown as text). `url` with every control character and
/// whitespace removed, if it then starts with `http:` or `https:` in any
/// case.
///
/// ```
/// use reggraph::export::link::http_link;
/// assert_eq!(http_link(" HTTPS://example.org/a\n"), Some("HTTPS://example.org/a".into()));
/// assert_eq!(http_link("java\tscript:alert(1)"), None);
/// assert_eq!(http_link("file:///etc/passwd"), None);
/// ```
pub fn http_link(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    let scheme = cleaned.as_bytes();
    let is =
        |name: &[u8]| scheme.len() >= name.len() && scheme[..name.len()].eq_ignore_ascii_case(name);
    (is(b"http:") || is(b"https:")).then_some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_are_linked_as_a_browser_reads_them() {
        for refused in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            " \u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "//example.org/relative",
            "example.org",
            "htt",
            "",
            "é",
            "\u{200b}https://example.org",
        ] {
            assert_eq!(http_link(refused), None, "{refused:?}");
        }
        assert_eq!(
            http_link("https://example.org/a?b=1&c=2"),
            Some("https://example.org/a?b=1&c=2".into())
        );
        assert_eq!(http_link("http://x.fr"), Some("http://x.fr".into()));
        assert_eq!(
            http_link("\tht\ntps://exa mple.org/\u{7f}"),
            Some("https://example.org/".into())
        );
        assert_eq!(http_link("HtTpS:x"), Some("HtTpS:x".into()));
    }
}
