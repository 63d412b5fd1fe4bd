//! Grading tables (ECTS Users' Guide 2015; Egracons): how often each passing grade was awarded
//! in a reference group, as percentages and cumulative intervals counted from the top grade.

use std::fmt;

use super::{GradeError, GradeLevel, GradingScale};
use crate::{AcademicYear, EqfLevel, IscedCode};

/// The students a grading table describes: one institution, one ISCED-F field, one cycle, over
/// some academic years (ECTS Users' Guide 2015: the same field and cycle, at least two years;
/// Egracons: two to three).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReferenceGroup {
    institution: String,
    isced: IscedCode,
    eqf: EqfLevel,
    years: Vec<AcademicYear>,
}

impl ReferenceGroup {
    /// A group; `institution` is an opaque id (a `hei_id` or a record id). Years are sorted and
    /// de-duplicated. Fewer than two years is accepted, because a new programme has no more,
    /// but conversions say so ([`Self::meets_minimum_years`]).
    pub fn new(
        institution: impl Into<String>,
        isced: IscedCode,
        eqf: EqfLevel,
        years: impl IntoIterator<Item = AcademicYear>,
    ) -> Result<Self, GradeError> {
        let institution = institution.into().trim().to_owned();
        if institution.is_empty() {
            return Err(GradeError::EmptyReferenceGroup { reason: "it names no institution".to_owned() });
        }
        let mut years: Vec<AcademicYear> = years.into_iter().collect();
        years.sort();
        years.dedup();
        if years.is_empty() {
            return Err(GradeError::EmptyReferenceGroup { reason: "it names no academic year".to_owned() });
        }
        Ok(Self { institution, isced, eqf, years })
    }

    /// The institution's opaque id.
    pub fn institution(&self) -> &str {
        &self.institution
    }

    /// The ISCED-F field.
    pub fn isced(&self) -> &IscedCode {
        &self.isced
    }

    /// The cycle, as an EQF level.
    pub fn eqf(&self) -> EqfLevel {
        self.eqf
    }

    /// The academic years covered, oldest first (never empty).
    pub fn years(&self) -> &[AcademicYear] {
        &self.years
    }

    /// Whether the group spans the two academic years the ECTS Users' Guide 2015 asks for.
    pub fn meets_minimum_years(&self) -> bool {
        self.years.len() >= 2
    }

    /// Host and home tables are only comparable for the same cycle and the same field
    /// (ECTS Users' Guide 2015, grading tables).
    pub fn check_comparable(&self, home: &Self) -> Result<(), GradeError> {
        if self.eqf != home.eqf {
            return Err(GradeError::CycleMismatch { host: self.eqf, home: home.eqf });
        }
        if self.isced != home.isced {
            return Err(GradeError::FieldMismatch { host: self.isced.clone(), home: home.isced.clone() });
        }
        Ok(())
    }
}

impl fmt::Display for ReferenceGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let years: Vec<String> = self.years.iter().map(ToString::to_string).collect();
        write!(f, "{}, ISCED-F {}, EQF {}, {}", self.institution, self.isced, self.eqf, years.join(" "))
    }
}

/// A grading table: the number of times each passing grade of a scale was awarded in a
/// reference group. Failing grades are not counted (ECTS Users' Guide 2015).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradingTable {
    group: ReferenceGroup,
    scale: GradingScale,
    /// Per rank; failing ranks stay 0.
    counts: Vec<u32>,
    total: u64,
}

/// One line of a grading table as people read it.
#[derive(Debug, Clone, PartialEq)]
pub struct GradingTableRow {
    /// The grade.
    pub grade: GradeLevel,
    /// How many times it was awarded.
    pub count: u32,
    /// Its share of all passing grades, in percent.
    pub percent: f64,
    /// Where its cumulative interval starts, in percent from the top grade.
    pub cumulative_from: f64,
    /// Where its cumulative interval ends, in percent from the top grade.
    pub cumulative_to: f64,
}

impl GradingTable {
    /// A table from `(grade, count)` pairs; grades not listed count 0. Refuses a grade listed
    /// twice, a counted failing grade and a table with no passing grades at all.
    pub fn new<G: AsRef<str>>(
        group: ReferenceGroup,
        scale: GradingScale,
        counts: impl IntoIterator<Item = (G, u32)>,
    ) -> Result<Self, GradeError> {
        let mut per_rank: Vec<Option<u32>> = vec![None; scale.levels().len()];
        for (grade, count) in counts {
            let grade = grade.as_ref();
            let rank = scale.rank_of(grade)?;
            let slot = per_rank.get_mut(rank).ok_or_else(|| scale.not_on_scale(grade))?;
            if slot.is_some() {
                return Err(GradeError::InvalidTable { reason: format!("the grade {grade} is listed twice") });
            }
            if rank >= scale.passing_count() && count > 0 {
                return Err(GradeError::InvalidTable {
                    reason: format!("the failing grade {grade} is counted; grading tables count passing grades only"),
                });
            }
            *slot = Some(count);
        }
        let counts: Vec<u32> = per_rank.into_iter().map(Option::unwrap_or_default).collect();
        let total: u64 = counts.iter().map(|&count| u64::from(count)).sum();
        if total == 0 {
            return Err(GradeError::NoPassingGrades { what: format!("the grading table for {group}") });
        }
        Ok(Self { group, scale, counts, total })
    }

    /// The reference group.
    pub fn group(&self) -> &ReferenceGroup {
        &self.group
    }

    /// The scale the grades are on.
    pub fn scale(&self) -> &GradingScale {
        &self.scale
    }

    /// The number of passing grades counted (always above 0).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// How many times the grade of `rank` was awarded.
    pub fn count(&self, rank: usize) -> u32 {
        self.counts.get(rank).copied().unwrap_or(0)
    }

    /// The passing grades, best first, with percentages and cumulative intervals. Percentages
    /// are floats for display; conversions compare the exact counts.
    pub fn rows(&self) -> Vec<GradingTableRow> {
        let total = self.total as f64;
        self.scale
            .levels()
            .iter()
            .take(self.scale.passing_count())
            .enumerate()
            .map(|(rank, grade)| {
                let (before, through) = self.cumulative(rank);
                GradingTableRow {
                    grade: grade.clone(),
                    count: self.count(rank),
                    percent: f64::from(self.count(rank)) * 100.0 / total,
                    cumulative_from: before as f64 * 100.0 / total,
                    cumulative_to: through as f64 * 100.0 / total,
                }
            })
            .collect()
    }

    /// Counts of the grades better than `rank`, and of those up to and including it: the
    /// grade's interval is `[before, through] / total`, counted from the top grade.
    pub(super) fn cumulative(&self, rank: usize) -> (u64, u64) {
        let before: u64 = self.counts.iter().take(rank).map(|&count| u64::from(count)).sum();
        (before, before + u64::from(self.count(rank)))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::presets;
    use super::*;

    pub(in super::super) fn group(institution: &str, isced: &str, eqf: u8) -> ReferenceGroup {
        let years = [AcademicYear::parse("2022/2023").unwrap(), AcademicYear::parse("2023/2024").unwrap()];
        ReferenceGroup::new(institution, IscedCode::parse_detailed(isced).unwrap(), EqfLevel::new(eqf).unwrap(), years)
            .unwrap()
    }

    /// The host table of the BG → MK worked example: BG 6 15 %, 5 35 %, 4 30 %, 3 20 %.
    pub(in super::super) fn bulgarian_table() -> GradingTable {
        GradingTable::new(
            group("uni-sofia.bg", "0613", 6),
            presets::bulgaria(),
            [("6", 15), ("5", 35), ("4", 30), ("3", 20)],
        )
        .unwrap()
    }

    /// The home table of the worked example: MK 10 10 %, 9 15 %, 8 25 %, 7 25 %, 6 25 %.
    pub(in super::super) fn macedonian_table() -> GradingTable {
        GradingTable::new(
            group("ukim.edu.mk", "0613", 6),
            presets::north_macedonia(),
            [("10", 10), ("9", 15), ("8", 25), ("7", 25), ("6", 25)],
        )
        .unwrap()
    }

    #[test]
    fn computes_percentages_and_intervals_from_the_top_grade() {
        let rows = bulgarian_table().rows();
        let summary: Vec<(&str, f64, f64, f64)> =
            rows.iter().map(|row| (row.grade.native(), row.percent, row.cumulative_from, row.cumulative_to)).collect();
        assert_eq!(
            summary,
            [
                ("Отличен", 15.0, 0.0, 15.0),
                ("Много добър", 35.0, 15.0, 50.0),
                ("Добър", 30.0, 50.0, 80.0),
                ("Среден", 20.0, 80.0, 100.0)
            ]
        );
    }

    #[test]
    fn refuses_tables_without_passing_grades() {
        let bg = presets::bulgaria();
        let error = GradingTable::new(group("uni-sofia.bg", "0613", 6), bg.clone(), [("6", 0)]).unwrap_err();
        assert_eq!(error.code(), "no_passing_grades");
        let empty: [(&str, u32); 0] = [];
        let error = GradingTable::new(group("uni-sofia.bg", "0613", 6), bg, empty).unwrap_err();
        assert_eq!(error.code(), "no_passing_grades");
    }

    #[test]
    fn refuses_counted_fails_duplicates_and_unknown_grades() {
        let bg = presets::bulgaria();
        let g = || group("uni-sofia.bg", "0613", 6);
        assert_eq!(GradingTable::new(g(), bg.clone(), [("6", 3), ("2", 4)]).unwrap_err().code(), "invalid_table");
        assert_eq!(GradingTable::new(g(), bg.clone(), [("6", 3), ("6", 4)]).unwrap_err().code(), "invalid_table");
        assert_eq!(GradingTable::new(g(), bg, [("7", 3)]).unwrap_err().code(), "grade_not_on_scale");
    }

    #[test]
    fn reference_groups_need_an_institution_and_a_year_and_must_match() {
        let isced = IscedCode::parse_detailed("0613").unwrap();
        let eqf = EqfLevel::new(6).unwrap();
        let error = ReferenceGroup::new("x.edu", isced.clone(), eqf, []).unwrap_err();
        assert_eq!(error.code(), "empty_reference_group");
        let error = ReferenceGroup::new("  ", isced, eqf, [AcademicYear::parse("2024/2025").unwrap()]).unwrap_err();
        assert_eq!(error.code(), "empty_reference_group");
        let host = group("a.bg", "0613", 6);
        assert_eq!(host.check_comparable(&group("b.mk", "0613", 7)).unwrap_err().code(), "cycle_mismatch");
        assert_eq!(host.check_comparable(&group("b.mk", "0612", 6)).unwrap_err().code(), "field_mismatch");
        assert!(host.check_comparable(&group("b.mk", "0613", 6)).is_ok());
        assert!(host.meets_minimum_years());
        assert_eq!(host.to_string(), "a.bg, ISCED-F 0613, EQF 6, 2022/2023 2023/2024");
    }
}
