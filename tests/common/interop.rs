//! Running the tools other people read our exports with: the Python
//! environment `.ci/run` makes from requirements-interop.txt
//! (`.venv-interop/`, or `$REGGRAPH_PYTHON`), and the check scripts in
//! tests/interop/.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python of the interop environment, when there is one. Without it
/// the tests that need it skip with a message, except in CI (`$CI` set),
/// where `.ci/run` makes it: there a missing environment fails the test.
#[track_caller]
pub fn python() -> Option<PathBuf> {
    let python = match std::env::var_os("REGGRAPH_PYTHON") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-interop/bin/python"),
    };
    if python.exists() {
        return Some(python);
    }
    if super::in_ci() {
        panic!(
            "the interop Python environment {} is missing but CI is set: in CI the interop \
             tests must run, not be skipped (.ci/run makes it from requirements-interop.txt)",
            python.display()
        );
    }
    eprintln!(
        "skipped: no Python environment at {} (make it as .ci/run does: python3 -m venv \
         .venv-interop && .venv-interop/bin/pip install -r requirements-interop.txt)",
        python.display()
    );
    None
}

/// Runs `tests/interop/SCRIPT` with `args` in the interop environment and
/// returns what it printed on stdout; fails the test with its stderr if
/// it exits non-zero.
#[track_caller]
pub fn run_script(python: &Path, script: &str, args: &[&std::ffi::OsStr]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop")
        .join(script);
    let output = Command::new(python)
        .arg(&path)
        .args(args)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run the interop Python");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{script} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// A generated data folder of `nodes` nodes (`reggraph generate --seed 7`),
/// in a temporary folder.
pub fn generated(nodes: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let run = super::run(
        &[
            "generate",
            "--nodes",
            &nodes.to_string(),
            "--seed",
            "7",
            "-o",
            dir.path().to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "generate failed: {}", run.stderr);
    dir
}

/// `reggraph --data DATA export ARGS... -o OUT`, checked to succeed;
/// `OUT` (a file or a folder) is returned inside `dir`.
#[track_caller]
pub fn export(data: &Path, args: &[&str], dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let mut all = vec!["--data", data.to_str().unwrap(), "export"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", out.to_str().unwrap()]);
    let run = super::run(&all, &[]);
    assert_eq!(run.code, 0, "export {args:?} failed: {}", run.stderr);
    out
}

/// The bundled data's frozen copy, which the interop tests export.
pub fn editorial() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editorial-2023-06")
}

/// reggraph's own answer for a tool's to be compared with: the ids
/// `neighbors ID --depth 2` reaches (edges walked either way; sorted, the
/// centre left out).
pub fn two_hop(data: &Path, id: &str) -> Vec<String> {
    let value = json(data, &["neighbors", id, "--depth", "2"]);
    let mut ids: Vec<String> = value["layers"]
        .as_array()
        .expect("neighbors --format json has `layers`")
        .iter()
        .flat_map(|layer| layer["nodes"].as_array().unwrap().iter())
        .map(|r| r["node"]["id"].as_str().unwrap().to_string())
        .filter(|n| n != id)
        .collect();
    ids.sort();
    ids
}

/// Every shortest path from `from` to `to` (edges walked either way), as
/// the ids along it, sorted: what `path` finds, and what `path --all`
/// lists of that length.
pub fn shortest_paths(data: &Path, from: &str, to: &str) -> Vec<Vec<String>> {
    let ids = |path: &serde_json::Value| -> Vec<String> {
        path["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    let shortest = json(data, &["path", from, to]);
    let length = shortest["paths"][0]["length"].as_u64().expect("a path");
    let all = json(
        data,
        &[
            "path",
            from,
            to,
            "--all",
            "--max-len",
            &length.to_string(),
            "--limit",
            "100000",
        ],
    );
    let mut paths: Vec<Vec<String>> = all["paths"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["length"].as_u64() == Some(length))
        .map(ids)
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// `reggraph --data DATA ARGS... --format json`, parsed.
fn json(data: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--data", data.to_str().unwrap()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = super::run(&all, &[]);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}
