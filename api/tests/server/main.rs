//! `iro serve` as a process: what only the real binary shows — how it stops on a signal, how
//! much memory a request makes it take, what its request log says, what a SIGKILL leaves
//! behind. Each test starts its own server on a random port, on a temporary SQLite file (the
//! crash test on PostgreSQL too, when `IRO_TEST_DATABASE_URL` is set).
#![expect(clippy::expect_used, reason = "test helpers: a failed setup is a failed test")]

mod body_limit;
mod database;
mod idempotency_crash;
mod process;
mod request_log;
mod shutdown;
