//! Typed money: an amount in whole units of an ISO 4217 currency, and whether
//! it is secured, pledged or only a target. Amounts in different currencies
//! are never added together.

use std::fmt;

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr, VariantNames};

/// How certain an amount is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    EnumString,
    VariantNames,
    IntoStaticStr,
    EnumIter,
)]
pub enum MoneyStatus {
    /// Raised, committed or paid (`EUR 7bn secured`).
    Secured,
    /// Promised or announced, not yet committed.
    Pledged,
    /// An objective (`objectif de 10 milliards`).
    Target,
}

impl MoneyStatus {
    pub fn label(self) -> &'static str {
        match self {
            MoneyStatus::Secured => "secured",
            MoneyStatus::Pledged => "pledged",
            MoneyStatus::Target => "target",
        }
    }
}

/// An ISO 4217 currency code, checked against the standard's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// Looks up a three-letter code (`EUR`), as the standard writes it.
    pub fn from_code(code: &str) -> Option<Currency> {
        iso_currency::Currency::from_code(code).map(Currency)
    }

    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal point in the currency's minor unit (EUR: 2).
    pub fn minor_digits(&self) -> u32 {
        self.0.exponent().unwrap_or(0) as u32
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown currency `{code}`")))
    }
}

/// An amount of money.
///
/// ```
/// use reggraph::model::{Currency, Money, MoneyStatus};
/// let raise = Money { value: 105_000_000, currency: Currency::from_code("EUR").unwrap(), status: MoneyStatus::Secured };
/// assert_eq!(raise.to_string(), "EUR 105M");
/// assert_eq!(raise.minor_units(), 10_500_000_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Whole units of the currency (euros, not cents).
    pub value: u64,
    pub currency: Currency,
    pub status: MoneyStatus,
}

impl Money {
    /// The amount in the currency's minor unit (cents for EUR), as JSON carries it.
    pub fn minor_units(&self) -> u128 {
        self.value as u128 * 10u128.pow(self.currency.minor_digits())
    }
}

impl fmt::Display for Money {
    /// Short human form: `EUR 105M`, `EUR 1.5bn`, `EUR 7bn`, `EUR 12,500`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency.code(), ShortAmount(self.value))
    }
}

/// `1_500_000_000` becomes `1.5bn`; amounts that do not round exactly are
/// written in full with thousands separators so nothing is hidden.
pub fn short_amount(value: u64) -> String {
    ShortAmount(value).to_string()
}

/// [`short_amount`] written where it goes, without a string of its own (a
/// table of a million amounts makes none).
pub struct ShortAmount(pub u64);

impl fmt::Display for ShortAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        for (unit, suffix) in [(1_000_000_000u64, "bn"), (1_000_000, "M")] {
            if value >= unit {
                let whole = value / unit;
                let rest = value % unit;
                // Up to three decimals when they are exact: 1.5bn, 1.55bn,
                // 8.605bn.
                for (decimals, scale) in [(0usize, 1u64), (1, 10), (2, 100), (3, 1000)] {
                    if (rest * scale).is_multiple_of(unit) {
                        let fraction = rest * scale / unit;
                        return if decimals == 0 {
                            write!(f, "{whole}{suffix}")
                        } else {
                            write!(f, "{whole}.{fraction:0decimals$}{suffix}")
                        };
                    }
                }
            }
        }
        // The digits, last first, then written in threes.
        let mut digits = [0u8; 20];
        let (mut rest, mut len) = (value, 0);
        loop {
            digits[len] = b'0' + (rest % 10) as u8;
            len += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for i in (0..len).rev() {
            if i + 1 < len && (i + 1).is_multiple_of(3) {
                f.write_str(",")?;
            }
            f.write_str(char::from(digits[i]).encode_utf8(&mut [0; 4]))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_amounts() {
        assert_eq!(short_amount(105_000_000), "105M");
        assert_eq!(short_amount(1_500_000_000), "1.5bn");
        assert_eq!(short_amount(7_000_000_000), "7bn");
        assert_eq!(short_amount(1_234_567), "1,234,567");
        assert_eq!(short_amount(999), "999");
        assert_eq!(short_amount(0), "0");
        assert_eq!(short_amount(1_000), "1,000");
        assert_eq!(short_amount(999_999), "999,999");
        assert_eq!(short_amount(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(short_amount(1_500_001), "1,500,001");
    }

    #[test]
    fn currencies_are_checked() {
        assert!(Currency::from_code("EUR").is_some());
        assert!(Currency::from_code("EURO").is_none());
        assert!(Currency::from_code("eur").is_none());
        assert_eq!(Currency::from_code("JPY").unwrap().minor_digits(), 0);
    }
}
