//! Who founded a company? Load the bundled data, resolve a name or alias,
//! and follow the founding edges into it, with their dates and sources.
//!
//! Run: `cargo run --example founders -- "Mistral AI"` (on the data folder
//! `$REGGRAPH_DATA`, else `./graph-data`, as the commands read)

use petgraph::Direction;
use reggraph::model::EdgeKind;
use reggraph::workspace::{Cache, Workspace};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Mistral AI".into());
    let data = std::env::var_os("REGGRAPH_DATA").unwrap_or_else(|| "graph-data".into());
    let graph = Workspace::new(std::path::Path::new(&data), &Cache::Off)
        .graph(&|_| {})
        .map_err(|report| format!("the data has errors: {}", report.summary()))?
        .output;
    let company = graph.resolve(&name)?;
    println!("{} was founded by:", graph.node(company).name);
    for (edge, founder) in graph.relations(company, Direction::Incoming) {
        let edge = graph.edge(edge);
        if matches!(edge.kind, EdgeKind::Founded | EdgeKind::CoFounded) {
            let when = edge.when().map(|w| format!(" ({w})")).unwrap_or_default();
            println!(
                "  {}{when}  [{}]",
                graph.node(founder).name,
                edge.sources.join(", ")
            );
        }
    }
    Ok(())
}
