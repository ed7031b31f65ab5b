//! Rows into records: each cell read as the field its column holds, every
//! cell that cannot be read a finding at its sheet, row and column. Ids,
//! names and sources that rows refer to are kept as written, with their
//! places, for [`super::plan`] to resolve.

use std::collections::BTreeMap;

use super::columns::{Columns, Field, Role, allowed, squeeze};
use super::sheet::{Cell, Sheet};
use super::{Finding, Place, quoted};
use crate::model::kind::parse_vocabulary;
use crate::model::{
    Currency, Edge, EdgeKind, Money, MoneyStatus, Node, NodeKind, PartialDate, Period,
    RegulationStatus, Source, SourceType,
};
use crate::suggest::closest;

/// Text a row refers to something by (an id, a label, a source), and
/// where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub text: String,
    pub place: Place,
}

/// A row of an Elements sheet: its node, with the id still to settle.
#[derive(Debug, Clone)]
pub struct ElementRow {
    pub place: Place,
    /// The ID cell, when there is one.
    pub id: Option<Ref>,
    pub label: Ref,
    /// The node, its `id`, `sources` and `jurisdiction` left empty.
    pub node: Node,
    pub sources: Vec<Ref>,
    pub jurisdiction: Option<Ref>,
}

/// A row of a Connections sheet: its edge, with its ends and sources
/// still to resolve.
#[derive(Debug, Clone)]
pub struct ConnectionRow {
    pub place: Place,
    pub from: Ref,
    pub to: Ref,
    /// Where the Type is written (for a kind that does not fit its ends).
    pub type_place: Place,
    /// The edge, its `from`, `to` and `sources` left empty.
    pub edge: Edge,
    pub sources: Vec<Ref>,
}

/// A row of a Sources sheet.
#[derive(Debug, Clone)]
pub struct SourceRow {
    pub place: Place,
    pub id: Ref,
    pub source: Source,
}

/// The rows of every sheet of one file, by role.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub elements: Vec<ElementRow>,
    pub connections: Vec<ConnectionRow>,
    pub sources: Vec<SourceRow>,
    /// The nodes and the sources named by rows that could not be read
    /// whole, still looked up so that every bad cell is said at once.
    pub loose_nodes: Vec<Ref>,
    pub loose_sources: Vec<Ref>,
    /// The ids and labels of element rows, and the ids of source rows,
    /// that could not be read: what names them waits on their error and
    /// is not one more.
    pub unread_nodes: Vec<String>,
    pub unread_sources: Vec<String>,
}

/// Which column holds which field in one sheet.
struct Layout {
    role: Role,
    /// Field to its column.
    columns: BTreeMap<Field, usize>,
    headers: Vec<String>,
}

/// The role of a sheet: a workbook sheet by its name; a CSV file by its
/// name, else by its headers. `None` (with a finding) when it is not one
/// reggraph reads.
pub fn role(sheet: &Sheet, columns: &Columns, findings: &mut Vec<Finding>) -> Option<Role> {
    if let Some(name) = &sheet.name {
        let role = columns.sheet_role(name);
        if role.is_none() && sheet.rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
            findings.push(
                Finding::warning(
                    "sheet-not-read",
                    sheet.whole(),
                    format!("sheet {} is not read", quoted(name)),
                )
                .help(
                    "reggraph reads the sheets named Elements, Connections and Sources; \
                     rename it, or map it in a header mapping file",
                ),
            );
        }
        return role;
    }
    if let Some(role) = columns.sheet_role(&sheet.stem) {
        return Some(role);
    }
    let headers: Vec<String> = sheet
        .rows
        .first()
        .map(|r| r.iter().map(Cell::text).collect())
        .unwrap_or_default();
    let has = |role: Role, field: Field| {
        headers
            .iter()
            .any(|h| columns.knows(role, h) && columns.field(role, h) == Some(Some(field)))
    };
    if has(Role::Connections, Field::From) && has(Role::Connections, Field::To) {
        Some(Role::Connections)
    } else if has(Role::Elements, Field::Label) {
        Some(Role::Elements)
    } else if has(Role::Sources, Field::Title) {
        Some(Role::Sources)
    } else {
        findings.push(
            Finding::error_of(
                "unknown-sheet",
                sheet.whole(),
                format!(
                    "{} is not an Elements, Connections or Sources sheet: neither its name nor its headers say which",
                    sheet.file
                ),
            )
            .help(
                "name it elements.csv, connections.csv or sources.csv, or give it the headers of one \
                 (Label and Type; From, To and Type; ID and Title)",
            ),
        );
        None
    }
}

/// Reads the rows of a sheet of `role` into `rows`.
pub fn read(
    sheet: &Sheet,
    role: Role,
    columns: &Columns,
    rows: &mut Rows,
    findings: &mut Vec<Finding>,
) {
    let Some(layout) = layout(sheet, role, columns, findings) else {
        return;
    };
    for (index, cells) in sheet.rows.iter().enumerate().skip(1) {
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        let mut row = RowReader {
            sheet,
            layout: &layout,
            index,
            cells,
            columns,
            findings: &mut *findings,
            ok: true,
            loose_nodes: Vec::new(),
            loose_sources: Vec::new(),
            unread: Vec::new(),
        };
        match role {
            Role::Elements => {
                if let Some(r) = row.element() {
                    rows.elements.push(r);
                }
            }
            Role::Connections => {
                if let Some(r) = row.connection() {
                    rows.connections.push(r);
                }
            }
            Role::Sources => {
                if let Some(r) = row.source() {
                    rows.sources.push(r);
                }
            }
        }
        rows.loose_nodes.append(&mut row.loose_nodes);
        rows.loose_sources.append(&mut row.loose_sources);
        match role {
            Role::Sources => rows.unread_sources.append(&mut row.unread),
            _ => rows.unread_nodes.append(&mut row.unread),
        }
    }
}

fn layout(
    sheet: &Sheet,
    role: Role,
    columns: &Columns,
    findings: &mut Vec<Finding>,
) -> Option<Layout> {
    let headers: Vec<String> = sheet
        .rows
        .first()
        .map(|r| r.iter().map(Cell::text).collect())
        .unwrap_or_default();
    let mut layout = Layout {
        role,
        columns: BTreeMap::new(),
        headers: headers.clone(),
    };
    let mut ok = true;
    for (column, header) in headers.iter().enumerate() {
        let filled = sheet
            .rows
            .iter()
            .skip(1)
            .filter(|r| r.get(column).is_some_and(|c| !c.is_empty()))
            .count();
        let place = sheet.place(0, Some((column, header)));
        if header.is_empty() {
            if filled > 0 {
                findings.push(
                    Finding::warning(
                        "column-not-imported",
                        place,
                        format!(
                            "a column without a header is not imported ({})",
                            cells(filled)
                        ),
                    )
                    .help(format!("give it a header: {}", allowed(role))),
                );
            }
            continue;
        }
        match columns.field(role, header) {
            Some(Some(field)) => {
                if let Some(&first) = layout.columns.get(&field) {
                    ok = false;
                    findings.push(
                        Finding::error_of(
                            "duplicate-column",
                            place,
                            format!(
                                "two columns hold the {} of {}",
                                role.header(field),
                                role.name()
                            ),
                        )
                        .also(sheet.place(0, Some((first, &headers[first]))))
                        .help(
                            "keep one of them, or map the other to \"-\" in a header mapping file",
                        ),
                    );
                } else {
                    layout.columns.insert(field, column);
                }
            }
            Some(None) => {}
            None => {
                let hint = closest(header, role.fields().iter().map(|(_, n)| n[0]))
                    .map(|h| format!("did you mean {}? ", quoted(h)))
                    .unwrap_or_default();
                findings.push(
                    Finding::warning(
                        "column-not-imported",
                        place,
                        format!(
                            "column {} is not imported: {} has no such field ({})",
                            quoted(header),
                            role.name(),
                            cells(filled)
                        ),
                    )
                    .help(format!(
                        "{hint}{} reads {}; map the column in a header mapping file, \
                         or to \"-\" to leave it out without this warning",
                        role.name(),
                        allowed(role)
                    )),
                );
            }
        }
    }
    for field in role.required() {
        if !layout.columns.contains_key(field) {
            ok = false;
            findings.push(
                Finding::error_of(
                    "missing-column",
                    sheet.whole(),
                    format!(
                        "the {} sheet has no {} column",
                        role.name(),
                        role.header(*field)
                    ),
                )
                .help(format!(
                    "add it, or map the column that holds it in a header mapping file; its headers are: {}",
                    if headers.is_empty() {
                        "(none)".to_string()
                    } else {
                        headers.iter().map(|h| quoted(h)).collect::<Vec<_>>().join(", ")
                    }
                )),
            );
        }
    }
    ok.then_some(layout)
}

/// `1 cell in it`, `3 cells in it`.
fn cells(n: usize) -> String {
    if n == 1 {
        "1 cell in it".into()
    } else {
        format!("{n} cells in it")
    }
}

/// One row being read: its cells by field, and the findings they give.
struct RowReader<'a> {
    sheet: &'a Sheet,
    layout: &'a Layout,
    index: usize,
    cells: &'a [Cell],
    columns: &'a Columns,
    findings: &'a mut Vec<Finding>,
    /// No cell of the row was refused.
    ok: bool,
    /// What the row names, when it cannot be read whole.
    loose_nodes: Vec<Ref>,
    loose_sources: Vec<Ref>,
    /// The row's own id and label, when it cannot be read whole.
    unread: Vec<String>,
}

impl RowReader<'_> {
    fn place(&self, field: Field) -> Place {
        let column = self.layout.columns.get(&field).copied();
        self.sheet.place(
            self.index,
            column.map(|c| (c, self.layout.headers[c].as_str())),
        )
    }

    fn row_place(&self) -> Place {
        self.sheet.place(self.index, None)
    }

    fn cell(&self, field: Field) -> Option<&Cell> {
        let column = *self.layout.columns.get(&field)?;
        self.cells.get(column).filter(|c| !c.is_empty())
    }

    fn refuse(&mut self, code: &'static str, field: Field, message: String, help: String) {
        self.ok = false;
        let place = self.place(field);
        self.findings
            .push(Finding::error_of(code, place, message).help(help));
    }

    /// The cell as text, if something is written in it.
    fn text(&mut self, field: Field) -> Option<String> {
        match self.cell(field)? {
            Cell::Error(e) => {
                let e = e.clone();
                self.refuse(
                    "bad-cell",
                    field,
                    format!("the cell holds the spreadsheet error {e}"),
                    "fix the formula, or write the value itself".into(),
                );
                None
            }
            cell => Some(cell.text()),
        }
    }

    fn required(&mut self, field: Field, what: &str) -> Option<String> {
        let text = self.text(field);
        if text.is_none() && self.cell(field).is_none() {
            let header = self.layout.role.header(field);
            self.refuse(
                "missing-cell",
                field,
                format!("this row has no {header}"),
                format!("write {what}, or delete the row"),
            );
        }
        text
    }

    /// `a | b | c` as its items (Kumu's separator for several values).
    fn list(&mut self, field: Field) -> Vec<String> {
        self.text(field)
            .map(|t| {
                t.split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn refs(&mut self, field: Field) -> Vec<Ref> {
        let place = self.place(field);
        self.list(field)
            .into_iter()
            .map(|text| Ref {
                text,
                place: place.clone(),
            })
            .collect()
    }

    fn date(&mut self, field: Field) -> Option<PartialDate> {
        let cell = self.cell(field)?.clone();
        let parsed = match &cell {
            Cell::Date { year, month, day } => i16::try_from(*year)
                .map_err(|_| format!("year {year} is out of range"))
                .and_then(|y| PartialDate::day(y, *month, *day).map_err(|e| e.to_string())),
            Cell::Number(n) if n.fract() == 0.0 && (1.0..=9999.0).contains(n) => {
                PartialDate::year(*n as i16).map_err(|e| e.to_string())
            }
            _ => {
                let text = self.text(field)?;
                text.parse::<PartialDate>().map_err(|e| e.to_string())
            }
        };
        match parsed {
            Ok(date) => Some(date),
            Err(reason) => {
                self.refuse(
                    "bad-cell",
                    field,
                    crate::diagnostic::one_line(&reason).into_owned(),
                    "write the date as 2023, 2023-06 or 2023-06-14 (a date cell of a workbook \
                     is read to the day), only as precisely as the source gives it"
                        .into(),
                );
                None
            }
        }
    }

    /// A date or a period (Start Date, End Date), not both.
    fn when(&mut self) -> (Option<PartialDate>, Option<Period>) {
        let date = self.date(Field::Date);
        let start = self.date(Field::Start);
        let end = self.date(Field::End);
        let period = match (start, end) {
            (Some(start), end) => Some(Period { start, end }),
            (None, Some(_)) => {
                self.refuse(
                    "bad-cell",
                    Field::End,
                    "an End Date without a Start Date".into(),
                    "write the Start Date too (the year is enough), or move the date to Date"
                        .into(),
                );
                None
            }
            (None, None) => None,
        };
        if date.is_some() && period.is_some() {
            self.refuse(
                "bad-cell",
                Field::Date,
                "a Date and a Start Date in one row: a fact has a date or a period, not both"
                    .into(),
                "keep the Date for a point in time, or Start and End Dates for a span".into(),
            );
            return (None, None);
        }
        (date, period)
    }

    /// A name from the vocabulary (`Public Body`, `public-body`,
    /// `PublicBody`), through the mapping file's types.
    fn vocabulary<T>(&mut self, field: Field, what: &str, names: &[&str]) -> Option<T>
    where
        T: std::str::FromStr,
    {
        let written = self.text(field)?;
        let name = self.columns.kind_name(&written).to_string();
        if let Some(found) = parse_vocabulary(&squeeze(&name), names) {
            return Some(found);
        }
        let labels: Vec<String> = names.iter().map(|n| crate::model::kebab(n)).collect();
        let hint = closest(&written, labels.iter().map(String::as_str))
            .map(|best| format!("did you mean {}? ", quoted(best)))
            .unwrap_or_default();
        let code = if what.ends_with("kind") {
            "unknown-kind"
        } else {
            "bad-cell"
        };
        self.refuse(
            code,
            field,
            format!("{} is not {what}", quoted(&written)),
            format!(
                "{hint}allowed: {}{}",
                labels.join(", "),
                if code == "unknown-kind" {
                    "; or map it to one in a header mapping file (types: {...})"
                } else {
                    ""
                }
            ),
        );
        None
    }

    fn amount(&mut self) -> Option<u64> {
        let cell = self.cell(Field::Amount)?.clone();
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        let value = match &cell {
            Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= EXACT => Ok(*n as u64),
            Cell::Number(n) if *n > EXACT => Err(format!(
                "{n} is too large for a spreadsheet number to hold exactly"
            )),
            Cell::Number(n) => Err(format!("{n} is not a whole, positive amount")),
            _ => {
                let text = self.text(Field::Amount)?;
                let digits: String = text
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '_' | '\u{a0}' | '\u{202f}'))
                    .collect();
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    digits
                        .parse::<u64>()
                        .map_err(|_| format!("{} is too large", quoted(&text)))
                } else {
                    Err(format!("{} is not a whole amount in digits", quoted(&text)))
                }
            }
        };
        match value {
            Ok(v) => Some(v),
            Err(message) => {
                self.refuse(
                    "bad-cell",
                    Field::Amount,
                    message,
                    "write the whole amount in the currency's units, in digits (105000000 for \
                     EUR 105M; spaces between thousands are read), or as text if it is too large"
                        .into(),
                );
                None
            }
        }
    }

    fn currency(&mut self) -> Option<Currency> {
        let text = self.text(Field::Currency)?;
        let code = match text.as_str() {
            "€" => "EUR".to_string(),
            "£" => "GBP".to_string(),
            other => other.to_uppercase(),
        };
        let found = Currency::from_code(&code);
        if found.is_none() {
            self.refuse(
                "bad-cell",
                Field::Currency,
                format!("{} is not an ISO 4217 currency code", quoted(&text)),
                "write its three-letter code: EUR, USD, GBP, ...".into(),
            );
        }
        found
    }

    fn money(&mut self, kind: Option<EdgeKind>) -> Option<Money> {
        let value = self.amount();
        let currency = self.currency();
        let status: Option<MoneyStatus> = self.vocabulary(
            Field::Status,
            "a money status",
            <MoneyStatus as strum::VariantNames>::VARIANTS,
        );
        let written = |r: &Self, f| r.cell(f).is_some();
        if !written(self, Field::Amount) {
            for (field, what) in [(Field::Currency, "a Currency"), (Field::Status, "a Status")] {
                if written(self, field) {
                    self.refuse(
                        "bad-cell",
                        field,
                        format!("{what} without an Amount"),
                        "write the Amount too, or leave this cell empty".into(),
                    );
                }
            }
            return None;
        }
        if let Some(kind) = kind
            && !kind.carries_money()
        {
            self.refuse(
                "bad-cell",
                Field::Amount,
                format!(
                    "a {} connection moves no money: it has no amount",
                    kind.label()
                ),
                "amounts go on funds, invests, finances and raises connections; leave it out here"
                    .into(),
            );
            return None;
        }
        for (field, what, help) in [
            (
                Field::Currency,
                "Currency",
                "write its ISO 4217 code (EUR, USD, ...)",
            ),
            (
                Field::Status,
                "Status",
                "write secured, pledged or target (a goal, not money raised)",
            ),
        ] {
            if !written(self, field) {
                let place = if self.layout.columns.contains_key(&field) {
                    field
                } else {
                    Field::Amount
                };
                self.refuse(
                    "missing-cell",
                    place,
                    format!("an amount without a {what}"),
                    help.into(),
                );
            }
        }
        Some(Money {
            value: value?,
            currency: currency?,
            status: status?,
        })
    }

    fn element(&mut self) -> Option<ElementRow> {
        let id = self.text(Field::Id).map(|text| Ref {
            text,
            place: self.place(Field::Id),
        });
        let label = self.required(Field::Label, "the node's name as its source writes it");
        let kind: Option<NodeKind> = if self.cell(Field::Type).is_none() {
            self.required(
                Field::Type,
                "its node kind (person, company, public-body, ...)",
            );
            None
        } else {
            self.vocabulary(
                Field::Type,
                "a node kind",
                <NodeKind as strum::VariantNames>::VARIANTS,
            )
        };
        let aliases = self.list(Field::Aliases);
        let tags = self.list(Field::Tags);
        let description = self.text(Field::Description);
        let (date, period) = self.when();
        let jurisdiction = self.text(Field::Jurisdiction).map(|text| Ref {
            text,
            place: self.place(Field::Jurisdiction),
        });
        let status: Option<RegulationStatus> = self.vocabulary(
            Field::Status,
            "a regulation status",
            <RegulationStatus as strum::VariantNames>::VARIANTS,
        );
        let sources = self.refs(Field::Sources);
        let quote = self.text(Field::Quote);
        if !self.ok || label.is_none() || kind.is_none() {
            self.unread.extend(id.map(|r| r.text));
            self.unread.extend(label);
            self.loose_nodes.extend(jurisdiction);
            self.loose_sources.extend(sources);
            return None;
        }
        let (label, kind) = (label?, kind?);
        Some(ElementRow {
            place: self.row_place(),
            id,
            label: Ref {
                text: label.clone(),
                place: self.place(Field::Label),
            },
            node: Node {
                id: String::new(),
                kind,
                name: label,
                aliases,
                description,
                tags,
                date,
                period,
                jurisdiction: None,
                status,
                sector: None,
                budget: None,
                milestones: Vec::new(),
                sources: Vec::new(),
                quote,
                citations: vec![],
                alternatives: vec![],
            },
            sources,
            jurisdiction,
        })
    }

    fn connection(&mut self) -> Option<ConnectionRow> {
        let from = self.required(
            Field::From,
            "the id, label or name of the node it starts from",
        );
        let to = self.required(Field::To, "the id, label or name of the node it points to");
        let kind: Option<EdgeKind> = if self.cell(Field::Type).is_none() {
            self.required(
                Field::Type,
                "its edge kind (co-founded, funds, announces, ...)",
            );
            None
        } else {
            self.vocabulary(
                Field::Type,
                "an edge kind",
                <EdgeKind as strum::VariantNames>::VARIANTS,
            )
        };
        let (date, period) = self.when();
        let amount = self.money(kind);
        let sources = self.refs(Field::Sources);
        let quote = self.text(Field::Quote);
        let note = self.text(Field::Note);
        if !self.ok || from.is_none() || to.is_none() || kind.is_none() {
            for (text, field) in [(from, Field::From), (to, Field::To)] {
                if let Some(text) = text {
                    let place = self.place(field);
                    self.loose_nodes.push(Ref { text, place });
                }
            }
            self.loose_sources.extend(sources);
            return None;
        }
        let (from, to, kind) = (from?, to?, kind?);
        Some(ConnectionRow {
            place: self.row_place(),
            from: Ref {
                text: from,
                place: self.place(Field::From),
            },
            to: Ref {
                text: to,
                place: self.place(Field::To),
            },
            type_place: self.place(Field::Type),
            edge: Edge {
                id: None,
                from: String::new(),
                kind,
                to: String::new(),
                date,
                period,
                amount,
                sources: Vec::new(),
                quote,
                citations: vec![],
                alternatives: vec![],
                note,
            },
            sources,
        })
    }

    fn source(&mut self) -> Option<SourceRow> {
        let id = self.required(
            Field::Id,
            "the id nodes and edges cite it by (a lowercase slug)",
        );
        let title = self.required(Field::Title, "its title, as published");
        let publisher = self.text(Field::Publisher);
        let source_type: Option<SourceType> = self.vocabulary(
            Field::Type,
            "a source type",
            <SourceType as strum::VariantNames>::VARIANTS,
        );
        let published = self.date(Field::Published);
        let url = self.text(Field::Url);
        let language = self.text(Field::Language);
        let note = self.text(Field::Note);
        if !self.ok || title.is_none() {
            self.unread.extend(id);
            return None;
        }
        let id = id?;
        Some(SourceRow {
            place: self.row_place(),
            id: Ref {
                text: id.clone(),
                place: self.place(Field::Id),
            },
            source: Source {
                id,
                title: title?,
                publisher,
                source_type,
                published,
                url,
                language,
                note,
            },
        })
    }
}
