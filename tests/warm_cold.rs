//! Every command answers byte for byte the same warm (from the snapshot a
//! first run wrote, read in place), cold (from the files) and with
//! `--no-cache`, over random generated datasets, with and without a
//! warning in the data.
//!
//! That the warm run really read the snapshot: a run that reads the files
//! of data without errors writes a new snapshot when it is done (a rename,
//! so a new inode), so a snapshot whose inode is unchanged after a
//! successful warm run is the one it answered from.

use std::path::Path;

use proptest::prelude::*;
use reggraph::generate::{Spec, generate, write_folder};

mod common;

use common::{run_cached as run, snapshot_inode as snapshot};

/// A generated folder, with an isolated node (a warning) if asked.
fn dataset(seed: u64, nodes: usize, edges_per_node: usize, warned: bool) -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    write_folder(
        &generate(Spec {
            nodes,
            edges_per_node,
            seed,
        }),
        data.path(),
    )
    .unwrap();
    if warned {
        std::fs::write(
            data.path().join("lonely.ron"),
            "(nodes: [(id: \"lonely\", kind: Person, name: \"Lonely Élise\", sources: [\"source-0\"])])",
        )
        .unwrap();
    }
    data
}

/// Runs every command three ways on `data` and compares.
fn three_ways(data: &Path, picks: [usize; 3]) -> Result<(), TestCaseError> {
    let twin: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("twin.json")).unwrap()).unwrap();
    let nodes = twin["nodes"].as_array().unwrap();
    let id = |i: usize| nodes[i % nodes.len()]["id"].as_str().unwrap().to_string();
    let name = nodes[picks[2] % nodes.len()]["name"]
        .as_str()
        .unwrap()
        .to_string();
    for args in common::every_command(&id(picks[0]), &id(picks[1]), &name) {
        let cache_dir = tempfile::tempdir().unwrap();
        let cold = run(data, cache_dir.path(), &args, false);
        let written = snapshot(cache_dir.path());
        let warm = run(data, cache_dir.path(), &args, false);
        let uncached = run(data, cache_dir.path(), &args, true);
        prop_assert_eq!(&warm, &cold, "warm and cold differ: {:?}", args);
        prop_assert_eq!(&uncached, &cold, "--no-cache differs: {:?}", args);
        if cold.2 == Some(0) {
            prop_assert!(written.is_some(), "no snapshot written: {:?}", args);
            prop_assert_eq!(
                snapshot(cache_dir.path()),
                written,
                "warm run read the files: {:?}",
                args
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_command_answers_the_same_warm_cold_and_without_cache(
        seed in any::<u64>(),
        nodes in 20usize..150,
        edges_per_node in 1usize..5,
        warned in any::<bool>(),
        picks in any::<[usize; 3]>(),
    ) {
        let data = dataset(seed, nodes, edges_per_node, warned);
        three_ways(data.path(), picks)?;
    }
}

/// A date of one of the three forms, between 1994 and 2026 (the generated
/// data's years are 1995-2026): a window's edges fall on whole years, on
/// months and on days.
fn a_date() -> impl Strategy<Value = String> {
    (1994i32..2029, 1u32..13, 1u32..29, 0usize..3).prop_map(|(y, m, d, form)| match form {
        0 => format!("{y}"),
        1 => format!("{y}-{m:02}"),
        _ => format!("{y}-{m:02}-{d:02}"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// `timeline` with only `--since`, only `--until` or both (reversed
    /// windows included: the same error every way), as text and as JSON:
    /// the snapshot's scan of the window's years gives what the files do.
    #[test]
    fn timeline_windows_answer_the_same_warm_cold_and_without_cache(
        seed in any::<u64>(),
        nodes in 20usize..120,
        since in proptest::option::of(a_date()),
        until in proptest::option::of(a_date()),
        json in any::<bool>(),
    ) {
        let data = dataset(seed, nodes, 3, false);
        let mut args = vec!["timeline".to_string()];
        if let Some(since) = &since {
            args.extend(["--since".into(), since.clone()]);
        }
        if let Some(until) = &until {
            args.extend(["--until".into(), until.clone()]);
        }
        if json {
            args.extend(["--format".into(), "json".into()]);
        }
        let cache_dir = tempfile::tempdir().unwrap();
        let cold = run(data.path(), cache_dir.path(), &args, false);
        let warm = run(data.path(), cache_dir.path(), &args, false);
        let uncached = run(data.path(), cache_dir.path(), &args, true);
        prop_assert_eq!(&warm, &cold, "warm and cold differ: {:?}", args);
        prop_assert_eq!(&uncached, &cold, "--no-cache differs: {:?}", args);
    }
}

/// The same on data with a warning, every time (the property test may
/// draw none).
#[test]
fn data_with_a_warning_answers_the_same_warm_cold_and_without_cache() {
    let data = dataset(5, 80, 3, true);
    three_ways(data.path(), [3, 41, 17]).unwrap();
}

/// The bundled data's copy (which has warnings, so it is stored with
/// them), every command three ways.
#[test]
fn the_editorial_data_answers_the_same_warm_cold_and_without_cache() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editorial-2023-06");
    let mut all = common::every_command("mistral-ai", "eu-ai-act", "Arthur Mensch");
    all.push(vec![
        "dossier".into(),
        "mistral-ai".into(),
        "--format".into(),
        "markdown".into(),
    ]);
    all.push(vec!["check".into(), "--strict".into()]);
    all.push(vec!["money".into(), "--to".into(), "mistral-ai".into()]);
    for args in all {
        let cache_dir = tempfile::tempdir().unwrap();
        let cold = run(&data, cache_dir.path(), &args, false);
        let written = snapshot(cache_dir.path());
        let warm = run(&data, cache_dir.path(), &args, false);
        let uncached = run(&data, cache_dir.path(), &args, true);
        assert_eq!(warm, cold, "{args:?}");
        assert_eq!(uncached, cold, "{args:?}");
        if cold.2 == Some(0) {
            assert!(written.is_some(), "no snapshot written: {args:?}");
            assert_eq!(
                snapshot(cache_dir.path()),
                written,
                "warm run read the files: {args:?}"
            );
        }
    }
}
