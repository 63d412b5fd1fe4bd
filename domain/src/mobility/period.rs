//! Date ranges of mobilities and the rule that one person's mobilities must not overlap.

use std::fmt;

use chrono::NaiveDate;

use super::MobilityStatus;
use crate::InvalidValue;

/// The days `start..=end` of a mobility (planned or actual), both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateRange {
    start: NaiveDate,
    end: NaiveDate,
}

impl DateRange {
    /// The range `start..=end`; refused when `end` precedes `start`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, InvalidValue> {
        if end < start {
            return Err(InvalidValue::range(format!("the end date {end} precedes the start date {start}")));
        }
        Ok(Self { start, end })
    }

    /// The first day.
    pub fn start(self) -> NaiveDate {
        self.start
    }

    /// The last day.
    pub fn end(self) -> NaiveDate {
        self.end
    }

    /// The number of calendar days, both ends included (1 October–5 October is 5 days).
    pub fn days(self) -> u32 {
        let span = (self.end - self.start).num_days() + 1;
        u32::try_from(span).unwrap_or(u32::MAX)
    }

    /// Whether the two ranges share at least one day. Ranges that meet on a day overlap,
    /// since the person would be in two mobilities that day; 31 January and 1 February do not.
    pub fn overlaps(self, other: DateRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Another mobility of the same person, as the overlap rule reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMobility<Id> {
    /// The mobility's id.
    pub id: Id,
    /// Its status; cancelled mobilities do not count.
    pub status: MobilityStatus,
    /// Its period: actual dates where known, planned dates otherwise.
    pub period: DateRange,
}

/// The person's other mobilities whose periods overlap `period`: one person cannot hold two
/// overlapping non-cancelled mobilities. Rejected mobilities count, since they may be corrected
/// and nominated again. The mobility `candidate` itself is skipped, so a changed period can be
/// checked against the person's stored mobilities.
pub fn overlapping_mobilities<'a, Id: PartialEq>(
    candidate: &Id,
    period: DateRange,
    others: &'a [PersonMobility<Id>],
) -> Vec<&'a PersonMobility<Id>> {
    others
        .iter()
        .filter(|m| &m.id != candidate && m.status != MobilityStatus::Cancelled && m.period.overlaps(period))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: &str, end: &str) -> DateRange {
        let date = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        DateRange::new(date(start), date(end)).unwrap()
    }

    #[test]
    fn counts_days_inclusively_and_refuses_reversed_ranges() {
        assert_eq!(range("2025-10-01", "2025-10-05").days(), 5);
        assert_eq!(range("2025-10-01", "2025-10-01").days(), 1);
        let date = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        assert_eq!(DateRange::new(date("2025-10-02"), date("2025-10-01")).unwrap_err().code, "range");
    }

    #[test]
    fn ranges_overlap_when_they_share_a_day() {
        let autumn = range("2025-10-01", "2026-01-31");
        assert!(autumn.overlaps(range("2026-01-31", "2026-06-30")));
        assert!(autumn.overlaps(range("2025-11-01", "2025-11-05")));
        assert!(range("2025-11-01", "2025-11-05").overlaps(autumn));
        assert!(!autumn.overlaps(range("2026-02-01", "2026-06-30")));
        assert!(!autumn.overlaps(range("2025-09-01", "2025-09-30")));
    }

    #[test]
    fn only_other_non_cancelled_mobilities_conflict() {
        let others = [
            PersonMobility { id: 1, status: MobilityStatus::Cancelled, period: range("2025-10-01", "2026-01-31") },
            PersonMobility { id: 2, status: MobilityStatus::Rejected, period: range("2025-12-01", "2025-12-10") },
            PersonMobility { id: 3, status: MobilityStatus::Live, period: range("2026-03-01", "2026-03-05") },
            PersonMobility { id: 7, status: MobilityStatus::Nominated, period: range("2025-10-01", "2026-01-31") },
        ];
        let found = overlapping_mobilities(&7, range("2025-10-01", "2026-01-31"), &others);
        assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [2]);
        assert!(overlapping_mobilities(&7, range("2026-02-01", "2026-02-28"), &others).is_empty());
    }
}
