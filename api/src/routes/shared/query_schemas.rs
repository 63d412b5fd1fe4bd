//! Schemas of the query parameters a handler checks with a domain parser or a list of names
//! (`?academic_year=`, `?country=`, `?status=`, `?cursor=` …). Query structs name them with
//! `#[param(value_type = Option<…>, inline)]` (the field stays the text the handler parses),
//! so the document carries the rule the handler enforces; `tests/tests/api/query_constraints.rs`
//! sends one value breaking each rule and expects 400, and text documented with no rule must
//! be taken as it is.

use iro_domain::ects::MethodKind;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{Object, ObjectBuilder, Schema, Type};

use crate::routes::shared::provenance::STATUSES;

/// Declares a schema-only type (never a value) whose schema is `$schema`.
macro_rules! query_schema {
    ($(#[$meta:meta])* $name:ident => $schema:expr) => {
        $(#[$meta])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                RefOr::T(Schema::Object($schema))
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

fn text(pattern: &str, description: &str, example: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .description(Some(description))
        .examples([example])
        .build()
}

fn one_of(names: impl IntoIterator<Item = &'static str>, description: &str) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(names)).description(Some(description)).build()
}

query_schema!(
    /// An academic year, `YYYY/YYYY` of two consecutive years (`AcademicYear::parse`).
    AcademicYear => text(r"^[0-9]{4}/[0-9]{4}$", "An academic year: two consecutive years, `YYYY/YYYY`.", "2026/2027")
);

query_schema!(
    /// An ISO 3166-1 alpha-2 country code, either case (`CountryCode::parse`).
    Country => text(r"^[A-Za-z]{2}$", "An ISO 3166-1 alpha-2 country code.", "BG")
);

query_schema!(
    /// An ISCED-F 2013 field code of 2 to 4 digits (`IscedCode::parse`).
    Isced => text(r"^[0-9]{2,4}$", "An ISCED-F 2013 field code (broad, narrow or detailed: 2 to 4 digits).", "0613")
);

query_schema!(
    /// The opaque cursor `pagination::page_request` decodes: unpadded base64url.
    Cursor => text(
        r"^[A-Za-z0-9_-]*$",
        "Opaque: the `next_cursor` of the previous page (unpadded base64url); one this API did not issue is refused.",
        "MDE5MzhhNmUtOTAwMC03ZDJhLTlmM2ItMmM0ZDVlNmY3YThi",
    )
);

query_schema!(
    /// How sure a fact kept as data is (`provenance::STATUSES`).
    FactStatus => one_of(STATUSES, "How sure the facts are: `confirmed`, `secondary` or `unconfirmed`.")
);

query_schema!(
    /// A conversion method (`MethodKind::parse`).
    ConversionMethod => one_of(MethodKind::ALL.map(MethodKind::code), "A conversion method.")
);

query_schema!(
    /// A BCP 47 language tag (`LanguageTag::parse`).
    Language => text(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", "A BCP 47 language tag such as `en` or `sr-Latn`.", "en")
);
