//! Command-line flags, defined once with their help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use reggraph::model::{EdgeKind, MoneyStatus, NodeKind, PartialDate, SourceType};
use reggraph::query::{Direction, GroupBy, SectorKey, SelectionSpec, SourceFilter};

/// Track who funds, founds, regulates, announces and negotiates what, and when.
///
/// reggraph reads the RON files of a data folder into a typed knowledge graph
/// and answers questions about it. Every answer carries the ids of its sources.
#[derive(Debug, Parser)]
#[command(
    name = "reggraph",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(after_help = "Exit codes: 0 success, 1 data or query error, 2 usage error.")]
pub struct Cli {
    /// Data folder to read (every *.ron file under it).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "REGGRAPH_DATA",
        default_value = "graph-data"
    )]
    pub data: PathBuf,

    /// Output format: text for people, json for scripts; `check` also
    /// prints short (one line per diagnostic) and github (workflow commands);
    /// `sparql` also prints csv (and takes `table` for text).
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Read the data files even when a snapshot of the same content is
    /// cached (snapshots live in $REGGRAPH_CACHE_DIR, else the user's cache
    /// folder, never in the data folder).
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Answer from the data as committed at REV, a git revision (HEAD~3,
    /// a branch, a tag, a commit id) of the repository the data folder is
    /// in, rather than from the files on disk; they are left as they are.
    /// With --as-of DATE, the two time axes: what the graph said at that
    /// revision about that date. Files are named as git names them
    /// (`0123abcdef:graph-data/law.ron`, what `git show` reads). For every
    /// command that reads the data; not for fmt, add, import and generate,
    /// which write it, nor for diff, which takes revisions as arguments.
    #[arg(long, global = true, value_name = "REV")]
    pub at: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: rustc-style diagnostics, tables.
    #[value(alias = "table")]
    Text,
    /// For scripts: one JSON document (docs/json.md).
    Json,
    /// `check` only: `path:line:col: severity[code]: message (help)`, one
    /// line per diagnostic, for editors' problem matchers.
    Short,
    /// `check` only: GitHub Actions workflow commands (`::error file=...`),
    /// so that a pull request shows each diagnostic on its line.
    Github,
    /// `sparql` only: the W3C SPARQL 1.1 CSV results format.
    Csv,
}

/// The formats every command prints: [`Format`] without `check`'s own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryFormat {
    Text,
    Json,
}

impl Format {
    /// This format as a command other than `check` prints it, if it can.
    pub fn for_query(self) -> Option<QueryFormat> {
        match self {
            Format::Text => Some(QueryFormat::Text),
            Format::Json => Some(QueryFormat::Json),
            Format::Short | Format::Github | Format::Csv => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate every data file; report errors and warnings with
    /// file:line:column, then a summary line. Exits 1 on any error (and,
    /// with --strict, on any warning).
    ///
    /// --format text (the default) shows each diagnostic with its line;
    /// short prints one line each (`path:line:col: severity[code]: message
    /// (help)`), the form editors' problem matchers read; github prints
    /// GitHub Actions workflow commands, which annotate a pull request's
    /// lines (run it from the repository's root, so that paths are the
    /// repository's); json is for scripts. The summary line ends every
    /// format but json.
    Check(CheckArgs),
    /// Lay out data files in the one canonical layout, keeping every comment
    /// and every value.
    ///
    /// Fields in the documented order, one record per block, four-space
    /// indentation, trailing commas, short values (a period, an amount, a
    /// list of ids) on one line, strings with only the escapes RON needs. A
    /// comment stays before what it was written before, or after it on its
    /// line; a blank line between records, sections or comments is kept.
    /// A file with a syntax error is refused with its diagnostic and left
    /// as it is; files are written atomically.
    #[command(after_help = "Exit codes: 0 every file is (now) formatted, \
        1 a file was refused or, with --check, would change, 2 usage error.")]
    Fmt(FmtArgs),
    /// Add one record (a node, an edge or a source) to a data file, in fmt's
    /// layout, after checking it against the whole data folder.
    ///
    /// The record goes at the end of its list in FILE (the list, or the
    /// file, is created when missing); every other byte of the file is left
    /// as it was. Unknown ids get suggestions, edge kinds are checked
    /// against the kinds of the nodes they join, cited sources must exist:
    /// on any error nothing is written. Milestones are written by hand.
    #[command(subcommand)]
    Add(AddCommand),
    /// Import spreadsheets in Kumu's convention into data files: an
    /// Elements sheet of nodes, a Connections sheet of edges, a Sources
    /// sheet of the publications they cite.
    ///
    /// Elements: ID, Label, Type, Aliases, Tags, Description, Date, Start
    /// Date, End Date, Jurisdiction, Status, Source, Quote. Connections:
    /// From, To, Type, Date, Start Date, End Date, Amount, Currency, Status,
    /// Source, Quote, Note. Sources: ID, Title, Publisher, Type, Published,
    /// URL, Language, Note. Several values in one cell are separated by `|`.
    /// A workbook's sheets are told by their names, a CSV file by its name
    /// (elements.csv, ...) or its headers; --columns maps other names.
    ///
    /// Each FILE's records go to DIR/<FILE's name>.ron (in the data
    /// folder), laid out as `add` lays them out, after the whole data
    /// folder is checked as the import would leave it: on any error nothing
    /// is written. A row the data already has is skipped (a second import
    /// adds nothing); a row whose id the data has with other fields, or a
    /// new node with the name of another, is reported for review, never
    /// merged.
    #[command(after_help = "Exit codes: 0 imported (or nothing to add), \
        1 a cell, a row or the data has an error (nothing was written), 2 usage error.")]
    Import(ImportArgs),
    /// List nodes as a table, sorted by id.
    List(ListArgs),
    /// Show one node: its fields, its relations in and out with dates,
    /// amounts and sources, and the sources it cites.
    Show(ShowArgs),
    /// The neighbourhood of a node: nodes grouped by distance, each with
    /// the edge that reached it.
    #[command(visible_alias = "neighbours")]
    Neighbors(NeighborsArgs),
    /// How two nodes are connected, edge by edge: the shortest path, or
    /// every simple path up to --max-len with --all.
    Path(PathArgs),
    /// Every dated fact (events, dated relations, regulation milestones) in
    /// date order, precision as written.
    Timeline(TimelineArgs),
    /// What comes next: milestones and dated facts from today (or --since)
    /// on, and planned milestones whose date has passed unconfirmed
    /// (overdue), in date order.
    ///
    /// With --actor: the facts the actor takes part in and the milestones
    /// of every regulation it has a relation with (for a regulation, its
    /// own). Overdue milestones are listed whatever the window.
    Agenda(AgendaArgs),
    /// Amounts along money edges (funds, invests, finances, raises), with
    /// totals per currency and status; never summed across currencies.
    /// Each row gives the funder's sector; a recipient's budget is counted
    /// once, its part no recorded edge covers shown as "no funder named".
    Money(MoneyArgs),
    /// Counts of nodes and edges by kind, and the most central actors by
    /// degree and by PageRank (then events and things apart, or only the
    /// kinds --rank-kind names).
    Stats(StatsArgs),
    /// Each declared source (id, type, publisher, title) with the number of
    /// nodes, edges and milestones that cite it, sorted by id.
    Sources(SourcesArgs),
    /// Every fact (node, milestone, edge) with each source and what it
    /// says (quote, locator): `facts --source-type encyclopedia
    /// --only-cited-by` lists the facts resting only on an encyclopedia,
    /// `facts --no-quote` those no source is quoted for.
    Facts(FactsArgs),
    /// Ask a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) of the
    /// selection's RDF mapping (the triples of `export rdf`), in memory.
    ///
    /// Declared in every query: rg:, node:, edge:, source: (the records'
    /// IRIs), rdf:, rdfs:, xsd:, skos:, dcterms:, prov:, schema:, foaf:,
    /// eli:; a query may declare its own. --format text (or table) prints
    /// aligned columns with IRIs shortened by those prefixes, json the W3C
    /// SPARQL 1.1 Query Results JSON Format, csv the W3C CSV results;
    /// CONSTRUCT and DESCRIBE print Turtle. Rows come in the query's ORDER
    /// BY, else in the engine's order, the same for the same data.
    #[command(
        after_help = "Exit codes: 0 answered, 1 a query that cannot be read,         or that gives more than --limit rows or runs past --timeout, 2 usage error."
    )]
    Sparql(SparqlArgs),
    /// What changed between two states of the data, by meaning: records
    /// added, removed and changed, each change field by field, with the
    /// file and line on both sides.
    ///
    /// BEFORE and AFTER are git revisions of the repository the data folder
    /// is in (HEAD~3, a branch, a tag, a commit id; `A..B` as BEFORE alone is
    /// A and B), or folders (a folder of that name wins); AFTER defaults to
    /// the data folder as it is on disk.
    /// Nodes and sources are matched by id, edges by their `id` when both
    /// sides give one, else by from, kind, to and date or period, the rest
    /// by closeness (an edited amount is a change, not a removal and an
    /// addition). A planned milestone whose date moved is a slip; one now
    /// actual, a confirmation. Moving records between files, laying files
    /// out again and reordering them are no change. --format json is
    /// documented in docs/json.md. (--at does not apply: give the
    /// revisions as BEFORE and AFTER.)
    #[command(
        after_help = "Exit codes: 0 compared (and, with --exit-code, no difference), \
        1 a revision or folder cannot be read, its data has errors, or (with --exit-code) \
        the two differ, 2 usage error."
    )]
    Diff(DiffArgs),
    /// The commits that changed one node, newest first: each commit's date,
    /// author, short id and subject, then its changes about the node, as
    /// `diff` says them.
    ///
    /// A change of the node is a change of its own fields, of an edge in or
    /// out of it (added, removed, changed) or of one of its milestones (a
    /// slip, a confirmation). Records moved to another file, files laid out
    /// again or renamed, records reordered are no change, and a commit that
    /// made only such changes is not listed. Commits come from the git
    /// repository the data folder is in (`git log` of the folder, merges
    /// left out: each commit is compared with its first parent); changes
    /// not committed yet come first, as `not committed`. A commit whose data
    /// has errors is compared on what passed, and its line says so. ID is
    /// taken as other commands take it (an id, a name or an alias in the
    /// current data); a node no longer in the data is found by its id in
    /// the commits that had it (before a node with that word in its name).
    /// --format json is documented in docs/json.md.
    #[command(
        after_help = "Exit codes: 0 listed (or no commit changed the node), 1 the node was never \
        in the data, the folder is not in a git repository or git is missing, 2 usage error."
    )]
    History(HistoryArgs),
    /// Write a selection for other tools: as a diagram (dot, mermaid) or as
    /// data with every date, amount and source (json, jsonl, graphml, gexf,
    /// csv, cypher, rdf, ftm, parquet).
    #[command(subcommand)]
    Export(ExportCommand),
    /// Write one actor's report, as self-contained HTML (with its
    /// two-hop diagram inline, laid out for A4) or as Markdown (with the
    /// diagram as FILE's name with .svg beside it): summary, relations,
    /// money, timeline, quotes as footnotes, sources, the as-of date and
    /// the data revision it was built from.
    Dossier(DossierArgs),
    /// Draw a selection to an SVG, PNG or PDF file, with the system Graphviz
    /// when `dot` is on PATH, else with the embedded engine (SVG only).
    Render(RenderArgs),
    /// Draw a selection as it stood at successive dates (`--every 6m
    /// --since 2023 --until 2025`), one picture per date in DIR, every node
    /// at the same place in every frame: what any frame shows is laid out
    /// once, and each frame hides what did not exist yet (or any more).
    /// Needs Graphviz.
    Frames(FramesArgs),
    /// Write a generated, valid data folder of any size (for benchmarks and
    /// scale tests), plus the same records as JSON in DIR/twin.json. The same
    /// seed gives the same bytes.
    #[cfg(feature = "generate")]
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The state compared from: a git revision or a folder.
    #[arg(value_name = "BEFORE")]
    pub before: String,
    /// The state compared to: a git revision or a folder [default: the
    /// data folder on disk].
    #[arg(value_name = "AFTER")]
    pub after: Option<String>,
    /// Print only how many records of each kind were added, removed and
    /// changed.
    #[arg(long)]
    pub stat: bool,
    /// Exit with 1 when the two differ, 0 when they do not (as `git diff
    /// --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The node's id, name or an alias ("mistral-ai", "Mistral AI"); the id
    /// of a node since removed.
    #[arg(value_name = "ID")]
    pub node: String,
    /// List only the N most recent commits that changed the node (older
    /// commits are not searched).
    #[arg(long, value_name = "N", value_parser = parse_positive)]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Count warnings as errors: each is printed as an error (with a note
    /// that --strict made it one), counted as one in the summary, and the
    /// exit code is 1. For CI and pre-commit hooks.
    #[arg(long)]
    pub strict: bool,
    /// Also apply a lint, a rule for a reviewer's pass (repeatable):
    /// `quotes` warns about each node, edge and milestone with no quote at
    /// all (`no-quote`). Reads every file, whatever the snapshot.
    #[arg(long = "lint", value_enum, value_name = "LINT")]
    pub lints: Vec<LintArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintArg {
    /// Facts with no quote: neither `quote` nor a citation's.
    Quotes,
}

impl From<LintArg> for reggraph::check::lint::Lint {
    fn from(lint: LintArg) -> Self {
        match lint {
            LintArg::Quotes => reggraph::check::lint::Lint::Quotes,
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the files are: csv (one sheet per file; comma, semicolon or
    /// tab separated, UTF-8) or xlsx (a workbook: .xlsx, .xlsm, .xlsb, .xls
    /// or .ods).
    #[arg(value_enum, value_name = "FORMAT")]
    pub sheets: SheetFormat,
    /// The spreadsheets to import.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The folder to write the data files to, in the data folder (created
    /// if missing).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
    /// A header mapping file (RON) for spreadsheets with other names:
    /// `(sheets: {"Acteurs": "Elements"}, elements: {"Nom": "Label",
    /// "Photo": "-"}, connections: {"De": "From"}, sources: {...}, types:
    /// {"Entreprise": "Company"})`; `"-"` leaves a column out.
    #[arg(long, value_name = "FILE")]
    pub columns: Option<PathBuf>,
    /// Check everything and say what would be added; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    /// One sheet per CSV file.
    Csv,
    /// A workbook of sheets.
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// Add a node: `add node --file F --id mistral-ai --kind company --name "Mistral AI" --source S`.
    Node(AddNodeArgs),
    /// Add an edge: `add edge --file F --from arthur-mensch --kind co-founded --to mistral-ai --source S`.
    Edge(AddEdgeArgs),
    /// Add a source: `add source --file F --id S --title T [--url U] ...`.
    Source(AddSourceArgs),
}

#[derive(Debug, Args)]
pub struct AddTarget {
    /// The data file to add the record to, in the data folder (created if
    /// missing; its folder must exist).
    #[arg(long, value_name = "FILE")]
    pub file: PathBuf,
    /// Check the record and print it as it would be added; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct AddNodeArgs {
    #[command(flatten)]
    pub target: AddTarget,
    /// Its id: a lowercase slug, unique in the data folder.
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// Its kind: person, company, investor, public-body, eu-institution,
    /// regulation, programme, fund, infrastructure, conference,
    /// funding-round, announcement, negotiation, jurisdiction or group.
    #[arg(long, value_name = "KIND", value_parser = parse_node_kind)]
    pub kind: NodeKind,
    /// Its name as the source writes it.
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Another name it goes by (repeatable).
    #[arg(long = "alias", value_name = "NAME")]
    pub aliases: Vec<String>,
    /// What it is, in a sentence, for readers.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// A free word to find it by (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub when: WhenArgs,
    /// A regulation's jurisdiction (a jurisdiction node's id).
    #[arg(long, value_name = "ID")]
    pub jurisdiction: Option<String>,
    /// A regulation's status, when it has no milestones to derive it from:
    /// proposed, under-negotiation, agreed, adopted, published, in-force,
    /// partly-applicable, applicable or repealed.
    #[arg(long, value_name = "STATUS", value_parser = parse_regulation_status)]
    pub status: Option<reggraph::model::RegulationStatus>,
    #[command(flatten)]
    pub citation: CitationArgs,
}

#[derive(Debug, Args)]
pub struct AddEdgeArgs {
    #[command(flatten)]
    pub target: AddTarget,
    /// The id of the node it starts from.
    #[arg(long, value_name = "ID")]
    pub from: String,
    /// Its kind: founded, co-founded, leads, holds-office, funds, invests,
    /// finances, raises, announces, calls-for, participates-in, hosts,
    /// happened-at, regulates, applies-in, negotiates, labels, part-of,
    /// succeeds, competes-with or located-in (README says which node kinds
    /// each joins).
    #[arg(long, value_name = "KIND", value_parser = parse_edge_kind)]
    pub kind: EdgeKind,
    /// The id of the node it points to.
    #[arg(long, value_name = "ID")]
    pub to: String,
    #[command(flatten)]
    pub when: WhenArgs,
    /// An amount, in whole units of the currency (money edges only).
    #[arg(long, value_name = "VALUE", requires_all = ["currency", "status"])]
    pub amount: Option<u64>,
    /// The amount's ISO 4217 currency (EUR, USD, ...).
    #[arg(long, value_name = "CODE", requires = "amount")]
    pub currency: Option<String>,
    /// Whether the amount is secured, pledged or a target.
    #[arg(long, value_enum, value_name = "STATUS", requires = "amount")]
    pub status: Option<StatusArg>,
    #[command(flatten)]
    pub citation: CitationArgs,
    /// A note for readers: what was derived, and how.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddSourceArgs {
    #[command(flatten)]
    pub target: AddTarget,
    /// Its id: a lowercase slug, unique in the data folder.
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// Its title, as published.
    #[arg(long, value_name = "TITLE")]
    pub title: String,
    /// Who published it.
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,
    /// What it is: official (the text itself, an institution's own release),
    /// press, encyclopedia (a tertiary source) or other.
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_source_type)]
    pub source_type: Option<reggraph::model::SourceType>,
    /// When it was published (2023, 2023-06 or 2023-06-14).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Where to read it.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Its language, as a BCP 47 tag (fr, en, ...).
    #[arg(long, value_name = "TAG")]
    pub language: Option<String>,
    /// A note for readers (what it is, where a copy is kept).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct WhenArgs {
    /// When it happened: 2023, 2023-06 or 2023-06-14.
    #[arg(long, value_name = "DATE", conflicts_with = "period")]
    pub date: Option<String>,
    /// When it held: START..END, or START.. while it still holds.
    #[arg(long, value_name = "START..END", value_parser = parse_period_text)]
    pub period: Option<(String, Option<String>)>,
}

#[derive(Debug, Args)]
pub struct CitationArgs {
    /// The id of a source that states it (at least one; repeatable;
    /// declare new sources with `add source`).
    #[arg(long = "source", value_name = "ID", required = true)]
    pub sources: Vec<String>,
    /// The words of the source that state it, in the source's language.
    #[arg(long, value_name = "TEXT")]
    pub quote: Option<String>,
}

/// A variant of `T` by its RON name or its label, case ignored
/// (`InForce`, `in-force`); else the allowed labels, with the closest.
fn parse_variant<T>(text: &str, what: &str) -> Result<T, String>
where
    T: strum::VariantNames + std::str::FromStr + Copy + Into<&'static str>,
{
    let folded = text.replace(['-', '_'], "").to_lowercase();
    let names = T::VARIANTS;
    if let Some(name) = names.iter().find(|n| n.to_lowercase() == folded)
        && let Ok(found) = name.parse::<T>()
    {
        return Ok(found);
    }
    let labels: Vec<String> = names.iter().map(|n| reggraph::model::kebab(n)).collect();
    let hint = reggraph::suggest::closest(text, labels.iter().map(String::as_str))
        .map(|best| format!("did you mean `{best}`? "))
        .unwrap_or_default();
    Err(format!(
        "unknown {what}; {hint}allowed: {}",
        labels.join(", ")
    ))
}

/// A regulation status (`in-force`, `InForce`).
pub fn parse_regulation_status(text: &str) -> Result<reggraph::model::RegulationStatus, String> {
    parse_variant(text, "status")
}

/// A source type (`official`, `Press`).
pub fn parse_source_type(text: &str) -> Result<reggraph::model::SourceType, String> {
    parse_variant(text, "source type")
}

/// `START..END` or `START..`; the dates themselves are checked with the
/// record.
pub fn parse_period_text(text: &str) -> Result<(String, Option<String>), String> {
    match text.split_once("..") {
        Some((start, end)) if !start.is_empty() => Ok((
            start.to_string(),
            (!end.is_empty()).then(|| end.to_string()),
        )),
        _ => Err("write START..END (2018..2022) or START.. (2023-04..)".into()),
    }
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Change nothing: list the files that would change, each with a short
    /// diff, and exit 1 if any would (for CI and pre-commit hooks).
    #[arg(long)]
    pub check: bool,
    /// Files, or folders (every *.ron file under them), to format; the data
    /// folder (--data) when none is given.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[cfg(feature = "generate")]
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many nodes.
    #[arg(long, value_name = "N", value_parser = parse_positive)]
    pub nodes: usize,
    /// Edges per node, on average.
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub edges_per_node: usize,
    /// Random seed.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// The folder to write (created if needed; files in it are replaced).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Graphviz DOT: styled by kind, money edges labelled with amounts,
    /// dated edges with dates, a legend, tooltips with sources.
    /// Deterministic: same data and selection, same bytes.
    Dot(DotArgs),
    /// A Mermaid flowchart of the same selection, in the same words and
    /// colours, for Markdown that GitHub and GitLab render; `-o FILE.md`
    /// writes it in a ```mermaid block. --timeline is refused.
    Mermaid(DotArgs),
    /// One JSON document: `schema`, `nodes`, `edges`, `milestones`,
    /// `sources`, every date with its precision and first and last day,
    /// amounts in minor units (docs/json.md, "export json").
    Json(DataArgs),
    /// The same records as JSON Lines, one per line, for streaming.
    Jsonl(DataArgs),
    /// GraphML with typed keys and edge ids, for networkx, igraph, yEd.
    ///
    /// One `<key>` per field with its `attr.type` (string or long); dates
    /// as written with their precision, and `valid_from`/`valid_to` (first
    /// and last day); lists as JSON text; amounts in minor units; edge ids
    /// so that parallel edges stay apart; the cited sources as graph data
    /// (docs/interop.md, "GraphML").
    Graphml(DataArgs),
    /// Dynamic GEXF 1.3 with node and edge spells, for Gephi and networkx.
    ///
    /// GraphML's attributes, and a spell from the first to the last day on
    /// every dated node and edge (no end while a period is open), so that
    /// Gephi's timeline plays the graph (docs/interop.md, "GEXF").
    Gexf(DataArgs),
    /// A folder of CSV files (nodes.csv, edges.csv, milestones.csv,
    /// sources.csv) in `neo4j-admin database import` headers, which Kuzu
    /// and DuckDB also load (docs/interop.md, "csv").
    ///
    /// Lists are joined by U+001F (`--array-delimiter=U+001F` for Neo4j),
    /// amounts are integer minor units (`amount:long`), days are
    /// `valid_from:date`/`valid_to:date` beside each date as written with
    /// its precision.
    #[command(
        after_help = "Neo4j: neo4j-admin database import full --nodes=Node=DIR/nodes.csv \\\n  --nodes=DIR/milestones.csv --nodes=DIR/sources.csv --relationships=DIR/edges.csv \\\n  --array-delimiter=U+001F --multiline-fields=true"
    )]
    Csv(FolderArgs),
    /// A Cypher script (Neo4j 5 syntax, one statement a line): uniqueness
    /// constraints on `:Node`, `:Milestone`, `:Source` ids, then UNWIND
    /// batches that MERGE labelled nodes (`:Node:Company`) and typed
    /// relationships (`CO_FOUNDED`) by id, so a second run adds nothing;
    /// dates as written with `date()` first/last days. Run it with
    /// `cypher-shell -f`; FalkorDB runs every line but the constraints
    /// (docs/interop.md, "cypher").
    Cypher(DataArgs),
    /// RDF (Turtle or N-Triples; SPARQL stores, Oxigraph, rdflib): each
    /// node a resource typed by its kind (and schema.org/FOAF/ELI classes),
    /// each edge a direct triple and a statement resource with its dates
    /// (`xsd:date` bounds, the written date by precision), amount, sources
    /// and quote; regulations with ELI dates and their milestones; sources
    /// with title, publisher, URL, language. Vocabulary: docs/reggraph.ttl;
    /// mapping: docs/interop.md.
    Rdf(RdfArgs),
    /// FollowTheMoney entities, one JSON object per line (Aleph, `ftm`):
    /// Person, Company, PublicBody, Organization... for nodes, Payment for
    /// money edges, Membership, Directorship, UnknownLink... for others,
    /// sources as Article; values in FtM's cleaned form, so that `ftm
    /// validate` keeps every one (mapping: docs/interop.md, "ftm").
    Ftm(DataArgs),
    /// A folder of Parquet tables (nodes, edges, milestones, sources) with
    /// the `id`, `src`, `dst` columns Spark GraphFrames expects (DuckDB,
    /// Spark, pandas; docs/interop.md, "parquet").
    ///
    /// The columns of `export csv`, typed: days as date32, amounts as
    /// int64 minor units, lists as list<string>.
    Parquet(FolderArgs),
}

/// What a data export writes: a selection, to stdout or a file.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Write to FILE instead of stdout (atomically for a file; a device or
    /// a pipe is written into; `-` is stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What a folder export writes: a selection, as files in DIR.
#[derive(Debug, Clone, Args)]
pub struct FolderArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// The folder to write the files into (created if needed; each file
    /// written atomically; other files in it are left alone).
    #[arg(short, long, value_name = "DIR", required = true)]
    pub output: PathBuf,
}

/// `export rdf`: a selection, and the RDF syntax to write it in.
#[derive(Debug, Clone, Args)]
pub struct RdfArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Turtle (prefixed, grouped by subject) or N-Triples (one triple per
    /// line).
    #[arg(long, value_enum, default_value_t = RdfSyntaxArg::Turtle)]
    pub syntax: RdfSyntaxArg,
    /// The IRI that every record's IRI starts with (`node/ID`, `edge/ID`,
    /// `source/ID` follow it); absolute, ending in `/` or `#`.
    #[arg(long, value_name = "IRI", default_value = reggraph::export::rdf::DEFAULT_BASE, value_parser = rdf_base)]
    pub base: reggraph::export::rdf::Base,
}

fn rdf_base(text: &str) -> Result<reggraph::export::rdf::Base, String> {
    reggraph::export::rdf::Base::new(text).map_err(|e| e.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RdfSyntaxArg {
    Turtle,
    Ntriples,
}

/// What a diagram shows: a selection, or a timeline.
#[derive(Debug, Clone, Args)]
pub struct DiagramArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Group nodes into boxes by kind or by jurisdiction.
    #[arg(long, value_enum, value_name = "KEY")]
    pub cluster_by: Option<ClusterArg>,
    /// Draw a left-to-right chronology of the dated facts (as `timeline`
    /// lists them) instead of the graph; takes --actor, --since, --until
    /// and --kind.
    #[arg(long, conflicts_with_all = ["around", "cluster_by", "as_of", "edge_kinds", "exclude_edge_kinds", "orientation"])]
    pub timeline: bool,
    /// With --timeline: only facts about this node.
    #[arg(long, value_name = "ID", requires = "timeline")]
    pub actor: Option<String>,
    /// Draw what changed from BEFORE to AFTER (git revisions or folders,
    /// as `diff` takes them; AFTER defaults to the data folder on disk):
    /// the nodes and edges added (green, `+`), removed (red, dashed, `−`)
    /// and changed (amber, bold or a double border, `~`, with each old and
    /// new value in the label; a regulation's milestones on its node), and
    /// their unchanged neighbours in grey, for context. When nothing but
    /// sources changed, or nothing at all, the diagram says so (and a note
    /// on stderr too): the file asked for is always written. Takes
    /// --title, --cluster-by, --orientation and --no-legend; the selection
    /// flags are refused.
    #[arg(
        long,
        value_names = ["BEFORE", "AFTER"],
        num_args = 1..=2,
        conflicts_with_all = [
            "around", "depth", "node_kinds", "edge_kinds", "exclude_node_kinds",
            "exclude_edge_kinds", "since", "until", "as_of", "cited-by", "timeline", "actor",
        ],
    )]
    pub diff: Option<Vec<String>>,
    /// The title drawn at the top [default: said from the selection].
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Leave out the legend of node and edge kinds.
    #[arg(long)]
    pub no_legend: bool,
    /// Which way the graph's edges run: left to right or top to bottom
    /// (`--direction` is which edges `--around` follows).
    #[arg(long, value_enum, value_name = "WAY", default_value_t = OrientationArg::Lr, alias = "rankdir")]
    pub orientation: OrientationArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrientationArg {
    /// Left to right (wide pictures).
    Lr,
    /// Top to bottom (tall pictures).
    Tb,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClusterArg {
    Kind,
    Jurisdiction,
}

#[derive(Debug, Args)]
pub struct DotArgs {
    #[command(flatten)]
    pub diagram: DiagramArgs,
    /// Write to FILE instead of stdout (atomically for a file; a device or
    /// a pipe is written into; `-` is stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PictureFormatArg {
    Svg,
    Png,
    Pdf,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub diagram: DiagramArgs,
    /// The picture to write; its extension (.svg, .png, .pdf) sets the
    /// format. `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The picture's format where the name does not say it (`-o -`, a
    /// device, a pipe) [default: from the extension].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub picture_format: Option<PictureFormatArg>,
    /// Graphviz layout [default: dot up to 150 nodes and 200 edges, sfdp above].
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,
    /// Who draws: the system Graphviz or the embedded pure-Rust engine
    /// (SVG only) [default: graphviz when `dot` is on PATH, else embedded].
    #[arg(long, value_enum)]
    pub engine: Option<EngineArg>,
    /// Stop Graphviz after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = parse_positive)]
    pub timeout: usize,
    /// Draw even a selection too big to be readable (over 500 nodes).
    #[arg(long)]
    pub force: bool,
    /// PNG resolution in dots per inch [default: 96, a screen at 100%;
    /// 300 for print].
    #[arg(long, value_name = "DPI", value_parser = clap::value_parser!(u32).range(24..=1200))]
    pub dpi: Option<u32>,
    /// The largest the picture may be, scaled down to fit: WIDTH or
    /// WIDTHxHEIGHT with a unit (cm, mm, in, pt), or a4 / a4-landscape (the
    /// page less 2 cm margins): `--size 16cm`, `--size 17x25cm`, `--size a4`.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub size: Option<PageSize>,
}

/// A largest picture size, in points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    pub width: f64,
    pub height: Option<f64>,
}

fn parse_size(text: &str) -> Result<PageSize, String> {
    let text = text.trim().to_ascii_lowercase();
    const CM: f64 = 72.0 / 2.54;
    match text.as_str() {
        "a4" => {
            return Ok(PageSize {
                width: 17.0 * CM,
                height: Some(25.7 * CM),
            });
        }
        "a4-landscape" => {
            return Ok(PageSize {
                width: 25.7 * CM,
                height: Some(17.0 * CM),
            });
        }
        _ => {}
    }
    let unit_at = text
        .find(|c: char| c.is_ascii_alphabetic())
        .ok_or_else(|| format!("`{text}` has no unit: write it as 16cm, 170mm, 6.5in or 460pt"))?;
    let (number, unit) = text.split_at(unit_at);
    let scale = match unit {
        "cm" => CM,
        "mm" => CM / 10.0,
        "in" => 72.0,
        "pt" => 1.0,
        _ => return Err(format!("unknown unit `{unit}`: use cm, mm, in or pt")),
    };
    let length = |n: &str| -> Result<f64, String> {
        n.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0)
            .map(|v| v * scale)
            .ok_or_else(|| {
                format!(
                    "`{n}` is not a positive number (expected WIDTH or WIDTHxHEIGHT, e.g. 16x24cm)"
                )
            })
    };
    let (width, height) = match number.split_once('x') {
        Some((w, h)) => (length(w)?, Some(length(h)?)),
        None => (length(number)?, None),
    };
    if width > 200.0 * 72.0 || height.is_some_and(|h| h > 200.0 * 72.0) {
        return Err("a picture larger than 200 inches cannot be drawn".into());
    }
    Ok(PageSize { width, height })
}

#[derive(Debug, Args)]
pub struct DossierArgs {
    /// The actor's id, name or an alias.
    #[arg(value_name = "ID")]
    pub node: String,
    /// The report as of this date: only what held then, statuses from the
    /// milestones reached by then (without it: every recorded fact, as of
    /// today).
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<PartialDate>,
    /// The report to write (atomically): FILE.html or FILE.md.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Stop Graphviz after this many seconds (the diagram is then left out).
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = parse_positive)]
    pub timeout: usize,
}

#[derive(Debug, Args)]
pub struct FramesArgs {
    /// Only the neighbourhood of this node (id, name or alias), as it
    /// stood on each date.
    #[arg(long, value_name = "ID")]
    pub around: Option<String>,
    /// With --around: how many edges away to go [default: 1].
    #[arg(long, value_name = "N", requires = "around")]
    pub depth: Option<usize>,
    /// With --around: follow edges out of nodes, into them, or both.
    #[arg(long, value_enum, default_value_t = DirectionArg::Both, requires = "around")]
    pub direction: DirectionArg,
    #[command(flatten)]
    pub kinds: KindArgs,
    /// Group nodes into boxes by kind or by jurisdiction.
    #[arg(long, value_enum, value_name = "KEY")]
    pub cluster_by: Option<ClusterArg>,
    /// Time between frames: 10d, 2w, 6m, 1y.
    #[arg(long, value_name = "STEP", value_parser = parse_step)]
    pub every: reggraph::export::frames::Step,
    /// The first frame's date (a partial date means its first day).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: PartialDate,
    /// No frame after this date (a partial date means its last day).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: PartialDate,
    /// The folder the frames are written to (created if missing):
    /// frame-001-2023-01-01.svg, ...
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// The pictures' format.
    #[arg(long = "picture-format", value_enum, value_name = "FORMAT", default_value_t = PictureArg::Svg)]
    pub picture: PictureArg,
    /// The title, followed on each frame by its date [default: said from
    /// the selection].
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
    /// Which way the graph's edges run.
    #[arg(long, value_enum, value_name = "WAY", default_value_t = OrientationArg::Lr)]
    pub orientation: OrientationArg,
    /// Stop Graphviz after this many seconds, per picture.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = parse_positive)]
    pub timeout: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PictureArg {
    Svg,
    Png,
    Pdf,
}

fn parse_step(text: &str) -> Result<reggraph::export::frames::Step, String> {
    text.parse()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    Dot,
    Neato,
    Sfdp,
    Circo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    Graphviz,
    Embedded,
}

/// `--since`, `--until` and `--as-of`, the time filters.
#[derive(Debug, Clone, Default, Args)]
pub struct TimeArgs {
    /// Only facts from this date on (YYYY, YYYY-MM or YYYY-MM-DD, or today,
    /// today-90d, today+6m with d, w, m or y; a partial date means its
    /// first day). Undated facts are timeless and kept.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<PartialDate>,
    /// Only facts up to this date, inclusive (a partial date means its last
    /// day: --until 2023-06 keeps 2023-06-30).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<PartialDate>,
    /// The graph as it stood on this date: facts that had started and not
    /// ended, events that had happened, regulation status from the
    /// milestones reached by then. A partial date means its last day.
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<PartialDate>,
    #[command(flatten)]
    pub sources: SourceArgs,
}

/// `--source`, `--source-type` and `--only-cited-by`: the facts kept by
/// the sources they cite, the same flags wherever they are taken.
#[derive(Debug, Clone, Default, Args)]
#[group(id = "cited-by", multiple = true)]
pub struct SourceArgs {
    /// Only facts cited by this source id (repeatable: any of them).
    #[arg(long = "source", value_name = "ID", group = "cited-by-sources")]
    pub ids: Vec<String>,
    /// Only facts cited by a source of this type (repeatable): official,
    /// press, encyclopedia, other.
    #[arg(long = "source-type", value_name = "TYPE", value_parser = parse_source_type, group = "cited-by-sources")]
    pub types: Vec<SourceType>,
    /// With --source or --source-type: only facts that rest on such
    /// sources alone (every source they cite matches), such as the facts
    /// resting only on an encyclopedia.
    #[arg(long = "only-cited-by", requires = "cited-by-sources")]
    pub only: bool,
}

impl SourceArgs {
    pub fn filter(&self) -> SourceFilter {
        SourceFilter {
            ids: self.ids.clone(),
            types: self.types.clone(),
            only: self.only,
        }
    }
}

/// `--kind` (or `--node-kind`) and `--edge-kind`: the kinds a selection
/// keeps, the same flags wherever they are taken.
#[derive(Debug, Clone, Default, Args)]
pub struct KindArgs {
    /// Only nodes of this kind (repeatable; a centre node is always kept).
    #[arg(long = "kind", visible_alias = "node-kind", value_name = "KIND", value_parser = parse_node_kind)]
    pub node_kinds: Vec<NodeKind>,
    /// Only edges of this kind (repeatable): funds, co-founded, ...
    #[arg(long = "edge-kind", value_name = "KIND", value_parser = parse_edge_kind)]
    pub edge_kinds: Vec<EdgeKind>,
    /// Leave out nodes of this kind (repeatable; a centre node is always
    /// kept), and their edges.
    #[arg(long = "exclude-kind", value_name = "KIND", value_parser = parse_node_kind)]
    pub exclude_node_kinds: Vec<NodeKind>,
    /// Leave out edges of this kind (repeatable).
    #[arg(long = "exclude-edge-kind", value_name = "KIND", value_parser = parse_edge_kind)]
    pub exclude_edge_kinds: Vec<EdgeKind>,
}

/// The selection shared by `stats`, `export` and `render`.
#[derive(Debug, Clone, Default, Args)]
pub struct SelectionArgs {
    /// Only the neighbourhood of this node (id, name or alias).
    #[arg(long, value_name = "ID")]
    pub around: Option<String>,
    /// With --around: how many edges away to go [default: 1].
    #[arg(long, value_name = "N", requires = "around")]
    pub depth: Option<usize>,
    /// With --around: follow edges out of nodes, into them, or both.
    #[arg(long, value_enum, default_value_t = DirectionArg::Both, requires = "around")]
    pub direction: DirectionArg,
    #[command(flatten)]
    pub kinds: KindArgs,
    #[command(flatten)]
    pub time: TimeArgs,
}

impl TimeArgs {
    /// A selection of these dates and `edge_kinds`, and nothing else.
    pub fn spec(&self, edge_kinds: &[EdgeKind]) -> SelectionSpec {
        SelectionSpec {
            edge_kinds: edge_kinds.to_vec(),
            since: self.since,
            until: self.until,
            as_of: self.as_of,
            sources: self.sources.filter(),
            ..SelectionSpec::default()
        }
    }
}

impl SelectionArgs {
    pub fn spec(&self) -> SelectionSpec {
        SelectionSpec {
            around: self.around.clone(),
            depth: self.depth,
            direction: self.direction.into(),
            node_kinds: self.kinds.node_kinds.clone(),
            edge_kinds: self.kinds.edge_kinds.clone(),
            exclude_node_kinds: self.kinds.exclude_node_kinds.clone(),
            exclude_edge_kinds: self.kinds.exclude_edge_kinds.clone(),
            since: self.time.since,
            until: self.time.until,
            as_of: self.time.as_of,
            sources: self.time.sources.filter(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    /// Along the arrows.
    Out,
    /// Against the arrows.
    In,
    /// Either way.
    #[default]
    Both,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Direction {
        match d {
            DirectionArg::Out => Direction::Out,
            DirectionArg::In => Direction::In,
            DirectionArg::Both => Direction::Both,
        }
    }
}

#[derive(Debug, Args)]
pub struct NeighborsArgs {
    /// The centre node's id, name or alias.
    #[arg(value_name = "ID")]
    pub node: String,
    /// How many edges away to go.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: usize,
    /// Follow edges out of nodes, into them, or both.
    #[arg(long, value_enum, default_value_t = DirectionArg::Both)]
    pub direction: DirectionArg,
    /// Print under each fact the quotes its citations give, with their
    /// source.
    #[arg(long)]
    pub quotes: bool,
    #[command(flatten)]
    pub kinds: KindArgs,
    #[command(flatten)]
    pub time: TimeArgs,
}

#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where the path starts (id, name or alias).
    #[arg(value_name = "FROM")]
    pub from: String,
    /// Where it ends.
    #[arg(value_name = "TO")]
    pub to: String,
    /// List every simple path up to --max-len edges, shortest first.
    #[arg(long)]
    pub all: bool,
    /// With --all: the longest path to list, in edges.
    #[arg(long, value_name = "N", default_value_t = reggraph::query::DEFAULT_MAX_LEN, value_parser = parse_positive, requires = "all")]
    pub max_len: usize,
    /// With --all: list at most N paths (the shortest).
    #[arg(long, value_name = "N", default_value_t = reggraph::query::DEFAULT_LIMIT, value_parser = parse_positive, requires = "all")]
    pub limit: usize,
    /// Follow arrows only (from an edge's source to its target); by default
    /// edges are walked either way.
    #[arg(long)]
    pub directed: bool,
    /// Print under each fact the quotes its citations give, with their
    /// source.
    #[arg(long)]
    pub quotes: bool,
    /// Only along edges of this kind (repeatable).
    #[arg(long = "edge-kind", value_name = "KIND", value_parser = parse_edge_kind)]
    pub edge_kinds: Vec<EdgeKind>,
    #[command(flatten)]
    pub time: TimeArgs,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Only facts about this node: its own date, its dated relations, its
    /// milestones.
    #[arg(long, value_name = "ID")]
    pub actor: Option<String>,
    /// Only entries dated from this date on (a period is placed at its
    /// start).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<PartialDate>,
    /// Only entries dated up to this date, inclusive.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<PartialDate>,
    /// Only facts involving a node of this kind (repeatable).
    #[arg(long = "kind", value_name = "KIND", value_parser = parse_node_kind)]
    pub kinds: Vec<NodeKind>,
    /// Leave out facts involving a node of this kind (repeatable).
    #[arg(long = "exclude-kind", value_name = "KIND", value_parser = parse_node_kind)]
    pub exclude_kinds: Vec<NodeKind>,
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Print under each fact the quotes its citations give, with their
    /// source.
    #[arg(long)]
    pub quotes: bool,
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// Only facts this node takes part in, and the milestones of the
    /// regulations it is linked to.
    #[arg(long, value_name = "ID")]
    pub actor: Option<String>,
    /// From this date on [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<PartialDate>,
    /// Up to this date, inclusive [default: no end].
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with = "within")]
    pub until: Option<PartialDate>,
    /// Up to this long after today: 180d, 12w, 6m, 2y (the same as
    /// --until today+180d; it counts from today, so it does not go with
    /// --since: use --until then).
    #[arg(long, value_name = "SPAN", value_parser = parse_within, conflicts_with = "since")]
    pub within: Option<PartialDate>,
}

/// `--within 180d`: the day that long after today.
fn parse_within(text: &str) -> Result<PartialDate, String> {
    reggraph::query::date_form(&format!("today+{text}"), reggraph::query::today()).map_err(|e| {
        match e {
            reggraph::query::DateFormError::BadSpan { reason, .. } => {
                format!("`{text}` is not a span: {reason}")
            }
            other => other.to_string(),
        }
    })
}

#[derive(Debug, Args)]
pub struct MoneyArgs {
    /// Only money received by this node (for a raise, the company).
    /// Repeatable: money received by any of them.
    #[arg(long, value_name = "ID")]
    pub to: Vec<String>,
    /// Only money paid by this node (for a raise, the round). Repeatable:
    /// money paid by any of them.
    #[arg(long, value_name = "ID")]
    pub from: Vec<String>,
    /// Only money whose funder is in this sector (repeatable): the record's
    /// `sector`, else its kind's (jurisdictions, public bodies and EU
    /// institutions are public; companies, investors and funds private);
    /// for a raise, the round's investors'. A funder with none (a person, a
    /// programme) is `unknown`, never public. A budget's part with no
    /// funder named is shown whatever the sector, flagged.
    #[arg(long, value_enum, value_name = "SECTOR")]
    pub sector: Vec<SectorArg>,
    /// Only money into what this node announced, with the announcement's
    /// date: the targets of its `announces` edges and the nodes `part-of`
    /// an announcement it announced (or, for an announcement, part of it).
    /// --since, --until and --as-of apply to the announcement's date too.
    #[arg(long, value_name = "ID")]
    pub announced_by: Option<String>,
    /// Totals per funder, per recipient, per year or per funder's sector
    /// (else one total per currency and status).
    #[arg(long, value_enum, value_name = "KEY")]
    pub by: Option<ByArg>,
    /// Only amounts with this status (repeatable).
    #[arg(long, value_enum, value_name = "STATUS")]
    pub status: Vec<StatusArg>,
    /// Only edges of this kind (repeatable): funds, invests, finances, raises.
    #[arg(long = "edge-kind", value_name = "KIND", value_parser = parse_edge_kind)]
    pub edge_kinds: Vec<EdgeKind>,
    #[command(flatten)]
    pub time: TimeArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Funder,
    Recipient,
    Year,
    Sector,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SectorArg {
    Public,
    Private,
    Mixed,
    /// A funder with no sector (a person, a programme...).
    Unknown,
}

impl From<SectorArg> for SectorKey {
    fn from(s: SectorArg) -> SectorKey {
        match s {
            SectorArg::Public => SectorKey::Public,
            SectorArg::Private => SectorKey::Private,
            SectorArg::Mixed => SectorKey::Mixed,
            SectorArg::Unknown => SectorKey::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Secured,
    Pledged,
    Target,
}

impl From<StatusArg> for MoneyStatus {
    fn from(s: StatusArg) -> MoneyStatus {
        match s {
            StatusArg::Secured => MoneyStatus::Secured,
            StatusArg::Pledged => MoneyStatus::Pledged,
            StatusArg::Target => MoneyStatus::Target,
        }
    }
}

impl From<ByArg> for GroupBy {
    fn from(b: ByArg) -> GroupBy {
        match b {
            ByArg::Funder => GroupBy::Funder,
            ByArg::Recipient => GroupBy::Recipient,
            ByArg::Year => GroupBy::Year,
            ByArg::Sector => GroupBy::Sector,
        }
    }
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Only the sources no node, edge or milestone cites.
    #[arg(long)]
    pub unused: bool,
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    /// Only the facts with no quote at all (neither `quote` nor a
    /// citation's).
    #[arg(long = "no-quote")]
    pub no_quote: bool,
    #[command(flatten)]
    pub sources: SourceArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How many actors to rank.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Rank only nodes of this kind (repeatable), with the scores they have
    /// in the whole selection (unlike --kind, which scores the subgraph of
    /// those kinds). By default actors are ranked apart from events and
    /// things.
    #[arg(long = "rank-kind", value_name = "KIND", value_parser = parse_node_kind)]
    pub rank_kinds: Vec<NodeKind>,
    #[command(flatten)]
    pub selection: SelectionArgs,
}

#[derive(Debug, Args)]
pub struct SparqlArgs {
    /// The query's text.
    #[arg(
        value_name = "QUERY",
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    pub query: Option<String>,
    /// Read the query from this file (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Refuse an answer of more than N rows (or triples): add LIMIT to the
    /// query, or raise this.
    #[arg(long, value_name = "N", default_value_t = reggraph::sparql::DEFAULT_ROWS, value_parser = parse_positive)]
    pub limit: usize,
    /// Stop a query that runs longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = reggraph::sparql::DEFAULT_TIMEOUT_SECONDS, value_parser = parse_seconds)]
    pub timeout: u64,
    #[command(flatten)]
    pub selection: SelectionArgs,
}

fn parse_seconds(text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(n) if (1..=86_400).contains(&n) => Ok(n),
        _ => Err("expected a whole number of seconds from 1 to 86400".into()),
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only nodes of this kind (repeatable): person, company, regulation, ...
    #[arg(long = "kind", value_name = "KIND", value_parser = parse_node_kind)]
    pub kinds: Vec<reggraph::model::NodeKind>,
    /// Only nodes with this tag (case ignored).
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only nodes whose id, name or an alias contains TEXT (case and accents
    /// ignored).
    #[arg(long = "match", value_name = "TEXT")]
    pub matching: Option<String>,
    /// Only nodes that existed on this date (events that had happened,
    /// periods that had started and not ended, regulations proposed by then).
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<PartialDate>,
    #[command(flatten)]
    pub sources: SourceArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The node's id, name or an alias ("mistral-ai", "Mistral AI", "Macron").
    #[arg(value_name = "ID")]
    pub node: String,
    /// Show the node as it stood on this date: a regulation's status from
    /// the milestones reached by then, only the relations that held then.
    #[arg(long = "as-of", value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<PartialDate>,
}

/// A count of at least 1.
pub fn parse_positive(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a whole number")),
    }
}

/// Parses a date as the command line takes it: a partial date, `today`,
/// or `today-90d`, `today+6m` (counted from `query::today()`, which
/// honours `$REGGRAPH_TODAY`).
pub fn parse_date(text: &str) -> Result<PartialDate, String> {
    reggraph::query::date_form(text, reggraph::query::today()).map_err(|e| e.to_string())
}

/// Accepts an edge kind by its RON name or its label (`CoFounded`, `co-founded`).
pub fn parse_edge_kind(text: &str) -> Result<EdgeKind, String> {
    EdgeKind::parse(text).ok_or_else(|| {
        let labels: Vec<String> = <EdgeKind as strum::IntoEnumIterator>::iter()
            .map(|k| k.label())
            .collect();
        let hint = reggraph::suggest::closest(text, labels.iter().map(String::as_str))
            .map(|best| format!("did you mean `{best}`? "))
            .unwrap_or_default();
        format!("unknown edge kind; {hint}allowed: {}", labels.join(", "))
    })
}

/// Accepts a node kind by its RON name or its label (`PublicBody`, `public-body`).
pub fn parse_node_kind(text: &str) -> Result<reggraph::model::NodeKind, String> {
    reggraph::model::NodeKind::parse(text).ok_or_else(|| {
        let labels: Vec<String> = <reggraph::model::NodeKind as strum::IntoEnumIterator>::iter()
            .map(|k| k.label())
            .collect();
        let hint = reggraph::suggest::closest(text, labels.iter().map(String::as_str))
            .map(|best| format!("did you mean `{best}`? "))
            .unwrap_or_default();
        format!("unknown node kind; {hint}allowed: {}", labels.join(", "))
    })
}
