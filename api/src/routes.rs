//! HTTP resources: one module per resource, with its handlers and request/response types.

pub mod agreement_conditions;
pub mod agreement_status;
pub mod agreements;
pub mod auth;
pub mod contact;
pub mod health;
pub mod institutions;
pub mod me;
pub mod units;
pub mod users;
