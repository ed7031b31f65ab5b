//! The query layer: plain functions over the [`KnowledgeGraph`] that return
//! data and never print. The command line and the exporters read the same
//! results, so a table and a diagram of the same selection agree.
//!
//! Every query takes its filters from one [`Selection`] (built once from
//! the command line by [`Selection::resolve`]) and follows the time rules
//! of [`time`].

mod marks;
pub mod money;
pub mod path;
pub mod selection;
pub mod stats;
pub mod time;
pub mod timeline;

use jiff::civil::Date;

pub use money::{Flow, Group, GroupBy, MoneyQuery, MoneyReport, Total, YearKey, money};
pub use path::{DEFAULT_LIMIT, DEFAULT_MAX_LEN, Path, PathQuery, Step, all_paths, shortest_path};
pub use selection::{Direction, Reached, Selection, SelectionSpec, Subgraph};
pub use stats::{Central, Stats, page_rank, stats};
pub use time::{AsOf, EmptyWindow, Window, holds_on, milestone_on, regulation_status};
pub use timeline::{Entry, Fact, TimelineQuery, timeline};

use crate::graph::LookupError;
use crate::model::Node;

/// Why a query could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// An id, name or alias that names no single node (exit code 1).
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// `--since` after `--until` (a usage error, exit code 2).
    #[error(transparent)]
    EmptyWindow(#[from] EmptyWindow),
    /// Flags that do not go together (a usage error, exit code 2).
    #[error("{message}")]
    Usage {
        message: String,
        help: Option<String>,
    },
}

/// Whether a regulation existed on `day`: one with actual milestones exists
/// from the first of them on (planned dates never count); any other node,
/// or a regulation with only planned dates, always.
pub fn regulation_exists_on(node: &Node, day: Date) -> bool {
    node.milestones
        .iter()
        .filter(|m| m.actual)
        .map(|m| m.date.first_day())
        .min()
        .is_none_or(|first| first <= day)
}

/// Today's date, in the local time zone: what "now" means for statuses.
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}
