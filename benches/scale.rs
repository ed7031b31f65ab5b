//! Benchmarks on generated data folders (see `reggraph generate`) with 5
//! edges per node: load + validate, ron alone parsing the same files (the
//! floor under loading), the serde_json parse of the same records (the
//! parsing-speed anchor), and the main queries.
//!
//! `cargo bench --bench scale` runs the sizes in `$REGGRAPH_BENCH_SIZES`
//! (default `10000,100000,1000000`). Under `cargo test` (no `--bench`
//! argument) it runs in quick mode: one small size, each benchmark once, so
//! the benchmarks cannot rot. Generated folders are kept under
//! `target/bench-data/` and reused.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use reggraph::export::{dot::to_dot, of_subgraph};
use reggraph::generate::{Spec, TWIN, generate, write_folder};
use reggraph::model::{DataFile, PartialDate};
use reggraph::query::{self, GroupBy, MoneyQuery, PathQuery, Selection, TimelineQuery, Window};
use reggraph::workspace::{Cache, Workspace};

// The allocator the `reggraph` binary uses, tuned as it is in `main`, so
// that loads are measured as the command line runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 7;
const EDGES_PER_NODE: usize = 5;

fn quick() -> bool {
    !std::env::args().any(|a| a == "--bench")
}

fn sizes() -> Vec<usize> {
    if quick() {
        return vec![1_000];
    }
    std::env::var("REGGRAPH_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// The generated folder for `nodes`, made once.
fn data(nodes: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(format!(
            "{nodes}-{EDGES_PER_NODE}-{SEED}-v{}",
            reggraph::generate::VERSION
        ));
    let done = dir.join(".complete");
    if !done.exists() {
        eprintln!("generating {nodes} nodes into {}", dir.display());
        let file = generate(Spec {
            nodes,
            edges_per_node: EDGES_PER_NODE,
            seed: SEED,
        });
        write_folder(&file, &dir).expect("write generated data");
        std::fs::write(&done, "").unwrap();
    }
    dir
}

fn configure(
    c: &mut Criterion,
    nodes: usize,
) -> criterion::BenchmarkGroup<'_, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(format!("{nodes}"));
    group.sample_size(10);
    if nodes >= 1_000_000 {
        group.sampling_mode(SamplingMode::Flat);
        group.measurement_time(Duration::from_secs(60));
    } else if nodes >= 100_000 {
        group.sampling_mode(SamplingMode::Flat);
        group.measurement_time(Duration::from_secs(20));
    }
    group
}

fn benches(c: &mut Criterion) {
    for nodes in sizes() {
        let dir = data(nodes);
        let mut group = configure(c, nodes);
        group.bench_function(BenchmarkId::new("load_validate", nodes), |b| {
            b.iter(|| {
                let graph = Workspace::new(&dir, &Cache::Off).graph(&|_| {});
                let graph = graph.ok().filter(|g| g.warnings.is_empty()).unwrap();
                black_box(graph.output.edge_count())
            })
        });
        // What ron alone costs: the same files parsed into the model's
        // records on every core, with no spans and no checks. The floor
        // under `load_validate`.
        group.bench_function(BenchmarkId::new("ron_parse_only", nodes), |b| {
            use rayon::prelude::*;
            let paths = reggraph::load::data_files(&dir).unwrap();
            let options = ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
            b.iter(|| {
                let edges: usize = paths
                    .par_iter()
                    .map(|path| {
                        let text = std::fs::read_to_string(path).unwrap();
                        let file: DataFile = options.from_str(&text).unwrap();
                        file.edges.len()
                    })
                    .sum();
                black_box(edges)
            })
        });
        let json = std::fs::read(dir.join(TWIN)).unwrap();
        group.bench_function(BenchmarkId::new("json_parse", nodes), |b| {
            b.iter(|| {
                let file: DataFile = serde_json::from_slice(&json).unwrap();
                black_box(file.edges.len())
            })
        });
        drop(json);
        let graph = Workspace::new(&dir, &Cache::Off)
            .graph(&|_| {})
            .ok()
            .unwrap()
            .output;
        let ids = graph.nodes();
        let centre = ids[ids.len() / 3];
        let mut around = Selection::all();
        around.depth = 2;
        group.bench_function(BenchmarkId::new("neighbors_depth_2", nodes), |b| {
            b.iter(|| black_box(around.neighbourhood(&graph, centre).len()))
        });
        // The first and the last generated nodes: far apart in the folder.
        let far_a = graph.by_id("person-0").unwrap();
        let far_b = graph.by_id(&format!("group-{}", nodes - 1)).unwrap();
        let path_query = PathQuery {
            selection: Selection::all(),
            directed: false,
            max_len: 4,
            limit: 100,
        };
        group.bench_function(BenchmarkId::new("path", nodes), |b| {
            b.iter(|| {
                black_box(query::shortest_path(&graph, &path_query, far_a, far_b).map(|p| p.len()))
            })
        });
        let year = PartialDate::year(2020).unwrap();
        let timeline = TimelineQuery {
            window: Window::new(Some(year), Some(year)).unwrap(),
            ..TimelineQuery::default()
        };
        group.bench_function(BenchmarkId::new("timeline_one_year", nodes), |b| {
            b.iter(|| black_box(query::timeline(&graph, &timeline).len()))
        });
        let money = MoneyQuery {
            by: Some(GroupBy::Funder),
            ..MoneyQuery::default()
        };
        group.bench_function(BenchmarkId::new("money_by_funder", nodes), |b| {
            b.iter(|| black_box(query::money(&graph, &money).totals.len()))
        });
        if nodes <= 10_000 {
            // The whole folder: a selection of (up to) 10k nodes.
            let all = Selection::all();
            group.bench_function(BenchmarkId::new("export_dot_10k", nodes), |b| {
                b.iter(|| {
                    let subgraph = all.apply(&graph);
                    black_box(
                        to_dot(&of_subgraph(&graph, &subgraph, None, None, "bench".into())).len(),
                    )
                })
            });
        }
        group.finish();
        std::mem::forget(graph);
    }
}

/// Bad input at 25,000 nodes (the pipeline issue's cases): one stray `@` in
/// a nodes file, and 20,000 misspelt references. Each must cost what one
/// mistake costs: the old checker took 16 and 14 minutes.
fn bad_input(c: &mut Criterion) {
    let nodes = if quick() { 1_000 } else { 25_000 };
    let clean = data(nodes);
    let broken = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&clean) {
        let entry = entry.unwrap();
        let to = broken
            .path()
            .join(entry.path().strip_prefix(&clean).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else if entry.path().extension().is_some_and(|e| e == "ron") {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let file = broken.path().join("nodes/nodes-0000.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("kind: Person,", "kind: Person, @", 1)).unwrap();
    let mut group = c.benchmark_group(format!("bad-input-{nodes}"));
    group.sample_size(10);
    group.bench_function("stray_character", |b| {
        b.iter(|| {
            let checked = reggraph::check::check_folder(broken.path(), &|_| {});
            assert_eq!(checked.error_count(), 1);
            black_box(checked.diagnostics.len())
        })
    });
    std::fs::copy(clean.join("nodes/nodes-0000.ron"), &file).unwrap();
    let misspelt = (0..nodes.min(20_000))
        .map(|i| format!("(from: \"persom-{i}\", kind: LocatedIn, to: \"jurisdiction-{}\", sources: [\"source-0\"]),\n", nodes - nodes / 40))
        .collect::<String>();
    std::fs::write(
        broken.path().join("misspelt.ron"),
        format!("(edges: [\n{misspelt}])\n"),
    )
    .unwrap();
    group.bench_function("misspelt_references", |b| {
        b.iter(|| black_box(reggraph::check::check_folder(broken.path(), &|_| {}).error_count()))
    });
    group.finish();
}

fn main() {
    reggraph::alloc::tune_mimalloc();
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    bad_input(&mut c);
    c.final_summary();
}
