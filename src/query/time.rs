//! Time semantics shared by every query: what holds as of a day, and which
//! facts fall in a `--since`/`--until` window.
//!
//! The rules (README, "Time"):
//!
//! - An **undated** fact is timeless: it holds on every day and is in every
//!   window.
//! - A fact with a **period** holds from its start to its end inclusive; an
//!   open end means it still holds. Partial dates stand for the whole span
//!   they name: a start of `2023-06` begins on 2023-06-01, an end of `2026`
//!   ends on 2026-12-31. So a fact starting "2023-06" holds on 2023-06-30 but
//!   not on 2023-05-31, and a period ending "2026" has not ended on 2026-06-01.
//! - A **point-in-time** fact (an event, a dated relation) has happened on a
//!   day when its date's first day is on or before it, and from then on it
//!   stays in the graph: a raise announced on 2023-06-14 is part of the
//!   picture as of 2024.
//! - A **regulation's status** on a day is the one reached at its latest
//!   actual milestone on or before that day; before its first milestone it
//!   has no status (it did not exist yet).
//! - An `--as-of` or `--until` given as a partial date means its last day
//!   (as of "2023-06" is the end of June); a `--since` means its first day.
//! - A fact is in a `--since`/`--until` window when the span it covers
//!   meets the window: an event dated "2023-06" is in a window from
//!   2023-06-10 to 2023-06-20, a period from 2018 to 2022 is in a window
//!   from 2020 on.

use jiff::civil::Date;

use crate::model::{Milestone, Node, PartialDate, Period, RegulationStatus, Stage, When};

/// A day to look at the graph on (`--as-of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AsOf {
    /// As written on the command line.
    pub written: PartialDate,
    /// The day it stands for: the last day of the written date.
    pub day: Date,
}

impl AsOf {
    pub fn new(written: PartialDate) -> AsOf {
        AsOf {
            written,
            day: written.last_day(),
        }
    }
}

/// Whether a fact with this time holds (or has happened) as of `day`.
///
/// ```
/// use reggraph::query::holds_on;
/// use reggraph::model::{Period, When};
/// let d = |s: &str| s.parse::<reggraph::model::PartialDate>().unwrap();
/// let from_june = Some(When::During(Period { start: d("2023-06"), end: None }));
/// assert!(holds_on(from_june, d("2023-06-30").first_day()));
/// assert!(!holds_on(from_june, d("2023-05-31").first_day()));
/// assert!(holds_on(None, d("1900").first_day()));
/// ```
pub fn holds_on(when: Option<When>, day: Date) -> bool {
    match when {
        None => true,
        Some(When::On(date)) => date.first_day() <= day,
        Some(When::During(Period { start, end })) => {
            start.first_day() <= day && end.is_none_or(|end| day <= end.last_day())
        }
    }
}

/// A `--since`/`--until` window of days, both ends inclusive and optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
}

/// A window that starts after it ends.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the window from {since} to {until} is empty: it starts after it ends")]
pub struct EmptyWindow {
    pub since: PartialDate,
    pub until: PartialDate,
}

impl Window {
    /// A window, refusing one that cannot contain any day.
    pub fn new(
        since: Option<PartialDate>,
        until: Option<PartialDate>,
    ) -> Result<Window, EmptyWindow> {
        if let (Some(since), Some(until)) = (since, until)
            && since.first_day() > until.last_day()
        {
            return Err(EmptyWindow { since, until });
        }
        Ok(Window { since, until })
    }

    pub fn is_open(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// Whether the days `first..=last` meet the window.
    pub fn meets(&self, first: Date, last: Date) -> bool {
        self.since.is_none_or(|since| last >= since.first_day())
            && self.until.is_none_or(|until| first <= until.last_day())
    }

    /// Whether a fact with this time is in the window (undated: always).
    pub fn contains(&self, when: Option<When>) -> bool {
        match when {
            None => true,
            Some(When::On(date)) => self.meets(date.first_day(), date.last_day()),
            Some(When::During(Period { start, end })) => self.meets(
                start.first_day(),
                end.map_or(Date::MAX, |end| end.last_day()),
            ),
        }
    }

    /// The years a dated point in the window can be in (a partial date is
    /// in its year): every year when the window is open on that side.
    pub fn years(&self) -> std::ops::RangeInclusive<i16> {
        let first = self.since.map_or(i16::MIN, |d| d.year_number());
        let last = self.until.map_or(i16::MAX, |d| d.year_number());
        first..=last
    }

    /// Whether a dated point is in the window.
    pub fn contains_date(&self, date: PartialDate) -> bool {
        self.meets(date.first_day(), date.last_day())
    }
}

/// A span of days, weeks, months or years: `180d`, `2w`, `6m`, `1y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Offset {
    Days(i32),
    Weeks(i32),
    Months(i32),
    Years(i32),
}

/// What the command line accepts as a date, said once for every message.
pub const DATE_FORMS: &str = "YYYY, YYYY-MM, YYYY-MM-DD, today, or today-N / today+N with a unit \
     d, w, m or y (today-90d, today+6m)";

/// A date or a span on the command line that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateFormError {
    /// Not a date at all.
    #[error("`{0}` is not a date: expected {DATE_FORMS}")]
    Malformed(String),
    /// A span without a known unit, or with a count out of range.
    #[error("`{text}` is not a span: {reason}")]
    BadSpan { text: String, reason: String },
    /// A real date, but not one the data can hold (before year 0 or after
    /// 9999).
    #[error("`{0}` falls outside the years 0000 to 9999")]
    OutOfRange(String),
    /// A written date that is not on the calendar (`2023-02-30`).
    #[error(transparent)]
    Date(#[from] crate::model::DateError),
}

/// The longest span taken, in each unit (about three centuries).
const MAX_COUNT: [(char, i32); 4] = [('d', 100_000), ('w', 15_000), ('m', 3_600), ('y', 300)];

impl Offset {
    /// `180d`, `2w`, `6m`, `1y`: a count from 0 and a unit.
    pub fn parse(text: &str) -> Result<Offset, DateFormError> {
        let bad = |reason: String| DateFormError::BadSpan {
            text: text.to_string(),
            reason,
        };
        let unit_at = text
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(|| bad("it has no unit: write 180d, 2w, 6m or 1y".into()))?;
        let (number, unit) = text.split_at(unit_at);
        let mut chars = unit.chars();
        let (Some(unit), None) = (chars.next(), chars.next()) else {
            return Err(bad(format!(
                "unknown unit `{unit}`: use d (days), w (weeks), m (months) or y (years)"
            )));
        };
        let Some(&(_, max)) = MAX_COUNT.iter().find(|(u, _)| *u == unit) else {
            return Err(bad(format!(
                "unknown unit `{unit}`: use d (days), w (weeks), m (months) or y (years)"
            )));
        };
        let count: i32 = number
            .parse()
            .ok()
            .filter(|n| (0..=max).contains(n))
            .ok_or_else(|| bad(format!("the count must be a whole number from 0 to {max}")))?;
        Ok(match unit {
            'd' => Offset::Days(count),
            'w' => Offset::Weeks(count),
            'm' => Offset::Months(count),
            _ => Offset::Years(count),
        })
    }

    /// The same span the other way (`today-6m`).
    pub fn back(self) -> Offset {
        match self {
            Offset::Days(n) => Offset::Days(-n),
            Offset::Weeks(n) => Offset::Weeks(-n),
            Offset::Months(n) => Offset::Months(-n),
            Offset::Years(n) => Offset::Years(-n),
        }
    }

    /// `day` moved by this span; a month or year from the 31st (or from
    /// 29 February) lands on the last day of the month it reaches. `None`
    /// outside the calendar jiff knows.
    ///
    /// ```
    /// use reggraph::query::Offset;
    /// let day: jiff::civil::Date = "2026-01-31".parse().unwrap();
    /// assert_eq!(Offset::Months(1).after(day).unwrap().to_string(), "2026-02-28");
    /// ```
    pub fn after(self, day: Date) -> Option<Date> {
        use jiff::ToSpan;
        let span = match self {
            Offset::Days(n) => n.days(),
            Offset::Weeks(n) => n.weeks(),
            Offset::Months(n) => n.months(),
            Offset::Years(n) => n.years(),
        };
        day.checked_add(span).ok()
    }
}

/// A date as the command line takes it: a partial date (`2023`,
/// `2023-06`, `2023-06-14`), `today`, or today moved by a span
/// (`today-90d`, `today+6m`, `today-1y`, `today+2w`), counted from `today`
/// (the caller's [`super::today`], which honours `$REGGRAPH_TODAY`). A
/// relative date is a day.
///
/// ```
/// use reggraph::query::date_form;
/// let today: jiff::civil::Date = "2026-11-30".parse().unwrap();
/// assert_eq!(date_form("today-90d", today).unwrap().to_string(), "2026-09-01");
/// assert_eq!(date_form("2023-06", today).unwrap().to_string(), "2023-06");
/// ```
pub fn date_form(text: &str, today: Date) -> Result<PartialDate, DateFormError> {
    let Some(rest) = text.strip_prefix("today") else {
        return text.parse::<PartialDate>().map_err(|e| match e {
            crate::model::DateError::Malformed(text) => DateFormError::Malformed(text),
            other => DateFormError::Date(other),
        });
    };
    let day = match rest.chars().next() {
        None => today,
        Some(sign @ ('+' | '-')) => {
            let offset = Offset::parse(&rest[1..]).map_err(|e| match e {
                DateFormError::BadSpan { reason, .. } => DateFormError::BadSpan {
                    text: text.to_string(),
                    reason,
                },
                other => other,
            })?;
            let offset = if sign == '-' { offset.back() } else { offset };
            offset
                .after(today)
                .ok_or_else(|| DateFormError::OutOfRange(text.to_string()))?
        }
        Some(_) => return Err(DateFormError::Malformed(text.to_string())),
    };
    let out_of_range = || DateFormError::OutOfRange(text.to_string());
    if !(0..=9999).contains(&day.year()) {
        return Err(out_of_range());
    }
    PartialDate::day(day.year(), day.month() as u8, day.day() as u8).map_err(|_| out_of_range())
}

/// The milestone that sets a regulation's status on `day`: its latest
/// actual milestone on or before it (the later one in file order on a tie).
pub fn milestone_on(node: &Node, day: Option<Date>) -> Option<&Milestone> {
    node.milestones
        .iter()
        .filter(|m| m.actual && day.is_none_or(|day| m.date.first_day() <= day))
        .max_by_key(|m| m.date)
}

/// A regulation's status on `day` (now, when `None`): from its milestones,
/// else its declared status when no day is asked for.
///
/// Applicable becomes partly applicable while a later application date is
/// still to come. A regulation with no actual milestone keeps its declared
/// status; before its first actual milestone it has none.
pub fn regulation_status(node: &Node, day: Option<Date>) -> Option<RegulationStatus> {
    let day = day.unwrap_or_else(super::today);
    match milestone_on(node, Some(day)) {
        Some(m) => {
            let status = m.stage.status_after();
            let more_to_apply = node
                .milestones
                .iter()
                .any(|later| later.stage == Stage::AppliesFrom && later.date.first_day() > day);
            Some(if status == RegulationStatus::Applicable && more_to_apply {
                RegulationStatus::PartlyApplicable
            } else {
                status
            })
        }
        None if node.milestones.iter().all(|m| !m.actual) => node.status,
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    fn day(text: &str) -> Date {
        d(text).first_day()
    }

    fn period(start: &str, end: Option<&str>) -> Option<When> {
        Some(When::During(Period {
            start: d(start),
            end: end.map(d),
        }))
    }

    #[test]
    fn undated_facts_are_timeless() {
        assert!(holds_on(None, day("1000")));
        assert!(Window::new(Some(d("2030")), None).unwrap().contains(None));
    }

    #[test]
    fn period_bounds_are_inclusive_by_precision() {
        let from_june = period("2023-06", None);
        assert!(holds_on(from_june, day("2023-06-01")));
        assert!(holds_on(from_june, day("2023-06-30")));
        assert!(!holds_on(from_june, day("2023-05-31")));
        let to_2026 = period("2020", Some("2026"));
        assert!(holds_on(to_2026, day("2026-06-01")));
        assert!(holds_on(to_2026, day("2026-12-31")));
        assert!(!holds_on(to_2026, day("2027-01-01")));
        let to_day = period("2023-06-14", Some("2023-12-08"));
        assert!(holds_on(to_day, day("2023-12-08")));
        assert!(!holds_on(to_day, day("2023-12-09")));
        assert!(!holds_on(to_day, day("2023-06-13")));
    }

    #[test]
    fn events_happen_from_their_first_day_on() {
        let event = Some(When::On(d("2023-06-14")));
        assert!(!holds_on(event, day("2023-06-13")));
        assert!(holds_on(event, day("2023-06-14")));
        assert!(holds_on(event, day("2030")));
        let month = Some(When::On(d("2023-06")));
        assert!(holds_on(month, day("2023-06-01")));
        assert!(!holds_on(month, day("2023-05-31")));
    }

    #[test]
    fn as_of_a_partial_date_is_its_last_day() {
        assert_eq!(AsOf::new(d("2023-06")).day, day("2023-06-30"));
        assert_eq!(AsOf::new(d("2024")).day, day("2024-12-31"));
    }

    #[test]
    fn windows_meet_the_span_a_fact_covers() {
        let june = Window::new(Some(d("2023-06-01")), Some(d("2023-06-30"))).unwrap();
        assert!(june.contains_date(d("2023-06-14")));
        assert!(june.contains_date(d("2023-06")));
        assert!(june.contains_date(d("2023")));
        assert!(!june.contains_date(d("2023-07-01")));
        assert!(!june.contains_date(d("2023-05-31")));
        assert!(june.contains(period("2018", None)));
        assert!(!june.contains(period("2018", Some("2022"))));
        let until_june = Window::new(None, Some(d("2023-06"))).unwrap();
        assert!(until_june.contains_date(d("2023-06-30")));
        assert!(!until_june.contains_date(d("2023-07")));
    }

    #[test]
    fn a_window_ending_before_it_starts_is_refused() {
        let err = Window::new(Some(d("2023-07")), Some(d("2023-06"))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the window from 2023-07 to 2023-06 is empty: it starts after it ends"
        );
        // The same month on both sides is a one-month window, not an error.
        assert!(Window::new(Some(d("2023-06")), Some(d("2023-06"))).is_ok());
        // A coarser since that contains the until is fine too.
        assert!(Window::new(Some(d("2023")), Some(d("2023-01-15"))).is_ok());
    }

    #[test]
    fn relative_dates_count_from_today() {
        let today = day("2026-11-30");
        let form = |text: &str| date_form(text, today).map(|d| d.to_string());
        assert_eq!(form("today").unwrap(), "2026-11-30");
        assert_eq!(form("today-90d").unwrap(), "2026-09-01");
        assert_eq!(form("today+6m").unwrap(), "2027-05-30");
        assert_eq!(form("today-1y").unwrap(), "2025-11-30");
        assert_eq!(form("today+2w").unwrap(), "2026-12-14");
        assert_eq!(form("today+0d").unwrap(), "2026-11-30");
        assert_eq!(form("2023-06").unwrap(), "2023-06");
    }

    #[test]
    fn a_month_from_the_31st_is_the_last_day_of_the_month_reached() {
        let form = |text: &str, today: &str| date_form(text, day(today)).unwrap().to_string();
        assert_eq!(form("today+1m", "2026-01-31"), "2026-02-28");
        assert_eq!(form("today+1m", "2028-01-31"), "2028-02-29");
        assert_eq!(form("today-1m", "2026-03-31"), "2026-02-28");
        assert_eq!(form("today+3m", "2026-01-31"), "2026-04-30");
        assert_eq!(form("today+1y", "2028-02-29"), "2029-02-28");
    }

    #[test]
    fn bad_date_forms_say_what_is_accepted() {
        let today = day("2026-11-30");
        let err = |text: &str| date_form(text, today).unwrap_err().to_string();
        let forms = format!("expected {DATE_FORMS}");
        for text in ["tomorrow", "today90d", "Today", "2023-6", "", "today-"] {
            let message = err(text);
            assert!(
                message.contains(&forms) || message.contains("is not a span"),
                "{text}: {message}"
            );
        }
        assert_eq!(
            err("today+6x"),
            "`today+6x` is not a span: unknown unit `x`: use d (days), w (weeks), m (months) or y (years)"
        );
        assert_eq!(
            err("today-d"),
            "`today-d` is not a span: the count must be a whole number from 0 to 100000"
        );
        assert_eq!(
            err("today+6"),
            "`today+6` is not a span: it has no unit: write 180d, 2w, 6m or 1y"
        );
        assert_eq!(
            err("today+400y"),
            "`today+400y` is not a span: the count must be a whole number from 0 to 300"
        );
        assert_eq!(
            date_form("today+300y", day("9900-01-01"))
                .unwrap_err()
                .to_string(),
            "`today+300y` falls outside the years 0000 to 9999"
        );
        assert_eq!(
            date_form("today-10y", day("0005-01-01"))
                .unwrap_err()
                .to_string(),
            "`today-10y` falls outside the years 0000 to 9999"
        );
        assert!(err("2023-02-30").contains("is not a real date"));
    }
}
