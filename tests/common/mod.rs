//! Generators shared by the property tests: random valid datasets.
#![allow(dead_code)]

pub mod repo;

use proptest::prelude::*;
use reggraph::model::{
    Currency, DataFile, Edge, EdgeKind, Milestone, Money, MoneyStatus, Node, NodeKind, PartialDate,
    Period, RegulationStatus, Source, SourceType, Stage,
};
use strum::IntoEnumIterator;

pub fn date() -> impl Strategy<Value = PartialDate> {
    (
        1900i16..2100,
        proptest::option::of(1u8..=12),
        1u8..=28,
        any::<bool>(),
    )
        .prop_map(|(year, month, day, with_day)| match month {
            None => PartialDate::year(year).unwrap(),
            Some(m) if with_day => PartialDate::day(year, m, day).unwrap(),
            Some(m) => PartialDate::month(year, m).unwrap(),
        })
}

/// Free text, including what RON must escape: quotes, backslashes, newlines,
/// non-Latin scripts and emoji.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{1,12}",
        "\\PC{1,16}",
        Just("l’État « quoted » \"x\" \\ back\nslash 中文 🚀 {braces}".to_string()),
    ]
}

fn period() -> impl Strategy<Value = Period> {
    (date(), proptest::option::of(0i16..30)).prop_map(|(start, length)| Period {
        start,
        end: length.map(|years| {
            let year = start.last_day().year() + years + 1;
            PartialDate::year(year).unwrap()
        }),
    })
}

#[derive(Debug, Clone)]
struct NodeSpec {
    kind: usize,
    name: String,
    aliases: Vec<String>,
    time: Option<Result<PartialDate, Period>>,
    description: Option<String>,
    cites: bool,
    milestones: Vec<(usize, PartialDate, bool)>,
}

#[derive(Debug, Clone)]
struct EdgeSpec {
    from: usize,
    to: usize,
    kind: usize,
    time: Option<Result<PartialDate, Period>>,
    amount: Option<(u64, usize, usize)>,
    quote: Option<String>,
}

fn time() -> impl Strategy<Value = Option<Result<PartialDate, Period>>> {
    proptest::option::of(prop_oneof![date().prop_map(Ok), period().prop_map(Err)])
}

fn node_spec() -> impl Strategy<Value = NodeSpec> {
    (
        any::<usize>(),
        text(),
        proptest::collection::vec(text(), 0..3),
        time(),
        proptest::option::of(text()),
        any::<bool>(),
        proptest::collection::vec((any::<usize>(), date(), any::<bool>()), 0..3),
    )
        .prop_map(
            |(kind, name, aliases, time, description, cites, milestones)| NodeSpec {
                kind,
                name,
                aliases,
                time,
                description,
                cites,
                milestones,
            },
        )
}

fn edge_spec() -> impl Strategy<Value = EdgeSpec> {
    (
        any::<usize>(),
        any::<usize>(),
        any::<usize>(),
        time(),
        proptest::option::of((0u64..u64::MAX / 1000, any::<usize>(), any::<usize>())),
        proptest::option::of(text()),
    )
        .prop_map(|(from, to, kind, time, amount, quote)| EdgeSpec {
            from,
            to,
            kind,
            time,
            amount,
            quote,
        })
}

fn split(time: Option<Result<PartialDate, Period>>) -> (Option<PartialDate>, Option<Period>) {
    match time {
        Some(Ok(date)) => (Some(date), None),
        Some(Err(period)) => (None, Some(period)),
        None => (None, None),
    }
}

/// A valid dataset: unique slugs, edges only between kinds they allow,
/// amounts only on money edges, milestones only on regulations.
pub fn dataset() -> impl Strategy<Value = DataFile> {
    (
        proptest::collection::vec(node_spec(), 1..10),
        proptest::collection::vec(edge_spec(), 0..20),
        proptest::collection::vec(
            (
                text(),
                proptest::option::of(date()),
                proptest::option::of(0usize..4),
            ),
            1..3,
        ),
    )
        .prop_map(|(node_specs, edge_specs, source_specs)| {
            let sources: Vec<Source> = source_specs
                .into_iter()
                .enumerate()
                .map(|(i, (title, published, source_type))| Source {
                    id: format!("source-{i}"),
                    title,
                    publisher: Some("Publisher".into()),
                    source_type: source_type.map(|t| {
                        [
                            SourceType::Official,
                            SourceType::Press,
                            SourceType::Encyclopedia,
                            SourceType::Other,
                        ][t]
                    }),
                    published,
                    url: None,
                    language: Some("fr".into()),
                    note: None,
                })
                .collect();
            let kinds: Vec<NodeKind> = NodeKind::iter().collect();
            let stages = [Stage::Proposed, Stage::PositionAdopted, Stage::InForce];
            let nodes: Vec<Node> = node_specs
                .into_iter()
                .enumerate()
                .map(|(i, spec)| {
                    let kind = kinds[spec.kind % kinds.len()];
                    let (date, period) = split(spec.time);
                    let regulation = kind == NodeKind::Regulation;
                    Node {
                        id: format!("node-{i}"),
                        kind,
                        // Names are never blank: the loader rejects that.
                        name: format!("N{i} {}", spec.name),
                        aliases: spec.aliases,
                        description: spec.description,
                        tags: vec![format!("tag-{}", i % 3)],
                        date,
                        period,
                        jurisdiction: None,
                        status: regulation.then_some(RegulationStatus::UnderNegotiation),
                        sector: None,
                        budget: None,
                        milestones: if regulation {
                            spec.milestones
                                .into_iter()
                                .map(|(stage, date, actual)| Milestone {
                                    stage: stages[stage % stages.len()],
                                    date,
                                    actual,
                                    scope: None,
                                    note: Some("step".into()),
                                    sources: vec!["source-0".into()],
                                    citations: vec![],
                                })
                                .collect()
                        } else {
                            Vec::new()
                        },
                        sources: if spec.cites {
                            vec!["source-0".into()]
                        } else {
                            vec![]
                        },
                        quote: None,
                        citations: vec![],
                        alternatives: vec![],
                    }
                })
                .collect();
            let statuses = [
                MoneyStatus::Secured,
                MoneyStatus::Pledged,
                MoneyStatus::Target,
            ];
            let currencies = ["EUR", "USD", "JPY"];
            let edges: Vec<Edge> = edge_specs
                .into_iter()
                .filter_map(|spec| {
                    let from = &nodes[spec.from % nodes.len()];
                    let to = &nodes[spec.to % nodes.len()];
                    let allowed: Vec<EdgeKind> = EdgeKind::iter()
                        .filter(|k| k.allows(from.kind, to.kind))
                        .collect();
                    if allowed.is_empty() {
                        return None;
                    }
                    let kind = allowed[spec.kind % allowed.len()];
                    let (date, period) = split(spec.time);
                    Some(Edge {
                        id: None,
                        from: from.id.clone(),
                        kind,
                        to: to.id.clone(),
                        date,
                        period,
                        amount: spec.amount.filter(|_| kind.carries_money()).map(
                            |(value, currency, status)| Money {
                                value,
                                currency: Currency::from_code(currencies[currency % 3]).unwrap(),
                                status: statuses[status % 3],
                            },
                        ),
                        sources: vec![format!("source-{}", spec.from % sources.len())],
                        quote: spec.quote,
                        citations: vec![],
                        alternatives: vec![],
                        note: None,
                    })
                })
                .collect();
            DataFile {
                sources,
                nodes,
                edges,
            }
        })
}

/// What a run of the binary printed, and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// The snapshot folder the run had (removed once it ended).
    pub cache_dir: std::path::PathBuf,
}

pub mod tour;

/// The day every spawned command takes for today (`$REGGRAPH_TODAY`), so
/// that no output depends on the day the tests run.
pub const TODAY: &str = tour::TODAY;

/// The frozen editorial dataset the tests read for exact answers, never
/// the live graph-data/ (whose facts grow).
pub const EDITORIAL: &str = tour::EDITORIAL;

/// What `$REGGRAPH_DATA` says for every command [`binary`] spawns: a folder
/// that does not exist, so that a test that forgets `--data` fails, and
/// says why, instead of reading the live graph-data/ of the working
/// directory, which only `check` and the examples are run on
/// (tests/bundled_data.rs).
pub const NO_DATA: &str =
    "no-data-folder-given (a test passes --data: see NO_DATA in tests/common/mod.rs)";

/// The `reggraph` binary, ready to be given arguments, with [`TODAY`] for
/// today, [`NO_DATA`] for `$REGGRAPH_DATA`, and its snapshots in a
/// temporary folder of its own instead of the user's cache folder. The
/// folder is removed when this is dropped: a command spawned from a
/// temporary `binary()` keeps it until the end of its statement.
///
/// One folder per command rather than one per test process: a static is
/// never dropped, so a process-wide folder would outlive every run, and
/// a snapshot from one test could answer another's command.
pub struct Binary {
    command: assert_cmd::Command,
    cache_dir: tempfile::TempDir,
}

pub fn binary() -> Binary {
    let cache_dir = tempfile::Builder::new()
        .prefix("reggraph-test-cache-")
        .tempdir()
        .expect("a temporary snapshot folder");
    let mut command = assert_cmd::Command::cargo_bin("reggraph").unwrap();
    command
        .env("REGGRAPH_CACHE_DIR", cache_dir.path())
        .env("REGGRAPH_TODAY", TODAY)
        .env("REGGRAPH_DATA", NO_DATA);
    Binary { command, cache_dir }
}

impl Binary {
    pub fn cache_dir(&self) -> &std::path::Path {
        self.cache_dir.path()
    }
}

impl std::ops::Deref for Binary {
    type Target = assert_cmd::Command;
    fn deref(&self) -> &assert_cmd::Command {
        &self.command
    }
}

impl std::ops::DerefMut for Binary {
    fn deref_mut(&mut self) -> &mut assert_cmd::Command {
        &mut self.command
    }
}

/// Runs `reggraph` from the package root (so paths in its output are the
/// ones a contributor sees), with `$REGGRAPH_DATA` naming no folder (see
/// [`NO_DATA`]) and without colours, with its snapshots in a temporary
/// folder (see [`binary`]), with extra environment variables.
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = binary();
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    Run {
        code: output.status.code().expect("exited by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        cache_dir: command.cache_dir().to_path_buf(),
    }
}

/// [`run`] on a data folder.
pub fn run_on(data: &str, args: &[&str]) -> Run {
    let mut all = vec!["--data", data];
    all.extend_from_slice(args);
    run(&all, &[])
}

/// Whether the tests run in CI: `$CI` set to anything but empty, `0` or
/// `false`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Graphviz's `dot`, when it is on PATH. Tests that run it are skipped
/// without it, except in CI, which installs Graphviz for them: there a
/// missing `dot` fails the test, so that a broken install cannot pass for
/// a green run.
#[track_caller]
pub fn graphviz() -> Option<std::path::PathBuf> {
    let dot = which::which("dot").ok();
    if dot.is_none() && in_ci() {
        panic!(
            "Graphviz is not installed (no `dot` on PATH) but CI is set: in CI the Graphviz \
             tests must run, not be skipped (.ci/run installs graphviz; unset CI to skip them)"
        );
    }
    dot
}

/// A copy of `tests/fixtures/<fixture>` in a temporary folder, with
/// `edges.ron` added as a symbolic link to a file that does not exist: a
/// broken link git cannot keep in the fixture itself.
#[cfg(unix)]
pub fn with_dangling_link(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::os::unix::fs::symlink("missing.ron", dir.path().join("edges.ron")).unwrap();
    dir
}

/// `target/<profile>/examples/<name>`, next to the running test's binary:
/// `cargo test` builds the examples before it runs the tests.
pub fn example(name: &str) -> std::path::PathBuf {
    let mut path = std::env::current_exe().unwrap();
    path.pop(); // the test binary
    if path.ends_with("deps") {
        path.pop();
    }
    path.push("examples");
    path.push(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} was not built; run `cargo test` (which builds the examples)",
        path.display()
    );
    path
}
pub mod interop;

/// Every command that reads data, on nodes `a` and `b` (ids) and the name
/// `name`.
pub fn every_command(a: &str, b: &str, name: &str) -> Vec<Vec<String>> {
    let line = |text: &str| text.split(' ').map(str::to_string).collect::<Vec<_>>();
    let mut all: Vec<Vec<String>> = [
        "check".to_string(),
        "check --format json".into(),
        "check --format short".into(),
        format!("show {a}"),
        format!("show {a} --format json"),
        format!("neighbors {a} --depth 1"),
        format!("neighbors {b} --depth 2"),
        format!("neighbors {a} --depth 3 --format json"),
        format!("neighbors {a} --depth 2 --since 2010 --until 2020"),
        format!("path {a} {b}"),
        format!("path {a} {b} --all --max-len 3"),
        format!("path {a} {b} --directed"),
        format!("path {a} {b} --as-of 2015"),
        "list".into(),
        "list --kind person".into(),
        "list --kind company --as-of 2012 --format json".into(),
        "timeline".into(),
        "timeline --since 2010 --until 2012-06".into(),
        format!("timeline --actor {a}"),
        "money".into(),
        "money --by funder".into(),
        "money --by recipient --format json".into(),
        "money --by year --status secured".into(),
        format!("money --to {b}"),
        "stats --top 5".into(),
        "stats --top 3 --format json".into(),
        "agenda".into(),
        "sources".into(),
        "export dot".into(),
        format!("export dot --around {a} --depth 2"),
        "export json".into(),
        "export mermaid".into(),
        format!("export graphml --around {b}"),
        "show no-such-node".into(),
        "path no-such-node no-other-node".into(),
    ]
    .iter()
    .map(|text| line(text))
    .collect();
    all.push(vec!["show".into(), name.into()]);
    all
}

/// What a command printed and how it ended.
pub type Answer = (String, String, Option<i32>);

/// Runs the binary on `data` with its snapshots in `cache_dir` (or none,
/// with `no_cache`), without colours.
pub fn run_cached(
    data: &std::path::Path,
    cache_dir: &std::path::Path,
    args: &[String],
    no_cache: bool,
) -> Answer {
    let mut command = binary();
    command
        .env("REGGRAPH_CACHE_DIR", cache_dir)
        .env("NO_COLOR", "1")
        .arg("--data")
        .arg(data);
    if no_cache {
        command.arg("--no-cache");
    }
    let output = command.args(args).output().unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code(),
    )
}

/// The one snapshot in `cache_dir`, by inode (a snapshot written again is
/// a new file, renamed into place).
pub fn snapshot_inode(cache_dir: &std::path::Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    let entries: Vec<_> = std::fs::read_dir(cache_dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .collect();
    match entries.as_slice() {
        [one] => Some(std::fs::metadata(one).unwrap().ino()),
        _ => None,
    }
}
