//! Spreadsheets as read: a sheet is a grid of cells with the place each
//! came from (file, sheet, row and column as the spreadsheet program shows
//! them), read from a CSV file (the `csv` crate) or from a workbook
//! (`calamine`: xlsx, xlsm, xlsb, xls, ods).

use std::path::Path;

use super::{Finding, Place};

/// One cell's value, as the spreadsheet typed it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell, to the day (a time of day in it is not kept).
    Date {
        year: u16,
        month: u8,
        day: u8,
    },
    Bool(bool),
    /// A formula's error (`#REF!`, `#N/A`).
    Error(String),
}

impl Cell {
    /// Whether nothing is written in the cell (blanks count as nothing).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: numbers without a needless `.0`, dates as
    /// `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A grid of cells: the first row is the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The file, as it was named.
    pub file: String,
    /// The sheet's name in a workbook; a CSV file has none.
    pub name: Option<String>,
    /// The file's name without its folder and extension (`elements` for
    /// `data/elements.csv`), which a CSV file's role is told by.
    pub stem: String,
    /// Row number (from 1) of the first row, the header.
    pub first_row: u32,
    /// Column number (from 1) of the first column.
    pub first_column: u32,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The place of a cell, by its index in `rows` and in its row; no
    /// column for the row as a whole.
    pub fn place(&self, row: usize, column: Option<(usize, &str)>) -> Place {
        Place {
            file: self.file.clone(),
            sheet: self.name.clone(),
            row: Some(self.first_row + row as u32),
            column: column.map(|(c, header)| (self.first_column + c as u32, header.to_string())),
            line_column: None,
        }
    }

    /// The place of the sheet as a whole.
    pub fn whole(&self) -> Place {
        Place {
            file: self.file.clone(),
            sheet: self.name.clone(),
            row: None,
            column: None,
            line_column: None,
        }
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn file_place(name: &str) -> Place {
    Place {
        file: name.to_string(),
        sheet: None,
        row: None,
        column: None,
        line_column: None,
    }
}

/// Reads a CSV file: UTF-8 (a byte-order mark is dropped), fields
/// separated by commas, semicolons or tabs (whichever the first line uses
/// most; a spreadsheet saved in a French locale writes semicolons).
pub fn read_csv(name: &str, path: &Path) -> Result<Sheet, Box<Finding>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(
            Finding::error(file_place(name), format!("cannot read {name}: {e}"))
                .help("check the file's name and that it may be read"),
        )
    })?;
    csv_sheet(name, &stem(path), &bytes)
}

/// [`read_csv`] on bytes already read.
pub fn csv_sheet(name: &str, stem: &str, bytes: &[u8]) -> Result<Sheet, Box<Finding>> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(Box::new(
            Finding::error(
                file_place(name),
                format!("{name} is UTF-16 text, not UTF-8"),
            )
            .help("save the sheet as \"CSV UTF-8\" (or convert it: iconv -f UTF-16 -t UTF-8)"),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let row = rows.len() as u32 + 1;
                return Err(Box::new(Finding::error(
                    Place {
                        row: Some(row),
                        ..file_place(name)
                    },
                    format!("{name} cannot be read as CSV: {e}"),
                )));
            }
        }
        let mut cells = Vec::with_capacity(record.len());
        for (column, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok("") => cells.push(Cell::Empty),
                Ok(text) => cells.push(Cell::Text(text.to_string())),
                Err(_) => {
                    return Err(Box::new(Finding::error(
                        Place {
                            row: Some(rows.len() as u32 + 1),
                            column: Some((column as u32 + 1, String::new())),
                            ..file_place(name)
                        },
                        format!("{name} is not UTF-8 text (perhaps Windows-1252 or Latin-1)"),
                    )
                    .help(
                        "save the sheet as \"CSV UTF-8\" (or convert it: iconv -f WINDOWS-1252 -t UTF-8)",
                    )));
                }
            }
        }
        rows.push(cells);
    }
    Ok(Sheet {
        file: name.to_string(),
        name: None,
        stem: stem.to_string(),
        first_row: 1,
        first_column: 1,
        rows,
    })
}

/// The separator the first line uses most, outside quotes: `,`, `;` or
/// a tab (`,` when none).
fn delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Reads every sheet of a workbook, in the workbook's order.
pub fn read_workbook(name: &str, path: &Path) -> Result<Vec<Sheet>, Box<Finding>> {
    use calamine::Reader;
    let cannot = |e: &dyn std::fmt::Display| {
        Box::new(
            Finding::error(
                file_place(name),
                format!("cannot read {name} as a workbook: {e}"),
            )
            .help("give an .xlsx, .xlsm, .xlsb, .xls or .ods file; for a .csv file, `import csv`"),
        )
    };
    if let Some(size) = inflated_size(path)
        && size > WORKBOOK_LIMIT
    {
        return Err(Box::new(
            Finding::error(
                file_place(name),
                format!(
                    "{name} is not read: its archive says it inflates to {} MiB, past the limit of {} MiB",
                    size >> 20,
                    WORKBOOK_LIMIT >> 20
                ),
            )
            .help("split the workbook, or save its sheets as CSV files (`import csv` reads them as they stream)"),
        ));
    }
    // A malformed archive must not take the process down: calamine's
    // panics, if any, are turned into this file's error.
    let opened = std::panic::catch_unwind(|| {
        let mut workbook = calamine::open_workbook_auto(path)?;
        let mut sheets = Vec::new();
        for sheet in workbook.sheet_names() {
            let range = workbook.worksheet_range(&sheet)?;
            sheets.push((sheet, range));
        }
        Ok::<_, calamine::Error>(sheets)
    });
    let ranges = match opened {
        Ok(Ok(ranges)) => ranges,
        Ok(Err(e)) => return Err(cannot(&e)),
        Err(_) => return Err(cannot(&"the file is damaged")),
    };
    let stem = stem(path);
    Ok(ranges
        .into_iter()
        .map(|(sheet, range)| {
            let (first_row, first_column) = range.start().unwrap_or((0, 0));
            let rows = range
                .rows()
                .map(|row| row.iter().map(cell).collect())
                .collect();
            Sheet {
                file: name.to_string(),
                name: Some(sheet),
                stem: stem.clone(),
                first_row: first_row + 1,
                first_column: first_column + 1,
                rows,
            }
        })
        .collect())
}

/// The most a workbook's archive may inflate to: far more than a sheet
/// of a million rows, far less than a machine's memory.
pub const WORKBOOK_LIMIT: u128 = 512 << 20;

/// What a zip-based workbook (xlsx, xlsm, xlsb, ods) says its files
/// inflate to, when it is a zip archive that says so.
fn inflated_size(path: &Path) -> Option<u128> {
    let file = std::fs::File::open(path).ok()?;
    zip::ZipArchive::new(std::io::BufReader::new(file))
        .ok()?
        .decompressed_size()
}

fn cell(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            Cell::Date { year, month, day }
        }
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::DateTimeIso(s) => match iso_day(s) {
            Some((year, month, day)) => Cell::Date { year, month, day },
            None => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// `2023-06-14` or `2023-06-14T10:00:00` as a day.
fn iso_day(text: &str) -> Option<(u16, u8, u8)> {
    let day = text.get(..10)?;
    let mut parts = day.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_one_the_first_line_uses() {
        assert_eq!(delimiter(b"ID,Label,Type\n"), b',');
        assert_eq!(delimiter(b"ID;Label;\"a,b\"\n1,2,3,4"), b';');
        assert_eq!(delimiter(b"ID\tLabel\n"), b'\t');
        assert_eq!(delimiter(b"Label\n"), b',');
    }

    #[test]
    fn cells_read_as_text() {
        assert_eq!(Cell::Number(2023.0).text(), "2023");
        assert_eq!(Cell::Number(1.5).text(), "1.5");
        assert_eq!(
            Cell::Date {
                year: 2023,
                month: 6,
                day: 14
            }
            .text(),
            "2023-06-14"
        );
        assert!(Cell::Text("  ".into()).is_empty());
    }

    #[test]
    fn a_csv_file_keeps_its_rows_and_quoted_line_breaks() {
        let sheet = csv_sheet(
            "x.csv",
            "x",
            "\u{feff}ID;Label\n\"a\";\"two\nlines\"\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0][0], Cell::Text("ID".into()));
        assert_eq!(sheet.rows[1][1], Cell::Text("two\nlines".into()));
        let bad = csv_sheet("x.csv", "x", b"ID\n\xe9t\xe9\n").unwrap_err();
        assert_eq!(bad.place.row, Some(2));
    }
}
