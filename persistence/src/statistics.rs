//! Planner statistics: what the query planner knows about row counts, so that a filtered page
//! of 100,000 mobilities walks the id order and stops after one page instead of sorting every
//! match. PostgreSQL's autovacuum gathers them by itself; SQLite only when asked.

use diesel::RunQueryDsl;

use crate::{DbConnection, RepoError};

/// Refreshes planner statistics where they are missing or stale.
///
/// SQLite: `PRAGMA optimize=0x10002` analyses every table (`0x10000`: not only those this
/// connection queried) that was never analysed or whose size changed markedly since, with
/// the bounded cost SQLite ≥ 3.46 gives it, and does nothing when all is current, so it is
/// cheap to run often. PostgreSQL: nothing; autovacuum analyses changed tables.
pub fn refresh_planner_statistics(conn: &mut DbConnection) -> Result<(), RepoError> {
    if let DbConnection::Sqlite(sqlite) = conn {
        diesel::sql_query("PRAGMA optimize=0x10002").execute(sqlite)?;
    }
    Ok(())
}
