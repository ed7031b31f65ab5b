//! Finding a node by a word of its name or the start of its id, when no
//! node is named exactly so: `show Tibi`, `show Mensch` (issue 16, item 5).

mod common;

use common::Run;

fn reggraph(args: &[&str]) -> Run {
    common::run_on(common::EDITORIAL, args)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[test]
fn show_tibi_answers_with_tibi_2_and_says_so() {
    let run = reggraph(&["show", "Tibi"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first_line(&run.stdout), "Tibi 2 (tibi-2)");
    assert_eq!(
        run.stderr,
        "note: \"Tibi\" taken as Tibi 2 (tibi-2), the one node with that word in its name\n"
    );
    // The same answer as by its id.
    assert_eq!(run.stdout, reggraph(&["show", "tibi-2"]).stdout);
}

#[test]
fn show_mensch_answers_with_arthur_mensch() {
    let run = reggraph(&["show", "Mensch"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first_line(&run.stdout), "Arthur Mensch (arthur-mensch)");
    assert_eq!(
        run.stderr,
        "note: \"Mensch\" taken as Arthur Mensch (arthur-mensch), the one node with that word in its name\n"
    );
}

#[test]
fn the_start_of_an_id_finds_its_node() {
    let run = reggraph(&["show", "arthur-m"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first_line(&run.stdout), "Arthur Mensch (arthur-mensch)");
    assert!(
        run.stderr.contains("the one node whose id starts so"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_word_several_nodes_share_lists_them_and_exits_1() {
    let run = reggraph(&["show", "Mistral"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: \"Mistral\" could be 2 nodes\n\
         help: use an id: \"mistral-ai\" (Mistral AI), \"mistral-ai-2023-06-round\" (Mistral AI EUR 105M funding round (June 2023))\n"
    );
}

#[test]
fn part_of_a_word_is_not_a_word() {
    let run = reggraph(&["show", "ensch"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error: no node matches \"ensch\""),
        "{}",
        run.stderr
    );
}

#[test]
fn every_command_that_names_a_node_finds_it_by_a_word() {
    let neighbors = reggraph(&["neighbors", "Mensch"]);
    assert_eq!(neighbors.code, 0, "{}", neighbors.stderr);
    assert!(
        neighbors
            .stderr
            .starts_with("note: \"Mensch\" taken as Arthur Mensch")
    );
    let path = reggraph(&["path", "Mensch", "Tibi"]);
    assert_eq!(path.code, 0, "{}", path.stderr);
    assert_eq!(path.stderr.lines().count(), 2, "{}", path.stderr);
    let around = reggraph(&["stats", "--around", "Tibi"]);
    assert_eq!(around.code, 0, "{}", around.stderr);
    assert!(
        around.stderr.starts_with("note: \"Tibi\" taken as Tibi 2"),
        "{}",
        around.stderr
    );
    let timeline = reggraph(&["timeline", "--actor", "Mensch"]);
    assert_eq!(timeline.code, 0, "{}", timeline.stderr);
    assert!(
        timeline.stderr.starts_with("note: \"Mensch\""),
        "{}",
        timeline.stderr
    );
}

/// `show` and `neighbors` read only the part around their node from a warm
/// snapshot, with a look-up of their own: it finds words too. (The
/// editorial has warnings, so it is never cached: this is on a clean
/// fixture.)
#[test]
fn words_are_found_from_a_warm_snapshot() {
    const SMALL: &str = "tests/fixtures/valid-small";
    let cache = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = assert_cmd::Command::cargo_bin("reggraph")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("REGGRAPH_CACHE_DIR", cache.path())
            .env("REGGRAPH_TODAY", common::TODAY)
            .args(["--data", SMALL])
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let cold = run(&["--no-cache", "show", "Mensch"]);
    assert_eq!(cold.0, Some(0), "{}", cold.2);
    assert_eq!(run(&["check"]).0, Some(0));
    assert!(
        std::fs::read_dir(cache.path()).unwrap().next().is_some(),
        "no snapshot was written"
    );
    assert_eq!(run(&["show", "Mensch"]), cold);
    assert_eq!(
        run(&["neighbors", "Mistral"]),
        run(&["--no-cache", "neighbors", "Mistral"])
    );
    let ambiguous = run(&["show", "a"]);
    assert_eq!(ambiguous.0, Some(1));
    assert_eq!(
        ambiguous.2,
        "error: \"a\" could be 2 nodes\n\
         help: use an id: \"ai-act\" (AI Act), \"arthur-mensch\" (Arthur Mensch)\n"
    );
    assert_eq!(ambiguous, run(&["--no-cache", "show", "a"]));
}
