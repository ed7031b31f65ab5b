//! `export parquet`: the tables of `export csv` ([`Tables`]) as Parquet
//! files, for DuckDB, pandas and Spark GraphFrames (`edges.parquet` has
//! the `src` and `dst` columns GraphFrames expects, `nodes.parquet` the
//! `id`).
//!
//! Types: text is `string` (UTF-8, null where absent), days are `date32`,
//! amounts `int64` (minor units; `amount_value` whole units), a
//! milestone's `actual` is `bool`, lists are `list<string>` (never null;
//! empty when there are none). One row group per file, uncompressed (the
//! readers need no codec; the files stay byte-identical for the same
//! data), no `created_by` version beyond the crate's own.

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, BooleanArray, Date32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

use super::interchange::Interchange;
use super::tables::{Column, Table, TableError, Tables, Values};

/// The records as `nodes.parquet`, `edges.parquet`, `milestones.parquet`
/// and `sources.parquet`.
pub fn files(records: &Interchange) -> Result<Vec<(&'static str, Vec<u8>)>, TableError> {
    let tables = Tables::of(records)?;
    Ok(tables
        .all()
        .into_iter()
        .map(|table| (parquet_name(table.name), to_parquet(table)))
        .collect())
}

fn parquet_name(table: &str) -> &'static str {
    match table {
        "nodes" => "nodes.parquet",
        "edges" => "edges.parquet",
        "milestones" => "milestones.parquet",
        _ => "sources.parquet",
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` day (what `date32` holds).
fn days_since_epoch(day: &str) -> i32 {
    let date: jiff::civil::Date = day.parse().expect("the interchange writes valid days");
    // Howard Hinnant's days_from_civil.
    let (y, m, d) = (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as i32
}

fn array(column: &Column) -> (DataType, ArrayRef) {
    match &column.values {
        Values::Text(values) => (
            DataType::Utf8,
            Arc::new(values.iter().map(Option::as_deref).collect::<StringArray>()),
        ),
        Values::Date(values) => (
            DataType::Date32,
            Arc::new(
                values
                    .iter()
                    .map(|v| v.as_deref().map(days_since_epoch))
                    .collect::<Date32Array>(),
            ),
        ),
        Values::Long(values) => (
            DataType::Int64,
            Arc::new(values.iter().copied().collect::<Int64Array>()),
        ),
        Values::Bool(values) => (
            DataType::Boolean,
            Arc::new(values.iter().map(|&b| Some(b)).collect::<BooleanArray>()),
        ),
        Values::List(values) => {
            let item = Arc::new(Field::new("item", DataType::Utf8, false));
            let mut builder = ListBuilder::new(StringBuilder::new()).with_field(item.clone());
            for list in values {
                for value in list {
                    builder.values().append_value(value);
                }
                builder.append(true);
            }
            (DataType::List(item), Arc::new(builder.finish()))
        }
    }
}

/// One table as a Parquet file.
pub fn to_parquet(table: &Table) -> Vec<u8> {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = table
        .columns
        .iter()
        .map(|column| {
            let (data_type, values) = array(column);
            let nullable = !column.required;
            (Field::new(column.name, data_type, nullable), values)
        })
        .unzip();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), arrays)
        .expect("every column of a table has one value per row");
    let properties = WriterProperties::builder()
        .set_max_row_group_row_count(Some(batch.num_rows().max(1)))
        .build();
    let mut writer = ArrowWriter::try_new(Vec::new(), schema, Some(properties))
        .expect("a Parquet writer into memory");
    writer
        .write(&batch)
        .expect("writing Parquet into memory cannot fail");
    writer
        .into_inner()
        .expect("closing Parquet into memory cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(days_since_epoch("1970-01-01"), 0);
        assert_eq!(days_since_epoch("1969-12-31"), -1);
        assert_eq!(days_since_epoch("2000-03-01"), 11_017);
        assert_eq!(days_since_epoch("2023-06-14"), 19_522);
    }
}
