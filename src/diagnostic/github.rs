//! GitHub Actions workflow commands, one per diagnostic, so that a pull
//! request shows each error and warning on the line it is about:
//! `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::MESSAGE`.
//!
//! Escaped as the runner reads them (`escapeData` and `escapeProperty` in
//! actions/toolkit's `packages/core/src/command.ts`): in the message `%`,
//! `\r` and `\n` become `%25`, `%0D` and `%0A`; in a property value `:` and
//! `,` also become `%3A` and `%2C`. Other control characters are replaced
//! (see `printable.rs`). Columns are given only when the place is on one
//! line (the runner refuses them otherwise), the end column inclusive, as
//! a place of one character has `endColumn` equal to `col`.

use std::fmt::Write as _;
use std::io::Write;

use super::printable::printable;
use super::{Diagnostic, SourceFiles};

/// Writes each diagnostic as a workflow command: the message, its notes,
/// then its help, one to a line of the annotation.
pub fn render_github(
    diagnostics: &[Diagnostic],
    files: &SourceFiles,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut line = String::new();
    for diagnostic in diagnostics {
        line.clear();
        let _ = write!(line, "::{}", diagnostic.severity.name());
        let mut properties = Vec::new();
        if let Some(label) = &diagnostic.primary {
            let (row, column) = files.line_column(label.file, label.span.start);
            let (end_row, end_column) = files.line_column(label.file, label.span.end);
            properties.push(("file", files.name(label.file).to_string()));
            properties.push(("line", row.to_string()));
            if row == end_row {
                let last = end_column.saturating_sub(1).max(column);
                properties.push(("col", column.to_string()));
                properties.push(("endLine", end_row.to_string()));
                properties.push(("endColumn", last.to_string()));
            } else {
                properties.push(("endLine", end_row.to_string()));
            }
        }
        properties.push(("title", diagnostic.code.to_string()));
        for (i, (key, value)) in properties.iter().enumerate() {
            let separator = if i == 0 { ' ' } else { ',' };
            let _ = write!(line, "{separator}{key}={}", escape_property(value));
        }
        let mut message = diagnostic.message.clone();
        for note in &diagnostic.notes {
            let _ = write!(message, "\nnote: {note}");
        }
        if let Some(help) = &diagnostic.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ = write!(line, "::{}", escape_data(&message));
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// A line break the runner reads back from its escape.
fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// A message: `%`, `\r` and `\n` escaped.
fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable(text, is_break).chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A property's value: as a message, and `:` and `,` escaped too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github(diagnostics: &[Diagnostic], files: &SourceFiles) -> String {
        let mut out = Vec::new();
        render_github(diagnostics, files, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_as_the_runner_reads() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("\u{1b}[31m\t"), "\\u{1b}[31m\t");
    }

    #[test]
    fn columns_only_on_one_line_the_end_inclusive() {
        let mut files = SourceFiles::default();
        let file = files.add("d/f.ron".into(), "(id: \"abc\")\n(x: 1,\n y: 2)\n".into());
        let one = Diagnostic::error("invalid-id", "bad")
            .at(file, 5..10, "here")
            .note("a note")
            .help("fix it");
        let empty = Diagnostic::error("missing-comma", "comma").at(file, 3..3, "here");
        let two = Diagnostic::warning("syntax", "two lines").at(file, 12..25, "here");
        let nowhere = Diagnostic::error("no-data-files", "no files");
        assert_eq!(
            github(&[one, empty, two, nowhere], &files),
            "::error file=d/f.ron,line=1,col=6,endLine=1,endColumn=10,title=invalid-id::bad%0Anote: a note%0Ahelp: fix it\n\
             ::error file=d/f.ron,line=1,col=4,endLine=1,endColumn=4,title=missing-comma::comma\n\
             ::warning file=d/f.ron,line=2,endLine=3,title=syntax::two lines\n\
             ::error title=no-data-files::no files\n"
        );
    }
}
