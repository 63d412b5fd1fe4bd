//! Checks shared by ECTS reference data (fixed tables, point bands): a code, a name, and where
//! the facts come from — source, status and validity (every fact carries its source and how
//! sure it is).

use std::sync::LazyLock;

use chrono::NaiveDate;
use iro_domain::InstitutionId;
use iro_persistence::repositories::institutions;
use iro_persistence::{DbConnection, RepoError};
use regex::Regex;

use crate::error::{ApiError, FieldError, FieldErrors};
use crate::http::validation::rules;

/// The statuses a fact may have: confirmed, from a secondary source only, unconfirmed.
pub const STATUSES: [&str; 3] = ["confirmed", "secondary", "unconfirmed"];

/// A code of reference data: 1–64 ASCII letters, digits or inner `-` (it appears in URLs).
/// Bodies declare it with `#[validate(regex(path = *CODE, …))]` and document [`CODE_PATTERN`].
pub static CODE: LazyLock<Regex> = LazyLock::new(|| rules::pattern(CODE_PATTERN));

/// The pattern of [`CODE`].
pub const CODE_PATTERN: &str = r"^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?$";

/// Checks the status and that validity does not end before it starts.
pub fn check_status_and_validity(
    errors: &mut FieldErrors,
    status: &str,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
) {
    if !STATUSES.contains(&status) {
        errors.push(FieldError::new("status", "unknown", "status must be confirmed, secondary or unconfirmed"));
    }
    if let (Some(from), Some(to)) = (valid_from, valid_to)
        && from > to
    {
        errors.push(FieldError::new("valid_to", "range", "valid_to must not be before valid_from"));
    }
}

/// Checks a status filter of a list (400 on an unknown one).
pub fn check_status_filter(errors: &mut FieldErrors, status: Option<&str>) {
    if let Some(status) = status
        && !STATUSES.contains(&status)
    {
        errors.push(FieldError::new("status", "unknown", "status must be confirmed, secondary or unconfirmed"));
    }
}

/// 422 naming `field` when the institution does not exist.
pub fn require_institution(conn: &mut DbConnection, field: &str, id: InstitutionId) -> Result<(), ApiError> {
    match institutions::find(conn, id) {
        Ok(_) => Ok(()),
        Err(RepoError::NotFound) => {
            Err(ApiError::Validation(vec![FieldError::new(field, "unknown", "no institution has this id")]))
        }
        Err(other) => Err(other.into()),
    }
}
