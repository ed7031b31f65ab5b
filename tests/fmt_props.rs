//! `fmt` loses nothing: for random datasets with comments put anywhere a
//! comment can go and blanks changed at random, the formatted text loads
//! to the same dataset, holds the same comments in the same order, and
//! formatting it again changes nothing. The same holds for every fixture
//! folder (the frozen editorial data among them).

use std::path::Path;

use proptest::prelude::*;
use reggraph::check::{self, Checked};
use reggraph::fmt::{self, syntax};
use reggraph::load::data_file_text;

mod common;
use common::dataset;

/// What to do at one token boundary of the written dataset.
#[derive(Debug, Clone)]
enum Edit {
    Keep,
    LineComment,
    BlockComment,
    BlankLine,
    /// Blanks within a line (not a line break) become one space.
    Squeeze,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => Just(Edit::Keep),
        1 => Just(Edit::LineComment),
        1 => Just(Edit::BlockComment),
        1 => Just(Edit::BlankLine),
        2 => Just(Edit::Squeeze),
    ]
}

/// `text` with the edits applied at its token boundaries, and the comments
/// put in, in order. Line breaks are put in only where the layout keeps
/// each line's indentation: a line comment goes at the end of a line, or on
/// a line of its own above one, indented as that line is. (The loader's
/// recovery reads indentation: a `]` at the start of a line inside an
/// indented record is taken for its list's end, and a comment before a
/// line's indentation moves its brackets. These are tests of `fmt`, not of
/// the layouts recovery reads; `fmt` never writes either.)
fn edited(text: &str, edits: &[Edit]) -> (String, Vec<String>) {
    use syntax::SyntaxKind::{NEWLINE, WHITESPACE};
    let tree = syntax::parse(text).unwrap();
    let mut out = String::new();
    let mut comments = Vec::new();
    let tokens: Vec<_> = tree
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .collect();
    let mut indent = String::new();
    for (i, token) in tokens.iter().enumerate() {
        let kind = token.kind();
        let after_newline = i > 0 && tokens[i - 1].kind() == NEWLINE;
        if kind == WHITESPACE && after_newline {
            indent = token.text().to_string();
        } else if after_newline {
            indent.clear();
        }
        let starts_line = !kind.is_trivia()
            && (after_newline
                || (i > 1
                    && tokens[i - 1].kind() == WHITESPACE
                    && tokens[i - 2].kind() == NEWLINE));
        match &edits[i % edits.len()] {
            Edit::LineComment if kind == NEWLINE => {
                let comment = format!("// comment {i}: « x » \"y\"");
                out.push(' ');
                out.push_str(&comment);
                comments.push(comment);
            }
            Edit::LineComment if starts_line => {
                let comment = format!("// comment {i}: « x » \"y\"");
                out.push_str(&comment);
                out.push('\n');
                out.push_str(&indent);
                comments.push(comment);
            }
            // Not before a line's indentation: the loader's recovery
            // measures a bracket's column from the line's start.
            Edit::BlockComment if !after_newline => {
                let comment = format!("/* comment {i} /* nested */ */");
                out.push_str(&comment);
                comments.push(comment);
            }
            Edit::BlankLine if kind == NEWLINE => out.push('\n'),
            _ => {}
        }
        if matches!(edits[i % edits.len()], Edit::Squeeze) && kind == WHITESPACE && !after_newline {
            out.push(' ');
        } else {
            out.push_str(token.text());
        }
    }
    (out, comments)
}

fn load(text: &str) -> Checked {
    check::check_texts(vec![("data.ron".to_string(), text.to_string())])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fmt_keeps_every_value_and_comment_and_is_idempotent(
        dataset in dataset(),
        edits in proptest::collection::vec(edit(), 1..40),
    ) {
        let written = data_file_text(&dataset).unwrap();
        let (text, comments) = edited(&written, &edits);
        let messy = load(&text);
        prop_assert!(
            !messy.diagnostics.iter().any(|d| d.is_error()),
            "the edited text is valid:\n{text}\n{:?}",
            messy.diagnostics.iter().map(|d| (&d.message, d.primary.as_ref().map(|l| l.span.clone()))).collect::<Vec<_>>()
        );
        prop_assert_eq!(&messy.dataset(), &dataset);

        let formatted = fmt::format(&text);
        prop_assert!(formatted.is_ok(), "{formatted:?} for:\n{text}");
        let formatted = formatted.unwrap();
        let loaded = load(&formatted);
        prop_assert!(!loaded.diagnostics.iter().any(|d| d.is_error()), "{formatted}");
        prop_assert_eq!(&loaded.dataset(), &dataset);
        let tree = syntax::parse(&formatted).unwrap();
        prop_assert_eq!(tree.to_string(), formatted.clone());
        prop_assert_eq!(fmt::comments(&tree), comments);
        prop_assert_eq!(fmt::format(&formatted).unwrap(), formatted);
    }
}

/// Every `.ron` file under `dir`, relative to it.
fn data_files(dir: &Path) -> Vec<std::path::PathBuf> {
    reggraph::load::data_files(dir).unwrap_or_default()
}

/// What `check` says of a folder, places aside (they move when a file is
/// laid out again).
fn said(dir: &Path) -> (Vec<String>, [usize; 3]) {
    let checked = check::check_folder(dir, &|_| {});
    let mut said: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{:?} {} {}", d.severity, d.code, d.message))
        .collect();
    said.sort();
    (said, checked.counts())
}

fn copy_folder(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn fmt_changes_nothing_check_sees_in_any_fixture_or_the_bundled_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let (mut formatted, mut refused) = (0, 0);
    for folder in &folders {
        let copy = tempfile::tempdir().unwrap();
        copy_folder(folder, copy.path());
        let before = said(copy.path());
        for file in data_files(copy.path()) {
            let name = file.display().to_string();
            match fmt::files::examine(&name, &file) {
                Ok((old, new)) => {
                    let old_tree = syntax::parse(old.trim_start_matches('\u{feff}')).unwrap();
                    assert_eq!(
                        fmt::comments(&old_tree),
                        fmt::comments(&syntax::parse(&new).unwrap()),
                        "{name}"
                    );
                    assert_eq!(fmt::format(&new).unwrap(), new, "{name}: not idempotent");
                    std::fs::write(&file, new).unwrap();
                    formatted += 1;
                }
                Err(_) => refused += 1,
            }
        }
        assert_eq!(said(copy.path()), before, "{}", folder.display());
    }
    // Enough of both kinds that the test means something.
    assert!(
        formatted > 50 && refused > 20,
        "{formatted} formatted, {refused} refused"
    );
}

/// Comments between a list's name, its `:` and its `[` are valid RON, and
/// `fmt` may leave them there: the loader reads them (it used to take the
/// line for a garbled list header).
#[test]
fn comments_between_a_list_name_and_its_bracket_are_read() {
    let text = "(\n    sources // a comment: with a colon\n    : [(id: \"s\", title: \"T\")],\n    nodes /* x */ : /* y */ [],\n    edges: /* over\n    two lines */ [],\n)\n";
    let loaded = load(text);
    // No error (the source is cited by nothing, a warning).
    assert!(
        !loaded.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        loaded.diagnostics
    );
    assert_eq!(loaded.counts(), [0, 0, 1]);
}

/// A comment before a record's `(` on its line: the record still ends at
/// its `)` (the loader measured the record's indentation from the `(` and
/// took the `)` for a stray bracket).
#[test]
fn a_comment_before_a_records_bracket_on_its_line_is_read() {
    let text = "(\n    sources: [(id: \"s\", title: \"T\")],\n    nodes: [\n        /* the first */ (\n            id: \"a\",\n            kind: Person,\n            name: \"A\",\n            sources: [\n                \"s\",\n            ],\n        ),\n        /* x */ (\n            id: \"b\",\n            kind: Person,\n            name: \"B\",\n            sources: [\"s\"],\n        ),\n    ],\n)\n";
    let loaded = load(text);
    assert!(
        !loaded.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        loaded.diagnostics
    );
    assert_eq!(loaded.counts(), [2, 0, 1]);
}
