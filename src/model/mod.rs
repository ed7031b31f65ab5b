//! The typed vocabulary: node and edge kinds, partial dates, money,
//! regulation lifecycles, sources, and the records built from them.

mod date;
pub(crate) mod kind;
mod money;
mod record;
mod regulation;

pub use date::{DateError, PartialDate, Period, Precision, When};
pub use kind::{EdgeKind, NodeKind, kebab};
pub use money::{Currency, Money, MoneyStatus, ShortAmount, short_amount};
pub use record::{
    Alternative, Citation, DataFile, Dataset, Edge, Node, Rank, Sector, Source, SourceType, cited,
    first_quote, is_slug,
};
pub use regulation::{Milestone, RegulationStatus, Stage};
