//! Times the queries the comparison with other graph tools runs, in process
//! (load excluded), and prints the answers and timings as JSON for
//! `benches/peers/compare.py`: the 2-hop neighbourhood (edges either way)
//! of CENTRE and of each further centre given, and the shortest path
//! length (edges either way) from FROM to TO.
//!
//! Run: `cargo run --release --example query_timing -- DATA_DIR CENTRE FROM TO [CENTRE...]`

use std::time::Instant;

use reggraph::query::{self, PathQuery, Selection};
use reggraph::workspace::{Cache, Workspace};

// The allocator the `reggraph` binary uses, tuned as it is in `main`, so
// that loads are measured as the command line runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    reggraph::alloc::tune_mimalloc();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, centre, from, to, more @ ..] = &args[..] else {
        return Err("usage: query_timing DATA_DIR CENTRE FROM TO [CENTRE...]".into());
    };
    let started = Instant::now();
    // As the command line loads valid data: straight from the files'
    // checked records into the graph.
    let graph = Workspace::new(data, &Cache::Off)
        .graph(&|_| {})
        .map_err(|report| format!("the data has problems: {}", report.summary()))?
        .output;
    let load_seconds = started.elapsed().as_secs_f64();
    let find = |id: &str| graph.by_id(id).ok_or(format!("no node {id}"));
    let (from, to) = (find(from)?, find(to)?);

    let mut around = Selection::all();
    around.depth = 2;
    let mut neighbourhoods = Vec::new();
    for id in std::iter::once(centre).chain(more) {
        let centre = find(id)?;
        // Warm up once: the id order is computed on first use, as networkx
        // builds its adjacency while loading.
        around.neighbourhood(&graph, centre);
        let mut reached = Vec::new();
        let seconds = median_time(|| reached = around.neighbourhood(&graph, centre));
        let nodes: Vec<&str> = reached
            .iter()
            .map(|r| graph.node(r.node).id.as_str())
            .collect();
        neighbourhoods.push(serde_json::json!({"centre": id, "nodes": nodes, "seconds": seconds}));
    }

    let path_query = PathQuery {
        selection: Selection::all(),
        directed: false,
        max_len: 4,
        limit: 1,
    };
    // Warm up once too: the walk's visited marks are allocated on first use.
    query::shortest_path(&graph, &path_query, from, to);
    let mut path = None;
    let path_seconds = median_time(|| path = query::shortest_path(&graph, &path_query, from, to));

    let answer = serde_json::json!({
        "load_seconds": load_seconds,
        "neighbourhoods": neighbourhoods,
        "path_seconds": path_seconds,
        "path_length": path.map(|p| p.len()),
    });
    println!("{answer}");
    std::mem::forget(graph);
    Ok(())
}

/// The median over 15 batches of the mean time of one call in a batch of
/// `$RUNS` calls (default 200): the machine is shared and noisy.
fn median_time(mut call: impl FnMut()) -> f64 {
    let runs: u32 = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(200);
    let mut batches: Vec<f64> = (0..15)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..runs {
                call();
            }
            started.elapsed().as_secs_f64() / f64::from(runs)
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[batches.len() / 2]
}
