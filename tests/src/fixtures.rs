//! Request bodies for fixtures, with sensible defaults tests can override.

use serde_json::{Value, json};

/// A partner institution body; `hei_id` must be unique per test.
pub fn institution(hei_id: &str, country: &str) -> Value {
    json!({
        "hei_id": hei_id,
        "name": {"en": format!("University at {hei_id}")},
        "country": country,
        "city": "Somewhere",
        "contacts": [{"role": "International office", "emails": [format!("io@{hei_id}")]}]
    })
}

/// Lipetsk State University, the Russian partner.
pub fn lipetsk() -> Value {
    json!({
        "hei_id": "uni-lipetsk.ru",
        "name": {"en": "Lipetsk State University", "ru": "Липецкий государственный университет"},
        "abbreviation": "LSU",
        "country": "RU",
        "city": "Lipetsk",
        "website": "https://www.uni-lipetsk.ru"
    })
}

/// A unit body.
pub fn unit(code: &str) -> Value {
    json!({"code": code, "name": {"en": format!("Faculty {code}")}})
}
