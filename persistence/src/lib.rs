//! iro's storage: one diesel code base over SQLite (embedded default) and PostgreSQL.
//!
//! Repositories are plain functions over `&mut DbConnection`; they take and return domain
//! types, so no diesel type leaves this crate.

pub mod connection;
pub mod error;
pub mod models;
mod on_engine;
pub mod page;
pub mod repositories;
pub mod schema;
pub mod statistics;
mod write_gate;

pub use connection::{
    DbConnection, DbPool, Engine, PoolOptions, PooledDb, SqliteSynchronous, connect, connect_with, establish,
    run_migrations, write_transaction,
};
pub use error::RepoError;
pub use page::{Page, PageRequest, Versioned};
