//! reggraph: a regulatory-tracking knowledge graph.
//!
//! Actors and events are typed nodes and edges, read from hand-edited RON
//! files ([`load`]), validated with precise diagnostics ([`check`]), and held
//! in a petgraph graph with an id, name and alias index ([`graph`]). A data
//! folder is opened through [`workspace::Workspace`]. The command line (clap
//! and printing) is the binary's, not part of this library.

#![deny(unsafe_code)]

// The allocator's settings go through mimalloc's C API, and the snapshot's
// memory map and its guard (`cache::mapped`) through the system's; nothing
// else needs `unsafe`.
#[cfg(feature = "mimalloc")]
#[allow(unsafe_code)]
pub mod alloc;
pub mod cache;
pub mod check;
pub mod checkout;
pub mod diagnostic;
pub mod diff;
pub mod dossier;
pub mod export;
pub mod fmt;
#[cfg(feature = "generate")]
pub mod generate;
pub mod git;
pub mod graph;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod query;
pub mod sparql;
pub mod suggest;
pub mod words;
pub mod workspace;
