//! The command line: clap definitions, running a command, and printing its
//! result as text or JSON. Work is done by the library; this module only
//! turns flags into calls and results into output.

pub mod args;
pub mod json;
mod print;

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
            let written = match command {
                Command::List(args) => print::list(&mut out, cli.format, &graph, args),
                Command::Show(args) => {
                    let node = resolve(&graph, &args.node)?;
                    print::show(&mut out, cli.format, &graph, node)
                }
                Command::Check => unreachable!("handled above"),
            };
            written.and_then(|_| out.flush()).map_err(io_failure)?;
            Ok(0)
        }
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
    graph.resolve(query).map_err(|e| {
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
    })
}
