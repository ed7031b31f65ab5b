//! The command line: clap definitions, running a command, and printing its
//! result as text or JSON. Work is done by the library; this module only
//! turns flags into calls and results into output.

pub mod args;
pub mod json;
mod print;
mod report;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};

pub use args::{Cli, ColorWhen, Command, Format};

use crate::check::{self, JsonDiagnostic, Loaded};
use crate::graph::{KnowledgeGraph, LookupError};

/// A command that could not answer: what to print on stderr (nothing when
/// the message is empty), and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub help: Option<String>,
    pub exit_code: u8,
}

impl Failure {
    fn usage(message: impl Into<String>, help: Option<String>) -> Failure {
        Failure {
            message: message.into(),
            help,
            exit_code: 2,
        }
    }

    fn data(message: impl Into<String>, help: Option<String>) -> Failure {
        Failure {
            message: message.into(),
            help,
            exit_code: 1,
        }
    }
}

/// Runs a parsed command line, writing results to stdout. Returns the exit code.
pub fn run(cli: Cli) -> Result<u8, Failure> {
    let data = cli
        .data
        .clone()
        .unwrap_or_else(|| PathBuf::from("graph-data"));
    let loaded = check::load(&data);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match &cli.command {
        Command::Check => {
            let code = print_check(&cli, &loaded)?;
            Ok(code)
        }
        command => {
            let graph = usable_graph(&cli, loaded)?;
            let written = answer(&mut out, cli.format, &graph, command)?;
            written.and_then(|_| out.flush()).map_err(io_failure)?;
            Ok(0)
        }
    }
}

/// Runs a query command and prints its answer. The outer error is a query
/// that could not be answered; the inner one a failed write.
fn answer(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    command: &Command,
) -> Result<std::io::Result<()>, Failure> {
    use crate::query;
    Ok(match command {
        Command::Check => unreachable!("handled by run"),
        Command::List(args) => print::list(out, format, graph, args),
        Command::Show(args) => {
            let node = resolve(graph, &args.node)?;
            print::show(out, format, graph, node, args.as_of.map(query::AsOf::new))
        }
        Command::Neighbors(args) => {
            let centre = resolve(graph, &args.node)?;
            let spec = query::SelectionSpec {
                around: None,
                depth: None,
                direction: args.direction.into(),
                node_kinds: args.node_kinds.clone(),
                edge_kinds: args.edge_kinds.clone(),
                since: args.time.since,
                until: args.time.until,
                as_of: args.time.as_of,
            };
            let mut selection = query::Selection::resolve(&spec, graph).map_err(query_failure)?;
            selection.around = Some(centre);
            selection.depth = args.depth;
            let reached = selection.neighbourhood(graph, centre);
            report::neighbors(
                out,
                format,
                graph,
                &reached,
                args.depth,
                selection.direction.label(),
            )
        }
        Command::Path(args) => {
            let from = resolve(graph, &args.from)?;
            let to = resolve(graph, &args.to)?;
            let spec = query::SelectionSpec {
                edge_kinds: args.edge_kinds.clone(),
                since: args.time.since,
                until: args.time.until,
                as_of: args.time.as_of,
                ..Default::default()
            };
            let selection = query::Selection::resolve(&spec, graph).map_err(query_failure)?;
            let path_query = query::PathQuery {
                selection,
                directed: args.directed,
                max_len: args.max_len,
                limit: args.limit,
            };
            let (found, more) = if args.all {
                query::all_paths(graph, &path_query, from, to)
            } else {
                let found = query::shortest_path(graph, &path_query, from, to);
                (found.into_iter().collect(), false)
            };
            if found.is_empty() {
                let (a, b) = (&graph.node(from).id, &graph.node(to).id);
                let how = match (args.directed, args.all) {
                    (true, true) => format!(" following arrows, within {} edges", args.max_len),
                    (true, false) => " following arrows".to_string(),
                    (false, true) => format!(" within {} edges", args.max_len),
                    (false, false) => String::new(),
                };
                let mut help = Vec::new();
                if args.directed {
                    help.push("drop --directed to walk edges either way".to_string());
                }
                if args.all {
                    help.push("raise --max-len".to_string());
                }
                if !args.edge_kinds.is_empty()
                    || spec.since.is_some()
                    || spec.until.is_some()
                    || spec.as_of.is_some()
                {
                    help.push("loosen the --edge-kind and date filters".to_string());
                }
                return Err(Failure::data(
                    format!("no path from {a} to {b}{how}"),
                    (!help.is_empty()).then(|| help.join("; ")),
                ));
            }
            report::paths(
                out,
                format,
                graph,
                (from, to),
                &found,
                more,
                args.all.then_some(args.max_len),
            )
        }
        Command::Timeline(args) => {
            let window =
                query::Window::new(args.since, args.until).map_err(|e| query_failure(e.into()))?;
            let actor = match &args.actor {
                Some(actor) => Some(resolve(graph, actor)?),
                None => None,
            };
            let entries = query::timeline(
                graph,
                &query::TimelineQuery {
                    actor,
                    window,
                    node_kinds: args.kinds.clone(),
                },
            );
            report::timeline(out, format, graph, &entries)
        }
        Command::Money(args) => {
            let to = match &args.to {
                Some(to) => Some(resolve(graph, to)?),
                None => None,
            };
            let from = match &args.from {
                Some(from) => Some(resolve(graph, from)?),
                None => None,
            };
            if let Some(kind) = args.edge_kinds.iter().find(|k| !k.carries_money()) {
                return Err(Failure::usage(
                    format!("`{}` edges carry no amounts", kind.label()),
                    Some("money edges are funds, invests, finances and raises".into()),
                ));
            }
            let spec = query::SelectionSpec {
                edge_kinds: args.edge_kinds.clone(),
                since: args.time.since,
                until: args.time.until,
                as_of: args.time.as_of,
                ..Default::default()
            };
            let selection = query::Selection::resolve(&spec, graph).map_err(query_failure)?;
            let by = args.by.map(query::GroupBy::from);
            let money = query::money(
                graph,
                &query::MoneyQuery {
                    selection,
                    to,
                    from,
                    by,
                    statuses: args.status.iter().map(|&s| s.into()).collect(),
                },
            );
            let by_label = by.map(|b| match b {
                query::GroupBy::Funder => "funder",
                query::GroupBy::Recipient => "recipient",
                query::GroupBy::Year => "year",
            });
            report::money(out, format, graph, &money, by_label)
        }
        Command::Stats(args) => {
            let selection =
                query::Selection::resolve(&args.selection.spec(), graph).map_err(query_failure)?;
            let subgraph = selection.apply(graph);
            let stats = query::stats(graph, &subgraph, args.top);
            report::stats(out, format, graph, &stats)
        }
    })
}

/// A query error as a failure: unknown ids exit 1, contradictory flags 2.
fn query_failure(error: crate::query::QueryError) -> Failure {
    use crate::query::QueryError;
    match error {
        QueryError::Lookup(e) => lookup_failure(e),
        QueryError::EmptyWindow(e) => Failure::usage(
            e.to_string(),
            Some(format!(
                "swap them: --since {} --until {}",
                e.until, e.since
            )),
        ),
        QueryError::Usage { message, help } => Failure::usage(message, help),
    }
}

fn io_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        // The reader went away (`reggraph list | head`): not an error.
        return Failure {
            message: String::new(),
            help: None,
            exit_code: 0,
        };
    }
    Failure::data(format!("cannot write the output: {e}"), None)
}

fn color(cli: &Cli, stream_is_terminal: bool) -> ColorChoice {
    match cli.color {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto if stream_is_terminal => ColorChoice::Auto,
        ColorWhen::Auto => ColorChoice::Never,
    }
}

/// `check`: every diagnostic, then the summary line, on stdout.
fn print_check(cli: &Cli, loaded: &Loaded) -> Result<u8, Failure> {
    let code = if loaded.error_count() > 0 { 1 } else { 0 };
    match cli.format {
        Format::Json => {
            let report = serde_json::json!({
                "summary": {
                    "nodes": loaded.dataset.nodes.len(),
                    "edges": loaded.dataset.edges.len(),
                    "sources": loaded.dataset.sources.len(),
                    "files": loaded.files.len(),
                    "errors": loaded.error_count(),
                    "warnings": loaded.warning_count(),
                },
                "diagnostics": loaded.diagnostics.iter()
                    .map(|d| JsonDiagnostic::new(d, &loaded.files))
                    .collect::<Vec<_>>(),
            });
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &report)
                .map_err(std::io::Error::other)
                .and_then(|_| writeln!(out))
                .map_err(io_failure)?;
        }
        Format::Text => {
            let mut out = StandardStream::stdout(color(cli, std::io::stdout().is_terminal()));
            check::render_text(&loaded.diagnostics, &loaded.files, &mut out).map_err(io_failure)?;
            writeln!(out, "{}", loaded.summary()).map_err(io_failure)?;
        }
    }
    Ok(code)
}

/// The graph, if the data has no errors; otherwise the diagnostics go to
/// stderr and the command fails: an answer from half-loaded data would
/// silently miss facts.
fn usable_graph(cli: &Cli, loaded: Loaded) -> Result<KnowledgeGraph, Failure> {
    if loaded.error_count() > 0 {
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        let mut err = StandardStream::stderr(color(cli, std::io::stderr().is_terminal()));
        let _ = check::render_text(&errors, &loaded.files, &mut err);
        let _ = err.reset();
        return Err(Failure::data(
            format!("the data has errors ({})", loaded.summary()),
            Some("fix them first; `reggraph check` lists them all".into()),
        ));
    }
    Ok(KnowledgeGraph::build(loaded.dataset))
}

/// Finds a node by id, name or alias, or explains what was meant.
fn resolve(
    graph: &KnowledgeGraph,
    query: &str,
) -> Result<petgraph::stable_graph::NodeIndex, Failure> {
    graph.resolve(query).map_err(lookup_failure)
}

/// An id, name or alias that names no single node, with what was meant.
fn lookup_failure(e: LookupError) -> Failure {
    {
        let help = match &e {
            LookupError::NotFound { suggestions, .. } if suggestions.is_empty() => {
                Some("`reggraph list --match TEXT` searches ids, names and aliases".to_string())
            }
            LookupError::NotFound { suggestions, .. } => Some(format!(
                "did you mean {}?",
                suggestions
                    .iter()
                    .map(|(id, name)| format!("\"{id}\" ({name})"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
            LookupError::Ambiguous { candidates, .. } => Some(format!(
                "use an id: {}",
                candidates
                    .iter()
                    .map(|(id, name)| format!("\"{id}\" ({name})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        Failure::data(e.to_string(), help)
    }
}
