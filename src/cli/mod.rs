//! The command line: clap definitions, running a command, and printing its
//! result as text or JSON. Work is done by the library; this module only
//! turns flags into calls and results into output.

pub mod args;
mod commands;
pub mod json;
mod print;
mod progress;

use std::io::{IsTerminal, Write};

use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice, WriteColor};

pub use args::{Cli, ColorWhen, Command, Format, QueryFormat};

use print::one_line;
use reggraph::diagnostic::render_text;
use reggraph::graph::{KnowledgeGraph, LookupError};
use reggraph::workspace::{Cache, Report, Workspace};

/// A command that could not answer: what to print on stderr (nothing when
/// the message is empty), and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub help: Option<String>,
    pub exit_code: u8,
}

impl Failure {
    pub(crate) fn usage(message: impl Into<String>, help: Option<String>) -> Failure {
        Failure {
            message: message.into(),
            help,
            exit_code: 2,
        }
    }

    pub(crate) fn data(message: impl Into<String>, help: Option<String>) -> Failure {
        Failure {
            message: message.into(),
            help,
            exit_code: 1,
        }
    }

    /// Prints the message and its help on stderr. Best effort: with stderr
    /// full or closed there is nowhere left to say it, and the exit code
    /// still does.
    /// Messages quote the command line and the data (a name in "did you
    /// mean"): shown with visible escapes, never raw.
    pub fn report(&self) {
        use reggraph::diagnostic::multi_line;
        let mut err = std::io::stderr().lock();
        if !self.message.is_empty() {
            let _ = writeln!(err, "error: {}", multi_line(&self.message));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(err, "help: {}", multi_line(help));
        }
        let _ = err.flush();
    }
}

/// The stream a status line goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

/// Prints a line about work already done (`wrote x.svg: ...`, Graphviz's
/// warnings), best effort: the work is done, and a stream that cannot take
/// the line (full, closed, a reader gone) does not turn it into a failure.
/// The line is written in one piece, so that stdout's line buffer keeps
/// nothing of it to fail on again at exit.
pub(crate) fn status_line(stream: Stream, line: std::fmt::Arguments) {
    let mut text = line.to_string();
    text.push('\n');
    let _ = match stream {
        Stream::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|_| out.flush())
        }
        Stream::Stderr => std::io::stderr().lock().write_all(text.as_bytes()),
    };
}

/// Where [`write_output`] put a command's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Destination {
    /// `-o -`: on the command's writer, standard output.
    Stdout,
    /// A file, a device or a pipe, as [`reggraph::output::write_output`]
    /// says.
    Named,
}

/// Writes a command's output to where `-o PATH` says: `-` is standard
/// output (`out`); any other path goes through
/// [`reggraph::output::write_output`] (atomic replacement, links followed,
/// devices and pipes written into, folders and read-only files refused).
/// `extension` is the kind of file the command writes, for the help of a
/// folder given by mistake.
pub(crate) fn write_output(
    out: &mut dyn Write,
    path: &std::path::Path,
    content: &[u8],
    extension: &str,
) -> Result<Destination, Failure> {
    if path.as_os_str() == "-" {
        out.write_all(content).map_err(io_failure)?;
        return Ok(Destination::Stdout);
    }
    reggraph::output::write_output(path, content)
        .map(|_| Destination::Named)
        .map_err(|e| output_failure(path, e, extension))
}

/// An output that could not be written, said in the user's terms: the name
/// they gave, the file it leads to, and what to do.
fn output_failure(
    named: &std::path::Path,
    error: reggraph::output::OutputError,
    extension: &str,
) -> Failure {
    use reggraph::output::OutputError;
    // The file written, and the name given when it was a link to it.
    let file = |path: &std::path::Path| {
        if path == named {
            format!("`{}`", path.display())
        } else {
            format!("`{}` (where `{}` points)", path.display(), named.display())
        }
    };
    match error {
        OutputError::Folder { path } => Failure::data(
            format!("cannot write {}: it is a folder", file(&path)),
            Some(format!(
                "name a file inside it: -o {}",
                path.join(format!("diagram.{extension}")).display()
            )),
        ),
        OutputError::ReadOnly { path } => Failure::data(
            format!(
                "cannot write {}: it is read-only (its owner may not write it); nothing was written",
                file(&path)
            ),
            Some(format!(
                "make it writable (chmod u+w {}), or write another file",
                path.display()
            )),
        ),
        OutputError::BlockDevice { path } => Failure::data(
            format!(
                "cannot write `{}`: it is a block device (a disk or a partition)",
                path.display()
            ),
            Some(
                "write to a file, a pipe or a character device such as /dev/null, \
                 or `-o -` for standard output"
                    .into(),
            ),
        ),
        OutputError::LinkLoop { path } => Failure::data(
            format!(
                "cannot write `{}`: its symbolic links go round in a loop, or are too many",
                path.display()
            ),
            Some(format!(
                "`ls -l {}` shows where it points; name the file itself",
                path.display()
            )),
        ),
        OutputError::Io { path, source } => {
            let (reason, help) = write_reason(&path, source);
            Failure::data(format!("cannot write {}: {reason}", file(&path)), help)
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
    // `--at` on a command that writes data, or on `diff`: refused first.
    if let Some(revision) = &cli.at {
        commands::at::refuse(&cli.command, revision)?;
    }
    // `check` prints every format itself (below); the other commands take
    // only text and JSON, and refuse `check`'s own before reading anything.
    let format = match (&cli.command, cli.format.for_query()) {
        (_, _) if cli.format == Format::Csv && !matches!(cli.command, Command::Sparql(_)) => {
            return Err(check_only(cli.format));
        }
        (Command::Check(_), _) => QueryFormat::Text,
        // `sparql` reads `cli.format` itself (it also prints csv).
        (Command::Sparql(_), None) if cli.format == Format::Csv => QueryFormat::Text,
        (_, Some(format)) => format,
        (_, None) => return Err(check_only(cli.format)),
    };
    #[cfg(feature = "generate")]
    if let Command::Generate(args) = &cli.command {
        return generate(args).map(Ran::code);
    }
    if let Command::Fmt(args) = &cli.command {
        return commands::fmt::run(&cli, args).map(Ran::code);
    }
    if let Command::Add(args) = &cli.command {
        return commands::add::run(&cli, args).map(Ran::code);
    }
    if let Command::Import(args) = &cli.command {
        return commands::import::run(&cli, args).map(Ran::code);
    }
    if commands::diff_diagram::wanted(&cli.command) {
        return commands::diff_diagram::run(&cli, format).map(|()| Ran::code(0));
    }
    if let Command::Diff(args) = &cli.command {
        return commands::diff::run(&cli, format, args).map(Ran::code);
    }
    if let Command::History(args) = &cli.command {
        return commands::history::run(&cli, format, args).map(Ran::code);
    }
    // A query that cannot be read is refused before any data is read.
    let sparql = match &cli.command {
        Command::Sparql(args) => Some(commands::sparql::prepare(&cli, args)?),
        _ => None,
    };
    let cache = if cli.no_cache {
        Cache::Off
    } else {
        Cache::from_env()
    };
    // `--at REV`: the data as committed there, in a folder of its own
    // (kept until the command ends), read as any data folder is.
    let checkout = match &cli.at {
        Some(revision) => Some(commands::at::checkout(&cli, revision, &cache)?),
        None => None,
    };
    let data = match &checkout {
        Some(checkout) => checkout.path().to_path_buf(),
        None => cli.data.clone(),
    };
    let workspace = Workspace::new(data, &cache);
    let bar = progress::Progress::new(workspace.data());
    let progress = |bytes| bar.advance(bytes);
    if let Command::Check(args) = &cli.command {
        let mut report = if args.lints.is_empty() {
            workspace.check(&progress)
        } else {
            // A fresh snapshot holds no text to point into: read the files.
            workspace.check_files(&progress)
        };
        let lints: Vec<_> = args.lints.iter().map(|&l| l.into()).collect();
        report
            .diagnostics
            .extend(reggraph::check::lint::lint(&mut report.files, &lints));
        with_flag_help(&mut report);
        if let Some(checkout) = &checkout {
            checkout.rename(&mut report.files, &mut report.diagnostics);
        }
        drop(bar);
        return commands::check::print(&cli, args, report).map(Ran::code);
    }
    // From a snapshot, the graph reads what each answer needs as it goes;
    // should it meet a damaged block, its answer is thrown away unseen (it
    // is held until it is complete, up to `HELD_BYTES`) and made again from
    // the files, which also writes a new snapshot.
    let opened = workspace
        .graph(&progress)
        .map_err(|report| data_errors(&cli, report, checkout.as_ref()))?;
    drop(bar);
    let stdout = std::io::stdout();
    if opened.output.is_stored() {
        let mut held = Held::new(&stdout);
        // Code that reads records assumes they agree with one another (an
        // edge's ends are nodes); a placeholder for a damaged block may not,
        // and a panic it causes is taken for the damage it is, silently.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !reggraph::cache::damage_seen() {
                previous(info);
            }
        }));
        let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            respond(
                &mut held,
                &cli,
                format,
                &opened,
                &workspace,
                checkout.as_ref(),
                sparql,
            )
        }));
        if !opened.output.damaged() {
            let answered = match answered {
                Ok(answered) => answered,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            // What was written before a failure is shown, as a buffered
            // writer dropped on the way out would.
            held.finish().map_err(io_failure)?;
            answered?;
            return Ok(Ran {
                code: 0,
                graph: Some(opened.output),
            });
        }
        if held.passed {
            return Err(Failure::data(
                "the snapshot was found damaged after part of the answer was written".to_string(),
                Some(
                    "run the command again: it reads the files this time (or give --no-cache)"
                        .into(),
                ),
            ));
        }
        workspace.discard();
    }
    let opened = match opened.output.is_stored() {
        true => {
            let bar = progress::Progress::new(workspace.data());
            let progress = |bytes| bar.advance(bytes);
            workspace
                .graph_from_files(&progress)
                .map_err(|report| data_errors(&cli, report, checkout.as_ref()))?
        }
        false => opened,
    };
    let sparql = match &cli.command {
        Command::Sparql(args) => Some(commands::sparql::prepare(&cli, args)?),
        _ => None,
    };
    // Buffered: one write per block of output, not per line (a million
    // lines of `list`).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    respond(
        &mut out,
        &cli,
        format,
        &opened,
        &workspace,
        checkout.as_ref(),
        sparql,
    )?;
    out.flush().map_err(io_failure)?;
    workspace.keep(&opened);
    Ok(Ran {
        code: 0,
        graph: Some(opened.output),
    })
}

/// How much of an answer from a snapshot is held back before it is
/// written, so that it can be thrown away if a damaged block turns up.
const HELD_BYTES: usize = 16 << 20;

/// Standard output, holding the answer back until it is complete or
/// [`HELD_BYTES`] long, then writing it in blocks.
struct Held<'a> {
    stdout: &'a std::io::Stdout,
    held: Vec<u8>,
    /// Whether some of the answer has been written.
    passed: bool,
}

impl<'a> Held<'a> {
    fn new(stdout: &'a std::io::Stdout) -> Held<'a> {
        Held {
            stdout,
            held: Vec::with_capacity(1 << 16),
            passed: false,
        }
    }

    fn finish(mut self) -> std::io::Result<()> {
        let mut out = self.stdout.lock();
        out.write_all(&self.held)?;
        self.held.clear();
        out.flush()
    }
}

impl Write for Held<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.held.extend_from_slice(bytes);
        if self.held.len() >= HELD_BYTES {
            self.passed = true;
            let mut out = self.stdout.lock();
            out.write_all(&self.held)?;
            self.held.clear();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The answer of a command that reads the graph, written to `out`.
fn respond(
    out: &mut dyn Write,
    cli: &Cli,
    format: QueryFormat,
    opened: &reggraph::workspace::Warned<KnowledgeGraph>,
    workspace: &Workspace,
    checkout: Option<&reggraph::checkout::Checkout>,
    sparql: Option<commands::sparql::Prepared>,
) -> Result<(), Failure> {
    match &cli.command {
        Command::Dossier(args) if format == QueryFormat::Text => {
            let revision = match checkout {
                Some(checkout) => {
                    reggraph::dossier::revision::at_commit(checkout.path(), &checkout.commit().id)
                }
                None => reggraph::dossier::revision::of_folder(workspace.data()),
            };
            commands::dossier::run(out, &opened.output, revision, args)
        }
        Command::Sparql(args) => {
            let query = sparql.expect("prepared above");
            commands::sparql::run(out, cli.format, &opened.output, args, query)
        }
        command => answer(out, format, &opened.output, command),
    }
}

/// Runs a query command and prints its answer.
///
/// `export` and `render` write DOT and pictures: `--format json` does not
/// apply to them and is refused rather than ignored.
fn answer(
    out: &mut dyn Write,
    format: QueryFormat,
    graph: &KnowledgeGraph,
    command: &Command,
) -> Result<(), Failure> {
    match command {
        Command::Check(_)
        | Command::Fmt(_)
        | Command::Add(_)
        | Command::Import(_)
        | Command::Diff(_)
        | Command::History(_) => {
            unreachable!("handled by run")
        }
        #[cfg(feature = "generate")]
        Command::Generate(_) => unreachable!("handled by run"),
        Command::Sparql(_) => unreachable!("handled by run"),
        Command::List(args) => commands::list::run(out, format, graph, args),
        Command::Show(args) => commands::show::run(out, format, graph, args),
        Command::Neighbors(args) => commands::neighbors::run(out, format, graph, args),
        Command::Path(args) => commands::path::run(out, format, graph, args),
        Command::Timeline(args) => commands::timeline::run(out, format, graph, args),
        Command::Agenda(args) => commands::agenda::run(out, format, graph, args),
        Command::Money(args) => commands::money::run(out, format, graph, args),
        Command::Stats(args) => commands::stats::run(out, format, graph, args),
        Command::Sources(args) => commands::sources::run(out, format, graph, args),
        Command::Facts(args) => commands::sources::facts(out, format, graph, args),
        Command::Dossier(_) => Err(Failure::usage(
            "--format json does not apply to `dossier`",
            Some("`dossier` writes HTML or Markdown; for data, use `show --format json`".into()),
        )),
        Command::Export(args::ExportCommand::Dot(_) | args::ExportCommand::Mermaid(_))
        | Command::Render(_)
        | Command::Frames(_)
            if format == QueryFormat::Json =>
        {
            Err(Failure::usage(
                "--format json does not apply to diagrams",
                Some("`export dot` writes DOT and `render` a picture; leave out --format".into()),
            ))
        }
        Command::Export(args::ExportCommand::Dot(args)) => commands::export::dot(out, graph, args),
        Command::Export(args::ExportCommand::Mermaid(args)) => {
            commands::export::mermaid(out, graph, args)
        }
        Command::Export(_) if format == QueryFormat::Json => Err(Failure::usage(
            "--format json does not apply to data exports",
            Some("`export json` writes the graph as JSON; leave out --format".into()),
        )),
        Command::Export(command) => commands::interop::run(out, graph, command),
        Command::Render(args) => commands::render::run(out, graph, args),
        Command::Frames(args) => commands::frames::run(out, graph, args),
    }
}

/// `--format short` or `github` on a command other than `check`: refused
/// rather than ignored, before any data is read.
fn check_only(format: Format) -> Failure {
    let name = clap::ValueEnum::to_possible_value(&format)
        .map_or_else(String::new, |value| value.get_name().to_string());
    if format == Format::Csv {
        return Failure::usage(
            "--format csv applies only to `sparql`",
            Some(
                "`export csv -o DIR` writes the data as CSV files; this command prints text or json"
                    .into(),
            ),
        );
    }
    Failure::usage(
        format!("--format {name} applies only to `check`"),
        Some(format!(
            "`reggraph check --format {name}` prints the data's diagnostics that way; this command prints text or json"
        )),
    )
}

/// [`resolve`] for an optional flag.
pub(crate) fn resolve_opt(
    graph: &KnowledgeGraph,
    query: Option<&str>,
) -> Result<Option<petgraph::stable_graph::NodeIndex>, Failure> {
    query.map(|q| resolve(graph, q)).transpose()
}

/// A file that could not be written, said in the user's terms (not the
/// temporary file's).
pub(crate) fn write_failure(path: &std::path::Path, e: std::io::Error) -> Failure {
    let (reason, help) = write_reason(path, e);
    Failure::data(format!("cannot write `{}`: {reason}", path.display()), help)
}

/// Why `path` could not be written, and what to do about it.
fn write_reason(path: &std::path::Path, e: std::io::Error) -> (String, Option<String>) {
    use std::io::ErrorKind;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    match e.kind() {
        ErrorKind::NotFound => (
            format!("the folder `{}` does not exist", folder.display()),
            Some(format!("create it first: mkdir -p {}", folder.display())),
        ),
        ErrorKind::PermissionDenied => (
            format!("no permission to write in `{}`", folder.display()),
            None,
        ),
        _ => (e.to_string(), None),
    }
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
    status_line(
        Stream::Stdout,
        format_args!(
            "wrote {}: {} nodes, {} edges, {} sources (JSON twin: {})",
            args.output.display(),
            file.nodes.len(),
            file.edges.len(),
            file.sources.len(),
            args.output.join(reggraph::generate::TWIN).display()
        ),
    );
    Ok(0)
}

/// A query error as a failure: unknown ids exit 1, contradictory flags 2.
pub(crate) fn query_failure(error: reggraph::query::QueryError) -> Failure {
    use reggraph::query::QueryError;
    match error {
        QueryError::Lookup(e) => lookup_failure(e),
        QueryError::EmptyWindow(e) => Failure::usage(
            format!(
                "--since {} is after --until {}: the window is empty",
                e.since, e.until
            ),
            Some(format!(
                "swap them: --since {} --until {}",
                e.until, e.since
            )),
        ),
        QueryError::DepthWithoutCentre => Failure::usage(
            "--depth needs --around: depth counts edges from a centre node",
            Some("add --around ID, or leave out --depth".into()),
        ),
        QueryError::UnknownSource { id, closest } => Failure::data(
            format!("--source {id}: no source has this id"),
            Some(match closest {
                Some(best) => format!("did you mean `{best}`? `reggraph sources` lists them"),
                None => "`reggraph sources` lists the declared sources".into(),
            }),
        ),
    }
}

pub(crate) fn io_failure(e: std::io::Error) -> Failure {
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

pub(crate) fn color(cli: &Cli, stream_is_terminal: bool) -> ColorChoice {
    match cli.color {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto if stream_is_terminal => ColorChoice::Auto,
        ColorWhen::Auto => ColorChoice::Never,
    }
}

/// The library's diagnostics name no flag; where one is the fix, the help
/// says so here.
pub(crate) fn with_flag_help(report: &mut Report) {
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
fn data_errors(
    cli: &Cli,
    mut report: Report,
    checkout: Option<&reggraph::checkout::Checkout>,
) -> Failure {
    with_flag_help(&mut report);
    if let Some(checkout) = checkout {
        checkout.rename(&mut report.files, &mut report.diagnostics);
    }
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let mut err = BufferedStandardStream::stderr(color(cli, std::io::stderr().is_terminal()));
    let _ = render_text(&errors, &report.files, &mut err);
    let _ = err.reset();
    let _ = err.flush();
    match checkout {
        Some(checkout) => Failure::data(
            format!(
                "the data at {} has errors ({})",
                checkout.commit().revision,
                report.summary()
            ),
            Some(format!(
                "`reggraph check --at {}` lists them all; ask a revision whose data checks",
                checkout.commit().revision
            )),
        ),
        None => Failure::data(
            format!("the data has errors ({})", report.summary()),
            Some("fix them first; `reggraph check` lists them all".into()),
        ),
    }
}

/// Finds a node by id, name or alias, or explains what was meant. A node
/// found by a word of its name (no node being named so) is said on stderr.
pub(crate) fn resolve(
    graph: &KnowledgeGraph,
    query: &str,
) -> Result<petgraph::stable_graph::NodeIndex, Failure> {
    let (index, how) = graph.lookup(query).map_err(lookup_failure)?;
    if let reggraph::graph::Match::Word(how) = how {
        let node = graph.node(index);
        let why = match how {
            reggraph::suggest::WordMatch::Name => "the one node with that word in its name",
            reggraph::suggest::WordMatch::IdStart => "the one node whose id starts so",
        };
        status_line(
            Stream::Stderr,
            format_args!(
                "note: \"{}\" taken as {} ({}), {why}",
                one_line(query),
                one_line(&node.name),
                one_line(&node.id)
            ),
        );
    }
    Ok(index)
}

/// The selection a command's flags ask for, its `--around` node found as
/// [`resolve`] finds one (and said on stderr when found by a word).
pub(crate) fn select(
    spec: &reggraph::query::SelectionSpec,
    graph: &KnowledgeGraph,
) -> Result<reggraph::query::Selection, Failure> {
    if let Some(around) = &spec.around {
        resolve(graph, around)?;
    }
    reggraph::query::Selection::resolve(spec, graph).map_err(query_failure)
}

/// An id, name or alias that names no single node, with what was meant.
pub(crate) fn lookup_failure(e: LookupError) -> Failure {
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
            LookupError::Ambiguous {
                candidates, others, ..
            } => Some(format!(
                "use an id: {}{}",
                candidates
                    .iter()
                    .map(|(id, name)| format!("\"{id}\" ({name})"))
                    .collect::<Vec<_>>()
                    .join(", "),
                match others {
                    0 => String::new(),
                    n => format!(" and {n} more (`reggraph list --match TEXT` lists them)"),
                }
            )),
        };
        Failure::data(e.to_string(), help)
    }
}
