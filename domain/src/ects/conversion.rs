//! The record every grade conversion returns: result, method, inputs and the steps in words.
//! Converted grades are suggestions until a named person approves them.

use super::{
    EctsLetter, GradeError, GradeLevel, GradeRounding, GradingScale, MethodKind, OverlapPolicy, ReferenceGroup,
};

/// How a conversion was made, with the data the method used.
#[derive(Debug, Clone, PartialEq)]
pub enum ConversionMethod {
    /// Host and home grading tables of one reference field and cycle.
    GradingTable {
        /// The host table's group.
        host_group: ReferenceGroup,
        /// The home table's group.
        home_group: ReferenceGroup,
        /// How overlaps were decided.
        overlap: OverlapPolicy,
    },
    /// A fixed table.
    FixedTable {
        /// The table's name.
        table: String,
    },
    /// Through ECTS letters.
    EctsLetter {
        /// The source grade's letter; `None` for a fail without a letter.
        letter: Option<EctsLetter>,
        /// How a letter shared by several target grades was decided.
        pick: OverlapPolicy,
    },
    /// The linear formula.
    Linear {
        /// The formula's value before rounding, on the target scale (e.g. 1.75).
        unrounded: f64,
        /// How it was rounded.
        rounding: GradeRounding,
    },
}

impl ConversionMethod {
    /// The method without its data.
    pub fn kind(&self) -> MethodKind {
        match self {
            Self::GradingTable { .. } => MethodKind::GradingTable,
            Self::FixedTable { .. } => MethodKind::FixedTable,
            Self::EctsLetter { .. } => MethodKind::EctsLetter,
            Self::Linear { .. } => MethodKind::Linear,
        }
    }
}

/// A better method that was not used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedMethod {
    /// The method.
    pub method: MethodKind,
    /// Why it was not available.
    pub reason: String,
}

/// A suggested grade with everything needed to audit it.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeConversion {
    /// How the result was obtained.
    pub method: ConversionMethod,
    /// The source (host) scale's code.
    pub source_scale: String,
    /// The grade as given: a label, a number or an average such as `5.50`.
    pub source_grade: String,
    /// Whether the source grade is a pass.
    pub source_passed: bool,
    /// The target (home) scale's code.
    pub target_scale: String,
    /// The suggested grade on the target scale; a pass exactly when the source grade passes.
    pub result: GradeLevel,
    /// The target grades the method found eligible (e.g. every overlapping home grade); the
    /// result is one of them.
    pub candidates: Vec<GradeLevel>,
    /// Better methods that were not available, and why (filled by
    /// [`convert_grade`](super::convert_grade)).
    pub skipped: Vec<SkippedMethod>,
    /// The steps in words, in order.
    pub explanation: Vec<String>,
}

impl GradeConversion {
    /// Whether the result is a pass.
    pub fn result_passed(&self) -> bool {
        self.result.is_passing()
    }
}

/// The data every method fills in; `finish` turns it into a [`GradeConversion`].
pub(super) struct Draft<'a> {
    pub(super) source: &'a GradingScale,
    pub(super) grade: &'a str,
    pub(super) source_passed: bool,
    pub(super) target: &'a GradingScale,
    pub(super) explanation: Vec<String>,
}

impl Draft<'_> {
    /// Records the result (`rank` on the target scale) and the eligible candidates.
    pub(super) fn finish(
        self,
        method: ConversionMethod,
        rank: usize,
        candidates: &[usize],
    ) -> Result<GradeConversion, GradeError> {
        let result = self.target.level(rank).cloned().ok_or_else(|| self.target.not_on_scale(&rank.to_string()))?;
        let candidates = candidates.iter().filter_map(|&candidate| self.target.level(candidate).cloned()).collect();
        Ok(GradeConversion {
            method,
            source_scale: self.source.code().to_owned(),
            source_grade: self.grade.trim().to_owned(),
            source_passed: self.source_passed,
            target_scale: self.target.code().to_owned(),
            result,
            candidates,
            skipped: Vec::new(),
            explanation: self.explanation,
        })
    }

    /// A fail maps to a fail: the target's best failing grade, because the methods place only
    /// passing grades and a fail must not look worse than the host said. The officer may pick
    /// another failing grade when approving.
    pub(super) fn fail_to_fail(&mut self) -> Result<usize, GradeError> {
        let rank = self
            .target
            .best_failing_rank()
            .ok_or_else(|| GradeError::NoFailingGrades { scale: self.target.code().to_owned() })?;
        let label = self.target.level(rank).map(ToString::to_string).unwrap_or_default();
        self.explanation.push(format!(
            "{} is a fail and a fail always maps to a fail: the best failing grade of {} is {label}.",
            self.grade.trim(),
            self.target.code()
        ));
        Ok(rank)
    }
}

/// Picks from `candidates` (target ranks, best first) as an overlap policy says when no
/// interval lengths are known: `Max` the best, `Min` the worst, otherwise the middle one,
/// the better of two middles.
pub(super) fn pick_by_order(candidates: &[usize], policy: OverlapPolicy) -> Option<usize> {
    match policy {
        OverlapPolicy::Max => candidates.first().copied(),
        OverlapPolicy::Min => candidates.last().copied(),
        OverlapPolicy::Midpoint | OverlapPolicy::LargestOverlap => {
            candidates.get(candidates.len().saturating_sub(1) / 2).copied()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_by_order_prefer_the_better_middle() {
        assert_eq!(pick_by_order(&[3, 4, 5, 6], OverlapPolicy::Max), Some(3));
        assert_eq!(pick_by_order(&[3, 4, 5, 6], OverlapPolicy::Min), Some(6));
        assert_eq!(pick_by_order(&[3, 4, 5, 6], OverlapPolicy::Midpoint), Some(4));
        assert_eq!(pick_by_order(&[3, 4, 5], OverlapPolicy::LargestOverlap), Some(4));
        assert_eq!(pick_by_order(&[], OverlapPolicy::Max), None);
    }
}
