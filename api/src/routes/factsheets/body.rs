//! A factsheet version's request and response bodies: the version an officer writes, the
//! factsheet as everyone reads it (with our identifiers and the generated visa and insurance
//! blocks), and a version's summary in the list.

use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::factsheet::VersionFacts;
use iro_domain::{AcademicYear, Institution};
use iro_persistence::models::factsheet::{FactsheetVersion, NewFactsheetVersion};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::content::FactsheetContent;
use super::content::checks::check_content;
use super::entry::TermEntry;
use crate::error::{ApiError, ApiResult};
use crate::http::validation::{self, rules, trim};

/// A new version of a year's factsheet. Versions are never changed: write a new one to
/// correct or update, effective from the day it should be shown.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "effective_from": "2026-03-01",
    "published": true,
    "change_note": "First version for 2026/2027",
    "content": {
        "contacts": {
            "office": {"name": "International Relations Office", "role": "Incoming students", "email": "incoming@ukim.edu.mk", "phone": "+389 2 3293 293", "website": "https://www.ukim.edu.mk/en"},
            "erasmus_coordinator": {"name": "Ana Petrovska", "role": "Institutional Erasmus+ coordinator", "email": "erasmus@ukim.edu.mk", "phone": "+389 2 3293 294", "website": "https://www.ukim.edu.mk/en/erasmus"},
            "student_organization": {"name": "Student Organization — international team", "role": "Buddies and student life", "email": "international@students.ukim.edu.mk", "phone": null, "website": "https://students.ukim.edu.mk"}
        },
        "terms": [{
            "term": "autumn", "start": "2026-10-01", "end": "2027-01-15",
            "nomination_deadline": "2026-05-15", "application_deadline": "2026-06-01",
            "decision_week": {"start": "2026-06-22", "end": "2026-06-26"},
            "transcript_week": {"start": "2027-02-22", "end": "2027-02-26"},
            "exam_periods": [{"name": "Winter exam session", "start": "2027-01-18", "end": "2027-02-05"}],
            "holidays": [{"name": "New Year and Orthodox Christmas", "start": "2026-12-31", "end": "2027-01-07"}]
        }],
        "language_requirements": [{"language": "en", "cefr_level": "B2", "note": "Courses taught in English."}],
        "housing": {
            "options": [{"name": "Student dormitory", "description": "Shared double rooms.", "monthly_cost": {"mkd": {"min": 1500, "max": 3000}, "eur": {"min": 25, "max": 50}}, "url": "https://www.ukim.edu.mk/en/housing"}],
            "note": "Example figures.", "figures": {"status": "example", "source": null, "checked_on": null}
        },
        "public_transport": {
            "lines": [{"name": "Bus 5", "route": "Centre – Karpoš"}], "monthly_pass": {"mkd": 1200, "eur": 19.5},
            "note": null, "figures": {"status": "example", "source": null, "checked_on": null}
        },
        "cost_of_living": {
            "canteen_meal": {"mkd": 150, "eur": 2.5}, "typical_month": {"mkd": {"min": 18000, "max": 30000}, "eur": {"min": 290, "max": 490}},
            "note": null, "figures": {"status": "example", "source": null, "checked_on": null}
        },
        "accessibility": {"text": "Tell the office before arrival what support you need.", "contact": {"name": "Student support service", "role": null, "email": "support@ukim.edu.mk", "phone": null, "website": "https://www.ukim.edu.mk/en/support"}, "url": "https://www.ukim.edu.mk/en"},
        "visa_and_insurance": {"citizenships": [{"label": "Russian Federation", "countries": ["RU"], "programme": "bilateral"}], "note": null}
    }
}))]
pub struct FactsheetVersionInput {
    /// The first day this version is shown (the public reads the published version in effect).
    pub effective_from: NaiveDate,
    /// Whether the public may read it; a draft (`false`) is seen by the office only.
    pub published: bool,
    /// What changed against the previous version (up to 500 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 500)]
    #[validate(length(max = 500), custom(function = "rules::single_line"))]
    pub change_note: Option<String>,
    /// What the factsheet says.
    #[validate(nested)]
    pub content: FactsheetContent,
}

impl FactsheetVersionInput {
    /// The version to store for `year`, once its declared field rules and the domain's checks
    /// pass (422 naming every invalid field otherwise).
    pub fn checked(self, year: AcademicYear) -> ApiResult<NewFactsheetVersion> {
        let mut errors = validation::errors_of(&self);
        check_content(&mut errors, year, &self.content, "content.");
        errors.finish()?;
        Ok(NewFactsheetVersion {
            academic_year: year,
            effective_from: self.effective_from,
            published: self.published,
            change_note: self.change_note,
            content: serde_json::to_string(&self.content).map_err(|e| ApiError::Internal(e.to_string()))?,
        })
    }
}

/// Our identifiers and name, from our institution's record (the one with `is_local`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactsheetInstitution {
    /// The institution's id.
    pub id: Uuid,
    /// SCHAC code (`hei_id`).
    pub hei_id: String,
    /// The English name.
    pub name: String,
    /// Erasmus code, as registered.
    pub erasmus_code: Option<String>,
    /// Participant Identification Code (9 digits).
    pub pic: Option<String>,
    /// Organisation ID (`E` and 8 digits).
    pub oid: Option<String>,
    /// Country (ISO 3166-1 alpha-2).
    pub country: String,
    /// City.
    pub city: Option<String>,
    /// Website.
    pub website: Option<String>,
}

impl From<&Institution> for FactsheetInstitution {
    fn from(institution: &Institution) -> Self {
        let data = &institution.data;
        FactsheetInstitution {
            id: institution.id.as_uuid(),
            hei_id: data.hei_id.as_str().to_owned(),
            name: data.name.english().to_owned(),
            erasmus_code: data.erasmus_code.as_ref().map(|c| c.as_str().to_owned()),
            pic: data.pic.as_ref().map(|p| p.as_str().to_owned()),
            oid: data.oid.as_ref().map(|o| o.as_str().to_owned()),
            country: data.country.to_string(),
            city: data.city.clone(),
            website: data.website.clone(),
        }
    }
}

/// A version's number, dates and state.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactsheetVersionSummary {
    /// The academic year, `YYYY/YYYY`.
    #[schema(example = "2026/2027")]
    pub academic_year: String,
    /// The version's number within the year (1, 2, …).
    pub version: u32,
    /// The first day it is shown.
    pub effective_from: NaiveDate,
    /// Whether the public may read it.
    pub published: bool,
    /// Whether it is the version the public reads today (`GET /factsheets/{academic_year}`).
    pub in_effect: bool,
    /// What changed against the previous version.
    pub change_note: Option<String>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

impl FactsheetVersionSummary {
    /// The summary of `version`, given the number of the version in effect.
    pub fn new(version: &FactsheetVersion, in_effect: Option<u32>) -> Self {
        let VersionFacts { number, effective_from, published } = version.facts;
        FactsheetVersionSummary {
            academic_year: version.academic_year.to_string(),
            version: number,
            effective_from,
            published,
            in_effect: in_effect == Some(number),
            change_note: version.change_note.clone(),
            created_at: version.created_at,
        }
    }
}

/// A year's factsheet as incoming students and partners read it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactsheetResponse {
    /// The version's number, dates and state.
    #[serde(flatten)]
    pub version: FactsheetVersionSummary,
    /// Our identifiers (Erasmus code, PIC, OID) and name, from our institution's record.
    pub institution: FactsheetInstitution,
    /// What the office wrote.
    pub content: FactsheetContent,
    /// The visa and insurance blocks, generated on each read per term and citizenship group
    /// from the checklist rules valid on the term's first day: what a mobility's checklist of
    /// a student of that citizenship arriving that day says.
    pub entry_requirements: Vec<TermEntry>,
}

crate::page_type!(FactsheetVersionPage, FactsheetVersionSummary, "A page of a year's factsheet versions.");
