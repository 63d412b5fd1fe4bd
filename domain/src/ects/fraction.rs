//! Exact fractions for the linear formula, so rounding to a scale's steps is decided without
//! floating-point error (a result exactly midway between two steps must be seen as a tie).

use std::cmp::Ordering;

use super::grade_value::format_hundredths;

/// `num / den` with `den > 0`. Operands stay small (hundredths of grades ≤ 10⁵, their
/// differences as denominators), so `i128` never overflows in this module's uses.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fraction {
    num: i128,
    den: i128,
}

impl Fraction {
    /// `None` when `den` is zero.
    pub(super) fn new(num: i128, den: i128) -> Option<Self> {
        match den.cmp(&0) {
            Ordering::Equal => None,
            Ordering::Greater => Some(Self { num, den }),
            Ordering::Less => Some(Self { num: -num, den: -den }),
        }
    }

    /// A whole number.
    pub(super) fn whole(num: i128) -> Self {
        Self { num, den: 1 }
    }

    /// `self − other`.
    pub(super) fn minus(self, other: Self) -> Self {
        Self { num: self.num * other.den - other.num * self.den, den: self.den * other.den }
    }

    /// `|self|`.
    pub(super) fn abs(self) -> Self {
        Self { num: self.num.abs(), den: self.den }
    }

    /// `−self`.
    pub(super) fn negated(self) -> Self {
        Self { num: -self.num, den: self.den }
    }

    /// The value as a float, for records and display.
    pub(super) fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// The value, read as hundredths of a grade, written as a decimal with up to `places`
    /// decimals; prefixed with `≈` when that had to round (half away from zero).
    pub(super) fn hundredths_text(self, places: u32) -> String {
        let scaled = self.num * 10_i128.pow(places);
        let den = self.den * 100;
        let rounded = round_half_away(scaled, den);
        let text = format_fixed(rounded, places);
        if rounded * den == scaled { text } else { format!("≈{text}") }
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Fraction {}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

/// `num / den` rounded half away from zero (`den > 0`).
fn round_half_away(num: i128, den: i128) -> i128 {
    let (quotient, remainder) = (num / den, num % den);
    if 2 * remainder.abs() >= den { quotient + num.signum() } else { quotient }
}

/// Writes an integer count of `10^-places` units as a decimal, trailing zeros cut.
pub(super) fn format_fixed(units: i128, places: u32) -> String {
    if places == 2 {
        return format_hundredths(units);
    }
    let factor = 10_i128.pow(places);
    let sign = if units < 0 { "-" } else { "" };
    let (whole, rest) = (units.abs() / factor, units.abs() % factor);
    if rest == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{rest:0width$}", width = places as usize);
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// A percentage `part / whole × 100` written with up to two decimals, e.g. `32.5 %`.
pub(super) fn percent_text(part: u128, whole: u128) -> String {
    match (i128::try_from(part), i128::try_from(whole)) {
        (Ok(part), Ok(whole)) if whole > 0 => {
            format!("{} %", format_fixed(round_half_away(part * 10_000, whole), 2))
        }
        _ => "? %".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_exactly() {
        let third = Fraction::new(1, 3).unwrap();
        assert!(Fraction::new(2, 6).unwrap() == third);
        assert!(Fraction::new(-1, -3).unwrap() == third);
        assert!(Fraction::new(1, 4).unwrap() < third);
        assert!(Fraction::new(1, 0).is_none());
    }

    #[test]
    fn writes_hundredths_and_percentages() {
        assert_eq!(Fraction::new(175, 1).unwrap().hundredths_text(4), "1.75");
        assert_eq!(Fraction::new(200, 3).unwrap().hundredths_text(4), "≈0.6667");
        assert_eq!(percent_text(65, 200), "32.5 %");
        assert_eq!(percent_text(1, 3), "33.33 %");
        assert_eq!(percent_text(1, 0), "? %");
    }
}
