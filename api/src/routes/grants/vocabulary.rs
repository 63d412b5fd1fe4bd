//! The API names of the grant vocabularies: key actions, budget lines, rate kinds, rate
//! activities, units and distance bands.

use iro_domain::funding::{BudgetLine, DistanceBand, GrantAction, RateActivity, RateKind, RateUnit};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::routes::shared::vocabulary::api_vocabulary;

/// The key action of a grant project, as printed in its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum GrantActionName {
    /// Mobility with EU Member States and associated third countries.
    #[serde(rename = "KA131")]
    Ka131,
    /// Mobility with third countries not associated to the programme.
    #[serde(rename = "KA171")]
    Ka171,
}

impl From<GrantActionName> for GrantAction {
    fn from(value: GrantActionName) -> Self {
        match value {
            GrantActionName::Ka131 => GrantAction::Ka131,
            GrantActionName::Ka171 => GrantAction::Ka171,
        }
    }
}

impl From<GrantAction> for GrantActionName {
    fn from(value: GrantAction) -> Self {
        match value {
            GrantAction::Ka131 => GrantActionName::Ka131,
            GrantAction::Ka171 => GrantActionName::Ka171,
        }
    }
}

api_vocabulary! {
    /// A budget line of a grant agreement.
    BudgetLineName <-> BudgetLine {
        /// Individual support of participants.
        IndividualSupport,
        /// Travel of participants.
        Travel,
        /// Inclusion support.
        InclusionSupport,
        /// Organisational support.
        OrganisationalSupport,
        /// Exceptional costs.
        ExceptionalCosts,
    }
}

api_vocabulary! {
    /// What a funding row sets.
    RateKindName <-> RateKind {
        /// A receiving country's group (1–3); no amount.
        CountryGroup,
        /// Individual support per group and activity.
        IndividualSupport,
        /// Top-up for participants with fewer opportunities.
        TopUpFewerOpportunities,
        /// Top-up for green travel (students without travel support).
        TopUpGreenTravel,
        /// Travel support per distance band.
        Travel,
        /// Ordinary funded travel days.
        TravelDays,
        /// The most extra travel days green travel adds.
        GreenTravelDays,
    }
}

api_vocabulary! {
    /// The activity a rate is for.
    RateActivityName <-> RateActivity {
        /// Long-term studies.
        Studies,
        /// Long-term traineeships.
        Traineeship,
        /// Short-term student mobility (blended or doctoral).
        StudentShortTerm,
        /// Staff mobility.
        Staff,
    }
}

api_vocabulary! {
    /// What a rate's amount counts.
    RateUnitName <-> RateUnit {
        /// Euro per month.
        PerMonth,
        /// Euro per day.
        PerDay,
        /// Euro once per participant.
        PerParticipant,
        /// Days.
        Days,
        /// No amount (a country group).
        None,
    }
}

/// A travel distance band in km (the Commission's bands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum DistanceBandName {
    /// 10–99 km.
    #[serde(rename = "10-99")]
    Km10To99,
    /// 100–499 km.
    #[serde(rename = "100-499")]
    Km100To499,
    /// 500–1,999 km.
    #[serde(rename = "500-1999")]
    Km500To1999,
    /// 2,000–2,999 km.
    #[serde(rename = "2000-2999")]
    Km2000To2999,
    /// 3,000–3,999 km.
    #[serde(rename = "3000-3999")]
    Km3000To3999,
    /// 4,000–7,999 km.
    #[serde(rename = "4000-7999")]
    Km4000To7999,
    /// 8,000 km and more.
    #[serde(rename = "8000+")]
    Km8000Plus,
}

impl From<DistanceBandName> for DistanceBand {
    fn from(value: DistanceBandName) -> Self {
        match value {
            DistanceBandName::Km10To99 => DistanceBand::Km10To99,
            DistanceBandName::Km100To499 => DistanceBand::Km100To499,
            DistanceBandName::Km500To1999 => DistanceBand::Km500To1999,
            DistanceBandName::Km2000To2999 => DistanceBand::Km2000To2999,
            DistanceBandName::Km3000To3999 => DistanceBand::Km3000To3999,
            DistanceBandName::Km4000To7999 => DistanceBand::Km4000To7999,
            DistanceBandName::Km8000Plus => DistanceBand::Km8000Plus,
        }
    }
}

impl From<DistanceBand> for DistanceBandName {
    fn from(value: DistanceBand) -> Self {
        match value {
            DistanceBand::Km10To99 => DistanceBandName::Km10To99,
            DistanceBand::Km100To499 => DistanceBandName::Km100To499,
            DistanceBand::Km500To1999 => DistanceBandName::Km500To1999,
            DistanceBand::Km2000To2999 => DistanceBandName::Km2000To2999,
            DistanceBand::Km3000To3999 => DistanceBandName::Km3000To3999,
            DistanceBand::Km4000To7999 => DistanceBandName::Km4000To7999,
            DistanceBand::Km8000Plus => DistanceBandName::Km8000Plus,
        }
    }
}
