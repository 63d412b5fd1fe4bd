//! Whether the records a mobility names fit together: the person exists, both institutions
//! exist and each named unit is theirs, our university is one side and a partner the other,
//! and the agreement and its cooperation condition are with that partner, in this direction.

use std::fmt;

use super::{Direction, MobilityData, ParticipantKind};
use crate::agreement::{Agreement, AgreementCondition};
use crate::{HeiId, InstitutionId, UserId};

/// The person a mobility names, as the database knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonFacts {
    /// Student or staff.
    pub kind: ParticipantKind,
    /// The participant account linked to the person (whose own mobility it is).
    pub user_id: Option<UserId>,
}

/// An institution a mobility names, as the database knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionFacts {
    /// Its SCHAC code (what agreements and conditions name it by).
    pub hei_id: HeiId,
    /// Whether it is our own university (at most one institution is).
    pub is_local: bool,
}

/// What the database holds about the records a mobility names, read by the mobility's ids.
/// `None` means no record has the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceFacts {
    /// The person.
    pub person: Option<PersonFacts>,
    /// The sending institution.
    pub sending: Option<InstitutionFacts>,
    /// The receiving institution.
    pub receiving: Option<InstitutionFacts>,
    /// The institution the named sending unit belongs to.
    pub sending_unit_of: Option<InstitutionId>,
    /// The institution the named receiving unit belongs to.
    pub receiving_unit_of: Option<InstitutionId>,
    /// The agreement.
    pub agreement: Option<Agreement>,
    /// The cooperation condition, of whichever agreement it belongs to.
    pub condition: Option<AgreementCondition>,
}

/// A side of a mobility, as reference problems name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideName {
    /// The sending side.
    Sending,
    /// The receiving side.
    Receiving,
}

impl SideName {
    /// `sending` or `receiving`, the prefix of the side's request fields.
    pub fn as_str(self) -> &'static str {
        match self {
            SideName::Sending => "sending",
            SideName::Receiving => "receiving",
        }
    }
}

impl fmt::Display for SideName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A reference that does not fit. [`Self::code`] is stable (`unknown` for a missing record,
/// `range` for a record that exists but does not fit); the message names the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceProblem {
    /// No person has the id.
    UnknownPerson,
    /// The side's unit is not a unit of the side's institution.
    UnitNotOfInstitution {
        /// The side.
        side: SideName,
    },
    /// No institution has the side's id.
    UnknownInstitution {
        /// The side.
        side: SideName,
    },
    /// Our side is not our university, or both sides are the same institution.
    NotOurUniversity {
        /// Outgoing or incoming.
        direction: Direction,
        /// Our side: sending for outgoing, receiving for incoming.
        side: SideName,
    },
    /// The agreement is with another partner.
    AgreementWithAnotherPartner,
    /// The condition's institutions are not the mobility's, in this order.
    ConditionForOtherDirection,
    /// The agreement has no condition with the id.
    UnknownCondition,
    /// No agreement has the id.
    UnknownAgreement,
}

impl ReferenceProblem {
    /// Stable machine code: `unknown` or `range`.
    pub fn code(&self) -> &'static str {
        match self {
            ReferenceProblem::UnknownPerson
            | ReferenceProblem::UnitNotOfInstitution { .. }
            | ReferenceProblem::UnknownInstitution { .. }
            | ReferenceProblem::UnknownCondition
            | ReferenceProblem::UnknownAgreement => "unknown",
            ReferenceProblem::NotOurUniversity { .. }
            | ReferenceProblem::AgreementWithAnotherPartner
            | ReferenceProblem::ConditionForOtherDirection => "range",
        }
    }
}

impl fmt::Display for ReferenceProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferenceProblem::UnknownPerson => f.write_str("no person has this id"),
            ReferenceProblem::UnitNotOfInstitution { side } => {
                write!(f, "{side}_unit_id must name a unit of the {side} institution")
            }
            ReferenceProblem::UnknownInstitution { .. } => f.write_str("no institution has this id"),
            ReferenceProblem::NotOurUniversity { direction, side } => write!(
                f,
                "an {direction} mobility's {side}_institution_id must be our university, the other side a partner"
            ),
            ReferenceProblem::AgreementWithAnotherPartner => f.write_str("the agreement is with another partner"),
            ReferenceProblem::ConditionForOtherDirection => {
                f.write_str("the cooperation condition is for the other direction")
            }
            ReferenceProblem::UnknownCondition => {
                f.write_str("the agreement has no cooperation condition with this id")
            }
            ReferenceProblem::UnknownAgreement => f.write_str("no agreement has this id"),
        }
    }
}

impl std::error::Error for ReferenceProblem {}

/// Checks the references the database must confirm, in a stable order: the person; each
/// side's institution and unit; our university on our side and a partner on the other; the
/// agreement with that partner and, under it, a condition naming the same institutions in the
/// same order. Returns the person's kind, or every problem found.
///
/// A condition is only checked under an agreement: a condition without one is refused when
/// the request is read.
pub fn check_references(data: &MobilityData, facts: &ReferenceFacts) -> Result<ParticipantKind, Vec<ReferenceProblem>> {
    let mut problems = Vec::new();
    if facts.person.is_none() {
        problems.push(ReferenceProblem::UnknownPerson);
    }
    let sides = [
        (SideName::Sending, data.sending, facts.sending.as_ref(), facts.sending_unit_of),
        (SideName::Receiving, data.receiving, facts.receiving.as_ref(), facts.receiving_unit_of),
    ];
    for (side, named, institution, unit_of) in sides {
        match institution {
            Some(_) => {
                if named.unit_id.is_some() && unit_of != Some(named.institution_id) {
                    problems.push(ReferenceProblem::UnitNotOfInstitution { side });
                }
            }
            None => problems.push(ReferenceProblem::UnknownInstitution { side }),
        }
    }
    let (ours, ours_side, ours_id, partner) = match data.direction {
        Direction::Outgoing => {
            (facts.sending.as_ref(), SideName::Sending, data.sending.institution_id, data.receiving.institution_id)
        }
        Direction::Incoming => {
            (facts.receiving.as_ref(), SideName::Receiving, data.receiving.institution_id, data.sending.institution_id)
        }
    };
    // At most one institution is ours (a unique index), so "ours is local" is "ours is our
    // university".
    if !ours.is_some_and(|i| i.is_local) || ours_id == partner {
        problems.push(ReferenceProblem::NotOurUniversity { direction: data.direction, side: ours_side });
    }
    if let Some(agreement_id) = data.agreement_id {
        match facts.agreement.as_ref().filter(|a| a.id == agreement_id) {
            Some(agreement) => {
                if agreement.data.partner_institution_id != partner {
                    problems.push(ReferenceProblem::AgreementWithAnotherPartner);
                }
                if let Some(condition_id) = data.condition_id {
                    let condition =
                        facts.condition.as_ref().filter(|c| c.id == condition_id && c.agreement_id == agreement_id);
                    match condition {
                        Some(c) => {
                            if c.data.sending.institution_id != data.sending.institution_id
                                || c.data.receiving.institution_id != data.receiving.institution_id
                            {
                                problems.push(ReferenceProblem::ConditionForOtherDirection);
                            }
                        }
                        None => problems.push(ReferenceProblem::UnknownCondition),
                    }
                }
            }
            None => problems.push(ReferenceProblem::UnknownAgreement),
        }
    }
    match facts.person {
        Some(person) if problems.is_empty() => Ok(person.kind),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests;
