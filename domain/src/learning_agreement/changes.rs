//! Change proposals: components deleted from or inserted into the approved version, each with
//! a reason code (EWP omobility-las v1.2); codes this version does not know are kept as sent.

use super::LearningAgreementError;
use super::content::{AgreementContent, Component, ComponentId};

/// Why a component is deleted or inserted. The EWP codes, or any other text, kept verbatim
/// (a partner's newer code must not be lost).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeReason {
    /// Deleted: the component is not available at the receiving institution.
    NotAvailable,
    /// Deleted: it is taught in another language than the catalogue said.
    LanguageMismatch,
    /// Deleted: it clashes with another component's timetable.
    TimetableConflict,
    /// Inserted: it substitutes a deleted component.
    SubstitutingDeleted,
    /// Inserted: the mobility was extended.
    ExtendingMobility,
    /// Inserted: a virtual component is added.
    AddingVirtualComponent,
    /// A code not listed above, kept as sent.
    Other(String),
}

impl ChangeReason {
    /// Reads a reason code; an unknown one is kept as [`ChangeReason::Other`].
    pub fn parse(code: &str) -> Self {
        match code {
            "not_available" => Self::NotAvailable,
            "language_mismatch" => Self::LanguageMismatch,
            "timetable_conflict" => Self::TimetableConflict,
            "substituting_deleted" => Self::SubstitutingDeleted,
            "extending_mobility" => Self::ExtendingMobility,
            "adding_virtual_component" => Self::AddingVirtualComponent,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The code as stored and sent.
    pub fn as_str(&self) -> &str {
        match self {
            Self::NotAvailable => "not_available",
            Self::LanguageMismatch => "language_mismatch",
            Self::TimetableConflict => "timetable_conflict",
            Self::SubstitutingDeleted => "substituting_deleted",
            Self::ExtendingMobility => "extending_mobility",
            Self::AddingVirtualComponent => "adding_virtual_component",
            Self::Other(code) => code,
        }
    }

    /// Whether the code is one of the known ones.
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Other(_))
    }
}

/// One row of a change proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentChange {
    /// A component of the approved version is deleted.
    Deleted {
        /// The component.
        component_id: ComponentId,
        /// Why.
        reason: ChangeReason,
    },
    /// A component is inserted.
    Inserted {
        /// The new component (a new id).
        component: Component,
        /// Why.
        reason: ChangeReason,
    },
}

/// The content of a change proposal: the approved content with `changes` applied (deleted
/// components removed, inserted ones appended). Refused when it changes nothing, deletes a
/// component the approved version lacks, or inserts a component its table refuses.
pub fn apply_changes(
    approved: &AgreementContent,
    changes: &[ComponentChange],
) -> Result<AgreementContent, LearningAgreementError> {
    if changes.is_empty() {
        return Err(LearningAgreementError::EmptyChange);
    }
    if approved.kind == super::AgreementKind::Staff {
        return Err(LearningAgreementError::NoComponents);
    }
    let mut next = approved.clone();
    for (index, change) in changes.iter().enumerate() {
        match change {
            ComponentChange::Deleted { component_id, .. } => {
                let before = next.components.len();
                next.components.retain(|c| c.id != *component_id);
                if next.components.len() == before {
                    return Err(LearningAgreementError::UnknownComponent(*component_id));
                }
            }
            ComponentChange::Inserted { component, .. } => {
                component.check(index)?;
                next.components.push(component.clone());
            }
        }
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learning_agreement::{AgreementKind, ComponentTable, Header};

    fn component(table: ComponentTable, title: &str) -> Component {
        Component {
            id: ComponentId::generate(),
            table,
            code: None,
            title: title.to_owned(),
            term: None,
            credits: None,
            recognition_conditions: None,
            short_description: None,
            course_id: None,
        }
    }

    fn content(components: Vec<Component>) -> AgreementContent {
        AgreementContent {
            kind: AgreementKind::Studies,
            header: Header::default(),
            components,
            traineeship: None,
            staff: None,
        }
    }

    #[test]
    fn unknown_reason_codes_are_kept_verbatim() {
        assert_eq!(ChangeReason::parse("not_available"), ChangeReason::NotAvailable);
        let other = ChangeReason::parse("course_cancelled_by_ministry");
        assert!(!other.is_known());
        assert_eq!(other.as_str(), "course_cancelled_by_ministry");
    }

    #[test]
    fn a_change_deletes_and_inserts_components() {
        let kept = component(ComponentTable::A, "Databases");
        let gone = component(ComponentTable::A, "Compilers");
        let approved = content(vec![kept.clone(), gone.clone()]);
        let added = component(ComponentTable::A, "Operating systems");
        let changes = vec![
            ComponentChange::Deleted { component_id: gone.id, reason: ChangeReason::TimetableConflict },
            ComponentChange::Inserted { component: added.clone(), reason: ChangeReason::SubstitutingDeleted },
        ];
        let next = apply_changes(&approved, &changes).unwrap();
        assert_eq!(next.components, vec![kept, added]);
        assert_eq!(apply_changes(&approved, &[]), Err(LearningAgreementError::EmptyChange));
        let unknown =
            ComponentChange::Deleted { component_id: ComponentId::generate(), reason: ChangeReason::NotAvailable };
        assert!(matches!(apply_changes(&approved, &[unknown]), Err(LearningAgreementError::UnknownComponent(_))));
    }
}
