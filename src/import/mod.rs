//! Spreadsheets into data files (`reggraph import csv|xlsx`), in Kumu's
//! convention: an Elements sheet of nodes, a Connections sheet of edges,
//! and (ours) a Sources sheet of the publications they cite.
//!
//! The way through: sheets are read as grids of cells with their places
//! ([`sheet`]); each sheet's role and each column's field are told by
//! their names, Kumu's or a header mapping file's ([`columns`]); each row
//! becomes a record, every bad cell a [`Finding`] at its sheet, row and
//! column ([`rows`]); the records are then compared with the data already
//! there ([`plan`]): references by id, label, name or alias resolved, a row
//! already in the data skipped (so a second import adds nothing), a row
//! that may duplicate a node reported for review, never merged. What is
//! left is laid out as `add` lays out a record ([`text`]). Checking the
//! data as the import would leave it, and writing, are the caller's.
//!
//! Nothing here reads the data folder: the caller gives the records
//! already there.

pub mod columns;
pub mod plan;
pub mod rows;
pub mod sheet;
pub mod text;

use std::fmt;

pub use crate::diagnostic::Severity;
pub use columns::{Columns, Role};
pub use plan::{Imported, Planned, plan};
pub use sheet::{Cell, Sheet};

/// Where a finding is: a file, and in it a sheet, a row and a column (as
/// the spreadsheet program numbers them, the column with its header), or
/// a line and column of a text file (the header mapping file).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    /// The column's number (from 1) and its header.
    pub column: Option<(u32, String)>,
    pub line_column: Option<(usize, usize)>,
}

/// `A` for column 1, `AA` for column 27.
pub fn column_letters(mut column: u32) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rest = (column - 1) % 26;
        letters.push(b'A' + rest as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl fmt::Display for Place {
    /// `people.xlsx, sheet Elements, row 5, column C (Type)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet {sheet}")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some((number, header)) = &self.column {
            write!(f, ", column {}", column_letters(*number))?;
            if !header.is_empty() {
                write!(f, " ({header})")?;
            }
        }
        Ok(())
    }
}

/// Every code a finding may have, and what it reports.
#[rustfmt::skip]
pub const CODES: &[(&str, &str)] = &[
    ("already-there",      "a row whose id the data has, saying something else than the data's record (warning: not imported)"),
    ("ambiguous-reference", "a From, To or Source that names more than one node or source"),
    ("bad-cell",           "a cell whose value cannot be read: a date, an amount, a currency, a status, an id"),
    ("bad-header",         "a header mapping file that cannot be read, or names a field or kind we do not have"),
    ("cannot-read",        "a file that cannot be read as CSV or as a workbook"),
    ("column-not-imported", "a column no field is known by (warning: its cells are not imported)"),
    ("duplicate-column",   "two columns of one sheet for the same field"),
    ("duplicate-row",      "two rows of the import with the same id"),
    ("kind-mismatch",      "a connection between node kinds its type does not join"),
    ("missing-cell",       "a row without a value a record must have (a label, a type, a From)"),
    ("missing-column",     "a sheet without a column its records must have"),
    ("possible-duplicate", "a new node with the name or alias, or a close one, of another (warning: review it)"),
    ("repeated-row",       "a connection the import already has from an earlier row (warning: not imported twice)"),
    ("sheet-not-read",     "a workbook sheet that is not Elements, Connections or Sources (warning)"),
    ("unknown-kind",       "a Type that is not a node kind or edge kind"),
    ("unknown-reference",  "a From, To or Source that names no node or source"),
    ("unknown-sheet",      "a CSV file whose name and headers do not tell which sheet it is"),
];

/// One thing to say about the import: an error (nothing is written while
/// there is one) or a warning (for review).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub place: Place,
    /// Other places it concerns (the first row with the same id).
    pub also: Vec<Place>,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Finding {
    fn new(severity: Severity, code: &'static str, place: Place, message: String) -> Finding {
        debug_assert!(
            CODES.iter().any(|(c, _)| *c == code),
            "unregistered import code {code}"
        );
        Finding {
            severity,
            code,
            message,
            place,
            also: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub(crate) fn error(place: Place, message: impl Into<String>) -> Finding {
        Finding::new(Severity::Error, "cannot-read", place, message.into())
    }

    pub(crate) fn error_of(
        code: &'static str,
        place: Place,
        message: impl Into<String>,
    ) -> Finding {
        Finding::new(Severity::Error, code, place, message.into())
    }

    pub(crate) fn warning(code: &'static str, place: Place, message: impl Into<String>) -> Finding {
        Finding::new(Severity::Warning, code, place, message.into())
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn note(mut self, note: impl Into<String>) -> Finding {
        self.notes.push(note.into());
        self
    }

    pub(crate) fn also(mut self, place: Place) -> Finding {
        self.also.push(place);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Text from a cell as a message quotes it: on one line, control
/// characters as visible escapes, cut after 80 characters.
pub(crate) fn quoted(text: &str) -> String {
    format!(
        "\"{}\"",
        crate::diagnostic::one_line(&crate::diagnostic::shown(text))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn a_place_reads_as_a_spreadsheet_names_it() {
        let place = Place {
            file: "people.xlsx".into(),
            sheet: Some("Elements".into()),
            row: Some(5),
            column: Some((3, "Type".into())),
            line_column: None,
        };
        assert_eq!(
            place.to_string(),
            "people.xlsx, sheet Elements, row 5, column C (Type)"
        );
    }
}
