//! One module per command: its arguments in, one call into the
//! library, its answer printed.

pub mod add;
pub mod agenda;
pub mod at;
pub mod check;
pub mod diff;
pub mod diff_diagram;
pub mod dossier;
pub mod export;
pub mod fmt;
pub mod frames;
pub mod history;
pub mod import;
pub mod interop;
pub mod list;
pub mod money;
pub mod neighbors;
pub mod path;
pub mod render;
pub mod show;
pub mod sources;
pub mod sparql;
pub mod stats;
pub mod timeline;
