//! Demo factsheet for 2026/2027 (issue 15: what an incoming student reads before applying).
//! Written as the API would receive it and checked by the same rules. Contacts, dates and
//! figures are examples for the demo: Skopje's transport and food costs in particular are
//! marked as examples in the data (`figures.status = example`), not checked prices.

use chrono::Utc;
use iro_domain::AcademicYear;
use iro_domain::agreement::Actor;
use iro_persistence::repositories::factsheets;
use iro_persistence::{DbConnection, RepoError};
use serde_json::{Value, json};

use super::invalid_demo;
use crate::http::json_body::from_value;
use crate::routes::factsheets::body::FactsheetVersionInput;

/// The 27 EU member states (ISO 3166-1 alpha-2), for the "EU in general" block.
const EU: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
    "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

const EXAMPLES: &str = "Example figures for the demo, not checked prices: ask the office for current ones.";

fn example_figures() -> Value {
    json!({"status": "example", "source": null, "checked_on": null})
}

fn body() -> Value {
    json!({
        "effective_from": "2026-03-01",
        "published": true,
        "change_note": "Demo factsheet for 2026/2027: contacts, dates and figures are examples",
        "content": {
            "contacts": {
                "office": {"name": "International Relations Office", "role": "Incoming students (demo contact)",
                    "email": "iro@ukim.edu.mk", "phone": null, "website": "https://www.ukim.edu.mk"},
                "erasmus_coordinator": {"name": "Elena Stojanovska", "role": "Erasmus+ institutional coordinator (demo contact)",
                    "email": "iro@ukim.edu.mk", "phone": null, "website": null},
                "student_organization": {"name": "Student Organization, international team", "role": "Buddies and student life (demo contact)",
                    "email": "student.organization@example.org", "phone": null, "website": null}
            },
            "terms": [
                {
                    "term": "autumn", "start": "2026-10-01", "end": "2027-01-15",
                    "nomination_deadline": "2026-05-15", "application_deadline": "2026-06-01",
                    "decision_week": {"start": "2026-06-22", "end": "2026-06-26"},
                    "transcript_week": {"start": "2027-02-22", "end": "2027-02-26"},
                    "exam_periods": [{"name": "Winter exam session", "start": "2027-01-18", "end": "2027-02-05"}],
                    "holidays": [
                        {"name": "Day of the Macedonian Revolutionary Struggle", "start": "2026-10-23", "end": "2026-10-23"},
                        {"name": "St. Clement of Ohrid Day", "start": "2026-12-08", "end": "2026-12-08"},
                        {"name": "New Year and Orthodox Christmas", "start": "2027-01-01", "end": "2027-01-07"}
                    ]
                },
                {
                    "term": "spring", "start": "2027-02-15", "end": "2027-05-28",
                    "nomination_deadline": "2026-10-15", "application_deadline": "2026-11-01",
                    "decision_week": {"start": "2026-11-23", "end": "2026-11-27"},
                    "transcript_week": {"start": "2027-07-12", "end": "2027-07-16"},
                    "exam_periods": [{"name": "Summer exam session", "start": "2027-06-01", "end": "2027-06-25"}],
                    "holidays": [
                        {"name": "Orthodox Easter and Labour Day", "start": "2027-04-30", "end": "2027-05-03"},
                        {"name": "Saints Cyril and Methodius Day", "start": "2027-05-24", "end": "2027-05-24"}
                    ]
                }
            ],
            "language_requirements": [
                {"language": "en", "cefr_level": "B2", "note": "Courses open to incoming students are taught in English (see the catalogue)."}
            ],
            "housing": {
                "options": [
                    {"name": "Student dormitory", "description": "Shared rooms for exchange students; ask the office for a place before arrival.",
                        "monthly_cost": {"mkd": {"min": 1500, "max": 3000}, "eur": {"min": 25, "max": 50}}, "url": null},
                    {"name": "Shared private flat", "description": "A room in a flat shared with other students; a notarised rent agreement is needed for temporary residence.",
                        "monthly_cost": {"mkd": {"min": 9000, "max": 18000}, "eur": {"min": 145, "max": 290}}, "url": null}
                ],
                "note": EXAMPLES,
                "figures": example_figures()
            },
            "public_transport": {
                "lines": [
                    {"name": "City buses (JSP Skopje)", "route": "The city network, serving the faculties and the dormitories (example)"}
                ],
                "monthly_pass": {"mkd": 1000, "eur": 16},
                "note": EXAMPLES,
                "figures": example_figures()
            },
            "cost_of_living": {
                "canteen_meal": {"mkd": 150, "eur": 2.5},
                "typical_month": {"mkd": {"min": 18000, "max": 30000}, "eur": {"min": 290, "max": 490}},
                "note": format!("{EXAMPLES} A typical month counts housing, food, transport and some leisure."),
                "figures": example_figures()
            },
            "accessibility": {
                "text": "Students with a disability or special needs: tell the office before you arrive what support you need (accessible housing, exam arrangements, a buddy); the office arranges it with your faculty.",
                "contact": null,
                "url": null
            },
            "visa_and_insurance": {
                "citizenships": [
                    {"label": "Russian Federation", "countries": ["RU"], "programme": "bilateral"},
                    {"label": "Serbia", "countries": ["RS"], "programme": "erasmus_ka131"},
                    {"label": "Bulgaria", "countries": ["BG"], "programme": "erasmus_ka131"},
                    {"label": "EU in general", "countries": EU, "programme": "erasmus_ka131"}
                ],
                "note": "Once nominated, your own checklist in iro lists every step with its due date."
            }
        }
    })
}

/// Stores the demo factsheet (checked like a request body); returns how many versions.
pub fn load(conn: &mut DbConnection) -> Result<usize, RepoError> {
    let input: FactsheetVersionInput = from_value(body()).map_err(invalid_demo)?;
    let year = AcademicYear::parse("2026/2027").map_err(invalid_demo)?;
    let version = input.checked(year).map_err(|e| invalid_demo(format!("{e}: {:?}", e.problem().errors)))?;
    let by = Actor { id: "system:demo".to_owned(), name: "demo data".to_owned() };
    factsheets::insert(conn, &version, &by, Utc::now())?;
    Ok(1)
}
