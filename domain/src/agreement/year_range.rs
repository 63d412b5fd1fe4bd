//! An inclusive range of academic years, `first..=last`, as agreements and conditions use.

use std::fmt;

use crate::{AcademicYear, InvalidValue};

/// The academic years `first..=last` (last ≥ first): an agreement's period of validity or a
/// cooperation condition's `first_academic_year`/`last_academic_year` (EWP IIA: the last year
/// "MUST NOT precede" the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AcademicYearRange {
    first: AcademicYear,
    last: AcademicYear,
}

impl AcademicYearRange {
    /// The range `first..=last`; refused when `last` precedes `first`.
    pub fn new(first: AcademicYear, last: AcademicYear) -> Result<Self, InvalidValue> {
        if last < first {
            return Err(InvalidValue::range(format!(
                "the last academic year ({last}) must not precede the first ({first})"
            )));
        }
        Ok(Self { first, last })
    }

    /// The first year of the range.
    pub fn first(self) -> AcademicYear {
        self.first
    }

    /// The last year of the range.
    pub fn last(self) -> AcademicYear {
        self.last
    }

    /// Whether `year` lies in `first..=last`.
    pub fn contains(self, year: AcademicYear) -> bool {
        self.first <= year && year <= self.last
    }

    /// Whether every year of `inner` lies in this range.
    pub fn covers(self, inner: AcademicYearRange) -> bool {
        self.contains(inner.first) && self.contains(inner.last)
    }

    /// How many academic years the range spans.
    pub fn year_count(self) -> u16 {
        self.last.start_year() - self.first.start_year() + 1
    }
}

impl fmt::Display for AcademicYearRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.first, self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(text: &str) -> AcademicYear {
        AcademicYear::parse(text).unwrap()
    }

    #[test]
    fn contains_its_ends_and_nothing_outside() {
        let range = AcademicYearRange::new(year("2025/2026"), year("2027/2028")).unwrap();
        assert!(range.contains(year("2025/2026")));
        assert!(range.contains(year("2027/2028")));
        assert!(!range.contains(year("2024/2025")));
        assert!(!range.contains(year("2028/2029")));
        assert_eq!(range.year_count(), 3);
        assert_eq!(range.to_string(), "2025/2026–2027/2028");
    }

    #[test]
    fn a_single_year_is_a_range_but_a_reversed_one_is_not() {
        assert_eq!(AcademicYearRange::new(year("2025/2026"), year("2025/2026")).unwrap().year_count(), 1);
        assert_eq!(AcademicYearRange::new(year("2026/2027"), year("2025/2026")).unwrap_err().code, "range");
    }

    #[test]
    fn covers_nested_ranges_only() {
        let outer = AcademicYearRange::new(year("2021/2022"), year("2028/2029")).unwrap();
        let inner = AcademicYearRange::new(year("2025/2026"), year("2028/2029")).unwrap();
        let sticking_out = AcademicYearRange::new(year("2025/2026"), year("2029/2030")).unwrap();
        assert!(outer.covers(inner));
        assert!(!outer.covers(sticking_out));
    }
}
