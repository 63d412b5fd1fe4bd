//! The information blocks of a factsheet: housing, public transport, cost of living,
//! accessibility, and the citizenships its visa and insurance blocks are generated for. Money
//! is given in denars (MKD) and euros (EUR), both non-negative; each block with figures says
//! whether they are examples or checked, and against what.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::{FactsheetContact, URL};
use crate::http::validation::{rules, trim};
use crate::routes::shared::vocabulary::MobilityProgrammeName;

/// From `min` to `max` (not below `min`), in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"min": 6000, "max": 15000}))]
pub struct AmountRange {
    /// The lowest amount (0–100,000,000).
    #[schema(minimum = 0, maximum = 100_000_000)]
    #[validate(range(min = 0.0, max = 100_000_000.0))]
    pub min: f64,
    /// The highest amount (0–100,000,000; not below `min`).
    #[schema(minimum = 0, maximum = 100_000_000)]
    #[validate(range(min = 0.0, max = 100_000_000.0))]
    pub max: f64,
}

/// A range of amounts in denars and in euros.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"mkd": {"min": 6000, "max": 15000}, "eur": {"min": 100, "max": 245}}))]
pub struct CostRange {
    /// In North Macedonian denars.
    #[validate(nested)]
    pub mkd: AmountRange,
    /// In euros.
    #[validate(nested)]
    pub eur: AmountRange,
}

/// One price in denars and in euros.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"mkd": 1200, "eur": 19.5}))]
pub struct Price {
    /// In North Macedonian denars (0–100,000,000).
    #[schema(minimum = 0, maximum = 100_000_000)]
    #[validate(range(min = 0.0, max = 100_000_000.0))]
    pub mkd: f64,
    /// In euros (0–100,000,000).
    #[schema(minimum = 0, maximum = 100_000_000)]
    #[validate(range(min = 0.0, max = 100_000_000.0))]
    pub eur: f64,
}

/// How sure a block's figures are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FigureStatus {
    /// Examples to show the order of magnitude, not checked prices: say so wherever shown.
    Example,
    /// Checked against `source` on `checked_on`.
    Checked,
}

/// Where a block's figures come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "checked", "source": "JSP Skopje, tickets and prices, https://jsp.com.mk", "checked_on": "2026-11-30"}))]
pub struct Figures {
    /// Examples or checked.
    pub status: FigureStatus,
    /// The public source: title, URL (required when `checked`; up to 500 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 500)]
    #[validate(length(max = 500), custom(function = "rules::single_line"))]
    pub source: Option<String>,
    /// When a person last checked the source (required when `checked`).
    #[serde(default)]
    pub checked_on: Option<NaiveDate>,
}

/// A housing option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Student dormitory", "description": "Shared double rooms; apply through the office.",
    "monthly_cost": {"mkd": {"min": 1500, "max": 3000}, "eur": {"min": 25, "max": 50}}, "url": null}))]
pub struct HousingOption {
    /// What it is (1–200 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 200)]
    #[validate(
        length(max = 200),
        custom(function = "rules::required", message = "name the housing option"),
        custom(function = "rules::single_line")
    )]
    pub name: String,
    /// What to know (up to 2,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 2000)]
    #[validate(length(max = 2000), custom(function = "rules::multiline"))]
    pub description: Option<String>,
    /// What a month costs.
    #[validate(nested)]
    pub monthly_cost: CostRange,
    /// Where to read more (`http://` or `https://`, up to 500 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(pattern = r"^https?://[^\s/?#]+[^\s]*$", max_length = 500)]
    #[validate(length(max = 500), regex(path = *URL, message = "url must be an http:// or https:// address"))]
    pub url: Option<String>,
}

/// Where incoming students live.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct HousingBlock {
    /// The options (at most 20).
    #[schema(max_items = 20)]
    #[validate(length(max = 20), nested)]
    pub options: Vec<HousingOption>,
    /// What else to know (up to 5,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "rules::multiline"))]
    pub note: Option<String>,
    /// Where the costs come from.
    #[validate(nested)]
    pub figures: Figures,
}

/// A public transport line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Bus 5", "route": "Centre – Karpoš – Faculty of Computer Science"}))]
pub struct TransportLine {
    /// The line (1–100 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 100)]
    #[validate(
        length(max = 100),
        custom(function = "rules::required", message = "name the line"),
        custom(function = "rules::single_line")
    )]
    pub name: String,
    /// Where it runs (up to 500 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 500)]
    #[validate(length(max = 500), custom(function = "rules::single_line"))]
    pub route: Option<String>,
}

/// Getting around.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct TransportBlock {
    /// Lines that serve the faculties and dormitories (at most 50).
    #[schema(max_items = 50)]
    #[validate(length(max = 50), nested)]
    pub lines: Vec<TransportLine>,
    /// A monthly student pass.
    #[validate(nested)]
    pub monthly_pass: Price,
    /// What else to know (up to 5,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "rules::multiline"))]
    pub note: Option<String>,
    /// Where the prices come from.
    #[validate(nested)]
    pub figures: Figures,
}

/// Food and a typical month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CostOfLivingBlock {
    /// A meal at the student canteen.
    #[validate(nested)]
    pub canteen_meal: Price,
    /// A typical month: housing, food, transport and the rest.
    #[validate(nested)]
    pub typical_month: CostRange,
    /// What else to know (up to 5,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "rules::multiline"))]
    pub note: Option<String>,
    /// Where the costs come from.
    #[validate(nested)]
    pub figures: Figures,
}

/// Studying with a disability or special needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityBlock {
    /// What the university offers and how to ask for it (1–5,000 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(
        length(max = 5000),
        custom(function = "rules::required", message = "say what support is offered"),
        custom(function = "rules::multiline")
    )]
    pub text: String,
    /// Whom to ask.
    #[serde(default)]
    #[validate(nested)]
    pub contact: Option<FactsheetContact>,
    /// Where to read more (`http://` or `https://`, up to 500 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(pattern = r"^https?://[^\s/?#]+[^\s]*$", max_length = 500)]
    #[validate(length(max = 500), regex(path = *URL, message = "url must be an http:// or https:// address"))]
    pub url: Option<String>,
}

/// Citizenships shown together, and the programme their students usually come under (it
/// decides which insurance rules apply: Erasmus+ asks for more cover).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"label": "Russian Federation", "countries": ["RU"], "programme": "bilateral"}))]
pub struct CitizenshipGroup {
    /// How the group is shown ("Russian Federation", "EU in general"; 1–100 characters).
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 100)]
    #[validate(
        length(max = 100),
        custom(function = "rules::required", message = "name the group"),
        custom(function = "rules::single_line")
    )]
    pub label: String,
    /// ISO 3166-1 alpha-2 codes (`CountryCode::parse`; 1–60).
    #[schema(min_items = 1, max_items = 60)]
    #[validate(length(min = 1, max = 60, message = "give 1–60 countries"))]
    pub countries: Vec<String>,
    /// The programme incoming students of this group come under.
    pub programme: MobilityProgrammeName,
}

/// The visa and insurance blocks: which citizenships they are generated for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct EntryBlock {
    /// The groups, in the order shown (1–20).
    #[schema(min_items = 1, max_items = 20)]
    #[validate(length(min = 1, max = 20, message = "give 1–20 citizenship groups"), nested)]
    pub citizenships: Vec<CitizenshipGroup>,
    /// What else to know about entry and insurance (up to 5,000 characters); the rules
    /// themselves are generated, not written here.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000), custom(function = "rules::multiline"))]
    pub note: Option<String>,
}
