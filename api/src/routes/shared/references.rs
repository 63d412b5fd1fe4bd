//! Reference checks the database must confirm and several contexts need.

use iro_domain::{InstitutionId, UnitId};
use iro_persistence::repositories::units;
use iro_persistence::{DbConnection, RepoError};

use crate::error::ApiResult;

/// Whether `unit` is a unit of `institution`.
pub fn unit_of(conn: &mut DbConnection, institution: Option<InstitutionId>, unit: UnitId) -> ApiResult<bool> {
    let Some(institution) = institution else {
        return Ok(false);
    };
    match units::find(conn, institution, unit) {
        Ok(_) => Ok(true),
        Err(RepoError::NotFound) => Ok(false),
        Err(other) => Err(other.into()),
    }
}
