//! Progress on mobilities' checklist items: read a mobility's (or several mobilities')
//! progress, and record progress on one item.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::MobilityId;
use iro_domain::agreement::Actor;

use crate::models::checklist_progress::{ChecklistProgressRow, ProgressData, ProgressRecord};
use crate::models::db_time;
use crate::schema::checklist_progress;
use crate::{DbConnection, RepoError};

/// A mobility's recorded progress, by item key.
pub fn of_mobility(conn: &mut DbConnection, mobility: MobilityId) -> Result<Vec<ProgressRecord>, RepoError> {
    checklist_progress::table
        .filter(checklist_progress::mobility_id.eq(mobility.to_string()))
        .select(ChecklistProgressRow::as_select())
        .order(checklist_progress::item_key.asc())
        .load::<ChecklistProgressRow>(conn)?
        .into_iter()
        .map(ProgressRecord::try_from)
        .collect()
}

/// The recorded progress of several mobilities at once (one query for a page of alerts).
pub fn of_mobilities(
    conn: &mut DbConnection,
    mobilities: &[MobilityId],
) -> Result<HashMap<MobilityId, Vec<ProgressRecord>>, RepoError> {
    let ids: Vec<String> = mobilities.iter().map(ToString::to_string).collect();
    let rows = checklist_progress::table
        .filter(checklist_progress::mobility_id.eq_any(&ids))
        .select(ChecklistProgressRow::as_select())
        .load::<ChecklistProgressRow>(conn)?;
    let mut found: HashMap<MobilityId, Vec<ProgressRecord>> = HashMap::new();
    for row in rows {
        let id = MobilityId::parse(&row.mobility_id).map_err(|e| RepoError::Corrupt(e.to_string()))?;
        found.entry(id).or_default().push(ProgressRecord::try_from(row)?);
    }
    Ok(found)
}

/// Records progress on one item (insert or replace), returning what is stored.
///
/// diesel's `MultiConnection` has no `ON CONFLICT`, so this updates, and inserts when nothing
/// was there. Callers hold the mobility's row lock ([`super::mobilities::lock`]) in a write
/// transaction, so two first writes of one item cannot both insert.
pub fn record(
    conn: &mut DbConnection,
    mobility: MobilityId,
    item_key: &str,
    data: &ProgressData,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ProgressRecord, RepoError> {
    let key = (mobility.to_string(), item_key.to_owned());
    let values = (
        checklist_progress::status.eq(data.status.as_str()),
        checklist_progress::evidence_reference.eq(&data.evidence_reference),
        checklist_progress::evidence_date.eq(data.evidence_date),
        checklist_progress::note.eq(&data.note),
        checklist_progress::updated_by.eq(&actor.id),
        checklist_progress::updated_by_name.eq(&actor.name),
        checklist_progress::updated_at.eq(db_time(now)),
    );
    let update =
        |conn: &mut DbConnection| diesel::update(checklist_progress::table.find(key.clone())).set(values).execute(conn);
    if update(conn)? == 0 {
        diesel::insert_into(checklist_progress::table)
            .values((checklist_progress::mobility_id.eq(&key.0), checklist_progress::item_key.eq(&key.1), values))
            .execute(conn)?;
    }
    checklist_progress::table
        .find(key)
        .select(ChecklistProgressRow::as_select())
        .first::<ChecklistProgressRow>(conn)?
        .try_into()
}
