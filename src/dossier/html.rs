//! A [`Dossier`] as one self-contained HTML page: inline styles (with a
//! print stylesheet for A4), the diagram as inline SVG, no script, and a
//! content security policy that would block one. Every text from the data
//! is escaped; links are written only for http and https URLs.

use std::fmt::Write as _;

use super::{Dossier, Relation};

/// The diagram as drawn, and who drew it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub svg: String,
    /// `Graphviz (dot layout)`, `the embedded engine (layout-rs)`.
    pub engine: String,
}

/// `text` for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A URL for an `href`: characters not allowed raw in a URL are
/// percent-encoded, then the whole is escaped as an attribute.
fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            c if c.is_control() => {}
            ' ' | '"' | '\'' | '<' | '>' | '\\' | '`' | '{' | '}' | '|' | '^' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c => out.push(c),
        }
    }
    escape(&out)
}

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0; color: #1a1a1a; background: #fff;
  font: 10.5pt/1.45 "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif; }
main { max-width: 180mm; margin: 0 auto; padding: 10mm 8mm; }
h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 1mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 1px solid #c8c8c8; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm; break-after: avoid; }
p, li, dd, dt, td, th, figcaption { overflow-wrap: anywhere; word-break: break-word; }
.meta { color: #555; margin: 0 0 1mm; }
.provenance { color: #555; font-size: 9pt; margin: 0; }
dl { display: grid; grid-template-columns: 28mm minmax(0, 1fr); gap: 1mm 3mm; margin: 0; }
dt { color: #555; }
dd { margin: 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 9pt; }
th, td { text-align: left; vertical-align: top; padding: 1mm 1.5mm; border-bottom: 1px solid #e3e3e3; }
thead th { background: #f2f2f2; font-weight: 600; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; }
.sub { display: block; color: #555; font-size: 8.5pt; }
.planned { color: #8a6d00; }
figure { margin: 0; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; max-height: 230mm; }
figcaption { color: #555; font-size: 9pt; margin-top: 1mm; }
ol { padding-left: 6mm; margin: 0; }
ol li { margin: 0 0 1.2mm; }
blockquote { margin: 0; font-style: italic; }
a { color: #1f5fa0; }
sup { line-height: 0; }
footer { margin-top: 8mm; color: #777; font-size: 8.5pt; }
@page { size: A4; margin: 14mm 14mm 16mm; }
@media print {
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { margin-top: 5mm; }
}
"#;

fn sources_cell(dossier: &Dossier, ids: &[String]) -> String {
    let numbers = dossier.source_numbers();
    let refs: Vec<String> = ids
        .iter()
        .map(|id| match numbers.get(id.as_str()) {
            Some(n) => format!(r##"<a href="#source-{n}" title="{}">{n}</a>"##, escape(id)),
            None => escape(id),
        })
        .collect();
    refs.join(", ")
}

fn note_ref(number: Option<usize>) -> String {
    number.map_or_else(String::new, |n| {
        format!(r##"<sup><a href="#note-{n}" id="ref-{n}">{n}</a></sup>"##)
    })
}

fn relations(out: &mut String, dossier: &Dossier, title: &str, relations: &[Relation]) {
    let _ = writeln!(out, "<h3>{title} ({})</h3>", relations.len());
    if relations.is_empty() {
        out.push_str("<p class=\"meta\">None.</p>\n");
        return;
    }
    out.push_str(
        "<table>\n<colgroup><col style=\"width:17%\"><col style=\"width:35%\"><col style=\"width:15%\">\
         <col style=\"width:19%\"><col style=\"width:14%\"></colgroup>\n\
         <thead><tr><th>Relation</th><th>With</th><th>When</th><th>Amount</th><th>Sources</th></tr></thead>\n<tbody>\n",
    );
    for r in relations {
        let _ = write!(
            out,
            "<tr><td>{}{}</td><td>{}<span class=\"sub\">{}</span>",
            escape(&r.kind),
            note_ref(r.quote),
            escape(&r.other_name),
            escape(&r.other_id)
        );
        if let Some(note) = &r.note {
            let _ = write!(out, "<span class=\"sub\">note: {}</span>", escape(note));
        }
        let _ = writeln!(
            out,
            "</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(r.when.as_deref().unwrap_or("")),
            escape(r.amount.as_deref().unwrap_or("")),
            sources_cell(dossier, &r.sources)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Only the `<svg>` element of a drawn picture (its XML prolog and doctype
/// left out); none if its markup holds anything active.
fn inline_svg(svg: &str) -> Option<&str> {
    let start = svg.find("<svg")?;
    let svg = svg[start..].trim_end();
    (!active(svg)).then_some(svg)
}

/// Whether markup has an element that runs or embeds something (`script`,
/// `foreignObject`, `iframe`, ...), an event handler attribute (`on...`),
/// or a link that is neither internal nor http(s). Text between tags is
/// not looked at: the engines escape it.
fn active(markup: &str) -> bool {
    let mut rest = markup;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            match comment.find("-->") {
                Some(end) => rest = &comment[end + 3..],
                None => return true,
            }
            continue;
        }
        let Some(end) = tag_end(rest) else {
            return true;
        };
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script" | "foreignobject" | "iframe" | "object" | "embed" | "image" | "use" | "style"
        ) || name.starts_with('!')
            || name.starts_with('?')
        {
            return true;
        }
        for (attribute, value) in attributes(&tag[name_end..]) {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                return true;
            }
            if attribute.ends_with("href")
                && !(value.starts_with('#') || super::is_safe_link(value))
            {
                return true;
            }
        }
    }
    false
}

/// Where a tag that starts at `text` ends (its `>`, outside quotes).
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The attributes of a tag's inside: (name, value as written).
fn attributes(inside: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut rest = inside;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq]
            .trim()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(end) => (&after[1..1 + end], &after[end + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        found.push((name, value));
        rest = next;
    }
    found
}

/// The dossier as HTML. `picture` is its diagram drawn as SVG.
pub fn write(dossier: &Dossier, picture: Option<&Picture>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let name = escape(&dossier.name);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"reggraph dossier\">\n\
         <title>{name}: dossier</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    );
    let _ = writeln!(
        out,
        "<header>\n<h1>{name}</h1>\n<p class=\"meta\">{} · {}</p>\n\
         <p class=\"provenance\">Dossier {}; built from {}.</p>\n</header>",
        escape(&dossier.kind),
        escape(&dossier.id),
        escape(&dossier.as_of),
        escape(&dossier.revision.describe())
    );

    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<dl>\n");
    let mut field = |name: &str, value: String| {
        let _ = writeln!(out, "<dt>{name}</dt><dd>{value}</dd>");
    };
    field("kind", escape(&dossier.kind));
    if !dossier.aliases.is_empty() {
        field("also known as", escape(&dossier.aliases.join(", ")));
    }
    if let Some(description) = &dossier.description {
        field("description", escape(description));
    }
    if let Some(when) = &dossier.when {
        field("when", escape(when));
    }
    if let Some(jurisdiction) = &dossier.jurisdiction {
        field("jurisdiction", escape(jurisdiction));
    }
    if let Some(status) = &dossier.status {
        field("status", escape(status));
    }
    if !dossier.tags.is_empty() {
        field("tags", escape(&dossier.tags.join(", ")));
    }
    if let Some(absent) = &dossier.absent {
        field("on that day", escape(absent));
    }
    if let Some(n) = dossier.quote {
        field("quote", format!("see note{}", note_ref(Some(n))));
    }
    out.push_str("</dl>\n</section>\n");

    if !dossier.milestones.is_empty() {
        out.push_str(
            "<section id=\"milestones\">\n<h2>Milestones</h2>\n<table>\n\
             <colgroup><col style=\"width:18%\"><col style=\"width:26%\"><col style=\"width:40%\"><col style=\"width:16%\"></colgroup>\n\
             <thead><tr><th>Date</th><th>Stage</th><th>Note</th><th>Sources</th></tr></thead>\n<tbody>\n",
        );
        for m in &dossier.milestones {
            let planned = if m.planned {
                " <span class=\"planned\">(planned)</span>"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}{planned}</td><td>{}</td><td>{}</td></tr>",
                escape(&m.date),
                escape(&m.stage),
                escape(m.note.as_deref().unwrap_or("")),
                sources_cell(dossier, &m.sources)
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }

    out.push_str("<section id=\"relations\">\n<h2>Relations</h2>\n");
    relations(&mut out, dossier, "Out", &dossier.outgoing);
    relations(&mut out, dossier, "In", &dossier.incoming);
    out.push_str("</section>\n");

    out.push_str("<section id=\"money\">\n<h2>Money</h2>\n");
    if dossier.money.is_empty() {
        out.push_str("<p class=\"meta\">No money received or paid.</p>\n");
    } else {
        out.push_str(
            "<table>\n<colgroup><col style=\"width:14%\"><col style=\"width:26%\"><col style=\"width:26%\">\
             <col style=\"width:20%\"><col style=\"width:14%\"></colgroup>\n\
             <thead><tr><th>When</th><th>From</th><th>To</th><th>Amount</th><th>Sources</th></tr></thead>\n<tbody>\n",
        );
        for m in &dossier.money {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}<span class=\"sub\">{}</span></td><td>{}</td></tr>",
                escape(m.when.as_deref().unwrap_or("undated")),
                escape(&m.funder),
                escape(&m.recipient),
                escape(m.amount.as_deref().unwrap_or("amount not given")),
                escape(&m.kind),
                sources_cell(dossier, &m.sources)
            );
        }
        out.push_str("</tbody>\n</table>\n");
        if !dossier.totals.is_empty() {
            out.push_str(
                "<h3>Totals (per currency and status, never summed across them)</h3>\n<table>\n\
                 <thead><tr><th>Direction</th><th class=\"num\">Total</th><th>Status</th><th class=\"num\">Amounts</th></tr></thead>\n<tbody>\n",
            );
            for t in &dossier.totals {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                    if t.received { "received" } else { "paid" },
                    escape(&t.total),
                    escape(&t.status),
                    t.count
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
    }
    out.push_str("</section>\n");

    out.push_str("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
    if dossier.timeline.is_empty() {
        out.push_str("<p class=\"meta\">No dated fact.</p>\n");
    } else {
        out.push_str(
            "<table>\n<colgroup><col style=\"width:18%\"><col style=\"width:66%\"><col style=\"width:16%\"></colgroup>\n\
             <thead><tr><th>Date</th><th>Fact</th><th>Sources</th></tr></thead>\n<tbody>\n",
        );
        for t in &dossier.timeline {
            let period = t
                .period
                .as_ref()
                .map(|p| format!("<span class=\"sub\">{}</span>", escape(p)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr><td>{}<span class=\"sub\">{}</span>{period}</td><td>{}</td><td>{}</td></tr>",
                escape(&t.date),
                escape(&t.precision),
                escape(&t.text),
                sources_cell(dossier, &t.sources)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");

    out.push_str("<section id=\"diagram\">\n<h2>Neighbourhood</h2>\n<figure>\n");
    match picture.and_then(|p| inline_svg(&p.svg).map(|svg| (p, svg))) {
        Some((picture, svg)) => {
            out.push_str(svg);
            let _ = writeln!(
                out,
                "\n<figcaption>{}; drawn by {}.</figcaption>",
                escape(&dossier.diagram.title),
                escape(&picture.engine)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "<figcaption>{}: not drawn.</figcaption>",
                escape(&dossier.diagram.title)
            );
        }
    }
    out.push_str("</figure>\n</section>\n");

    if !dossier.footnotes.is_empty() {
        out.push_str("<section id=\"notes\">\n<h2>Quotes</h2>\n<ol>\n");
        for f in &dossier.footnotes {
            let _ = writeln!(
                out,
                "<li id=\"note-{}\"><blockquote>« {} »</blockquote>{} (sources: {}) <a href=\"#ref-{}\" title=\"back\">↩</a></li>",
                f.number,
                escape(&f.quote),
                escape(&f.about),
                sources_cell(dossier, &f.sources),
                f.number
            );
        }
        out.push_str("</ol>\n</section>\n");
    }

    out.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n<ol>\n");
    for (i, s) in dossier.sources.iter().enumerate() {
        let title = escape(&s.title);
        let _ = write!(out, "<li id=\"source-{}\">", i + 1);
        match (&s.url, s.linkable) {
            (Some(url), true) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\" rel=\"noopener noreferrer\">{title}</a>",
                    href(url)
                );
            }
            _ => out.push_str(&title),
        }
        let mut parts = Vec::new();
        parts.extend(s.publisher.as_deref().map(escape));
        parts.extend(s.published.as_deref().map(escape));
        parts.extend(s.source_type.as_deref().map(escape));
        parts.extend(s.language.as_deref().map(|l| format!("({})", escape(l))));
        if !parts.is_empty() {
            let _ = write!(out, ", {}", parts.join(", "));
        }
        let _ = write!(out, "<span class=\"sub\">{}", escape(&s.id));
        match (&s.url, s.linkable) {
            (Some(url), true) => {
                let _ = write!(out, " · {}", escape(url));
            }
            (Some(url), false) => {
                let _ = write!(out, " · not a web link, not linked: {}", escape(url));
            }
            (None, _) => {}
        }
        if let Some(note) = &s.note {
            let _ = write!(out, " · {}", escape(note));
        }
        out.push_str("</span></li>\n");
    }
    out.push_str("</ol>\n</section>\n");
    let _ = writeln!(
        out,
        "<footer>Written by reggraph dossier, {}, from {}.</footer>\n</main>\n</body>\n</html>",
        escape(&dossier.as_of),
        escape(&dossier.revision.describe())
    );
    out
}

#[cfg(test)]
mod tests {
    use super::active;

    #[test]
    fn active_markup_is_found_and_escaped_text_is_not() {
        assert!(!active(
            r#"<svg><a xlink:href="https://x.org" xlink:title="a &lt;svg onload=x&gt;"><text>javascript: onload=1</text></a></svg>"#
        ));
        assert!(!active(
            r##"<svg><!-- a&#45;b --><a href="#note-1">1</a></svg>"##
        ));
        for bad in [
            "<svg><script>x</script></svg>",
            "<svg onload=\"x\"></svg>",
            "<svg><a xlink:href=\"javascript:x\">a</a></svg>",
            "<svg><a href='data:text/html,x'>a</a></svg>",
            "<svg><foreignObject></foreignObject></svg>",
            "<svg><g",
        ] {
            assert!(active(bad), "{bad}");
        }
    }
}
