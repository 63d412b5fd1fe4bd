//! A database that outlives one server process: a SQLite file in a temporary folder, or, when
//! `IRO_TEST_DATABASE_URL` names a PostgreSQL server, a new database there (created and dropped
//! with `psql`), so that a test can kill a server and start another on the same data.

use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

/// The variable that switches these tests to PostgreSQL, as for the black-box suite.
const POSTGRES_VARIABLE: &str = "IRO_TEST_DATABASE_URL";

/// A database and a folder for the server's local state.
pub struct Database {
    folder: TempDir,
    url: String,
    postgres: Option<(String, String)>,
}

impl Database {
    /// An empty database on the engine the environment selects.
    pub fn create() -> Database {
        let folder = tempfile::tempdir().expect("temporary folder");
        match std::env::var(POSTGRES_VARIABLE).ok().filter(|v| !v.is_empty()) {
            None => {
                let url = folder.path().join("iro.db").to_string_lossy().into_owned();
                Database { folder, url, postgres: None }
            }
            Some(server) => {
                let name = format!("iro_process_{}", uuid::Uuid::now_v7().simple());
                psql(&server, &format!("CREATE DATABASE {name}"));
                // postgres://user@host:port/db?options → postgres://user@host:port/NAME
                let authority = server.find("://").map_or(0, |i| i + 3);
                let end = server[authority..].find(['/', '?']).map_or(server.len(), |i| authority + i);
                let url = format!("{}/{name}", &server[..end]);
                Database { folder, url, postgres: Some((server, name)) }
            }
        }
    }

    /// The URL to give `IRO_DATABASE_URL`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A folder for `IRO_DATA_DIR`.
    pub fn data_dir(&self) -> &Path {
        self.folder.path()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres {
            let _ = Command::new("psql")
                .arg(server)
                .arg("-qc")
                .arg(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .status();
        }
    }
}

fn psql(server: &str, sql: &str) {
    let status = Command::new("psql")
        .arg(server)
        .args(["-v", "ON_ERROR_STOP=1", "-qc", sql])
        .status()
        .unwrap_or_else(|e| panic!("{POSTGRES_VARIABLE} is set but psql could not run: {e}"));
    assert!(status.success(), "psql failed on {sql:?}: PostgreSQL unreachable?");
}
