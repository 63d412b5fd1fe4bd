//! The black-box suite: one test binary, one module per area. Every test starts its own
//! server with its own database; set `IRO_TEST_DATABASE_URL` to run all of it on PostgreSQL.

mod agreements;
mod auth;
mod catalogue;
mod catalogue_import;
mod checklists;
mod compressed_bodies;
mod contract_status_codes;
mod database_busy;
mod design_notes;
mod ects;
mod ects_mappings;
mod errors;
mod exchange;
mod free_text;
mod health;
mod idempotency;
mod idempotency_lost_answers;
mod inquiries;
mod institutions;
mod local_institution;
mod mobilities;
mod mobility_permissions;
mod openapi;
mod patch_bodies;
mod people;
mod query_constraints;
mod quotas;
mod response_members;
mod schema_parity;
mod security_headers;
mod sign_in_load;
mod slow_bodies;
mod throttling;
mod units;
mod users;
