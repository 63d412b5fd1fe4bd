//! `factsheet_versions` rows and what they read as: a version's facts (number, effective date,
//! published) and its document, which the API owns the shape of and persistence keeps as text.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::AcademicYear;
use iro_domain::agreement::Actor;
use iro_domain::factsheet::VersionFacts;

use crate::RepoError;
use crate::models::{corrupt, utc};
use crate::schema::factsheet_versions;

/// The shape of the stored documents this release reads and writes.
pub const CONTENT_FORMAT: i32 = 1;

/// A row of `factsheet_versions`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = factsheet_versions)]
pub struct FactsheetVersionRow {
    /// Id.
    pub id: String,
    /// The academic year's first calendar year.
    pub academic_year: i32,
    /// The version's number within the year.
    pub number: i32,
    /// First day in effect.
    pub effective_from: NaiveDate,
    /// Readable by the public.
    pub published: bool,
    /// What changed.
    pub change_note: Option<String>,
    /// Shape of `content`.
    pub content_format: i32,
    /// The document (JSON text).
    pub content: String,
    /// Who wrote it (a name to show).
    pub created_by: String,
    /// Who wrote it (`user:<uuid>`, `client:<uuid>`).
    pub created_by_id: String,
    /// When (UTC).
    pub created_at: NaiveDateTime,
}

/// A version of a year's factsheet as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct FactsheetVersion {
    /// The academic year.
    pub academic_year: AcademicYear,
    /// Number, first day in effect, published.
    pub facts: VersionFacts,
    /// What changed against the previous version.
    pub change_note: Option<String>,
    /// The document as JSON text, in the shape the API accepted.
    pub content: String,
    /// Who wrote it.
    pub created_by: Actor,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A version to store (its number is given by the year's count).
#[derive(Debug, Clone, PartialEq)]
pub struct NewFactsheetVersion {
    /// The academic year.
    pub academic_year: AcademicYear,
    /// First day in effect.
    pub effective_from: NaiveDate,
    /// Readable by the public.
    pub published: bool,
    /// What changed.
    pub change_note: Option<String>,
    /// The document as JSON text.
    pub content: String,
}

impl TryFrom<FactsheetVersionRow> for FactsheetVersion {
    type Error = RepoError;

    fn try_from(row: FactsheetVersionRow) -> Result<Self, Self::Error> {
        if row.content_format != CONTENT_FORMAT {
            return Err(RepoError::Corrupt(format!(
                "factsheet version {}: content format {} is not {CONTENT_FORMAT}",
                row.id, row.content_format
            )));
        }
        let start = u16::try_from(row.academic_year)
            .map_err(|_| RepoError::Corrupt(format!("factsheet year {}", row.academic_year)))?;
        let number =
            u32::try_from(row.number).map_err(|_| RepoError::Corrupt(format!("factsheet version {}", row.number)))?;
        Ok(FactsheetVersion {
            academic_year: AcademicYear::starting(start).map_err(corrupt("factsheet year"))?,
            facts: VersionFacts { number, effective_from: row.effective_from, published: row.published },
            change_note: row.change_note,
            content: row.content,
            created_by: Actor { id: row.created_by_id, name: row.created_by },
            created_at: utc(row.created_at),
        })
    }
}
