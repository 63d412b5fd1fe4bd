//! The schema of a text by language (`{"en": "…", "mk": "…"}`): what `LocalizedText::parse`
//! takes — BCP 47 tags as keys, no blank text, and English always present.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AdditionalProperties, Object, ObjectBuilder, Schema, Type};

/// A text without a blank value: some character other than white space.
fn non_blank() -> Object {
    ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).pattern(Some(r"\S")).build()
}

/// Names by BCP 47 language tag; `en` is required (`LocalizedText::parse`). Schema only: the
/// bodies keep a `BTreeMap<String, String>`, which their `TryFrom` parses.
pub struct LocalizedName;

impl utoipa::PartialSchema for LocalizedName {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("Texts by BCP 47 language tag (`en`, `mk`, `ru`, `sr-Latn` …); `en` is required."))
            .property("en", non_blank())
            .required("en")
            .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(Schema::Object(non_blank())))))
            .examples([serde_json::json!({"en": "Ss. Cyril and Methodius University in Skopje", "mk": "Универзитет „Св. Кирил и Методиј“ во Скопје"})])
            .into()
    }
}

impl utoipa::ToSchema for LocalizedName {}
