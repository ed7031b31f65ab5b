//! A snapshot damaged in any kind of block, the new flat arrays included,
//! answers exactly as the files do: each block is checked before use, a
//! command that meets a damaged one throws its answer away unseen and
//! answers from the files (which writes a new snapshot), and one that never
//! reads it answers from the rest. A truncated snapshot is never opened.

use std::path::Path;

use reggraph::cache;
use reggraph::generate::{Spec, generate, write_folder};

mod common;

/// Commands that between them read every kind of block.
fn commands(first: &str, last: &str, name: &str) -> Vec<Vec<String>> {
    let words = |line: &str| line.split(' ').map(str::to_string).collect::<Vec<_>>();
    let mut all = vec![
        words(&format!("show {first}")),
        words(&format!("neighbors {first} --depth 2")),
        words(&format!("path {first} {last}")),
        words("list --kind person"),
        words("timeline --since 2010 --until 2012"),
        words("money --by funder"),
        words("stats --top 5"),
        words("export json"),
        words(&format!("export dot --around {last}")),
        words("sources"),
        words("show no-such-node"),
    ];
    all.push(vec!["show".into(), name.into()]);
    all
}

fn run(data: &Path, cache_dir: &Path, args: &[String], no_cache: bool) -> (Vec<u8>, Vec<u8>, i32) {
    let mut command = common::binary();
    command
        .env("REGGRAPH_CACHE_DIR", cache_dir)
        .arg("--data")
        .arg(data);
    if no_cache {
        command.arg("--no-cache");
    }
    let output = command.args(args).output().unwrap();
    (
        output.stdout,
        output.stderr,
        output.status.code().unwrap_or(-1),
    )
}

/// Asserts two answers are the same, shown as text.
fn same(answer: &(Vec<u8>, Vec<u8>, i32), expected: &(Vec<u8>, Vec<u8>, i32), what: &str) {
    let text = |a: &(Vec<u8>, Vec<u8>, i32)| {
        (
            String::from_utf8_lossy(&a.0).into_owned(),
            String::from_utf8_lossy(&a.1).into_owned(),
            a.2,
        )
    };
    assert_eq!(text(answer), text(expected), "{what}");
}

#[test]
fn every_kind_of_damaged_or_truncated_block_answers_as_the_files() {
    let data = tempfile::tempdir().unwrap();
    write_folder(
        &generate(Spec {
            nodes: 250,
            edges_per_node: 4,
            seed: 11,
        }),
        data.path(),
    )
    .unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    // Writes the snapshot.
    assert_eq!(
        run(data.path(), cache_dir.path(), &["check".into()], false).2,
        0
    );
    let path = cache::snapshot_path_in(cache_dir.path(), data.path()).unwrap();
    let good = std::fs::read(&path).unwrap();
    let layout = cache::layout(&path).unwrap();
    let twin: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.path().join("twin.json")).unwrap()).unwrap();
    let nodes = twin["nodes"].as_array().unwrap();
    let (first, last) = (
        nodes[0]["id"].as_str().unwrap(),
        nodes[nodes.len() - 1]["id"].as_str().unwrap(),
    );
    let name = nodes[7]["name"].as_str().unwrap();
    let commands = commands(first, last, name);
    let expected: Vec<_> = commands
        .iter()
        .map(|args| run(data.path(), cache_dir.path(), args, true))
        .collect();
    let mut kinds: Vec<&str> = layout.iter().map(|(kind, _, _)| kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for kind in [
        "adjacency",
        "amounts",
        "edge records",
        "edge rows",
        "id order",
        "names",
        "node records",
        "node rows",
        "first ids",
        "first keys",
        "sources",
        "parts",
        "index",
        "header",
    ] {
        assert!(kinds.contains(&kind), "no block of kind {kind}: {kinds:?}");
    }
    for kind in &kinds {
        let blocks: Vec<(u64, u64)> = layout
            .iter()
            .filter(|(k, _, len)| k == kind && *len > 0)
            .map(|&(_, offset, len)| (offset, len))
            .collect();
        // One byte flipped in every block of this kind, then the file cut
        // in the middle of its first block.
        let mut flipped = good.clone();
        for &(offset, len) in &blocks {
            flipped[(offset + len / 2) as usize] ^= 0x20;
        }
        let (offset, len) = blocks[0];
        let cut = good[..(offset + len / 2) as usize].to_vec();
        // The parts are read only after an edit of one file: a comment.
        let edited = data.path().join("sources.ron");
        let before_edit = std::fs::read(&edited).unwrap();
        if *kind == "parts" {
            let mut text = before_edit.clone();
            text.extend_from_slice(b"// read again\n");
            std::fs::write(&edited, text).unwrap();
        }
        let mut cases = vec![("flipped", flipped.clone()), ("truncated", cut)];
        // The third block alone, which a scan from the first reads in one
        // read with the second: that read keeps the second and refuses
        // it.
        if let Some(&(offset, len)) = blocks.get(2) {
            let mut third = good.clone();
            third[(offset + len / 2) as usize] ^= 0x20;
            cases.push(("flipped in its third block alone", third));
        }
        // The first edge's kind changed to another (byte 8 of a row) in
        // every block of edge rows: what `stats` counts, in a scan that keeps no
        // block, must still be refused by the checksum.
        if *kind == "edge rows" {
            let mut kinds_changed = good.clone();
            for &(offset, _) in &blocks {
                kinds_changed[(offset + 8) as usize] ^= 0x01;
            }
            cases.push(("with an edge kind changed in each block", kinds_changed));
        }
        for (how, damaged) in cases {
            let mut rebuilt = false;
            for (args, expected) in commands.iter().zip(&expected) {
                std::fs::write(&path, &damaged).unwrap();
                let answer = run(data.path(), cache_dir.path(), args, false);
                same(&answer, expected, &format!("{kind} {how}: {args:?}"));
                // Met the damage: the snapshot was removed, and written
                // again unless the command failed.
                rebuilt |= std::fs::read(&path).map_or(true, |now| now != damaged);
            }
            assert!(rebuilt, "{kind} {how}: no command noticed the damage");
        }
        std::fs::write(&edited, before_edit).unwrap();
        // The same blocks read after an edit of an edges file, with that
        // file's new records in place of the snapshot's.
        let edges = data.path().join("edges/edges-0000.ron");
        let before_edit = std::fs::read(&edges).unwrap();
        let mut text = before_edit.clone();
        text.extend_from_slice(b"// read again\n");
        std::fs::write(&edges, text).unwrap();
        for (args, expected) in commands.iter().zip(&expected).take(5) {
            std::fs::write(&path, &flipped).unwrap();
            let answer = run(data.path(), cache_dir.path(), args, false);
            same(
                &answer,
                expected,
                &format!("{kind} flipped, after an edit: {args:?}"),
            );
        }
        std::fs::write(&edges, before_edit).unwrap();
    }
}
