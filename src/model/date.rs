//! Partial dates (`2023`, `2023-06`, `2023-06-14`) that keep their precision,
//! and the time of a fact: a point or a period.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Precision {
    pub fn label(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// A calendar date known to the year, the month or the day.
///
/// Dates order by their components, a coarser date first among those sharing
/// a prefix: `2023 < 2023-06 < 2023-06-14 < 2023-07`.
///
/// ```
/// use reggraph::model::PartialDate;
/// let june: PartialDate = "2023-06".parse().unwrap();
/// assert_eq!(june.to_string(), "2023-06");
/// assert!("2023-02-30".parse::<PartialDate>().is_err());
/// assert!(june < "2023-06-14".parse().unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i16,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")]
    Malformed(String),
    #[error("`{text}` is not a real date: {reason}")]
    Impossible { text: String, reason: String },
}

impl PartialDate {
    /// A date known to the year.
    pub fn year(year: i16) -> Result<PartialDate, DateError> {
        Self::build(year, None, None)
    }

    /// A date known to the month.
    pub fn month(year: i16, month: u8) -> Result<PartialDate, DateError> {
        Self::build(year, Some(month), None)
    }

    /// A date known to the day.
    pub fn day(year: i16, month: u8, day: u8) -> Result<PartialDate, DateError> {
        Self::build(year, Some(month), Some(day))
    }

    fn build(year: i16, month: Option<u8>, day: Option<u8>) -> Result<PartialDate, DateError> {
        let date = PartialDate { year, month, day };
        // jiff knows the calendar (month lengths, leap years); checking the
        // first day of the period the date names is enough for year and month.
        Date::new(year, month.unwrap_or(1) as i8, day.unwrap_or(1) as i8).map_err(|e| {
            DateError::Impossible {
                text: date.to_string(),
                reason: e.to_string(),
            }
        })?;
        Ok(date)
    }

    /// Year, month and day, as stored (for compact binary snapshots).
    pub fn parts(&self) -> (i16, Option<u8>, Option<u8>) {
        (self.year, self.month, self.day)
    }

    /// A date from [`PartialDate::parts`], checked.
    pub fn from_parts(
        year: i16,
        month: Option<u8>,
        day: Option<u8>,
    ) -> Result<PartialDate, DateError> {
        Self::build(year, month, day)
    }

    /// The year (`2023` for `2023-06-14`).
    pub fn year_number(&self) -> i16 {
        self.year
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The first day of the period this date names (`2023-06` → 2023-06-01).
    pub fn first_day(&self) -> Date {
        Date::new(
            self.year,
            self.month.unwrap_or(1) as i8,
            self.day.unwrap_or(1) as i8,
        )
        .expect("validated on construction")
    }

    /// The last day of the period this date names (`2023-06` → 2023-06-30).
    pub fn last_day(&self) -> Date {
        match (self.month, self.day) {
            (Some(m), Some(d)) => Date::new(self.year, m as i8, d as i8),
            (Some(m), None) => Date::new(self.year, m as i8, 1).map(|first| first.last_of_month()),
            _ => Date::new(self.year, 12, 31),
        }
        .expect("validated on construction")
    }
}

impl std::str::FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<PartialDate, DateError> {
        let malformed = || DateError::Malformed(text.to_string());
        let parts: Vec<&str> = text.split('-').collect();
        let widths = [4, 2, 2];
        if parts.is_empty() || parts.len() > 3 {
            return Err(malformed());
        }
        let mut numbers = [0u16; 3];
        for (i, part) in parts.iter().enumerate() {
            if part.len() != widths[i] || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
            numbers[i] = part.parse().map_err(|_| malformed())?;
        }
        let year = numbers[0] as i16;
        let impossible = |reason: &str| DateError::Impossible {
            text: text.to_string(),
            reason: reason.to_string(),
        };
        match parts.len() {
            1 => PartialDate::year(year),
            2 if !(1..=12).contains(&numbers[1]) => Err(impossible("months run from 01 to 12")),
            2 => PartialDate::month(year, numbers[1] as u8),
            _ if !(1..=12).contains(&numbers[1]) => Err(impossible("months run from 01 to 12")),
            _ => {
                let month = numbers[1] as u8;
                let day = numbers[2] as u8;
                let last = PartialDate::month(year, month)?.last_day().day() as u8;
                if day == 0 || day > last {
                    Err(impossible(&format!(
                        "{year:04}-{month:02} has days 01 to {last:02}"
                    )))
                } else {
                    PartialDate::day(year, month, day)
                }
            }
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A span of time: a start and an optional end (open end: still true).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub start: PartialDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
}

/// When a fact is true: at a point in time, or over a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    /// Happened on this date (an event, an announcement).
    On(PartialDate),
    /// Holds over this period.
    During(Period),
}

impl When {
    /// The date used to place the fact in time order.
    pub fn start(&self) -> PartialDate {
        match self {
            When::On(date) => *date,
            When::During(period) => period.start,
        }
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::On(date) => write!(f, "{date}"),
            When::During(Period { start, end: None }) => write!(f, "{start}..",),
            When::During(Period {
                start,
                end: Some(end),
            }) => write!(f, "{start}..{end}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn keeps_precision() {
        assert_eq!(d("2023").precision(), Precision::Year);
        assert_eq!(d("2023-06").precision(), Precision::Month);
        assert_eq!(d("2023-06-14").precision(), Precision::Day);
        assert_eq!(d("2023-06").to_string(), "2023-06");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2023-02-30",
            "2023-13",
            "2023-00-10",
            "2023-04-31",
            "2023-06-00",
        ] {
            assert!(
                matches!(
                    bad.parse::<PartialDate>(),
                    Err(DateError::Impossible { .. })
                ),
                "{bad}"
            );
        }
        for bad in [
            "23",
            "2023/06",
            "2023-6",
            "June 2023",
            "",
            "2023-06-14-01",
            "２０２３",
        ] {
            assert!(
                matches!(bad.parse::<PartialDate>(), Err(DateError::Malformed(_))),
                "{bad}"
            );
        }
        assert!("2024-02-29".parse::<PartialDate>().is_ok());
        assert!("2023-02-29".parse::<PartialDate>().is_err());
    }

    #[test]
    fn orders_coarser_first() {
        assert!(d("2023") < d("2023-01"));
        assert!(d("2023-06") < d("2023-06-14"));
        assert!(d("2023-06-14") < d("2023-07"));
        assert!(d("2022-12-31") < d("2023"));
    }

    #[test]
    fn bounds_of_a_partial_date() {
        assert_eq!(d("2023-02").last_day().to_string(), "2023-02-28");
        assert_eq!(d("2024-02").last_day().to_string(), "2024-02-29");
        assert_eq!(d("2026").last_day().to_string(), "2026-12-31");
        assert_eq!(d("2023-06").first_day().to_string(), "2023-06-01");
    }
}
