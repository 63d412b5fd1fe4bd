//! `write_transaction` under contention: many threads of one process doing read-modify-write
//! transactions all succeed, none is lost, and nesting fails instead of deadlocking — on a
//! temporary SQLite file, and on a fresh PostgreSQL database when `IRO_TEST_DATABASE_URL`
//! names a server.

mod common;

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use diesel::dsl::sql;
use diesel::sql_types::Integer;
use iro_persistence::{DbConnection, DbPool, RepoError, write_transaction};

/// Writers started at once; more than the 32 parallel nominations that used to fail.
const WRITERS: usize = 32;
/// Transactions per writer.
const ROUNDS: usize = 10;
/// How long each transaction holds the write lock. All of them together (32 × 10 × 20 ms =
/// 6.4 s) take longer than SQLite's 5 s `busy_timeout`, so writers left to SQLite's busy
/// handler, which serves no queue, would starve and fail with "database is locked".
const HOLD: Duration = Duration::from_millis(20);

/// Runs `check` with a pool of one connection per writer on each engine.
fn on_each_engine(check: impl Fn(&DbPool)) {
    common::on_each_engine(WRITERS as u32, check);
}

/// Reads the counter, waits `HOLD` (the lock stays taken), writes it back plus one.
fn increment(conn: &mut DbConnection) -> Result<(), RepoError> {
    write_transaction(conn, |conn| {
        // PostgreSQL: lock the row first so concurrent increments queue instead of losing one
        // (SQLite's BEGIN IMMEDIATE already holds the database's write lock).
        diesel::sql_query("UPDATE gate_counter SET n = n").execute(conn)?;
        let n: i32 = diesel::select(sql::<Integer>("(SELECT n FROM gate_counter)")).get_result(conn)?;
        thread::sleep(HOLD);
        diesel::sql_query(format!("UPDATE gate_counter SET n = {}", n + 1)).execute(conn)?;
        Ok(())
    })
}

#[test]
fn concurrent_write_transactions_all_succeed_and_none_is_lost() {
    on_each_engine(|pool| {
        let mut conn = pool.get().unwrap();
        diesel::sql_query("CREATE TABLE gate_counter (n INTEGER NOT NULL)").execute(&mut *conn).unwrap();
        diesel::sql_query("INSERT INTO gate_counter (n) VALUES (0)").execute(&mut *conn).unwrap();
        drop(conn);
        let start = Arc::new(Barrier::new(WRITERS));
        let writers: Vec<_> = (0..WRITERS)
            .map(|_| {
                let (pool, start) = (pool.clone(), start.clone());
                thread::spawn(move || {
                    let mut conn = pool.get().unwrap();
                    start.wait();
                    let mut failures = Vec::new();
                    let mut longest = Duration::ZERO;
                    for _ in 0..ROUNDS {
                        let began = Instant::now();
                        if let Err(error) = increment(&mut conn) {
                            failures.push(error.to_string());
                        }
                        longest = longest.max(began.elapsed());
                    }
                    (failures, longest)
                })
            })
            .collect();
        let mut failures = Vec::new();
        let mut longest = Duration::ZERO;
        for writer in writers {
            let (failed, waited) = writer.join().unwrap();
            failures.extend(failed);
            longest = longest.max(waited);
        }
        assert!(failures.is_empty(), "{} of {} transactions failed: {failures:?}", failures.len(), WRITERS * ROUNDS);
        let mut conn = pool.get().unwrap();
        let n: i32 = diesel::select(sql::<Integer>("(SELECT n FROM gate_counter)")).get_result(&mut *conn).unwrap();
        assert_eq!(n as usize, WRITERS * ROUNDS, "an increment was lost");
        eprintln!("longest transaction including its wait: {longest:?}");
        // Fairness: in the SQLite gate's queue a transaction waits for at most the others
        // ahead of it, one round each (31 × 20 ms plus overhead), never as long as the busy
        // timeout an unlucky writer used to reach. (PostgreSQL's row-lock waits are not
        // first-come first-served, and it has no timeout to reach.)
        if matches!(&*conn, DbConnection::Sqlite(_)) {
            assert!(longest < Duration::from_secs(5), "a writer waited {longest:?}");
        }
    });
}

#[test]
fn a_nested_write_transaction_fails_instead_of_deadlocking() {
    on_each_engine(|pool| {
        let mut conn = pool.get().unwrap();
        let mut other = pool.get().unwrap();
        let nested: Result<(), RepoError> = write_transaction(&mut conn, |conn| write_transaction(conn, |_| Ok(())));
        assert!(matches!(nested, Err(RepoError::NestedWriteTransaction)), "same connection: {nested:?}");
        // Another connection on the same thread would wait for the gate this thread holds.
        let nested: Result<(), RepoError> = write_transaction(&mut conn, |_| write_transaction(&mut other, |_| Ok(())));
        if matches!(&*conn, DbConnection::Sqlite(_)) {
            assert!(matches!(nested, Err(RepoError::NestedWriteTransaction)), "other connection: {nested:?}");
        } else {
            assert!(nested.is_ok(), "PostgreSQL has no gate and two connections do not conflict: {nested:?}");
        }
        // Both connections are usable afterwards: the gate and the transactions were released.
        let after: Result<(), RepoError> = write_transaction(&mut other, |_| Ok(()));
        assert!(after.is_ok(), "{after:?}");
        let after: Result<(), RepoError> = write_transaction(&mut conn, |_| Ok(()));
        assert!(after.is_ok(), "{after:?}");
    });
}
