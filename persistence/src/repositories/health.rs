//! Readiness: can we run a query?

use diesel::RunQueryDsl;

use crate::{DbConnection, RepoError};

/// Runs `SELECT 1` to prove the database answers.
pub fn ping(conn: &mut DbConnection) -> Result<(), RepoError> {
    diesel::sql_query("SELECT 1").execute(conn)?;
    Ok(())
}
