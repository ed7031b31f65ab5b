//! `export cypher`: a Cypher script for Neo4j and FalkorDB.
//!
//! (Not written yet: being built.)

use super::interchange::Interchange;

/// The records in this format.
pub fn to_cypher(records: &Interchange) -> Vec<u8> {
    let _ = records;
    Vec::new()
}
