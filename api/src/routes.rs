//! HTTP resources: one module per resource, with its handlers and request/response types.

pub mod agreement_conditions;
pub mod agreement_status;
pub mod agreements;
pub mod auth;
pub mod contact;
pub mod conversion_policy;
pub mod conversions;
pub mod credits;
pub mod grading_scales;
pub mod grading_tables;
pub mod health;
pub mod institutions;
pub mod me;
pub mod mobilities;
pub mod mobility_status;
pub mod people;
pub mod quotas;
pub mod statistics;
pub mod text;
pub mod units;
pub mod users;
