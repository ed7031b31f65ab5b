//! A regulation's status on chosen days, from its dated milestones: the EU
//! AI Act from its proposal to its application dates.
//!
//! Run: `cargo run --example as_of [-- REGULATION DAY...]` (on the data
//! folder `$REGGRAPH_DATA`, else `./graph-data`, as the commands read)

use reggraph::model::PartialDate;
use reggraph::query::{self, AsOf};
use reggraph::workspace::{Cache, Workspace};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let regulation = args.next().unwrap_or_else(|| "eu-ai-act".into());
    let mut days: Vec<String> = args.collect();
    if days.is_empty() {
        days = [
            "2021-01-01",
            "2021-04-21",
            "2023-06-15",
            "2023-12-31",
            "2024-08-01",
            "2025-09-01",
        ]
        .map(String::from)
        .to_vec();
    }
    let data = std::env::var_os("REGGRAPH_DATA").unwrap_or_else(|| "graph-data".into());
    let graph = Workspace::new(std::path::Path::new(&data), &Cache::Off)
        .graph(&|_| {})
        .map_err(|report| format!("the data has errors: {}", report.summary()))?
        .output;
    let node = graph.node(graph.resolve(&regulation)?);
    println!("{} ({})", node.name, node.id);
    for day in days {
        let as_of = AsOf::new(day.parse::<PartialDate>()?);
        match query::milestone_on(node, Some(as_of.day)) {
            Some(milestone) => println!(
                "  {day}: {}, since {} ({})  [{}]",
                milestone.stage.status_after().label(),
                milestone.date,
                milestone.note.as_deref().unwrap_or(""),
                milestone.sources.join(", ")
            ),
            None => println!("  {day}: not yet proposed"),
        }
    }
    Ok(())
}
