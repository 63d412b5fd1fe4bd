//! Exact decimal amounts with two places (months, days, hours) and the unit they count.

use std::fmt;
use std::iter::Sum;
use std::ops::Add;

use crate::InvalidValue;
use crate::wire_enum::wire_enum;

/// A non-negative decimal with at most two places, kept as a whole number of hundredths so
/// that sums and comparisons are exact (EWP IIA `total-months-per-year` and
/// `total-days-per-year` are `xs:decimal` with `fractionDigits` 2). `4.5` months is 450.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hundredths(u64);

/// The largest amount accepted from text: far above any real quota, and small enough that
/// summing amounts can never overflow.
const MAX_WHOLE: u64 = 1_000_000_000;

impl Hundredths {
    /// Zero.
    pub const ZERO: Hundredths = Hundredths(0);

    /// An amount given in hundredths (`450` is 4.5).
    pub const fn from_hundredths(hundredths: u64) -> Self {
        Self(hundredths)
    }

    /// A whole amount (`whole(5)` is 5.00).
    pub const fn whole(units: u32) -> Self {
        Self(units as u64 * 100)
    }

    /// Parses a plain decimal such as `10`, `4.5` or `0.25`: digits, optionally a point and
    /// one or two more digits. No sign, exponent or thousands separator.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let shape = || {
            InvalidValue::format(format!(
                "expected a decimal number with at most 2 decimal places such as 4.5, got {text:?}"
            ))
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || (text.contains('.') && fraction.is_empty()) {
            return Err(shape());
        }
        if fraction.len() > 2 {
            return Err(InvalidValue::format(format!("at most 2 decimal places are allowed, got {text:?}")));
        }
        let whole: u64 = whole.parse().map_err(|_| shape())?;
        if whole > MAX_WHOLE {
            return Err(InvalidValue::range(format!("{text} is too large (at most {MAX_WHOLE})")));
        }
        let fraction: u64 = format!("{fraction:0<2}").parse().map_err(|_| shape())?;
        Ok(Self(whole * 100 + fraction))
    }

    /// Parses like [`Hundredths::parse`] and requires the amount to be greater than zero.
    pub fn parse_positive(text: &str) -> Result<Self, InvalidValue> {
        let amount = Self::parse(text)?;
        if amount.is_zero() {
            return Err(InvalidValue::range(format!("must be greater than 0, got {text}")));
        }
        Ok(amount)
    }

    /// The amount in hundredths.
    pub const fn hundredths(self) -> u64 {
        self.0
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `self + other`, capped at the largest value instead of overflowing.
    pub const fn saturating_add(self, other: Hundredths) -> Hundredths {
        Hundredths(self.0.saturating_add(other.0))
    }

    /// `self - other`, or zero when `other` is larger: what remains never goes negative.
    pub const fn saturating_sub(self, other: Hundredths) -> Hundredths {
        Hundredths(self.0.saturating_sub(other.0))
    }
}

impl Add for Hundredths {
    type Output = Hundredths;
    /// Saturating addition; amounts parsed from text can never get near the limit.
    fn add(self, other: Hundredths) -> Hundredths {
        self.saturating_add(other)
    }
}

impl Sum for Hundredths {
    fn sum<I: Iterator<Item = Hundredths>>(iter: I) -> Hundredths {
        iter.fold(Hundredths::ZERO, Add::add)
    }
}

impl fmt::Display for Hundredths {
    /// Shortest exact form: `10`, `4.5`, `4.25`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, fraction) = (self.0 / 100, self.0 % 100);
        match fraction {
            0 => write!(f, "{whole}"),
            f10 if f10 % 10 == 0 => write!(f, "{whole}.{}", f10 / 10),
            _ => write!(f, "{whole}.{fraction:02}"),
        }
    }
}

wire_enum! {
    /// What a duration or yearly total counts: months (student mobilities) or days (staff),
    /// as EWP IIA's `total-months-per-year` and `total-days-per-year`.
    pub enum DurationUnit ("duration unit") {
        /// Months (students).
        Months = "months",
        /// Days (staff).
        Days = "days",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly_and_prints_the_shortest_form() {
        for (text, hundredths, printed) in [
            ("10", 1000, "10"),
            ("4.5", 450, "4.5"),
            ("4.50", 450, "4.5"),
            ("0.25", 25, "0.25"),
            ("0.05", 5, "0.05"),
            ("0", 0, "0"),
        ] {
            let amount = Hundredths::parse(text).unwrap();
            assert_eq!(amount.hundredths(), hundredths, "{text}");
            assert_eq!(amount.to_string(), printed, "{text}");
        }
    }

    #[test]
    fn refuses_more_than_two_places_signs_and_junk() {
        assert_eq!(Hundredths::parse("4.125").unwrap_err().code, "format");
        for bad in ["", ".5", "5.", "-1", "+1", "1e2", "1,5", " 1", "abc", "1.2.3"] {
            assert_eq!(Hundredths::parse(bad).unwrap_err().code, "format", "{bad:?} accepted");
        }
        assert_eq!(Hundredths::parse("99999999999").unwrap_err().code, "range");
    }

    #[test]
    fn positive_amounts_refuse_zero() {
        assert_eq!(Hundredths::parse_positive("0.00").unwrap_err().code, "range");
        assert_eq!(Hundredths::parse_positive("0.01").unwrap(), Hundredths::from_hundredths(1));
    }

    #[test]
    fn arithmetic_is_exact_and_never_negative() {
        let sum: Hundredths = ["0.1", "0.2"].iter().map(|t| Hundredths::parse(t).unwrap()).sum();
        assert_eq!(sum, Hundredths::parse("0.3").unwrap());
        assert_eq!(Hundredths::whole(2).saturating_sub(Hundredths::whole(3)), Hundredths::ZERO);
        assert_eq!(Hundredths::whole(5) + Hundredths::from_hundredths(50), Hundredths::parse("5.5").unwrap());
    }
}
