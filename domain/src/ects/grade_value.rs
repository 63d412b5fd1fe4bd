//! Grade and point values as exact two-place decimals (integer hundredths).
//!
//! Why integers and not `f64`: national grades have at most two decimals (Bulgarian averages
//! 5.50, German 1.3 and 1.7, a linear result 1.75, French 12.5). Counted in hundredths, every
//! step in use (0.1, 0.3/0.4, 0.5, 1) is exact, so "the result lies on the scale's steps" is an
//! integer comparison and 0.1 + 0.2 really is 0.3. Intermediate results of the linear formula
//! are exact fractions (`fraction.rs`); only text shown to people is rounded.

use std::fmt;
use std::str::FromStr;

use crate::InvalidValue;

/// A grade or a points total with at most two decimals, from 0 to 1000: `8`, `5.50`, `1.3`, `87`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GradeValue(i32);

impl GradeValue {
    /// Zero.
    pub const ZERO: Self = Self(0);
    /// The largest value accepted, 1000: above every grade or points scale in use.
    pub const MAX: Self = Self(100_000);

    /// A value from its number of hundredths (`550` is 5.50).
    pub fn from_hundredths(hundredths: i32) -> Result<Self, InvalidValue> {
        if (0..=Self::MAX.0).contains(&hundredths) {
            Ok(Self(hundredths))
        } else {
            Err(InvalidValue::range(format!(
                "a grade or points value must lie between 0 and 1000, got {}",
                format_hundredths(i128::from(hundredths))
            )))
        }
    }

    /// A whole number, e.g. `GradeValue::whole(8)`.
    pub fn whole(number: u16) -> Result<Self, InvalidValue> {
        Self::from_hundredths(i32::from(number) * 100)
    }

    /// For presets and tests whose literals are known to be in range.
    pub(super) const fn hundredths_unchecked(hundredths: i32) -> Self {
        Self(hundredths)
    }

    /// Parses `8`, `5.50`, `5,5` or `1.75`: digits with at most two decimals. A decimal comma
    /// is accepted because transcripts come from many locales (German `1,3`).
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let hundredths = parse_hundredths(text).ok_or_else(|| {
            InvalidValue::format(format!(
                "a grade or points value must be a number with at most two decimals such as 8, 5.50 or 1,3; got {text:?}"
            ))
        })?;
        let hundredths = i32::try_from(hundredths).unwrap_or(i32::MAX);
        Self::from_hundredths(hundredths)
    }

    /// The value in hundredths (5.50 is `550`).
    pub fn hundredths(self) -> i32 {
        self.0
    }

    /// The value as a float, for display and statistics only; decisions use [`Self::hundredths`].
    pub fn to_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for GradeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_hundredths(i128::from(self.0)))
    }
}

impl FromStr for GradeValue {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Reads a non-negative decimal with at most two decimals (`.` or `,`) as hundredths; at most
/// six integer digits, so the result always fits. Shared with credit amounts.
pub(super) fn parse_hundredths(text: &str) -> Option<u64> {
    let text = text.trim();
    let (whole, decimals) = match text.split_once(['.', ',']) {
        Some((whole, decimals)) if !decimals.is_empty() => (whole, decimals),
        Some(_) => return None,
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 6 || decimals.len() > 2 || !digits(whole) || !digits(decimals) {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let decimals: u64 = match decimals.len() {
        0 => 0,
        1 => decimals.parse::<u64>().ok()? * 10,
        _ => decimals.parse().ok()?,
    };
    Some(whole * 100 + decimals)
}

/// Writes hundredths as the shortest exact decimal: `800` → `8`, `550` → `5.5`, `175` → `1.75`.
pub(super) fn format_hundredths(hundredths: i128) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let magnitude = hundredths.unsigned_abs();
    let (whole, cents) = (magnitude / 100, magnitude % 100);
    if cents == 0 {
        format!("{sign}{whole}")
    } else if cents % 10 == 0 {
        format!("{sign}{whole}.{}", cents / 10)
    } else {
        format!("{sign}{whole}.{cents:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_decimals_with_point_or_comma() {
        assert_eq!(GradeValue::parse("5.50").unwrap().hundredths(), 550);
        assert_eq!(GradeValue::parse("1,3").unwrap().hundredths(), 130);
        assert_eq!(GradeValue::parse(" 8 ").unwrap().hundredths(), 800);
        assert_eq!(GradeValue::parse("1.75").unwrap().to_string(), "1.75");
    }

    #[test]
    fn refuses_malformed_or_out_of_range_values() {
        for bad in ["", "-1", "5.", ".5", "1.234", "a", "1e3", "5.5.5"] {
            assert_eq!(GradeValue::parse(bad).unwrap_err().code, "format", "{bad:?} accepted");
        }
        assert_eq!(GradeValue::parse("1000.01").unwrap_err().code, "range");
        assert_eq!(GradeValue::parse("999999.99").unwrap_err().code, "range");
    }

    #[test]
    fn prints_the_shortest_exact_decimal() {
        assert_eq!(GradeValue::whole(8).unwrap().to_string(), "8");
        assert_eq!(GradeValue::from_hundredths(550).unwrap().to_string(), "5.5");
        assert_eq!(GradeValue::from_hundredths(105).unwrap().to_string(), "1.05");
    }
}
