//! Validation: turn raw records into the typed [`Dataset`], pushing a
//! diagnostic for every problem and carrying on, so one run reports them all.

mod diagnostic;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use strum::VariantNames;

pub use diagnostic::{Diagnostic, JsonDiagnostic, JsonLocation, Label, Severity, render_text};

use crate::graph::KnowledgeGraph;
use crate::load::raw::{Located, RawEdge, RawMoney, RawNode, RawPeriod, RawSource};
use crate::load::spanned::{Ident, Spanned};
use crate::load::{RawDataset, SourceFiles, read_folder};
use crate::model::{
    Currency, Dataset, Edge, EdgeKind, Milestone, Money, MoneyStatus, Node, NodeKind, PartialDate,
    Period, RegulationStatus, Source, Stage,
};
use crate::suggest;

/// Where a record was read from: its file and the span of its id (nodes,
/// sources) or of the whole record (edges).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: usize,
    pub span: Range<usize>,
}

/// A checked data folder: the typed records that passed, where each came
/// from, the files' text, and every diagnostic found.
pub struct Loaded {
    pub dataset: Dataset,
    pub node_origins: Vec<Origin>,
    pub edge_origins: Vec<Origin>,
    pub files: SourceFiles,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// `42 nodes, 77 edges, 9 sources: 0 errors, 2 warnings`
    pub fn summary(&self) -> String {
        summary(
            [
                self.dataset.nodes.len(),
                self.dataset.edges.len(),
                self.dataset.sources.len(),
            ],
            self.error_count(),
            self.warning_count(),
        )
    }
}

/// `42 nodes, 77 edges, 9 sources: 0 errors, 2 warnings`, from the counts
/// of nodes, edges and sources and of errors and warnings.
pub fn summary(records: [usize; 3], errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}, {}: {}, {}",
        plural(records[0], "node"),
        plural(records[1], "edge"),
        plural(records[2], "source"),
        plural(errors, "error"),
        plural(warnings, "warning"),
    )
}

/// Reads and checks every data file under `dir`.
///
/// ```no_run
/// let loaded = reggraph::check::load(std::path::Path::new("graph-data"));
/// println!("{}", loaded.summary());
/// ```
///
/// Valid data is read once, the fast way. When there is anything to report,
/// the folder is read again with exact spans, so every diagnostic points at
/// the right characters.
pub fn load(dir: &Path) -> Loaded {
    if let Some(loaded) = fast_load(dir) {
        return loaded;
    }
    check(read_folder(dir))
}

/// Valid data the fast way: each file read, parsed and checked on its own
/// on every core (its raw records freed as soon as it is checked), then
/// the checks that need every file ([`global_problems`]) over the typed
/// records. `None` at the first sign of anything to report; [`load`] then
/// reads again with exact spans and the full checker to say what.
fn fast_load(dir: &Path) -> Option<Loaded> {
    let (files, parts) = fast_parts(dir)?;
    let mut dataset = Dataset::default();
    dataset
        .sources
        .reserve(parts.iter().map(|p| p.sources.len()).sum());
    dataset
        .nodes
        .reserve(parts.iter().map(|p| p.nodes.len()).sum());
    dataset
        .edges
        .reserve(parts.iter().map(|p| p.edges.len()).sum());
    for part in parts {
        dataset.sources.extend(part.sources);
        dataset.nodes.extend(part.nodes);
        dataset.edges.extend(part.edges);
    }
    Some(Loaded {
        dataset,
        node_origins: Vec::new(),
        edge_origins: Vec::new(),
        files,
        diagnostics: Vec::new(),
    })
}

/// The checked records of each file, in path order, if nothing in them
/// is to be reported.
fn fast_parts(dir: &Path) -> Option<(SourceFiles, Vec<Dataset>)> {
    let (files, parts) = crate::load::read_each_fast(dir, |records| {
        let mut checker = Checker {
            deferred: true,
            ..Checker::default()
        };
        checker.sources(records.sources);
        checker.nodes(records.nodes);
        checker.edges(records.edges);
        checker.diagnostics.is_empty().then_some(checker.dataset)
    })?;
    (!global_problems(&parts)).then_some((files, parts))
}

/// The graph of the data under `dir` if it has nothing to report, built
/// straight from each file's checked records (never gathered in one
/// [`Dataset`] first), with the files read. Otherwise the exact load of
/// [`load`], which says what.
pub fn load_graph(dir: &Path) -> Result<(KnowledgeGraph, SourceFiles), Box<Loaded>> {
    match fast_parts(dir) {
        Some((files, parts)) => Ok((KnowledgeGraph::build_parts(parts), files)),
        None => Err(Box::new(check(read_folder(dir)))),
    }
}

/// Whether records that passed the per-file checks have a problem only
/// all files together show: a duplicate id, a reference to no source or
/// node, an edge kind that does not fit its ends' kinds, a jurisdiction
/// that is not one, a name shared by two nodes, or a node with no edge.
/// These are the checks the per-file checker defers; the full checker
/// makes them with positions and explanations.
fn global_problems(parts: &[Dataset]) -> bool {
    use rayon::prelude::*;
    use rustc_hash::{FxHashMap, FxHashSet};
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut sources: FxHashSet<&str> = FxHashSet::default();
    sources.reserve(parts.iter().map(|p| p.sources.len()).sum());
    for source in parts.iter().flat_map(|p| &p.sources) {
        if !sources.insert(&source.id) {
            return true;
        }
    }
    let all_nodes: Vec<&Node> = parts.iter().flat_map(|p| &p.nodes).collect();
    let mut nodes: FxHashMap<&str, u32> = FxHashMap::default();
    nodes.reserve(all_nodes.len());
    for (i, node) in all_nodes.iter().enumerate() {
        if nodes.insert(&node.id, i as u32).is_some() {
            return true;
        }
    }
    let cites = |list: &[String]| list.iter().all(|s| sources.contains(s.as_str()));
    let connected: Vec<AtomicBool> = (0..all_nodes.len())
        .map(|_| AtomicBool::new(false))
        .collect();
    let node_problem = all_nodes.par_iter().any(|node| {
        if !cites(&node.sources) || node.milestones.iter().any(|m| !cites(&m.sources)) {
            return true;
        }
        match node.jurisdiction.as_deref().map(|j| nodes.get(j)) {
            None => false,
            Some(None) => true,
            Some(Some(&j)) => {
                connected[j as usize].store(true, Ordering::Relaxed);
                all_nodes[j as usize].kind != NodeKind::Jurisdiction
            }
        }
    });
    if node_problem {
        return true;
    }
    let edge_problem = parts
        .par_iter()
        .flat_map(|p| p.edges.par_iter())
        .any(|edge| {
            let (Some(&from), Some(&to)) =
                (nodes.get(edge.from.as_str()), nodes.get(edge.to.as_str()))
            else {
                return true;
            };
            connected[from as usize].store(true, Ordering::Relaxed);
            connected[to as usize].store(true, Ordering::Relaxed);
            let kinds = (all_nodes[from as usize].kind, all_nodes[to as usize].kind);
            !edge.kind.allows(kinds.0, kinds.1) || !cites(&edge.sources)
        });
    if edge_problem || connected.iter().any(|c| !c.load(Ordering::Relaxed)) {
        return true;
    }
    // A folded name or alias used by two nodes.
    let mut names: Vec<(String, u32)> = all_nodes
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, node)| {
            std::iter::once(&node.name)
                .chain(&node.aliases)
                .map(move |text| (suggest::fold(text), i as u32))
        })
        .collect();
    names.par_sort_unstable();
    names
        .windows(2)
        .any(|pair| pair[0].0 == pair[1].0 && pair[0].1 != pair[1].1)
}

/// Whether `text` is a lowercase slug (`mistral-ai`).
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Checks raw records and builds the typed dataset.
pub fn check(raw: RawDataset) -> Loaded {
    let RawDataset {
        files,
        sources,
        nodes,
        edges,
        diagnostics,
        dropped_nodes,
    } = raw;
    let mut checker = Checker {
        diagnostics,
        dropped_nodes,
        ..Checker::default()
    };
    checker.sources(sources);
    checker.nodes(nodes);
    checker.edges(edges);
    checker.finish();
    let Checker {
        mut diagnostics,
        dataset,
        node_origins,
        edge_origins,
        ..
    } = checker;
    diagnostics.sort_by_key(|d| {
        (
            d.primary.as_ref().map(|l| (l.file, l.span.start)),
            d.severity,
        )
    });
    Loaded {
        dataset,
        node_origins,
        edge_origins,
        files,
        diagnostics,
    }
}

/// A declared node id: where, and its kind if the kind was valid.
struct Declared {
    file: usize,
    span: Range<usize>,
    kind: Option<NodeKind>,
    /// Index in `dataset.nodes` if the node was kept.
    index: Option<usize>,
    /// Whether an edge (or a jurisdiction reference) touches it.
    connected: bool,
}

/// A name or alias, the node it names and where it is written.
struct NameUse {
    id: String,
    file: usize,
    span: Range<usize>,
    text: String,
}

#[derive(Default)]
struct Checker {
    /// Node records left out because they could not be read.
    dropped_nodes: Vec<Located<String>>,
    diagnostics: Vec<Diagnostic>,
    dataset: Dataset,
    node_origins: Vec<Origin>,
    edge_origins: Vec<Origin>,
    source_ids: HashMap<String, (usize, Range<usize>)>,
    node_ids: HashMap<String, Declared>,
    /// Folded name or alias to the ids it names, for ambiguity warnings.
    names: HashMap<String, Vec<NameUse>>,
    /// Checking one file's records on their own (see [`fast_load`]):
    /// everything that needs other files (references, duplicate ids,
    /// shared names, isolated nodes) is left to [`global_problems`].
    deferred: bool,
    /// Jurisdiction references, checked once every node is known.
    pending_jurisdictions: Vec<(usize, Spanned<String>, usize)>,
}

impl Checker {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn sources(&mut self, sources: Vec<Located<RawSource>>) {
        for Located { file, record, .. } in sources {
            let mut ok = self.slug(file, &record.id, "source");
            if let Some((first_file, first_span)) = self.source_ids.get(&record.id.value) {
                let d = Diagnostic::error(
                    "duplicate-id",
                    format!("source id \"{}\" is defined twice", record.id.value),
                )
                .at(file, record.id.span.clone(), "defined again here")
                .also(*first_file, first_span.clone(), "first defined here")
                .help("give each source its own id, or merge the two records");
                self.push(d);
                continue;
            }
            let published = record
                .published
                .as_ref()
                .and_then(|d| self.date(file, d, &mut ok));
            self.source_ids
                .insert(record.id.value.clone(), (file, record.id.span.clone()));
            if ok {
                self.dataset.sources.push(Source {
                    id: record.id.value,
                    title: record.title,
                    publisher: record.publisher,
                    published,
                    url: record.url,
                    language: record.language,
                    note: record.note,
                });
            }
        }
    }

    fn nodes(&mut self, nodes: Vec<Located<RawNode>>) {
        self.dataset.nodes.reserve(nodes.len());
        self.node_origins.reserve(nodes.len());
        for Located { file, record, .. } in nodes {
            let mut ok = self.slug(file, &record.id, "node");
            if !self.deferred
                && let Some(first) = self.node_ids.get(&record.id.value)
            {
                let d = Diagnostic::error(
                    "duplicate-id",
                    format!("node id \"{}\" is defined twice", record.id.value),
                )
                .at(file, record.id.span.clone(), "defined again here")
                .also(first.file, first.span.clone(), "first defined here")
                .help("give each node its own id, or merge the two records");
                self.push(d);
                continue;
            }
            let kind =
                self.vocabulary::<NodeKind>(file, &record.kind, "node kind", NodeKind::VARIANTS);
            if !self.deferred {
                self.node_ids.insert(
                    record.id.value.clone(),
                    Declared {
                        file,
                        span: record.id.span.clone(),
                        kind,
                        index: None,
                        connected: false,
                    },
                );
            }
            ok &= kind.is_some();
            if record.name.value.trim().is_empty() {
                self.push(
                    Diagnostic::error("empty-name", "a node's name cannot be empty")
                        .at(file, record.name.span.clone(), "empty name")
                        .help("write the name people know it by: `name: \"Mistral AI\"`"),
                );
                ok = false;
            }
            let (date, period) = self.when(file, &record.date, &record.period, &mut ok);
            let status = record.status.as_ref().and_then(|s| {
                let status = self.vocabulary::<RegulationStatus>(
                    file,
                    s,
                    "regulation status",
                    RegulationStatus::VARIANTS,
                );
                ok &= status.is_some();
                status
            });
            let mut milestones = Vec::new();
            for m in &record.milestones {
                let stage = self.vocabulary::<Stage>(
                    file,
                    &m.value.stage,
                    "milestone stage",
                    Stage::VARIANTS,
                );
                let date = self.date(file, &m.value.date, &mut ok);
                let sources = self.cited(file, &m.value.sources, &mut ok);
                let actual = m.value.actual.unwrap_or(true);
                if let Some(date) = date
                    && actual
                    && date.first_day() > crate::query::today()
                {
                    self.push(
                        Diagnostic::warning(
                            "future-milestone",
                            format!(
                                "this milestone is dated {date}, after today, but counts as reached"
                            ),
                        )
                        .at(file, m.value.date.span.clone(), "in the future")
                        .help("add `actual: false` until it has happened (a date set in advance)"),
                    );
                }
                if let (Some(stage), Some(date)) = (stage, date) {
                    milestones.push(Milestone {
                        stage,
                        date,
                        actual,
                        note: m.value.note.clone(),
                        sources,
                    });
                } else {
                    ok = false;
                }
            }
            if let Some(kind) = kind
                && kind != NodeKind::Regulation
            {
                if let Some(m) = record.milestones.first() {
                    self.push(
                        Diagnostic::error(
                            "not-a-regulation",
                            format!(
                                "milestones are for regulations, and `{}` is a {}",
                                record.id.value,
                                kind.label()
                            ),
                        )
                        .at(file, m.span.clone(), "milestone on a non-regulation")
                        .help("use `kind: Regulation`, or record the step as an event node"),
                    );
                    ok = false;
                }
                if let Some(s) = &record.status {
                    self.push(
                        Diagnostic::error(
                            "not-a-regulation",
                            format!(
                                "a status is for regulations, and `{}` is a {}",
                                record.id.value,
                                kind.label()
                            ),
                        )
                        .at(file, s.span.clone(), "status on a non-regulation")
                        .help("remove `status`, or use `kind: Regulation`"),
                    );
                    ok = false;
                }
            }
            let sources = self.cited(file, &record.sources, &mut ok);
            if record.sources.is_empty() {
                self.push(uncited(
                    file,
                    record.id.span.clone(),
                    format!("node \"{}\"", record.id.value),
                ));
            }
            let mut keys = vec![(record.name.value.clone(), record.name.span.clone())];
            keys.extend(
                record
                    .aliases
                    .iter()
                    .map(|a| (a.value.clone(), a.span.clone())),
            );
            for (text, span) in keys.into_iter().filter(|_| !self.deferred) {
                self.names
                    .entry(suggest::fold(&text))
                    .or_default()
                    .push(NameUse {
                        id: record.id.value.clone(),
                        file,
                        span,
                        text,
                    });
            }
            if !ok {
                continue;
            }
            let Some(kind) = kind else { continue };
            if let Some(declared) = self.node_ids.get_mut(&record.id.value) {
                declared.index = Some(self.dataset.nodes.len());
            }
            self.node_origins.push(Origin {
                file,
                span: record.id.span.clone(),
            });
            self.dataset.nodes.push(Node {
                id: record.id.value,
                kind,
                name: record.name.value,
                aliases: record.aliases.into_iter().map(|a| a.value).collect(),
                description: record.description,
                tags: record.tags,
                date,
                period,
                jurisdiction: record.jurisdiction.as_ref().map(|j| j.value.clone()),
                status,
                milestones,
                sources,
                quote: record.quote,
            });
            if let Some(j) = record.jurisdiction.filter(|_| !self.deferred) {
                self.pending_jurisdictions
                    .push((file, j, self.dataset.nodes.len() - 1));
            }
        }
    }
}

impl Checker {
    fn edges(&mut self, edges: Vec<Located<RawEdge>>) {
        self.dataset.edges.reserve(edges.len());
        self.edge_origins.reserve(edges.len());
        for Located { file, span, record } in edges {
            let mut ok = true;
            let kind =
                self.vocabulary::<EdgeKind>(file, &record.kind, "edge kind", EdgeKind::VARIANTS);
            ok &= kind.is_some();
            let (from, to) = if self.deferred {
                (Some(None), Some(None))
            } else {
                (
                    self.node_ref(file, &record.from),
                    self.node_ref(file, &record.to),
                )
            };
            ok &= from.is_some() && to.is_some();
            // A node named by an edge is connected even if the edge has
            // another error: the isolated-node warning would only mislead.
            for (end, id) in [(from, &record.from), (to, &record.to)] {
                if end.is_some() {
                    self.connect(&id.value);
                }
            }
            if let (Some(kind), Some(Some(from_kind)), Some(Some(to_kind))) = (kind, from, to)
                && !kind.allows(from_kind, to_kind)
            {
                self.push(kind_mismatch(file, &record, kind, from_kind, to_kind));
                ok = false;
            }
            let (date, period) = self.when(file, &record.date, &record.period, &mut ok);
            let amount = match (&record.amount, kind) {
                (Some(amount), Some(kind)) if !kind.carries_money() => {
                    self.push(
                        Diagnostic::error(
                            "amount-not-allowed",
                            format!(
                                "{} `{}` edge cannot carry an amount",
                                crate::suggest::article(kind.name()),
                                kind.name()
                            ),
                        )
                        .at(file, amount.span.clone(), "amount on a non-money edge")
                        .help("money moves along Funds, Invests, Finances and Raises edges"),
                    );
                    ok = false;
                    None
                }
                (Some(amount), _) => {
                    let money = self.money(file, amount);
                    ok &= money.is_some();
                    money
                }
                (None, _) => None,
            };
            let sources = self.cited(file, &record.sources, &mut ok);
            if record.sources.is_empty() {
                self.push(uncited(
                    file,
                    record.kind.span.clone(),
                    format!("edge \"{}\" -> \"{}\"", record.from.value, record.to.value),
                ));
            }
            if !ok {
                continue;
            }
            let Some(kind) = kind else { continue };
            self.edge_origins.push(Origin { file, span });
            self.dataset.edges.push(Edge {
                from: record.from.value,
                kind,
                to: record.to.value,
                date,
                period,
                amount,
                sources,
                quote: record.quote,
                note: record.note,
            });
        }
    }

    /// Checks what needs every record read: jurisdiction references,
    /// ambiguous names and nodes with no edge.
    fn finish(&mut self) {
        for (file, jurisdiction, _) in std::mem::take(&mut self.pending_jurisdictions) {
            match self.node_ref(file, &jurisdiction) {
                Some(Some(NodeKind::Jurisdiction)) | Some(None) => {
                    self.connect(&jurisdiction.value)
                }
                Some(Some(kind)) => self.push(
                    Diagnostic::error(
                        "kind-mismatch",
                        format!(
                            "`jurisdiction` must name a jurisdiction, and \"{}\" is a {}",
                            jurisdiction.value,
                            kind.label()
                        ),
                    )
                    .at(file, jurisdiction.span.clone(), "not a jurisdiction")
                    .help("refer to a node of `kind: Jurisdiction`, such as the country or union"),
                ),
                None => {}
            }
        }
        let mut ambiguous = Vec::new();
        for (key, owners) in &self.names {
            let mut ids: Vec<&str> = owners.iter().map(|o| o.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            if ids.len() > 1 {
                let NameUse {
                    file, span, text, ..
                } = &owners[owners.len() - 1];
                let mut d = Diagnostic::warning(
                    "ambiguous-name",
                    format!("the name \"{text}\" is used by {} nodes: {}", ids.len(), ids.join(", ")),
                )
                .at(*file, span.clone(), "used again here")
                .help(format!("look-ups of \"{key}\" will ask which one is meant; rename or drop one of the aliases"));
                for other in &owners[..owners.len() - 1] {
                    d = d.also(other.file, other.span.clone(), "also used here");
                }
                ambiguous.push(d);
            }
        }
        self.diagnostics.extend(ambiguous);
        // When a file (or a record) could not be read, its edges are missing:
        // warning that their nodes have no edge would only mislead.
        let unread = self.diagnostics.iter().any(|d| {
            d.is_error()
                && matches!(
                    d.code,
                    "syntax"
                        | "unknown-field"
                        | "missing-field"
                        | "duplicate-field"
                        | "invalid-value"
                        | "not-utf8"
                        | "unreadable"
                )
        });
        for (i, node) in self.dataset.nodes.iter().enumerate() {
            if !unread && !self.node_ids.get(&node.id).is_some_and(|d| d.connected) {
                let origin = &self.node_origins[i];
                self.diagnostics.push(
                    Diagnostic::warning(
                        "isolated-node",
                        format!("node \"{}\" has no edge", node.id),
                    )
                    .at(origin.file, origin.span.clone(), "connected to nothing")
                    .help("add an edge that says how it relates to the rest, or remove the node"),
                );
            }
        }
    }

    /// Marks a declared node as touched by an edge or reference.
    fn connect(&mut self, id: &str) {
        if let Some(declared) = self.node_ids.get_mut(id) {
            declared.connected = true;
        }
    }

    /// Resolves a node id: `None` if unknown (a diagnostic is pushed),
    /// `Some(None)` if declared with an invalid kind.
    fn node_ref(&mut self, file: usize, id: &Spanned<String>) -> Option<Option<NodeKind>> {
        if let Some(declared) = self.node_ids.get(&id.value) {
            return Some(declared.kind);
        }
        let mut d = Diagnostic::error("unknown-node", format!("unknown node id \"{}\"", id.value))
            .at(file, id.span.clone(), "no node has this id");
        let folded = suggest::fold(&id.value);
        if let Some(dropped) = self.dropped_nodes.iter().find(|d| d.record == id.value) {
            let (f, s) = (dropped.file, dropped.span.clone());
            self.push(
                d.also(
                    f,
                    s,
                    "declared here, in a record left out because of an error",
                )
                .help("fix the error in that record; this reference will then resolve"),
            );
            return None;
        }
        let invalid_declaration = self.names.get(&folded).and_then(|owners| {
            owners
                .iter()
                .find(|o| o.id != id.value && !is_slug(&o.id))
                .map(|o| o.id.clone())
        });
        if let Some(declared) = invalid_declaration {
            d = d.help(format!(
                "the node is declared with the id \"{declared}\", which is not a valid id; once that declaration says \"{}\", this reference resolves",
                id.value
            ));
        } else if let Some(owners) = self.names.get(&folded) {
            d = d.help(format!(
                "\"{}\" is a name; edges refer to nodes by id: did you mean \"{}\"?",
                id.value, owners[0].id
            ));
        } else if let Some(best) =
            suggest::closest(&id.value, self.node_ids.keys().map(String::as_str))
        {
            d = d.help(format!("did you mean \"{best}\"?"));
        } else {
            d = d.help("declare the node in a `nodes: [...]` list, or fix the id");
        }
        self.push(d);
        None
    }

    /// Checks a lowercase-slug id.
    fn slug(&mut self, file: usize, id: &Spanned<String>, what: &str) -> bool {
        let text = &id.value;
        let valid = is_slug(text);
        if !valid {
            let slug = suggest::fold(text).replace(' ', "-");
            let mut d = Diagnostic::error(
                "invalid-id",
                format!("{what} id \"{text}\" is not a lowercase slug"),
            )
            .at(file, id.span.clone(), "not a slug")
            .note("ids use lowercase ASCII letters and digits separated by single hyphens");
            if !slug.is_empty() {
                d = d.help(format!(
                    "write it \"{slug}\", and keep the display form in `name`"
                ));
            }
            self.push(d);
        }
        valid
    }

    /// Parses a name from the vocabulary, or explains the allowed values.
    fn vocabulary<T: FromStr>(
        &mut self,
        file: usize,
        ident: &Spanned<Ident>,
        what: &str,
        variants: &'static [&'static str],
    ) -> Option<T> {
        if let Ok(value) = ident.value.0.parse() {
            return Some(value);
        }
        let found = &ident.value.0;
        let mut d = Diagnostic::error("unknown-variant", format!("unknown {what} `{found}`")).at(
            file,
            ident.span.clone(),
            format!("not {} {what}", crate::suggest::article(what)),
        );
        if let Some(best) = suggest::closest(found, variants.iter().copied()) {
            d = d.help(format!("did you mean `{best}`?"));
        }
        self.push(d.note(format!("allowed: {}", variants.join(", "))));
        None
    }

    fn date(&mut self, file: usize, date: &Spanned<String>, ok: &mut bool) -> Option<PartialDate> {
        match date.value.parse::<PartialDate>() {
            Ok(date) => Some(date),
            Err(e) => {
                let (code, help) = match e {
                    crate::model::DateError::Malformed(_) => (
                        "invalid-date",
                        "write dates as \"2023\", \"2023-06\" or \"2023-06-14\"",
                    ),
                    crate::model::DateError::Impossible { .. } => (
                        "impossible-date",
                        "check the day and month; keep only the part you are sure of (\"2023-02\")",
                    ),
                };
                self.push(
                    Diagnostic::error(code, e.to_string())
                        .at(file, date.span.clone(), "not a valid date")
                        .help(help),
                );
                *ok = false;
                None
            }
        }
    }

    /// Checks a fact's time: a date or a period (not both), start before end.
    fn when(
        &mut self,
        file: usize,
        date: &Option<Spanned<String>>,
        period: &Option<Spanned<RawPeriod>>,
        ok: &mut bool,
    ) -> (Option<PartialDate>, Option<Period>) {
        if let (Some(date), Some(period)) = (date, period) {
            self.push(
                Diagnostic::error("date-and-period", "a fact has a date or a period, not both")
                    .at(file, period.span.clone(), "period given here")
                    .also(file, date.span.clone(), "and a date here")
                    .help("use `date` for a point in time, `period: (start: ..., end: ...)` for a span"),
            );
            *ok = false;
        }
        let date = date.as_ref().and_then(|d| self.date(file, d, ok));
        let period = period.as_ref().and_then(|p| {
            let start = self.date(file, &p.value.start, ok)?;
            let end = match &p.value.end {
                Some(end) => Some(self.date(file, end, ok)?),
                None => None,
            };
            if let (Some(end_date), Some(end_span)) = (end, &p.value.end)
                && end_date.last_day() < start.first_day()
            {
                self.push(
                    Diagnostic::error(
                        "period-order",
                        format!("this period ends ({end_date}) before it starts ({start})"),
                    )
                    .at(file, end_span.span.clone(), "end is before the start")
                    .also(file, p.value.start.span.clone(), "start")
                    .help("swap `start` and `end`, or fix the year"),
                );
                *ok = false;
                return None;
            }
            Some(Period { start, end })
        });
        (date, period)
    }

    fn money(&mut self, file: usize, amount: &Spanned<RawMoney>) -> Option<Money> {
        let RawMoney {
            value,
            currency,
            status,
        } = &amount.value;
        let currency = match currency {
            None => {
                self.push(
                    Diagnostic::error("missing-currency", format!("the amount {value} has no currency"))
                        .at(file, amount.span.clone(), "which currency?")
                        .help(format!(
                            "add an ISO 4217 code: `amount: (value: {value}, currency: \"EUR\", status: {})`",
                            status.as_ref().map_or("Secured", |s| s.value.0.as_str())
                        )),
                );
                None
            }
            Some(code) => match Currency::from_code(&code.value) {
                Some(currency) => Some(currency),
                None => {
                    let upper = code.value.trim().to_uppercase();
                    let help = match Currency::from_code(&upper) {
                        Some(_) => format!("write the ISO 4217 code in capitals: \"{upper}\""),
                        None => "use an ISO 4217 code such as \"EUR\" or \"USD\"".to_string(),
                    };
                    self.push(
                        Diagnostic::error(
                            "unknown-currency",
                            format!("unknown currency \"{}\"", code.value),
                        )
                        .at(file, code.span.clone(), "not an ISO 4217 code")
                        .help(help),
                    );
                    None
                }
            },
        };
        let status = match status {
            None => {
                self.push(
                    Diagnostic::error(
                        "missing-money-status",
                        "an amount must say whether it is secured, pledged or a target",
                    )
                    .at(file, amount.span.clone(), "secured, pledged or target?")
                    .help("add `status: Secured`, `status: Pledged` or `status: Target`"),
                );
                None
            }
            Some(status) => {
                self.vocabulary::<MoneyStatus>(file, status, "money status", MoneyStatus::VARIANTS)
            }
        };
        Some(Money {
            value: *value,
            currency: currency?,
            status: status?,
        })
    }

    /// Resolves cited source ids, reporting unknown ones.
    fn cited(&mut self, file: usize, sources: &[Spanned<String>], ok: &mut bool) -> Vec<String> {
        let mut cited = Vec::with_capacity(sources.len());
        for source in sources {
            if self.deferred || self.source_ids.contains_key(&source.value) {
                cited.push(source.value.clone());
                continue;
            }
            let mut d = Diagnostic::error(
                "unknown-source",
                format!("unknown source id \"{}\"", source.value),
            )
            .at(file, source.span.clone(), "no source has this id");
            d = match suggest::closest(&source.value, self.source_ids.keys().map(String::as_str)) {
                Some(best) => d.help(format!("did you mean \"{best}\"?")),
                None => d.help(
                    "declare the source in a `sources: [...]` list (title, publisher, date, URL)",
                ),
            };
            self.push(d);
            *ok = false;
        }
        cited
    }
}

fn uncited(file: usize, span: Range<usize>, what: String) -> Diagnostic {
    Diagnostic::warning("uncited", format!("{what} cites no source"))
        .at(file, span, "no source")
        .help("add `sources: [\"source-id\"]` naming where this fact comes from")
}

fn kind_mismatch(
    file: usize,
    record: &RawEdge,
    kind: EdgeKind,
    from: NodeKind,
    to: NodeKind,
) -> Diagnostic {
    let labels = |kinds: &[NodeKind]| {
        kinds
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (message, help) = if !kind.domain().contains(&from) {
        (
            format!(
                "{} `{}` edge cannot start from {} {}",
                crate::suggest::article(kind.name()),
                kind.name(),
                crate::suggest::article(&from.label()),
                from.label()
            ),
            format!("`{}` starts from: {}", kind.name(), labels(kind.domain())),
        )
    } else {
        (
            format!(
                "{} `{}` edge cannot point to {} {}",
                crate::suggest::article(kind.name()),
                kind.name(),
                crate::suggest::article(&to.label()),
                to.label()
            ),
            format!("`{}` points to: {}", kind.name(), labels(kind.range())),
        )
    };
    Diagnostic::error("kind-mismatch", message)
        .at(file, record.kind.span.clone(), "edge kind used here")
        .also(
            file,
            record.from.span.clone(),
            format!("this is a {}", from.label()),
        )
        .also(
            file,
            record.to.span.clone(),
            format!("this is a {}", to.label()),
        )
        .help(help)
}
