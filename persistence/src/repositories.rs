//! Repositories: plain functions over `&mut DbConnection`, one module per aggregate.

pub mod agreements;
pub mod catalogue;
pub mod checklist_progress;
pub mod checklist_rules;
pub mod citations;
pub mod clients;
pub mod conversions;
pub mod credit_systems;
pub mod events;
pub mod fixed_tables;
pub mod grading_scales;
pub mod grading_tables;
pub mod health;
pub mod idempotency;
pub mod inquiries;
pub mod institutions;
pub mod mobilities;
pub mod people;
pub mod point_bands;
pub mod quotas;
pub mod reference_data;
pub mod refresh_tokens;
pub mod throttles;
pub mod units;
pub mod users;
