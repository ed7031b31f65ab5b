//! The checks of one field's value, shared by the rules of every kind of
//! record: a slug id, a name from the vocabulary, a date, a fact's time, an
//! amount, and text free of control characters.

use std::ops::Range;
use std::str::FromStr;

use strum::VariantNames;

use super::Rules;
use crate::diagnostic::{Diagnostic, shown};
use crate::load::parse::forbidden_character;
use crate::load::raw::{RawMoney, RawPeriod};
use crate::load::spanned::{Ident, Spanned};
pub use crate::model::is_slug;
use crate::model::{Currency, Money, MoneyStatus, PartialDate, Period};
use crate::suggest;

impl Rules<'_> {
    /// Reports a control character or noncharacter in decoded text (one
    /// written as an escape such as `\u{1b}`; one written as it is was
    /// reported at its place while parsing). True if there is none.
    pub(super) fn clean_text<'a>(
        &mut self,
        at: Range<usize>,
        texts: impl Iterator<Item = &'a str>,
    ) -> bool {
        for text in texts {
            let suspicious = text.bytes().any(|b| b < 0x20 || b == 0x7f || b >= 0xc2);
            if !suspicious {
                continue;
            }
            if let Some((c, name)) = text
                .chars()
                .find_map(|c| forbidden_character(c).map(|n| (c, n)))
            {
                let (span, label) = match self.escape_of(c) {
                    Some(span) => (span, "this escape"),
                    None => (at, "in this record"),
                };
                self.push(
                    Diagnostic::error("control-character", format!("this record's text holds {name}"))
                        .at(self.file, span, label)
                        .help("remove the escape: text may hold tabs and line breaks, but no other control character")
                        .note("this record is left out of the graph until it is fixed"),
                );
                return false;
            }
        }
        true
    }

    /// Where the record writes `c` as an escape (`\u{1b}`, `\x1b`).
    fn escape_of(&self, c: char) -> Option<Range<usize>> {
        let record = self.text.get(self.record.clone())?;
        let mut from = 0;
        while let Some(found) = record[from..].find('\\') {
            let at = from + found;
            let rest = &record[at + 1..];
            let (digits, len) = if let Some(hex) = rest.strip_prefix("u{") {
                let close = hex.find('}')?;
                (&hex[..close], 2 + close + 2)
            } else if let Some(hex) = rest.strip_prefix('x') {
                (hex.get(..2).unwrap_or(""), 4)
            } else {
                // `\\` and other escapes: skip the escaped character.
                from = at + 1 + rest.chars().next().map_or(0, char::len_utf8);
                continue;
            };
            if u32::from_str_radix(digits, 16).ok() == Some(c as u32) {
                let start = self.record.start + at;
                return Some(start..start + len);
            }
            from = at + 1;
        }
        None
    }

    /// Checks a lowercase-slug id.
    pub(super) fn slug(&mut self, id: &Spanned<String>, what: &str) -> bool {
        let text = &id.value;
        let valid = is_slug(text);
        if !valid {
            let slug = suggest::fold(text).replace(' ', "-");
            let mut d = Diagnostic::error(
                "invalid-id",
                format!("{what} id \"{}\" is not a lowercase slug", shown(text)),
            )
            .at(self.file, id.span.clone(), "not a slug")
            .note("ids use lowercase ASCII letters and digits separated by single hyphens");
            if !slug.is_empty() {
                // An edge has no name to keep the display form in.
                let keep = if what == "edge" {
                    ""
                } else {
                    ", and keep the display form in `name`"
                };
                d = d.help(format!("write it \"{}\"{keep}", shown(&slug)));
            }
            self.push(d);
        }
        valid
    }

    /// Parses a name from the vocabulary, or explains the allowed values.
    pub(super) fn vocabulary<T: FromStr>(
        &mut self,
        ident: &Spanned<Ident>,
        what: &str,
        variants: &'static [&'static str],
    ) -> Option<T> {
        if let Ok(value) = ident.value.0.parse() {
            return Some(value);
        }
        let found = &ident.value.0;
        let mut d = Diagnostic::error("unknown-variant", format!("unknown {what} `{found}`")).at(
            self.file,
            ident.span.clone(),
            format!("not {} {what}", crate::suggest::article(what)),
        );
        if let Some(best) = suggest::closest(found, variants.iter().copied()) {
            d = d.help(format!("did you mean `{best}`?"));
        }
        self.push(d.note(format!("allowed: {}", variants.join(", "))));
        None
    }

    pub(super) fn date(&mut self, date: &Spanned<String>, ok: &mut bool) -> Option<PartialDate> {
        match date.value.parse::<PartialDate>() {
            Ok(date) => Some(date),
            Err(e) => {
                let (code, help) = match e {
                    crate::model::DateError::Malformed(_) => (
                        "invalid-date",
                        "write dates as \"2023\", \"2023-06\" or \"2023-06-14\"",
                    ),
                    crate::model::DateError::Impossible { .. } => (
                        "impossible-date",
                        "check the day and month; keep only the part you are sure of (\"2023-02\")",
                    ),
                };
                self.push(
                    Diagnostic::error(code, e.to_string())
                        .at(self.file, date.span.clone(), "not a valid date")
                        .help(help),
                );
                *ok = false;
                None
            }
        }
    }

    /// Checks a fact's time: a date or a period (not both), start before end.
    pub(super) fn when(
        &mut self,
        date: &Option<Spanned<String>>,
        period: &Option<Spanned<RawPeriod>>,
        ok: &mut bool,
    ) -> (Option<PartialDate>, Option<Period>) {
        if let (Some(date), Some(period)) = (date, period) {
            self.push(
                Diagnostic::error("date-and-period", "a fact has a date or a period, not both")
                    .at(self.file, period.span.clone(), "period given here")
                    .also(self.file, date.span.clone(), "and a date here")
                    .help("use `date` for a point in time, `period: (start: ..., end: ...)` for a span"),
            );
            *ok = false;
        }
        let date = date.as_ref().and_then(|d| self.date(d, ok));
        let period = period.as_ref().and_then(|p| {
            let start = self.date(&p.value.start, ok)?;
            let end = match &p.value.end {
                Some(end) => Some(self.date(end, ok)?),
                None => None,
            };
            if let (Some(end_date), Some(end_span)) = (end, &p.value.end)
                && end_date.last_day() < start.first_day()
            {
                self.push(
                    Diagnostic::error(
                        "period-order",
                        format!("this period ends ({end_date}) before it starts ({start})"),
                    )
                    .at(self.file, end_span.span.clone(), "end is before the start")
                    .also(self.file, p.value.start.span.clone(), "start")
                    .help("swap `start` and `end`, or fix the year"),
                );
                *ok = false;
                return None;
            }
            Some(Period { start, end })
        });
        (date, period)
    }

    pub(super) fn money(&mut self, amount: &Spanned<RawMoney>) -> Option<Money> {
        let RawMoney {
            value,
            currency,
            status,
        } = &amount.value;
        let currency = match currency {
            None => {
                self.push(
                    Diagnostic::error("missing-currency", format!("the amount {value} has no currency"))
                        .at(self.file, amount.span.clone(), "which currency?")
                        .help(format!(
                            "add an ISO 4217 code: `amount: (value: {value}, currency: \"EUR\", status: {})`",
                            status.as_ref().map_or("Secured", |s| s.value.0.as_str())
                        )),
                );
                None
            }
            Some(code) => match Currency::from_code(&code.value) {
                Some(currency) => Some(currency),
                None => {
                    let upper = code.value.trim().to_uppercase();
                    let help = match Currency::from_code(&upper) {
                        Some(_) => format!("write the ISO 4217 code in capitals: \"{upper}\""),
                        None => "use an ISO 4217 code such as \"EUR\" or \"USD\"".to_string(),
                    };
                    self.push(
                        Diagnostic::error(
                            "unknown-currency",
                            format!("unknown currency \"{}\"", code.value),
                        )
                        .at(self.file, code.span.clone(), "not an ISO 4217 code")
                        .help(help),
                    );
                    None
                }
            },
        };
        let status = match status {
            None => {
                self.push(
                    Diagnostic::error(
                        "missing-money-status",
                        "an amount must say whether it is secured, pledged or a target",
                    )
                    .at(
                        self.file,
                        amount.span.clone(),
                        "secured, pledged or target?",
                    )
                    .help("add `status: Secured`, `status: Pledged` or `status: Target`"),
                );
                None
            }
            Some(status) => {
                self.vocabulary::<MoneyStatus>(status, "money status", MoneyStatus::VARIANTS)
            }
        };
        let money = Money {
            value: *value,
            currency: currency?,
            status: status?,
        };
        if money.value == 0 {
            self.push(
                Diagnostic::warning(
                    "zero-amount",
                    format!("an amount of 0 {}", money.currency.code()),
                )
                .at(self.file, amount.span.clone(), "zero")
                .help("leave the amount out when the source does not give it; write the figure it gives otherwise"),
            );
        }
        Some(money)
    }
}
