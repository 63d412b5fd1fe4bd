//! How a mobility's participant travels (green or not), kept beside the mobility: setting it
//! is a change of the mobility (a new version), so incremental reports pick it up.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::MobilityId;

use crate::models::db_time;
use crate::schema::{mobilities, mobility_travel};
use crate::{DbConnection, RepoError};

/// Whether the participant travels green (false when never set).
pub fn green_travel(conn: &mut DbConnection, id: MobilityId) -> Result<bool, RepoError> {
    Ok(mobility_travel::table
        .find(id.to_string())
        .select(mobility_travel::green_travel)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

/// Records whether the participant travels green, as a new version of the mobility; returns
/// that version. `NotFound` without the mobility.
pub fn set_green_travel(
    conn: &mut DbConnection,
    id: MobilityId,
    green: bool,
    now: DateTime<Utc>,
) -> Result<u32, RepoError> {
    let version: i32 = diesel::update(mobilities::table.find(id.to_string()))
        .set((mobilities::version.eq(mobilities::version + 1), mobilities::updated_at.eq(db_time(now))))
        .returning(mobilities::version)
        .get_result(conn)?;
    diesel::delete(mobility_travel::table.find(id.to_string())).execute(conn)?;
    diesel::insert_into(mobility_travel::table)
        .values((
            mobility_travel::mobility_id.eq(id.to_string()),
            mobility_travel::green_travel.eq(green),
            mobility_travel::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    crate::models::version(version)
}
