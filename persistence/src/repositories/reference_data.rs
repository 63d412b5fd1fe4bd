//! Reference data every database needs, seeded after migrations from the committed files in
//! `persistence/data/`: grading scales first (the tables and bands name them), then credit
//! systems, fixed tables, point bands and the Erasmus+ funding rates. Rows already stored are left alone, so an officer's
//! edits survive a restart; [`correct_citations`] only gives seeded rows whose facts are
//! unchanged the public sources in place of a retired citation (`repositories::citations`).

use chrono::{DateTime, Utc};

use crate::repositories::{credit_systems, fixed_tables, grading_scales, grants, point_bands};
use crate::{DbConnection, RepoError};

/// Gives seeded reference rows still carrying a retired citation the seed files' current source
/// where their facts are unchanged (`repositories::citations`); returns how many were corrected.
pub fn correct_citations(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    Ok(grading_scales::correct_seeded_citations(conn, now)?
        + credit_systems::correct_seeded_citations(conn, now)?
        + fixed_tables::correct_seeded_citations(conn, now)?
        + point_bands::correct_seeded_citations(conn, now)?)
}

/// Adds whatever reference data is missing; returns how many rows were added.
pub fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, RepoError> {
    let scales = grading_scales::seed(conn, now)?;
    let systems = credit_systems::seed(conn, now)?;
    let tables = fixed_tables::seed(conn, now)?;
    let bands = point_bands::seed(conn, now)?;
    let rates = grants::rates::seed(conn, now)?;
    let added = scales + systems + tables + bands + rates;
    if added > 0 {
        log::info!(
            "seeded {scales} grading scale(s), {systems} credit system(s), {tables} fixed table(s), {bands} point band table(s), {rates} funding rate(s)"
        );
    }
    Ok(added)
}
