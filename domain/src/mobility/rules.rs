//! The rules a mobility must meet to be nominated: who may do what, for how long, how many
//! teaching hours, and no overlap with the person's other mobilities.

use std::fmt;

use super::{
    ActivityType, DateRange, DurationBand, DurationOutOfRange, MobilityProgramme, ParticipantKind, PersonMobility,
    StudentActivityAttribute, TeachingHoursTooFew, check_teaching_hours, overlapping_mobilities,
};
use crate::amount::Hundredths;

/// A planned mobility about to be nominated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NominationPlan<Id> {
    /// The mobility's id (skipped when looking for overlaps).
    pub mobility_id: Id,
    /// Student or staff.
    pub participant: ParticipantKind,
    /// Erasmus+ KA131, KA171, bilateral or other.
    pub programme: MobilityProgramme,
    /// Studies, traineeship, teaching or training.
    pub activity: ActivityType,
    /// Students: long-term or short-term format; `None` means long-term.
    pub attribute: Option<StudentActivityAttribute>,
    /// The planned activity period, travel days excluded (for blended mobilities: the
    /// physical part).
    pub period: DateRange,
    /// Staff teaching: the planned teaching hours.
    pub teaching_hours: Option<Hundredths>,
    /// Staff teaching combined with training (lowers the weekly minimum to 4 hours).
    pub combined_with_training: bool,
}

/// A rule a planned mobility breaks. [`Self::code`] is stable; the message names the rule and
/// the numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NominationRuleViolation<Id> {
    /// The activity is for the other kind of participant (students study and train; staff
    /// teach and train).
    ActivityNotForParticipant {
        /// The participant's kind.
        participant: ParticipantKind,
        /// The planned activity.
        activity: ActivityType,
    },
    /// A student attribute was given for a staff mobility.
    AttributeNotForStaff {
        /// The attribute given.
        attribute: StudentActivityAttribute,
    },
    /// The period is outside the Erasmus+ duration band.
    Duration(DurationOutOfRange),
    /// An Erasmus+ staff teaching mobility without planned teaching hours.
    TeachingHoursRequired,
    /// Too few teaching hours for the period.
    TeachingHours(TeachingHoursTooFew),
    /// The person already holds a non-cancelled mobility overlapping the period.
    Overlap {
        /// The other mobility.
        other: Id,
        /// Its period.
        other_period: DateRange,
        /// The planned period.
        period: DateRange,
    },
}

impl<Id> NominationRuleViolation<Id> {
    /// Stable machine code, e.g. `duration_too_short`, `overlapping_mobility`.
    pub fn code(&self) -> &'static str {
        match self {
            NominationRuleViolation::ActivityNotForParticipant { .. } => "activity_not_for_participant",
            NominationRuleViolation::AttributeNotForStaff { .. } => "attribute_not_for_staff",
            NominationRuleViolation::Duration(d) => d.code(),
            NominationRuleViolation::TeachingHoursRequired => "teaching_hours_required",
            NominationRuleViolation::TeachingHours(_) => "teaching_hours_too_few",
            NominationRuleViolation::Overlap { .. } => "overlapping_mobility",
        }
    }
}

impl<Id: fmt::Display> fmt::Display for NominationRuleViolation<Id> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NominationRuleViolation::ActivityNotForParticipant { participant, activity } => {
                write!(f, "a {participant} cannot take part in a {activity} mobility")
            }
            NominationRuleViolation::AttributeNotForStaff { attribute } => {
                write!(f, "{attribute} describes student mobilities; a staff mobility has no such attribute")
            }
            NominationRuleViolation::Duration(d) => d.fmt(f),
            NominationRuleViolation::TeachingHoursRequired => f.write_str(
                "an Erasmus+ staff teaching mobility needs its planned teaching hours (at least 8 per week)",
            ),
            NominationRuleViolation::TeachingHours(t) => t.fmt(f),
            NominationRuleViolation::Overlap { other, other_period, period } => write!(
                f,
                "one person cannot hold two overlapping mobilities: the planned period {period} overlaps mobility {other} ({other_period})"
            ),
        }
    }
}

impl<Id: fmt::Debug + fmt::Display> std::error::Error for NominationRuleViolation<Id> {}

/// Every rule `plan` breaks, in a stable order (empty when it may be nominated):
/// - the activity suits the participant, and staff carry no student attribute;
/// - Erasmus+ (KA131, KA171) only: the period lies within its [`DurationBand`], and a staff
///   teaching mobility plans enough teaching hours ([`super::minimum_teaching_hours`]);
/// - always: no overlap with the person's other non-cancelled mobilities (`others`).
///
/// Bilateral and other exchanges set their own durations, so only the first and last rules
/// apply to them.
pub fn check_nomination_rules<Id: PartialEq + Clone>(
    plan: &NominationPlan<Id>,
    others: &[PersonMobility<Id>],
) -> Vec<NominationRuleViolation<Id>> {
    let mut violations = Vec::new();
    if plan.activity.participant_kind() != plan.participant {
        violations.push(NominationRuleViolation::ActivityNotForParticipant {
            participant: plan.participant,
            activity: plan.activity,
        });
    }
    let is_staff = !plan.activity.is_student();
    if let Some(attribute) = plan.attribute.filter(|_| is_staff) {
        violations.push(NominationRuleViolation::AttributeNotForStaff { attribute });
    }
    if let Some(band) = DurationBand::applying_to(plan.programme, plan.activity, plan.attribute)
        && let Err(out_of_range) = band.check(plan.period)
    {
        violations.push(NominationRuleViolation::Duration(out_of_range));
    }
    if plan.programme.is_erasmus() && plan.activity == ActivityType::StaffTeaching {
        match plan.teaching_hours {
            None => violations.push(NominationRuleViolation::TeachingHoursRequired),
            Some(hours) => {
                if let Err(too_few) = check_teaching_hours(plan.period.days(), hours, plan.combined_with_training) {
                    violations.push(NominationRuleViolation::TeachingHours(too_few));
                }
            }
        }
    }
    for other in overlapping_mobilities(&plan.mobility_id, plan.period, others) {
        violations.push(NominationRuleViolation::Overlap {
            other: other.id.clone(),
            other_period: other.period,
            period: plan.period,
        });
    }
    violations
}

#[cfg(test)]
mod tests;
