//! A per-institution conversion policy: how overlaps are decided, how grades and credits are
//! rounded and which methods are tried in which order. Decided in advance (ECTS Users' Guide
//! 2015: the institution chooses beforehand how to treat a grade that overlaps several).

use std::fmt;

use super::{CreditRounding, GradeError};
use crate::InvalidValue;

/// Which home grade to take when a host grade's interval overlaps several home grades.
///
/// The Users' Guide names minimum, maximum and average; Egracons' own tie-break is
/// unpublished (no public source found), so all four are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OverlapPolicy {
    /// The worst of the overlapping home grades.
    Min,
    /// The best of the overlapping home grades.
    Max,
    /// The home grade whose interval holds the midpoint of the host grade's interval (our
    /// reading of "average"); on a boundary, the better grade.
    Midpoint,
    /// The home grade sharing the widest stretch of the host grade's interval; on a tie, the
    /// better grade.
    LargestOverlap,
}

impl OverlapPolicy {
    /// Every policy.
    pub const ALL: [Self; 4] = [Self::Min, Self::Max, Self::Midpoint, Self::LargestOverlap];

    /// `min`, `max`, `midpoint` or `largest_overlap`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Min => "min",
            Self::Max => "max",
            Self::Midpoint => "midpoint",
            Self::LargestOverlap => "largest_overlap",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Result<Self, InvalidValue> {
        Self::ALL.into_iter().find(|policy| policy.code() == code).ok_or_else(|| {
            InvalidValue::unknown(format!("overlap policy must be min, max, midpoint or largest_overlap; got {code:?}"))
        })
    }
}

impl fmt::Display for OverlapPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How the linear formula's result is put onto the target scale's steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GradeRounding {
    /// The nearest step; exactly midway, the better grade (as German universities round).
    Nearest,
    /// The nearest step at least as good as the result.
    TowardBetter,
    /// The nearest step at least as bad as the result.
    TowardWorse,
}

impl GradeRounding {
    /// Every rounding rule.
    pub const ALL: [Self; 3] = [Self::Nearest, Self::TowardBetter, Self::TowardWorse];

    /// `nearest`, `toward_better` or `toward_worse`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Nearest => "nearest",
            Self::TowardBetter => "toward_better",
            Self::TowardWorse => "toward_worse",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Result<Self, InvalidValue> {
        Self::ALL.into_iter().find(|rounding| rounding.code() == code).ok_or_else(|| {
            InvalidValue::unknown(format!(
                "grade rounding must be nearest, toward_better or toward_worse; got {code:?}"
            ))
        })
    }

    /// The rule in words, for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Nearest => "to the nearest grade of the target scale, a midpoint to the better grade",
            Self::TowardBetter => "to the nearest grade of the target scale that is at least as good",
            Self::TowardWorse => "to the nearest grade of the target scale that is at least as bad",
        }
    }
}

impl fmt::Display for GradeRounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A conversion method, without its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MethodKind {
    /// Host and home grading tables (ECTS Users' Guide 2015, Egracons).
    GradingTable,
    /// A fixed table published by an institution.
    FixedTable,
    /// Through the ECTS letters both scales publish.
    EctsLetter,
    /// The linear "modified Bavarian formula" (KMK).
    Linear,
}

impl MethodKind {
    /// Every method, in order of preference (letters, a kind of fixed table,
    /// after institution tables).
    pub const ALL: [Self; 4] = [Self::GradingTable, Self::FixedTable, Self::EctsLetter, Self::Linear];

    /// `grading_table`, `fixed_table`, `ects_letter` or `linear`.
    pub fn code(self) -> &'static str {
        match self {
            Self::GradingTable => "grading_table",
            Self::FixedTable => "fixed_table",
            Self::EctsLetter => "ects_letter",
            Self::Linear => "linear",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Result<Self, InvalidValue> {
        Self::ALL.into_iter().find(|method| method.code() == code).ok_or_else(|| {
            InvalidValue::unknown(format!(
                "conversion method must be grading_table, fixed_table, ects_letter or linear; got {code:?}"
            ))
        })
    }

    /// The method's name in explanations.
    pub fn describe(self) -> &'static str {
        match self {
            Self::GradingTable => "grading tables",
            Self::FixedTable => "a fixed conversion table",
            Self::EctsLetter => "ECTS letters",
            Self::Linear => "the linear formula",
        }
    }
}

impl fmt::Display for MethodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An institution's conversion policy, decided in advance and recorded with every conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionPolicy {
    overlap: OverlapPolicy,
    grade_rounding: GradeRounding,
    credit_rounding: CreditRounding,
    fallback_order: Vec<MethodKind>,
}

impl ConversionPolicy {
    /// A policy; `fallback_order` lists the methods to try, best first, each at most once.
    pub fn new(
        overlap: OverlapPolicy,
        grade_rounding: GradeRounding,
        credit_rounding: CreditRounding,
        fallback_order: Vec<MethodKind>,
    ) -> Result<Self, GradeError> {
        if fallback_order.is_empty() {
            return Err(GradeError::InvalidPolicy { reason: "the fallback order names no method".to_owned() });
        }
        for (index, method) in fallback_order.iter().enumerate() {
            if fallback_order[..index].contains(method) {
                return Err(GradeError::InvalidPolicy { reason: format!("the method {method} is listed twice") });
            }
        }
        Ok(Self { overlap, grade_rounding, credit_rounding, fallback_order })
    }

    /// How overlapping home grades are decided.
    pub fn overlap(&self) -> OverlapPolicy {
        self.overlap
    }

    /// How linear results are rounded.
    pub fn grade_rounding(&self) -> GradeRounding {
        self.grade_rounding
    }

    /// How converted credits are rounded.
    pub fn credit_rounding(&self) -> CreditRounding {
        self.credit_rounding
    }

    /// The methods to try, best first.
    pub fn fallback_order(&self) -> &[MethodKind] {
        &self.fallback_order
    }
}

impl Default for ConversionPolicy {
    /// Midpoint for overlaps (the "average" of the Users' Guide), nearest step for grades,
    /// nearest half credit for credits, and the order of preference: grading tables, fixed tables,
    /// linear. ECTS letters are left out until an institution opts in, because letters are
    /// only as good as the percentile claims behind them.
    fn default() -> Self {
        Self {
            overlap: OverlapPolicy::Midpoint,
            grade_rounding: GradeRounding::Nearest,
            credit_rounding: CreditRounding::NEAREST_HALF,
            fallback_order: vec![MethodKind::GradingTable, MethodKind::FixedTable, MethodKind::Linear],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for policy in OverlapPolicy::ALL {
            assert_eq!(OverlapPolicy::parse(policy.code()).unwrap(), policy);
        }
        for rounding in GradeRounding::ALL {
            assert_eq!(GradeRounding::parse(rounding.code()).unwrap(), rounding);
        }
        for method in MethodKind::ALL {
            assert_eq!(MethodKind::parse(method.code()).unwrap(), method);
        }
        assert_eq!(OverlapPolicy::parse("average").unwrap_err().code, "unknown");
    }

    #[test]
    fn a_policy_needs_distinct_methods() {
        let policy = |order| {
            ConversionPolicy::new(OverlapPolicy::Max, GradeRounding::Nearest, CreditRounding::NEAREST_TENTH, order)
        };
        assert_eq!(policy(vec![]).unwrap_err().code(), "invalid_policy");
        assert_eq!(policy(vec![MethodKind::Linear, MethodKind::Linear]).unwrap_err().code(), "invalid_policy");
        assert_eq!(policy(vec![MethodKind::Linear]).unwrap().fallback_order(), [MethodKind::Linear]);
        assert_eq!(ConversionPolicy::default().fallback_order()[0], MethodKind::GradingTable);
    }
}
