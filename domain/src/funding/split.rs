//! A mobility's grant split into its budget lines, from the rates in force (Erasmus+
//! Programme Guide, higher-education mobility: individual support, top-ups, travel).

use super::{
    DistanceBand, FundedDuration, FundingBasis, GrantAction, RateActivity, RateKind, RateSet, RateUnit, TravelDays,
};
use crate::CountryCode;

/// What the grant of one mobility is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRequest {
    /// The grant's call year.
    pub call_year: u16,
    /// The grant's key action.
    pub action: GrantAction,
    /// The receiving country (its group sets the rates).
    pub receiving_country: CountryCode,
    /// The activity the rates are for.
    pub activity: RateActivity,
    /// Monthly or daily.
    pub basis: FundingBasis,
    /// The funded duration.
    pub duration: FundedDuration,
    /// The funded travel days.
    pub travel_days: TravelDays,
    /// The distance band, when both cities have coordinates.
    pub distance_band: Option<DistanceBand>,
    /// A participant with fewer opportunities.
    pub fewer_opportunities: bool,
    /// Travels green.
    pub green_travel: bool,
}

/// The grant's lines in euro cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GrantLines {
    /// Individual support (subsistence), travel days included.
    pub individual_support: u64,
    /// The fewer-opportunities top-up.
    pub top_up_fewer_opportunities: u64,
    /// The green-travel top-up.
    pub top_up_green_travel: u64,
    /// Travel support.
    pub travel: u64,
}

impl GrantLines {
    /// All lines together.
    pub fn total(self) -> u64 {
        self.individual_support + self.top_up_fewer_opportunities + self.top_up_green_travel + self.travel
    }
}

/// A rate the split needed and did not find: the field it would have filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantMissing {
    /// `country_group`, `individual_support`, `top_up_fewer_opportunities`,
    /// `top_up_green_travel`, `travel` or `distance_band`.
    pub field: &'static str,
    /// What is missing, for a person.
    pub message: String,
}

/// An amount for a duration: a monthly rate for full months plus 1/30 of it a day (rounded
/// down to the cent), a daily rate per day, a lump sum once.
fn amount_for(rate: u64, unit: RateUnit, months: u32, days: u32) -> u64 {
    match unit {
        RateUnit::PerMonth => rate * u64::from(months) + rate * u64::from(days) / 30,
        RateUnit::PerDay => rate * u64::from(months * 30 + days),
        RateUnit::PerParticipant => rate,
        RateUnit::Days | RateUnit::None => 0,
    }
}

/// Splits a mobility's grant into its lines, or names every rate that is missing.
///
/// - Individual support: monthly funding pays full months and 1/30 of the monthly rate per
///   extra day, plus green-travel days at that daily share; daily funding pays every day of
///   activity and of travel.
/// - The fewer-opportunities top-up by its unit (per month for long-term, once for short-term).
/// - Travel by distance band for staff and for students with fewer opportunities; the other
///   students who travel green get the green-travel top-up instead.
pub fn split_grant(request: &GrantRequest, rates: &RateSet) -> Result<GrantLines, Vec<GrantMissing>> {
    let mut missing = Vec::new();
    let (year, action) = (request.call_year, request.action);
    let group = rates.group_of(year, action, &request.receiving_country);
    if group.is_none() && action == GrantAction::Ka131 {
        missing.push(GrantMissing {
            field: "country_group",
            message: format!("no country group for {} in call {year} {action}", request.receiving_country),
        });
    }
    let activity = Some(request.activity);
    let mut lines = GrantLines::default();
    let d = request.duration;
    match rates.rate(RateKind::IndividualSupport, year, action, group, activity, None) {
        Some(rate) => {
            let amount = rate.amount.unwrap_or(0);
            lines.individual_support = match request.basis {
                FundingBasis::Monthly => {
                    amount_for(amount, rate.unit, d.full_months, d.extra_days + request.travel_days.total())
                }
                FundingBasis::Daily => amount_for(amount, rate.unit, 0, d.total_days + request.travel_days.total()),
            };
        }
        None => missing.push(GrantMissing {
            field: "individual_support",
            message: format!("no individual-support rate for {} in call {year} {action}", request.activity),
        }),
    }
    if request.fewer_opportunities {
        match rates.rate(RateKind::TopUpFewerOpportunities, year, action, group, activity, None) {
            Some(rate) => {
                lines.top_up_fewer_opportunities =
                    amount_for(rate.amount.unwrap_or(0), rate.unit, d.full_months, d.extra_days);
            }
            None => missing.push(GrantMissing {
                field: "top_up_fewer_opportunities",
                message: format!("no fewer-opportunities top-up for {} in call {year} {action}", request.activity),
            }),
        }
    }
    let travel_support = request.activity == RateActivity::Staff || request.fewer_opportunities;
    if travel_support {
        match request.distance_band {
            None => missing.push(GrantMissing {
                field: "distance_band",
                message: "the distance band needs the coordinates of both institutions".to_owned(),
            }),
            Some(band) => match rates.rate(RateKind::Travel, year, action, None, None, Some(band)) {
                Some(rate) => lines.travel = rate.amount.unwrap_or(0),
                None => missing.push(GrantMissing {
                    field: "travel",
                    message: format!("no travel rate for {band} km in call {year} {action}"),
                }),
            },
        }
    } else if request.green_travel {
        match rates.rate(RateKind::TopUpGreenTravel, year, action, None, None, None) {
            Some(rate) => lines.top_up_green_travel = rate.amount.unwrap_or(0),
            None => missing.push(GrantMissing {
                field: "top_up_green_travel",
                message: format!("no green-travel top-up in call {year} {action}"),
            }),
        }
    }
    if missing.is_empty() { Ok(lines) } else { Err(missing) }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::{FundingRate, funded_duration, travel_days};
    use super::*;
    use crate::mobility::DateRange;

    /// Example rates (not the Commission's): group 3 gets 600 a month, 50 a day.
    pub(crate) fn example_rates() -> RateSet {
        RateSet::new(example_rows())
    }

    /// The rows of [`example_rates`].
    pub(crate) fn example_rows() -> Vec<FundingRate> {
        let row = |kind, country: Option<&str>, group, activity, band, amount, unit| FundingRate {
            kind,
            call_year: 2026,
            action: GrantAction::Ka131,
            country: country.map(|c| CountryCode::parse(c).unwrap()),
            country_group: group,
            activity,
            distance_band: band,
            amount,
            unit,
        };
        vec![
            row(RateKind::CountryGroup, Some("BG"), Some(3), None, None, None, RateUnit::None),
            row(RateKind::CountryGroup, Some("RS"), Some(3), None, None, None, RateUnit::None),
            row(
                RateKind::IndividualSupport,
                None,
                Some(3),
                Some(RateActivity::Studies),
                None,
                Some(60_000),
                RateUnit::PerMonth,
            ),
            row(
                RateKind::IndividualSupport,
                None,
                Some(3),
                Some(RateActivity::Staff),
                None,
                Some(5_000),
                RateUnit::PerDay,
            ),
            row(
                RateKind::TopUpFewerOpportunities,
                None,
                None,
                Some(RateActivity::Studies),
                None,
                Some(25_000),
                RateUnit::PerMonth,
            ),
            row(RateKind::TopUpGreenTravel, None, None, None, None, Some(5_000), RateUnit::PerParticipant),
            row(
                RateKind::Travel,
                None,
                None,
                None,
                Some(DistanceBand::Km100To499),
                Some(21_100),
                RateUnit::PerParticipant,
            ),
        ]
    }

    fn request(activity: RateActivity, basis: FundingBasis, start: &str, end: &str) -> GrantRequest {
        let date = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        let period = DateRange::new(date(start), date(end)).unwrap();
        GrantRequest {
            call_year: 2026,
            action: GrantAction::Ka131,
            receiving_country: CountryCode::parse("BG").unwrap(),
            activity,
            basis,
            duration: funded_duration(period, basis),
            travel_days: travel_days(basis, false, None, 2, 4),
            distance_band: Some(DistanceBand::Km100To499),
            fewer_opportunities: false,
            green_travel: false,
        }
    }

    #[test]
    fn a_long_term_student_gets_full_months_and_a_thirtieth_a_day() {
        let r = request(RateActivity::Studies, FundingBasis::Monthly, "2026-10-01", "2027-02-15");
        // 4 × 600 + 15 × 600 / 30 = 2,700 euro.
        assert_eq!(split_grant(&r, &example_rates()).unwrap().individual_support, 270_000);
    }

    #[test]
    fn fewer_opportunities_bring_the_top_up_and_travel() {
        let r = GrantRequest {
            fewer_opportunities: true,
            ..request(RateActivity::Studies, FundingBasis::Monthly, "2026-10-01", "2027-02-15")
        };
        let lines = split_grant(&r, &example_rates()).unwrap();
        assert_eq!((lines.top_up_fewer_opportunities, lines.travel), (112_500, 21_100));
        assert_eq!(lines.total(), 270_000 + 112_500 + 21_100);
    }

    #[test]
    fn green_students_without_travel_support_get_the_green_top_up_and_days() {
        let mut r = request(RateActivity::Studies, FundingBasis::Monthly, "2026-10-01", "2027-02-15");
        r.green_travel = true;
        r.travel_days = travel_days(FundingBasis::Monthly, true, None, 2, 4);
        let lines = split_grant(&r, &example_rates()).unwrap();
        assert_eq!((lines.top_up_green_travel, lines.travel), (5_000, 0));
        assert_eq!(lines.individual_support, 270_000 + 4 * 2_000);
    }

    #[test]
    fn staff_are_paid_per_day_with_travel_days_and_travel() {
        let r = request(RateActivity::Staff, FundingBasis::Daily, "2026-10-05", "2026-10-09");
        let lines = split_grant(&r, &example_rates()).unwrap();
        assert_eq!((lines.individual_support, lines.travel), (7 * 5_000, 21_100));
    }

    #[test]
    fn every_missing_rate_is_named() {
        let mut r = request(RateActivity::Traineeship, FundingBasis::Monthly, "2026-10-01", "2027-02-15");
        r.receiving_country = CountryCode::parse("DE").unwrap();
        r.fewer_opportunities = true;
        r.distance_band = None;
        let fields: Vec<_> = split_grant(&r, &example_rates()).unwrap_err().iter().map(|m| m.field).collect();
        assert_eq!(fields, ["country_group", "individual_support", "top_up_fewer_opportunities", "distance_band"]);
    }
}
