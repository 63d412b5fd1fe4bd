//! Stored agreements and conditions: what a user states, plus identity, status and versions.
//!
//! These are the records the repositories return and the API shows. The rules they obey live
//! beside them: [`CooperationCondition::parse`] for the terms of a condition, the
//! [`AgreementStatus`] state machine for approval.

use chrono::{DateTime, NaiveDate, Utc};

use super::{AcademicYearRange, AgreementOutline, AgreementStatus, CooperationCondition, Programme};
use crate::{AgreementId, ConditionId, Contact, Direction, HeiId, HistoryEntryId, InstitutionId, InvalidValue, UnitId};

/// An agreement's human number (`2025-MK-SKOPJE01-BG-SOFIA06`), unique among our agreements:
/// 1–64 characters without control characters, trimmed. Mutable, unlike the id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgreementCode(String);

impl AgreementCode {
    /// Parses a code; surrounding blanks are trimmed.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let code = text.trim();
        if code.is_empty() {
            return Err(InvalidValue::required("the agreement code must not be blank"));
        }
        if code.chars().count() > 64 || code.chars().any(char::is_control) {
            return Err(InvalidValue::format(format!(
                "the agreement code must be 1–64 characters without control characters, got {text:?}"
            )));
        }
        Ok(Self(code.to_owned()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One side's signature of the agreement: when it signed and who signed (EWP IIA
/// `signing-date` and `signing-contact`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signature {
    /// The date of signing, if signed.
    pub date: Option<NaiveDate>,
    /// The person who signed (or will sign) for that side.
    pub signer: Option<Contact>,
}

/// What a user states about an agreement; every field already validated. Our side is our own
/// university (the one local institution); the other side is `partner_institution_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementData {
    /// The human agreement number, unique.
    pub code: AgreementCode,
    /// Erasmus+ or bilateral.
    pub programme: Programme,
    /// The partner institution (never our own).
    pub partner_institution_id: InstitutionId,
    /// The partner's unit, for a faculty-level agreement.
    pub partner_unit_id: Option<UnitId>,
    /// Our unit (faculty), for a faculty-level agreement; its coordinators manage the agreement.
    pub local_unit_id: Option<UnitId>,
    /// The partner's own id of the agreement (EWP `iia-id` on their side), so the same
    /// agreement is not entered twice.
    pub partner_agreement_id: Option<String>,
    /// The partner's own human number of the agreement.
    pub partner_agreement_code: Option<String>,
    /// The academic years the agreement covers; every condition lies within them.
    pub period: AcademicYearRange,
    /// Our signature.
    pub local_signature: Signature,
    /// The partner's signature.
    pub partner_signature: Signature,
    /// Other terms, free text.
    pub other_info: Option<String>,
}

/// A stored agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    /// Opaque, immutable id.
    pub id: AgreementId,
    /// The stated data.
    pub data: AgreementData,
    /// Where the approval stands.
    pub status: AgreementStatus,
    /// When the last mutually approved version (kept as a snapshot) was approved; `None`
    /// until both sides have approved a version.
    pub approved_at: Option<DateTime<Utc>>,
    /// Increases with every change; the API's ETag.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record (or one of its conditions) last changed.
    pub updated_at: DateTime<Utc>,
}

impl Agreement {
    /// Whether a mutually approved version is kept as a snapshot.
    pub fn has_approved_version(&self) -> bool {
        self.approved_at.is_some()
    }

    /// What the condition and nomination rules read about this agreement; `local` and
    /// `partner` are the SCHAC codes of our university and of the partner.
    pub fn outline(&self, local: HeiId, partner: HeiId) -> AgreementOutline {
        AgreementOutline {
            programme: self.data.programme,
            status: self.status,
            period: self.data.period,
            partners: [local, partner],
            has_approved_snapshot: self.has_approved_version(),
        }
    }

    /// Whether the agreement is in force for some year of its period: the status part of
    /// [`AgreementOutline::in_effect_for`] (approved by both, or amended after a mutual
    /// approval and not terminated). This is what a participant browsing destinations sees.
    pub fn in_force(&self) -> bool {
        match self.status {
            AgreementStatus::ApprovedByBoth => true,
            AgreementStatus::Submitted | AgreementStatus::ApprovedByUs | AgreementStatus::ApprovedByPartner => {
                self.has_approved_version()
            }
            AgreementStatus::Draft | AgreementStatus::Terminated => false,
        }
    }
}

/// One side of a stored condition: the institution and, optionally, its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionSide {
    /// Our university or the agreement's partner.
    pub institution_id: InstitutionId,
    /// A unit of that institution, if the condition is limited to one.
    pub unit_id: Option<UnitId>,
}

/// What a user states about a condition: the two sides as records, and the validated terms
/// (whose `hei_id`s and unit ids are those of the two sides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionData {
    /// Who sends.
    pub sending: ConditionSide,
    /// Who receives.
    pub receiving: ConditionSide,
    /// The validated terms.
    pub terms: CooperationCondition,
}

impl ConditionData {
    /// Seen from our university: we send when the partner receives.
    pub fn direction(&self, partner: InstitutionId) -> Direction {
        if self.receiving.institution_id == partner { Direction::Outgoing } else { Direction::Incoming }
    }
}

/// A stored cooperation condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementCondition {
    /// Opaque, immutable id.
    pub id: ConditionId,
    /// The agreement it belongs to.
    pub agreement_id: AgreementId,
    /// Its place in the agreement's list (order enters EWP's approval hash); increasing, with
    /// gaps where conditions were deleted.
    pub position: u32,
    /// The stated data.
    pub data: ConditionData,
    /// Increases with every change; the API's ETag.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// Who changed an agreement's status: a user or an integration client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// A stable reference: `user:<uuid>`, `client:<uuid>`, or `system:<what>`.
    pub id: String,
    /// A name to show (username or client name).
    pub name: String,
}

/// One entry of an agreement's status history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// Opaque, time-ordered id.
    pub id: HistoryEntryId,
    /// The agreement.
    pub agreement_id: AgreementId,
    /// The status before.
    pub from: AgreementStatus,
    /// The status after.
    pub to: AgreementStatus,
    /// Why, as the person said, or why the system moved it (changed conditions).
    pub reason: Option<String>,
    /// Who changed it.
    pub changed_by: Actor,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// The last version both sides approved: the agreement and its conditions as they were
/// (kept while a change awaits approval).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedVersion {
    /// When both sides had approved it.
    pub approved_at: DateTime<Utc>,
    /// The agreement as approved.
    pub agreement: Agreement,
    /// Its conditions as approved, in order.
    pub conditions: Vec<AgreementCondition>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::fixtures::{outline, year};

    fn agreement(status: AgreementStatus, approved: bool) -> Agreement {
        let now = Utc::now();
        Agreement {
            id: AgreementId::generate(),
            data: AgreementData {
                code: AgreementCode::parse("2025-MK-PL-01").unwrap(),
                programme: Programme::ErasmusPlus,
                partner_institution_id: InstitutionId::generate(),
                partner_unit_id: None,
                local_unit_id: None,
                partner_agreement_id: None,
                partner_agreement_code: None,
                period: outline().period,
                local_signature: Signature::default(),
                partner_signature: Signature::default(),
                other_info: None,
            },
            status,
            approved_at: approved.then_some(now),
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn codes_are_trimmed_and_bounded() {
        assert_eq!(AgreementCode::parse("  IIA/2025/17 ").unwrap().as_str(), "IIA/2025/17");
        assert_eq!(AgreementCode::parse("   ").unwrap_err().code, "required");
        assert_eq!(AgreementCode::parse(&"x".repeat(65)).unwrap_err().code, "format");
        assert_eq!(AgreementCode::parse("a\u{0}b").unwrap_err().code, "format");
    }

    #[test]
    fn in_force_agrees_with_the_outline_rule() {
        let [local, partner] = outline().partners;
        for status in AgreementStatus::ALL {
            for approved in [false, true] {
                let record = agreement(*status, approved);
                let rule = record.outline(local.clone(), partner.clone()).in_effect_for(year("2025/2026"));
                assert_eq!(record.in_force(), rule, "{status} approved={approved}");
            }
        }
    }

    #[test]
    fn direction_is_seen_from_our_side() {
        let condition = crate::agreement::fixtures::condition(&crate::agreement::fixtures::student_input());
        let (ours, theirs) = (InstitutionId::generate(), InstitutionId::generate());
        let side = |institution_id| ConditionSide { institution_id, unit_id: None };
        let outgoing = ConditionData { sending: side(ours), receiving: side(theirs), terms: condition.clone() };
        assert_eq!(outgoing.direction(theirs), Direction::Outgoing);
        let incoming = ConditionData { sending: side(theirs), receiving: side(ours), terms: condition };
        assert_eq!(incoming.direction(theirs), Direction::Incoming);
    }
}
