//! What several contexts use: the acting principal, free text, contacts, provenance of facts
//! kept as data, and the API vocabulary (enums) that more than one context speaks.

pub mod actor;
pub mod contact;
pub mod localized;
pub mod mobility_access;
pub mod provenance;
pub mod query_schemas;
pub mod references;
pub mod text;
pub mod vocabulary;
