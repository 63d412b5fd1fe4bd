//! The request and response bodies of a funding rate.

use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::CountryCode;
use iro_domain::funding::{FundingRate, RateProvenance, StoredFundingRate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::error::{ApiError, FieldError};
use crate::http::validation::{self, rules, trim};
use crate::routes::checklists::checklist::vocabulary::FactStatusName;
use crate::routes::grants::vocabulary::{
    DistanceBandName, GrantActionName, RateActivityName, RateKindName, RateUnitName,
};

/// A funding row as clients write it (create, or the result of a merge patch).
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "individual_support",
    "call_year": 2026,
    "action": "KA131",
    "country_group": 3,
    "activity": "studies",
    "amount": "600.00",
    "unit": "per_month",
    "source": "Grant agreement 2026-1-MK01-KA131-HED-000123456, annex IV (National Agency rates)",
    "status": "confirmed",
    "example": false,
    "last_checked": "2026-12-01"
}))]
pub struct FundingRateInput {
    /// What the row sets.
    pub kind: RateKindName,
    /// The call year it applies to.
    #[schema(minimum = 2000, maximum = 2099)]
    #[validate(range(min = 2000, max = 2099))]
    pub call_year: u16,
    /// The key action.
    pub action: GrantActionName,
    /// Country groups: the receiving country (ISO 3166-1 alpha-2).
    #[serde(default)]
    #[schema(pattern = r"^[A-Za-z]{2}$")]
    pub country: Option<String>,
    /// The group (1–3): the group a country is in, or the group a rate is for.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3)]
    #[validate(range(min = 1, max = 3))]
    pub country_group: Option<u8>,
    /// Rates by activity: the activity.
    #[serde(default)]
    pub activity: Option<RateActivityName>,
    /// Travel: the distance band.
    #[serde(default)]
    pub distance_band: Option<DistanceBandName>,
    /// Euro with up to two decimals (`600.00`), or whole days; none for a country group.
    #[serde(default)]
    #[schema(pattern = r"^[0-9]{1,10}(\.[0-9]{1,2})?$")]
    pub amount: Option<String>,
    /// What the amount counts.
    pub unit: RateUnitName,
    /// Where the row comes from: title, URL, or the grant agreement it was copied from.
    #[serde(deserialize_with = "trim::trimmed")]
    #[schema(min_length = 1, max_length = 2000)]
    #[validate(length(min = 1, max = 2000), custom(function = "rules::single_line"))]
    pub source: String,
    /// How sure the row is.
    pub status: FactStatusName,
    /// A demonstration value, not a real rate.
    #[serde(default)]
    pub example: bool,
    /// The day the row was compared with its source.
    pub last_checked: NaiveDate,
}

/// A funding row as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FundingRateResponse {
    /// Opaque id.
    pub id: Uuid,
    /// What the row sets.
    pub kind: RateKindName,
    /// Call year.
    pub call_year: u16,
    /// Key action.
    pub action: GrantActionName,
    /// Country (country groups).
    pub country: Option<String>,
    /// Group.
    pub country_group: Option<u8>,
    /// Activity.
    pub activity: Option<RateActivityName>,
    /// Distance band.
    pub distance_band: Option<DistanceBandName>,
    /// Euro or days, as written.
    pub amount: Option<String>,
    /// What the amount counts.
    pub unit: RateUnitName,
    /// Source.
    pub source: String,
    /// How sure the row is.
    pub status: FactStatusName,
    /// A demonstration value, not a real rate: enter the rates of your grant agreement.
    pub example: bool,
    /// Last compared with its source.
    pub last_checked: NaiveDate,
    /// Version; the `ETag` is this number in quotes.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<StoredFundingRate> for FundingRateResponse {
    fn from(s: StoredFundingRate) -> Self {
        let r = &s.rate;
        FundingRateResponse {
            id: s.id.as_uuid(),
            kind: r.kind.into(),
            call_year: r.call_year,
            action: r.action.into(),
            country: r.country.map(|c| c.to_string()),
            country_group: r.country_group,
            activity: r.activity.map(Into::into),
            distance_band: r.distance_band.map(Into::into),
            amount: r.amount_text(),
            unit: r.unit.into(),
            source: s.provenance.source,
            status: s.provenance.status.into(),
            example: s.provenance.example,
            last_checked: s.provenance.last_checked,
            version: s.version,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

impl TryFrom<FundingRateInput> for (FundingRate, RateProvenance) {
    type Error = ApiError;

    fn try_from(input: FundingRateInput) -> Result<Self, ApiError> {
        let mut errors = validation::errors_of(&input);
        let unit = input.unit.into();
        let country = errors.check_opt("country", input.country.as_deref(), CountryCode::parse);
        let amount = errors.check_opt("amount", input.amount.as_deref(), |a| FundingRate::parse_amount(unit, a));
        let rate = FundingRate {
            kind: input.kind.into(),
            call_year: input.call_year,
            action: input.action.into(),
            country: if input.country.is_some() { country } else { None },
            country_group: input.country_group,
            activity: input.activity.map(Into::into),
            distance_band: input.distance_band.map(Into::into),
            amount,
            unit,
        };
        if input.country.is_some() == rate.country.is_some() && input.amount.is_some() == rate.amount.is_some() {
            for (field, problem) in rate.check() {
                errors.push(FieldError::new(field, problem.code, problem.message));
            }
        }
        let provenance = RateProvenance {
            source: input.source,
            status: input.status.into(),
            example: input.example,
            last_checked: input.last_checked,
        };
        errors.finish_with(|| Some((rate, provenance)))
    }
}
