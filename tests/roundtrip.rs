//! Property tests of the loader: a dataset written as RON loads back as the
//! same records, and no input, however broken, makes it panic.

use proptest::prelude::*;
use reggraph::check::{self, Checked};
use reggraph::diagnostic::render_text;
use reggraph::load::{data_file_text, write_data_file};
use reggraph::model::DataFile;

mod common;
use common::dataset;

fn load_text(files: &[(&str, String)]) -> Checked {
    check::check_texts(
        files
            .iter()
            .map(|(name, text)| (name.to_string(), text.clone()))
            .collect(),
    )
}

/// Renders every diagnostic, so a bad span would panic here.
fn render_all(loaded: &Checked) -> String {
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    render_text(&loaded.diagnostics, &loaded.files, &mut out).unwrap();
    String::from_utf8(out.into_inner()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// Writing a dataset as RON files (split across files and a sub-folder,
    /// written atomically to disk) and loading the folder gives back the same
    /// records, with no error.
    #[test]
    fn write_then_load_gives_the_same_dataset(dataset in dataset()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("relations")).unwrap();
        let parts = [
            ("a-sources.ron", DataFile { sources: dataset.sources.clone(), ..DataFile::default() }),
            ("b-nodes.ron", DataFile { nodes: dataset.nodes.clone(), ..DataFile::default() }),
            ("relations/edges.ron", DataFile { edges: dataset.edges.clone(), ..DataFile::default() }),
        ];
        for (name, part) in &parts {
            write_data_file(&dir.path().join(name), part).unwrap();
        }
        let loaded = check::check_folder(dir.path(), &|_| {});
        let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "{}", render_all(&loaded));
        prop_assert_eq!(&loaded.dataset(), &dataset);
    }

    /// Arbitrary text never panics the loader or the renderer, and text that
    /// is not a data file is reported as an error.
    #[test]
    fn random_text_gives_diagnostics_not_panics(text in "\\PC{0,200}") {
        let loaded = load_text(&[("random.ron", text)]);
        render_all(&loaded);
    }

    /// Random bytes, read as the loader reads files, never panic it.
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bytes.ron"), &bytes).unwrap();
        let loaded = check::check_folder(dir.path(), &|_| {});
        render_all(&loaded);
        if std::str::from_utf8(&bytes).is_err() {
            prop_assert!(loaded.error_count() > 0);
        }
    }

    /// Mutations of a valid file (cut a range, insert characters, duplicate a
    /// range) never panic the loader, and every diagnostic points inside the file.
    #[test]
    fn mutated_files_give_diagnostics_not_panics(
        dataset in dataset(),
        cuts in proptest::collection::vec((any::<usize>(), 0usize..20, "[\\PC\"(),:\\[\\]]{0,4}"), 1..4),
    ) {
        let mut text = data_file_text(&dataset).unwrap();
        for (at, length, insert) in cuts {
            let mut start = at % (text.len() + 1);
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + length).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(start..end, &insert);
        }
        let length = text.len();
        let loaded = load_text(&[("mutated.ron", text)]);
        for diagnostic in &loaded.diagnostics {
            for label in diagnostic.primary.iter().chain(&diagnostic.secondary) {
                prop_assert!(label.span.start <= label.span.end && label.span.end <= length);
            }
        }
        render_all(&loaded);
    }
}
