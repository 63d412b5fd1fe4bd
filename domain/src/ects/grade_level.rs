//! One grade of a scale: its labels, number and pass flag, and the direction numbers run in.

use std::cmp::Ordering;
use std::fmt;

use super::{EctsLetter, GradeValue};

/// Which end of a numeric scale is the best grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Higher numbers are better (North Macedonia 10, Bulgaria 6, Russia 5, Italy 30).
    HigherIsBetter,
    /// Lower numbers are better (Germany: 1.0 best, 4.0 the pass mark, 5.0 a fail).
    LowerIsBetter,
}

impl Direction {
    /// `higher_is_better` or `lower_is_better`.
    pub fn code(self) -> &'static str {
        match self {
            Self::HigherIsBetter => "higher_is_better",
            Self::LowerIsBetter => "lower_is_better",
        }
    }

    /// `Greater` when `a` is the better grade of the two.
    pub fn compare(self, a: GradeValue, b: GradeValue) -> Ordering {
        match self {
            Self::HigherIsBetter => a.cmp(&b),
            Self::LowerIsBetter => b.cmp(&a),
        }
    }

    /// A number that grows as the grade gets better, so code compares either direction alike.
    pub(super) fn goodness(self, hundredths: i128) -> i128 {
        match self {
            Self::HigherIsBetter => hundredths,
            Self::LowerIsBetter => -hundredths,
        }
    }
}

/// How one grade is written: the institution's own label, an English name and, when the
/// institution publishes one, its ECTS letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GradeLabel {
    /// The grade as the grading institution writes it (`Много добър`, `1,3`, `zal.`, `8`).
    pub native: String,
    /// Its English name (`very good`); may repeat the native label.
    pub english: String,
    /// The ECTS letter published for this grade, if any (North Macedonia: 8 → C).
    pub ects_letter: Option<EctsLetter>,
}

impl GradeLabel {
    /// A label without an ECTS letter.
    pub fn new(native: impl Into<String>, english: impl Into<String>) -> Self {
        Self { native: native.into(), english: english.into(), ects_letter: None }
    }

    /// The same label with an ECTS letter.
    pub fn with_letter(mut self, letter: EctsLetter) -> Self {
        self.ects_letter = Some(letter);
        self
    }
}

/// One grade of a scale: its number (numeric scales only), its labels and whether it passes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GradeLevel {
    pub(super) value: Option<GradeValue>,
    pub(super) label: GradeLabel,
    pub(super) passing: bool,
}

impl GradeLevel {
    /// The grade's number; `None` on letter and pass/fail scales.
    pub fn value(&self) -> Option<GradeValue> {
        self.value
    }

    /// The grade's labels.
    pub fn label(&self) -> &GradeLabel {
        &self.label
    }

    /// The grade as the grading institution writes it.
    pub fn native(&self) -> &str {
        &self.label.native
    }

    /// The grade's English name.
    pub fn english(&self) -> &str {
        &self.label.english
    }

    /// The ECTS letter published for the grade, if any.
    pub fn ects_letter(&self) -> Option<EctsLetter> {
        self.label.ects_letter
    }

    /// Whether the grade is a pass.
    pub fn is_passing(&self) -> bool {
        self.passing
    }
}

impl fmt::Display for GradeLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let english = self.label.english.trim();
        if english.is_empty() || english == self.label.native {
            f.write_str(&self.label.native)
        } else {
            write!(f, "{} ({english})", self.label.native)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_orders_better_grades_first() {
        let (one, four) = (GradeValue::whole(1).unwrap(), GradeValue::whole(4).unwrap());
        assert_eq!(Direction::HigherIsBetter.compare(four, one), Ordering::Greater);
        assert_eq!(Direction::LowerIsBetter.compare(one, four), Ordering::Greater);
        assert!(Direction::LowerIsBetter.goodness(100) > Direction::LowerIsBetter.goodness(400));
    }

    #[test]
    fn a_grade_shows_its_english_name_when_it_differs() {
        let level = GradeLevel { value: None, label: GradeLabel::new("Отличен", "excellent"), passing: true };
        assert_eq!(level.to_string(), "Отличен (excellent)");
        let plain =
            GradeLevel { value: None, label: GradeLabel::new("8", "8").with_letter(EctsLetter::C), passing: true };
        assert_eq!((plain.to_string(), plain.ects_letter()), ("8".to_owned(), Some(EctsLetter::C)));
    }
}
