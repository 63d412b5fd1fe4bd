//! Whether a new nomination fits its condition's quota, and the coordinator's override.

use std::fmt;

use super::usage::{HeldPlaces, usage_of_held};
use super::{DurationUnit, Hundredths, LinkedMobility, QuotaUsage};
use crate::agreement::{AcademicYearRange, AgreementOutline, AgreementStatus, CooperationCondition, MobilityType};
use crate::wire_enum::{join_names, wire_enum};
use crate::{AcademicYear, EqfLevel};

/// A nomination to check against a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NominationRequest<'a, Id> {
    /// The mobility being nominated. If it already appears among the linked mobilities (a
    /// re-check, or a re-nomination after a rejection), that entry is ignored so that it is not
    /// counted twice.
    pub mobility_id: Id,
    /// The mobility's activity; it must be the condition's type.
    pub activity: MobilityType,
    /// The receiving institution's academic year of the mobility.
    pub academic_year: AcademicYear,
    /// The nominee's EQF level at nomination (students; `None` for staff or when unknown).
    pub eqf_level: Option<EqfLevel>,
    /// Planned duration in the condition's unit: months (students) or days (staff); > 0.
    pub planned: Hundredths,
    /// A coordinator's reason to nominate past the quota, if they chose to override.
    pub override_reason: Option<&'a str>,
}

wire_enum! {
    /// Which measure of a quota a nomination would exceed.
    pub enum QuotaMeasure ("quota measure") {
        /// People (`mobilities_per_year`).
        Places = "places",
        /// Student months (`total_months_per_year`).
        Months = "months",
        /// Staff days (`total_days_per_year`).
        Days = "days",
    }
}

/// One measure a nomination would push past the quota, with the numbers (places are whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaExcess {
    /// Places, months or days.
    pub measure: QuotaMeasure,
    /// What the condition allows for the year.
    pub allowed: Hundredths,
    /// What place-holding mobilities already use.
    pub used: Hundredths,
    /// What this nomination needs (1 place, or its planned months/days).
    pub requested: Hundredths,
}

impl fmt::Display for QuotaExcess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} allowed, {} used, {} requested (would make {})",
            self.measure,
            self.allowed,
            self.used,
            self.requested,
            self.used + self.requested
        )
    }
}

/// A recorded decision to nominate past the quota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaOverride {
    /// The coordinator's reason, trimmed and non-blank.
    pub reason: String,
    /// What the nomination exceeds.
    pub exceeded: Vec<QuotaExcess>,
}

/// An accepted nomination: the quota before and after, what the nomination holds, and the
/// override if one was needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NominationDecision {
    /// The quota without this nomination.
    pub before: QuotaUsage,
    /// The quota with it: one more place and [`NominationDecision::holds`] more months/days.
    pub after: QuotaUsage,
    /// The months/days the nomination holds (besides one place); cancelling or rejecting the
    /// mobility releases exactly this.
    pub holds: Hundredths,
    /// Present when the nomination passes the quota by a coordinator's override. An override
    /// reason given for a nomination within the quota is not needed and not recorded.
    pub quota_override: Option<QuotaOverride>,
}

/// Why a nomination is refused. Each refusal has a stable machine code ([`Self::code`]) and a
/// message naming the rule and the numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NominationRefusal {
    /// The agreement is terminated: no new nominations.
    #[error("the agreement is terminated and accepts no new nominations")]
    AgreementTerminated,
    /// The agreement does not bind for the year (not approved by both, or outside its period).
    #[error(
        "the agreement is not in effect for {academic_year}: it is {status} and covers {period}; nominations need an agreement approved by both partners covering the year"
    )]
    AgreementNotInEffect {
        /// The agreement's status.
        status: AgreementStatus,
        /// The agreement's period.
        period: AcademicYearRange,
        /// The nomination's year.
        academic_year: AcademicYear,
    },
    /// The mobility's activity is not the condition's type.
    #[error("a {activity} mobility cannot be nominated under a {condition} cooperation condition")]
    ActivityTypeMismatch {
        /// The condition's type.
        condition: MobilityType,
        /// The mobility's activity.
        activity: MobilityType,
    },
    /// The condition does not cover the year.
    #[error(
        "the cooperation condition covers {years}, not {academic_year} (first_academic_year..=last_academic_year, EWP IIAs specification)"
    )]
    AcademicYearOutsideCondition {
        /// The condition's years.
        years: AcademicYearRange,
        /// The nomination's year.
        academic_year: AcademicYear,
    },
    /// The condition limits EQF levels and the nominee's level is unknown.
    #[error(
        "the cooperation condition admits EQF levels {} only, and the nominee's EQF level is not given",
        join_names(allowed)
    )]
    EqfLevelRequired {
        /// The condition's levels.
        allowed: Vec<EqfLevel>,
    },
    /// The nominee's EQF level is not among the condition's.
    #[error(
        "the nominee's EQF level {level} is not among the cooperation condition's levels {} (EWP IIA eqf-level)",
        join_names(allowed)
    )]
    EqfLevelNotAllowed {
        /// The nominee's level.
        level: EqfLevel,
        /// The condition's levels.
        allowed: Vec<EqfLevel>,
    },
    /// The nomination gives no planned duration, so it could not be counted against months/days.
    #[error("a nomination needs a planned duration greater than 0 {unit} to count against the quota")]
    PlannedDurationRequired {
        /// Months or days.
        unit: DurationUnit,
    },
    /// Places or months/days would be exceeded and no override was given.
    #[error(
        "the quota for {academic_year} is exhausted — {}; a coordinator may override with a reason",
        join_names(exceeded)
    )]
    QuotaExhausted {
        /// The nomination's year.
        academic_year: AcademicYear,
        /// Every measure that would be exceeded (at least one).
        exceeded: Vec<QuotaExcess>,
    },
    /// An override was attempted with a blank reason.
    #[error("overriding the quota needs a reason — {}", join_names(exceeded))]
    OverrideReasonRequired {
        /// What the override would have covered.
        exceeded: Vec<QuotaExcess>,
    },
}

impl NominationRefusal {
    /// Stable machine code, e.g. `quota_exhausted`.
    pub fn code(&self) -> &'static str {
        match self {
            NominationRefusal::AgreementTerminated => "agreement_terminated",
            NominationRefusal::AgreementNotInEffect { .. } => "agreement_not_in_effect",
            NominationRefusal::ActivityTypeMismatch { .. } => "activity_type_mismatch",
            NominationRefusal::AcademicYearOutsideCondition { .. } => "academic_year_outside_condition",
            NominationRefusal::EqfLevelRequired { .. } => "eqf_level_required",
            NominationRefusal::EqfLevelNotAllowed { .. } => "eqf_level_not_allowed",
            NominationRefusal::PlannedDurationRequired { .. } => "planned_duration_required",
            NominationRefusal::QuotaExhausted { .. } => "quota_exhausted",
            NominationRefusal::OverrideReasonRequired { .. } => "override_reason_required",
        }
    }
}

/// Decides whether a nomination fits `condition` of `agreement`, given the
/// mobilities linked to the condition. Checks, in this order: the agreement is not terminated
/// and is in effect for the year; the activity matches the condition; the condition covers the
/// year; the nominee's EQF level is allowed when levels are set; a planned duration is given;
/// one more place and the planned months/days fit.
///
/// Only the quota can be overridden: a coordinator's non-blank reason lets a nomination pass
/// places and months/days, and the decision records it. Agreement, year and EQF rules hold
/// regardless (EWP: students of other levels "SHOULD NOT be able to apply").
///
/// The caller runs this inside the transaction that records the nomination, with the linked
/// mobilities read under that transaction's lock, so two nominations never share a place.
pub fn check_nomination<Id: PartialEq>(
    agreement: &AgreementOutline,
    condition: &CooperationCondition,
    linked: &[LinkedMobility<Id>],
    request: &NominationRequest<'_, Id>,
) -> Result<NominationDecision, NominationRefusal> {
    let others = linked.iter().filter(|m| m.id != request.mobility_id);
    check_nomination_against(agreement, condition, HeldPlaces::of(request.academic_year, others), request)
}

/// [`check_nomination`] given what the condition's *other* place-holding mobilities of the
/// year hold (`held`, the nominated mobility left out), as a store counts it.
pub fn check_nomination_against<Id>(
    agreement: &AgreementOutline,
    condition: &CooperationCondition,
    held: HeldPlaces,
    request: &NominationRequest<'_, Id>,
) -> Result<NominationDecision, NominationRefusal> {
    let year = request.academic_year;
    if !agreement.status.accepts_nominations() {
        return Err(NominationRefusal::AgreementTerminated);
    }
    if !agreement.in_effect_for(year) {
        return Err(NominationRefusal::AgreementNotInEffect {
            status: agreement.status,
            period: agreement.period,
            academic_year: year,
        });
    }
    if condition.mobility_type() != request.activity {
        return Err(NominationRefusal::ActivityTypeMismatch {
            condition: condition.mobility_type(),
            activity: request.activity,
        });
    }
    if !condition.covers(year) {
        return Err(NominationRefusal::AcademicYearOutsideCondition { years: condition.years(), academic_year: year });
    }
    if !condition.allows_eqf(request.eqf_level) {
        let allowed = condition.eqf_levels().iter().copied().collect();
        return Err(match request.eqf_level {
            None => NominationRefusal::EqfLevelRequired { allowed },
            Some(level) => NominationRefusal::EqfLevelNotAllowed { level, allowed },
        });
    }
    if request.planned.is_zero() {
        return Err(NominationRefusal::PlannedDurationRequired { unit: condition.duration_unit() });
    }

    let before = usage_of_held(condition, year, held);
    let exceeded = excesses(&before, request.planned);
    let decision = |quota_override| NominationDecision {
        before,
        after: before.after_adding(request.planned),
        holds: request.planned,
        quota_override,
    };
    if exceeded.is_empty() {
        return Ok(decision(None));
    }
    match request.override_reason.map(str::trim) {
        None => Err(NominationRefusal::QuotaExhausted { academic_year: year, exceeded }),
        Some("") => Err(NominationRefusal::OverrideReasonRequired { exceeded }),
        Some(reason) => Ok(decision(Some(QuotaOverride { reason: reason.to_owned(), exceeded }))),
    }
}

/// The measures that one more mobility of `planned` would push past `usage`'s allowance.
fn excesses(usage: &QuotaUsage, planned: Hundredths) -> Vec<QuotaExcess> {
    let mut exceeded = Vec::new();
    let places = usage.places;
    if places.used.saturating_add(1) > places.allowed {
        exceeded.push(QuotaExcess {
            measure: QuotaMeasure::Places,
            allowed: Hundredths::whole(places.allowed),
            used: Hundredths::whole(places.used),
            requested: Hundredths::whole(1),
        });
    }
    let amount = usage.amount;
    if amount.used + planned > amount.allowed {
        exceeded.push(QuotaExcess {
            measure: match usage.unit {
                DurationUnit::Months => QuotaMeasure::Months,
                DurationUnit::Days => QuotaMeasure::Days,
            },
            allowed: amount.allowed,
            used: amount.used,
            requested: planned,
        });
    }
    exceeded
}

#[cfg(test)]
mod tests;
