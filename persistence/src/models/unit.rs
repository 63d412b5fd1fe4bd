//! `units` rows and their mapping to `iro_domain::Unit`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use iro_domain::{InstitutionId, Unit, UnitCode, UnitData, UnitId};

use super::json::{contacts_from_json, contacts_to_json, localized_from_json, localized_to_json};
use super::{corrupt, utc, version};
use crate::RepoError;
use crate::schema::units;

/// A row of `units`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = units)]
pub struct UnitRow {
    /// Id.
    pub id: String,
    /// Owning institution.
    pub institution_id: String,
    /// Enclosing unit.
    pub parent_id: Option<String>,
    /// Code, unique within the institution.
    pub code: String,
    /// Language map as JSON.
    pub name: String,
    /// Contacts as JSON.
    pub contacts: String,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// The writable columns of `units`.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = units, treat_none_as_null = true)]
pub struct UnitChanges {
    /// Enclosing unit.
    pub parent_id: Option<String>,
    /// Code.
    pub code: String,
    /// Language map as JSON.
    pub name: String,
    /// Contacts as JSON.
    pub contacts: String,
}

impl From<&UnitData> for UnitChanges {
    fn from(data: &UnitData) -> Self {
        UnitChanges {
            parent_id: data.parent_id.map(|p| p.to_string()),
            code: data.code.as_str().to_owned(),
            name: localized_to_json(&data.name),
            contacts: contacts_to_json(&data.contacts),
        }
    }
}

impl TryFrom<UnitRow> for Unit {
    type Error = RepoError;

    fn try_from(row: UnitRow) -> Result<Self, Self::Error> {
        Ok(Unit {
            id: UnitId::parse(&row.id).map_err(corrupt("unit id"))?,
            institution_id: InstitutionId::parse(&row.institution_id).map_err(corrupt("institution id"))?,
            data: UnitData {
                code: UnitCode::parse(&row.code).map_err(corrupt("unit code"))?,
                name: localized_from_json(&row.name)?,
                parent_id: row.parent_id.as_deref().map(UnitId::parse).transpose().map_err(corrupt("parent id"))?,
                contacts: contacts_from_json(&row.contacts)?,
            },
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}
