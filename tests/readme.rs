//! README's tour shows real output: every `$ reggraph ...` line in a
//! ```console block is run on the frozen editorial dataset on a fixed
//! today (the tour's `$ export REGGRAPH_DATA=tests/fixtures/editorial-2023-06`
//! and `$ export REGGRAPH_TODAY=2026-11-30`) and must be followed by
//! exactly what it prints (stdout, then stderr). A change to the
//! output format that makes README stale fails here; a fact added to
//! graph-data/ does not. `cargo run --example regenerate` rewrites the
//! outputs.

mod common;

use common::tour::{REGENERATE, Runner};

fn runner() -> Runner {
    Runner::new(env!("CARGO_BIN_EXE_reggraph"), env!("CARGO_MANIFEST_DIR"))
}

fn committed() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_console_examples_print_what_they_show() {
    let readme = committed();
    let fresh = runner().readme(&readme).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        fresh.commands >= 10,
        "expected the tour's examples, found {}",
        fresh.commands
    );
    assert!(
        fresh.stale.is_empty(),
        "stale README examples: run `{REGENERATE}` and commit README.md\n\n{}",
        fresh.stale.join("\n")
    );
    // Each output is as shown; so is the layout around them (one blank
    // line between a command's output and the next command).
    assert!(
        fresh.text == readme,
        "README.md's console blocks are not laid out as `{REGENERATE}` writes them: run it"
    );
}

/// What regenerating `text` as a README says.
fn tour_of(text: &str) -> Result<Vec<String>, String> {
    runner().readme(text).map(|readme| readme.stale)
}

const EXPORTS: &str = "$ export REGGRAPH_DATA=tests/fixtures/editorial-2023-06\n\
                       $ export REGGRAPH_TODAY=2026-11-30\n";

#[test]
fn a_command_before_the_tour_exports_its_data_and_today_is_refused() {
    let refused = "README.md:2: `reggraph check` would run on the live graph-data/ and the real \
                   today: put these lines in a console block before it\n";
    let error = tour_of("```console\n$ reggraph check\n```\n").unwrap_err();
    assert_eq!(error, format!("{refused}{EXPORTS}"));
    let only_data = "```console\n$ export REGGRAPH_DATA=tests/fixtures/editorial-2023-06\n$ reggraph check\n```\n";
    let error = tour_of(only_data).unwrap_err();
    assert!(
        error.starts_with("README.md:3: `reggraph check` would run"),
        "{error}"
    );
    // Once exported, the rest of the file runs with them, block after block.
    let ok = tour_of(&format!(
        "```console\n{EXPORTS}```\ntext\n```console\n$ reggraph list --kind fund\n\
         ID                        KIND  NAME\n\
         france-ai-seed-fund-2023  fund  AI seed fund (2023)\n\
         1 of 35 nodes\n```\n"
    ));
    assert_eq!(ok, Ok(vec![]));
}

#[test]
fn the_tour_reads_no_other_data_than_fixtures_on_no_other_day() {
    let block = format!("```console\n{EXPORTS}");
    let live = tour_of(&format!("{block}$ reggraph --data graph-data check\n```\n")).unwrap_err();
    assert!(
        live.starts_with(
            "README.md:4: `reggraph --data graph-data check` reads the live graph-data"
        ),
        "{live}"
    );
    for other in [
        "$ export REGGRAPH_DATA=graph-data",
        "$ export REGGRAPH_TODAY=2030-01-01",
        "$ export NO_COLOR=1",
    ] {
        let error = tour_of(&format!("{block}{other}\n```\n")).unwrap_err();
        assert_eq!(
            error,
            format!(
                "README.md:4: the tour's outputs were made with exactly\n{EXPORTS}not `{}`",
                &other[2..]
            )
        );
    }
    let shell = tour_of(&format!("{block}$ ls graph-data\n```\n")).unwrap_err();
    assert!(
        shell.starts_with("README.md:4: a console block of the tour runs `reggraph` or `export`"),
        "{shell}"
    );
}

#[test]
fn a_stale_output_is_named_with_its_line_and_replaced() {
    let text = format!(
        "```console\n{EXPORTS}$ reggraph list --kind fund\n34 nodes\n\n\
         $ reggraph --data tests/fixtures/valid-small check\n```\n"
    );
    let fresh = runner().readme(&text).unwrap();
    assert_eq!(
        fresh.stale,
        [
            "README.md:4: `reggraph list --kind fund` now prints:\nID                        KIND  NAME\nfrance-ai-seed-fund-2023  fund  AI seed fund (2023)\n1 of 35 nodes\n",
            "README.md:7: `reggraph --data tests/fixtures/valid-small check` now prints:\n6 nodes, 6 edges, 2 sources: 0 errors, 0 warnings\n",
        ]
    );
    assert_eq!(
        fresh.text,
        format!(
            "```console\n{EXPORTS}$ reggraph list --kind fund\nID                        KIND  NAME\n\
             france-ai-seed-fund-2023  fund  AI seed fund (2023)\n1 of 35 nodes\n\n\
             $ reggraph --data tests/fixtures/valid-small check\n6 nodes, 6 edges, 2 sources: 0 errors, 0 warnings\n```\n"
        )
    );
    // Regenerated, it is fresh: a second run changes nothing.
    let again = runner().readme(&fresh.text).unwrap();
    assert!(again.stale.is_empty(), "{:?}", again.stale);
    assert_eq!(again.text, fresh.text);
}
