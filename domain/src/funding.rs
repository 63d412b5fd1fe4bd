//! Erasmus+ grants: the grant project's number, the funding rules as data (country groups,
//! rates, travel days), what a mobility is funded for (duration, travel days, distance band,
//! the grant's lines) and its record for the Beneficiary Module.
//!
//! The rates are facts with a source and validity, passed in as [`RateSet`]; nothing here
//! holds a rate as a constant. The rules (how a rate applies) cite the Erasmus+ Programme
//! Guide.

mod beneficiary;
mod distance;
mod funded;
mod grant;
mod project_number;
mod rates;
mod split;

#[cfg(test)]
mod properties;

pub use beneficiary::{
    BM_COLUMNS, BmActivityType, BmFacts, BmOrganisation, BmParticipant, BmProblem, BmRecord, BmRecordStatus,
    beneficiary_record,
};
pub use distance::{Coordinates, DistanceBand, great_circle_km};
pub use funded::{FundedDuration, FundingBasis, TravelDays, funded_duration, travel_days};
pub use grant::{BudgetAmount, BudgetLine, Grant, GrantData, needs_grant};
pub use project_number::{GrantAction, GrantProjectNumber, PROJECT_NUMBER_PATTERN};
pub use rates::{FundingRate, RateActivity, RateKind, RateProvenance, RateSet, RateUnit, StoredFundingRate};
pub use split::{GrantLines, GrantMissing, GrantRequest, split_grant};
