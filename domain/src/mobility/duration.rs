//! Erasmus+ duration rules: how long each kind of mobility may last, and how it is counted.

use std::fmt;

use super::{ActivityType, DateRange, MobilityProgramme, StudentActivityAttribute};
use crate::amount::{DurationUnit, Hundredths};
use crate::wire_enum::wire_enum;

/// Days of a long-term student mobility as the Beneficiary Module counts them: every month has
/// 30 days (a 360-day year) and day 31 counts as day 30, so 1 September–31 January is 150 days
/// (EC Beneficiary Module wiki, "Duration Calculated (days) field in KA131 mobility
/// activities"; February keeps its real length there too).
pub fn erasmus_days_360(period: DateRange) -> u32 {
    use chrono::Datelike;
    let (start, end) = (period.start(), period.end());
    let day = |d: u32| i64::from(d.min(30));
    let days = i64::from(end.year() - start.year()) * 360
        + (i64::from(end.month()) - i64::from(start.month())) * 30
        + (day(end.day()) - day(start.day()))
        + 1;
    u32::try_from(days.max(0)).unwrap_or(u32::MAX)
}

/// Months of a long-term student mobility: [`erasmus_days_360`] / 30, in hundredths rounded
/// down (1 September–31 January is 5 months; 1 October–15 February is 4.5). This is the
/// planned duration a long-term mobility holds in its condition's `total_months_per_year`.
pub fn erasmus_months(period: DateRange) -> Hundredths {
    Hundredths::from_hundredths(u64::from(erasmus_days_360(period)) * 100 / 30)
}

wire_enum! {
    /// An Erasmus+ KA131/KA171 duration band (Erasmus+ Programme Guide, higher-education
    /// mobility, as National Agencies and universities summarise it: a secondary source).
    /// Travel days are excluded: the period given is the activity.
    pub enum DurationBand ("duration band") {
        /// Students, studies or traineeships, long-term: 2–12 months (360-day year).
        StudentLongTerm = "student_long_term",
        /// Students, short-term blended or doctoral: 5–30 days of physical mobility.
        StudentShortTerm = "student_short_term",
        /// Staff under KA131: 2–60 days.
        Staff = "staff",
        /// Staff under KA171: 5–60 days.
        StaffKa171 = "staff_ka171",
    }
}

impl DurationBand {
    /// The band that applies, or `None` outside Erasmus+ (bilateral and other exchanges set
    /// their own durations). A student mobility without an attribute is long-term.
    pub fn applying_to(
        programme: MobilityProgramme,
        activity: ActivityType,
        attribute: Option<StudentActivityAttribute>,
    ) -> Option<DurationBand> {
        if !programme.is_erasmus() {
            return None;
        }
        Some(match (activity.is_student(), programme) {
            (true, _) if attribute.is_some_and(StudentActivityAttribute::is_short_term) => {
                DurationBand::StudentShortTerm
            }
            (true, _) => DurationBand::StudentLongTerm,
            (false, MobilityProgramme::ErasmusKa171) => DurationBand::StaffKa171,
            (false, _) => DurationBand::Staff,
        })
    }

    /// What the band counts: months for long-term students, days otherwise.
    pub fn unit(self) -> DurationUnit {
        match self {
            DurationBand::StudentLongTerm => DurationUnit::Months,
            _ => DurationUnit::Days,
        }
    }

    /// The shortest and longest allowed duration, in [`Self::unit`].
    pub fn limits(self) -> (Hundredths, Hundredths) {
        let (min, max) = match self {
            DurationBand::StudentLongTerm => (2, 12),
            DurationBand::StudentShortTerm => (5, 30),
            DurationBand::Staff => (2, 60),
            DurationBand::StaffKa171 => (5, 60),
        };
        (Hundredths::whole(min), Hundredths::whole(max))
    }

    /// The duration of `period` in [`Self::unit`]: months by [`erasmus_months`], or calendar
    /// days with both ends included (the Beneficiary Module's end − start + 1).
    pub fn measure(self, period: DateRange) -> Hundredths {
        match self.unit() {
            DurationUnit::Months => erasmus_months(period),
            DurationUnit::Days => Hundredths::whole(period.days()),
        }
    }

    /// Checks `period` against the band.
    pub fn check(self, period: DateRange) -> Result<(), DurationOutOfRange> {
        let (min, max) = self.limits();
        let actual = self.measure(period);
        if actual < min || actual > max { Err(DurationOutOfRange { band: self, actual, min, max }) } else { Ok(()) }
    }
}

/// A planned period outside its Erasmus+ duration band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationOutOfRange {
    /// The band that applies.
    pub band: DurationBand,
    /// The period's duration in the band's unit.
    pub actual: Hundredths,
    /// The band's minimum.
    pub min: Hundredths,
    /// The band's maximum.
    pub max: Hundredths,
}

impl DurationOutOfRange {
    /// `duration_too_short` or `duration_too_long`.
    pub fn code(&self) -> &'static str {
        if self.actual < self.min { "duration_too_short" } else { "duration_too_long" }
    }
}

impl fmt::Display for DurationOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = self.band.unit();
        let what = match self.band {
            DurationBand::StudentLongTerm => "a long-term student mobility (studies or traineeship)",
            DurationBand::StudentShortTerm => "a short-term blended or doctoral student mobility (physical part)",
            DurationBand::Staff => "a KA131 staff mobility (excluding travel)",
            DurationBand::StaffKa171 => "a KA171 staff mobility (excluding travel)",
        };
        write!(
            f,
            "{what} lasts {}–{} {unit} under the Erasmus+ Programme Guide; the planned period is {} {unit}",
            self.min, self.max, self.actual
        )
    }
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
    fn counts_months_as_the_beneficiary_module_does() {
        // The EC wiki's example: 1 January–15 April 2023 is 3 × 30 + 15 = 105 days.
        assert_eq!(erasmus_days_360(range("2023-01-01", "2023-04-15")), 105);
        assert_eq!(erasmus_days_360(range("2025-09-01", "2026-01-31")), 150);
        assert_eq!(erasmus_months(range("2025-09-01", "2026-01-31")), Hundredths::whole(5));
        assert_eq!(erasmus_months(range("2025-10-01", "2026-02-15")), Hundredths::parse("4.5").unwrap());
        assert_eq!(erasmus_days_360(range("2025-02-01", "2025-02-28")), 28);
        assert_eq!(erasmus_days_360(range("2025-10-31", "2025-10-31")), 1);
    }

    #[test]
    fn picks_the_band_by_programme_activity_and_attribute() {
        use MobilityProgramme::*;
        use StudentActivityAttribute::*;
        let band = DurationBand::applying_to;
        assert_eq!(band(ErasmusKa131, ActivityType::StudentStudies, None), Some(DurationBand::StudentLongTerm));
        assert_eq!(
            band(ErasmusKa171, ActivityType::StudentTraineeship, Some(LongTerm)),
            Some(DurationBand::StudentLongTerm)
        );
        assert_eq!(
            band(ErasmusKa131, ActivityType::StudentStudies, Some(ShortTermBlended)),
            Some(DurationBand::StudentShortTerm)
        );
        assert_eq!(
            band(ErasmusKa171, ActivityType::StudentStudies, Some(ShortTermDoctoral)),
            Some(DurationBand::StudentShortTerm)
        );
        assert_eq!(band(ErasmusKa131, ActivityType::StaffTeaching, None), Some(DurationBand::Staff));
        assert_eq!(band(ErasmusKa171, ActivityType::StaffTraining, None), Some(DurationBand::StaffKa171));
        assert_eq!(band(Bilateral, ActivityType::StudentStudies, None), None);
        assert_eq!(band(Other, ActivityType::StaffTeaching, None), None);
    }

    #[test]
    fn long_term_student_mobilities_last_2_to_12_months() {
        let band = DurationBand::StudentLongTerm;
        assert!(band.check(range("2025-10-01", "2025-11-30")).is_ok(), "exactly 2 months");
        assert!(band.check(range("2025-09-01", "2026-08-30")).is_ok(), "exactly 12 months");
        let short = band.check(range("2025-10-01", "2025-11-29")).unwrap_err();
        assert_eq!(short.code(), "duration_too_short");
        assert_eq!(
            short.to_string(),
            "a long-term student mobility (studies or traineeship) lasts 2–12 months under the Erasmus+ Programme Guide; the planned period is 1.96 months"
        );
        assert_eq!(band.check(range("2025-09-01", "2026-09-01")).unwrap_err().code(), "duration_too_long");
    }

    #[test]
    fn short_term_student_mobilities_last_5_to_30_days() {
        let band = DurationBand::StudentShortTerm;
        assert!(band.check(range("2025-10-01", "2025-10-05")).is_ok());
        assert!(band.check(range("2025-10-01", "2025-10-30")).is_ok());
        assert_eq!(band.check(range("2025-10-01", "2025-10-04")).unwrap_err().code(), "duration_too_short");
        let long = band.check(range("2025-10-01", "2025-10-31")).unwrap_err();
        assert_eq!((long.code(), long.actual), ("duration_too_long", Hundredths::whole(31)));
    }

    #[test]
    fn staff_mobilities_last_2_to_60_days_and_5_under_ka171() {
        assert!(DurationBand::Staff.check(range("2025-10-01", "2025-10-02")).is_ok());
        assert!(DurationBand::Staff.check(range("2025-10-01", "2025-11-29")).is_ok(), "60 days");
        assert_eq!(
            DurationBand::Staff.check(range("2025-10-01", "2025-10-01")).unwrap_err().code(),
            "duration_too_short"
        );
        assert_eq!(
            DurationBand::Staff.check(range("2025-10-01", "2025-11-30")).unwrap_err().code(),
            "duration_too_long"
        );
        let ka171 = DurationBand::StaffKa171.check(range("2025-10-01", "2025-10-04")).unwrap_err();
        assert_eq!(ka171.code(), "duration_too_short");
        assert!(ka171.to_string().contains("KA171 staff mobility (excluding travel) lasts 5–60 days"), "{ka171}");
        assert!(DurationBand::StaffKa171.check(range("2025-10-01", "2025-10-05")).is_ok());
    }
}
