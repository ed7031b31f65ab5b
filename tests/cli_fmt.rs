//! `reggraph fmt`: the canonical layout, written atomically, losing no
//! comment and no value; `--check` changes nothing; a file with a syntax
//! error is refused and left as it is.

use std::path::Path;

mod common;

const UNFORMATTED: &str = "tests/fixtures/unformatted";

fn fixture_text(folder: &str, file: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(folder)
            .join(file),
    )
    .unwrap()
}

/// A temporary folder holding copies of fixture files.
fn folder_with(files: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (folder, file, name) in files {
        std::fs::write(dir.path().join(name), fixture_text(folder, file)).unwrap();
    }
    dir
}

/// `reggraph ARGS` run in `dir` (so the paths it prints are short and the
/// same on every run).
fn run_in(dir: &Path, args: &[&str]) -> common::Run {
    let mut command = common::binary();
    command.current_dir(dir).env("NO_COLOR", "1").args(args);
    let output = command.output().unwrap();
    common::Run {
        code: output.status.code().expect("exited by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        cache_dir: command.cache_dir().to_path_buf(),
    }
}

/// The comments of a RON text, in order, found without reggraph's parser
/// (the fixtures have no `//` or `/*` inside strings).
fn comments(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("//").into_iter().chain(rest.find("/*")).min() {
        let (comment, after) = if rest[at..].starts_with("//") {
            let end = rest[at..].find('\n').map_or(rest.len(), |e| at + e);
            (&rest[at..end], &rest[end..])
        } else {
            let end = rest[at..].find("*/").map(|e| at + e + 2).unwrap();
            (&rest[at..end], &rest[end..])
        };
        found.push(comment.trim_end().to_string());
        rest = after;
    }
    found
}

/// What `check` says of a folder: its summary and each diagnostic's code
/// and message (places move when a file is laid out again).
fn check_of(dir: &Path) -> String {
    let run = run_in(
        dir,
        &["--data", ".", "--no-cache", "--format", "json", "check"],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}", d["code"], d["message"]))
        .collect();
    format!("{} {diagnostics:?}", json["summary"])
}

#[test]
fn fmt_lays_out_a_careless_file_and_keeps_every_comment_and_value() {
    let dir = folder_with(&[(UNFORMATTED, "data.ron", "data.ron")]);
    let before = std::fs::read_to_string(dir.path().join("data.ron")).unwrap();
    let checked_before = check_of(dir.path());
    assert!(checked_before.contains("\"errors\":0"), "{checked_before}");

    let run = run_in(dir.path(), &["fmt", "data.ron"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "formatted data.ron\n1 file formatted, 0 formatted already\n"
    );
    let after = std::fs::read_to_string(dir.path().join("data.ron")).unwrap();
    insta::assert_snapshot!("fmt-unformatted", after);

    assert_eq!(comments(&after), comments(&before));
    assert_eq!(comments(&before).len(), 10);
    assert_eq!(check_of(dir.path()), checked_before);

    let again = run_in(dir.path(), &["fmt", "data.ron"]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout, "0 files formatted, 1 formatted already\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("data.ron")).unwrap(),
        after
    );
}

#[test]
fn fmt_check_changes_nothing_shows_a_short_diff_and_exits_1() {
    let dir = folder_with(&[(UNFORMATTED, "data.ron", "data.ron")]);
    let before = std::fs::read(dir.path().join("data.ron")).unwrap();
    let run = run_in(dir.path(), &["--data", ".", "fmt", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path().join("data.ron")).unwrap(), before);
    insta::assert_snapshot!("fmt-check-unformatted", run.stdout);
    assert!(
        run.stdout
            .starts_with("would reformat ./data.ron\n--- ./data.ron\n")
    );
    assert!(
        run.stdout
            .ends_with("1 of 1 file would be reformatted (run `reggraph fmt` to fix)\n")
    );

    // Once formatted, --check passes.
    assert_eq!(run_in(dir.path(), &["--data", ".", "fmt"]).code, 0);
    let run = run_in(dir.path(), &["--data", ".", "fmt", "--check"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "1 file formatted already\n")
    );
}

#[test]
fn a_file_with_a_syntax_error_is_refused_with_its_diagnostic_and_left_as_it_is() {
    let dir = folder_with(&[
        ("tests/fixtures/missing-comma", "data.ron", "broken.ron"),
        (UNFORMATTED, "data.ron", "data.ron"),
    ]);
    let broken = std::fs::read(dir.path().join("broken.ron")).unwrap();
    let messy = std::fs::read(dir.path().join("data.ron")).unwrap();
    let run = run_in(dir.path(), &["fmt", "."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: expected a comma"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> ./broken.ron:"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("not formatted: ./broken.ron\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(dir.path().join("broken.ron")).unwrap(),
        broken
    );
    // The other file is formatted all the same.
    assert_ne!(std::fs::read(dir.path().join("data.ron")).unwrap(), messy);
    assert_eq!(
        run.stdout,
        "formatted ./data.ron\n1 file formatted, 0 formatted already; 1 file refused (fix the errors above, then run fmt again)\n"
    );
}

#[test]
fn a_file_fmt_cannot_read_as_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latin1.ron"),
        b"(nodes: [(name: \"\xc9tat\")])",
    )
    .unwrap();
    let run = run_in(dir.path(), &["fmt", "latin1.ron"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not UTF-8"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("latin1.ron")).unwrap(),
        b"(nodes: [(name: \"\xc9tat\")])"
    );
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_mode_rewrites_through_a_symbolic_link_and_leaves_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder_with(&[
        (UNFORMATTED, "data.ron", "real.ron"),
        (UNFORMATTED, "data.ron", "locked.ron"),
    ]);
    let real = dir.path().join("real.ron");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("real.ron", &link).unwrap();
    let locked = dir.path().join("locked.ron");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let locked_before = std::fs::read(&locked).unwrap();

    let run = run_in(dir.path(), &["fmt", "link.ron", "locked.ron"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let formatted = std::fs::read_to_string(&real).unwrap();
    assert!(formatted.starts_with("// A valid data file"));
    assert_eq!(run_in(dir.path(), &["fmt", "--check", "real.ron"]).code, 0);
    assert_eq!(std::fs::read(&locked).unwrap(), locked_before);
    assert!(
        run.stderr
            .contains("locked.ron is read-only: not formatted"),
        "{}",
        run.stderr
    );
    // Nothing is left beside the files.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["link.ron", "locked.ron", "real.ron"]);
}

#[test]
fn fmt_of_a_path_that_does_not_exist_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["fmt", "nowhere.ron"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: no file or folder `nowhere.ron`\nhelp: give data files or folders, or leave PATH out for the data folder\n"
    );
}

#[test]
fn fmt_refuses_json_output() {
    let run = common::run(&["--format", "json", "fmt", "--check"], &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--format json does not apply to fmt"));
}
