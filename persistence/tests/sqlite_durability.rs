//! SQLite's durability level (`PRAGMA synchronous`) reaches every pooled connection: NORMAL
//! by default, FULL when asked for (`IRO_SQLITE_SYNCHRONOUS=full`, README "Durability").

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use diesel::RunQueryDsl;
use diesel::sql_types::Integer;
use iro_persistence::{DbPool, PoolOptions, SqliteSynchronous, connect, connect_with};

#[derive(diesel::QueryableByName)]
struct Synchronous {
    #[diesel(sql_type = Integer)]
    synchronous: i32,
}

/// `PRAGMA synchronous` as SQLite reports it (1 = NORMAL, 2 = FULL) on each of `n` connections
/// held at once, so every one comes from the pool's customizer, not a single reused one.
fn synchronous_of_connections(pool: &DbPool, n: usize) -> Vec<i32> {
    let mut held = Vec::new();
    let mut seen = Vec::new();
    for _ in 0..n {
        let mut conn = pool.get().unwrap();
        let row: Synchronous = diesel::sql_query("PRAGMA synchronous").get_result(&mut conn).unwrap();
        seen.push(row.synchronous);
        held.push(conn);
    }
    seen
}

#[test]
fn sqlite_connections_run_synchronous_normal_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let pool = connect(&dir.path().join("iro.db").to_string_lossy(), 3).unwrap();
    assert_eq!(synchronous_of_connections(&pool, 3), [1, 1, 1]);
}

#[test]
fn sqlite_synchronous_full_reaches_every_connection_of_the_pool() {
    let dir = tempfile::tempdir().unwrap();
    let options = PoolOptions { size: 3, sqlite_synchronous: SqliteSynchronous::Full };
    let pool = connect_with(&dir.path().join("iro.db").to_string_lossy(), options).unwrap();
    assert_eq!(synchronous_of_connections(&pool, 3), [2, 2, 2]);
}
