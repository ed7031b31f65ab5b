//! A [`Dossier`] as Markdown (GitHub-flavoured: pipe tables, footnotes),
//! with the diagram as an SVG file beside it. Every text from the data is
//! escaped so that it is read as text, never as Markdown or HTML; links
//! are written only for http and https URLs.

use std::fmt::Write as _;

use super::{Dossier, Relation};

/// `text` as Markdown text: every character that Markdown or GitHub's
/// extensions could read inside a line (emphasis, strike-through, links
/// and footnotes, code, table cells, HTML, entities, math, mentions,
/// headings) is backslash-escaped, and line breaks become spaces (a table
/// cell or list item is one line, and data never starts a line, so `-`,
/// `+`, `1.` and `=` cannot start a list or a heading).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~'
            | '&' | '$' | '@' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A link destination: `<...>`, with the characters that could end it
/// (and spaces) percent-encoded.
fn destination(url: &str) -> String {
    let mut out = String::from("<");
    for c in url.trim().chars() {
        match c {
            c if c.is_control() => {}
            ' ' | '<' | '>' | '\\' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

fn sources_cell(dossier: &Dossier, ids: &[String]) -> String {
    let numbers = dossier.source_numbers();
    ids.iter()
        .map(|id| match numbers.get(id.as_str()) {
            Some(n) => format!("[{n}](#source-{n})"),
            None => escape(id),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn note_ref(number: Option<usize>) -> String {
    number.map_or_else(String::new, |n| format!("[^{n}]"))
}

fn relations(out: &mut String, dossier: &Dossier, title: &str, relations: &[Relation]) {
    let _ = writeln!(out, "### {title} ({})\n", relations.len());
    if relations.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    out.push_str(
        "| Relation | With | When | Amount | Sources |\n| --- | --- | --- | --- | --- |\n",
    );
    for r in relations {
        let mut with = format!("{} ({})", escape(&r.other_name), escape(&r.other_id));
        if let Some(note) = &r.note {
            let _ = write!(with, "; note: {}", escape(note));
        }
        let _ = writeln!(
            out,
            "| {}{} | {with} | {} | {} | {} |",
            escape(&r.kind),
            note_ref(r.quote),
            escape(r.when.as_deref().unwrap_or("")),
            escape(r.amount.as_deref().unwrap_or("")),
            sources_cell(dossier, &r.sources)
        );
    }
    out.push('\n');
}

/// The dossier as Markdown; `picture` is the file name of its diagram's
/// SVG, beside the Markdown file (none: not drawn).
pub fn write(dossier: &Dossier, picture: Option<&str>) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let _ = writeln!(out, "# {}\n", escape(&dossier.name));
    let _ = writeln!(
        out,
        "{} · {}  \nDossier {}; built from {}.\n",
        escape(&dossier.kind),
        escape(&dossier.id),
        escape(&dossier.as_of),
        escape(&dossier.revision.describe())
    );

    out.push_str("## Summary\n\n");
    let mut field = |name: &str, value: String| {
        let _ = writeln!(out, "- **{name}**: {value}");
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
    out.push('\n');

    if !dossier.milestones.is_empty() {
        out.push_str(
            "## Milestones\n\n| Date | Stage | Note | Sources |\n| --- | --- | --- | --- |\n",
        );
        for m in &dossier.milestones {
            let planned = if m.planned { " (planned)" } else { "" };
            let _ = writeln!(
                out,
                "| {} | {}{planned} | {} | {} |",
                escape(&m.date),
                escape(&m.stage),
                escape(m.note.as_deref().unwrap_or("")),
                sources_cell(dossier, &m.sources)
            );
        }
        out.push('\n');
    }

    out.push_str("## Relations\n\n");
    relations(&mut out, dossier, "Out", &dossier.outgoing);
    relations(&mut out, dossier, "In", &dossier.incoming);

    out.push_str("## Money\n\n");
    if dossier.money.is_empty() {
        out.push_str("No money received or paid.\n\n");
    } else {
        out.push_str("| When | From | To | Amount | Sources |\n| --- | --- | --- | --- | --- |\n");
        for m in &dossier.money {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} ({}) | {} |",
                escape(m.when.as_deref().unwrap_or("undated")),
                escape(&m.funder),
                escape(&m.recipient),
                escape(m.amount.as_deref().unwrap_or("amount not given")),
                escape(&m.kind),
                sources_cell(dossier, &m.sources)
            );
        }
        out.push('\n');
        if !dossier.totals.is_empty() {
            out.push_str(
                "Totals, per currency and status (never summed across them):\n\n\
                 | Direction | Total | Status | Amounts |\n| --- | ---: | --- | ---: |\n",
            );
            for t in &dossier.totals {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    if t.received { "received" } else { "paid" },
                    escape(&t.total),
                    escape(&t.status),
                    t.count
                );
            }
            out.push('\n');
        }
    }

    out.push_str("## Timeline\n\n");
    if dossier.timeline.is_empty() {
        out.push_str("No dated fact.\n\n");
    } else {
        out.push_str("| Date | Fact | Sources |\n| --- | --- | --- |\n");
        for t in &dossier.timeline {
            let period = t
                .period
                .as_ref()
                .map(|p| format!(", {}", escape(p)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} ({}{period}) | {} | {} |",
                escape(&t.date),
                escape(&t.precision),
                escape(&t.text),
                sources_cell(dossier, &t.sources)
            );
        }
        out.push('\n');
    }

    out.push_str("## Neighbourhood\n\n");
    match picture {
        Some(file) => {
            let _ = writeln!(
                out,
                "![{}]({})\n",
                escape(&dossier.diagram.title),
                destination(file)
            );
        }
        None => {
            let _ = writeln!(out, "{}: not drawn.\n", escape(&dossier.diagram.title));
        }
    }

    out.push_str("## Sources\n\n");
    for (i, s) in dossier.sources.iter().enumerate() {
        let n = i + 1;
        let title = escape(&s.title);
        let mut line = match (&s.url, s.linkable) {
            (Some(url), true) => format!("[{title}]({})", destination(url)),
            _ => title,
        };
        let mut parts = Vec::new();
        parts.extend(s.publisher.as_deref().map(escape));
        parts.extend(s.published.as_deref().map(escape));
        parts.extend(s.source_type.as_deref().map(escape));
        parts.extend(s.language.as_deref().map(|l| format!("({})", escape(l))));
        if !parts.is_empty() {
            let _ = write!(line, ", {}", parts.join(", "));
        }
        let _ = write!(line, " · `{}`", s.id.replace('`', "'"));
        if let (Some(url), false) = (&s.url, s.linkable) {
            let _ = write!(line, " · not a web link, not linked: {}", escape(url));
        }
        if let Some(note) = &s.note {
            let _ = write!(line, " · {}", escape(note));
        }
        // An anchor GitHub keeps: a heading-free id is not possible in
        // plain Markdown, so the number is the reference.
        let _ = writeln!(out, "{n}. <a id=\"source-{n}\"></a>{line}");
    }
    out.push('\n');

    if !dossier.footnotes.is_empty() {
        for f in &dossier.footnotes {
            let _ = writeln!(
                out,
                "[^{}]: « {} » {} (sources: {})",
                f.number,
                escape(&f.quote),
                escape(&f.about),
                sources_cell(dossier, &f.sources)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "---\n\nWritten by reggraph dossier, {}, from {}.",
        escape(&dossier.as_of),
        escape(&dossier.revision.describe())
    );
    out
}
