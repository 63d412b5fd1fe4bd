//! When an inquiry's first answer is due: a number of working days (Monday to Friday) after
//! the day it arrived, by the end of that day (UTC). Public holidays are not known here and
//! count as working days.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};

/// The date `days` working days after `start` (`start` itself does not count): three working
/// days after a Friday, a Saturday or a Sunday is the next Wednesday. Zero days is `start`.
pub fn add_working_days(start: NaiveDate, days: u32) -> NaiveDate {
    let mut date = start;
    let mut left = days;
    while left > 0 {
        date = date.checked_add_days(Days::new(1)).unwrap_or(date);
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    date
}

/// The deadline of one inquiry's first answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerDue {
    /// The last day (UTC) on which the first answer is in time.
    pub due_on: NaiveDate,
}

impl AnswerDue {
    /// The deadline of an inquiry that arrived at `created_at`, given `days` working days.
    pub fn of(created_at: DateTime<Utc>, days: u32) -> Self {
        AnswerDue { due_on: add_working_days(created_at.date_naive(), days) }
    }

    /// Whether a first answer given at `answered_at` was in time.
    pub fn met_by(self, answered_at: DateTime<Utc>) -> bool {
        answered_at.date_naive() <= self.due_on
    }

    /// Whether an inquiry without a first answer is overdue at `now`.
    pub fn overdue_at(self, first_answer: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        first_answer.is_none() && now.date_naive() > self.due_on
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weekends_do_not_count() {
        // 2026-12-04 is a Friday.
        assert_eq!(add_working_days(day(2026, 12, 4), 3), day(2026, 12, 9));
        assert_eq!(add_working_days(day(2026, 12, 5), 3), day(2026, 12, 9));
        assert_eq!(add_working_days(day(2026, 12, 6), 3), day(2026, 12, 9));
        assert_eq!(add_working_days(day(2026, 12, 1), 3), day(2026, 12, 4));
        assert_eq!(add_working_days(day(2026, 12, 3), 3), day(2026, 12, 8));
        assert_eq!(add_working_days(day(2026, 12, 4), 0), day(2026, 12, 4));
        assert_eq!(add_working_days(day(2026, 12, 4), 5), day(2026, 12, 11));
    }

    #[test]
    fn an_answer_on_the_due_day_is_in_time_and_none_after_it_is_overdue() {
        let created = Utc.with_ymd_and_hms(2026, 12, 4, 16, 0, 0).unwrap();
        let due = AnswerDue::of(created, 3);
        assert_eq!(due.due_on, day(2026, 12, 9));
        assert!(due.met_by(Utc.with_ymd_and_hms(2026, 12, 9, 23, 59, 0).unwrap()));
        assert!(!due.met_by(Utc.with_ymd_and_hms(2026, 12, 10, 0, 0, 0).unwrap()));
        let late = Utc.with_ymd_and_hms(2026, 12, 10, 8, 0, 0).unwrap();
        assert!(due.overdue_at(None, late));
        assert!(!due.overdue_at(Some(created), late));
        assert!(!due.overdue_at(None, Utc.with_ymd_and_hms(2026, 12, 9, 20, 0, 0).unwrap()));
    }
}
