//! What a mobility must satisfy before it is stored or takes a place: its references, who
//! may write it, and the nomination rules and quota, checked under the condition's lock.

use iro_domain::agreement::AgreementStatus;
use iro_domain::mobility::{
    MobilityData, NominationPlan, NominationRuleViolation, check_nomination_rules, overlapping_mobilities,
};
use iro_domain::person::Person;
use iro_domain::quota::{NominationRequest, check_nomination};
use iro_domain::{Direction, MobilityId};
use iro_persistence::repositories::agreements::{self, conditions};
use iro_persistence::repositories::mobilities::{self};
use iro_persistence::repositories::{institutions, people};
use iro_persistence::{DbConnection, RepoError};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::routes::shared::references::unit_of;

/// Checks the references the database must confirm: the person exists and is of the
/// activity's kind; institutions and units exist; one side is our university; a condition
/// belongs to the agreement and names the same institutions.
pub fn check_references(conn: &mut DbConnection, data: &MobilityData) -> ApiResult<Person> {
    let mut errors = Vec::new();
    let person = match people::find(conn, data.person_id) {
        Ok(person) => Some(person),
        Err(RepoError::NotFound) => {
            errors.push(FieldError::new("person_id", "unknown", "no person has this id"));
            None
        }
        Err(other) => return Err(other.into()),
    };
    let local = institutions::find_local(conn)?.map(|i| i.id);
    for (field, side) in [("sending", data.sending), ("receiving", data.receiving)] {
        match institutions::find(conn, side.institution_id) {
            Ok(_) => {
                if let Some(unit) = side.unit_id
                    && !unit_of(conn, Some(side.institution_id), unit)?
                {
                    errors.push(FieldError::new(
                        format!("{field}_unit_id"),
                        "unknown",
                        format!("{field}_unit_id must name a unit of the {field} institution"),
                    ));
                }
            }
            Err(RepoError::NotFound) => {
                errors.push(FieldError::new(format!("{field}_institution_id"), "unknown", "no institution has this id"))
            }
            Err(other) => return Err(other.into()),
        }
    }
    let (ours, partner, ours_field) = match data.direction {
        Direction::Outgoing => (data.sending.institution_id, data.receiving.institution_id, "sending_institution_id"),
        Direction::Incoming => (data.receiving.institution_id, data.sending.institution_id, "receiving_institution_id"),
    };
    if local != Some(ours) || ours == partner {
        errors.push(FieldError::new(
            ours_field,
            "range",
            format!("an {} mobility's {ours_field} must be our university, the other side a partner", data.direction),
        ));
    }
    if let Some(agreement_id) = data.agreement_id {
        match agreements::find(conn, agreement_id) {
            Ok(agreement) => {
                if agreement.data.partner_institution_id != partner {
                    errors.push(FieldError::new("agreement_id", "range", "the agreement is with another partner"));
                }
                if let Some(condition_id) = data.condition_id {
                    match conditions::find(conn, agreement_id, condition_id) {
                        Ok(c) => {
                            if c.data.sending.institution_id != data.sending.institution_id
                                || c.data.receiving.institution_id != data.receiving.institution_id
                            {
                                errors.push(FieldError::new(
                                    "condition_id",
                                    "range",
                                    "the cooperation condition is for the other direction",
                                ));
                            }
                        }
                        Err(RepoError::NotFound) => errors.push(FieldError::new(
                            "condition_id",
                            "unknown",
                            "the agreement has no cooperation condition with this id",
                        )),
                        Err(other) => return Err(other.into()),
                    }
                }
            }
            Err(RepoError::NotFound) => {
                errors.push(FieldError::new("agreement_id", "unknown", "no agreement has this id"))
            }
            Err(other) => return Err(other.into()),
        }
    }
    match person {
        Some(person) if errors.is_empty() => Ok(person),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Checks that the mobility may hold a place, atomically with the write that follows: the
/// caller is inside `write_transaction`. Locks the cooperation condition's row first (on
/// PostgreSQL, concurrent nominations under the condition queue here; on SQLite the
/// immediate transaction already serialises them), then counts the places held and applies
/// the domain's rules (`check_nomination_rules`, `quota::check_nomination`). Returns the
/// override reason to record when the nomination passes the quota by an override.
pub fn check_place(
    conn: &mut DbConnection,
    id: MobilityId,
    data: &MobilityData,
    person: &Person,
    override_reason: Option<&str>,
) -> ApiResult<Option<String>> {
    if let Some(condition_id) = data.condition_id {
        mobilities::lock_condition(conn, condition_id)?;
    }
    let plan = NominationPlan {
        mobility_id: id,
        participant: person.data.kind,
        programme: data.programme,
        activity: data.activity_type,
        attribute: data.activity_attribute,
        period: data.planned,
        teaching_hours: data.teaching_hours,
        combined_with_training: data.combined_with_training,
    };
    let others = mobilities::of_person(conn, data.person_id)?;
    let violations = check_nomination_rules(&plan, &others);
    if let Some(first) = violations.first() {
        let errors = violations.iter().map(|v| FieldError::new(rule_field(v), v.code(), v.to_string())).collect();
        let detail = violations.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        return Err(match first {
            NominationRuleViolation::Overlap { .. } => ApiError::Conflict { code: first.code(), detail, errors },
            _ => ApiError::Rule { code: first.code(), detail, errors },
        });
    }
    let (Some(agreement_id), Some(condition_id)) = (data.agreement_id, data.condition_id) else {
        if let Some(agreement_id) = data.agreement_id {
            let agreement = agreements::find(conn, agreement_id)?;
            if agreement.status == AgreementStatus::Terminated {
                return Err(iro_domain::quota::NominationRefusal::AgreementTerminated.into());
            }
        }
        return Ok(None);
    };
    let agreement = agreements::find(conn, agreement_id)?;
    let condition = conditions::find(conn, agreement_id, condition_id)?;
    let local = institutions::find_local(conn)?
        .ok_or_else(|| ApiError::Internal("our own university is not registered".to_owned()))?;
    let partner = institutions::find(conn, agreement.data.partner_institution_id)?;
    let outline = agreement.outline(local.data.hei_id, partner.data.hei_id);
    let linked = mobilities::linked_to_condition(conn, condition_id)?;
    let request = NominationRequest {
        mobility_id: id,
        activity: data.activity_type,
        academic_year: data.academic_year,
        eqf_level: data.eqf_level,
        planned: data.planned_duration(),
        override_reason,
    };
    let decision = check_nomination(&outline, &condition.data.terms, &linked, &request)?;
    Ok(decision.quota_override.map(|o| o.reason))
}

/// Refuses a period that overlaps another non-cancelled mobility of the same person
/// (409 `overlapping_mobility`): checked whenever a mobility is stored, not only at nomination.
pub fn check_overlap(conn: &mut DbConnection, id: MobilityId, data: &MobilityData) -> ApiResult<()> {
    let others = mobilities::of_person(conn, data.person_id)?;
    let Some(other) = overlapping_mobilities(&id, data.effective_period(), &others).into_iter().next() else {
        return Ok(());
    };
    let violation = NominationRuleViolation::Overlap {
        other: other.id,
        other_period: other.period,
        period: data.effective_period(),
    };
    Err(ApiError::Conflict {
        code: violation.code(),
        detail: violation.to_string(),
        errors: vec![FieldError::new("planned_start", violation.code(), violation.to_string())],
    })
}

/// The request field a rule violation is about.
fn rule_field(violation: &NominationRuleViolation<MobilityId>) -> &'static str {
    match violation {
        NominationRuleViolation::ActivityNotForParticipant { .. } => "activity_type",
        NominationRuleViolation::AttributeNotForStaff { .. } => "activity_attribute",
        NominationRuleViolation::Duration(_) | NominationRuleViolation::Overlap { .. } => "planned_end",
        NominationRuleViolation::TeachingHoursRequired | NominationRuleViolation::TeachingHours(_) => "teaching_hours",
    }
}
