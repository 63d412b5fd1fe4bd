//! Repositories: plain functions over `&mut DbConnection`, one module per aggregate.

pub mod agreements;
pub mod clients;
pub mod health;
pub mod idempotency;
pub mod institutions;
pub mod refresh_tokens;
pub mod throttles;
pub mod units;
pub mod users;
