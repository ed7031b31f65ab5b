//! `export gexf`: dynamic GEXF 1.3 for Gephi and networkx.
//!
//! (Not written yet: being built.)

use super::interchange::Interchange;

/// The records in this format.
pub fn to_gexf(records: &Interchange) -> Vec<u8> {
    let _ = records;
    Vec::new()
}
