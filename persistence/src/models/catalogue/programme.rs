//! `catalogue_programmes` rows and their mapping to `iro_domain::catalogue::Programme`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use iro_domain::catalogue::{CatalogueCode, Programme, ProgrammeData};
use iro_domain::{EqfLevel, IscedCode, ProgrammeId, UnitId};

use super::{languages_from_json, languages_to_json, small};
use crate::RepoError;
use crate::models::json::{localized_from_json, localized_to_json, search_text};
use crate::models::{corrupt, utc, version};
use crate::schema::catalogue_programmes;

/// A row of `catalogue_programmes`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = catalogue_programmes)]
pub struct ProgrammeRow {
    /// Id.
    pub id: String,
    /// Unit running the programme.
    pub unit_id: String,
    /// Code, unique within the unit.
    pub code: String,
    /// Language map as JSON.
    pub name: String,
    /// Lower-cased code and names.
    pub search_text: String,
    /// EQF level.
    pub eqf_level: i32,
    /// ISCED-F code.
    pub isced_code: String,
    /// Length in semesters.
    pub duration_semesters: i32,
    /// Languages as a JSON array.
    pub languages: String,
    /// Shown in the public catalogue.
    pub published: bool,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// The writable columns of `catalogue_programmes`.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = catalogue_programmes, treat_none_as_null = true)]
pub struct ProgrammeChanges {
    /// Unit.
    pub unit_id: String,
    /// Code.
    pub code: String,
    /// Language map as JSON.
    pub name: String,
    /// Lower-cased code and names.
    pub search_text: String,
    /// EQF level.
    pub eqf_level: i32,
    /// ISCED-F code.
    pub isced_code: String,
    /// Length in semesters.
    pub duration_semesters: i32,
    /// Languages as JSON.
    pub languages: String,
    /// Public.
    pub published: bool,
}

impl From<&ProgrammeData> for ProgrammeChanges {
    fn from(data: &ProgrammeData) -> Self {
        ProgrammeChanges {
            unit_id: data.unit_id.to_string(),
            code: data.code.as_str().to_owned(),
            name: localized_to_json(&data.name),
            search_text: search_text(
                std::iter::once(data.code.as_str().to_owned()).chain(data.name.iter().map(|(_, v)| v.clone())),
            ),
            eqf_level: i32::from(data.eqf_level.value()),
            isced_code: data.isced_code.as_str().to_owned(),
            duration_semesters: i32::from(data.duration_semesters),
            languages: languages_to_json(&data.languages),
            published: data.published,
        }
    }
}

impl TryFrom<ProgrammeRow> for Programme {
    type Error = RepoError;

    fn try_from(row: ProgrammeRow) -> Result<Self, Self::Error> {
        Ok(Programme {
            id: ProgrammeId::parse(&row.id).map_err(corrupt("programme id"))?,
            data: ProgrammeData {
                unit_id: UnitId::parse(&row.unit_id).map_err(corrupt("unit id"))?,
                code: CatalogueCode::parse(&row.code).map_err(corrupt("programme code"))?,
                name: localized_from_json(&row.name)?,
                eqf_level: EqfLevel::new(small("eqf level", row.eqf_level)?).map_err(corrupt("eqf level"))?,
                isced_code: IscedCode::parse(&row.isced_code).map_err(corrupt("isced code"))?,
                duration_semesters: small("duration", row.duration_semesters)?,
                languages: languages_from_json(&row.languages)?,
                published: row.published,
            },
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}
