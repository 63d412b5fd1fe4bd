//! `checklist_progress` rows: what was done about one checklist item of a mobility.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::agreement::Actor;
use iro_domain::checklist::{ItemProgress, ProgressStatus};

use super::{corrupt, utc};
use crate::RepoError;
use crate::schema::checklist_progress;

/// A row of `checklist_progress`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = checklist_progress)]
pub struct ChecklistProgressRow {
    /// The mobility.
    pub mobility_id: String,
    /// The item's stable key.
    pub item_key: String,
    /// `open`, `done`, `not_applicable`.
    pub status: String,
    /// A document reference (file id, URL, policy number).
    pub evidence_reference: Option<String>,
    /// The evidence's date (issue date, date of the appointment).
    pub evidence_date: Option<NaiveDate>,
    /// A note.
    pub note: Option<String>,
    /// Who recorded it.
    pub updated_by: String,
    /// Their name.
    pub updated_by_name: String,
    /// When (UTC).
    pub updated_at: NaiveDateTime,
}

/// What is recorded on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressData {
    /// Where the item stands.
    pub status: ProgressStatus,
    /// A document reference.
    pub evidence_reference: Option<String>,
    /// The evidence's date.
    pub evidence_date: Option<NaiveDate>,
    /// A note.
    pub note: Option<String>,
}

/// Stored progress on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressRecord {
    /// The item's key.
    pub item_key: String,
    /// What is recorded.
    pub data: ProgressData,
    /// Who recorded it last.
    pub updated_by: Actor,
    /// When.
    pub updated_at: DateTime<Utc>,
}

impl ProgressRecord {
    /// The part the domain's alert rules read.
    pub fn progress(&self) -> ItemProgress {
        ItemProgress { key: self.item_key.clone(), status: self.data.status }
    }
}

impl TryFrom<ChecklistProgressRow> for ProgressRecord {
    type Error = RepoError;

    fn try_from(row: ChecklistProgressRow) -> Result<Self, RepoError> {
        Ok(ProgressRecord {
            item_key: row.item_key,
            data: ProgressData {
                status: ProgressStatus::parse(&row.status).map_err(corrupt("progress status"))?,
                evidence_reference: row.evidence_reference,
                evidence_date: row.evidence_date,
                note: row.note,
            },
            updated_by: Actor { id: row.updated_by, name: row.updated_by_name },
            updated_at: utc(row.updated_at),
        })
    }
}
