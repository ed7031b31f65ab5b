//! A time-lapse: one selection drawn at successive as-of dates, every node
//! where it is in every frame. The union of what any frame shows is laid
//! out once by Graphviz (`-Tdot` keeps the positions in the DOT); each frame
//! is that positioned DOT with what did not exist on its date made
//! invisible, drawn with `neato -n2`, which uses the positions as they are.

use std::collections::BTreeSet;
use std::path::Path;

use graphviz_rust::dot_structures::{Attribute, Graph, GraphAttributes, Id, Stmt};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use jiff::ToSpan;
use jiff::civil::Date;

use super::diagram::Diagram;
use super::dot::{self, quoted};
use super::render::{Format, Layout, Options, RenderError, Size, run_graphviz};

/// How far apart frames are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Days(i32),
    Weeks(i32),
    Months(i32),
    Years(i32),
}

impl std::str::FromStr for Step {
    type Err = String;

    /// `10d`, `2w`, `6m`, `1y`.
    fn from_str(text: &str) -> Result<Step, String> {
        let text = text.trim();
        let unit_at = text
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(|| format!("`{text}` has no unit: write 10d, 2w, 6m or 1y"))?;
        let (number, unit) = text.split_at(unit_at);
        let count: i32 = number
            .parse()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| format!("`{number}` is not a count from 1 to 1000"))?;
        match unit {
            "d" => Ok(Step::Days(count)),
            "w" => Ok(Step::Weeks(count)),
            "m" => Ok(Step::Months(count)),
            "y" => Ok(Step::Years(count)),
            _ => Err(format!(
                "unknown unit `{unit}`: use d (days), w (weeks), m (months) or y (years)"
            )),
        }
    }
}

/// The most frames one run draws.
pub const MAX_FRAMES: usize = 500;

/// The frames' dates: `since`, then every `step` up to `until` (inclusive),
/// counted from `since` (so the 31st plus a month is the last day of the
/// next month). `None` when there would be more than [`MAX_FRAMES`].
pub fn dates(since: Date, until: Date, step: Step) -> Option<Vec<Date>> {
    let mut dates = Vec::new();
    for n in 0.. {
        let span = match step {
            Step::Days(d) => (d * n).days(),
            Step::Weeks(w) => (w * n).weeks(),
            Step::Months(m) => (m * n).months(),
            Step::Years(y) => (y * n).years(),
        };
        let Ok(date) = since.checked_add(span) else {
            break;
        };
        if date > until {
            break;
        }
        if dates.len() == MAX_FRAMES {
            return None;
        }
        dates.push(date);
    }
    Some(dates)
}

fn text_of(id: &Id) -> &str {
    match id {
        Id::Escaped(s) => s.get(1..s.len().saturating_sub(1)).unwrap_or(""),
        Id::Plain(s) | Id::Html(s) | Id::Anonymous(s) => s,
    }
}

/// The id given to the `n`th edge of a diagram, so that it can be found
/// in Graphviz's output.
fn edge_id(n: usize) -> String {
    format!("_edge_{n}")
}

/// The union diagram laid out once: its DOT with Graphviz's positions.
pub fn lay_out(union: &Diagram, program: &Path, options: &Options) -> Result<Graph, RenderError> {
    let mut graph = dot::graph(union);
    // The diagram's edges are the graph's top-level edges, in order.
    let stmts = match &mut graph {
        Graph::DiGraph { stmts, .. } | Graph::Graph { stmts, .. } => stmts,
    };
    let mut n = 0;
    for stmt in stmts.iter_mut() {
        if let Stmt::Edge(edge) = stmt {
            edge.attributes
                .push(Attribute(Id::Plain("id".into()), quoted(&edge_id(n))));
            n += 1;
        }
    }
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    let layout = Layout::for_size(union.nodes.len(), union.edges.len());
    let size = Size {
        nodes: union.nodes.len(),
        edges: union.edges.len(),
    };
    let options = Options {
        format: Format::Dot,
        ..options.clone()
    };
    let (bytes, _) = run_graphviz(program, &text, layout, &options, size)?;
    // Graphviz breaks long quoted strings with a backslash and a newline,
    // which DOT reads as nothing.
    let positioned = String::from_utf8_lossy(&bytes).replace("\\\n", "");
    graphviz_rust::parse(&positioned).map_err(|e| {
        RenderError::Io(std::io::Error::other(format!(
            "Graphviz's laid-out DOT could not be read back: {e}"
        )))
    })
}

/// One frame: the laid-out union with every node not in `nodes` and every
/// edge (by its place in the union diagram) not in `edges` invisible, and
/// `title` as its title. DOT for `neato -n2`.
pub fn frame(
    positioned: &Graph,
    data_nodes: &BTreeSet<String>,
    nodes: &BTreeSet<String>,
    edges: &BTreeSet<usize>,
    title: &str,
) -> String {
    fn hide(attributes: &mut Vec<Attribute>) {
        attributes.retain(|a| text_of(&a.0) != "style");
        attributes.push(Attribute(Id::Plain("style".into()), quoted("invis")));
    }
    fn walk(
        stmts: &mut [Stmt],
        data_nodes: &BTreeSet<String>,
        nodes: &BTreeSet<String>,
        edges: &BTreeSet<usize>,
        title: &str,
        top: bool,
    ) {
        for stmt in stmts {
            match stmt {
                Stmt::Node(node) => {
                    let id = text_of(&node.id.0);
                    if data_nodes.contains(id) && !nodes.contains(id) {
                        hide(&mut node.attributes);
                    }
                }
                Stmt::Edge(edge) => {
                    let place = edge
                        .attributes
                        .iter()
                        .find(|a| text_of(&a.0) == "id")
                        .and_then(|a| text_of(&a.1).strip_prefix("_edge_")?.parse().ok());
                    if place.is_some_and(|n: usize| !edges.contains(&n)) {
                        hide(&mut edge.attributes);
                    }
                }
                Stmt::Subgraph(sub) => walk(&mut sub.stmts, data_nodes, nodes, edges, title, false),
                Stmt::GAttribute(GraphAttributes::Graph(attributes)) if top => {
                    for attribute in attributes.iter_mut() {
                        if matches!(text_of(&attribute.0), "label" | "tooltip") {
                            attribute.1 = quoted(title);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut graph = positioned.clone();
    let stmts = match &mut graph {
        Graph::DiGraph { stmts, .. } | Graph::Graph { stmts, .. } => stmts,
    };
    walk(stmts, data_nodes, nodes, edges, title, true);
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// Draws one frame's DOT with the positions it holds.
pub fn draw(
    frame_dot: &str,
    program: &Path,
    options: &Options,
    size: Size,
) -> Result<Vec<u8>, RenderError> {
    run_graphviz(program, frame_dot, Layout::Pinned, options, size).map(|(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_dates() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!("6m".parse(), Ok(Step::Months(6)));
        assert_eq!("1y".parse(), Ok(Step::Years(1)));
        assert!("6".parse::<Step>().unwrap_err().contains("no unit"));
        assert!("6q".parse::<Step>().unwrap_err().contains("unknown unit"));
        assert!("0d".parse::<Step>().is_err());
        assert_eq!(
            dates(d("2023-01-31"), d("2023-04-30"), Step::Months(1)).unwrap(),
            [
                d("2023-01-31"),
                d("2023-02-28"),
                d("2023-03-31"),
                d("2023-04-30")
            ]
        );
        assert_eq!(
            dates(d("2023-01-01"), d("2022-01-01"), Step::Days(1)).unwrap(),
            Vec::<Date>::new()
        );
        assert!(dates(d("1900-01-01"), d("2099-01-01"), Step::Days(1)).is_none());
    }
}
