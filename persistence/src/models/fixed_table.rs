//! `fixed_tables` rows: a conversion table an institution publishes (the second
//! conversion method), with its source, validity and status, and the mapping to
//! `iro_domain::ects::FixedTable`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::ects::{FixedTable, GradeError, GradingScale};
use iro_domain::{FixedTableId, InstitutionId};
use serde::{Deserialize, Serialize};

use super::{corrupt, utc, version};
use crate::RepoError;
use crate::schema::fixed_tables;

/// A row of `fixed_tables`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fixed_tables)]
pub struct FixedTableRow {
    /// Id.
    pub id: String,
    /// Unique code (`MK-ECTS-LETTERS`).
    pub code: String,
    /// Name.
    pub name: String,
    /// The publishing institution; `None` for national or office-wide tables.
    pub institution_id: Option<String>,
    /// Scale converted from.
    pub source_scale: String,
    /// Scale converted to.
    pub target_scale: String,
    /// `[{"from", "to"}]` as JSON.
    pub entries: String,
    /// Where the table comes from.
    pub source: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
    /// `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// One line of a fixed table: a source grade and the target grade it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingEntry {
    /// The grade on the source scale (label or number).
    pub from: String,
    /// The grade on the target scale.
    pub to: String,
}

/// A fixed table as data: the seed file's entries and what a client sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedTableData {
    /// Unique code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The publishing institution (id), if any.
    #[serde(default, with = "super::json::optional_id")]
    pub institution_id: Option<InstitutionId>,
    /// Source scale code.
    pub source_scale: String,
    /// Target scale code.
    pub target_scale: String,
    /// The lines, best source grade first by convention (any order is accepted).
    pub entries: Vec<MappingEntry>,
    /// Status of the facts.
    pub status: String,
    /// Source.
    pub source: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
}

impl FixedTableData {
    /// The domain table, with every rule of [`FixedTable`] checked (grades on their scales,
    /// pass to pass, monotonic, each source grade once). The domain table is named by the
    /// code, so a conversion's explanation names a record one can look up.
    pub fn to_domain(&self, source: &GradingScale, target: &GradingScale) -> Result<FixedTable, GradeError> {
        let entries = self.entries.iter().map(|entry| (entry.from.as_str(), entry.to.as_str()));
        FixedTable::new(&self.code, source.clone(), target.clone(), entries)
    }

    /// Whether the table is in force on `day` (no dates: always).
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= day) && self.valid_to.is_none_or(|to| day <= to)
    }
}

/// A stored fixed table.
#[derive(Debug, Clone)]
pub struct FixedTableRecord {
    /// Id.
    pub id: FixedTableId,
    /// The data as stored.
    pub data: FixedTableData,
    /// Version.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Updated.
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<FixedTableRow> for FixedTableRecord {
    type Error = RepoError;

    fn try_from(row: FixedTableRow) -> Result<Self, RepoError> {
        let entries: Vec<MappingEntry> = serde_json::from_str(&row.entries)
            .map_err(|e| RepoError::Corrupt(format!("fixed table {} entries: {e}", row.code)))?;
        Ok(FixedTableRecord {
            id: FixedTableId::parse(&row.id).map_err(corrupt("fixed table id"))?,
            data: FixedTableData {
                code: row.code,
                name: row.name,
                institution_id: row
                    .institution_id
                    .as_deref()
                    .map(InstitutionId::parse)
                    .transpose()
                    .map_err(corrupt("institution id"))?,
                source_scale: row.source_scale,
                target_scale: row.target_scale,
                entries,
                status: row.status,
                source: row.source,
                valid_from: row.valid_from,
                valid_to: row.valid_to,
            },
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}
