//! The request and response bodies of a grant project.

use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::CountryCode;
use iro_domain::funding::{BudgetAmount, FundingRate, Grant, GrantData, GrantProjectNumber, RateUnit};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::error::ApiError;
use crate::http::validation;
use crate::routes::grants::vocabulary::{BudgetLineName, GrantActionName};

/// What a budget line was granted.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct BudgetLineBody {
    /// The line.
    pub line: BudgetLineName,
    /// Euro with up to two decimals, as text so that no amount is rounded (`125000.00`).
    #[schema(pattern = r"^[0-9]{1,10}(\.[0-9]{1,2})?$", example = "125000.00")]
    pub amount: String,
}

/// A grant project as clients write it (create, or the result of a merge patch).
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "project_number": "2026-1-MK01-KA131-HED-000123456",
    "action": "KA131",
    "call_year": 2026,
    "period_start": "2026-06-01",
    "period_end": "2028-07-31",
    "partner_countries": [],
    "budget_lines": [{"line": "individual_support", "amount": "84000.00"}, {"line": "travel", "amount": "9600.00"}]
}))]
pub struct GrantInput {
    /// The grant agreement's number: call year, round, National Agency, key action, field and
    /// a 9-digit serial (`2026-1-MK01-KA131-HED-000123456`); unique.
    #[schema(pattern = r"^20[0-9]{2}-[1-9]-[A-Z]{2}[0-9]{2}-KA1[37]1-[A-Z]{3}-[0-9]{9}$")]
    pub project_number: String,
    /// `KA131` or `KA171`: the key action of the number.
    pub action: GrantActionName,
    /// The call year: the first part of the number.
    #[schema(minimum = 2000, maximum = 2099)]
    #[validate(range(min = 2000, max = 2099))]
    pub call_year: u16,
    /// The project's first day.
    pub period_start: NaiveDate,
    /// The project's last day.
    pub period_end: NaiveDate,
    /// KA171 only: the partner countries (ISO 3166-1 alpha-2); KA131 names none.
    #[serde(default)]
    #[schema(max_items = 100)]
    #[validate(length(max = 100))]
    pub partner_countries: Vec<String>,
    /// What each budget line was granted (each line once).
    #[serde(default)]
    #[schema(max_items = 10)]
    #[validate(length(max = 10), nested)]
    pub budget_lines: Vec<BudgetLineBody>,
}

/// A grant project as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a6e-5c1e-7d2a-9f3b-2c4d5e6f7a8b",
    "project_number": "2026-1-MK01-KA131-HED-000123456",
    "action": "KA131",
    "call_year": 2026,
    "period_start": "2026-06-01",
    "period_end": "2028-07-31",
    "partner_countries": [],
    "budget_lines": [{"line": "individual_support", "amount": "84000.00"}],
    "version": 1,
    "created_at": "2026-12-01T09:00:00Z",
    "updated_at": "2026-12-01T09:00:00Z"
}))]
pub struct GrantResponse {
    /// Opaque id.
    pub id: Uuid,
    /// The grant agreement's number.
    pub project_number: String,
    /// Key action.
    pub action: GrantActionName,
    /// Call year.
    pub call_year: u16,
    /// First day.
    pub period_start: NaiveDate,
    /// Last day.
    pub period_end: NaiveDate,
    /// KA171: partner countries.
    pub partner_countries: Vec<String>,
    /// Budget lines.
    pub budget_lines: Vec<BudgetLineBody>,
    /// Version; the `ETag` is this number in quotes.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Euro cents as written: `84000.00`.
pub fn euro(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

impl From<Grant> for GrantResponse {
    fn from(g: Grant) -> Self {
        let d = g.data;
        GrantResponse {
            id: g.id.as_uuid(),
            project_number: d.number.to_string(),
            action: d.number.action().into(),
            call_year: d.number.call_year(),
            period_start: d.period.start(),
            period_end: d.period.end(),
            partner_countries: d.partner_countries.iter().map(ToString::to_string).collect(),
            budget_lines: d
                .budget
                .iter()
                .map(|b| BudgetLineBody { line: b.line.into(), amount: euro(b.amount_cents) })
                .collect(),
            version: g.version,
            created_at: g.created_at,
            updated_at: g.updated_at,
        }
    }
}

impl TryFrom<GrantInput> for GrantData {
    type Error = ApiError;

    fn try_from(input: GrantInput) -> Result<Self, ApiError> {
        let mut errors = validation::errors_of(&input);
        let number = errors.check("project_number", GrantProjectNumber::parse(input.project_number.trim()));
        let countries: Vec<Option<CountryCode>> = input
            .partner_countries
            .iter()
            .enumerate()
            .map(|(i, c)| errors.check(format!("partner_countries[{i}]"), CountryCode::parse(c)))
            .collect();
        let budget: Vec<Option<BudgetAmount>> = input
            .budget_lines
            .iter()
            .enumerate()
            .map(|(i, b)| {
                errors
                    .check(
                        format!("budget_lines[{i}].amount"),
                        FundingRate::parse_amount(RateUnit::PerParticipant, &b.amount),
                    )
                    .map(|amount_cents| BudgetAmount { line: b.line.into(), amount_cents })
            })
            .collect();
        let built = number.map(|number| {
            GrantData::new(
                number,
                input.action.into(),
                input.call_year,
                input.period_start,
                input.period_end,
                countries.iter().flatten().copied().collect(),
                budget.iter().flatten().copied().collect(),
            )
        });
        let data = match built {
            Some(Ok(data)) => Some(data),
            Some(Err(problems)) => {
                for (field, problem) in problems {
                    errors.check::<()>(field, Err(problem));
                }
                None
            }
            None => None,
        };
        errors.finish_with(|| data)
    }
}

#[cfg(test)]
mod tests {
    use iro_domain::funding::PROJECT_NUMBER_PATTERN;

    use super::*;

    #[test]
    fn the_documented_project_number_pattern_is_the_parsers() {
        let schema = serde_json::to_value(<GrantInput as utoipa::PartialSchema>::schema()).unwrap_or_default();
        assert_eq!(schema["properties"]["project_number"]["pattern"], PROJECT_NUMBER_PATTERN);
    }
}
