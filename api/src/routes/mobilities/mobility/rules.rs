//! What a mobility must satisfy before it is stored (created or changed): its references,
//! no overlap with the person's other mobilities, and, when it holds a place, the nomination
//! rules and the quota. The rules are the domain's (`mobility::check_references`,
//! `nomination::check_place`); this module reads their facts once, in the handler's write
//! transaction, and maps their refusals.
//!
//! A status change of a stored mobility does not come here: it is one use case,
//! `mobilities::change_status_by_rules`.

use iro_domain::mobility::{
    MobilityData, NominationRuleViolation, ParticipantKind, PersonMobility, ReferenceFacts, check_references,
    overlapping_mobilities,
};
use iro_domain::nomination::{PlaceFacts, check_place};
use iro_domain::quota::HeldPlaces;
use iro_domain::{GrantId, MobilityId};
use iro_persistence::repositories::grants::projects as grants;
use iro_persistence::repositories::mobilities;
use iro_persistence::{DbConnection, RepoError};

use crate::auth::{Access, Principal};
use crate::error::{ApiError, ApiResult, FieldError, reference_problems};

/// The facts of a mobility about to be stored, read once its references are confirmed.
#[derive(Debug)]
pub struct Confirmed {
    participant: ParticipantKind,
    references: ReferenceFacts,
    person_mobilities: Vec<PersonMobility<MobilityId>>,
}

/// Reads the records `data` names and the person's mobilities, and checks the references
/// (422 `validation_failed` naming each field). For a mobility that `holds_place`, locks its
/// cooperation condition first, so that what the place check reads afterwards cannot change
/// before the transaction ends (on PostgreSQL concurrent nominations under the condition
/// queue there; SQLite's immediate transaction already serialises them).
pub fn confirm(conn: &mut DbConnection, data: &MobilityData, holds_place: bool) -> ApiResult<Confirmed> {
    if holds_place && let Some(condition) = data.condition_id {
        match mobilities::lock_condition(conn, condition) {
            // An unknown condition is reported with the other references below.
            Ok(()) | Err(RepoError::NotFound) => {}
            Err(other) => return Err(other.into()),
        }
    }
    let references = mobilities::reference_facts(conn, data)?;
    let participant = check_references(data, &references).map_err(|problems| reference_problems(&problems))?;
    let person_mobilities = mobilities::of_person(conn, data.person_id)?;
    Ok(Confirmed { participant, references, person_mobilities })
}

/// Checks that the mobility may hold a place: the nomination rules and the quota
/// (`nomination::check_place`), with the facts [`confirm`] read under the condition's lock
/// and the mobilities linked to the condition. Returns the override reason to record when
/// the mobility passes the quota by an override.
pub fn check_holding_place(
    conn: &mut DbConnection,
    id: MobilityId,
    data: &MobilityData,
    confirmed: &Confirmed,
    override_reason: Option<&str>,
) -> ApiResult<Option<String>> {
    let linked = match (data.agreement_id, data.condition_id) {
        (Some(_), Some(condition)) => mobilities::linked_to_condition(conn, condition)?,
        _ => Vec::new(),
    };
    let held = HeldPlaces::of(data.academic_year, linked.iter().filter(|m| m.id != id));
    let facts = PlaceFacts::of(data, confirmed.participant, &confirmed.references, &confirmed.person_mobilities, held);
    Ok(check_place(id, data, &facts, override_reason)?.map(|granted| granted.reason))
}

/// Refuses a period that overlaps another non-cancelled mobility of the same person
/// (409 `overlapping_mobility`): checked whenever a mobility is stored, not only at nomination.
pub fn check_overlap(id: MobilityId, data: &MobilityData, confirmed: &Confirmed) -> ApiResult<()> {
    let others = &confirmed.person_mobilities;
    let Some(other) = overlapping_mobilities(&id, data.effective_period(), others).into_iter().next() else {
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

/// Checks the mobility's grant when it is set or changed (`previous` is the stored one): only
/// the office assigns grants (403 otherwise), the grant must exist and fund the mobility's
/// programme (422 on `grant_id`). Nothing is read when the grant stays as it was.
pub fn check_grant(
    conn: &mut DbConnection,
    principal: &Principal,
    data: &MobilityData,
    previous: Option<GrantId>,
) -> ApiResult<()> {
    if data.grant_id == previous {
        return Ok(());
    }
    principal.require(Access::AssignGrants)?;
    let Some(id) = data.grant_id else { return Ok(()) };
    let grant = match grants::find(conn, id) {
        Err(RepoError::NotFound) => {
            return Err(ApiError::Validation(vec![FieldError::new(
                "grant_id",
                "unknown",
                format!("no grant project {id}"),
            )]));
        }
        other => other?,
    };
    if grant.data.programme() != data.programme {
        return Err(ApiError::Validation(vec![FieldError::new(
            "grant_id",
            "grant_programme_mismatch",
            format!(
                "grant project {} funds {} mobilities, this one is {}",
                grant.data.number,
                grant.data.programme(),
                data.programme
            ),
        )]));
    }
    Ok(())
}
