//! Grading scales: the grades of one national or institutional system, best first, with their
//! pass mark and kind.

use std::cmp::Ordering;
use std::fmt;

use super::{Direction, EctsLetter, GradeError, GradeLabel, GradeLevel, GradeValue};

/// The most grades a scale may have (0–100 in steps of 0.1). Points totals go through
/// [`PointBands`](super::PointBands) rather than through a scale of their own.
const MAX_GRADES: usize = 1001;

/// What kind of grades a scale has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScaleKind {
    /// Numbers with a pass mark: what the linear formula needs.
    Numeric {
        /// Which end is best.
        direction: Direction,
        /// The lowest passing grade (6 in North Macedonia, 4.0 in Germany).
        pass_mark: GradeValue,
    },
    /// Ordered labels without numbers, such as the ECTS letters A–F.
    Ordinal,
    /// Only a pass and a fail (зачёт/незачёт, zal./nzal.).
    PassFail,
}

/// A grading scale: its grades ordered from best (rank 0) to worst, passes before fails.
///
/// Valid by construction: at least two grades, unique native labels, at least one pass, passes
/// form the top of the scale, and published ECTS letters agree with pass/fail and run from best
/// to worst. Fixed national scales are in [`presets`](super::presets); institutions define
/// their own with the constructors here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradingScale {
    code: String,
    name: String,
    kind: ScaleKind,
    levels: Vec<GradeLevel>,
}

impl GradingScale {
    /// A numeric scale from its grades (in any order) and pass mark; a grade passes when it is
    /// at least as good as the pass mark, which must itself be one of the grades. For scales
    /// with irregular steps such as Germany's 1.0, 1.3, 1.7 … 4.0, 5.0.
    pub fn numeric(
        code: impl Into<String>,
        name: impl Into<String>,
        direction: Direction,
        pass_mark: GradeValue,
        grades: Vec<(GradeValue, GradeLabel)>,
    ) -> Result<Self, GradeError> {
        let scale = Self::numeric_unchecked(code, name, direction, pass_mark, grades);
        scale.validate()?;
        Ok(scale)
    }

    /// A numeric scale with every value from `min` to `max` in steps of `step`, labelled by
    /// their numbers (relabel with [`Self::with_labels`]).
    pub fn uniform(
        code: impl Into<String>,
        name: impl Into<String>,
        direction: Direction,
        (min, max, step): (GradeValue, GradeValue, GradeValue),
        pass_mark: GradeValue,
    ) -> Result<Self, GradeError> {
        let code = code.into();
        let invalid = |reason: &str| GradeError::InvalidScale { scale: code.clone(), reason: reason.to_owned() };
        let (low, high, step_size) = (min.hundredths(), max.hundredths(), step.hundredths());
        if step_size <= 0 {
            return Err(invalid("the step must be positive"));
        }
        if low >= high {
            return Err(invalid("the minimum must be below the maximum"));
        }
        if (high - low) % step_size != 0 {
            return Err(invalid("the range from minimum to maximum must be a whole number of steps"));
        }
        if usize::try_from((high - low) / step_size).is_ok_and(|steps| steps >= MAX_GRADES) {
            return Err(invalid("too many grades"));
        }
        let scale = Self::uniform_unchecked(code, name, direction, (low, high, step_size), pass_mark);
        scale.validate()?;
        Ok(scale)
    }

    /// The same scale with new labels for some of its numeric grades.
    pub fn with_labels(
        mut self,
        labels: impl IntoIterator<Item = (GradeValue, GradeLabel)>,
    ) -> Result<Self, GradeError> {
        for (value, label) in labels {
            let level =
                self.levels.iter_mut().find(|level| level.value == Some(value)).ok_or_else(|| {
                    GradeError::GradeNotOnScale { scale: self.code.clone(), grade: value.to_string() }
                })?;
            level.label = label;
        }
        self.validate()?;
        Ok(self)
    }

    /// A scale of ordered labels without numbers, best first; the flag says whether each passes.
    pub fn ordinal(
        code: impl Into<String>,
        name: impl Into<String>,
        grades: Vec<(GradeLabel, bool)>,
    ) -> Result<Self, GradeError> {
        let levels = grades.into_iter().map(|(label, passing)| GradeLevel { value: None, label, passing }).collect();
        let scale = Self { code: code.into(), name: name.into(), kind: ScaleKind::Ordinal, levels };
        scale.validate()?;
        Ok(scale)
    }

    /// A pass/fail scale such as зачёт/незачёт or zal./nzal.
    pub fn pass_fail(
        code: impl Into<String>,
        name: impl Into<String>,
        pass: GradeLabel,
        fail: GradeLabel,
    ) -> Result<Self, GradeError> {
        let scale = Self::pass_fail_unchecked(code, name, pass, fail);
        scale.validate()?;
        Ok(scale)
    }

    /// The scale's short code (`MK`, `DE`), unique among the scales in use.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The scale's descriptive name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Numeric, ordinal or pass/fail.
    pub fn kind(&self) -> ScaleKind {
        self.kind
    }

    /// The grades, best first; a grade's rank is its index here.
    pub fn levels(&self) -> &[GradeLevel] {
        &self.levels
    }

    /// The grade of a rank (0 = best).
    pub fn level(&self, rank: usize) -> Option<&GradeLevel> {
        self.levels.get(rank)
    }

    /// The direction of a numeric scale.
    pub fn direction(&self) -> Option<Direction> {
        match self.kind {
            ScaleKind::Numeric { direction, .. } => Some(direction),
            ScaleKind::Ordinal | ScaleKind::PassFail => None,
        }
    }

    /// The lowest passing grade of a numeric scale.
    pub fn pass_mark(&self) -> Option<GradeValue> {
        match self.kind {
            ScaleKind::Numeric { pass_mark, .. } => Some(pass_mark),
            ScaleKind::Ordinal | ScaleKind::PassFail => None,
        }
    }

    /// The smallest and largest number of a numeric scale (whatever the direction).
    pub fn value_range(&self) -> Option<(GradeValue, GradeValue)> {
        let values = self.levels.iter().filter_map(GradeLevel::value);
        Some((values.clone().min()?, values.max()?))
    }

    /// How many grades pass; they are ranks `0..passing_count()`.
    pub fn passing_count(&self) -> usize {
        self.levels.iter().take_while(|level| level.passing).count()
    }

    /// The rank of the lowest passing grade.
    pub fn lowest_passing_rank(&self) -> usize {
        self.passing_count().saturating_sub(1)
    }

    /// The rank of the best failing grade, if the scale has any fail.
    pub fn best_failing_rank(&self) -> Option<usize> {
        let rank = self.passing_count();
        (rank < self.levels.len()).then_some(rank)
    }

    /// Finds a grade by its native label (exact), its number (`8`, `1,3`, `5.50` when the scale
    /// has it) or, when that names one grade only, its native or English label ignoring case.
    pub fn rank_of(&self, grade: &str) -> Result<usize, GradeError> {
        let text = grade.trim();
        if let Some(rank) = self.levels.iter().position(|level| level.label.native == text) {
            return Ok(rank);
        }
        if let Ok(value) = GradeValue::parse(text)
            && let Some(rank) = self.levels.iter().position(|level| level.value == Some(value))
        {
            return Ok(rank);
        }
        let wanted = text.to_lowercase();
        let mut matches = self.levels.iter().enumerate().filter(|(_, level)| {
            level.label.native.to_lowercase() == wanted || level.label.english.to_lowercase() == wanted
        });
        match (matches.next(), matches.next()) {
            (Some((rank, _)), None) if !wanted.is_empty() => Ok(rank),
            _ => Err(self.not_on_scale(text)),
        }
    }

    /// The grade named by `grade` (see [`Self::rank_of`]).
    pub fn grade(&self, grade: &str) -> Result<&GradeLevel, GradeError> {
        let rank = self.rank_of(grade)?;
        self.levels.get(rank).ok_or_else(|| self.not_on_scale(grade))
    }

    pub(super) fn not_on_scale(&self, grade: &str) -> GradeError {
        GradeError::GradeNotOnScale { scale: self.code.clone(), grade: grade.to_owned() }
    }

    /// Builds a numeric scale without checking it; presets use it and a test checks them.
    pub(super) fn numeric_unchecked(
        code: impl Into<String>,
        name: impl Into<String>,
        direction: Direction,
        pass_mark: GradeValue,
        mut grades: Vec<(GradeValue, GradeLabel)>,
    ) -> Self {
        grades.sort_by(|a, b| direction.compare(b.0, a.0));
        let levels = grades
            .into_iter()
            .map(|(value, label)| GradeLevel {
                value: Some(value),
                passing: direction.compare(value, pass_mark) != Ordering::Less,
                label,
            })
            .collect();
        Self { code: code.into(), name: name.into(), kind: ScaleKind::Numeric { direction, pass_mark }, levels }
    }

    /// Builds a uniform numeric scale (bounds and step in hundredths) without checking it.
    pub(super) fn uniform_unchecked(
        code: impl Into<String>,
        name: impl Into<String>,
        direction: Direction,
        (low, high, step): (i32, i32, i32),
        pass_mark: GradeValue,
    ) -> Self {
        let grades = (low..=high)
            .step_by(usize::try_from(step).unwrap_or(1).max(1))
            .map(GradeValue::hundredths_unchecked)
            .map(|value| (value, GradeLabel::new(value.to_string(), value.to_string())))
            .collect();
        Self::numeric_unchecked(code, name, direction, pass_mark, grades)
    }

    /// Builds an ordinal scale without checking it.
    pub(super) fn ordinal_unchecked(code: &str, name: &str, grades: Vec<(GradeLabel, bool)>) -> Self {
        let levels = grades.into_iter().map(|(label, passing)| GradeLevel { value: None, label, passing }).collect();
        Self { code: code.to_owned(), name: name.to_owned(), kind: ScaleKind::Ordinal, levels }
    }

    /// Builds a pass/fail scale without checking it.
    pub(super) fn pass_fail_unchecked(
        code: impl Into<String>,
        name: impl Into<String>,
        pass: GradeLabel,
        fail: GradeLabel,
    ) -> Self {
        let levels = vec![
            GradeLevel { value: None, label: pass, passing: true },
            GradeLevel { value: None, label: fail, passing: false },
        ];
        Self { code: code.into(), name: name.into(), kind: ScaleKind::PassFail, levels }
    }

    /// Checks every rule listed on [`GradingScale`].
    pub(super) fn validate(&self) -> Result<(), GradeError> {
        let invalid = |reason: String| Err(GradeError::InvalidScale { scale: self.code.clone(), reason });
        if self.code.trim().is_empty() || self.code.len() > 64 {
            return invalid("the code must be 1 to 64 characters".to_owned());
        }
        if !(2..=MAX_GRADES).contains(&self.levels.len()) {
            return invalid(format!("a scale needs 2 to {MAX_GRADES} grades, got {}", self.levels.len()));
        }
        for (rank, level) in self.levels.iter().enumerate() {
            if level.label.native.trim().is_empty() {
                return invalid("every grade needs a native label".to_owned());
            }
            if self.levels[..rank].iter().any(|earlier| earlier.label.native == level.label.native) {
                return invalid(format!("the label {:?} names two grades", level.label.native));
            }
        }
        match self.kind {
            ScaleKind::Numeric { direction, pass_mark } => {
                if self.levels.iter().any(|level| level.value.is_none()) {
                    return invalid("every grade of a numeric scale needs a number".to_owned());
                }
                let ordered = self.levels.windows(2).all(|pair| match (pair[0].value, pair[1].value) {
                    (Some(better), Some(worse)) => direction.compare(better, worse) == Ordering::Greater,
                    _ => false,
                });
                if !ordered {
                    return invalid("two grades have the same number".to_owned());
                }
                if !self.levels.iter().any(|level| level.value == Some(pass_mark)) {
                    return invalid(format!("the pass mark {pass_mark} is not one of the grades"));
                }
            }
            ScaleKind::Ordinal | ScaleKind::PassFail => {
                if self.levels.iter().any(|level| level.value.is_some()) {
                    return invalid("grades of a letter or pass/fail scale have no numbers".to_owned());
                }
                if self.kind == ScaleKind::PassFail && self.levels.len() != 2 {
                    return invalid("a pass/fail scale has exactly two grades".to_owned());
                }
            }
        }
        if !self.levels.iter().any(|level| level.passing) {
            return Err(GradeError::NoPassingGrades { what: format!("the scale {}", self.code) });
        }
        if self.passing_count() != self.levels.iter().filter(|level| level.passing).count() {
            return invalid("every passing grade must rank above every failing grade".to_owned());
        }
        let mut previous: Option<EctsLetter> = None;
        for level in &self.levels {
            let Some(letter) = level.label.ects_letter else { continue };
            if letter.is_pass() != level.passing {
                return invalid(format!("the grade {} and its ECTS letter {letter} disagree on pass or fail", level));
            }
            if previous.is_some_and(|before| before > letter) {
                return invalid("ECTS letters must run from A at the best grade towards F".to_owned());
            }
            previous = Some(letter);
        }
        Ok(())
    }
}

impl fmt::Display for GradingScale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.is_empty() { f.write_str(&self.code) } else { write!(f, "{} ({})", self.code, self.name) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> GradeValue {
        GradeValue::parse(text).unwrap()
    }

    fn uniform(min: &str, max: &str, step: &str, pass: &str) -> Result<GradingScale, GradeError> {
        GradingScale::uniform("T", "test", Direction::HigherIsBetter, (v(min), v(max), v(step)), v(pass))
    }

    #[test]
    fn uniform_scales_list_grades_best_first_with_passes_on_top() {
        let scale = uniform("5", "10", "1", "6").unwrap();
        let natives: Vec<&str> = scale.levels().iter().map(GradeLevel::native).collect();
        assert_eq!(natives, ["10", "9", "8", "7", "6", "5"]);
        assert_eq!(scale.passing_count(), 5);
        assert_eq!(scale.lowest_passing_rank(), 4);
        assert_eq!(scale.best_failing_rank(), Some(5));
        assert_eq!(scale.value_range(), Some((v("5"), v("10"))));
    }

    #[test]
    fn lower_is_better_scales_put_the_smallest_number_first() {
        let grades = ["1.0", "2.0", "3.0", "4.0", "5.0"].map(|g| (v(g), GradeLabel::new(g, g))).to_vec();
        let scale = GradingScale::numeric("DE5", "test", Direction::LowerIsBetter, v("4"), grades).unwrap();
        assert_eq!(scale.levels()[0].value(), Some(v("1")));
        assert!(scale.levels()[3].is_passing() && !scale.levels()[4].is_passing());
    }

    #[test]
    fn refuses_inconsistent_scales() {
        assert_eq!(uniform("5", "10", "0", "6").unwrap_err().code(), "invalid_scale");
        assert_eq!(uniform("10", "5", "1", "6").unwrap_err().code(), "invalid_scale");
        assert_eq!(uniform("5", "10", "2", "6").unwrap_err().code(), "invalid_scale");
        assert_eq!(uniform("5", "10", "1", "6.5").unwrap_err().code(), "invalid_scale");
        assert_eq!(uniform("0", "1000", "0.5", "500").unwrap_err().code(), "invalid_scale");
        let twice = vec![(v("1"), GradeLabel::new("x", "x")), (v("2"), GradeLabel::new("x", "x"))];
        let error = GradingScale::numeric("T", "t", Direction::HigherIsBetter, v("1"), twice).unwrap_err();
        assert_eq!(error.code(), "invalid_scale");
    }

    #[test]
    fn refuses_scales_without_a_pass_or_with_passes_below_fails() {
        let none = vec![(GradeLabel::new("x", "x"), false), (GradeLabel::new("y", "y"), false)];
        assert_eq!(GradingScale::ordinal("T", "t", none).unwrap_err().code(), "no_passing_grades");
        let upside_down = vec![(GradeLabel::new("x", "x"), false), (GradeLabel::new("y", "y"), true)];
        assert_eq!(GradingScale::ordinal("T", "t", upside_down).unwrap_err().code(), "invalid_scale");
    }

    #[test]
    fn ects_letters_must_agree_with_pass_and_order() {
        let scale = uniform("5", "10", "1", "6").unwrap();
        let fail_as_pass = scale.clone().with_labels([(v("5"), GradeLabel::new("5", "5").with_letter(EctsLetter::E))]);
        assert_eq!(fail_as_pass.unwrap_err().code(), "invalid_scale");
        let reversed = scale.clone().with_labels([
            (v("10"), GradeLabel::new("10", "10").with_letter(EctsLetter::B)),
            (v("9"), GradeLabel::new("9", "9").with_letter(EctsLetter::A)),
        ]);
        assert_eq!(reversed.unwrap_err().code(), "invalid_scale");
        assert_eq!(
            scale.with_labels([(v("11"), GradeLabel::new("11", "11"))]).unwrap_err().code(),
            "grade_not_on_scale"
        );
    }

    #[test]
    fn finds_grades_by_label_number_or_unique_english_name() {
        let scale = uniform("2", "6", "1", "3")
            .unwrap()
            .with_labels([
                (v("6"), GradeLabel::new("Отличен", "excellent")),
                (v("5"), GradeLabel::new("Много добър", "very good")),
            ])
            .unwrap();
        assert_eq!(scale.rank_of("Отличен").unwrap(), 0);
        assert_eq!(scale.rank_of("6").unwrap(), 0);
        assert_eq!(scale.rank_of("6.00").unwrap(), 0);
        assert_eq!(scale.rank_of("Very Good").unwrap(), 1);
        assert_eq!(scale.rank_of("5.5").unwrap_err().code(), "grade_not_on_scale");
        assert_eq!(scale.rank_of("").unwrap_err().code(), "grade_not_on_scale");
    }

    #[test]
    fn pass_fail_scales_have_one_pass_and_one_fail() {
        let scale = GradingScale::pass_fail(
            "RU-Z",
            "зачёт",
            GradeLabel::new("зачёт", "pass"),
            GradeLabel::new("незачёт", "fail"),
        )
        .unwrap();
        assert_eq!(scale.kind(), ScaleKind::PassFail);
        assert!(scale.grade("pass").unwrap().is_passing());
        assert!(!scale.grade("незачёт").unwrap().is_passing());
        assert_eq!(scale.direction(), None);
    }
}
