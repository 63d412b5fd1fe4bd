//! What several persistence tests share: running a check on a temporary SQLite file, and then
//! on a fresh PostgreSQL database when `IRO_TEST_DATABASE_URL` names a server (dropped
//! afterwards, even when the check fails).
#![expect(clippy::expect_used, reason = "test set-up: a failure is a failed test")]

use diesel::RunQueryDsl;
use iro_persistence::{DbPool, connect, establish};

/// Runs `check` with a pool of `connections` on each engine the environment selects.
pub fn on_each_engine(connections: u32, check: impl Fn(&DbPool)) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("test.db").to_string_lossy().into_owned();
    check(&connect(&path, connections).expect("SQLite opens"));
    let Some(server) = std::env::var("IRO_TEST_DATABASE_URL").ok().filter(|v| !v.is_empty()) else {
        return;
    };
    let name = format!("iro_persistence_{}", uuid::Uuid::now_v7().simple());
    let mut admin = establish(&server).expect("IRO_TEST_DATABASE_URL is set but PostgreSQL is unreachable");
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create the database");
    let (base, _) = server.rsplit_once('/').expect("a database URL ends in /name");
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check(&connect(&format!("{base}/{name}"), connections).expect("PostgreSQL opens"));
    }));
    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
