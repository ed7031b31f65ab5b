//! A contributor's typo costs one error, where it is. One character deleted
//! from or inserted into the editorial dataset (its frozen copy, which
//! `check` passes) is checked
//! as a folder would be: never a panic, at most two errors, and the first
//! error printed is within three lines of the change.

use reggraph::check::{self, Checked};
use reggraph::diagnostic::render_text;

/// The data files of the frozen editorial dataset, in path order, as
/// `check` would name them.
fn bundled() -> Vec<(String, String)> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editorial-2023-06");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

fn rendered(checked: &Checked) -> String {
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    render_text(&checked.diagnostics, &checked.files, &mut out).unwrap();
    String::from_utf8(out.into_inner()).unwrap()
}

/// The characters a slip of the keyboard or the editor produces.
const TYPED: &[char] = &[
    '"', '(', ')', '[', ']', ',', ':', '@', '\'', '/', ' ', '\n', 'a', 'Z', '0', '-', '_', '#',
];

/// One change: in file `file`, at byte `at`, insert a character or delete
/// the one there. Returns whether the outcome meets the bound, and what
/// was printed.
fn one_change(
    files: &mut [(String, String)],
    file: usize,
    at: usize,
    insert: Option<char>,
) -> (bool, String) {
    let text = &mut files[file].1;
    let mut start = at % text.len();
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    match insert {
        Some(c) => text.insert(start, c),
        None => {
            let c = text[start..].chars().next().unwrap();
            text.replace_range(start..start + c.len_utf8(), "");
        }
    }
    let changed_line = text[..start].matches('\n').count() + 1;
    let checked = check::check_texts(files.to_vec());
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let output = rendered(&checked);
    let near = errors.first().is_none_or(|first| {
        first.primary.as_ref().is_some_and(|label| {
            let (line, _) = checked.files.line_column(label.file, label.span.start);
            label.file == file && line.abs_diff(changed_line) <= 3
        })
    });
    let what = format!(
        "{insert:?} at {}:{changed_line}: {} errors\n{output}",
        files[file].0,
        errors.len()
    );
    (errors.len() <= 2 && near, what)
}

/// 500 changes drawn with a fixed seed, so every run checks the same ones.
#[test]
fn one_character_changed_is_one_error_where_it_is() {
    use rand::{Rng, SeedableRng};
    let bundled = bundled();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
    let mut missed = Vec::new();
    for _ in 0..500 {
        let mut files = bundled.clone();
        let file = rng.random_range(0..files.len());
        let at = rng.random_range(0..files[file].1.len());
        let insert = rng
            .random_bool(0.5)
            .then(|| TYPED[rng.random_range(0..TYPED.len())]);
        let (met, what) = one_change(&mut files, file, at, insert);
        if !met {
            missed.push(what);
        }
    }
    eprintln!("{} of 500 changes miss the bound", missed.len());
    for what in missed.iter().take(8) {
        eprintln!("{what}");
    }
    // Other seeds still find about one change in 200 that misses (a quote
    // typed inside a string, a bracket typed at the start of a line): add
    // such a case to the scanner's tests when it is fixed.
    assert!(
        missed.is_empty(),
        "{} of 500 changes miss the bound; first:\n{}",
        missed.len(),
        missed[0]
    );
}

/// The miss the fixed seed found once the bundled data grew: a `]` typed
/// at the start of a record's line closed the list there, and every record
/// after it was lost (4 errors). Now it is one error, at the `]`.
#[test]
fn a_bracket_typed_before_a_record_is_one_error_at_it() {
    let text = "(\n    nodes: [\n        (id: \"a\", kind: Person, name: \"A\", sources: [\"s\"]),\n    ]    (id: \"b\", kind: Person, name: \"B\", sources: [\"s\"]),\n    ],\n    sources: [(id: \"s\", title: \"S\")],\n)\n";
    let checked = check::check_texts(vec![("data.ron".to_string(), text.to_string())]);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{}", rendered(&checked));
    let label = errors[0].primary.as_ref().unwrap();
    assert_eq!(
        checked.files.line_column(label.file, label.span.start),
        (4, 5)
    );
    assert!(rendered(&checked).contains("a `]` between two records of a list"));
}
