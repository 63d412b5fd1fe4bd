//! The order a factsheet's dates and ranges must keep: periods that end after they start,
//! deadlines before the term they lead to, terms within their academic year, cost ranges whose
//! minimum is not above their maximum. Each check names the field it refuses (relative to the
//! term or block), so the API can report every refusal with its path.

use chrono::{Datelike, NaiveDate};

use crate::{AcademicYear, InvalidValue};

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub start: NaiveDate,
    /// The last day.
    pub end: NaiveDate,
}

impl Period {
    /// Refuses a period that ends before it starts (reported at `end`).
    pub fn check(self) -> Result<(), InvalidValue> {
        if self.end < self.start {
            Err(InvalidValue::range(format!("the end {} is before the start {}", self.end, self.start)))
        } else {
            Ok(())
        }
    }
}

/// The dates of one term an incoming student plans by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermDates {
    /// Teaching starts and ends.
    pub term: Period,
    /// The last day the partner nominates its students.
    pub nomination_deadline: NaiveDate,
    /// The last day nominated students apply.
    pub application_deadline: NaiveDate,
    /// The week decisions are sent.
    pub decision_week: Period,
    /// The week transcripts of records are issued.
    pub transcript_week: Period,
}

impl TermDates {
    /// Every refusal, as (field, why): each period in order; nomination, then application,
    /// then the decision week, all before the term starts; transcripts issued after the term
    /// starts (after its teaching, usually after the exams).
    pub fn check(&self) -> Vec<(&'static str, InvalidValue)> {
        let mut found = Vec::new();
        for (field, period) in [
            ("end", self.term),
            ("decision_week.end", self.decision_week),
            ("transcript_week.end", self.transcript_week),
        ] {
            if let Err(e) = period.check() {
                found.push((field, e));
            }
        }
        let before = |later: NaiveDate, later_name: &str, earlier: NaiveDate, earlier_name: &str| {
            (earlier > later).then(|| {
                InvalidValue::range(format!("the {earlier_name} {earlier} must not be after the {later_name} {later}"))
            })
        };
        let checks = [
            (
                "application_deadline",
                before(
                    self.application_deadline,
                    "application deadline",
                    self.nomination_deadline,
                    "nomination deadline",
                ),
            ),
            (
                "nomination_deadline",
                before(self.term.start, "term's start", self.nomination_deadline, "nomination deadline"),
            ),
            (
                "application_deadline",
                before(self.term.start, "term's start", self.application_deadline, "application deadline"),
            ),
            (
                "decision_week.start",
                before(self.decision_week.start, "decision week", self.application_deadline, "application deadline"),
            ),
            ("decision_week.end", before(self.term.start, "term's start", self.decision_week.end, "decision week")),
            (
                "transcript_week.start",
                before(self.transcript_week.start, "transcript week", self.term.start, "term's start"),
            ),
        ];
        for (field, refusal) in checks {
            if let Some(e) = refusal
                && !found.iter().any(|(f, _)| *f == field)
            {
                found.push((field, e));
            }
        }
        found
    }
}

/// Refuses a day outside the calendar years an academic year spans (`2026/2027`: 2026 and
/// 2027): a term written into the wrong year's factsheet.
pub fn check_in_year(day: NaiveDate, year: AcademicYear) -> Result<(), InvalidValue> {
    let first = i32::from(year.start_year());
    if (first..=first + 1).contains(&day.year()) {
        Ok(())
    } else {
        Err(InvalidValue::range(format!("{day} is outside the academic year {year} ({first}–{})", first + 1)))
    }
}

/// Refuses a cost range whose minimum is above its maximum (reported at `max`).
pub fn check_amount_range(min: f64, max: f64) -> Result<(), InvalidValue> {
    if min > max { Err(InvalidValue::range(format!("the maximum {max} is below the minimum {min}"))) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    fn period(start: &str, end: &str) -> Period {
        Period { start: day(start), end: day(end) }
    }

    fn autumn() -> TermDates {
        TermDates {
            term: period("2026-10-01", "2027-01-15"),
            nomination_deadline: day("2026-05-15"),
            application_deadline: day("2026-06-01"),
            decision_week: period("2026-06-22", "2026-06-26"),
            transcript_week: period("2027-02-15", "2027-02-19"),
        }
    }

    #[test]
    fn dates_in_order_pass() {
        assert!(autumn().check().is_empty());
    }

    #[test]
    fn each_date_out_of_order_is_named() {
        let mut dates = autumn();
        dates.application_deadline = day("2026-05-01");
        dates.decision_week = period("2026-06-26", "2026-06-22");
        dates.transcript_week = period("2026-09-01", "2026-09-05");
        let fields: Vec<&str> = dates.check().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["decision_week.end", "application_deadline", "transcript_week.start"]);
    }

    #[test]
    fn days_outside_the_year_and_reversed_ranges_are_refused() {
        let year = AcademicYear::parse("2026/2027").unwrap_or_else(|_| unreachable!());
        assert!(check_in_year(day("2027-06-30"), year).is_ok());
        assert!(check_in_year(day("2028-01-01"), year).is_err());
        assert!(check_amount_range(10.0, 10.0).is_ok());
        assert_eq!(check_amount_range(11.0, 10.0).map_err(|e| e.code), Err("range"));
    }
}
