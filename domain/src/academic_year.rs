//! Academic years written `YYYY/YYYY`, the second year being the first plus one.

use std::fmt;
use std::str::FromStr;

use crate::InvalidValue;

/// An academic year such as `2025/2026`. In agreements and mobilities it is the
/// **receiving** institution's year (EWP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AcademicYear {
    start: u16,
}

impl AcademicYear {
    /// The academic year starting in calendar year `start` (1900..=2999).
    pub fn starting(start: u16) -> Result<Self, InvalidValue> {
        if (1900..=2999).contains(&start) {
            Ok(Self { start })
        } else {
            Err(InvalidValue::range(format!("academic year must start between 1900 and 2999, got {start}")))
        }
    }

    /// Parses `YYYY/YYYY`.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let shape = || InvalidValue::format(format!("academic year must look like 2025/2026, got {text:?}"));
        let (first, second) = text.split_once('/').ok_or_else(shape)?;
        if first.len() != 4 || second.len() != 4 {
            return Err(shape());
        }
        let first: u16 = first.parse().map_err(|_| shape())?;
        let second: u16 = second.parse().map_err(|_| shape())?;
        if second != first + 1 {
            return Err(InvalidValue::format(format!(
                "the second year of an academic year must follow the first, got {text:?}"
            )));
        }
        Self::starting(first)
    }

    /// The calendar year in which this academic year starts.
    pub fn start_year(self) -> u16 {
        self.start
    }

    /// The academic year after this one.
    pub fn next(self) -> Self {
        Self { start: self.start + 1 }
    }
}

impl fmt::Display for AcademicYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.start, self.start + 1)
    }
}

impl FromStr for AcademicYear {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_consecutive_years() {
        let year = AcademicYear::parse("2025/2026").unwrap();
        assert_eq!(year.start_year(), 2025);
        assert_eq!(year.to_string(), "2025/2026");
        assert_eq!(year.next().to_string(), "2026/2027");
    }

    #[test]
    fn refuses_non_consecutive_or_malformed_years() {
        for bad in ["2025/2027", "2025-2026", "25/26", "2025/", "abcd/efgh", "2026/2025"] {
            assert!(AcademicYear::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn orders_chronologically() {
        assert!(AcademicYear::parse("2024/2025").unwrap() < AcademicYear::parse("2025/2026").unwrap());
    }
}
