//! `export parquet`: Parquet tables for DuckDB and Spark GraphFrames.
//!
//! (Not written yet: being built.)

use super::interchange::Interchange;

/// The records in this format.
pub fn files(records: &Interchange) -> Vec<(&'static str, Vec<u8>)> {
    let _ = records;
    Vec::new()
}
