//! The funding rules as data: country groups, rates per group and activity, top-ups, travel
//! rates per distance band and travel days, for one call year and key action. Each row comes
//! from the database with its source; [`RateSet`] only looks them up.

use super::{DistanceBand, GrantAction};
use crate::CountryCode;
use crate::wire_enum::wire_enum;

wire_enum! {
    /// What a funding row sets.
    pub enum RateKind ("rate kind") {
        /// A receiving country's group (1–3 under KA131); no amount.
        CountryGroup = "country_group",
        /// Individual support for a group and activity.
        IndividualSupport = "individual_support",
        /// The top-up for participants with fewer opportunities.
        TopUpFewerOpportunities = "top_up_fewer_opportunities",
        /// The top-up for green travel (students without travel support).
        TopUpGreenTravel = "top_up_green_travel",
        /// Travel support for a distance band.
        Travel = "travel",
        /// Ordinary funded travel days (a day before, a day after).
        TravelDays = "travel_days",
        /// The most extra travel days green travel adds.
        GreenTravelDays = "green_travel_days",
    }
}

wire_enum! {
    /// The activity a rate is for.
    pub enum RateActivity ("rate activity") {
        /// Long-term student mobility for studies.
        Studies = "studies",
        /// Long-term student mobility for traineeships.
        Traineeship = "traineeship",
        /// Short-term student mobility (blended or doctoral).
        StudentShortTerm = "student_short_term",
        /// Staff mobility.
        Staff = "staff",
    }
}

wire_enum! {
    /// What a rate's amount counts.
    pub enum RateUnit ("rate unit") {
        /// Euro per month.
        PerMonth = "per_month",
        /// Euro per day.
        PerDay = "per_day",
        /// Euro once per participant.
        PerParticipant = "per_participant",
        /// A number of days.
        Days = "days",
        /// No amount (a country group).
        None = "none",
    }
}

/// One funding row as the rules read it (its source and validity stay with the stored row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingRate {
    /// What it sets.
    pub kind: RateKind,
    /// The call year it applies to.
    pub call_year: u16,
    /// The key action.
    pub action: GrantAction,
    /// Country groups: the country.
    pub country: Option<CountryCode>,
    /// The country group it is for (or, for a country-group row, the group).
    pub country_group: Option<u8>,
    /// Rates by activity: the activity.
    pub activity: Option<RateActivity>,
    /// Travel: the band.
    pub distance_band: Option<DistanceBand>,
    /// Euro cents (rates), or days (travel days); `None` for country groups.
    pub amount: Option<u64>,
    /// What the amount counts.
    pub unit: RateUnit,
}

impl FundingRate {
    /// The fields a row of this kind must name and those it must not, as field names:
    /// `(required, forbidden)`. The API reports a row breaking them field by field.
    pub fn shape(kind: RateKind) -> (&'static [&'static str], &'static [&'static str]) {
        match kind {
            RateKind::CountryGroup => (&["country", "country_group"], &["activity", "distance_band", "amount"]),
            RateKind::IndividualSupport => (&["country_group", "activity", "amount"], &["country", "distance_band"]),
            RateKind::TopUpFewerOpportunities => (&["activity", "amount"], &["country", "distance_band"]),
            RateKind::TopUpGreenTravel => (&["amount"], &["country", "country_group", "distance_band"]),
            RateKind::Travel => (&["distance_band", "amount"], &["country", "country_group", "activity"]),
            RateKind::TravelDays | RateKind::GreenTravelDays => {
                (&["amount"], &["country", "country_group", "activity", "distance_band"])
            }
        }
    }
}

/// The rows in force for a grant's call year and action.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateSet {
    rates: Vec<FundingRate>,
}

impl RateSet {
    /// The rows given; later rows win over earlier ones of the same key (a correction is
    /// added after what it corrects).
    pub fn new(rates: Vec<FundingRate>) -> Self {
        Self { rates }
    }

    fn last(&self, keep: impl Fn(&FundingRate) -> bool) -> Option<&FundingRate> {
        self.rates.iter().rev().find(|r| keep(r))
    }

    /// The group of a receiving country in a call year and action.
    pub fn group_of(&self, call_year: u16, action: GrantAction, country: &CountryCode) -> Option<u8> {
        self.last(|r| {
            r.kind == RateKind::CountryGroup
                && r.call_year == call_year
                && r.action == action
                && r.country.as_ref() == Some(country)
        })
        .and_then(|r| r.country_group)
    }

    /// A rate of `kind` for the call year and action; a row without a group or activity
    /// holds for every group or activity.
    pub fn rate(
        &self,
        kind: RateKind,
        call_year: u16,
        action: GrantAction,
        group: Option<u8>,
        activity: Option<RateActivity>,
        band: Option<DistanceBand>,
    ) -> Option<&FundingRate> {
        self.last(|r| {
            r.kind == kind
                && r.call_year == call_year
                && r.action == action
                && (r.country_group.is_none() || r.country_group == group)
                && (r.activity.is_none() || r.activity == activity)
                && (r.distance_band.is_none() || r.distance_band == band)
        })
    }
}

/// Where a funding row comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateProvenance {
    /// The public source (title, URL), or what the row is when it is an example.
    pub source: String,
    /// Confirmed, secondary, unconfirmed or derived (as the checklist rules).
    pub status: crate::checklist::FactStatus,
    /// A demonstration value, not the Commission's or a National Agency's figure.
    pub example: bool,
    /// The day the row was last compared with its source (or transcribed).
    pub last_checked: chrono::NaiveDate,
}

/// A stored funding row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFundingRate {
    /// Id.
    pub id: crate::FundingRateId,
    /// The row as the rules read it.
    pub rate: FundingRate,
    /// Its source.
    pub provenance: RateProvenance,
    /// Optimistic-concurrency version.
    pub version: u32,
    /// Created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl FundingRate {
    /// Checks a row's shape ([`FundingRate::shape`]) and the group's range (1–3): every
    /// problem with its field.
    pub fn check(&self) -> Vec<(&'static str, crate::InvalidValue)> {
        let (required, forbidden) = Self::shape(self.kind);
        let given = |field: &str| match field {
            "country" => self.country.is_some(),
            "country_group" => self.country_group.is_some(),
            "activity" => self.activity.is_some(),
            "distance_band" => self.distance_band.is_some(),
            _ => self.amount.is_some(),
        };
        let mut problems = Vec::new();
        for field in required.iter().filter(|f| !given(f)) {
            problems.push((*field, crate::InvalidValue::required(format!("a {} row needs {field}", self.kind))));
        }
        for field in forbidden.iter().filter(|f| given(f)) {
            problems.push((
                *field,
                crate::InvalidValue { code: "not_allowed", message: format!("a {} row has no {field}", self.kind) },
            ));
        }
        if self.country_group.is_some_and(|g| !(1..=3).contains(&g)) {
            problems.push(("country_group", crate::InvalidValue::range("country groups are 1, 2 and 3")));
        }
        let unit_fits = match self.kind {
            RateKind::CountryGroup => self.unit == RateUnit::None,
            RateKind::TravelDays | RateKind::GreenTravelDays => self.unit == RateUnit::Days,
            RateKind::Travel | RateKind::TopUpGreenTravel => self.unit == RateUnit::PerParticipant,
            _ => matches!(self.unit, RateUnit::PerMonth | RateUnit::PerDay | RateUnit::PerParticipant),
        };
        if !unit_fits {
            problems.push((
                "unit",
                crate::InvalidValue::format(format!("a {} row is not counted {}", self.kind, self.unit)),
            ));
        }
        problems
    }

    /// Reads an amount as written: days as a whole number, money as euro with up to two
    /// decimals (`600.00`), kept in cents.
    pub fn parse_amount(unit: RateUnit, text: &str) -> Result<u64, crate::InvalidValue> {
        let value = crate::Hundredths::parse(text)?;
        match unit {
            RateUnit::Days if value.hundredths() % 100 != 0 => {
                Err(crate::InvalidValue::format(format!("days are whole, got {text}")))
            }
            RateUnit::Days => Ok(value.hundredths() / 100),
            _ => Ok(value.hundredths()),
        }
    }

    /// The amount as written: days whole, money in euro with two decimals.
    pub fn amount_text(&self) -> Option<String> {
        self.amount.map(|a| match self.unit {
            RateUnit::Days => a.to_string(),
            _ => format!("{}.{:02}", a / 100, a % 100),
        })
    }
}
