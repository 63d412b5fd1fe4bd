//! Planner statistics on SQLite: a bulk-loaded table is analysed by the refresh, which is what
//! turns a sort of every match into an index walk on large mobility lists.

use diesel::RunQueryDsl;
use diesel::sql_types::BigInt;
use iro_persistence::statistics::refresh_planner_statistics;
use iro_persistence::{DbConnection, establish, run_migrations};

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn analysed_rows(conn: &mut DbConnection, table: &str) -> i64 {
    let DbConnection::Sqlite(sqlite) = conn else { unreachable!("SQLite only") };
    diesel::sql_query(format!("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = '{table}'"))
        .get_result::<Count>(sqlite)
        .map(|c| c.n)
        .unwrap_or(0)
}

#[test]
fn a_bulk_loaded_sqlite_table_gets_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = establish(dir.path().join("iro.db").to_str().unwrap()).unwrap();
    run_migrations(&mut conn).unwrap();
    let DbConnection::Sqlite(sqlite) = &mut conn else { unreachable!("a file path is SQLite") };
    diesel::sql_query("CREATE TABLE bulk (id INTEGER PRIMARY KEY, partner TEXT NOT NULL)").execute(sqlite).unwrap();
    diesel::sql_query("CREATE INDEX bulk_partner ON bulk (partner)").execute(sqlite).unwrap();
    diesel::sql_query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) \
         INSERT INTO bulk (id, partner) SELECT i, 'partner-' || (i % 3) FROM n",
    )
    .execute(sqlite)
    .unwrap();
    assert_eq!(analysed_rows(&mut conn, "bulk"), 0, "no statistics before the refresh");
    refresh_planner_statistics(&mut conn).unwrap();
    assert!(analysed_rows(&mut conn, "bulk") > 0, "the refresh analysed the bulk-loaded table");
    // A second refresh with nothing changed is harmless.
    refresh_planner_statistics(&mut conn).unwrap();
}
