//! The one migration set creates the same logical schema on SQLite and PostgreSQL: the same
//! tables with the same columns (names and nullability). The comparison needs a PostgreSQL
//! server, so it runs in the PostgreSQL run of the suite (`IRO_TEST_DATABASE_URL` set, as CI
//! does); there an unreachable server fails it. The SQLite-only run (the README's test
//! command on a machine without PostgreSQL) leaves it out.
#![expect(clippy::expect_used, reason = "test helpers: a database that cannot be set up is a failed test")]

use std::collections::BTreeMap;

use diesel::RunQueryDsl;
use diesel::sql_types::{Bool, Text};
use iro_persistence::{DbConnection, establish, run_migrations};
use iro_tests::database::{POSTGRES_VARIABLE, replace_database};

/// Diesel's own bookkeeping, not part of our schema.
const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";

/// table → column → nullable.
type Schema = BTreeMap<String, BTreeMap<String, bool>>;

#[derive(Debug, diesel::QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
}

fn collect(rows: Vec<ColumnRow>) -> Schema {
    let mut schema = Schema::new();
    for row in rows {
        schema.entry(row.table_name).or_default().insert(row.column_name, row.nullable);
    }
    schema
}

fn sqlite_schema() -> Schema {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = dir.path().join("parity.db").to_string_lossy().into_owned();
    let mut conn = establish(&url).expect("SQLite file opens");
    let applied = run_migrations(&mut conn).expect("SQLite migrations run");
    assert!(applied > 0, "a fresh SQLite database ran no migrations");
    let DbConnection::Sqlite(sqlite) = &mut conn else { panic!("{url} did not open as SQLite") };
    let rows = diesel::sql_query(
        "SELECT m.name AS table_name, p.name AS column_name, p.\"notnull\" = 0 AS nullable \
         FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name <> ?",
    )
    .bind::<Text, _>(MIGRATIONS_TABLE)
    .load::<ColumnRow>(sqlite)
    .expect("SQLite catalogue query");
    collect(rows)
}

/// A PostgreSQL database created for this test and dropped afterwards, even on failure.
struct FreshPostgres {
    server: String,
    name: String,
    url: String,
}

impl FreshPostgres {
    fn create(server: &str) -> Self {
        let mut admin = establish(server).unwrap_or_else(|e| {
            panic!(
                "{POSTGRES_VARIABLE} is set but PostgreSQL at {server} is unreachable ({e}); the schema parity \
                 test needs it"
            )
        });
        let name = format!("iro_parity_{}", uuid::Uuid::now_v7().simple());
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create the parity database");
        let url = replace_database(server, &name);
        FreshPostgres { server: server.to_owned(), name, url }
    }
}

impl Drop for FreshPostgres {
    fn drop(&mut self) {
        if let Ok(mut admin) = establish(&self.server) {
            let _ =
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&mut admin);
        }
    }
}

fn postgres_schema(server: &str) -> Schema {
    let database = FreshPostgres::create(server);
    let mut conn = establish(&database.url).expect("the fresh PostgreSQL database opens");
    let applied = run_migrations(&mut conn).expect("PostgreSQL migrations run");
    assert!(applied > 0, "a fresh PostgreSQL database ran no migrations");
    let DbConnection::Postgresql(pg) = &mut conn else { panic!("{server} did not open as PostgreSQL") };
    let rows = diesel::sql_query(
        "SELECT c.table_name::text AS table_name, c.column_name::text AS column_name, \
                (c.is_nullable = 'YES') AS nullable \
         FROM information_schema.columns AS c \
         JOIN information_schema.tables AS t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> $1",
    )
    .bind::<Text, _>(MIGRATIONS_TABLE)
    .load::<ColumnRow>(pg)
    .expect("PostgreSQL catalogue query");
    drop(conn);
    collect(rows)
}

/// Lines describing where two schemas differ.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut found = Vec::new();
    let tables: std::collections::BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    for table in tables {
        match (sqlite.get(table), postgres.get(table)) {
            (Some(_), None) => found.push(format!("table {table} exists only in SQLite")),
            (None, Some(_)) => found.push(format!("table {table} exists only in PostgreSQL")),
            (Some(lite), Some(pg)) => {
                let columns: std::collections::BTreeSet<&String> = lite.keys().chain(pg.keys()).collect();
                for column in columns {
                    match (lite.get(column), pg.get(column)) {
                        (Some(_), None) => found.push(format!("column {table}.{column} exists only in SQLite")),
                        (None, Some(_)) => found.push(format!("column {table}.{column} exists only in PostgreSQL")),
                        (Some(a), Some(b)) if a != b => found.push(format!(
                            "column {table}.{column} is {} in SQLite but {} in PostgreSQL",
                            if *a { "nullable" } else { "NOT NULL" },
                            if *b { "nullable" } else { "NOT NULL" }
                        )),
                        _ => {}
                    }
                }
            }
            (None, None) => {}
        }
    }
    found
}

#[test]
fn sqlite_and_postgresql_migrations_create_the_same_tables_and_columns() {
    let Some(server) = std::env::var(POSTGRES_VARIABLE).ok().filter(|v| !v.is_empty()) else {
        eprintln!("schema parity runs in the PostgreSQL run of the suite ({POSTGRES_VARIABLE} unset)");
        return;
    };
    let sqlite = sqlite_schema();
    let postgres = postgres_schema(&server);
    for (engine, schema) in [("SQLite", &sqlite), ("PostgreSQL", &postgres)] {
        for table in ["institutions", "units", "users"] {
            assert!(schema.contains_key(table), "{engine} has no {table} table: {:?}", schema.keys());
        }
    }
    let found = differences(&sqlite, &postgres);
    assert!(found.is_empty(), "the engines' schemas disagree:\n  {}", found.join("\n  "));
    assert_eq!(sqlite, postgres);
}

#[test]
fn the_parity_comparison_notices_a_difference() {
    let mut a = Schema::new();
    a.entry("t".into()).or_default().insert("c".into(), false);
    let mut b = a.clone();
    assert!(differences(&a, &b).is_empty());
    b.entry("t".into()).or_default().insert("c".into(), true);
    b.entry("u".into()).or_default().insert("d".into(), true);
    assert_eq!(
        differences(&a, &b),
        vec![
            "column t.c is NOT NULL in SQLite but nullable in PostgreSQL".to_owned(),
            "table u exists only in PostgreSQL".to_owned()
        ]
    );
}
