//! The command line: clap definitions, running a command, and printing its
//! result as text or JSON. Work is done by the library; this module only
//! turns flags into calls and results into output.

pub mod args;
mod commands;
pub mod json;
mod print;
mod progress;
mod report;

use std::io::{IsTerminal, Write};

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};

pub use args::{Cli, ColorWhen, Command, Format};

use reggraph::diagnostic::{JsonDiagnostic, render_text};
use reggraph::graph::{KnowledgeGraph, LookupError};
use reggraph::workspace::{AroundError, Cache, Report, Workspace};

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

/// What a run leaves for `main`: the exit code, and the graph it answered
/// from, which `main` does not free (see there).
pub struct Ran {
    pub code: u8,
    pub graph: Option<KnowledgeGraph>,
}

impl Ran {
    fn code(code: u8) -> Ran {
        Ran { code, graph: None }
    }
}

/// Runs a parsed command line, writing results to stdout.
pub fn run(cli: Cli) -> Result<Ran, Failure> {
    #[cfg(feature = "generate")]
    if let Command::Generate(args) = &cli.command {
        return generate(args).map(Ran::code);
    }
    let data = cli.data.clone();
    let cache = if cli.no_cache {
        Cache::Off
    } else {
        Cache::from_env()
    };
    let workspace = Workspace::new(data, &cache);
    let bar = progress::Progress::new(workspace.data());
    let progress = |bytes| bar.advance(bytes);
    if let Command::Check = &cli.command {
        let mut report = workspace.check(&progress);
        with_flag_help(&mut report);
        drop(bar);
        return print_check(&cli, &report).map(Ran::code);
    }
    // `show` and `neighbors` need only the part of the graph around their
    // node, which a snapshot can give without reading the rest.
    let focus = match &cli.command {
        Command::Show(args) => Some((args.node.as_str(), 1)),
        Command::Neighbors(args) => Some((args.node.as_str(), args.depth)),
        _ => None,
    };
    let opened = match focus {
        Some((node, depth)) => workspace
            .around(node, depth, &progress)
            .map_err(|e| match e {
                AroundError::Lookup(lookup) => lookup_failure(lookup),
                AroundError::Data(report) => data_errors(&cli, report),
            })?,
        None => workspace
            .graph(&progress)
            .map_err(|report| data_errors(&cli, report))?,
    };
    drop(bar);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let answered = answer(&mut out, cli.format, &opened.output, &cli.command)?;
    answered.and_then(|_| out.flush()).map_err(io_failure)?;
    workspace.keep(&opened);
    Ok(Ran {
        code: 0,
        graph: Some(opened.output),
    })
}

/// Runs a query command and prints its answer.
///
/// `export` and `render` write DOT and pictures: `--format json` does not
/// apply to them and is refused rather than ignored. The outer error is a query
/// that could not be answered; the inner one a failed write.
fn answer(
    out: &mut dyn Write,
    format: Format,
    graph: &KnowledgeGraph,
    command: &Command,
) -> Result<std::io::Result<()>, Failure> {
    Ok(match command {
        Command::Check => unreachable!("handled by run"),
        #[cfg(feature = "generate")]
        Command::Generate(_) => unreachable!("handled by run"),
        Command::List(args) => print::list(out, format, graph, args),
        Command::Show(args) => commands::show::run(out, format, graph, args)?,
        Command::Neighbors(args) => commands::neighbors::run(out, format, graph, args)?,
        Command::Path(args) => commands::path::run(out, format, graph, args)?,
        Command::Timeline(args) => commands::timeline::run(out, format, graph, args)?,
        Command::Money(args) => commands::money::run(out, format, graph, args)?,
        Command::Export(_) | Command::Render(_) if format == Format::Json => {
            return Err(Failure::usage(
                "--format json does not apply to diagrams",
                Some("`export dot` writes DOT and `render` a picture; leave out --format".into()),
            ));
        }
        Command::Export(args::ExportCommand::Dot(args)) => commands::export::dot(out, graph, args)?,
        Command::Render(args) => render(out, graph, args)?,
        Command::Stats(args) => commands::stats::run(out, format, graph, args)?,
    })
}

/// The dated facts `timeline` lists and `export dot --timeline` draws.
fn timeline_entries(
    graph: &KnowledgeGraph,
    actor: Option<&str>,
    (since, until): (
        Option<reggraph::model::PartialDate>,
        Option<reggraph::model::PartialDate>,
    ),
    kinds: &[reggraph::model::NodeKind],
) -> Result<Vec<reggraph::query::Entry>, Failure> {
    let window = reggraph::query::Window::new(since, until).map_err(|e| query_failure(e.into()))?;
    let actor = resolve_opt(graph, actor)?;
    Ok(reggraph::query::timeline(
        graph,
        &reggraph::query::TimelineQuery {
            actor,
            window,
            node_kinds: kinds.to_vec(),
        },
    ))
}

/// [`resolve`] for an optional flag.
fn resolve_opt(
    graph: &KnowledgeGraph,
    query: Option<&str>,
) -> Result<Option<petgraph::stable_graph::NodeIndex>, Failure> {
    query.map(|q| resolve(graph, q)).transpose()
}

/// The diagram `export dot` and `render` draw: a selection, or a timeline.
fn diagram(
    graph: &KnowledgeGraph,
    args: &args::DiagramArgs,
) -> Result<reggraph::export::Diagram, Failure> {
    use reggraph::export::{self, ClusterBy};
    use reggraph::query;
    let time = &args.selection.time;
    if args.timeline {
        let entries = timeline_entries(
            graph,
            args.actor.as_deref(),
            (time.since, time.until),
            &args.selection.kinds.node_kinds,
        )?;
        let actor = resolve_opt(graph, args.actor.as_deref())?;
        let mut title = String::from("Timeline");
        if let Some(actor) = actor {
            title.push_str(&format!(" of {}", graph.node(actor).name));
        }
        title.push_str(&window_words(time.since, time.until));
        return Ok(export::of_timeline(graph, &entries, title));
    }
    let selection =
        query::Selection::resolve(&args.selection.spec(), graph).map_err(query_failure)?;
    let subgraph = selection.apply(graph);
    let mut title = match selection.around {
        Some(centre) => format!(
            "{} and its neighbourhood ({} edge{})",
            graph.node(centre).name,
            selection.depth,
            if selection.depth == 1 { "" } else { "s" }
        ),
        None if selection.node_kinds.is_empty() => "All nodes".to_string(),
        None => "Nodes".to_string(),
    };
    if !selection.node_kinds.is_empty() {
        let kinds: Vec<String> = selection.node_kinds.iter().map(|k| k.label()).collect();
        title.push_str(&format!(", kinds: {}", kinds.join(", ")));
    }
    if !selection.edge_kinds.is_empty() {
        let kinds: Vec<String> = selection.edge_kinds.iter().map(|k| k.label()).collect();
        title.push_str(&format!(", edges: {}", kinds.join(", ")));
    }
    title.push_str(&window_words(time.since, time.until));
    if let Some(as_of) = time.as_of {
        title.push_str(&format!(", as of {as_of}"));
    }
    let cluster_by = args.cluster_by.map(|c| match c {
        args::ClusterArg::Kind => ClusterBy::Kind,
        args::ClusterArg::Jurisdiction => ClusterBy::Jurisdiction,
    });
    Ok(export::of_subgraph(
        graph,
        &subgraph,
        selection.around,
        cluster_by,
        title,
    ))
}

/// `, 2023-06-01 to 2023-06-30` for a title.
fn window_words(
    since: Option<reggraph::model::PartialDate>,
    until: Option<reggraph::model::PartialDate>,
) -> String {
    match (since, until) {
        (Some(s), Some(u)) => format!(", {s} to {u}"),
        (Some(s), None) => format!(", from {s}"),
        (None, Some(u)) => format!(", until {u}"),
        (None, None) => String::new(),
    }
}

/// `render`: draw the diagram and write the picture atomically.
fn render(
    out: &mut dyn Write,
    graph: &KnowledgeGraph,
    args: &args::RenderArgs,
) -> Result<std::io::Result<()>, Failure> {
    use reggraph::export::render::{self, Engine, Format, Layout, RenderError};
    let Some(format) = Format::from_path(&args.output) else {
        return Err(Failure::usage(
            format!(
                "cannot tell the picture format of `{}`",
                args.output.display()
            ),
            Some("end the file name in .svg, .png or .pdf".into()),
        ));
    };
    let diagram = diagram(graph, &args.diagram)?;
    if diagram.nodes.is_empty() {
        return Err(Failure::data(
            "the selection is empty: nothing to draw",
            Some("loosen --kind, --edge-kind and the date filters".into()),
        ));
    }
    if diagram.nodes.len() > render::READABLE_LIMIT && !args.force {
        return Err(Failure::data(
            format!(
                "{} nodes are too many for a readable picture (the limit is {})",
                diagram.nodes.len(),
                render::READABLE_LIMIT
            ),
            Some(
                "narrow the selection with --around ID --depth N, --kind or --edge-kind, \
                 or pass --force to draw it anyway"
                    .into(),
            ),
        ));
    }
    let options = render::Options {
        format,
        layout: args.layout.map(|l| match l {
            args::LayoutArg::Dot => Layout::Dot,
            args::LayoutArg::Neato => Layout::Neato,
            args::LayoutArg::Sfdp => Layout::Sfdp,
            args::LayoutArg::Circo => Layout::Circo,
        }),
        engine: args.engine.map(|e| match e {
            args::EngineArg::Graphviz => Engine::Graphviz,
            args::EngineArg::Embedded => Engine::Embedded,
        }),
        timeout: std::time::Duration::from_secs(args.timeout as u64),
    };
    let rendered = render::render(&diagram, &options).map_err(|e| {
        let help = match &e {
            RenderError::NeedsGraphviz(_) => Some(
                "install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: \
                 `brew install graphviz`), or write .svg, which the embedded engine draws"
                    .to_string(),
            ),
            RenderError::Timeout { .. } => Some(
                "narrow the selection (--around ID --depth N, --kind), try --layout sfdp, \
                 or raise --timeout"
                    .to_string(),
            ),
            RenderError::EmbeddedLayout { .. } => {
                Some("drop --layout, or install Graphviz for other layouts".to_string())
            }
            _ => None,
        };
        Failure::data(e.to_string(), help)
    })?;
    if !rendered.warnings.trim().is_empty() {
        eprintln!("Graphviz said:\n{}", rendered.warnings.trim_end());
    }
    reggraph::load::write::write_atomically(&args.output, &rendered.bytes)
        .map_err(|e| write_failure(&args.output, e))?;
    let engine = match (rendered.engine, rendered.layout) {
        (Engine::Graphviz, Some(layout)) => format!("Graphviz ({} layout)", layout.name()),
        (Engine::Graphviz, None) => "Graphviz".to_string(),
        (Engine::Embedded, _) => "the embedded engine (layout-rs)".to_string(),
    };
    Ok(writeln!(
        out,
        "wrote {}: {} nodes, {} edges, drawn by {engine}",
        args.output.display(),
        diagram.nodes.iter().filter(|n| n.style.is_some()).count(),
        diagram.edges.iter().filter(|e| e.style.is_some()).count()
    ))
}

/// A file that could not be written, said in the user's terms (not the
/// temporary file's).
fn write_failure(path: &std::path::Path, e: std::io::Error) -> Failure {
    use std::io::ErrorKind;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let (reason, help) = match e.kind() {
        ErrorKind::NotFound => (
            format!("the folder `{}` does not exist", folder.display()),
            Some(format!("create it first: mkdir -p {}", folder.display())),
        ),
        ErrorKind::PermissionDenied => (
            format!("no permission to write in `{}`", folder.display()),
            None,
        ),
        _ => (e.to_string(), None),
    };
    Failure::data(format!("cannot write `{}`: {reason}", path.display()), help)
}

/// `generate`: write a synthetic data folder and its JSON twin.
#[cfg(feature = "generate")]
fn generate(args: &args::GenerateArgs) -> Result<u8, Failure> {
    let spec = reggraph::generate::Spec {
        nodes: args.nodes,
        edges_per_node: args.edges_per_node,
        seed: args.seed,
    };
    let file = reggraph::generate::generate(spec);
    reggraph::generate::write_folder(&file, &args.output)
        .map_err(|e| write_failure(&args.output, e))?;
    println!(
        "wrote {}: {} nodes, {} edges, {} sources (JSON twin: {})",
        args.output.display(),
        file.nodes.len(),
        file.edges.len(),
        file.sources.len(),
        args.output.join(reggraph::generate::TWIN).display()
    );
    Ok(0)
}

/// A query error as a failure: unknown ids exit 1, contradictory flags 2.
fn query_failure(error: reggraph::query::QueryError) -> Failure {
    use reggraph::query::QueryError;
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
fn print_check(cli: &Cli, report: &Report) -> Result<u8, Failure> {
    let errors = report.error_count();
    let warnings = report.warning_count();
    let code = if errors > 0 { 1 } else { 0 };
    match cli.format {
        Format::Json => {
            let json = json::CheckReport {
                summary: json::CheckSummary {
                    nodes: report.counts[0],
                    edges: report.counts[1],
                    sources: report.counts[2],
                    files: report.files.len(),
                    errors,
                    warnings,
                },
                diagnostics: report
                    .diagnostics
                    .iter()
                    .map(|d| JsonDiagnostic::new(d, &report.files))
                    .collect(),
            };
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &json)
                .map_err(std::io::Error::other)
                .and_then(|_| writeln!(out))
                .map_err(io_failure)?;
        }
        Format::Text => {
            let mut out = StandardStream::stdout(color(cli, std::io::stdout().is_terminal()));
            render_text(&report.diagnostics, &report.files, &mut out).map_err(io_failure)?;
            writeln!(out, "{}", report.summary()).map_err(io_failure)?;
        }
    }
    Ok(code)
}

/// The library's diagnostics name no flag; where one is the fix, the help
/// says so here.
fn with_flag_help(report: &mut Report) {
    for d in &mut report.diagnostics {
        if d.code == "no-data-folder" {
            d.help = Some(
                "pass --data DIR, set $REGGRAPH_DATA, or run from a folder that has ./graph-data"
                    .into(),
            );
        }
    }
}

/// Data with errors: they go to stderr and the command fails, since an
/// answer from half-loaded data would silently miss facts.
fn data_errors(cli: &Cli, mut report: Report) -> Failure {
    with_flag_help(&mut report);
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let mut err = StandardStream::stderr(color(cli, std::io::stderr().is_terminal()));
    let _ = render_text(&errors, &report.files, &mut err);
    let _ = err.reset();
    Failure::data(
        format!("the data has errors ({})", report.summary()),
        Some("fix them first; `reggraph check` lists them all".into()),
    )
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
