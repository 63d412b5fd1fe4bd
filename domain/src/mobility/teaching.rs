//! The Erasmus+ minimum of teaching hours for staff teaching mobilities, pro rata.

use std::fmt;

use crate::amount::Hundredths;

/// Minimum teaching hours for a staff teaching mobility of `days` calendar days (travel
/// excluded).
///
/// Erasmus+ Programme Guide, staff mobility for teaching: at least 8 hours per week "or any
/// shorter period of stay", 4 when teaching is combined with training; for a longer stay the
/// minimum for an incomplete week is proportional to that week's duration (EC NAITDOC wiki,
/// Number of teaching hours, https://wikis.ec.europa.eu/display/NAITDOC/Number+of+teaching+hours).
///
/// Our pro-rata rule: a week is 7 calendar days, counted like the duration (end − start + 1).
/// A stay of up to 7 days needs the full weekly minimum; a longer one needs weekly minimum ×
/// days / 7, rounded up to the hundredth of an hour. So 5 days need 8 hours, 10 days
/// 8 × 10 / 7 = 11.43 hours, 14 days 16 hours.
pub fn minimum_teaching_hours(days: u32, combined_with_training: bool) -> Hundredths {
    let per_week = weekly_minimum(combined_with_training).hundredths();
    let pro_rata = (per_week * u64::from(days)).div_ceil(7);
    Hundredths::from_hundredths(pro_rata.max(per_week))
}

/// The weekly minimum: 8 hours, or 4 when combined with training.
pub fn weekly_minimum(combined_with_training: bool) -> Hundredths {
    Hundredths::whole(if combined_with_training { 4 } else { 8 })
}

/// A staff teaching mobility planned with too few teaching hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeachingHoursTooFew {
    /// The mobility's length in calendar days.
    pub days: u32,
    /// The weekly minimum applied (8, or 4 when combined with training).
    pub per_week: Hundredths,
    /// The minimum for this length.
    pub required: Hundredths,
    /// The hours planned.
    pub planned: Hundredths,
}

impl fmt::Display for TeachingHoursTooFew {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a staff teaching mobility needs at least {} teaching hours per week, pro rata (Erasmus+ Programme Guide); {} days need {} hours, {} are planned",
            self.per_week, self.days, self.required, self.planned
        )
    }
}

/// Checks `planned` teaching hours against [`minimum_teaching_hours`].
pub fn check_teaching_hours(
    days: u32,
    planned: Hundredths,
    combined_with_training: bool,
) -> Result<(), TeachingHoursTooFew> {
    let required = minimum_teaching_hours(days, combined_with_training);
    if planned >= required {
        Ok(())
    } else {
        Err(TeachingHoursTooFew { days, per_week: weekly_minimum(combined_with_training), required, planned })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(text: &str) -> Hundredths {
        Hundredths::parse(text).unwrap()
    }

    #[test]
    fn a_week_or_less_needs_the_full_weekly_minimum() {
        for days in [1, 2, 5, 7] {
            assert_eq!(minimum_teaching_hours(days, false), hours("8"), "{days} days");
            assert_eq!(minimum_teaching_hours(days, true), hours("4"), "{days} days combined");
        }
    }

    #[test]
    fn longer_stays_need_hours_pro_rata_rounded_up() {
        assert_eq!(minimum_teaching_hours(8, false), hours("9.15"));
        assert_eq!(minimum_teaching_hours(10, false), hours("11.43"));
        assert_eq!(minimum_teaching_hours(14, false), hours("16"));
        assert_eq!(minimum_teaching_hours(60, false), hours("68.58"));
        assert_eq!(minimum_teaching_hours(14, true), hours("8"));
    }

    #[test]
    fn too_few_hours_are_refused_with_the_numbers() {
        assert!(check_teaching_hours(5, hours("8"), false).is_ok());
        let error = check_teaching_hours(10, hours("11"), false).unwrap_err();
        assert_eq!(error.required, hours("11.43"));
        assert_eq!(
            error.to_string(),
            "a staff teaching mobility needs at least 8 teaching hours per week, pro rata (Erasmus+ Programme Guide); 10 days need 11.43 hours, 11 are planned"
        );
        assert!(check_teaching_hours(5, hours("4"), true).is_ok());
    }
}
