//! The library examples run (not just compile) as part of `cargo test`:
//! cargo builds them before the tests, and these tests run the binaries on
//! the frozen editorial dataset and check what they print. (That they run
//! on the live graph-data/ is tests/bundled_data.rs's business.)

use std::process::Command;

mod common;

/// The example, to be run on the frozen editorial dataset through
/// `$REGGRAPH_DATA`, from a folder without a `graph-data`: an example that
/// ignored the variable would fail rather than read the live data.
fn example(name: &str) -> (Command, tempfile::TempDir) {
    let cwd = tempfile::tempdir().unwrap();
    let mut command = Command::new(common::example(name));
    command.current_dir(cwd.path()).env(
        "REGGRAPH_DATA",
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(common::EDITORIAL),
    );
    (command, cwd)
}

fn stdout((mut command, _cwd): (Command, tempfile::TempDir)) -> String {
    // The examples read the files; should one use the snapshot cache, its
    // snapshots go to a temporary folder, never the user's.
    let cache_dir = tempfile::tempdir().unwrap();
    let output = command
        .env("REGGRAPH_CACHE_DIR", cache_dir.path())
        .env("REGGRAPH_TODAY", common::TODAY)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn founders() {
    let out = stdout(example("founders"));
    assert!(out.starts_with("Mistral AI was founded by:\n"), "{out}");
    assert!(
        out.contains("  Arthur Mensch (2023-04)  [alliancy-edito-2023-06, wikipedia-mistral-ai]\n")
    );
}

#[test]
fn funding_report() {
    let out = stdout(example("funding_report"));
    assert!(out.contains(
        "2023-06-14 Mistral AI EUR 105M funding round (June 2023) -> Mistral AI: EUR 105M secured"
    ), "{out}");
    assert!(out.contains("  28 institutional investors: EUR 7bn secured\n  28 institutional investors: EUR 10bn target\n"), "{out}");
}

#[test]
fn as_of() {
    let out = stdout(example("as_of"));
    assert!(out.contains("  2021-01-01: not yet proposed\n"), "{out}");
    assert!(
        out.contains("  2023-06-15: under-negotiation, since 2023-06-14"),
        "{out}"
    );
    assert!(
        out.contains("  2024-08-01: in-force, since 2024-08-01"),
        "{out}"
    );
}
