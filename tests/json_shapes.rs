//! Every field the JSON outputs carry is documented in docs/json.md: each
//! command is run with `--format json` on a fixture and every object key
//! found must appear in the docs as `"key"`.

use std::collections::BTreeSet;

mod common;

fn keys(value: &serde_json::Value, into: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                into.insert(key.clone());
                keys(value, into);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, into)),
        _ => {}
    }
}

#[test]
fn every_json_field_is_documented() {
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md"),
    )
    .unwrap();
    let runs: &[&[&str]] = &[
        &["check"],
        &["list"],
        &["show", "acme"],
        &["neighbors", "acme", "--depth", "2"],
        &["path", "alice", "carol"],
        &["timeline"],
        &["money"],
        &["money", "--by", "funder"],
        &["stats"],
        &["sources"],
        &["facts"],
    ];
    let mut seen = BTreeSet::new();
    for args in runs {
        let mut all = vec!["--data", "tests/fixtures/queries", "--format", "json"];
        all.extend_from_slice(args);
        let run = common::run(&all, &[]);
        let value: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{}{}", run.stdout, run.stderr));
        keys(&value, &mut seen);
    }
    // An error and a warning, for the diagnostics' fields.
    let run = common::run(
        &[
            "--data",
            "tests/fixtures/kind-mismatch",
            "--format",
            "json",
            "check",
        ],
        &[],
    );
    keys(&serde_json::from_str(&run.stdout).unwrap(), &mut seen);
    // Citations with every field, on a node, a milestone and an edge.
    for args in [
        &["show", "acme"][..],
        &["show", "law"],
        &["facts"],
        &["sources"],
    ] {
        let mut all = vec!["--data", "tests/fixtures/citations", "--format", "json"];
        all.extend_from_slice(args);
        let run = common::run(&all, &[]);
        keys(&serde_json::from_str(&run.stdout).unwrap(), &mut seen);
    }
    // A diff with every field: an addition, a change with fields, both
    // sides from git.
    let repo = common::repo::scripted();
    for args in [
        &["diff", "HEAD~7", "HEAD"][..],
        &["diff", "HEAD~7", "HEAD~6"],
    ] {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let run = repo.run(&all);
        keys(&serde_json::from_str(&run.stdout).unwrap(), &mut seen);
    }
    let undocumented: Vec<&String> = seen
        .iter()
        .filter(|key| !docs.contains(&format!("\"{key}\"")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "docs/json.md does not document: {undocumented:?}"
    );
    assert!(seen.len() > 20, "too few fields seen: {seen:?}");
}
