//! What a factsheet says, as officers write it and everyone reads it back: contacts, terms with
//! their deadlines and calendar, language requirements, and the information blocks (housing,
//! public transport, cost of living, accessibility, and which citizenships the generated visa
//! and insurance blocks are shown for). The declared field rules are here; the order of dates
//! and ranges is checked by the domain (`checks.rs`).

pub mod blocks;
pub mod checks;

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

pub use self::blocks::{
    AccessibilityBlock, AmountRange, CitizenshipGroup, CostOfLivingBlock, CostRange, EntryBlock, FigureStatus, Figures,
    HousingBlock, HousingOption, Price, TransportBlock, TransportLine,
};
use crate::http::validation::{rules, trim};

/// A phone number: digits, spaces and `+()-./`, with 5 to 20 digits (as contacts elsewhere).
pub const PHONE_PATTERN: &str = r"^[ +()./-]*([0-9][ +()./-]*){5,20}$";
/// A web address: `http://` or `https://`, a host, no spaces.
pub const URL_PATTERN: &str = r"^https?://[^\s/?#]+[^\s]*$";
/// [`PHONE_PATTERN`], compiled for `#[validate(regex(path = *PHONE))]`.
pub(crate) static PHONE: LazyLock<Regex> = LazyLock::new(|| rules::pattern(PHONE_PATTERN));
/// [`URL_PATTERN`], compiled for `#[validate(regex(path = *URL))]`.
pub(crate) static URL: LazyLock<Regex> = LazyLock::new(|| rules::pattern(URL_PATTERN));

/// A contact shown to incoming students.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "International Relations Office", "role": "Incoming students",
    "email": "incoming@ukim.edu.mk", "phone": "+389 2 3293 293", "website": "https://www.ukim.edu.mk/en"}))]
pub struct FactsheetContact {
    /// A person or an office (1–200 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(
        length(max = 200),
        custom(function = "rules::required", message = "name the person or office"),
        custom(function = "rules::single_line")
    )]
    pub name: String,
    /// What they do for incoming students (up to 200 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 200)]
    #[validate(length(max = 200), custom(function = "rules::single_line"))]
    pub role: Option<String>,
    /// E-mail address.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(format = Email, max_length = 254)]
    #[validate(length(max = 254), custom(function = "rules::email"))]
    pub email: String,
    /// Phone number: digits, spaces and `+()-./`, with 5 to 20 digits.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(pattern = r"^[ +()./-]*([0-9][ +()./-]*){5,20}$")]
    #[validate(regex(path = *PHONE, message = "phone must have 5–20 digits and only spaces or +()-./ beside them"))]
    pub phone: Option<String>,
    /// A web page (`http://` or `https://`, up to 500 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(pattern = r"^https?://[^\s/?#]+[^\s]*$", max_length = 500)]
    #[validate(length(max = 500), regex(path = *URL, message = "website must be an http:// or https:// address"))]
    pub website: Option<String>,
}

/// Who incoming students write to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct FactsheetContacts {
    /// The International Relations Office.
    #[validate(nested)]
    pub office: FactsheetContact,
    /// The institutional Erasmus+ coordinator.
    #[validate(nested)]
    pub erasmus_coordinator: FactsheetContact,
    /// The Student Organization (student life, buddies).
    #[validate(nested)]
    pub student_organization: FactsheetContact,
}

/// Which term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TermName {
    /// The autumn (winter) semester.
    Autumn,
    /// The spring (summer) semester.
    Spring,
}

impl TermName {
    /// The name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TermName::Autumn => "autumn",
            TermName::Spring => "spring",
        }
    }
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DatePeriod {
    /// The first day.
    pub start: NaiveDate,
    /// The last day (not before `start`).
    pub end: NaiveDate,
}

/// A named span of the calendar: an exam period or a holiday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Winter exam session", "start": "2027-01-18", "end": "2027-02-05"}))]
pub struct CalendarEntry {
    /// What it is (1–200 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(
        length(max = 200),
        custom(function = "rules::required", message = "name the period"),
        custom(function = "rules::single_line")
    )]
    pub name: String,
    /// The first day.
    pub start: NaiveDate,
    /// The last day (not before `start`).
    pub end: NaiveDate,
}

/// One term: when it runs, the deadlines before it, and its calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "term": "autumn", "start": "2026-10-01", "end": "2027-01-15",
    "nomination_deadline": "2026-05-15", "application_deadline": "2026-06-01",
    "decision_week": {"start": "2026-06-22", "end": "2026-06-26"},
    "transcript_week": {"start": "2027-02-22", "end": "2027-02-26"},
    "exam_periods": [{"name": "Winter exam session", "start": "2027-01-18", "end": "2027-02-05"}],
    "holidays": [{"name": "New Year and Orthodox Christmas", "start": "2026-12-31", "end": "2027-01-07"}]
}))]
pub struct TermInfo {
    /// Which term.
    pub term: TermName,
    /// Teaching starts (the visa and insurance blocks are generated for this day on).
    pub start: NaiveDate,
    /// Teaching ends.
    pub end: NaiveDate,
    /// The last day partners nominate their students (not after `application_deadline`).
    pub nomination_deadline: NaiveDate,
    /// The last day nominated students apply (before `start`).
    pub application_deadline: NaiveDate,
    /// The week decisions are sent (after the application deadline, before `start`).
    #[validate(nested)]
    pub decision_week: DatePeriod,
    /// The week transcripts of records are issued (after `start`).
    #[validate(nested)]
    pub transcript_week: DatePeriod,
    /// Exam periods (at most 10).
    #[schema(max_items = 10)]
    #[validate(length(max = 10), nested)]
    pub exam_periods: Vec<CalendarEntry>,
    /// Holidays without teaching (at most 30).
    #[schema(max_items = 30)]
    #[validate(length(max = 30), nested)]
    pub holidays: Vec<CalendarEntry>,
}

/// A language requirement for incoming students.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"language": "en", "cefr_level": "B2", "note": "Courses taught in English; no certificate needed for native speakers."}))]
pub struct LanguageRequirement {
    /// The language, a BCP 47 tag (`LanguageTag::parse`).
    #[schema(pattern = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    pub language: String,
    /// The minimum CEFR level, `A1` to `C2` (`CefrLevel::parse_requirement`).
    #[schema(pattern = r"^(A1|A2|B1|B2|C1|C2)$")]
    pub cefr_level: String,
    /// How it is shown or what it applies to (up to 500 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 500)]
    #[validate(length(max = 500), custom(function = "rules::multiline"))]
    pub note: Option<String>,
}

/// A factsheet's content: everything but our identifiers (read from our institution's record)
/// and the visa and insurance blocks (generated from the checklist rules).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct FactsheetContent {
    /// The office, the Erasmus+ coordinator and the Student Organization.
    #[validate(nested)]
    pub contacts: FactsheetContacts,
    /// The autumn (winter) and spring (summer) terms, each at most once, autumn first.
    #[schema(min_items = 1, max_items = 2)]
    #[validate(length(min = 1, max = 2, message = "give one or two terms"), nested)]
    pub terms: Vec<TermInfo>,
    /// Language requirements (at most 20).
    #[schema(max_items = 20)]
    #[validate(length(max = 20), nested)]
    pub language_requirements: Vec<LanguageRequirement>,
    /// Where incoming students live and what it costs.
    #[validate(nested)]
    pub housing: HousingBlock,
    /// Getting around.
    #[validate(nested)]
    pub public_transport: TransportBlock,
    /// Food and a typical month.
    #[validate(nested)]
    pub cost_of_living: CostOfLivingBlock,
    /// Studying with a disability or special needs.
    #[validate(nested)]
    pub accessibility: AccessibilityBlock,
    /// For which citizenships the visa and insurance blocks are generated.
    #[validate(nested)]
    pub visa_and_insurance: EntryBlock,
}
