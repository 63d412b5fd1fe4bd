//! Which mobilities a caller may see and change: faculty coordinators those of their units,
//! participants their own, the office all. Used by every context that serves a mobility.

use iro_domain::mobility::{Mobility, MobilityData};
use iro_domain::person::Person;
use iro_domain::{Direction, MobilityId, Role, UserId};
use iro_persistence::repositories::mobilities::{self, MobilityScope};
use iro_persistence::repositories::{agreements, people};
use iro_persistence::{DbConnection, RepoError};

use crate::auth::{Access, Principal, Subject};
use crate::error::{ApiError, ApiResult};

/// The mobilities the caller may see.
pub fn scope_of(principal: &Principal) -> MobilityScope {
    match (principal.role, principal.subject) {
        (Role::FacultyCoordinator, _) => MobilityScope::Units(principal.unit_ids.clone()),
        (Role::Participant, Subject::User(user)) => MobilityScope::Account(user),
        (Role::Participant, Subject::Client(_)) => MobilityScope::Units(vec![]),
        _ => MobilityScope::All,
    }
}

/// Whether a faculty coordinator's units send (outgoing) or host (incoming) the mobility.
fn of_coordinated_unit(principal: &Principal, data: &MobilityData) -> bool {
    data.local_unit_id().is_some_and(|u| principal.coordinates(u))
}

/// Finds a mobility the caller may see (404 otherwise), with its person.
pub fn find_visible(conn: &mut DbConnection, principal: &Principal, id: MobilityId) -> ApiResult<Mobility> {
    let mobility = mobilities::find(conn, id)?;
    let visible = match principal.role {
        Role::FacultyCoordinator => of_coordinated_unit(principal, &mobility.data),
        Role::Participant => is_own(conn, principal, &mobility.data)?,
        _ => true,
    };
    if visible { Ok(mobility) } else { Err(RepoError::NotFound.into()) }
}

/// Whether the mobility's person is the caller.
fn is_own(conn: &mut DbConnection, principal: &Principal, data: &MobilityData) -> ApiResult<bool> {
    Ok(own_person(conn, principal, data)?.is_some())
}

/// The mobility's person, if it is the caller.
fn own_person(conn: &mut DbConnection, principal: &Principal, data: &MobilityData) -> ApiResult<Option<Person>> {
    // A client has no person: no need to read one.
    if principal.user_id().is_none() {
        return Ok(None);
    }
    // A person that does not exist is nobody's own: 403 like any other person's, so a
    // participant can neither learn which person ids exist nor get an undocumented 404.
    match people::find(conn, data.person_id) {
        Ok(person) if is_account(principal, person.data.user_id) => Ok(Some(person)),
        Ok(_) | Err(RepoError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Whether the caller is the user `owner` (the account linked to a mobility's person).
fn is_account(principal: &Principal, owner: Option<UserId>) -> bool {
    owner.is_some() && principal.user_id() == owner
}

/// [`find_visible`] and [`require_write`] for a mobility already read (with its person's
/// account, `owner`): 404 unless the caller may see it, 403 unless they may change it.
pub fn require_write_of(principal: &Principal, data: &MobilityData, owner: Option<UserId>) -> ApiResult<()> {
    let visible = match principal.role {
        Role::FacultyCoordinator => of_coordinated_unit(principal, data),
        Role::Participant => is_account(principal, owner),
        _ => true,
    };
    if !visible {
        return Err(RepoError::NotFound.into());
    }
    require_write(principal, data)
}

/// Fails with 403 unless the caller may change the mobility (participants never; faculty
/// coordinators only their units' mobilities).
pub fn require_write(principal: &Principal, data: &MobilityData) -> ApiResult<()> {
    principal.require(Access::WriteMobilities)?;
    match principal.role {
        Role::Participant => Err(ApiError::Forbidden(
            "participants may create their own application; other changes are the office's".to_owned(),
        )),
        Role::FacultyCoordinator if !of_coordinated_unit(principal, data) => Err(ApiError::Forbidden(
            "a faculty coordinator manages only outgoing mobilities sent from, and incoming mobilities hosted by, \
             their units"
                .to_owned(),
        )),
        _ => Ok(()),
    }
}

/// Fails with 403 unless a participant's new mobility is their own outgoing application under
/// an agreement in force, leaving to the office what the office decides: the actual dates
/// (recorded when the mobility starts and ends) and the sending faculty, which can only be the
/// participant's own (`home_unit_id`) or left for the office to fill in.
pub fn require_own_application(conn: &mut DbConnection, principal: &Principal, data: &MobilityData) -> ApiResult<()> {
    if principal.role != Role::Participant {
        return require_write(principal, data);
    }
    let open = match data.agreement_id {
        Some(agreement) => agreements::find(conn, agreement).map(|a| a.in_force()).unwrap_or(false),
        None => false,
    };
    let person = own_person(conn, principal, data)?;
    let Some(person) = person.filter(|_| data.direction == Direction::Outgoing && open) else {
        return Err(ApiError::Forbidden(
            "a participant may only apply for their own outgoing mobility under an agreement in force".to_owned(),
        ));
    };
    if data.actual_start.is_some() || data.actual_end.is_some() {
        return Err(ApiError::Forbidden(
            "actual_start and actual_end are recorded by the office when the mobility starts and ends; leave them \
             out of an application"
                .to_owned(),
        ));
    }
    if data.sending.unit_id.is_some_and(|unit| Some(unit) != person.data.home_unit_id) {
        return Err(ApiError::Forbidden(
            "a participant applies from their own faculty: sending_unit_id must be the person's home_unit_id, or \
             left out for the office to choose"
                .to_owned(),
        ));
    }
    Ok(())
}
