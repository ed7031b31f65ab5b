//! `export rdf`: RDF (Turtle or N-Triples) through oxrdf and oxttl.
//!
//! (Not written yet: being built.)

use super::interchange::Interchange;

/// The records in this format.
pub fn to_turtle(records: &Interchange) -> Vec<u8> {
    let _ = records;
    Vec::new()
}

/// The records as N-Triples.
pub fn to_ntriples(records: &Interchange) -> Vec<u8> {
    let _ = records;
    Vec::new()
}
