//! A fresh database per test app: a temporary SQLite file by default, or a new PostgreSQL
//! database on the server `IRO_TEST_DATABASE_URL` names (dropped afterwards). When that
//! variable is set and the server cannot be reached, the test fails; it never falls back.

use std::path::PathBuf;

use diesel::RunQueryDsl;
use iro_persistence::establish;

/// The variable that switches the suite to PostgreSQL.
pub const POSTGRES_VARIABLE: &str = "IRO_TEST_DATABASE_URL";

/// A database that lives as long as the value.
pub struct TestDatabase {
    url: String,
    dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// Creates an empty database on the engine the environment selects.
    pub fn create() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        match std::env::var(POSTGRES_VARIABLE).ok().filter(|v| !v.is_empty()) {
            None => {
                let url = dir.path().join("iro.db").to_string_lossy().into_owned();
                TestDatabase { url, dir, postgres: None }
            }
            Some(server) => {
                let name = format!("iro_test_{}", uuid::Uuid::now_v7().simple());
                let mut admin = establish(&server)
                    .unwrap_or_else(|e| panic!("{POSTGRES_VARIABLE} is set but PostgreSQL is unreachable: {e}"));
                diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create test database");
                let url = replace_database(&server, &name);
                TestDatabase { url, dir, postgres: Some((server, name)) }
            }
        }
    }

    /// The database URL for the server.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A private data folder for the server.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Whether this run targets PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }
}

/// The same server URL with another database name.
pub fn replace_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server, String::new()),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    format!("{base}/{name}{query}")
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres
            && let Ok(mut admin) = establish(server)
        {
            // FORCE ends the server's pooled connections (PostgreSQL 13+).
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_the_database_name_only() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(replace_database("postgres://u@h:5432", "x"), "postgres://u@h:5432/x");
        assert_eq!(replace_database("postgres://u@h/db?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    }
}
