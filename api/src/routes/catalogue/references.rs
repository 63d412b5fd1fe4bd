//! The records a catalogue entry names (its unit, a course's programme), checked inside the
//! write so a missing one is a field error (422), not a 404 of the whole request.

use iro_domain::catalogue::Programme;
use iro_domain::{ProgrammeId, UnitId};
use iro_persistence::repositories::catalogue::programmes;
use iro_persistence::repositories::units;
use iro_persistence::{DbConnection, RepoError};

use crate::error::{ApiError, ApiResult, FieldError};

/// Refuses a `unit_id` that names no unit.
pub fn check_unit(conn: &mut DbConnection, unit: UnitId) -> ApiResult<()> {
    match units::find_by_id(conn, unit) {
        Ok(_) => Ok(()),
        Err(RepoError::NotFound) => Err(unknown("unit_id", "unit_id names no unit")),
        Err(other) => Err(other.into()),
    }
}

/// The programme `programme_id` names, or a field error when there is none.
pub fn programme(conn: &mut DbConnection, id: Option<ProgrammeId>) -> ApiResult<Option<Programme>> {
    let Some(id) = id else { return Ok(None) };
    match programmes::find(conn, id) {
        Ok(programme) => Ok(Some(programme)),
        Err(RepoError::NotFound) => Err(unknown("programme_id", "programme_id names no study programme")),
        Err(other) => Err(other.into()),
    }
}

fn unknown(field: &str, message: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::new(field, "unknown", message)])
}
