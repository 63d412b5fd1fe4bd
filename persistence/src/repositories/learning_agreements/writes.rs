//! Learning agreement writes, each in the caller's write transaction: create with the first
//! version, change an unsigned version, propose a change, sign, decline, comment; every write
//! refreshes the agreement row's signing state and version.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::agreement::Actor;
use iro_domain::learning_agreement::{
    AgreementContent, ComponentChange, LaSignature, LearningAgreementError, SigningStatus, next_side,
};
use iro_domain::{LearningAgreementId, MobilityId};

use super::{StoredVersion, find, latest, versions};
use crate::models::db_time;
use crate::models::learning_agreement::{StoredAgreement, changes_to_json, content_to_json, proposal_id};
use crate::schema::{
    learning_agreement_comments, learning_agreement_components, learning_agreement_signatures,
    learning_agreement_versions, learning_agreements,
};
use crate::{DbConnection, RepoError};

/// A refusal of a write: the domain's, or the store's.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A rule refuses it.
    #[error(transparent)]
    Rule(#[from] LearningAgreementError),
    /// The store failed.
    #[error(transparent)]
    Repo(#[from] RepoError),
}

/// PostgreSQL: locks the mobility's agreement row, so concurrent signatures, declines and
/// proposals of one agreement queue and each reads what the previous one wrote (READ
/// COMMITTED gives every later statement a new snapshot). SQLite: nothing; the immediate
/// transaction already serialises all writers. Call it before reading the agreement to change.
pub fn lock(conn: &mut DbConnection, mobility: MobilityId) -> Result<(), RepoError> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT 1 FROM learning_agreements WHERE mobility_id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::Text, _>(mobility.to_string())
            .execute(pg)?;
    }
    Ok(())
}

fn number_db(number: u32) -> i32 {
    i32::try_from(number).unwrap_or(i32::MAX)
}

/// Stores a new agreement for `mobility` with `content` as version 1. The mobility has none
/// (checked here, under the write lock, and by the unique constraint).
pub fn insert(
    conn: &mut DbConnection,
    mobility: MobilityId,
    content: &AgreementContent,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<StoredAgreement, WriteError> {
    let exists: i64 = learning_agreements::table
        .filter(learning_agreements::mobility_id.eq(mobility.to_string()))
        .count()
        .get_result(conn)
        .map_err(RepoError::from)?;
    if exists > 0 {
        return Err(LearningAgreementError::AlreadyExists.into());
    }
    let id = LearningAgreementId::generate();
    diesel::insert_into(learning_agreements::table)
        .values((
            learning_agreements::id.eq(id.to_string()),
            learning_agreements::mobility_id.eq(mobility.to_string()),
            learning_agreements::kind.eq(content.kind.as_str()),
            learning_agreements::status.eq(SigningStatus::Draft.as_str()),
            learning_agreements::next_signer.eq(Some("participant")),
            learning_agreements::latest_number.eq(1),
            learning_agreements::approved_number.eq(None::<i32>),
            learning_agreements::version.eq(1),
            learning_agreements::created_at.eq(db_time(now)),
            learning_agreements::updated_at.eq(db_time(now)),
        ))
        .execute(conn)
        // A concurrent create of the same mobility's agreement lost the race to the constraint.
        .map_err(|e| match RepoError::from(e) {
            RepoError::Duplicate { field } if field == "mobility_id" => {
                WriteError::Rule(LearningAgreementError::AlreadyExists)
            }
            other => WriteError::Repo(other),
        })?;
    insert_version(conn, id, 1, content, None, actor, now)?;
    Ok(find(conn, id)?)
}

fn insert_version(
    conn: &mut DbConnection,
    agreement: LearningAgreementId,
    number: u32,
    content: &AgreementContent,
    changes: Option<&[ComponentChange]>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), RepoError> {
    let content_json = content_to_json(content);
    let changes_json = changes.map(changes_to_json);
    diesel::insert_into(learning_agreement_versions::table)
        .values((
            learning_agreement_versions::id.eq(uuid::Uuid::now_v7().to_string()),
            learning_agreement_versions::agreement_id.eq(agreement.to_string()),
            learning_agreement_versions::number.eq(number_db(number)),
            learning_agreement_versions::proposal_id.eq(proposal_id(&content_json, changes_json.as_deref())),
            learning_agreement_versions::content.eq(&content_json),
            learning_agreement_versions::changes.eq(&changes_json),
            learning_agreement_versions::superseded.eq(false),
            learning_agreement_versions::created_by.eq(&actor.name),
            learning_agreement_versions::created_by_id.eq(&actor.id),
            learning_agreement_versions::created_at.eq(db_time(now)),
            learning_agreement_versions::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    add_components(conn, agreement, number, content)
}

/// Records the components `content` introduces (those not stored yet), so later records can
/// reference them.
fn add_components(
    conn: &mut DbConnection,
    agreement: LearningAgreementId,
    number: u32,
    content: &AgreementContent,
) -> Result<(), RepoError> {
    let ids: Vec<String> = content.components.iter().map(|c| c.id.to_string()).collect();
    let known: Vec<String> = learning_agreement_components::table
        .filter(learning_agreement_components::id.eq_any(&ids))
        .select(learning_agreement_components::id)
        .load(conn)?;
    for component in content.components.iter().filter(|c| !known.contains(&c.id.to_string())) {
        diesel::insert_into(learning_agreement_components::table)
            .values((
                learning_agreement_components::id.eq(component.id.to_string()),
                learning_agreement_components::agreement_id.eq(agreement.to_string()),
                learning_agreement_components::component_table.eq(component.table.as_str()),
                learning_agreement_components::course_id.eq(component.course_id.map(|c| c.to_string())),
                learning_agreement_components::first_number.eq(number_db(number)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Replaces the content of the latest version while nobody has signed it (its proposal id
/// changes with it); a change proposal changes by proposing again.
pub fn replace_unsigned(
    conn: &mut DbConnection,
    agreement: &StoredAgreement,
    content: &AgreementContent,
    now: DateTime<Utc>,
) -> Result<StoredAgreement, WriteError> {
    let version = latest(conn, agreement)?;
    if !version.signatures.is_empty() {
        return Err(LearningAgreementError::VersionSigned { number: version.number }.into());
    }
    if version.number > 1 {
        return Err(LearningAgreementError::ChangeProposalPending { number: version.number }.into());
    }
    let content_json = content_to_json(content);
    diesel::update(learning_agreement_versions::table.find(&version.id))
        .set((
            learning_agreement_versions::proposal_id.eq(proposal_id(&content_json, None)),
            learning_agreement_versions::content.eq(&content_json),
            learning_agreement_versions::updated_at.eq(db_time(now)),
        ))
        .execute(conn)
        .map_err(RepoError::from)?;
    // Components this draft introduced and no longer has are forgotten.
    let kept: Vec<String> = content.components.iter().map(|c| c.id.to_string()).collect();
    diesel::delete(
        learning_agreement_components::table
            .filter(learning_agreement_components::agreement_id.eq(agreement.id.to_string()))
            .filter(learning_agreement_components::first_number.eq(number_db(version.number)))
            .filter(learning_agreement_components::id.ne_all(&kept)),
    )
    .execute(conn)
    .map_err(RepoError::from)?;
    add_components(conn, agreement.id, version.number, content)?;
    Ok(refresh(conn, agreement.id, now)?)
}

/// Stores a change proposal of the approved version: `content` is the approved content with
/// `changes` applied. A later unsigned proposal is superseded by it; a proposal someone signed
/// but not everyone must be declined first.
pub fn propose(
    conn: &mut DbConnection,
    agreement: &StoredAgreement,
    content: &AgreementContent,
    changes: &[ComponentChange],
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<StoredAgreement, WriteError> {
    let current = latest(conn, agreement)?;
    if Some(current.number) != agreement.approved_number {
        if !current.signatures.is_empty() {
            return Err(LearningAgreementError::VersionSigned { number: current.number }.into());
        }
        diesel::update(learning_agreement_versions::table.find(&current.id))
            .set(learning_agreement_versions::superseded.eq(true))
            .execute(conn)
            .map_err(RepoError::from)?;
    }
    let number = agreement.latest_number + 1;
    insert_version(conn, agreement.id, number, content, Some(changes), actor, now)?;
    diesel::update(learning_agreements::table.find(agreement.id.to_string()))
        .set(learning_agreements::latest_number.eq(number_db(number)))
        .execute(conn)
        .map_err(RepoError::from)?;
    Ok(refresh(conn, agreement.id, now)?)
}

/// Adds a signature to a version (checked by the caller with `check_signature`).
pub fn sign(
    conn: &mut DbConnection,
    agreement: &StoredAgreement,
    version: &StoredVersion,
    signature: &LaSignature,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<StoredAgreement, RepoError> {
    diesel::insert_into(learning_agreement_signatures::table)
        .values((
            learning_agreement_signatures::id.eq(uuid::Uuid::now_v7().to_string()),
            learning_agreement_signatures::version_id.eq(&version.id),
            learning_agreement_signatures::side.eq(signature.side.as_str()),
            learning_agreement_signatures::name.eq(&signature.name),
            learning_agreement_signatures::position.eq(&signature.position),
            learning_agreement_signatures::email.eq(&signature.email),
            learning_agreement_signatures::signed_at.eq(db_time(signature.signed_at)),
            learning_agreement_signatures::evidence_reference.eq(signature.evidence.as_ref().map(|e| &e.reference)),
            learning_agreement_signatures::evidence_date.eq(signature.evidence.as_ref().map(|e| e.signed_on)),
            learning_agreement_signatures::recorded_by.eq(&actor.name),
            learning_agreement_signatures::recorded_by_id.eq(&actor.id),
        ))
        .execute(conn)?;
    refresh(conn, agreement.id, now)
}

/// Records a comment on a version; with `decline`, removes its signatures first.
pub fn comment(
    conn: &mut DbConnection,
    agreement: &StoredAgreement,
    version: &StoredVersion,
    text: &str,
    decline: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<StoredAgreement, RepoError> {
    if decline {
        diesel::delete(
            learning_agreement_signatures::table.filter(learning_agreement_signatures::version_id.eq(&version.id)),
        )
        .execute(conn)?;
    }
    diesel::insert_into(learning_agreement_comments::table)
        .values((
            learning_agreement_comments::id.eq(uuid::Uuid::now_v7().to_string()),
            learning_agreement_comments::version_id.eq(&version.id),
            learning_agreement_comments::proposal_id.eq(&version.proposal_id),
            learning_agreement_comments::declined.eq(decline),
            learning_agreement_comments::comment.eq(text),
            learning_agreement_comments::author.eq(&actor.name),
            learning_agreement_comments::author_id.eq(&actor.id),
            learning_agreement_comments::created_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    refresh(conn, agreement.id, now)
}

/// Recomputes the agreement row from its latest version's signatures: the status, the next
/// signer, the approved version; bumps its version.
fn refresh(conn: &mut DbConnection, id: LearningAgreementId, now: DateTime<Utc>) -> Result<StoredAgreement, RepoError> {
    let agreement = find(conn, id)?;
    let latest = versions(conn, id, Some(agreement.latest_number))?.pop().ok_or(RepoError::NotFound)?;
    let status = SigningStatus::of(&latest.signatures);
    let approved = if status == SigningStatus::Signed {
        Some(number_db(latest.number))
    } else {
        agreement.approved_number.map(number_db)
    };
    diesel::update(learning_agreements::table.find(id.to_string()))
        .set((
            learning_agreements::status.eq(status.as_str()),
            learning_agreements::next_signer.eq(next_side(&latest.signatures).map(|s| s.as_str())),
            learning_agreements::approved_number.eq(approved),
            learning_agreements::version.eq(learning_agreements::version + 1),
            learning_agreements::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}
