//! The query layer: plain functions over the [`KnowledgeGraph`] that return
//! data and never print. The command line and the exporters read the same
//! results, so a table and a diagram of the same selection agree.
//!
//! Every query takes its filters from one [`Selection`] (built once from
//! the command line by [`Selection::resolve`]) and follows the time rules
//! of [`time`].

pub mod agenda;
pub mod cited;
pub mod list;
mod marks;
pub mod money;
pub mod path;
pub mod selection;
pub mod show;
pub mod stats;
pub mod time;
pub mod timeline;

use jiff::civil::Date;

pub use agenda::{Agenda, AgendaQuery, Due, Item, agenda, milestone_due, next_milestone};
pub use cited::{
    FactsQuery, SourceFilter, SourceUse, citations_of, facts, is_quoted, source_uses, sources_of,
};
pub use list::{ListQuery, list};
pub use money::{
    Announced, Budget, Flow, Group, GroupBy, MoneyQuery, MoneyReport, SectorKey, Total, YearKey,
    money,
};
pub use path::{DEFAULT_LIMIT, DEFAULT_MAX_LEN, Path, PathQuery, Step, all_paths, shortest_path};
pub use selection::{Direction, Reached, Selection, SelectionSpec, Subgraph};
pub use show::{Shown, show};
pub use stats::{Central, Ranked, Ranking, Stats, page_rank, stats};
pub use time::{
    AsOf, DATE_FORMS, DateFormError, EmptyWindow, Offset, Window, date_form, holds_on,
    milestone_on, regulation_status,
};
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
    /// A depth was given without a node to count it from (a usage error,
    /// exit code 2).
    #[error("a depth needs a centre node: it counts edges from that node")]
    DepthWithoutCentre,
    /// `--source ID` naming no declared source (exit code 1).
    #[error("no source has the id `{id}`")]
    UnknownSource {
        id: String,
        /// The closest declared id, if one is close.
        closest: Option<String>,
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

/// Fixes what "today" means (`YYYY-MM-DD`), so that answers that depend on
/// it (statuses, the warnings on an actual milestone after today and on a
/// planned one whose date has passed) can be reproduced, and tests do not
/// depend on the day they run.
pub const TODAY_ENV: &str = "REGGRAPH_TODAY";

/// `$REGGRAPH_TODAY` is set to something that is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{TODAY_ENV} is not a date (YYYY-MM-DD): {value:?}")]
pub struct BadToday {
    pub value: String,
}

/// The day `$REGGRAPH_TODAY` fixes, if it is set (and not empty). The only
/// place that reads it.
pub fn fixed_today() -> Result<Option<Date>, BadToday> {
    let value = match std::env::var_os(TODAY_ENV) {
        None => return Ok(None),
        Some(value) if value.is_empty() => return Ok(None),
        Some(value) => value,
    };
    let bad = || BadToday {
        value: value.to_string_lossy().into_owned(),
    };
    let text = value.to_str().ok_or_else(bad)?;
    // jiff reads more than a bare date (a time, a time zone): only the
    // ten characters `YYYY-MM-DD` are taken.
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(bad());
    }
    text.parse::<Date>().map(Some).map_err(|_| bad())
}

/// Today's date: the day `$REGGRAPH_TODAY` fixes, else today in the local
/// time zone. What "now" means for statuses. An invalid `$REGGRAPH_TODAY`
/// (which the binary refuses before doing anything) is ignored here.
pub fn today() -> Date {
    match fixed_today() {
        Ok(Some(day)) => day,
        _ => jiff::ZonedDateTime::now().date(),
    }
}
