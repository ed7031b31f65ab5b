//! Command-line flags, defined once with their help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Track who funds, founds, regulates, announces and negotiates what, and when.
///
/// reggraph reads the RON files of a data folder into a typed knowledge graph
/// and answers questions about it. Every answer carries the ids of its sources.
#[derive(Debug, Parser)]
#[command(
    name = "reggraph",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(after_help = "Exit codes: 0 success, 1 data or query error, 2 usage error.")]
pub struct Cli {
    /// Data folder to read (every *.ron file under it). Defaults to
    /// $REGGRAPH_DATA, else ./graph-data.
    #[arg(long, global = true, value_name = "DIR", env = "REGGRAPH_DATA")]
    pub data: Option<PathBuf>,

    /// Output format: text for people, json for scripts.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate every data file; report errors and warnings with
    /// file:line:column, then a summary line. Exits 1 on any error.
    Check,
    /// List nodes as a table, sorted by id.
    List(ListArgs),
    /// Show one node: its fields, its relations in and out with dates,
    /// amounts and sources, and the sources it cites.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only nodes of this kind (repeatable): person, company, regulation, ...
    #[arg(long = "kind", value_name = "KIND", value_parser = parse_node_kind)]
    pub kinds: Vec<crate::model::NodeKind>,
    /// Only nodes with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only nodes whose id, name or an alias contains TEXT (case and accents
    /// ignored).
    #[arg(long = "match", value_name = "TEXT")]
    pub matching: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The node's id, name or an alias ("mistral-ai", "Mistral AI", "Macron").
    #[arg(value_name = "ID")]
    pub node: String,
}

/// Accepts a node kind by its RON name or its label (`PublicBody`, `public-body`).
pub fn parse_node_kind(text: &str) -> Result<crate::model::NodeKind, String> {
    crate::model::NodeKind::parse(text).ok_or_else(|| {
        let labels: Vec<String> = <crate::model::NodeKind as strum::IntoEnumIterator>::iter()
            .map(|k| k.label())
            .collect();
        let hint = crate::suggest::closest(text, labels.iter().map(String::as_str))
            .map(|best| format!("did you mean `{best}`? "))
            .unwrap_or_default();
        format!("unknown node kind; {hint}allowed: {}", labels.join(", "))
    })
}
