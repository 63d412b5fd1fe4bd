//! Study programmes: what a unit teaches at one cycle, with its field and languages.

use chrono::{DateTime, Utc};

use super::{CatalogueCode, InstructionLanguages};
use crate::{EqfLevel, InvalidValue, IscedCode, LocalizedText, ProgrammeId, UnitId};

/// What a coordinator states about a study programme; every field already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeData {
    /// The unit (faculty) that runs the programme.
    pub unit_id: UnitId,
    /// Human code, unique within the unit.
    pub code: CatalogueCode,
    /// Names by language (`en` required; `mk` is the local one).
    pub name: LocalizedText,
    /// The cycle as an EQF level (6 bachelor, 7 master, 8 doctorate).
    pub eqf_level: EqfLevel,
    /// The ISCED-F 2013 field of study.
    pub isced_code: IscedCode,
    /// Nominal length in semesters.
    pub duration_semesters: u8,
    /// Languages the programme is taught in.
    pub languages: InstructionLanguages,
    /// Whether the public catalogue shows it; drafts are for staff only.
    pub published: bool,
}

/// A stored study programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    /// Opaque, immutable id.
    pub id: ProgrammeId,
    /// The stated data.
    pub data: ProgrammeData,
    /// Increases with every change; the API's ETag.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// The longest programme accepted, in semesters: an integrated six-year degree is 12.
pub const MAX_DURATION_SEMESTERS: u8 = 12;

/// Checks a programme's duration: 1 to [`MAX_DURATION_SEMESTERS`] semesters.
pub fn check_duration(semesters: u8) -> Result<u8, InvalidValue> {
    if (1..=MAX_DURATION_SEMESTERS).contains(&semesters) {
        Ok(semesters)
    } else {
        Err(InvalidValue::range(format!("duration must be 1–{MAX_DURATION_SEMESTERS} semesters, got {semesters}")))
    }
}

/// Checks that a programme's level is a higher-education cycle (EQF 5–8): the catalogue
/// lists what a university teaches.
pub fn check_cycle(level: EqfLevel) -> Result<EqfLevel, InvalidValue> {
    if level.cycle_name().is_some() {
        Ok(level)
    } else {
        Err(InvalidValue::range(format!(
            "a study programme's EQF level is 5–8 (a higher-education cycle), got {level}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_cycles_are_bounded() {
        assert!(check_duration(8).is_ok());
        assert_eq!(check_duration(0).unwrap_err().code, "range");
        assert_eq!(check_duration(13).unwrap_err().code, "range");
        assert!(check_cycle(EqfLevel::new(7).unwrap()).is_ok());
        assert_eq!(check_cycle(EqfLevel::new(4).unwrap()).unwrap_err().code, "range");
    }
}
