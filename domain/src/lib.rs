//! iro's domain: the vocabulary and rules of an International Relations Office, free of I/O.
//!
//! Everything here is plain Rust: values are valid by construction ("parse, don't validate"),
//! rules take their data as arguments, and no type knows about HTTP, JSON or SQL.

pub mod academic_year;
pub mod contact;
pub mod country;
pub mod eqf;
pub mod institution;
pub mod invalid;
pub mod isced;
pub mod language;
pub mod role;
pub mod unit;

pub use academic_year::AcademicYear;
pub use contact::Contact;
pub use country::CountryCode;
pub use eqf::EqfLevel;
pub use institution::{ErasmusCode, HeiId, Oid, Pic};
pub use invalid::InvalidValue;
pub use isced::{IscedCode, IscedField, IscedLevel};
pub use language::{LanguageTag, LocalizedText};
pub use role::{Role, Scope};
pub use unit::{UnitCode, would_create_cycle};
