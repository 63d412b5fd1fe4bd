//! Courses of the catalogue: one course of a unit in one academic year, and whether incoming
//! students may take it.

use chrono::{DateTime, Utc};

use super::{CatalogueCode, InstructionLanguages, Programme};
use crate::ects::EctsCredits;
use crate::wire_enum::wire_enum;
use crate::{AcademicYear, Contact, CourseId, EqfLevel, InvalidValue, IscedCode, LocalizedText, ProgrammeId, UnitId};

wire_enum! {
    /// When in the academic year a course is taught.
    pub enum Semester ("semester") {
        /// The winter (autumn) semester, from October.
        Winter = "winter",
        /// The summer (spring) semester, from February.
        Summer = "summer",
    }
}

/// What a coordinator states about a course; every field already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseData {
    /// The unit that teaches it.
    pub unit_id: UnitId,
    /// The study programme it belongs to, if any (one of the same unit).
    pub programme_id: Option<ProgrammeId>,
    /// Human code, unique within the unit and academic year.
    pub code: CatalogueCode,
    /// Titles by language (`en` required; `mk` is the local one).
    pub title: LocalizedText,
    /// The ISCED-F 2013 field.
    pub isced_code: IscedCode,
    /// The level as EQF (6 bachelor, 7 master, 8 doctorate).
    pub eqf_level: EqfLevel,
    /// ECTS credits, more than zero.
    pub ects_credits: EctsCredits,
    /// Winter or summer.
    pub semester: Semester,
    /// Contact hours over the semester.
    pub hours: u16,
    /// Languages it is taught in.
    pub languages: InstructionLanguages,
    /// Whether incoming exchange students may enrol.
    pub open_to_incoming: bool,
    /// Places for incoming students, when limited (only for a course open to them).
    pub places: Option<u16>,
    /// Description in English.
    pub description: Option<String>,
    /// Learning outcomes in English.
    pub learning_outcomes: Option<String>,
    /// Who teaches it and how to reach them.
    pub teacher: Option<Contact>,
    /// The academic year this entry describes.
    pub academic_year: AcademicYear,
    /// Whether the public catalogue shows it; drafts are for staff only.
    pub published: bool,
}

/// A stored course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    /// Opaque, immutable id.
    pub id: CourseId,
    /// The stated data.
    pub data: CourseData,
    /// Increases with every change; the API's ETag.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// Most contact hours accepted for one course in one semester (15 weeks of 40 hours).
pub const MAX_HOURS: u16 = 600;

/// Most places for incoming students on one course.
pub const MAX_PLACES: u16 = 999;

/// Why a course's fields contradict each other, with the field each one names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseProblem {
    /// The field to correct.
    pub field: &'static str,
    /// Why.
    pub error: InvalidValue,
}

/// Checks a course's credits: more than zero (a course with no credits cannot be recognised).
pub fn check_credits(credits: EctsCredits) -> Result<EctsCredits, InvalidValue> {
    if credits > EctsCredits::ZERO {
        Ok(credits)
    } else {
        Err(InvalidValue::range("a course carries more than 0 ECTS credits"))
    }
}

/// Checks contact hours: 1 to [`MAX_HOURS`].
pub fn check_hours(hours: u16) -> Result<u16, InvalidValue> {
    if (1..=MAX_HOURS).contains(&hours) {
        Ok(hours)
    } else {
        Err(InvalidValue::range(format!("hours must be 1–{MAX_HOURS}, got {hours}")))
    }
}

/// Checks places for incoming students: 1 to [`MAX_PLACES`].
pub fn check_places(places: u16) -> Result<u16, InvalidValue> {
    if (1..=MAX_PLACES).contains(&places) {
        Ok(places)
    } else {
        Err(InvalidValue::range(format!("places must be 1–{MAX_PLACES}, got {places}")))
    }
}

impl CourseData {
    /// The rules between fields: places only on a course open to incoming students, and a
    /// programme of the course's own unit (`programme` is the one `programme_id` names).
    pub fn check(&self, programme: Option<&Programme>) -> Result<(), CourseProblem> {
        if self.places.is_some() && !self.open_to_incoming {
            return Err(CourseProblem {
                field: "places",
                error: InvalidValue::format("places are given only for a course open to incoming students"),
            });
        }
        if let Some(programme) = programme
            && programme.data.unit_id != self.unit_id
        {
            return Err(CourseProblem {
                field: "programme_id",
                error: InvalidValue::unknown("the programme belongs to another unit than the course"),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::catalogue::ProgrammeData;

    fn course(unit: UnitId) -> CourseData {
        CourseData {
            unit_id: unit,
            programme_id: None,
            code: CatalogueCode::parse("F23L1W001").unwrap(),
            title: LocalizedText::parse([("en", "Web Programming")]).unwrap(),
            isced_code: IscedCode::parse("0613").unwrap(),
            eqf_level: EqfLevel::new(6).unwrap(),
            ects_credits: EctsCredits::whole(6).unwrap(),
            semester: Semester::Winter,
            hours: 60,
            languages: InstructionLanguages::parse(["en"]).unwrap(),
            open_to_incoming: false,
            places: None,
            description: None,
            learning_outcomes: None,
            teacher: None,
            academic_year: AcademicYear::parse("2026/2027").unwrap(),
            published: true,
        }
    }

    fn programme(unit: UnitId) -> Programme {
        Programme {
            id: ProgrammeId::generate(),
            data: ProgrammeData {
                unit_id: unit,
                code: CatalogueCode::parse("SIIS23").unwrap(),
                name: LocalizedText::parse([("en", "Software Engineering")]).unwrap(),
                eqf_level: EqfLevel::new(6).unwrap(),
                isced_code: IscedCode::parse("0613").unwrap(),
                duration_semesters: 8,
                languages: InstructionLanguages::parse(["mk", "en"]).unwrap(),
                published: true,
            },
            version: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn places_need_a_course_open_to_incoming_students() {
        let unit = UnitId::generate();
        let mut data = course(unit);
        data.places = Some(10);
        assert_eq!(data.check(None).unwrap_err().field, "places");
        data.open_to_incoming = true;
        assert!(data.check(None).is_ok());
    }

    #[test]
    fn a_course_belongs_to_a_programme_of_its_own_unit() {
        let unit = UnitId::generate();
        let data = course(unit);
        assert!(data.check(Some(&programme(unit))).is_ok());
        assert_eq!(data.check(Some(&programme(UnitId::generate()))).unwrap_err().field, "programme_id");
    }

    #[test]
    fn credits_hours_and_places_are_bounded() {
        assert!(check_credits(EctsCredits::ZERO).is_err());
        assert!(check_credits(EctsCredits::parse("7.5").unwrap()).is_ok());
        assert!(check_hours(0).is_err() && check_hours(601).is_err() && check_hours(60).is_ok());
        assert!(check_places(0).is_err() && check_places(1000).is_err() && check_places(20).is_ok());
        assert_eq!(Semester::parse("summer").unwrap(), Semester::Summer);
        assert_eq!(Semester::parse("spring").unwrap_err().code, "unknown");
    }
}
