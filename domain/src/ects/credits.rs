//! Credit amounts (ECTS or a national system's) as exact hundredths, and how results are rounded.

use std::fmt;
use std::str::FromStr;

use super::CreditError;
use super::grade_value::{format_hundredths, parse_hundredths};
use crate::InvalidValue;

/// An amount of credits in some credit system, 0 to 1000, with at most two decimals.
///
/// Kept as unsigned hundredths: credits are never negative by construction, common amounts
/// (7.5, 2.5, 0.5) and the rounding steps (0.5, 0.1) are exact, and sums do not drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Credits(u32);

/// Credits in ECTS; the same type, named for readability where the system is ECTS.
pub type EctsCredits = Credits;

impl Credits {
    /// No credits.
    pub const ZERO: Self = Self(0);
    /// The most accepted, 1000 credits: well above any degree (a six-year degree is 360).
    pub const MAX: Self = Self(100_000);

    /// An amount from its number of hundredths (`750` is 7.5).
    pub fn from_hundredths(hundredths: u32) -> Result<Self, InvalidValue> {
        if hundredths <= Self::MAX.0 {
            Ok(Self(hundredths))
        } else {
            Err(InvalidValue::range(format!(
                "credits must lie between 0 and 1000, got {}",
                format_hundredths(i128::from(hundredths))
            )))
        }
    }

    /// A whole number of credits.
    pub fn whole(credits: u16) -> Result<Self, InvalidValue> {
        Self::from_hundredths(u32::from(credits) * 100)
    }

    /// Parses `6`, `7.5` or `7,5`.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let hundredths = parse_hundredths(text).ok_or_else(|| {
            InvalidValue::format(format!(
                "credits must be a number with at most two decimals such as 6 or 7.5; got {text:?}"
            ))
        })?;
        Self::from_hundredths(u32::try_from(hundredths).unwrap_or(u32::MAX))
    }

    /// The amount in hundredths.
    pub fn hundredths(self) -> u32 {
        self.0
    }

    /// The amount as a float, for display and statistics.
    pub fn to_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl TryFrom<f64> for Credits {
    type Error = InvalidValue;

    /// Accepts a finite, non-negative number with at most two decimals (within float noise:
    /// 7.5 and 0.1 + 0.2 are accepted, 7.555 is not).
    fn try_from(credits: f64) -> Result<Self, Self::Error> {
        if !credits.is_finite() || credits < 0.0 {
            return Err(InvalidValue::range(format!("credits must be a non-negative number, got {credits}")));
        }
        let scaled = credits * 100.0;
        let rounded = scaled.round();
        if (scaled - rounded).abs() > 1e-6 {
            return Err(InvalidValue::format(format!("credits may have at most two decimals, got {credits}")));
        }
        if rounded > f64::from(Self::MAX.0) {
            return Err(InvalidValue::range(format!("credits must lie between 0 and 1000, got {credits}")));
        }
        // In range 0..=100_000 and integral, so the cast is exact.
        Self::from_hundredths(rounded as u32)
    }
}

impl fmt::Display for Credits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_hundredths(i128::from(self.0)))
    }
}

impl FromStr for Credits {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Which way a value between two steps goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundingMode {
    /// The nearest step; exactly halfway, up.
    Nearest,
    /// The step below (never award more than the workload).
    Down,
    /// The step above.
    Up,
}

impl RoundingMode {
    /// `nearest`, `down` or `up`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Nearest => "nearest",
            Self::Down => "down",
            Self::Up => "up",
        }
    }
}

/// How converted credits are rounded: a step (0.5, 0.1 … credits) and a direction. The rule is
/// stated in every result, because recognised credits must be reproducible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CreditRounding {
    step: u32,
    mode: RoundingMode,
}

impl CreditRounding {
    /// To the nearest half credit, halves up.
    pub const NEAREST_HALF: Self = Self { step: 50, mode: RoundingMode::Nearest };
    /// To the nearest tenth of a credit, halves up.
    pub const NEAREST_TENTH: Self = Self { step: 10, mode: RoundingMode::Nearest };
    /// Down to a half credit.
    pub const DOWN_TO_HALF: Self = Self { step: 50, mode: RoundingMode::Down };
    /// To the nearest whole credit, halves up.
    pub const NEAREST_WHOLE: Self = Self { step: 100, mode: RoundingMode::Nearest };
    /// Exact to the hundredth (rounds only what a hundredth cannot hold).
    pub const HUNDREDTH: Self = Self { step: 1, mode: RoundingMode::Nearest };

    /// A rule with a step in hundredths that divides one credit (1, 2, 4, 5, 10, 20, 25, 50 or
    /// 100), so whole credits always lie on a step.
    pub fn new(step_hundredths: u32, mode: RoundingMode) -> Result<Self, CreditError> {
        if step_hundredths == 0 || 100 % step_hundredths != 0 {
            return Err(CreditError::InvalidRounding {
                reason: format!(
                    "the step must divide one credit (0.01, 0.05, 0.1, 0.25, 0.5, 1 …), got {step_hundredths} hundredths"
                ),
            });
        }
        Ok(Self { step: step_hundredths, mode })
    }

    /// The step in hundredths of a credit.
    pub fn step_hundredths(self) -> u32 {
        self.step
    }

    /// The direction.
    pub fn mode(self) -> RoundingMode {
        self.mode
    }

    /// Rounds the exact amount `num / den` hundredths (`den > 0`) to a number of hundredths on
    /// the step.
    pub(super) fn apply(self, num: u128, den: u128) -> u128 {
        let unit = den.max(1) * u128::from(self.step);
        let (steps, remainder) = (num / unit, num % unit);
        let up = match self.mode {
            RoundingMode::Nearest => 2 * remainder >= unit,
            RoundingMode::Down => false,
            RoundingMode::Up => remainder > 0,
        };
        (steps + u128::from(up)) * u128::from(self.step)
    }
}

impl fmt::Display for CreditRounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let step = format_hundredths(i128::from(self.step));
        match self.mode {
            RoundingMode::Nearest => write!(f, "to the nearest {step} credit, halfway up"),
            RoundingMode::Down => write!(f, "down to a multiple of {step} credit"),
            RoundingMode::Up => write!(f, "up to a multiple of {step} credit"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_are_non_negative_two_decimal_amounts() {
        assert_eq!(Credits::try_from(7.5).unwrap().hundredths(), 750);
        assert_eq!(Credits::try_from(0.1 + 0.2).unwrap().hundredths(), 30);
        assert_eq!(Credits::try_from(-0.5).unwrap_err().code, "range");
        assert_eq!(Credits::try_from(f64::NAN).unwrap_err().code, "range");
        assert_eq!(Credits::try_from(7.555).unwrap_err().code, "format");
        assert_eq!(Credits::try_from(1000.5).unwrap_err().code, "range");
        assert_eq!(Credits::parse("7,5").unwrap().to_string(), "7.5");
        assert_eq!(Credits::parse("-1").unwrap_err().code, "format");
        assert_eq!(Credits::whole(6).unwrap().to_string(), "6");
    }

    #[test]
    fn rounding_rules_round_as_stated() {
        // 2.7 credits: nearest half 2.5, down 2.5, up 3, nearest tenth 2.7.
        assert_eq!(CreditRounding::NEAREST_HALF.apply(270, 1), 250);
        assert_eq!(CreditRounding::DOWN_TO_HALF.apply(270, 1), 250);
        assert_eq!(CreditRounding::new(50, RoundingMode::Up).unwrap().apply(270, 1), 300);
        assert_eq!(CreditRounding::NEAREST_TENTH.apply(270, 1), 270);
        // 2.75 is halfway: up to 3.
        assert_eq!(CreditRounding::NEAREST_HALF.apply(275, 1), 300);
        // 20/3 hundredths = 0.0667 credits: nearest tenth is 0.1.
        assert_eq!(CreditRounding::NEAREST_TENTH.apply(20, 3), 10);
        assert_eq!(CreditRounding::new(30, RoundingMode::Nearest).unwrap_err().code(), "invalid_rounding");
        assert_eq!(CreditRounding::new(0, RoundingMode::Nearest).unwrap_err().code(), "invalid_rounding");
        assert_eq!(CreditRounding::NEAREST_HALF.to_string(), "to the nearest 0.5 credit, halfway up");
    }
}
