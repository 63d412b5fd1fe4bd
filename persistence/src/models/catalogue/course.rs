//! `catalogue_courses` rows and their mapping to `iro_domain::catalogue::Course`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use iro_domain::catalogue::{CatalogueCode, Course, CourseData, Semester};
use iro_domain::ects::EctsCredits;
use iro_domain::{AcademicYear, CourseId, EqfLevel, IscedCode, ProgrammeId, UnitId};

use super::{languages_from_json, languages_to_json, small};
use crate::RepoError;
use crate::models::json::{contact_from_json, contact_to_json, localized_from_json, localized_to_json, search_text};
use crate::models::{corrupt, utc, version};
use crate::schema::catalogue_courses;

/// A row of `catalogue_courses`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = catalogue_courses)]
pub struct CourseRow {
    /// Id.
    pub id: String,
    /// Unit teaching it.
    pub unit_id: String,
    /// Programme, if any.
    pub programme_id: Option<String>,
    /// Code.
    pub code: String,
    /// Titles as a JSON language map.
    pub title: String,
    /// Lower-cased code, titles and description.
    pub search_text: String,
    /// ISCED-F code.
    pub isced_code: String,
    /// EQF level.
    pub eqf_level: i32,
    /// ECTS credits in hundredths.
    pub ects_hundredths: i32,
    /// `winter` or `summer`.
    pub semester: String,
    /// Contact hours.
    pub hours: i32,
    /// Languages as a JSON array.
    pub languages: String,
    /// Open to incoming students.
    pub open_to_incoming: bool,
    /// Places for incoming students.
    pub places: Option<i32>,
    /// Description (English).
    pub description: Option<String>,
    /// Learning outcomes (English).
    pub learning_outcomes: Option<String>,
    /// Teacher contact as JSON.
    pub teacher: Option<String>,
    /// Start year of the academic year.
    pub academic_year: i32,
    /// Shown in the public catalogue.
    pub published: bool,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// The writable columns of `catalogue_courses`.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = catalogue_courses, treat_none_as_null = true)]
pub struct CourseChanges {
    /// Unit.
    pub unit_id: String,
    /// Programme.
    pub programme_id: Option<String>,
    /// Code.
    pub code: String,
    /// Titles as JSON.
    pub title: String,
    /// Lower-cased search text.
    pub search_text: String,
    /// ISCED-F code.
    pub isced_code: String,
    /// EQF level.
    pub eqf_level: i32,
    /// ECTS hundredths.
    pub ects_hundredths: i32,
    /// Semester.
    pub semester: String,
    /// Hours.
    pub hours: i32,
    /// Languages as JSON.
    pub languages: String,
    /// Open to incoming students.
    pub open_to_incoming: bool,
    /// Places.
    pub places: Option<i32>,
    /// Description.
    pub description: Option<String>,
    /// Learning outcomes.
    pub learning_outcomes: Option<String>,
    /// Teacher contact as JSON.
    pub teacher: Option<String>,
    /// Academic year start.
    pub academic_year: i32,
    /// Public.
    pub published: bool,
}

impl From<&CourseData> for CourseChanges {
    fn from(data: &CourseData) -> Self {
        let words = std::iter::once(data.code.as_str().to_owned())
            .chain(data.title.iter().map(|(_, v)| v.clone()))
            .chain(data.description.clone());
        CourseChanges {
            unit_id: data.unit_id.to_string(),
            programme_id: data.programme_id.map(|p| p.to_string()),
            code: data.code.as_str().to_owned(),
            title: localized_to_json(&data.title),
            search_text: search_text(words),
            isced_code: data.isced_code.as_str().to_owned(),
            eqf_level: i32::from(data.eqf_level.value()),
            // At most 100 000 (Credits::MAX), well inside i32.
            ects_hundredths: i32::try_from(data.ects_credits.hundredths()).unwrap_or(i32::MAX),
            semester: data.semester.as_str().to_owned(),
            hours: i32::from(data.hours),
            languages: languages_to_json(&data.languages),
            open_to_incoming: data.open_to_incoming,
            places: data.places.map(i32::from),
            description: data.description.clone(),
            learning_outcomes: data.learning_outcomes.clone(),
            teacher: data.teacher.as_ref().map(contact_to_json),
            academic_year: i32::from(data.academic_year.start_year()),
            published: data.published,
        }
    }
}

impl TryFrom<CourseRow> for Course {
    type Error = RepoError;

    fn try_from(row: CourseRow) -> Result<Self, Self::Error> {
        Ok(Course {
            id: CourseId::parse(&row.id).map_err(corrupt("course id"))?,
            data: CourseData {
                unit_id: UnitId::parse(&row.unit_id).map_err(corrupt("unit id"))?,
                programme_id: row
                    .programme_id
                    .as_deref()
                    .map(ProgrammeId::parse)
                    .transpose()
                    .map_err(corrupt("programme id"))?,
                code: CatalogueCode::parse(&row.code).map_err(corrupt("course code"))?,
                title: localized_from_json(&row.title)?,
                isced_code: IscedCode::parse(&row.isced_code).map_err(corrupt("isced code"))?,
                eqf_level: EqfLevel::new(small("eqf level", row.eqf_level)?).map_err(corrupt("eqf level"))?,
                ects_credits: EctsCredits::from_hundredths(small("ects", row.ects_hundredths)?)
                    .map_err(corrupt("ects"))?,
                semester: Semester::parse(&row.semester).map_err(corrupt("semester"))?,
                hours: small("hours", row.hours)?,
                languages: languages_from_json(&row.languages)?,
                open_to_incoming: row.open_to_incoming,
                places: row.places.map(|p| small("places", p)).transpose()?,
                description: row.description,
                learning_outcomes: row.learning_outcomes,
                teacher: row.teacher.as_deref().map(contact_from_json).transpose()?,
                academic_year: AcademicYear::starting(small("academic year", row.academic_year)?)
                    .map_err(corrupt("academic year"))?,
                published: row.published,
            },
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}
