//! Who funded whom, per currency: every amount along money edges, then the
//! totals per funder, never summed across currencies or statuses.
//!
//! Run: `cargo run --example funding_report [-- DATA_DIR]` (by default the
//! data folder `$REGGRAPH_DATA`, else `./graph-data`, as the commands read)

use reggraph::model::short_amount;
use reggraph::query::{self, Group, GroupBy, MoneyQuery, Selection};
use reggraph::workspace::{Cache, Workspace};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = std::env::args_os()
        .nth(1)
        .or_else(|| std::env::var_os("REGGRAPH_DATA"))
        .unwrap_or_else(|| "graph-data".into());
    let graph = Workspace::new(std::path::Path::new(&data), &Cache::Off)
        .graph(&|_| {})
        .map_err(|report| format!("the data has errors: {}", report.summary()))?
        .output;
    let report = query::money(
        &graph,
        &MoneyQuery {
            selection: Selection::all(),
            by: Some(GroupBy::Funder),
            ..MoneyQuery::default()
        },
    );
    println!("Amounts ({}):", report.flows.len());
    for flow in &report.flows {
        let amount = match flow.amount {
            Some(money) => format!("{money} {}", money.status.label()),
            None => "amount not given".to_string(),
        };
        let when = flow
            .when
            .map(|w| w.to_string())
            .unwrap_or_else(|| "undated".into());
        println!(
            "  {:<10} {} -> {}: {amount}  [{}]",
            when,
            graph.node(flow.funder).name,
            graph.node(flow.recipient).name,
            graph.edge(flow.edge).sources.join(", ")
        );
    }
    println!("\nTotals per funder:");
    for total in &report.totals {
        if let Group::Node(funder) = total.group {
            println!(
                "  {}: {} {} {}",
                graph.node(funder).name,
                total.currency.code(),
                short_amount(u64::try_from(total.value)?),
                total.status.label()
            );
        }
    }
    Ok(())
}
