//! What a mobility is funded for: its duration split into full months and extra days, and its
//! travel days with the green-travel extra.

use crate::mobility::{ActivityType, DateRange, StudentActivityAttribute, erasmus_days_360};

/// How individual support is counted (Erasmus+ Programme Guide, higher-education mobility:
/// long-term studies and traineeships per month, short-term students and staff per day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundingBasis {
    /// Per month; days past the full months are paid at 1/30 of the monthly rate.
    Monthly,
    /// Per day of activity and travel.
    Daily,
}

impl FundingBasis {
    /// The basis of an activity: long-term students monthly, everyone else daily.
    pub fn of(activity: ActivityType, attribute: Option<StudentActivityAttribute>) -> Self {
        if activity.is_student() && !attribute.is_some_and(StudentActivityAttribute::is_short_term) {
            FundingBasis::Monthly
        } else {
            FundingBasis::Daily
        }
    }
}

/// The funded duration as the Beneficiary Module shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FundedDuration {
    /// Days in all: by the 30-day-month rule for monthly funding, calendar days (both ends
    /// included) for daily funding.
    pub total_days: u32,
    /// Whole 30-day months in `total_days`.
    pub full_months: u32,
    /// Days past the full months (0–29).
    pub extra_days: u32,
}

/// The funded duration of a period. Monthly funding counts every month as 30 days (the
/// Programme Guide's rule as the Beneficiary Module applies it: 1 October–15 February is
/// 4 months and 15 days, 135 days); daily funding counts calendar days.
pub fn funded_duration(period: DateRange, basis: FundingBasis) -> FundedDuration {
    let total_days = match basis {
        FundingBasis::Monthly => erasmus_days_360(period),
        FundingBasis::Daily => period.days(),
    };
    FundedDuration { total_days, full_months: total_days / 30, extra_days: total_days % 30 }
}

/// Travel days funded beside the activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TravelDays {
    /// The ordinary travel days (a day before and a day after for daily funding).
    pub standard: u32,
    /// Extra days for green travel.
    pub green_extra: u32,
}

impl TravelDays {
    /// All funded travel days.
    pub fn total(self) -> u32 {
        self.standard + self.green_extra
    }
}

/// The funded travel days: `standard` days for daily funding (none for monthly: long-term
/// support already runs by the month), and with green travel up to `green_max` extra days
/// (the Programme Guide: up to 4 extra, 6 in all), fewer when `green_requested` asks for
/// fewer. `standard` and `green_max` are rates (data), not constants.
pub fn travel_days(
    basis: FundingBasis,
    green_travel: bool,
    green_requested: Option<u32>,
    standard: u32,
    green_max: u32,
) -> TravelDays {
    let standard = match basis {
        FundingBasis::Monthly => 0,
        FundingBasis::Daily => standard,
    };
    let green_extra = if green_travel { green_requested.unwrap_or(green_max).min(green_max) } else { 0 };
    TravelDays { standard, green_extra }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn range(start: &str, end: &str) -> DateRange {
        let date = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        DateRange::new(date(start), date(end)).unwrap()
    }

    #[test]
    fn october_1_to_february_15_is_4_months_and_15_days() {
        // By hand: Oct, Nov, Dec, Jan are 4 × 30 = 120 days, 1–15 Feb 15 more: 135.
        let d = funded_duration(range("2026-10-01", "2027-02-15"), FundingBasis::Monthly);
        assert_eq!(d, FundedDuration { total_days: 135, full_months: 4, extra_days: 15 });
    }

    #[test]
    fn daily_funding_counts_calendar_days() {
        let d = funded_duration(range("2026-10-05", "2026-10-09"), FundingBasis::Daily);
        assert_eq!(d, FundedDuration { total_days: 5, full_months: 0, extra_days: 5 });
    }

    #[test]
    fn green_travel_adds_up_to_four_days_six_in_all() {
        let daily = travel_days(FundingBasis::Daily, true, None, 2, 4);
        assert_eq!((daily.standard, daily.green_extra, daily.total()), (2, 4, 6));
        assert_eq!(travel_days(FundingBasis::Daily, true, Some(9), 2, 4).total(), 6);
        assert_eq!(travel_days(FundingBasis::Daily, true, Some(1), 2, 4).total(), 3);
        assert_eq!(travel_days(FundingBasis::Daily, false, Some(4), 2, 4).total(), 2);
        assert_eq!(travel_days(FundingBasis::Monthly, true, None, 2, 4).total(), 4);
        assert_eq!(travel_days(FundingBasis::Monthly, false, None, 2, 4).total(), 0);
    }

    #[test]
    fn long_term_students_are_funded_monthly_others_daily() {
        use crate::MobilityType::*;
        assert_eq!(FundingBasis::of(StudentStudies, None), FundingBasis::Monthly);
        assert_eq!(
            FundingBasis::of(StudentTraineeship, Some(StudentActivityAttribute::LongTerm)),
            FundingBasis::Monthly
        );
        assert_eq!(
            FundingBasis::of(StudentStudies, Some(StudentActivityAttribute::ShortTermBlended)),
            FundingBasis::Daily
        );
        assert_eq!(FundingBasis::of(StaffTeaching, None), FundingBasis::Daily);
    }
}
