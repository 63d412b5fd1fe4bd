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

/// An agreement body with `partner_institution_id`, covering 2025/2026–2028/2029.
pub fn agreement(code: &str, programme: &str, partner_institution_id: &str) -> Value {
    json!({
        "code": code,
        "programme": programme,
        "partner_institution_id": partner_institution_id,
        "first_academic_year": "2025/2026",
        "last_academic_year": "2028/2029"
    })
}

/// A student-studies condition from `sending` to `receiving` (institution ids): 5 places and
/// 25 months a year, EQF 6–7, ISCED 0613, Russian or English at B1 — the Lipetsk exchange.
pub fn student_condition(sending: &str, receiving: &str) -> Value {
    json!({
        "mobility_type": "student_studies",
        "sending_institution_id": sending,
        "receiving_institution_id": receiving,
        "first_academic_year": "2025/2026",
        "last_academic_year": "2028/2029",
        "mobilities_per_year": 5,
        "total_months_per_year": 25,
        "eqf_levels": [6, 7],
        "subject_areas": [{"isced_f_code": "0613", "clarification": "Software engineering"}],
        "language_requirements": [{"language": "ru", "cefr_level": "B1"}, {"language": "en", "cefr_level": "B1"}]
    })
}

/// A staff-teaching condition from `sending` to `receiving`: 1 person and 5 days a year,
/// English at B2.
pub fn staff_condition(sending: &str, receiving: &str) -> Value {
    json!({
        "mobility_type": "staff_teaching",
        "sending_institution_id": sending,
        "receiving_institution_id": receiving,
        "first_academic_year": "2025/2026",
        "last_academic_year": "2028/2029",
        "mobilities_per_year": 1,
        "total_days_per_year": 5,
        "subject_areas": [{"isced_f_code": "0613"}],
        "language_requirements": [{"language": "en", "cefr_level": "B2"}]
    })
}
