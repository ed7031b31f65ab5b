//! `export csv`, and the tables `export parquet` writes: the records as
//! four tables (nodes, edges, milestones, sources) of typed columns, built
//! once here ([`Tables::of`]) and written as CSV in the header syntax of
//! Neo4j's `neo4j-admin database import` ([`files`]), which Kuzu and
//! DuckDB read too, or as Parquet (`export::parquet`).
//!
//! A column has a plain name (`valid_from`, `src`: what DuckDB, Kuzu,
//! Spark and the Parquet files call it) and a Neo4j header
//! (`valid_from:date`, `:START_ID(Node)`). Lists (aliases, tags, sources)
//! are joined by [`ARRAY_DELIMITER`], U+001F (the ASCII unit separator):
//! Neo4j's import has no escape inside an array, and the loader refuses
//! every C0 control but tab, line feed and carriage return in data text,
//! so that character is the one that can never be part of an element.
//! Amounts are integer minor units in a 64-bit integer (Neo4j `long`,
//! DuckDB `BIGINT`, Parquet `INT64`); one beyond it is an error, not a
//! wrapped number.

use std::fmt;

use super::interchange::{Bounds, Interchange, Span, Time};

/// What joins the elements of a list in a CSV cell: U+001F, the ASCII
/// unit separator (Neo4j: `--array-delimiter=U+001F`; DuckDB:
/// `string_split(aliases, chr(31))`).
pub const ARRAY_DELIMITER: char = '\u{1f}';

/// The values of one column, one per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values {
    /// Text, absent where the record has none.
    Text(Vec<Option<String>>),
    /// A day, `YYYY-MM-DD`.
    Date(Vec<Option<String>>),
    /// A 64-bit integer.
    Long(Vec<Option<i64>>),
    /// Never absent.
    Bool(Vec<bool>),
    /// A list of text, empty when the record has none.
    List(Vec<Vec<String>>),
}

/// What a column is to Neo4j's import beyond a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Property,
    /// The record's id, in an id space: `id:ID(Node)`.
    Id(&'static str),
    /// Labels: `:LABEL`.
    Label,
    /// An edge's start node: `:START_ID(Node)`.
    Start,
    /// An edge's end node: `:END_ID(Node)`.
    End,
    /// A relationship type: `:TYPE`.
    Type,
}

/// One column: its plain name, its role, its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub role: Role,
    /// Whether every record has a value (a typed reader may declare the
    /// column not null), whatever the data at hand.
    pub required: bool,
    pub values: Values,
}

impl Column {
    /// The column's header in Neo4j's import syntax.
    pub fn header(&self) -> String {
        match self.role {
            Role::Id(space) => format!("{}:ID({space})", self.name),
            Role::Label => ":LABEL".into(),
            Role::Start => ":START_ID(Node)".into(),
            Role::End => ":END_ID(Node)".into(),
            Role::Type => ":TYPE".into(),
            Role::Property => match self.values {
                Values::Text(_) => self.name.into(),
                Values::Date(_) => format!("{}:date", self.name),
                Values::Long(_) => format!("{}:long", self.name),
                Values::Bool(_) => format!("{}:boolean", self.name),
                Values::List(_) => format!("{}:string[]", self.name),
            },
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        match &self.values {
            Values::Text(v) | Values::Date(v) => v.len(),
            Values::Long(v) => v.len(),
            Values::Bool(v) => v.len(),
            Values::List(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `row` as CSV cell text (empty for an absent value).
    fn cell(&self, row: usize) -> String {
        match &self.values {
            Values::Text(v) | Values::Date(v) => v[row].clone().unwrap_or_default(),
            Values::Long(v) => v[row].map(|n| n.to_string()).unwrap_or_default(),
            Values::Bool(v) => v[row].to_string(),
            Values::List(v) => {
                let mut joined = String::new();
                for (i, item) in v[row].iter().enumerate() {
                    if i > 0 {
                        joined.push(ARRAY_DELIMITER);
                    }
                    joined.push_str(item);
                }
                joined
            }
        }
    }
}

/// One table: its file stem (`nodes`) and its columns, all of one length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<Column>,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }
}

/// The four tables, in the order they are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    pub nodes: Table,
    pub edges: Table,
    pub milestones: Table,
    pub sources: Table,
}

/// Why the records do not fit the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// An amount in minor units beyond a signed 64-bit integer.
    AmountTooLarge { edge: String, minor_units: u128 },
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::AmountTooLarge { edge, minor_units } => write!(
                f,
                "edge `{edge}`: its amount, {minor_units} minor units, does not fit the 64-bit \
                 integer column `amount` (largest {})",
                i64::MAX
            ),
        }
    }
}

impl std::error::Error for TableError {}

/// Builds one table's columns from its records, one closure per column.
struct Builder<'a, R> {
    records: &'a [R],
    columns: Vec<Column>,
}

impl<'a, R> Builder<'a, R> {
    fn new(records: &'a [R]) -> Self {
        Builder {
            records,
            columns: Vec::new(),
        }
    }

    fn push(&mut self, name: &'static str, role: Role, values: Values) -> &mut Self {
        let required =
            role != Role::Property || matches!(values, Values::Bool(_) | Values::List(_));
        self.columns.push(Column {
            name,
            role,
            required,
            values,
        });
        self
    }

    /// Text every record has.
    fn required(&mut self, name: &'static str, f: impl Fn(&R) -> String) -> &mut Self {
        let values = Values::Text(self.records.iter().map(|r| Some(f(r))).collect());
        self.push(name, Role::Property, values);
        self.columns.last_mut().expect("just pushed").required = true;
        self
    }

    fn text(&mut self, name: &'static str, f: impl Fn(&R) -> Option<String>) -> &mut Self {
        let values = Values::Text(self.records.iter().map(f).collect());
        self.push(name, Role::Property, values)
    }

    fn role(&mut self, name: &'static str, role: Role, f: impl Fn(&R) -> String) -> &mut Self {
        let values = Values::Text(self.records.iter().map(|r| Some(f(r))).collect());
        self.push(name, role, values)
    }

    fn date(&mut self, name: &'static str, f: impl Fn(&R) -> Option<String>) -> &mut Self {
        let values = Values::Date(self.records.iter().map(f).collect());
        self.push(name, Role::Property, values)
    }

    fn list(&mut self, name: &'static str, f: impl Fn(&R) -> Vec<String>) -> &mut Self {
        let values = Values::List(self.records.iter().map(f).collect());
        self.push(name, Role::Property, values)
    }

    /// A written date, as three columns: `NAME` (as written),
    /// `NAME_precision`, and its first and last day.
    fn bounds(&mut self, names: [&'static str; 4], f: impl Fn(&R) -> Option<&Bounds>) -> &mut Self {
        let [text, precision, first, last] = names;
        self.text(text, |r| f(r).map(|b| b.text.clone()))
            .text(precision, |r| f(r).map(|b| b.precision.clone()))
            .date(first, |r| f(r).map(|b| b.first_day.clone()))
            .date(last, |r| f(r).map(|b| b.last_day.clone()))
    }

    /// A record's time: its date, its period's ends (each as written
    /// with its precision), and `valid_from`/`valid_to`, the first and
    /// last day it covers.
    fn time(&mut self, f: impl Fn(&R) -> &Time) -> &mut Self {
        let start = |r: &R| f(r).period.as_ref().map(|p: &Span| p.start.clone());
        let end = |r: &R| f(r).period.as_ref().and_then(|p: &Span| p.end.clone());
        self.text("date", |r| f(r).date.as_ref().map(|b| b.text.clone()))
            .text("date_precision", |r| {
                f(r).date.as_ref().map(|b| b.precision.clone())
            })
            .text("period_start", |r| start(r).map(|b| b.text))
            .text("period_start_precision", |r| start(r).map(|b| b.precision))
            .text("period_end", |r| end(r).map(|b| b.text))
            .text("period_end_precision", |r| end(r).map(|b| b.precision))
            .date("valid_from", |r| f(r).valid_from.clone())
            .date("valid_to", |r| f(r).valid_to.clone())
    }

    fn table(&mut self, name: &'static str) -> Table {
        Table {
            name,
            columns: std::mem::take(&mut self.columns),
        }
    }
}

/// A kind's label as a Neo4j label: `public-body` is `PublicBody`.
pub fn node_label(kind: &str) -> String {
    kind.split('-')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// An edge kind's label as a relationship type: `co-founded` is
/// `CO_FOUNDED`.
pub fn relationship_type(kind: &str) -> String {
    kind.to_ascii_uppercase().replace('-', "_")
}

impl Tables {
    /// The records as tables (fails on an amount beyond 64 bits).
    pub fn of(records: &Interchange) -> Result<Tables, TableError> {
        let mut amounts = Vec::with_capacity(records.edges.len());
        for edge in &records.edges {
            amounts.push(match &edge.amount {
                Some(a) => {
                    Some(
                        i64::try_from(a.minor_units).map_err(|_| TableError::AmountTooLarge {
                            edge: edge.id.clone(),
                            minor_units: a.minor_units,
                        })?,
                    )
                }
                None => None,
            });
        }
        let whole: Vec<Option<i64>> = records
            .edges
            .iter()
            .map(|e| e.amount.as_ref().and_then(|a| i64::try_from(a.value).ok()))
            .collect();

        let nodes = Builder::new(&records.nodes)
            .role("id", Role::Id("Node"), |n| n.id.clone())
            .role("label", Role::Label, |n| node_label(&n.kind))
            .required("kind", |n| n.kind.clone())
            .required("name", |n| n.name.clone())
            .list("aliases", |n| n.aliases.clone())
            .text("description", |n| n.description.clone())
            .list("tags", |n| n.tags.clone())
            .time(|n| &n.time)
            .text("jurisdiction", |n| n.jurisdiction.clone())
            .text("status", |n| n.status.clone())
            .text("current_status", |n| n.current_status.clone())
            .list("sources", |n| n.sources.clone())
            .text("quote", |n| n.quote.clone())
            .table("nodes");

        let mut edges = Builder::new(&records.edges);
        edges
            .role("src", Role::Start, |e| e.from.clone())
            .role("dst", Role::End, |e| e.to.clone())
            .role("type", Role::Type, |e| relationship_type(&e.kind))
            .required("id", |e| e.id.clone())
            .required("kind", |e| e.kind.clone())
            .time(|e| &e.time)
            .push("amount", Role::Property, Values::Long(amounts))
            .push("amount_value", Role::Property, Values::Long(whole))
            .text("currency", |e| {
                e.amount.as_ref().map(|a| a.currency.clone())
            })
            .text("amount_status", |e| {
                e.amount.as_ref().map(|a| a.status.clone())
            })
            .list("sources", |e| e.sources.clone())
            .text("quote", |e| e.quote.clone())
            .text("note", |e| e.note.clone());
        let edges = edges.table("edges");

        let mut milestones = Builder::new(&records.milestones);
        milestones
            .role("id", Role::Id("Milestone"), |m| m.id.clone())
            .role("label", Role::Label, |_| "Milestone".into())
            .required("regulation", |m| m.regulation.clone())
            .required("stage", |m| m.stage.clone())
            .bounds(["date", "date_precision", "first_day", "last_day"], |m| {
                Some(&m.date)
            });
        for column in milestones.columns.iter_mut().rev().take(4) {
            column.required = true;
        }
        let actual = Values::Bool(records.milestones.iter().map(|m| m.actual).collect());
        let milestones = milestones
            .push("actual", Role::Property, actual)
            .text("note", |m| m.note.clone())
            .list("sources", |m| m.sources.clone())
            .table("milestones");

        let sources = Builder::new(&records.sources)
            .role("id", Role::Id("Source"), |s| s.id.clone())
            .role("label", Role::Label, |_| "Source".into())
            .required("title", |s| s.title.clone())
            .text("publisher", |s| s.publisher.clone())
            .text("type", |s| s.source_type.clone())
            .bounds(
                [
                    "published",
                    "published_precision",
                    "published_first_day",
                    "published_last_day",
                ],
                |s| s.published.as_ref(),
            )
            .text("url", |s| s.url.clone())
            .text("language", |s| s.language.clone())
            .text("note", |s| s.note.clone())
            .table("sources");

        Ok(Tables {
            nodes,
            edges,
            milestones,
            sources,
        })
    }

    /// The tables in the order they are written.
    pub fn all(&self) -> [&Table; 4] {
        [&self.nodes, &self.edges, &self.milestones, &self.sources]
    }
}

/// One table as CSV: a header row in Neo4j's syntax, then a row per
/// record; fields quoted only where they need it (a comma, a quote, a
/// line break), quotes doubled, lines ended by `\n`.
pub fn to_csv(table: &Table) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let written: csv::Result<()> = (|| {
        writer.write_record(table.columns.iter().map(Column::header))?;
        for row in 0..table.rows() {
            writer.write_record(table.columns.iter().map(|c| c.cell(row)))?;
        }
        writer.flush()?;
        Ok(())
    })();
    written.expect("writing CSV into memory cannot fail");
    writer
        .into_inner()
        .expect("flushing CSV into memory cannot fail")
}

/// The records as `nodes.csv`, `edges.csv`, `milestones.csv` and
/// `sources.csv`.
pub fn files(records: &Interchange) -> Result<Vec<(&'static str, Vec<u8>)>, TableError> {
    let tables = Tables::of(records)?;
    Ok(tables
        .all()
        .into_iter()
        .map(|table| (csv_name(table.name), to_csv(table)))
        .collect())
}

fn csv_name(table: &str) -> &'static str {
    match table {
        "nodes" => "nodes.csv",
        "edges" => "edges.csv",
        "milestones" => "milestones.csv",
        _ => "sources.csv",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_types() {
        assert_eq!(node_label("public-body"), "PublicBody");
        assert_eq!(node_label("company"), "Company");
        assert_eq!(relationship_type("co-founded"), "CO_FOUNDED");
    }

    #[test]
    fn headers_follow_neo4j() {
        let column = |name, role, values| Column {
            name,
            role,
            required: true,
            values,
        };
        assert_eq!(
            column("id", Role::Id("Node"), Values::Text(vec![])).header(),
            "id:ID(Node)"
        );
        assert_eq!(
            column("valid_to", Role::Property, Values::Date(vec![])).header(),
            "valid_to:date"
        );
        assert_eq!(
            column("aliases", Role::Property, Values::List(vec![])).header(),
            "aliases:string[]"
        );
        assert_eq!(
            column("src", Role::Start, Values::Text(vec![])).header(),
            ":START_ID(Node)"
        );
    }

    #[test]
    fn lists_are_joined_by_the_unit_separator() {
        let column = Column {
            name: "aliases",
            role: Role::Property,
            required: true,
            values: Values::List(vec![vec!["a;b".into(), "c,\"d\"".into()], vec![]]),
        };
        assert_eq!(column.cell(0), "a;b\u{1f}c,\"d\"");
        assert_eq!(column.cell(1), "");
    }
}
