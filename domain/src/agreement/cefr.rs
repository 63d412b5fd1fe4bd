//! CEFR language levels, A1..C2, plus `NS` (native speaker) for a person's own skills.

use crate::InvalidValue;
use crate::wire_enum::wire_enum;

wire_enum! {
    /// A Common European Framework of Reference level. Ordered from A1 to C2,
    /// with `NS` above C2 so that a native speaker meets every requirement.
    pub enum CefrLevel ("CEFR level") {
        /// Breakthrough.
        A1 = "A1",
        /// Waystage.
        A2 = "A2",
        /// Threshold.
        B1 = "B1",
        /// Vantage.
        B2 = "B2",
        /// Effective operational proficiency.
        C1 = "C1",
        /// Mastery.
        C2 = "C2",
        /// Native speaker: describes a person's skills only, never a requirement.
        Ns = "NS",
    }
}

impl CefrLevel {
    /// Parses a level for an agreement's language requirement: A1..C2 only (EWP IIA
    /// `cefr-level` pattern `[ABC][12]`), so `NS` is refused.
    pub fn parse_requirement(text: &str) -> Result<Self, InvalidValue> {
        let level = Self::parse(text).map_err(|_| {
            InvalidValue::unknown(format!("CEFR level must be one of A1, A2, B1, B2, C1, C2, got {text:?}"))
        })?;
        if level == CefrLevel::Ns {
            return Err(InvalidValue::range(
                "NS (native speaker) describes a person's skills; a language requirement must be A1..C2",
            ));
        }
        Ok(level)
    }

    /// Whether a person at this level meets a requirement of `required`.
    pub fn meets(self, required: CefrLevel) -> bool {
        self >= required
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_may_be_a_native_speaker_but_a_requirement_may_not() {
        assert_eq!(CefrLevel::parse("NS").unwrap(), CefrLevel::Ns);
        assert_eq!(CefrLevel::parse_requirement("B2").unwrap(), CefrLevel::B2);
        assert_eq!(CefrLevel::parse_requirement("NS").unwrap_err().code, "range");
        assert_eq!(CefrLevel::parse_requirement("b2").unwrap_err().code, "unknown");
        assert_eq!(CefrLevel::parse_requirement("D1").unwrap_err().code, "unknown");
    }

    #[test]
    fn higher_levels_meet_lower_requirements() {
        assert!(CefrLevel::C1.meets(CefrLevel::B2));
        assert!(CefrLevel::B2.meets(CefrLevel::B2));
        assert!(!CefrLevel::B1.meets(CefrLevel::B2));
        assert!(CefrLevel::Ns.meets(CefrLevel::C2));
    }
}
