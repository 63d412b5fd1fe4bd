//! Places and months/days allowed, used and remaining for one condition and academic year.

use super::{DurationUnit, Hundredths};
use crate::AcademicYear;
use crate::agreement::CooperationCondition;
use crate::mobility::MobilityStatus;

/// A mobility linked to a cooperation condition, as quota accounting reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedMobility<Id> {
    /// The mobility's id.
    pub id: Id,
    /// The receiving institution's academic year of the mobility.
    pub academic_year: AcademicYear,
    /// Its status; [`MobilityStatus::holds_place`] decides whether it counts.
    pub status: MobilityStatus,
    /// Planned duration in the condition's unit: months for students, days for staff
    /// (see `mobility::erasmus_months` and `DateRange::days` for computing it from dates).
    pub planned: Hundredths,
}

/// What the place-holding mobilities of one condition and academic year use together: all the
/// quota check needs of them. A store can count it without reading the mobilities one by one
/// (a nomination's cost then no longer grows with the condition's mobilities).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeldPlaces {
    /// Mobilities holding a place.
    pub places: u32,
    /// Their planned months or days together.
    pub amount: Hundredths,
}

impl HeldPlaces {
    /// What `mobilities` of `year` hold ([`MobilityStatus::holds_place`] decides which count).
    pub fn of<'a, Id: 'a>(year: AcademicYear, mobilities: impl Iterator<Item = &'a LinkedMobility<Id>>) -> Self {
        mobilities.filter(|m| m.academic_year == year && m.status.holds_place()).fold(
            HeldPlaces::default(),
            |held, m| HeldPlaces { places: held.places.saturating_add(1), amount: held.amount + m.planned },
        )
    }
}

/// One measure of a quota. `remaining` is `allowed - used`, or zero once `used` reaches or
/// (after an override) passes `allowed`: it is never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally<T> {
    /// What the condition allows for the year.
    pub allowed: T,
    /// What place-holding mobilities use.
    pub used: T,
    /// What is left.
    pub remaining: T,
}

impl Tally<u32> {
    /// The tally of `used` out of `allowed` places.
    pub fn of(allowed: u32, used: u32) -> Self {
        Self { allowed, used, remaining: allowed.saturating_sub(used) }
    }
}

impl Tally<Hundredths> {
    /// The tally of `used` out of `allowed` months or days.
    pub fn of(allowed: Hundredths, used: Hundredths) -> Self {
        Self { allowed, used, remaining: allowed.saturating_sub(used) }
    }
}

impl<T: PartialOrd> Tally<T> {
    /// Whether more is used than allowed (only possible through an override, or after the
    /// condition was reduced).
    pub fn is_exceeded(&self) -> bool {
        self.used > self.allowed
    }
}

/// A condition's quota for one academic year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaUsage {
    /// The academic year read.
    pub academic_year: AcademicYear,
    /// Months (students) or days (staff).
    pub unit: DurationUnit,
    /// People: `mobilities_per_year` against place-holding mobilities.
    pub places: Tally<u32>,
    /// Months or days: the yearly total against the planned durations of those mobilities.
    pub amount: Tally<Hundredths>,
}

impl QuotaUsage {
    /// The usage once one more mobility of `planned` months/days holds a place.
    pub fn after_adding(&self, planned: Hundredths) -> QuotaUsage {
        QuotaUsage {
            places: Tally::<u32>::of(self.places.allowed, self.places.used.saturating_add(1)),
            amount: Tally::<Hundredths>::of(self.amount.allowed, self.amount.used.saturating_add(planned)),
            ..*self
        }
    }

    /// The usage once a mobility of `planned` months/days stops holding its place
    /// (cancelled or rejected): exactly one place and `planned` come back.
    pub fn after_releasing(&self, planned: Hundredths) -> QuotaUsage {
        QuotaUsage {
            places: Tally::<u32>::of(self.places.allowed, self.places.used.saturating_sub(1)),
            amount: Tally::<Hundredths>::of(self.amount.allowed, self.amount.used.saturating_sub(planned)),
            ..*self
        }
    }
}

/// The quota of `condition` in `year`: places used are the mobilities of that year whose
/// status holds a place; months/days used are the sum of their planned durations. In a year
/// the condition does not cover, nothing is allowed.
pub fn quota_usage<Id>(
    condition: &CooperationCondition,
    year: AcademicYear,
    mobilities: &[LinkedMobility<Id>],
) -> QuotaUsage {
    usage_of(condition, year, mobilities.iter())
}

pub(super) fn usage_of<'a, Id: 'a>(
    condition: &CooperationCondition,
    year: AcademicYear,
    mobilities: impl Iterator<Item = &'a LinkedMobility<Id>>,
) -> QuotaUsage {
    usage_of_held(condition, year, HeldPlaces::of(year, mobilities))
}

/// The condition's usage in `year` when its place-holding mobilities hold `held`.
pub(super) fn usage_of_held(condition: &CooperationCondition, year: AcademicYear, held: HeldPlaces) -> QuotaUsage {
    let (places_allowed, amount_allowed) = if condition.covers(year) {
        (condition.mobilities_per_year(), condition.total_per_year())
    } else {
        (0, Hundredths::ZERO)
    };
    QuotaUsage {
        academic_year: year,
        unit: condition.duration_unit(),
        places: Tally::<u32>::of(places_allowed, held.places),
        amount: Tally::<Hundredths>::of(amount_allowed, held.amount),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::fixtures::{condition, staff_input, student_input, year};

    fn linked(id: u32, status: MobilityStatus, months: &str) -> LinkedMobility<u32> {
        LinkedMobility { id, academic_year: year("2025/2026"), status, planned: Hundredths::parse(months).unwrap() }
    }

    #[test]
    fn counts_only_place_holding_mobilities_of_the_year() {
        use MobilityStatus::*;
        let mut mobilities = vec![
            linked(1, Applied, "5"),
            linked(2, Nominated, "5"),
            linked(3, Rejected, "5"),
            linked(4, Cancelled, "5"),
            linked(5, Live, "2.5"),
        ];
        mobilities.push(LinkedMobility { academic_year: year("2026/2027"), ..linked(6, Accepted, "5") });
        let usage = quota_usage(&condition(&student_input()), year("2025/2026"), &mobilities);
        assert_eq!(usage.unit, DurationUnit::Months);
        assert_eq!(usage.places, Tally { allowed: 2, used: 2, remaining: 0 });
        assert_eq!(
            usage.amount,
            Tally {
                allowed: Hundredths::whole(10),
                used: Hundredths::parse("7.5").unwrap(),
                remaining: Hundredths::parse("2.5").unwrap()
            }
        );
    }

    #[test]
    fn staff_quotas_count_days() {
        let mobilities = [linked(1, MobilityStatus::Completed, "3"), linked(2, MobilityStatus::Recognized, "4.5")];
        let usage = quota_usage(&condition(&staff_input()), year("2025/2026"), &mobilities);
        assert_eq!(usage.unit, DurationUnit::Days);
        assert_eq!(usage.amount.used, Hundredths::parse("7.5").unwrap());
        assert_eq!(usage.amount.remaining, Hundredths::parse("2.5").unwrap());
    }

    #[test]
    fn remaining_stops_at_zero_when_an_override_passed_the_quota() {
        let mobilities: Vec<_> = (0..3).map(|id| linked(id, MobilityStatus::Nominated, "4")).collect();
        let usage = quota_usage(&condition(&student_input()), year("2025/2026"), &mobilities);
        assert_eq!(usage.places, Tally { allowed: 2, used: 3, remaining: 0 });
        assert!(usage.places.is_exceeded() && usage.amount.is_exceeded());
        assert_eq!(usage.amount.remaining, Hundredths::ZERO);
    }

    #[test]
    fn a_year_outside_the_condition_allows_nothing() {
        let usage = quota_usage::<u32>(&condition(&student_input()), year("2028/2029"), &[]);
        assert_eq!(usage.places, Tally { allowed: 0, used: 0, remaining: 0 });
        assert_eq!(usage.amount.allowed, Hundredths::ZERO);
    }

    #[test]
    fn releasing_gives_back_exactly_what_adding_took() {
        let usage =
            quota_usage(&condition(&student_input()), year("2025/2026"), &[linked(1, MobilityStatus::Accepted, "3")]);
        let planned = Hundredths::parse("4.25").unwrap();
        assert_eq!(usage.after_adding(planned).after_releasing(planned), usage);
        assert_eq!(usage.after_adding(planned).amount.used, Hundredths::parse("7.25").unwrap());
    }
}
