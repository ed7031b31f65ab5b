//! Diagrams: a [`diagram::Diagram`] built from a query result, written as
//! DOT ([`dot`]) or drawn to a picture ([`render`]) by the system Graphviz or
//! by the embedded pure-Rust layout ([`embedded`]).

pub mod diagram;
pub mod dot;
pub mod embedded;
pub mod mermaid;
pub mod render;
pub mod style;
pub mod title;

pub use diagram::{ClusterBy, Diagram, of_subgraph, of_timeline};
