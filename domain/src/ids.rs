//! Typed entity ids: opaque, immutable, time-ordered UUID v7 (EWP: ≤ 64 printable ASCII).

use std::fmt;

use uuid::Uuid;

use crate::InvalidValue;

macro_rules! entity_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Uuid);

        impl $name {
            /// A new id; UUID v7 so ids sort by creation time and keyset paging is stable.
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }

            /// Parses the textual UUID form.
            pub fn parse(text: &str) -> Result<Self, InvalidValue> {
                Uuid::parse_str(text)
                    .map(Self)
                    .map_err(|_| InvalidValue::format(format!("{text:?} is not a UUID")))
            }

            /// Wraps an existing UUID.
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The UUID inside.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        // Generic code (row mapping, serde adapters) converts through these.
        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }
    };
}

entity_id!(
    /// Identifies an institution.
    InstitutionId
);
entity_id!(
    /// Identifies an organisational unit.
    UnitId
);
entity_id!(
    /// Identifies a user account.
    UserId
);
entity_id!(
    /// Identifies an integration client (service account).
    ClientId
);
entity_id!(
    /// Identifies an inter-institutional agreement; never reused, even after deletion.
    AgreementId
);
entity_id!(
    /// Identifies a cooperation condition of an agreement.
    ConditionId
);
entity_id!(
    /// Identifies a person: a student or staff member, ours or a partner's.
    PersonId
);
entity_id!(
    /// Identifies a mobility (one person's stay at another institution).
    MobilityId
);

entity_id!(
    /// Identifies a grading scale (national or institutional).
    GradingScaleId
);
entity_id!(
    /// Identifies an institution's grading table.
    GradingTableId
);
entity_id!(
    /// Identifies a fixed conversion table published by an institution.
    FixedTableId
);
entity_id!(
    /// Identifies a set of point bands (how a points total becomes a grade).
    PointBandsId
);
entity_id!(
    /// Identifies a credit system.
    CreditSystemId
);
entity_id!(
    /// Identifies a stored grade conversion.
    ConversionId
);
entity_id!(
    /// Identifies a checklist rule row (a visa, insurance, document … rule kept as data).
    ChecklistRuleId
);
entity_id!(
    /// Identifies a study programme of the course catalogue.
    ProgrammeId
);
entity_id!(
    /// Identifies a course of the course catalogue.
    CourseId
);
entity_id!(
    /// Identifies a learning agreement (or a staff mobility agreement).
    LearningAgreementId
);

entity_id!(
    /// Identifies a component of a learning agreement, the same in every version that keeps
    /// it, so a recognition can link to it.
    ComponentId
);

entity_id!(
    /// Identifies an inquiry (a question thread of an incoming or prospective student).
    InquiryId
);
entity_id!(
    /// Identifies an Erasmus+ grant project (a grant agreement with the National Agency).
    GrantId
);
entity_id!(
    /// Identifies a funding row (a country group, rate or travel-day rule).
    FundingRateId
);
entity_id!(
    /// Identifies an outreach event (an info meeting, a debate, a conference …).
    EventId
);
entity_id!(
    /// Identifies a registration for an event (a person's or an external guest's).
    RegistrationId
);
entity_id!(
    /// Identifies one entry of a status history (an agreement's or a mobility's).
    HistoryEntryId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_round_trip_and_sort_by_creation() {
        let first = InstitutionId::generate();
        let second = InstitutionId::generate();
        assert!(first < second);
        assert_eq!(InstitutionId::parse(&first.to_string()).unwrap(), first);
        assert!(InstitutionId::parse("not-a-uuid").is_err());
    }
}
