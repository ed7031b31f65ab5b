//! Diagrams: a [`diagram::Diagram`] built from a query result, written as
//! DOT ([`dot`]) or drawn to a picture ([`render`]) by the system Graphviz,
//! run contained ([`graphviz`]), or by the embedded pure-Rust layout
//! ([`embedded`]). Whatever draws it, a
//! picture links only to `http:` and `https:` URLs ([`link`]) and holds no
//! character XML forbids ([`xml`]).
//!
//! Data for other tools: the same flat records ([`interchange`]) written
//! as JSON ([`json`]), GraphML ([`graphml`]), GEXF ([`gexf`]), Neo4j CSV
//! ([`tables`]), Cypher ([`cypher`]), RDF ([`rdf`]), FollowTheMoney
//! ([`ftm`]) and Parquet ([`parquet`]).

pub mod changes;
pub mod cypher;
pub mod diagram;
pub mod dot;
pub mod embedded;
pub mod frames;
pub mod ftm;
pub mod gexf;
pub mod graphml;
pub mod graphviz;
pub mod interchange;
pub mod json;
pub mod link;
pub mod mermaid;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod rdf;
pub mod render;
pub mod style;
pub mod tables;
pub mod timeline;
pub mod title;
pub mod xml;

pub use diagram::{ClusterBy, Diagram, of_subgraph, of_timeline};
