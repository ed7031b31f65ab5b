//! One line per diagnostic, the form editors' problem matchers and `grep`
//! read: `path:line:col: severity[code]: message (help)`, the path as the
//! text output names the file and the column in characters, both 1-based.
//! A diagnostic that points into no file (no data folder) starts
//! `reggraph:` instead. Line breaks and control characters in the message
//! (data text: an id, a name) are replaced, so that one diagnostic is
//! always one line and nothing reaches the terminal raw.

use std::fmt::Write as _;
use std::io::Write;

use super::printable::one_line;
use super::{Diagnostic, SourceFiles};

/// Writes each diagnostic on one line.
pub fn render_short(
    diagnostics: &[Diagnostic],
    files: &SourceFiles,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut line = String::new();
    for diagnostic in diagnostics {
        line.clear();
        match &diagnostic.primary {
            Some(label) => {
                let (row, column) = files.line_column(label.file, label.span.start);
                let name = one_line(files.name(label.file));
                let _ = write!(line, "{name}:{row}:{column}: ");
            }
            None => line.push_str("reggraph: "),
        }
        let _ = write!(
            line,
            "{}[{}]: {}",
            diagnostic.severity.name(),
            diagnostic.code,
            one_line(&diagnostic.message)
        );
        if let Some(help) = &diagnostic.help {
            let _ = write!(line, " ({})", one_line(help));
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(diagnostics: &[Diagnostic], files: &SourceFiles) -> String {
        let mut out = Vec::new();
        render_short(diagnostics, files, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_line_each_located_by_characters() {
        let mut files = SourceFiles::default();
        let text = "(a: 1)\n(é: \"x\", bad: 2)\n".to_string();
        let at = text.find("bad").unwrap();
        let file = files.add("data/f.ron".into(), text);
        let located = Diagnostic::error("unknown-field", "unknown field `bad`")
            .at(file, at..at + 3, "unknown")
            .help("did you mean `bat`?")
            .note("allowed: a, b");
        let nowhere = Diagnostic::warning("no-data-files", "no files");
        assert_eq!(
            short(&[located, nowhere], &files),
            "data/f.ron:2:10: error[unknown-field]: unknown field `bad` (did you mean `bat`?)\n\
             reggraph: warning[no-data-files]: no files\n"
        );
    }

    #[test]
    fn data_text_cannot_break_the_line_or_reach_the_terminal() {
        let mut files = SourceFiles::default();
        let file = files.add("a\nb\u{1b}.ron".into(), "x".into());
        let d = Diagnostic::error("unknown-node", "unknown node id \"x\u{1b}[2J\ny\r\"")
            .at(file, 0..1, "here")
            .help("did you mean \"z\n\"?");
        let out = short(&[d], &files);
        assert_eq!(
            out,
            "a\\nb\\u{1b}.ron:1:1: error[unknown-node]: unknown node id \"x\\u{1b}[2J\\ny\\r\" (did you mean \"z\\n\"?)\n"
        );
    }
}
