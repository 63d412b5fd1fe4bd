//! European Qualifications Framework levels (1..=8); higher education uses 5..=8.

use std::fmt;

use crate::InvalidValue;

/// An EQF level: 5 short cycle, 6 bachelor, 7 master, 8 doctorate (1–4 exist for schools).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EqfLevel(u8);

impl EqfLevel {
    /// Accepts 1..=8.
    pub fn new(level: u8) -> Result<Self, InvalidValue> {
        if (1..=8).contains(&level) {
            Ok(Self(level))
        } else {
            Err(InvalidValue::range(format!("EQF level must be between 1 and 8, got {level}")))
        }
    }

    /// The level as a number.
    pub fn value(self) -> u8 {
        self.0
    }

    /// The higher-education cycle this level names, if any.
    pub fn cycle_name(self) -> Option<&'static str> {
        match self.0 {
            5 => Some("short cycle"),
            6 => Some("first cycle (bachelor)"),
            7 => Some("second cycle (master)"),
            8 => Some("third cycle (doctorate)"),
            _ => None,
        }
    }
}

impl fmt::Display for EqfLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_one_to_eight_only() {
        assert!(EqfLevel::new(0).is_err());
        assert!(EqfLevel::new(9).is_err());
        assert_eq!(EqfLevel::new(7).unwrap().cycle_name(), Some("second cycle (master)"));
    }
}
