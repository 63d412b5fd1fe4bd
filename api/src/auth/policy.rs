//! What each role may do: one table, checked by every handler before it touches data.

use iro_domain::inquiry::Team;
use iro_domain::{Role, Scope, UnitId, UserId};

use crate::auth::{Principal, Subject};
use crate::error::ApiError;

/// An access a handler needs: read or write one kind of resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read institutions and their units.
    ReadInstitutions,
    /// Create, change or delete institutions and units.
    WriteInstitutions,
    /// Choose which institution is ours (`is_local`): register it, or move it to another
    /// institution. Admins only: while no institution is local every mobility write is
    /// refused, so an officer or an integration must not be able to move or clear it.
    ChooseLocalInstitution,
    /// Manage user accounts.
    ManageUsers,
    /// Read agreements and their cooperation conditions. Participants (a student browsing
    /// destinations) see only agreements in force; the handlers filter for them.
    ReadAgreements,
    /// Read an agreement's status history (who approved what, and why): not participants.
    ReadAgreementHistory,
    /// Create, change, delete agreements and their conditions, and change their status.
    /// Faculty coordinators only for agreements of their own units
    /// ([`Principal::may_write_agreement`]).
    WriteAgreements,
    /// Read people. Coordinators see the people of their units (home unit, or a mobility
    /// their units send or host); participants only themselves; the handlers filter.
    ReadPeople,
    /// Create and change people (coordinators: people of their units).
    WritePeople,
    /// Erase a person's personal data, keeping statistics.
    AnonymisePeople,
    /// Link a person to a participant account (`user_id`, on create or change): the link lets
    /// that account read the person's record, mobilities and checklist and apply in the
    /// person's name, so only the office decides it (issue 11.1).
    LinkPersonAccounts,
    /// Read and write a person's restricted data (special needs). Beside these roles only the
    /// person themself reads them ([`Principal::is_account_of`]); whoever may not read them
    /// may not overwrite or erase them either.
    RestrictedPersonalData,
    /// Read mobilities (coordinators: their units'; participants: their own).
    ReadMobilities,
    /// Create, change, delete mobilities and change their status (coordinators: their units'
    /// outgoing mobilities and the incoming ones they host; participants: only to apply).
    WriteMobilities,
    /// Read exchange quotas (participants see the numbers, never the mobilities holding them).
    ReadQuotas,
    /// Read the office's mobility statistics.
    ReadStatistics,
    /// Read grading scales, grading tables, credit systems and conversion policies, and run
    /// conversions (ECTS): every authenticated caller.
    ReadEcts,
    /// Create and change grading scales, grading tables and conversion policies, and store a
    /// conversion approved for recognition.
    WriteEcts,
    /// Read stored (approved) conversions: staff, not participants.
    ReadConversionRecords,
    /// Read the visa and insurance rules checklists are generated from: every caller (the
    /// facts are public; their status and source are the point).
    ReadChecklistRules,
    /// Add, replace and withdraw visa and insurance rules: the office.
    WriteChecklistRules,
    /// Read a mobility's checklist (whoever may read the mobility, participants their own).
    ReadChecklists,
    /// Record progress on a mobility's checklist items (whoever may change the mobility, and
    /// the participant on their own checklist: they hold the evidence).
    WriteChecklists,
    /// Read the alerts of mobilities that need action: the office and coordinators.
    ReadAlerts,
    /// Declare a mandatory insurance cover not applicable on a checklist: that clears the
    /// office's alert, so it is the office's call (and the coordinators', who manage their
    /// units' mobilities), never the participant's (issue 11.6).
    WaiveMandatoryCovers,
    /// Read the course catalogue's unpublished programmes and courses (drafts). Published
    /// ones are public and need no token at all.
    ReadCatalogueDrafts,
    /// Create, change and delete programmes and courses of the catalogue, and import a unit's
    /// catalogue. Faculty coordinators only for their own units
    /// ([`Principal::require_catalogue_write`]).
    WriteCatalogue,
    /// Ask a question as a signed-in account (incoming participants). Prospective students ask
    /// without a token; the handler throttles them instead.
    AskInquiries,
    /// Read and answer inquiries, change their status, hand them over and assign them: the
    /// office (admins, officers) for the inquiries routed to the office, the Student
    /// Organization for those routed to it ([`Principal::inquiry_team`]). Faculty
    /// coordinators have none: the office hands academic questions on outside iro.
    AnswerInquiries,
    /// Erase the personal data of an inquiry's asker on request (like a person's).
    EraseInquiries,
    /// Read the service statistics of inquiries.
    ReadServiceStatistics,
    /// Read factsheet drafts (unpublished versions). Published versions are public and need
    /// no token at all.
    ReadFactsheetDrafts,
    /// Write a new version of a year's factsheet: the office.
    WriteFactsheets,
    /// Read learning agreements (of the mobilities the caller sees: coordinators their units',
    /// participants their own).
    ReadLearningAgreements,
    /// Prepare learning agreements and propose changes: the office, and the coordinator of the
    /// mobility's unit of ours ([`Principal::may_prepare_learning_agreement`]).
    PrepareLearningAgreements,
    /// Sign, decline and comment on a learning agreement: for the participant side the
    /// participant, for an institution's side the office and the coordinator of our unit
    /// (who also records the partner's signature given elsewhere).
    SignLearningAgreements,
    /// Let a student mobility go live without a learning agreement signed by all three: the
    /// office's call, with a reason.
    OverrideLearningAgreement,
    /// Read Erasmus+ grant projects and the funding rates.
    ReadGrants,
    /// Create, change and delete grant projects.
    WriteGrants,
    /// Set or change a mobility's grant project (`grant_id`): the office decides which grant
    /// pays a mobility, not a faculty or a participant.
    AssignGrants,
    /// Enter or correct funding rates (the office, from its grant agreement).
    WriteFundingRates,
    /// Read the Beneficiary Module report of a grant (reporting scripts).
    ReadBeneficiaryReport,
    /// Read outreach events. Participants see announced ones only (not `planned`); the
    /// handlers filter.
    ReadEvents,
    /// Create and change events and their status: the office, and faculty coordinators for
    /// their own units' events ([`Principal::require_event_write`]).
    WriteEvents,
    /// Register for an event or decline: participants for themselves, and whoever may write
    /// the event ([`Principal::require_event_write`]) for anyone. The handlers check which.
    RegisterForEvents,
    /// Create, rotate and revoke a person's calendar feed: the person themself, and staff who
    /// may see the person (the handler checks which person).
    ManageCalendarFeeds,
}

impl Access {
    /// The roles that hold this access outright (integration clients need `scope()`).
    pub fn roles(self) -> &'static [Role] {
        match self {
            Access::ReadInstitutions => &[
                Role::Admin,
                Role::Officer,
                Role::FacultyCoordinator,
                Role::Participant,
                Role::Integration,
                Role::Reporting,
            ],
            Access::WriteInstitutions => &[Role::Admin, Role::Officer, Role::Integration],
            Access::ManageUsers | Access::ChooseLocalInstitution => &[Role::Admin],
            Access::ReadAgreements => &[
                Role::Admin,
                Role::Officer,
                Role::FacultyCoordinator,
                Role::Participant,
                Role::Integration,
                Role::Reporting,
            ],
            Access::ReadAgreementHistory => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration, Role::Reporting]
            }
            Access::WriteAgreements => &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration],
            Access::ReadPeople | Access::ReadMobilities | Access::WriteMobilities => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Participant, Role::Integration]
            }
            Access::WritePeople => &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration],
            Access::AnonymisePeople => &[Role::Admin],
            Access::LinkPersonAccounts | Access::RestrictedPersonalData => &[Role::Admin, Role::Officer],
            Access::ReadQuotas => &[
                Role::Admin,
                Role::Officer,
                Role::FacultyCoordinator,
                Role::Participant,
                Role::Integration,
                Role::Reporting,
            ],
            Access::ReadStatistics => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration, Role::Reporting]
            }
            Access::ReadEcts => &[
                Role::Admin,
                Role::Officer,
                Role::FacultyCoordinator,
                Role::Participant,
                Role::Integration,
                Role::Reporting,
            ],
            Access::WriteEcts => &[Role::Admin, Role::Officer, Role::Integration],
            Access::ReadConversionRecords => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration, Role::Reporting]
            }
            Access::ReadChecklistRules => &[
                Role::Admin,
                Role::Officer,
                Role::FacultyCoordinator,
                Role::Participant,
                Role::Integration,
                Role::Reporting,
            ],
            Access::WriteChecklistRules => &[Role::Admin, Role::Officer],
            Access::ReadChecklists | Access::WriteChecklists => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Participant, Role::Integration]
            }
            Access::ReadAlerts | Access::WaiveMandatoryCovers => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration]
            }
            Access::ReadCatalogueDrafts => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration, Role::Reporting]
            }
            Access::WriteCatalogue => &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration],
            Access::AskInquiries => &[Role::Participant],
            Access::AnswerInquiries => &[Role::Admin, Role::Officer, Role::StudentOrganization],
            Access::EraseInquiries => &[Role::Admin],
            Access::ReadServiceStatistics => &[Role::Admin, Role::Officer, Role::Reporting],
            Access::ReadFactsheetDrafts => &[Role::Admin, Role::Officer, Role::Reporting, Role::Integration],
            Access::WriteFactsheets => &[Role::Admin, Role::Officer],
            Access::ReadLearningAgreements | Access::SignLearningAgreements => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Participant, Role::Integration]
            }
            Access::PrepareLearningAgreements => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration]
            }
            Access::OverrideLearningAgreement => &[Role::Admin, Role::Officer],
            Access::ReadGrants => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration, Role::Reporting]
            }
            Access::WriteGrants | Access::AssignGrants => &[Role::Admin, Role::Officer, Role::Integration],
            Access::WriteFundingRates => &[Role::Admin, Role::Officer],
            Access::ReadBeneficiaryReport => &[Role::Admin, Role::Officer, Role::Integration, Role::Reporting],
            Access::ReadEvents => &[
                Role::Admin,
                Role::Officer,
                Role::FacultyCoordinator,
                Role::Participant,
                Role::Integration,
                Role::Reporting,
            ],
            Access::WriteEvents => &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Integration],
            Access::ManageCalendarFeeds => &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Participant],
            Access::RegisterForEvents => {
                &[Role::Admin, Role::Officer, Role::FacultyCoordinator, Role::Participant, Role::Integration]
            }
        }
    }

    /// The scope an integration client needs for this access.
    pub fn scope(self) -> Option<Scope> {
        match self {
            Access::ReadInstitutions => Some(Scope::read("institutions")),
            Access::WriteInstitutions => Some(Scope::write("institutions")),
            Access::ManageUsers | Access::ChooseLocalInstitution => None,
            Access::ReadAgreements | Access::ReadAgreementHistory => Some(Scope::read("agreements")),
            Access::WriteAgreements => Some(Scope::write("agreements")),
            Access::ReadPeople => Some(Scope::read("people")),
            Access::WritePeople => Some(Scope::write("people")),
            Access::AnonymisePeople | Access::LinkPersonAccounts | Access::RestrictedPersonalData => None,
            Access::ReadMobilities | Access::ReadStatistics => Some(Scope::read("mobilities")),
            Access::WriteMobilities => Some(Scope::write("mobilities")),
            Access::ReadQuotas => Some(Scope::read("agreements")),
            Access::ReadEcts | Access::ReadConversionRecords => Some(Scope::read("ects")),
            Access::WriteEcts => Some(Scope::write("ects")),
            Access::ReadChecklistRules | Access::ReadChecklists | Access::ReadAlerts => Some(Scope::read("checklists")),
            Access::WriteChecklistRules => None,
            Access::WriteChecklists | Access::WaiveMandatoryCovers => Some(Scope::write("checklists")),
            Access::ReadCatalogueDrafts => Some(Scope::read("catalogue")),
            Access::WriteCatalogue => Some(Scope::write("catalogue")),
            // Inquiries hold personal questions; no integration reads or answers them.
            Access::AskInquiries | Access::AnswerInquiries | Access::EraseInquiries | Access::ReadServiceStatistics => {
                None
            }
            Access::ReadFactsheetDrafts => Some(Scope::read("factsheets")),
            Access::WriteFactsheets => None,
            Access::ReadLearningAgreements => Some(Scope::read("learning_agreements")),
            Access::PrepareLearningAgreements | Access::SignLearningAgreements => {
                Some(Scope::write("learning_agreements"))
            }
            Access::OverrideLearningAgreement => None,
            Access::ReadGrants => Some(Scope::read("grants")),
            Access::WriteGrants | Access::AssignGrants => Some(Scope::write("grants")),
            Access::WriteFundingRates => None,
            Access::ReadBeneficiaryReport => Some(Scope::read("reports")),
            Access::ReadEvents => Some(Scope::read("events")),
            Access::WriteEvents | Access::RegisterForEvents => Some(Scope::write("events")),
            // A feed's secret stands for a person; no integration hands them out.
            Access::ManageCalendarFeeds => None,
        }
    }

    /// A sentence for the OpenAPI description and for 403 messages.
    pub fn describe(self) -> String {
        let roles: Vec<&str> = self.roles().iter().filter(|r| **r != Role::Integration).map(|r| r.as_str()).collect();
        match self.scope() {
            Some(scope) => format!("roles: {}; integration clients with scope `{scope}`", roles.join(", ")),
            None => format!("roles: {}", roles.join(", ")),
        }
    }
}

impl Principal {
    /// Whether the caller holds `access`.
    pub fn can(&self, access: Access) -> bool {
        if !access.roles().contains(&self.role) {
            return false;
        }
        if self.role == Role::Integration {
            return access.scope().is_some_and(|wanted| self.scopes.iter().any(|held| held.grants(&wanted)));
        }
        true
    }

    /// Fails with 403 unless the caller holds `access`.
    pub fn require(&self, access: Access) -> Result<(), ApiError> {
        if self.can(access) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!("this operation needs {}", access.describe())))
        }
    }

    /// Whether the caller may write an agreement whose local unit is `local_unit`: everyone
    /// with [`Access::WriteAgreements`], except that a faculty coordinator only for an
    /// agreement of one of their own units (never a university-wide one).
    pub fn may_write_agreement(&self, local_unit: Option<UnitId>) -> bool {
        self.can(Access::WriteAgreements)
            && (self.role != Role::FacultyCoordinator || local_unit.is_some_and(|unit| self.coordinates(unit)))
    }

    /// Fails with 403 unless [`Principal::may_write_agreement`].
    pub fn require_agreement_write(&self, local_unit: Option<UnitId>) -> Result<(), ApiError> {
        self.require(Access::WriteAgreements)?;
        if self.may_write_agreement(local_unit) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                "a faculty coordinator manages only agreements whose local_unit_id is one of their units".to_owned(),
            ))
        }
    }

    /// Whether the caller sees only agreements in force (participants browsing destinations);
    /// everyone else who may read agreements sees all of them.
    pub fn sees_only_agreements_in_force(&self) -> bool {
        self.role == Role::Participant
    }

    /// Whether the caller may see an agreement that is (or is not) in force. An agreement the
    /// caller may not see is answered as missing (404), so its existence does not leak.
    pub fn sees_agreement(&self, in_force: bool) -> bool {
        in_force || !self.sees_only_agreements_in_force()
    }

    /// Fails with 403 unless the caller may change `what` of a unit beyond its names and
    /// contacts (its code, its place in the tree): whoever holds
    /// [`Access::WriteInstitutions`]. A faculty coordinator changes only the names and contacts
    /// of the units they coordinate (README, roles).
    pub fn require_unit_structure_change(&self, what: &str) -> Result<(), ApiError> {
        if self.can(Access::WriteInstitutions) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "changing a unit's {what} needs {}; a faculty coordinator changes only names and contacts",
                Access::WriteInstitutions.describe()
            )))
        }
    }

    /// Whether the caller is the person linked to `linked`: a participant account, and the
    /// linked one. Staff accounts are never "the person themself", whatever a link says.
    pub fn is_account_of(&self, linked: Option<UserId>) -> bool {
        self.role == Role::Participant && matches!(self.subject, Subject::User(user) if linked == Some(user))
    }

    /// Whether the caller may read the restricted personal data (special needs) of the person
    /// linked to `linked`: the office, and the person themself.
    pub fn sees_restricted_personal_data(&self, linked: Option<UserId>) -> bool {
        self.can(Access::RestrictedPersonalData) || self.is_account_of(linked)
    }

    /// Fails with 403 unless the caller may link a person to an account (set or change
    /// `user_id`).
    pub fn require_person_account_link(&self) -> Result<(), ApiError> {
        if self.can(Access::LinkPersonAccounts) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "linking a person to an account (user_id) needs {}",
                Access::LinkPersonAccounts.describe()
            )))
        }
    }

    /// Fails with 403 unless the caller may write restricted personal data: a caller who may
    /// not read special needs must not overwrite or erase them either.
    pub fn require_restricted_personal_data_write(&self) -> Result<(), ApiError> {
        if self.can(Access::RestrictedPersonalData) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "special_needs is restricted personal data; writing it needs {}",
                Access::RestrictedPersonalData.describe()
            )))
        }
    }

    /// Fails with 403 unless the caller may write an event organised by `unit`: whoever holds
    /// [`Access::WriteEvents`], a faculty coordinator only for their own units' events.
    pub fn require_event_write(&self, unit: Option<UnitId>) -> Result<(), ApiError> {
        self.require(Access::WriteEvents)?;
        if self.role != Role::FacultyCoordinator || unit.is_some_and(|u| self.coordinates(u)) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                "a faculty coordinator manages only events whose unit_id is one of their units".to_owned(),
            ))
        }
    }

    /// Whether the caller may nominate past a quota (with a reason): coordinators, officers
    /// and admins, who answer for the decision; not participants, reporting or integrations.
    pub fn may_override_quota(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Officer | Role::FacultyCoordinator)
    }

    /// Fails with 403 unless [`Principal::may_override_quota`].
    pub fn require_quota_override(&self) -> Result<(), ApiError> {
        if self.may_override_quota() {
            Ok(())
        } else {
            Err(ApiError::Forbidden("only coordinators, officers and admins may override a quota".to_owned()))
        }
    }

    /// Whether the caller may prepare (create, change, propose changes to) the learning
    /// agreement of a mobility whose unit of ours is `local_unit`: the office and integrations
    /// with the scope, and the coordinator of that unit (the sending unit's for an outgoing
    /// mobility, the hosting unit's for an incoming one).
    pub fn may_prepare_learning_agreement(&self, local_unit: Option<UnitId>) -> bool {
        self.can(Access::PrepareLearningAgreements)
            && (self.role != Role::FacultyCoordinator || local_unit.is_some_and(|unit| self.coordinates(unit)))
    }

    /// Fails with 403 unless the caller may let a mobility go live without a signed learning
    /// agreement.
    pub fn require_learning_agreement_override(&self) -> Result<(), ApiError> {
        if self.can(Access::OverrideLearningAgreement) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                "only officers and admins may let a mobility go live without a signed learning agreement".to_owned(),
            ))
        }
    }

    /// Whether the caller is a faculty coordinator of `unit`.
    pub fn coordinates(&self, unit: UnitId) -> bool {
        self.role == Role::FacultyCoordinator && self.unit_ids.contains(&unit)
    }
}

impl Principal {
    /// The team whose inquiries the caller reads and answers: admins and officers the office's,
    /// Student Organization accounts the Student Organization's; nobody else has one.
    pub fn inquiry_team(&self) -> Option<Team> {
        team_of_role(self.role)
    }

    /// The caller's team, or 403.
    pub fn require_inquiry_team(&self) -> Result<Team, ApiError> {
        self.require(Access::AnswerInquiries)?;
        self.inquiry_team().ok_or_else(|| ApiError::Forbidden("this operation needs a team".to_owned()))
    }
}

/// The inquiry team an account of `role` belongs to, if any.
pub fn team_of_role(role: Role) -> Option<Team> {
    match role {
        Role::Admin | Role::Officer => Some(Team::Office),
        Role::StudentOrganization => Some(Team::StudentOrganization),
        _ => None,
    }
}

/// Whether an account of `role` may be linked to a person: only participant accounts. A link
/// makes the account "the person themself"; staff read people through their role instead.
pub fn linkable_to_person(role: Role) -> bool {
    role == Role::Participant
}

impl Principal {
    /// Fails with 403 unless the caller may change `unit`: whoever holds
    /// [`Access::WriteInstitutions`], and a faculty coordinator the units they coordinate.
    pub fn require_unit_write(&self, unit: UnitId) -> Result<(), ApiError> {
        if self.coordinates(unit) { Ok(()) } else { self.require(Access::WriteInstitutions) }
    }

    /// Fails with 403 unless the caller may change the catalogue entries of `unit`: whoever
    /// holds [`Access::WriteCatalogue`], except that a faculty coordinator only their own
    /// units' programmes and courses.
    pub fn require_catalogue_write(&self, unit: UnitId) -> Result<(), ApiError> {
        self.require(Access::WriteCatalogue)?;
        if self.role != Role::FacultyCoordinator || self.coordinates(unit) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                "a faculty coordinator maintains only the catalogue of the units they coordinate".to_owned(),
            ))
        }
    }

    /// Fails with 403 unless the caller may convert a grade: every reader of ECTS data; storing
    /// the conversion as approved for recognition (`store`) needs [`Access::WriteEcts`].
    pub fn require_grade_conversion(&self, store: bool) -> Result<(), ApiError> {
        self.require(Access::ReadEcts)?;
        if store { self.require(Access::WriteEcts) } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use iro_domain::ClientId;

    use super::*;

    fn principal(role: Role, scopes: &[&str]) -> Principal {
        Principal {
            subject: if role == Role::Integration {
                Subject::Client(ClientId::generate())
            } else {
                Subject::User(UserId::generate())
            },
            name: "x".into(),
            role,
            scopes: scopes.iter().map(|s| Scope::parse(s).unwrap()).collect(),
            unit_ids: vec![],
        }
    }

    #[test]
    fn officers_write_institutions_but_do_not_manage_users() {
        let officer = principal(Role::Officer, &[]);
        assert!(officer.can(Access::WriteInstitutions));
        assert!(!officer.can(Access::ManageUsers));
        assert!(principal(Role::Admin, &[]).can(Access::ManageUsers));
        assert!(!officer.can(Access::ChooseLocalInstitution));
        assert!(principal(Role::Admin, &[]).can(Access::ChooseLocalInstitution));
        assert!(!principal(Role::Integration, &["institutions:write"]).can(Access::ChooseLocalInstitution));
    }

    #[test]
    fn participants_and_reporting_only_read() {
        for role in [Role::Participant, Role::Reporting, Role::FacultyCoordinator] {
            let p = principal(role, &[]);
            assert!(p.can(Access::ReadInstitutions));
            assert!(!p.can(Access::WriteInstitutions));
        }
    }

    #[test]
    fn coordinators_write_only_their_units_agreements_and_participants_only_read() {
        let unit = UnitId::generate();
        let mut coordinator = principal(Role::FacultyCoordinator, &[]);
        coordinator.unit_ids = vec![unit];
        assert!(coordinator.may_write_agreement(Some(unit)));
        assert!(!coordinator.may_write_agreement(Some(UnitId::generate())));
        assert!(!coordinator.may_write_agreement(None));
        assert!(principal(Role::Officer, &[]).may_write_agreement(None));
        let participant = principal(Role::Participant, &[]);
        assert!(participant.can(Access::ReadAgreements));
        assert!(!participant.can(Access::ReadAgreementHistory));
        assert!(!participant.may_write_agreement(None));
        assert!(!principal(Role::Reporting, &[]).may_write_agreement(None));
        let writer = principal(Role::Integration, &["agreements:write"]);
        assert!(writer.can(Access::ReadAgreements) && writer.may_write_agreement(None));
        let reader = principal(Role::Integration, &["agreements:read"]);
        assert!(reader.can(Access::ReadAgreementHistory) && !reader.may_write_agreement(None));
    }

    #[test]
    fn only_coordinators_officers_and_admins_override_a_quota() {
        for role in [Role::Admin, Role::Officer, Role::FacultyCoordinator] {
            assert!(principal(role, &[]).require_quota_override().is_ok(), "{role}");
        }
        for role in [Role::Participant, Role::Reporting] {
            assert!(matches!(principal(role, &[]).require_quota_override(), Err(ApiError::Forbidden(_))), "{role}");
        }
        assert!(!principal(Role::Integration, &["mobilities:write"]).may_override_quota());
    }

    #[test]
    fn integration_clients_are_limited_by_scope() {
        let reader = principal(Role::Integration, &["institutions:read"]);
        assert!(reader.can(Access::ReadInstitutions));
        assert!(!reader.can(Access::WriteInstitutions));
        let writer = principal(Role::Integration, &["institutions:write"]);
        assert!(writer.can(Access::ReadInstitutions) && writer.can(Access::WriteInstitutions));
        assert!(!principal(Role::Integration, &["agreements:write"]).can(Access::ReadInstitutions));
        assert!(!writer.can(Access::ManageUsers));
    }

    #[test]
    fn coordinators_change_only_names_and_contacts_of_units() {
        assert!(principal(Role::FacultyCoordinator, &[]).require_unit_structure_change("code").is_err());
        assert!(principal(Role::Officer, &[]).require_unit_structure_change("code").is_ok());
        assert!(principal(Role::Integration, &["institutions:write"]).require_unit_structure_change("code").is_ok());
    }

    #[test]
    fn only_the_office_links_accounts_and_only_a_linked_participant_is_the_person() {
        for role in [Role::Admin, Role::Officer] {
            let p = principal(role, &[]);
            assert!(p.require_person_account_link().is_ok() && p.require_restricted_personal_data_write().is_ok());
        }
        for p in [principal(Role::FacultyCoordinator, &[]), principal(Role::Integration, &["people:write"])] {
            assert!(p.require_person_account_link().is_err());
            assert!(p.require_restricted_personal_data_write().is_err());
            assert!(!p.sees_restricted_personal_data(None));
        }
        let coordinator = principal(Role::FacultyCoordinator, &[]);
        assert!(!coordinator.is_account_of(coordinator.user_id()));
        assert!(!coordinator.sees_restricted_personal_data(coordinator.user_id()));
        let participant = principal(Role::Participant, &[]);
        assert!(participant.is_account_of(participant.user_id()));
        assert!(participant.sees_restricted_personal_data(participant.user_id()));
        assert!(!participant.is_account_of(Some(UserId::generate())) && !participant.is_account_of(None));
        assert!(linkable_to_person(Role::Participant));
        assert!(!linkable_to_person(Role::Officer) && !linkable_to_person(Role::Admin));
    }

    #[test]
    fn coordinators_write_only_the_units_they_coordinate() {
        let unit = UnitId::generate();
        let mut coordinator = principal(Role::FacultyCoordinator, &[]);
        coordinator.unit_ids = vec![unit];
        assert!(coordinator.require_unit_write(unit).is_ok());
        assert!(coordinator.require_unit_write(UnitId::generate()).is_err());
        assert!(principal(Role::Officer, &[]).require_unit_write(UnitId::generate()).is_ok());
        assert!(principal(Role::Participant, &[]).require_unit_write(unit).is_err());
    }

    #[test]
    fn the_office_writes_factsheets_and_only_staff_read_their_drafts() {
        for role in [Role::Admin, Role::Officer] {
            assert!(principal(role, &[]).can(Access::WriteFactsheets), "{role:?}");
        }
        for role in [Role::FacultyCoordinator, Role::Participant, Role::Reporting, Role::StudentOrganization] {
            assert!(!principal(role, &[]).can(Access::WriteFactsheets), "{role:?}");
        }
        assert!(!principal(Role::Integration, &["factsheets:read"]).can(Access::WriteFactsheets));
        assert!(principal(Role::Reporting, &[]).can(Access::ReadFactsheetDrafts));
        assert!(principal(Role::Integration, &["factsheets:read"]).can(Access::ReadFactsheetDrafts));
        assert!(!principal(Role::Integration, &["catalogue:read"]).can(Access::ReadFactsheetDrafts));
        assert!(!principal(Role::Participant, &[]).can(Access::ReadFactsheetDrafts));
    }

    #[test]
    fn coordinators_maintain_only_their_units_catalogue_and_drafts_stay_with_staff() {
        let unit = UnitId::generate();
        let mut coordinator = principal(Role::FacultyCoordinator, &[]);
        coordinator.unit_ids = vec![unit];
        assert!(coordinator.require_catalogue_write(unit).is_ok());
        assert!(matches!(coordinator.require_catalogue_write(UnitId::generate()), Err(ApiError::Forbidden(_))));
        assert!(principal(Role::Officer, &[]).require_catalogue_write(UnitId::generate()).is_ok());
        assert!(principal(Role::Integration, &["catalogue:write"]).require_catalogue_write(unit).is_ok());
        assert!(principal(Role::Integration, &["catalogue:read"]).require_catalogue_write(unit).is_err());
        assert!(principal(Role::Participant, &[]).require_catalogue_write(unit).is_err());
        assert!(!principal(Role::Participant, &[]).can(Access::ReadCatalogueDrafts));
        assert!(principal(Role::Integration, &["catalogue:read"]).can(Access::ReadCatalogueDrafts));
    }

    #[test]
    fn learning_agreements_are_prepared_by_the_office_and_the_mobilitys_own_coordinator() {
        let unit = UnitId::generate();
        let mut coordinator = principal(Role::FacultyCoordinator, &[]);
        coordinator.unit_ids = vec![unit];
        assert!(coordinator.may_prepare_learning_agreement(Some(unit)));
        assert!(!coordinator.may_prepare_learning_agreement(Some(UnitId::generate())));
        assert!(!coordinator.may_prepare_learning_agreement(None));
        assert!(principal(Role::Officer, &[]).may_prepare_learning_agreement(None));
        assert!(principal(Role::Integration, &["learning_agreements:write"]).may_prepare_learning_agreement(None));
        assert!(!principal(Role::Integration, &["learning_agreements:read"]).may_prepare_learning_agreement(None));
        assert!(!principal(Role::Participant, &[]).may_prepare_learning_agreement(Some(unit)));
        assert!(principal(Role::Participant, &[]).can(Access::SignLearningAgreements));
        assert!(principal(Role::Officer, &[]).require_learning_agreement_override().is_ok());
        assert!(coordinator.require_learning_agreement_override().is_err());
    }

    #[test]
    fn the_office_and_the_student_organization_each_answer_their_own_team() {
        assert_eq!(principal(Role::Officer, &[]).inquiry_team(), Some(Team::Office));
        assert_eq!(principal(Role::Admin, &[]).inquiry_team(), Some(Team::Office));
        let so = principal(Role::StudentOrganization, &[]);
        assert_eq!(so.require_inquiry_team().unwrap(), Team::StudentOrganization);
        assert!(!so.can(Access::ReadMobilities) && !so.can(Access::ReadPeople));
        for role in [Role::FacultyCoordinator, Role::Participant, Role::Reporting] {
            assert!(principal(role, &[]).require_inquiry_team().is_err(), "{role}");
        }
        assert!(principal(Role::Participant, &[]).can(Access::AskInquiries));
    }

    #[test]
    fn every_reader_converts_grades_but_only_writers_store_them() {
        let participant = principal(Role::Participant, &[]);
        assert!(participant.require_grade_conversion(false).is_ok());
        assert!(participant.require_grade_conversion(true).is_err());
        assert!(principal(Role::Officer, &[]).require_grade_conversion(true).is_ok());
        assert!(principal(Role::Integration, &["ects:read"]).require_grade_conversion(true).is_err());
    }
}
