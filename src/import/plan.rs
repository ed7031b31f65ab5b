//! The rows of an import against the data already there: what to add,
//! what is there already, and what to review.
//!
//! - A node is known by its id: the ID cell, else its label made a slug
//!   (`Mistral AI` is `mistral-ai`). A row whose id the data has is not
//!   imported: skipped without a word when it says nothing the data's node
//!   does not (its cells are the node's, or empty; its lists within the
//!   node's), reported when it does (the data's is kept, never merged).
//! - A new node whose name or an alias is, once folded, the name or an
//!   alias of another node, or close to one, is imported and reported for
//!   review: it may be the same actor under another id.
//! - From, To and Jurisdiction name a node by id, else by label, name or
//!   alias (the import's rows first, then the data's); Source names a
//!   source by id, else by URL.
//! - An edge is known by its ends, kind, date or period and amount: one
//!   the data has already is skipped (reported when it cites another
//!   source, or has another quote or note), one an earlier row gave is not
//!   added twice.
//!
//! So a second import of the same sheets adds nothing.

use std::collections::{BTreeMap, BTreeSet};

use super::columns::Columns;
use super::rows::{self, ConnectionRow, ElementRow, Ref, Rows};
use super::sheet::Sheet;
use super::{Finding, Place, quoted};
use crate::model::{
    Dataset, Edge, EdgeKind, Money, Node, NodeKind, PartialDate, Period, Source, is_slug,
};
use crate::suggest::{SuggestIndex, fold};

/// What one input file adds, each record with the row it comes from.
#[derive(Debug, Clone, Default)]
pub struct Planned {
    pub sources: Vec<(Source, Place)>,
    pub nodes: Vec<(Node, Place)>,
    pub edges: Vec<(Edge, Place)>,
}

impl Planned {
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.nodes.is_empty() && self.edges.is_empty()
    }
}

/// The whole import: per input file what it adds, every finding (errors
/// first, each group by place), and how many rows the data had already.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub files: Vec<Planned>,
    pub findings: Vec<Finding>,
    pub already: usize,
}

impl Imported {
    pub fn error_count(&self) -> usize {
        self.findings.iter().filter(|f| f.is_error()).count()
    }
}

/// A label as an id: folded, words joined by `-` (`Timothée Lacroix` is
/// `timothee-lacroix`).
pub fn slug(label: &str) -> String {
    fold(label).replace(' ', "-")
}

/// Plans the import of `inputs` (each file's sheets) into data that
/// already holds `existing`.
pub fn plan(inputs: &[Vec<Sheet>], columns: &Columns, existing: &Dataset) -> Imported {
    let mut findings = Vec::new();
    let rows: Vec<Rows> = inputs
        .iter()
        .map(|sheets| {
            let mut rows = Rows::default();
            for sheet in sheets {
                if let Some(role) = rows::role(sheet, columns, &mut findings) {
                    rows::read(sheet, role, columns, &mut rows, &mut findings);
                }
            }
            rows
        })
        .collect();
    let mut planner = Planner::new(existing, inputs.len(), findings);
    for rows in &rows {
        planner
            .unread_nodes
            .extend(rows.unread_nodes.iter().map(|t| fold(t)));
        planner
            .unread_sources
            .extend(rows.unread_sources.iter().cloned());
    }
    planner.sources(&rows);
    let ids = planner.node_ids(&rows);
    planner.elements(&rows, &ids);
    planner.connections(&rows);
    for rows in &rows {
        for reference in &rows.loose_nodes {
            planner.node(reference);
        }
        planner.cite(&rows.loose_sources);
    }
    let mut findings = planner.findings;
    // Errors first, then warnings, each in the order of the files and
    // sheets as given, then by row and column.
    let order: BTreeMap<(&str, Option<&str>), usize> = inputs
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, s)| ((s.file.as_str(), s.name.as_deref()), i))
        .collect();
    findings.sort_by_cached_key(|f| {
        let sheet = order
            .get(&(f.place.file.as_str(), f.place.sheet.as_deref()))
            .copied()
            .unwrap_or(usize::MAX);
        let column = f.place.column.as_ref().map(|(c, _)| *c);
        (!f.is_error(), sheet, f.place.row, column)
    });
    Imported {
        files: planner.planned,
        findings,
        already: planner.already,
    }
}

/// The key an edge is known by: its ends, kind, time and amount.
type EdgeKey = (
    String,
    EdgeKind,
    String,
    Option<PartialDate>,
    Option<Period>,
    Option<Money>,
);

fn edge_key(edge: &Edge) -> EdgeKey {
    (
        edge.from.clone(),
        edge.kind,
        edge.to.clone(),
        edge.date,
        edge.period,
        edge.amount,
    )
}

struct Planner<'a> {
    existing: &'a Dataset,
    planned: Vec<Planned>,
    findings: Vec<Finding>,
    already: usize,
    /// Every source id, the data's and the import's.
    source_ids: BTreeSet<String>,
    /// Source URL to ids.
    source_urls: BTreeMap<String, BTreeSet<String>>,
    /// Every node id known, with its kind and name.
    nodes: BTreeMap<String, (NodeKind, String)>,
    /// The data's nodes by id.
    existing_nodes: BTreeMap<&'a str, &'a Node>,
    /// The data's folded names and aliases, to ids.
    existing_names: BTreeMap<String, BTreeSet<String>>,
    /// The import's folded labels and aliases, to ids.
    import_names: BTreeMap<String, BTreeSet<String>>,
    /// The data's names and aliases, for "close" names.
    close_names: Option<SuggestIndex>,
    /// Ids and names, for "did you mean".
    suggestions: Option<SuggestIndex>,
    /// Folded ids and labels of element rows that could not be read, and
    /// ids of source rows: references to them are not errors of their own.
    unread_nodes: BTreeSet<String>,
    unread_sources: BTreeSet<String>,
}

impl<'a> Planner<'a> {
    fn new(existing: &'a Dataset, files: usize, findings: Vec<Finding>) -> Planner<'a> {
        let mut planner = Planner {
            existing,
            planned: vec![Planned::default(); files],
            findings,
            already: 0,
            source_ids: BTreeSet::new(),
            source_urls: BTreeMap::new(),
            nodes: BTreeMap::new(),
            existing_nodes: BTreeMap::new(),
            existing_names: BTreeMap::new(),
            import_names: BTreeMap::new(),
            close_names: None,
            suggestions: None,
            unread_nodes: BTreeSet::new(),
            unread_sources: BTreeSet::new(),
        };
        for source in &existing.sources {
            planner.known_source(source);
        }
        for node in &existing.nodes {
            planner
                .nodes
                .insert(node.id.clone(), (node.kind, node.name.clone()));
            planner.existing_nodes.insert(&node.id, node);
            for name in std::iter::once(&node.name).chain(&node.aliases) {
                planner
                    .existing_names
                    .entry(fold(name))
                    .or_default()
                    .insert(node.id.clone());
            }
        }
        planner
    }

    fn known_source(&mut self, source: &Source) {
        self.source_ids.insert(source.id.clone());
        if let Some(url) = &source.url {
            self.source_urls
                .entry(url.trim().to_string())
                .or_default()
                .insert(source.id.clone());
        }
    }

    fn sources(&mut self, rows: &[Rows]) {
        let existing: BTreeMap<&str, &Source> = self
            .existing
            .sources
            .iter()
            .map(|s| (s.id.as_str(), s))
            .collect();
        let mut seen: BTreeMap<String, Place> = BTreeMap::new();
        for (file, rows) in rows.iter().enumerate() {
            for row in &rows.sources {
                let id = &row.id.text;
                if !is_slug(id) {
                    self.findings.push(not_a_slug(&row.id, "source"));
                    self.unread_sources.insert(id.clone());
                    continue;
                }
                if let Some(first) = seen.get(id) {
                    self.findings.push(duplicate(&row.id, first, "source"));
                    continue;
                }
                seen.insert(id.clone(), row.place.clone());
                match existing.get(id.as_str()) {
                    Some(old) => {
                        let differ = source_differences(old, &row.source);
                        if differ.is_empty() {
                            self.already += 1;
                        } else {
                            self.findings.push(differs(&row.id, "source", &differ));
                        }
                    }
                    None => {
                        self.known_source(&row.source);
                        self.planned[file]
                            .sources
                            .push((row.source.clone(), row.place.clone()));
                    }
                }
            }
        }
    }

    /// Every element row's id (`None` where it has none to give), the
    /// nodes they name made known for references.
    fn node_ids(&mut self, rows: &[Rows]) -> Vec<Vec<Option<String>>> {
        let mut seen: BTreeMap<String, Place> = BTreeMap::new();
        let mut ids = Vec::new();
        for rows in rows {
            let mut file_ids = Vec::new();
            for row in &rows.elements {
                let id = self.element_id(row, &mut seen);
                if id.is_none() {
                    for text in row.id.iter().chain([&row.label]) {
                        self.unread_nodes.insert(fold(&text.text));
                    }
                }
                if let Some(id) = &id {
                    let kind = match self.existing_nodes.get(id.as_str()) {
                        Some(old) => (old.kind, old.name.clone()),
                        None => (row.node.kind, row.node.name.clone()),
                    };
                    self.nodes.insert(id.clone(), kind);
                    for name in std::iter::once(&row.node.name).chain(&row.node.aliases) {
                        self.import_names
                            .entry(fold(name))
                            .or_default()
                            .insert(id.clone());
                    }
                }
                file_ids.push(id);
            }
            ids.push(file_ids);
        }
        ids
    }

    fn element_id(
        &mut self,
        row: &ElementRow,
        seen: &mut BTreeMap<String, Place>,
    ) -> Option<String> {
        let (id, at) = match &row.id {
            Some(given) => {
                if !is_slug(&given.text) {
                    self.findings.push(not_a_slug(given, "node"));
                    return None;
                }
                (given.text.clone(), given)
            }
            None => {
                let id = slug(&row.label.text);
                if id.is_empty() {
                    self.findings.push(
                        Finding::error_of(
                            "missing-cell",
                            row.label.place.clone(),
                            format!(
                                "no id can be made from the label {}: it has no letter or digit",
                                quoted(&row.label.text)
                            ),
                        )
                        .help("write the node's id in an ID column (a lowercase slug such as mistral-ai)"),
                    );
                    return None;
                }
                (id, &row.label)
            }
        };
        if let Some(first) = seen.get(&id) {
            let shown = Ref {
                text: id,
                place: at.place.clone(),
            };
            self.findings.push(duplicate(&shown, first, "node"));
            return None;
        }
        seen.insert(id.clone(), row.place.clone());
        Some(id)
    }

    fn elements(&mut self, rows: &[Rows], ids: &[Vec<Option<String>>]) {
        for (file, rows) in rows.iter().enumerate() {
            for (row, id) in rows.elements.iter().zip(&ids[file]) {
                let Some(id) = id else { continue };
                let mut node = row.node.clone();
                node.id = id.clone();
                let sources = self.cite(&row.sources);
                // `None` where the Jurisdiction names no node.
                let jurisdiction = match &row.jurisdiction {
                    Some(j) => self.node(j).map(Some),
                    None => Some(None),
                };
                let (Some(sources), Some(jurisdiction)) = (sources, jurisdiction) else {
                    continue;
                };
                node.sources = sources;
                node.jurisdiction = jurisdiction;
                let shown = Ref {
                    text: id.clone(),
                    place: row.id.as_ref().unwrap_or(&row.label).place.clone(),
                };
                match self.existing_nodes.get(id.as_str()) {
                    Some(old) => {
                        let differ = node_differences(old, &node);
                        if differ.is_empty() {
                            self.already += 1;
                        } else {
                            self.findings.push(differs(&shown, "node", &differ));
                        }
                    }
                    None => {
                        self.review_names(&node, &row.label.place);
                        self.planned[file].nodes.push((node, row.place.clone()));
                    }
                }
            }
        }
    }

    /// Reports the data's nodes (and the import's other rows) whose name
    /// or alias is the new node's, or close to it.
    fn review_names(&mut self, node: &Node, place: &Place) {
        let mut same: BTreeSet<String> = BTreeSet::new();
        let mut close: BTreeSet<String> = BTreeSet::new();
        let names: Vec<&String> = std::iter::once(&node.name).chain(&node.aliases).collect();
        for name in &names {
            let folded = fold(name);
            for map in [&self.existing_names, &self.import_names] {
                if let Some(ids) = map.get(&folded) {
                    same.extend(ids.iter().filter(|i| **i != node.id).cloned());
                }
            }
        }
        if !self.existing_names.is_empty() {
            let index = self.close_names.get_or_insert_with(|| {
                SuggestIndex::new(self.existing_names.keys().map(String::as_str))
            });
            for name in &names {
                let folded = fold(name);
                // Jaro-Winkler (the index's score) favours a shared start:
                // "plan" is near "plan tibi 2". A close name is also one a
                // few edits away.
                let near = index
                    .ranked(&folded, 3)
                    .into_iter()
                    .filter(|near| strsim::normalized_damerau_levenshtein(&folded, near) >= 0.75);
                for near in near {
                    if let Some(ids) = self.existing_names.get(near) {
                        close.extend(
                            ids.iter()
                                .filter(|i| **i != node.id && !same.contains(*i))
                                .cloned(),
                        );
                    }
                }
            }
        }
        if same.is_empty() && close.is_empty() {
            return;
        }
        let describe = |ids: &BTreeSet<String>| {
            ids.iter()
                .map(|id| {
                    let (kind, name) = &self.nodes[id];
                    format!(
                        "{} ({}, {})",
                        quoted(id),
                        crate::diagnostic::one_line(name),
                        kind.label()
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut finding = Finding::warning(
            "possible-duplicate",
            place.clone(),
            format!(
                "{} may be a node the data has under another id",
                quoted(&node.name)
            ),
        );
        if !same.is_empty() {
            finding = finding.note(format!("the same name or alias: {}", describe(&same)));
        }
        if !close.is_empty() {
            finding = finding.note(format!("a close name or alias: {}", describe(&close)));
        }
        self.findings.push(finding.help(format!(
            "it is imported as {}, not merged with it: if they are one, remove {} from the data \
             and write the other's id in the sheet (its ID cell, and in From and To), then import again",
            quoted(&node.id),
            quoted(&node.id)
        )));
    }

    fn connections(&mut self, rows: &[Rows]) {
        let existing: BTreeMap<EdgeKey, &Edge> = self
            .existing
            .edges
            .iter()
            .map(|e| (edge_key(e), e))
            .collect();
        let mut earlier: BTreeMap<EdgeKey, Place> = BTreeMap::new();
        for (file, rows) in rows.iter().enumerate() {
            for row in &rows.connections {
                let Some(edge) = self.edge(row) else { continue };
                let key = edge_key(&edge);
                if let Some(first) = earlier.get(&key) {
                    self.findings.push(
                        Finding::warning(
                            "repeated-row",
                            row.place.clone(),
                            format!(
                                "this {} connection from {} to {} repeats an earlier row: not imported twice",
                                edge.kind.label(),
                                quoted(&edge.from),
                                quoted(&edge.to)
                            ),
                        )
                        .also(first.clone())
                        .help("delete one of the rows, or give them their own dates or amounts if they are two facts"),
                    );
                    continue;
                }
                earlier.insert(key.clone(), row.place.clone());
                match existing.get(&key) {
                    Some(old) => {
                        let differ = edge_differences(old, &edge);
                        if differ.is_empty() {
                            self.already += 1;
                        } else {
                            let shown = Ref {
                                text: format!(
                                    "{} --{}--> {}",
                                    edge.from,
                                    edge.kind.label(),
                                    edge.to
                                ),
                                place: row.place.clone(),
                            };
                            self.findings.push(differs(&shown, "edge", &differ));
                        }
                    }
                    None => self.planned[file].edges.push((edge, row.place.clone())),
                }
            }
        }
    }

    fn edge(&mut self, row: &ConnectionRow) -> Option<Edge> {
        let from = self.node(&row.from);
        let to = self.node(&row.to);
        let sources = self.cite(&row.sources);
        let (from, to, sources) = (from?, to?, sources?);
        let kind = row.edge.kind;
        let (from_kind, to_kind) = (self.nodes[&from].0, self.nodes[&to].0);
        if !kind.allows(from_kind, to_kind) {
            let labels = |kinds: &[NodeKind]| {
                kinds
                    .iter()
                    .map(|k| k.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            self.findings.push(
                Finding::error_of(
                    "kind-mismatch",
                    row.type_place.clone(),
                    format!(
                        "a {} connection cannot go from {} ({}) to {} ({})",
                        kind.label(),
                        quoted(&from),
                        from_kind.label(),
                        quoted(&to),
                        to_kind.label()
                    ),
                )
                .help(format!(
                    "{} goes from {} to {}; check the Type, or the order of From and To",
                    kind.label(),
                    labels(kind.domain()),
                    labels(kind.range())
                )),
            );
            return None;
        }
        Some(Edge {
            from,
            to,
            sources,
            ..row.edge.clone()
        })
    }

    /// The node a From, To or Jurisdiction names.
    fn node(&mut self, reference: &Ref) -> Option<String> {
        let text = reference.text.as_str();
        if self.nodes.contains_key(text) {
            return Some(text.to_string());
        }
        let folded = fold(text);
        for map in [&self.import_names, &self.existing_names] {
            match map.get(&folded) {
                Some(ids) if ids.len() == 1 => return ids.iter().next().cloned(),
                Some(ids) => {
                    let listed = ids
                        .iter()
                        .map(|id| format!("{} ({})", quoted(id), self.nodes[id].1))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.findings.push(
                        Finding::error_of(
                            "ambiguous-reference",
                            reference.place.clone(),
                            format!("{} names more than one node", quoted(text)),
                        )
                        .help(format!("write the id of the one meant: {listed}")),
                    );
                    return None;
                }
                None => {}
            }
        }
        if self.unread_nodes.contains(&folded) {
            return None;
        }
        let nodes = &self.nodes;
        let index = self.suggestions.get_or_insert_with(|| {
            SuggestIndex::new(
                nodes
                    .iter()
                    .flat_map(|(id, (_, name))| [id.as_str(), name.as_str()]),
            )
        });
        let hint = match index.closest(text) {
            Some(near) => format!("did you mean {}? ", quoted(near)),
            None => String::new(),
        };
        self.findings.push(
            Finding::error_of(
                "unknown-reference",
                reference.place.clone(),
                format!("{} is no node of the import or of the data", quoted(text)),
            )
            .help(format!(
                "{hint}name a node by its id, label, name or alias; add it to the Elements sheet if it is new"
            )),
        );
        None
    }

    /// The ids of the sources a row cites (by id or URL).
    fn cite(&mut self, references: &[Ref]) -> Option<Vec<String>> {
        let mut ids = Vec::new();
        let mut ok = true;
        for reference in references {
            let text = reference.text.as_str();
            let found = if self.source_ids.contains(text) {
                Some(text.to_string())
            } else {
                match self.source_urls.get(text) {
                    Some(by_url) if by_url.len() == 1 => by_url.iter().next().cloned(),
                    Some(by_url) => {
                        ok = false;
                        self.findings.push(
                            Finding::error_of(
                                "ambiguous-reference",
                                reference.place.clone(),
                                format!("more than one source has the URL {}", quoted(text)),
                            )
                            .help(format!(
                                "cite one by its id: {}",
                                by_url
                                    .iter()
                                    .map(|i| quoted(i))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                        );
                        continue;
                    }
                    None => None,
                }
            };
            match found {
                Some(id) => {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                None if self.unread_sources.contains(text) => ok = false,
                None => {
                    ok = false;
                    let hint =
                        crate::suggest::closest(text, self.source_ids.iter().map(String::as_str))
                            .map(|near| format!("did you mean {}? ", quoted(near)))
                            .unwrap_or_default();
                    self.findings.push(
                        Finding::error_of(
                            "unknown-reference",
                            reference.place.clone(),
                            format!("{} is no source's id or URL", quoted(text)),
                        )
                        .help(format!(
                            "{hint}declare it in a Sources sheet (ID, Title, Publisher, Type, Published, URL, Language) \
                             or with `reggraph add source`; several sources are separated by |"
                        )),
                    );
                }
            }
        }
        ok.then_some(ids)
    }
}

fn not_a_slug(id: &Ref, what: &str) -> Finding {
    let made = slug(&id.text);
    let hint = if made.is_empty() {
        String::new()
    } else {
        format!(" such as {}", quoted(&made))
    };
    Finding::error_of(
        "bad-cell",
        id.place.clone(),
        format!(
            "{} is not a {what} id: ids are lowercase slugs",
            quoted(&id.text)
        ),
    )
    .help(format!(
        "write it in lowercase letters, digits and single hyphens{hint}"
    ))
}

fn duplicate(id: &Ref, first: &Place, what: &str) -> Finding {
    Finding::error_of(
        "duplicate-row",
        id.place.clone(),
        format!(
            "{what} {} is given by two rows of the import",
            quoted(&id.text)
        ),
    )
    .also(first.clone())
    .help(format!(
        "keep one row per {what}, or give the other its own id in an ID column"
    ))
}

fn differs(id: &Ref, what: &str, fields: &[&str]) -> Finding {
    Finding::warning(
        "already-there",
        id.place.clone(),
        format!(
            "the data already has {what} {}, and its {} {} this row's: the row is not imported",
            quoted(&id.text),
            fields.join(", "),
            if fields.len() == 1 {
                "differs from"
            } else {
                "differ from"
            }
        ),
    )
    .help(format!(
        "the data's {what} is kept as it is; change it there by hand if the sheet is right"
    ))
}

/// The fields in which a row says something else than the data's record
/// (a field the row leaves empty, or a list whose items the data's has
/// already, says nothing else), by name: none, and the row is the data's.
macro_rules! differences {
    ($old:expr, $new:expr; same: $($same:ident),*; set: $($set:ident),*; within: $($within:ident),*) => {{
        let mut names: Vec<&'static str> = Vec::new();
        $(if $old.$same != $new.$same {
            names.push(stringify!($same));
        })*
        $(if $new.$set.is_some() && $old.$set != $new.$set {
            names.push(stringify!($set));
        })*
        $(if !$new.$within.iter().all(|item| $old.$within.contains(item)) {
            names.push(stringify!($within));
        })*
        names
    }};
}

fn node_differences(old: &Node, new: &Node) -> Vec<&'static str> {
    let mut names = differences!(
        old, new;
        same: kind, name;
        set: description, date, period, jurisdiction, status;
        within: aliases, tags, sources
    );
    if quote_differs(old.quote.as_ref(), &old.citations, new.quote.as_ref()) {
        names.push("quote");
    }
    names
}

fn edge_differences(old: &Edge, new: &Edge) -> Vec<&'static str> {
    let mut names = differences!(old, new; same: ; set: note; within: sources);
    if quote_differs(old.quote.as_ref(), &old.citations, new.quote.as_ref()) {
        names.insert(0, "quote");
    }
    names
}

/// Whether a row's quote is other words than the record's: its `quote`,
/// or a citation's (the data may have tied the row's words to a source).
fn quote_differs(
    quote: Option<&String>,
    citations: &[crate::model::Citation],
    row: Option<&String>,
) -> bool {
    row.is_some_and(|row| {
        quote != Some(row) && !citations.iter().any(|c| c.quote.as_ref() == Some(row))
    })
}

fn source_differences(old: &Source, new: &Source) -> Vec<&'static str> {
    differences!(
        old, new;
        same: title;
        set: publisher, source_type, published, url, language, note;
        within:
    )
}
