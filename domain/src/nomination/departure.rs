//! The departure guard: a student mobility goes `live` only with a learning agreement signed
//! by all three parties, unless an officer overrides it with a reason (Erasmus+ requires the
//! agreement before the mobility starts).

use crate::learning_agreement::AgreementKind;
use crate::mobility::ActivityType;

/// Why a mobility may not go live.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DepartureRefusal {
    /// No version of its learning agreement is signed by the participant and both
    /// institutions.
    #[error(
        "a {0} mobility goes live only with a learning agreement signed by the participant, the sending and the \
         receiving institution; an officer may override this with a reason (override_learning_agreement)"
    )]
    LearningAgreementUnsigned(ActivityType),
    /// The override came without a reason.
    #[error("overriding the learning agreement needs a reason")]
    OverrideReasonRequired,
}

impl DepartureRefusal {
    /// The problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::LearningAgreementUnsigned(_) => "learning_agreement_unsigned",
            Self::OverrideReasonRequired => "override_reason_required",
        }
    }
}

/// Checks that a mobility of `activity` may go live: `signed` says whether some version of
/// its agreement is signed by all three; `overridden` carries the override's reason, if one
/// was asked. Returns the override's reason when it was needed and given.
pub fn check_departure(
    activity: ActivityType,
    signed: bool,
    overridden: Option<&str>,
) -> Result<Option<String>, DepartureRefusal> {
    if signed || !AgreementKind::required_before_departure(activity) {
        return Ok(None);
    }
    match overridden.map(str::trim) {
        None => Err(DepartureRefusal::LearningAgreementUnsigned(activity)),
        Some("") => Err(DepartureRefusal::OverrideReasonRequired),
        Some(reason) => Ok(Some(reason.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn students_need_a_signed_agreement_or_an_override_staff_do_not() {
        let studies = ActivityType::StudentStudies;
        assert_eq!(check_departure(studies, true, None), Ok(None));
        assert_eq!(check_departure(studies, false, None), Err(DepartureRefusal::LearningAgreementUnsigned(studies)));
        assert_eq!(check_departure(studies, false, Some(" ")), Err(DepartureRefusal::OverrideReasonRequired));
        assert_eq!(check_departure(studies, false, Some("signed on paper")), Ok(Some("signed on paper".into())));
        assert_eq!(check_departure(ActivityType::StaffTeaching, false, None), Ok(None));
    }
}
