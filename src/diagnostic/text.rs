//! Diagnostics for people: rustc-style text through codespan-reporting.
//!
//! Each diagnostic is rendered against its own [`Quotes`]: the few lines
//! it shows, each long one cut to windows (see `window.rs`), standing in
//! for its files, so that one error in a file of a single 50 MB line
//! prints a few hundred bytes, and costs about as much (and one count of
//! the characters before it, for its column).

use std::collections::BTreeMap;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label as ReportLabel};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::{self, Config, termcolor::WriteColor};

use super::files::column_index;
use super::printable::printable;
use super::window::{Focus, Quoted, quote_line};
use super::{Diagnostic, Label, Severity, SourceFiles};

impl Diagnostic {
    /// The diagnostic as codespan takes it, with `spans[i]` for the span of
    /// the `i`-th of [`Diagnostic::labels`] (a span of [`Quotes`]).
    fn to_report(&self, spans: &[Range<usize>]) -> Report<usize> {
        let report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let labels = self
            .labels()
            .zip(spans)
            .enumerate()
            .map(|(i, (label, span))| {
                let made = if i == 0 && self.primary.is_some() {
                    ReportLabel::primary(label.file, span.clone())
                } else {
                    ReportLabel::secondary(label.file, span.clone())
                };
                made.with_message(for_terminal(&label.message))
            })
            .collect();
        let mut notes: Vec<String> = self
            .notes
            .iter()
            .map(|n| for_terminal(n).into_owned())
            .collect();
        if let Some(help) = &self.help {
            notes.push(format!("help: {}", for_terminal(help)));
        }
        report
            .with_message(for_terminal(&self.message))
            .with_labels(labels)
            .with_notes(notes)
    }
}

/// A message as the text shows it: data text in it (an id, a name) never
/// reaches the terminal raw; its line breaks are kept.
fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    printable(text, |c| c == '\n')
}

/// The rustc-like look: `-->` arrows and `|` borders in plain ASCII, so the
/// output reads the same in any terminal and in CI logs.
fn config() -> Config {
    Config {
        chars: term::Chars::ascii(),
        ..Config::default()
    }
}

/// Writes diagnostics for people, with colour if `out` supports it.
pub fn render_text(
    diagnostics: &[Diagnostic],
    files: &SourceFiles,
    out: &mut dyn WriteColor,
) -> std::io::Result<()> {
    let config = config();
    for diagnostic in diagnostics {
        let (quotes, spans) = Quotes::new(files, diagnostic, &config);
        term::emit_to_write_style(out, &config, &quotes, &diagnostic.to_report(&spans))
            .map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// The lines of one file a diagnostic shows, cut to windows.
#[derive(Debug)]
struct QuotedFile<'f> {
    id: usize,
    /// As the terminal may show it.
    name: std::borrow::Cow<'f, str>,
    /// The file's own text, for columns.
    source: &'f str,
    /// How many lines the file has.
    line_count: usize,
    /// The quoted lines one after the other, each with its line break.
    text: String,
    /// By line index.
    lines: Vec<Quoted>,
}

impl QuotedFile<'_> {
    fn line(&self, index: usize) -> Option<&Quoted> {
        self.lines
            .binary_search_by_key(&index, |line| line.index)
            .ok()
            .map(|at| &self.lines[at])
    }
}

/// The files of one diagnostic as codespan sees them: only the lines it
/// shows, each long one cut to windows around its labels, while lines keep
/// their indices (so line numbers, and which lines codespan shows or
/// elides, are the file's) and columns are counted in the file. Lines the
/// diagnostic does not show (inside a long multi-line label) are empty.
#[derive(Debug)]
struct Quotes<'f> {
    files: Vec<QuotedFile<'f>>,
}

impl<'f> Quotes<'f> {
    /// The quotes of `diagnostic`'s labels in `files`, and the labels'
    /// spans in them (in the order of [`Diagnostic::labels`]). A label in
    /// a file the table lacks keeps its span, and codespan its error.
    fn new(
        files: &'f SourceFiles,
        diagnostic: &Diagnostic,
        config: &Config,
    ) -> (Quotes<'f>, Vec<Range<usize>>) {
        let labels: Vec<&Label> = diagnostic.labels().collect();
        let mut spans: Vec<Range<usize>> = labels.iter().map(|label| label.span.clone()).collect();
        let mut quoted = Vec::new();
        let mut ids: Vec<usize> = Vec::new();
        for label in &labels {
            if !ids.contains(&label.file) {
                ids.push(label.file);
            }
        }
        for id in ids {
            let Some(file) = files.files.get(id) else {
                continue;
            };
            let source = file.source().as_str();
            let line_of = |byte: usize| file.line_index((), byte).unwrap_or(0);
            let line_count = line_of(usize::MAX) + 1;
            let start_of = |line: usize| file.line_range((), line).map_or(0, |range| range.start);

            // Which lines codespan will show, and what each label needs of
            // them (see `RichDiagnostic::render` in codespan's views.rs).
            let mut wanted: BTreeMap<usize, Vec<Focus>> = BTreeMap::new();
            for label in labels.iter().filter(|label| label.file == id) {
                let (start, end) = (label.span.start, label.span.end);
                let (first, last) = (line_of(start), line_of(end));
                for before in 1..=config.before_label_lines.min(first) {
                    wanted.entry(first - before).or_default();
                }
                for after in 1..=config.after_label_lines {
                    if last + after < line_count {
                        wanted.entry(last + after).or_default();
                    }
                }
                if first == last {
                    let at = start_of(first);
                    wanted
                        .entry(first)
                        .or_default()
                        .push(Focus::Label(start - at..end.max(start) - at));
                } else {
                    let top = start - start_of(first);
                    wanted.entry(first).or_default().push(Focus::Top(top));
                    let bottom = end - start_of(last);
                    wanted.entry(last).or_default().push(Focus::Bottom(bottom));
                    // Context after the start and before the end.
                    let after_top = first + 1..(first + 1 + config.start_context_lines).min(last);
                    let before_bottom =
                        last.saturating_sub(config.end_context_lines).max(first + 1)..last;
                    for line in after_top.chain(before_bottom) {
                        wanted.entry(line).or_default();
                    }
                }
            }
            // codespan shows a line between two it shows rather than `·`.
            let shown: Vec<usize> = wanted.keys().copied().collect();
            for pair in shown.windows(2) {
                if pair[1] == pair[0] + 2 {
                    wanted.entry(pair[0] + 1).or_default();
                }
            }

            let mut text = String::new();
            let mut lines = Vec::with_capacity(wanted.len());
            for (index, foci) in wanted {
                let Ok(range) = file.line_range((), index) else {
                    continue;
                };
                lines.push(quote_line(source, index, range, &foci, &mut text));
            }
            let quoted_file = QuotedFile {
                id,
                name: for_terminal(file.name()),
                source,
                line_count,
                text,
                lines,
            };
            for (label, span) in labels.iter().zip(&mut spans) {
                if label.file != id {
                    continue;
                }
                let map = |byte: usize, is_end: bool| {
                    quoted_file
                        .line(line_of(byte))
                        .map_or(byte, |line| line.to_quote(byte, is_end))
                };
                *span = map(label.span.start, false)..map(label.span.end, true);
            }
            quoted.push(quoted_file);
        }
        (Quotes { files: quoted }, spans)
    }

    fn file(&self, id: usize) -> Result<&QuotedFile<'f>, files::Error> {
        self.files
            .iter()
            .find(|file| file.id == id)
            .ok_or(files::Error::FileMissing)
    }
}

impl<'a> Files<'a> for Quotes<'_> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(&self.file(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(&self.file(id)?.text)
    }

    /// The line of a byte of the quote: the last quoted line starting at
    /// or before it (the empty last line of a file ending with a line
    /// break, when both start there).
    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        let file = self.file(id)?;
        let after = file
            .lines
            .partition_point(|line| line.range.start <= byte_index);
        Ok(file
            .lines
            .get(after.saturating_sub(1))
            .map_or(0, |line| line.index))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        let file = self.file(id)?;
        match file.line(line_index) {
            Some(line) => Ok(line.range.clone()),
            None if line_index < file.line_count => Ok(0..0),
            None => Err(files::Error::LineTooLarge {
                given: line_index,
                max: file.line_count - 1,
            }),
        }
    }

    /// The column in the file, in characters, as `SourceFiles` counts it.
    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let file = self.file(id)?;
        Ok(match file.line(line_index) {
            Some(line) => {
                column_index(
                    file.source,
                    line.file_range.clone(),
                    line.to_file(byte_index),
                ) + 1
            }
            None => 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::JsonDiagnostic;
    use crate::diagnostic::window::{ELLIPSIS, JOIN, LINE_LIMIT, MIN_BEFORE, WINDOW};
    use codespan_reporting::term::termcolor::NoColor;
    use proptest::prelude::*;

    /// `render_text`, as a string.
    fn rendered(diagnostics: &[Diagnostic], files: &SourceFiles) -> String {
        let mut out = NoColor::new(Vec::new());
        render_text(diagnostics, files, &mut out).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    /// One diagnostic rendered with `config`, through its quotes or, as
    /// before them, straight from the files.
    fn rendered_with(
        config: &Config,
        diagnostic: &Diagnostic,
        files: &SourceFiles,
        quoted: bool,
    ) -> Result<String, String> {
        let mut out = NoColor::new(Vec::new());
        let result = if quoted {
            let (quotes, spans) = Quotes::new(files, diagnostic, config);
            term::emit_to_write_style(&mut out, config, &quotes, &diagnostic.to_report(&spans))
        } else {
            let spans: Vec<_> = diagnostic.labels().map(|l| l.span.clone()).collect();
            term::emit_to_write_style(&mut out, config, files, &diagnostic.to_report(&spans))
        };
        result.map_err(|e| e.to_string())?;
        Ok(String::from_utf8(out.into_inner()).unwrap())
    }

    #[test]
    fn a_label_far_into_a_long_line_is_quoted_in_a_window() {
        let mut files = SourceFiles::default();
        let text = format!("(a: \"{}\", tagz: [])\n(b: 1)\n", "x".repeat(1_000_000));
        let at = text.find("tagz").unwrap();
        let file = files.add("big.ron".into(), text);
        let diagnostic = Diagnostic::error("unknown-field", "unknown field `tagz`")
            .at(file, at..at + 4, "unknown field")
            .help("did you mean `tags`?");
        let out = rendered(&[diagnostic], &files);
        let column = at + 1;
        assert!(out.contains(&format!("--> big.ron:1:{column}\n")), "{out}");
        assert!(out.len() < 1000, "{} bytes:\n{out}", out.len());
        let lines: Vec<&str> = out.lines().collect();
        let quoted = lines[3];
        assert!(quoted.starts_with("1 | …xxx"), "{quoted}");
        assert!(quoted.ends_with("\", tagz: [])"), "{quoted}");
        assert_eq!(quoted.chars().count(), "1 | ".len() + 1 + WINDOW);
        // The carets stand under `tagz`.
        let carets = lines[4];
        let caret_column = carets.find('^').unwrap();
        let tagz_column = quoted[..quoted.find("tagz").unwrap()].chars().count();
        assert_eq!(caret_column, tagz_column, "\n{quoted}\n{carets}");
        assert!(carets.ends_with("^^^^ unknown field"));
    }

    #[test]
    fn labels_far_apart_on_a_long_line_get_a_window_each() {
        let mut files = SourceFiles::default();
        let filler = "y".repeat(10_000);
        let text = format!("(from: \"a\", {filler} kind: Funds, {filler} to: \"p\")");
        let from = text.find("\"a\"").unwrap();
        let kind = text.find("Funds").unwrap();
        let to = text.find("\"p\"").unwrap();
        let file = files.add("f.ron".into(), text);
        let diagnostic =
            Diagnostic::error("kind-mismatch", "a `Funds` edge cannot point to a person")
                .at(file, kind..kind + 5, "edge kind used here")
                .also(file, from..from + 3, "this is a jurisdiction")
                .also(file, to..to + 3, "this is a person");
        let out = rendered(&[diagnostic], &files);
        assert!(
            out.contains(&format!("--> f.ron:1:{}\n", kind + 1)),
            "{out}"
        );
        let quoted = out.lines().nth(3).unwrap();
        assert_eq!(quoted.matches(ELLIPSIS).count(), 2, "{quoted}");
        assert!(quoted.starts_with("1 | (from: \"a\", yyy"), "{quoted}");
        assert!(quoted.ends_with("yyy to: \"p\")"), "{quoted}");
        assert!(quoted.contains("yyy kind: Funds, yyy"), "{quoted}");
        assert!(out.len() < 2000, "{out}");
        // Each caret line is under its label.
        let carets = out.lines().nth(4).unwrap();
        for (needle, caret) in [("\"a\"", '-'), ("Funds", '^'), ("\"p\"", '-')] {
            let column = quoted[..quoted.find(needle).unwrap()].chars().count();
            assert_eq!(carets.chars().nth(column), Some(caret), "{needle}\n{out}");
        }
    }

    #[test]
    fn a_label_longer_than_the_window_is_cut_with_an_ellipsis() {
        let mut files = SourceFiles::default();
        let text = format!("{}(id: \"{}\")", "a".repeat(500), "z".repeat(5000));
        let file = files.add("f.ron".into(), text.clone());
        let diagnostic =
            Diagnostic::error("duplicate-id", "twice").at(file, 500..text.len(), "here");
        let out = rendered(&[diagnostic], &files);
        assert!(out.contains("--> f.ron:1:501\n"), "{out}");
        let quoted = out.lines().nth(3).unwrap();
        let expected = format!("1 | …{}(id: \"{}…", "a".repeat(MIN_BEFORE), "z".repeat(94));
        assert_eq!(quoted, expected);
        // Underlined from the label's start up to and with the ellipsis.
        let carets = out.lines().nth(4).unwrap();
        let expected = format!("  | {}{} here", " ".repeat(1 + MIN_BEFORE), "^".repeat(101));
        assert_eq!(carets, expected);
    }

    #[test]
    fn an_empty_label_at_the_end_of_a_long_line() {
        let mut files = SourceFiles::default();
        let text = format!("(a: [{}\n", "1, ".repeat(1000));
        let end = text.len() - 1;
        let file = files.add("f.ron".into(), text);
        let diagnostic = Diagnostic::error("syntax", "unclosed").at(file, end..end, "expected `]`");
        let out = rendered(&[diagnostic], &files);
        assert!(out.contains(&format!("--> f.ron:1:{}\n", end + 1)), "{out}");
        let quoted = out.lines().nth(3).unwrap();
        assert_eq!(quoted, format!("1 | …{}", "1, ".repeat(40)));
        let carets = out.lines().nth(4).unwrap();
        assert_eq!(carets, format!("  | {}^ expected `]`", " ".repeat(121)));
    }

    #[test]
    fn a_label_over_several_long_lines_keeps_its_shape() {
        let mut files = SourceFiles::default();
        let long = "w".repeat(5000);
        let mut text = String::from("(nodes: [\n");
        let start = text.len() + 4;
        for i in 0..40 {
            text.push_str(&format!("    {long} {i}\n"));
        }
        let end = text.len() - 3;
        text.push_str("])\n");
        let file = files.add("f.ron".into(), text);
        let diagnostic = Diagnostic::error("syntax", "a record").at(file, start..end, "this");
        let out = rendered(&[diagnostic], &files);
        assert!(out.contains("--> f.ron:2:5\n"), "{out}");
        for line in out.lines() {
            assert!(line.chars().count() < WINDOW + 20, "{line}");
        }
        let numbers: Vec<&str> = out
            .lines()
            .filter_map(|line| line.split_once(" | ").map(|(n, _)| n.trim()))
            .filter(|n| !n.is_empty())
            .collect();
        assert_eq!(numbers, ["2", "3", "4", "5", "40", "41"], "{out}");
        assert!(out.contains("\n 2 | /     wwww"), "{out}");
        assert!(out.contains("\n   . |\n"), "{out}");
        // The bottom line is quoted around the label's end, and the caret
        // stands under its last character (the space before `39`).
        let lines: Vec<&str> = out.lines().collect();
        let (quoted, carets) = (lines[lines.len() - 3], lines[lines.len() - 2]);
        assert!(
            quoted.starts_with("41 | | …www") && quoted.ends_with("w 39"),
            "{out}"
        );
        assert!(
            carets.starts_with("   | \\---") && carets.ends_with("-^ this"),
            "{out}"
        );
        let space = quoted[..quoted.find(" 39").unwrap()].chars().count();
        assert_eq!(carets.chars().position(|c| c == '^'), Some(space), "{out}");
    }

    #[test]
    fn columns_on_a_long_multibyte_line_count_characters() {
        let mut files = SourceFiles::default();
        let text = format!("(d: \"{}\", bad: 1)", "é🚀中".repeat(100_000));
        let at = text.find("bad").unwrap();
        let column = text[..at].chars().count() + 1;
        let file = files.add("f.ron".into(), text);
        let diagnostic = Diagnostic::error("unknown-field", "unknown").at(file, at..at + 3, "x");
        let out = rendered(std::slice::from_ref(&diagnostic), &files);
        assert!(out.contains(&format!("--> f.ron:1:{column}\n")), "{out}");
        assert!(out.contains(", bad: 1)"), "{out}");
        let json = JsonDiagnostic::new(&diagnostic, &files);
        assert_eq!(json.location.unwrap().column, column);
    }

    /// The column of the first `marker` under `quoted`, in characters.
    fn under(carets: &str, marker: char) -> usize {
        carets.chars().position(|c| c == marker).unwrap()
    }

    #[test]
    fn unprintable_characters_are_quoted_as_escapes_with_markers_under_them() {
        for filler in [0, 1000] {
            let mut files = SourceFiles::default();
            let before = "y".repeat(filler);
            let text = format!(
                "(id: \"{before}a\u{1b}]0;x\u{7}b\r\", name: \"\u{202e}z\u{fffe}\", bad: 1)\n"
            );
            let esc = text.find('\u{1b}').unwrap();
            let bad = text.find("bad").unwrap();
            let rlo = text.find('\u{202e}').unwrap();
            let file = files.add("f.ron".into(), text.clone());
            let diagnostic = Diagnostic::error("control-character", "holds U+001B ESCAPE")
                .at(file, esc..esc + 1, "this character")
                .also(file, rlo..rlo + 3 + 1, "these")
                .also(file, bad..bad + 3, "unknown field");
            let out = rendered(&[diagnostic], &files);
            let column = text[..esc].chars().count() + 1;
            assert!(out.contains(&format!("--> f.ron:1:{column}\n")), "{out}");
            assert!(
                !out.contains(['\u{1b}', '\u{7}', '\r', '\u{202e}', '\u{fffe}']),
                "{out:?}"
            );
            let lines: Vec<&str> = out.lines().collect();
            let quoted = lines.iter().find(|l| l.contains("bad: 1")).unwrap();
            assert!(
                quoted.contains(r#"a\u{1b}]0;x\u{7}b\r", name: "\u{202e}z\u{fffe}", bad: 1)"#),
                "{out}"
            );
            let carets = lines[lines.iter().position(|l| l == quoted).unwrap() + 1];
            let at = |needle: &str| quoted[..quoted.find(needle).unwrap()].chars().count();
            // The escape is underlined whole, and what follows it is
            // underlined where it is shown.
            assert_eq!(under(carets, '^'), at(r"\u{1b}"), "\n{quoted}\n{carets}");
            assert_eq!(
                carets.chars().filter(|&c| c == '^').count(),
                r"\u{1b}".len(),
                "\n{quoted}\n{carets}"
            );
            assert_eq!(under(carets, '-'), at(r"\u{202e}"), "\n{quoted}\n{carets}");
            let bad_column = at("bad");
            assert_eq!(
                carets.chars().skip(bad_column).take(3).collect::<String>(),
                "---",
                "\n{quoted}\n{carets}"
            );
        }
    }

    /// Short lines: some empty, some with multibyte characters or `\r\n`.
    fn short_text() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just(String::new()),
            "[a-z ]{1,40}",
            "[a-zé🚀中 \t]{1,30}",
            Just("(id: \"x\", kind: Company)".to_string()),
        ];
        (
            proptest::collection::vec((line, any::<bool>()), 1..12),
            any::<bool>(),
        )
            .prop_map(|(lines, final_break)| {
                let mut text = String::new();
                for (i, (line, crlf)) in lines.iter().enumerate() {
                    text.push_str(line);
                    if i + 1 < lines.len() || final_break {
                        text.push_str(if *crlf { "\r\n" } else { "\n" });
                    }
                }
                text
            })
    }

    /// A span of `text` on character boundaries (`pick` chooses its ends).
    fn span(text: &str, pick: (usize, usize)) -> Range<usize> {
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let (a, b) = (bounds[pick.0 % bounds.len()], bounds[pick.1 % bounds.len()]);
        a.min(b)..a.max(b)
    }

    /// Lines each a unit repeated, in one file, under labels from `picks`
    /// (the first the primary), rendered: what it prints, and the locus
    /// line (`--> f.ron:line:column`) that must point at the primary.
    fn render_repeated(lines: &[(String, usize)], picks: &[(usize, usize)]) -> (String, String) {
        let text = lines
            .iter()
            .map(|(unit, n)| unit.repeat(*n))
            .collect::<Vec<_>>()
            .join("\n");
        let mut files = SourceFiles::default();
        let file = files.add("f.ron".into(), text.clone());
        let mut diagnostic = Diagnostic::error("syntax", "message");
        for (i, pick) in picks.iter().enumerate() {
            let span = span(&text, *pick);
            diagnostic = if i == 0 {
                diagnostic.at(file, span, "primary")
            } else {
                diagnostic.also(file, span, "secondary")
            };
        }
        let out = rendered(std::slice::from_ref(&diagnostic), &files);
        let primary = diagnostic.primary.as_ref().unwrap();
        let (line, column) = files.line_column(file, primary.span.start);
        (out, format!("--> f.ron:{line}:{column}\n"))
    }

    /// The property of `long_lines_render_in_bounded_width`, on lines made
    /// of a unit repeated, and labels from `picks`.
    fn long_lines_in_bounded_width(
        lines: &[(String, usize)],
        picks: &[(usize, usize)],
    ) -> Result<(), TestCaseError> {
        let (out, locus) = render_repeated(lines, picks);
        // Carets are as wide as the characters above them: two
        // columns for `中`. A line of up to `LINE_LIMIT` characters is
        // quoted whole (as codespan quotes it), so its carets may take
        // twice that (151 `中` under one label: 302).
        let widest = (2 * picks.len() * (WINDOW + JOIN + 2)).max(2 * LINE_LIMIT) + 40;
        for line in out.lines() {
            prop_assert!(line.chars().count() <= widest, "{}", line);
        }
        prop_assert!(out.contains(&locus), "{}", out);
        Ok(())
    }

    /// Found by the property: a short line of wide characters (151 `中`,
    /// 302 columns) is quoted whole, wider than a window of a long line.
    #[test]
    fn a_short_line_of_wide_characters_is_quoted_whole() {
        long_lines_in_bounded_width(&[("中".into(), 151)], &[(0, 4149798118446417177)]).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Where no line is long, quoting changes nothing: codespan prints
        /// the same bytes through the quotes as from the files themselves,
        /// with labels over one line or several, in one file or two, and
        /// with context lines.
        #[test]
        fn short_lines_render_as_before(
            texts in proptest::collection::vec(short_text(), 1..3),
            picks in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 1..4),
            context in (0usize..3, 0usize..3, 0usize..4, 0usize..3),
        ) {
            let mut files = SourceFiles::default();
            for (i, text) in texts.iter().enumerate() {
                files.add(format!("f{i}.ron"), text.clone());
            }
            let mut diagnostic = Diagnostic::error("syntax", "message").note("a note");
            for (i, (file, a, b)) in picks.iter().enumerate() {
                let file = file % texts.len();
                let span = span(&texts[file], (*a, *b));
                diagnostic = if i == 0 {
                    diagnostic.at(file, span, "primary")
                } else {
                    diagnostic.also(file, span, format!("secondary {i}"))
                };
            }
            let mut config = config();
            (config.before_label_lines, config.after_label_lines) = (context.0, context.1);
            (config.start_context_lines, config.end_context_lines) = (context.2, context.3);
            let before = rendered_with(&config, &diagnostic, &files, false);
            let after = rendered_with(&config, &diagnostic, &files, true);
            prop_assert_eq!(after, before);
        }

        /// Whatever the lines and labels, quoting never panics, prints
        /// lines of bounded width and locates the primary label where the
        /// JSON output does.
        #[test]
        fn long_lines_render_in_bounded_width(
            lines in proptest::collection::vec(("[a-zé🚀中 ]{1,5}", 0usize..1500), 1..6),
            picks in proptest::collection::vec((any::<usize>(), any::<usize>()), 1..4),
        ) {
            long_lines_in_bounded_width(&lines, &picks)?;
        }

        /// Lines holding characters that may not be printed, short or
        /// long: never printed raw, never a panic, the primary label
        /// located where the JSON output locates it.
        #[test]
        fn unprintable_characters_never_reach_the_output(
            lines in proptest::collection::vec(("[a-z\u{1b}\u{7}\r\u{7f}\u{202e}\u{fffe}é ]{1,5}", 0usize..400), 1..5),
            picks in proptest::collection::vec((any::<usize>(), any::<usize>()), 1..4),
        ) {
            let (out, locus) = render_repeated(&lines, &picks);
            prop_assert!(out.chars().all(|c| c == '\n' || crate::diagnostic::printable::is_printable(c)), "{:?}", out);
            prop_assert!(out.contains(&locus), "{}", out);
        }
    }
}
