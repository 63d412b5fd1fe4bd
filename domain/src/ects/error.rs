//! Why an ECTS credit or grade operation was refused: one enum per concern, with stable codes.

use crate::{EqfLevel, InvalidValue, IscedCode};

/// Why a grading scale, point bands, a grading table, a fixed table, a policy or a grade
/// conversion was refused. [`GradeError::code`] is stable and machine-readable; the message
/// explains it to a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    /// The scale's definition is inconsistent (too few grades, duplicate labels, a pass mark
    /// that is not a grade, passes below fails …).
    #[error("invalid grading scale {scale}: {reason}")]
    InvalidScale {
        /// The scale's code.
        scale: String,
        /// What is wrong.
        reason: String,
    },
    /// A grade that the scale does not have.
    #[error("grade {grade:?} is not on the scale {scale}")]
    GradeNotOnScale {
        /// The scale's code.
        scale: String,
        /// The grade as given.
        grade: String,
    },
    /// A scale or grading table without a single passing grade.
    #[error("{what} has no passing grades")]
    NoPassingGrades {
        /// The scale or table.
        what: String,
    },
    /// A failing grade must map to a failing grade, but the target scale has none (the
    /// Italian 18–30 scale records no fails).
    #[error("the scale {scale} has no failing grade, so a fail cannot be expressed on it")]
    NoFailingGrades {
        /// The target scale's code.
        scale: String,
    },
    /// A reference group without an institution or without any academic year.
    #[error("empty reference group: {reason}")]
    EmptyReferenceGroup {
        /// What is missing.
        reason: String,
    },
    /// Host and home grading tables describe different cycles (EQF levels).
    #[error("the host grading table is for EQF level {host}, the home one for EQF level {home}")]
    CycleMismatch {
        /// The host table's cycle.
        host: EqfLevel,
        /// The home table's cycle.
        home: EqfLevel,
    },
    /// Host and home grading tables describe different ISCED-F fields.
    #[error("the host grading table is for ISCED-F {host}, the home one for ISCED-F {home}")]
    FieldMismatch {
        /// The host table's field.
        host: IscedCode,
        /// The home table's field.
        home: IscedCode,
    },
    /// A grading table whose counts are inconsistent (a grade listed twice, a failing grade
    /// counted, a blank institution …).
    #[error("invalid grading table: {reason}")]
    InvalidTable {
        /// What is wrong.
        reason: String,
    },
    /// Point bands that overlap, leave gaps or contradict the scale.
    #[error("invalid point bands {bands}: {reason}")]
    InvalidBands {
        /// The bands' name.
        bands: String,
        /// What is wrong.
        reason: String,
    },
    /// A points total outside the bands' range.
    #[error("{points} points is outside 0–{max}")]
    PointsOutOfRange {
        /// The points given.
        points: String,
        /// The maximum.
        max: String,
    },
    /// The linear formula cannot be applied to this scale (not numeric, or only one passing
    /// grade so Nmax − Nmin is zero).
    #[error("linear conversion does not apply to the scale {scale}: {reason}")]
    LinearNotApplicable {
        /// The scale's code.
        scale: String,
        /// Why not.
        reason: String,
    },
    /// A fixed table or the ECTS letters give no result for this grade.
    #[error("{table} gives no result for the grade {grade}")]
    UnmappedGrade {
        /// The table or letter mapping.
        table: String,
        /// The grade as given.
        grade: String,
    },
    /// A fixed table that maps a pass to a fail (or the reverse), is not monotonic, or lists
    /// a grade twice.
    #[error("invalid fixed table {table}: {reason}")]
    InvalidMapping {
        /// The table's name.
        table: String,
        /// What is wrong.
        reason: String,
    },
    /// A conversion policy without methods or with a method listed twice.
    #[error("invalid conversion policy: {reason}")]
    InvalidPolicy {
        /// What is wrong.
        reason: String,
    },
    /// None of the policy's methods could convert the grade.
    #[error("no conversion method applies: {}", reasons.join("; "))]
    NoConversionMethod {
        /// Why each method was not available, in the policy's order.
        reasons: Vec<String>,
    },
}

impl GradeError {
    /// The stable machine code, e.g. `grade_not_on_scale`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidScale { .. } => "invalid_scale",
            Self::GradeNotOnScale { .. } => "grade_not_on_scale",
            Self::NoPassingGrades { .. } => "no_passing_grades",
            Self::NoFailingGrades { .. } => "no_failing_grades",
            Self::EmptyReferenceGroup { .. } => "empty_reference_group",
            Self::CycleMismatch { .. } => "cycle_mismatch",
            Self::FieldMismatch { .. } => "field_mismatch",
            Self::InvalidTable { .. } => "invalid_table",
            Self::InvalidBands { .. } => "invalid_bands",
            Self::PointsOutOfRange { .. } => "points_out_of_range",
            Self::LinearNotApplicable { .. } => "linear_not_applicable",
            Self::UnmappedGrade { .. } => "unmapped_grade",
            Self::InvalidMapping { .. } => "invalid_mapping",
            Self::InvalidPolicy { .. } => "invalid_policy",
            Self::NoConversionMethod { .. } => "no_conversion_method",
        }
    }
}

/// Why a credit system, a rounding rule or a credit conversion was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditError {
    /// A credit system with a blank code, zero credits a year or an impossible workload.
    #[error("invalid credit system: {reason}")]
    InvalidCreditSystem {
        /// What is wrong.
        reason: String,
    },
    /// A rounding step that does not divide one credit.
    #[error("invalid credit rounding: {reason}")]
    InvalidRounding {
        /// What is wrong.
        reason: String,
    },
    /// The system's hours per credit are not known (Serbia, Bulgaria: no public source found), so a
    /// workload cannot be turned into its credits.
    #[error("the hours per credit of {system} are not known")]
    UnknownWorkload {
        /// The system's code.
        system: String,
    },
    /// The result would exceed the largest amount of credits accepted.
    #[error("the result {credits} credits is above the maximum of 1000")]
    CreditsOutOfRange {
        /// The unrounded result.
        credits: String,
    },
}

impl CreditError {
    /// The stable machine code, e.g. `unknown_workload`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidCreditSystem { .. } => "invalid_credit_system",
            Self::InvalidRounding { .. } => "invalid_rounding",
            Self::UnknownWorkload { .. } => "unknown_workload",
            Self::CreditsOutOfRange { .. } => "credits_out_of_range",
        }
    }
}

/// Lets the API report a grade error like any refused value: same code, same message.
impl From<GradeError> for InvalidValue {
    fn from(error: GradeError) -> Self {
        Self { code: error.code(), message: error.to_string() }
    }
}

/// Lets the API report a credit error like any refused value: same code, same message.
impl From<CreditError> for InvalidValue {
    fn from(error: CreditError) -> Self {
        Self { code: error.code(), message: error.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_carried_into_invalid_value() {
        let error = GradeError::GradeNotOnScale { scale: "MK".into(), grade: "11".into() };
        assert_eq!(error.code(), "grade_not_on_scale");
        let invalid = InvalidValue::from(error);
        assert_eq!(invalid.code, "grade_not_on_scale");
        assert_eq!(invalid.message, "grade \"11\" is not on the scale MK");
        assert_eq!(CreditError::UnknownWorkload { system: "RS".into() }.code(), "unknown_workload");
    }
}
