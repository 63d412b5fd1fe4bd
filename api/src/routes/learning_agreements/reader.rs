//! Who may do what with a mobility's learning agreement, at faculty level: whoever sees the
//! mobility reads it (404 otherwise); the office and the coordinator of our unit (the sending
//! unit's for an outgoing mobility, the hosting unit's for an incoming one) prepare it and sign
//! our side, recording the partner's signature with its evidence; the participant signs their
//! own side.

use iro_domain::learning_agreement::Side;
use iro_domain::mobility::Mobility;
use iro_domain::{Direction, MobilityId, Role};
use iro_persistence::DbConnection;

use crate::auth::{Access, Principal};
use crate::error::{ApiError, ApiResult};
use crate::routes::shared::mobility_access;

/// How a signature comes to be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    /// The signer signs here, for themself.
    InPerson,
    /// The signature was given elsewhere (the partner's, or a participant's on paper) and is
    /// recorded with its evidence.
    Recorded,
}

/// Our side of a mobility: sending for an outgoing one, receiving for an incoming one.
pub fn our_side(mobility: &Mobility) -> Side {
    match mobility.data.direction {
        Direction::Outgoing => Side::Sending,
        Direction::Incoming => Side::Receiving,
    }
}

/// Finds a mobility whose agreement the caller may read: 403 without the access, 404 for a
/// mobility they do not see (a coordinator of another unit, another participant's).
pub fn readable(conn: &mut DbConnection, principal: &Principal, id: MobilityId) -> ApiResult<Mobility> {
    principal.require(Access::ReadLearningAgreements)?;
    mobility_access::find_visible(conn, principal, id)
}

/// Fails with 403 unless the caller may prepare the mobility's agreement (create it, change
/// an unsigned version, propose changes).
pub fn require_prepare(principal: &Principal, mobility: &Mobility) -> ApiResult<()> {
    principal.require(Access::PrepareLearningAgreements)?;
    if principal.may_prepare_learning_agreement(mobility.data.local_unit_id()) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "learning agreements are prepared by the office and by the coordinator of the mobility's unit (the \
             sending unit's for outgoing, the hosting unit's for incoming mobilities)"
                .to_owned(),
        ))
    }
}

/// How the caller may sign `side` of a mobility they see, or 403. A participant (who sees
/// only their own mobilities) signs the participant side in person; the office and our unit's
/// coordinator sign our side in person and record the partner's; the office records a
/// participant's signature given on paper.
pub fn signing(principal: &Principal, mobility: &Mobility, side: Side) -> ApiResult<Signing> {
    principal.require(Access::SignLearningAgreements)?;
    let ours = our_side(mobility);
    let refused = |why: &str| Err(ApiError::Forbidden(why.to_owned()));
    match principal.role {
        Role::Participant if side == Side::Participant => Ok(Signing::InPerson),
        Role::Participant => refused("a participant signs the participant side only"),
        Role::FacultyCoordinator if side == Side::Participant => {
            refused("the participant signs the participant side themself (or the office records it)")
        }
        Role::FacultyCoordinator if !principal.may_prepare_learning_agreement(mobility.data.local_unit_id()) => {
            refused("only the coordinator of the mobility's unit of ours signs for an institution")
        }
        _ if side == ours => Ok(Signing::InPerson),
        _ => Ok(Signing::Recorded),
    }
}

/// Fails with 403 unless the caller is a party who may comment on or decline the agreement:
/// the participant (their own), the office, our unit's coordinator.
pub fn require_party(principal: &Principal, mobility: &Mobility) -> ApiResult<()> {
    principal.require(Access::SignLearningAgreements)?;
    if principal.role == Role::FacultyCoordinator
        && !principal.may_prepare_learning_agreement(mobility.data.local_unit_id())
    {
        return Err(ApiError::Forbidden("only the coordinator of the mobility's unit of ours takes part".to_owned()));
    }
    Ok(())
}
