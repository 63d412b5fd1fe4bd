//! `iro serve` as a process: what only the real binary shows — how it stops on a signal, how
//! much memory a request makes it take, what its request log says. Each test starts its own
//! server on a temporary SQLite file and a random port.
#![expect(clippy::expect_used, reason = "test helpers: a failed setup is a failed test")]

mod body_limit;
mod process;
mod request_log;
mod shutdown;
