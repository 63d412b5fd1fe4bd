//! The letters of the former ECTS grading scale: A–E pass, FX and F fail.

use std::fmt;

use crate::InvalidValue;

/// A letter of the ECTS grading scale of the ECTS Users' Guide 2009 (and earlier). `A` is the
/// best; the derived order runs from best to worst.
///
/// The 2015 Users' Guide replaced the letters with grading tables, but many institutions still
/// print them (North Macedonia: 10 A … 6 E, 5 F; Russian 100-point tables), so a conversion can
/// go through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EctsLetter {
    /// Excellent: the top 10 % of passing students.
    A,
    /// Very good: the next 25 %.
    B,
    /// Good: the next 30 %.
    C,
    /// Satisfactory: the next 25 %.
    D,
    /// Sufficient: the last 10 % of passing students.
    E,
    /// Fail: some more work required before the credit can be awarded.
    Fx,
    /// Fail: considerable further work is required.
    F,
}

impl EctsLetter {
    /// Every letter, best first.
    pub const ALL: [Self; 7] = [Self::A, Self::B, Self::C, Self::D, Self::E, Self::Fx, Self::F];

    /// The letter as printed: `A` … `E`, `FX`, `F`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
            Self::D => "D",
            Self::E => "E",
            Self::Fx => "FX",
            Self::F => "F",
        }
    }

    /// Parses a letter, ignoring case and surrounding spaces.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let wanted = text.trim();
        Self::ALL.into_iter().find(|letter| letter.as_str().eq_ignore_ascii_case(wanted)).ok_or_else(|| {
            InvalidValue::unknown(format!("ECTS letter must be one of A, B, C, D, E, FX, F; got {text:?}"))
        })
    }

    /// Whether the letter is a pass (A–E).
    pub fn is_pass(self) -> bool {
        self <= Self::E
    }

    /// The ECTS Users' Guide's definition of the letter.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::A => "excellent",
            Self::B => "very good",
            Self::C => "good",
            Self::D => "satisfactory",
            Self::E => "sufficient",
            Self::Fx => "fail: some more work required before the credit can be awarded",
            Self::F => "fail: considerable further work is required",
        }
    }

    /// The share of passing students the letter was meant for, in percent (A 10, B 25, C 30,
    /// D 25, E 10); `None` for the failing letters.
    pub fn share_of_passing(self) -> Option<u8> {
        match self {
            Self::A | Self::E => Some(10),
            Self::B | Self::D => Some(25),
            Self::C => Some(30),
            Self::Fx | Self::F => None,
        }
    }
}

impl fmt::Display for EctsLetter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_ordered_best_first_and_split_at_e() {
        assert!(EctsLetter::A < EctsLetter::E && EctsLetter::E < EctsLetter::Fx);
        assert!(EctsLetter::E.is_pass());
        assert!(!EctsLetter::Fx.is_pass() && !EctsLetter::F.is_pass());
        let shares: u32 = EctsLetter::ALL.iter().filter_map(|l| l.share_of_passing()).map(u32::from).sum();
        assert_eq!(shares, 100);
    }

    #[test]
    fn parses_case_insensitively() {
        assert_eq!(EctsLetter::parse("fx").unwrap(), EctsLetter::Fx);
        assert_eq!(EctsLetter::parse(" b ").unwrap(), EctsLetter::B);
        assert_eq!(EctsLetter::parse("G").unwrap_err().code, "unknown");
    }
}
