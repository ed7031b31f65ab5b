//! `export ftm`: FollowTheMoney entities, one JSON object per line.
//!
//! (Not written yet: being built.)

use super::interchange::Interchange;

/// The records in this format.
pub fn to_ftm(records: &Interchange) -> Vec<u8> {
    let _ = records;
    Vec::new()
}
