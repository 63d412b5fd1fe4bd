//! The vocabularies of visa and insurance checklists as the API names them, each mirroring a
//! domain enum.

use iro_domain::checklist::{
    AlertKind, CoverType, FactStatus, ItemKind, ProgressStatus, Provider, Purpose, RuleKind, VisaType,
};

use crate::routes::shared::vocabulary::api_vocabulary;

api_vocabulary! {
    /// The kind of a rule row.
    RuleKindName <-> RuleKind {
        /// Citizenship × destination × purpose → visa.
        Visa,
        /// A registration duty on arrival (police, migration office).
        Registration,
        /// A document type visa rules name by code.
        Document,
        /// Home country × destination → state health coverage (EHIC, bilateral certificate).
        HealthCoverage,
        /// Programme × activity → one insurance cover.
        Insurance,
    }
}

api_vocabulary! {
    /// How sure a fact is: `confirmed` (primary source), `secondary`, `derived` (inferred by
    /// us) or `unconfirmed` (shown, never hidden).
    FactStatusName <-> FactStatus {
        /// Confirmed by a primary source.
        Confirmed,
        /// From a secondary source only.
        Secondary,
        /// Derived by us from other facts.
        Derived,
        /// Not confirmed.
        Unconfirmed,
    }
}

api_vocabulary! {
    /// Where a checklist item stands.
    ProgressStatusName <-> ProgressStatus {
        /// Not done yet.
        Open,
        /// Done.
        Done,
        /// Does not apply to this participant.
        NotApplicable,
    }
}

api_vocabulary! {
    /// Why a mobility needs attention.
    AlertKindName <-> AlertKind {
        /// A mandatory insurance cover is not automatic and nobody confirmed it.
        InsuranceToArrange,
        /// A step, document or registration is overdue.
        StepOverdue,
        /// A step, document or registration is due within the look-ahead.
        StepDueSoon,
        /// No rule is known: check with the consulate or insurer.
        UnknownRule,
    }
}

api_vocabulary! {
    /// What a checklist item is.
    ItemKindName <-> ItemKind {
        /// The visa decision.
        Visa,
        /// A step with a due date (apply for the visa, a residence permit).
        Step,
        /// A document to gather.
        Document,
        /// A registration on arrival.
        Registration,
        /// An insurance cover.
        Insurance,
        /// Information (citizenship used, a rule changing during the stay).
        Notice,
        /// No rule applies: check with the consulate or insurer.
        Unknown,
    }
}

api_vocabulary! {
    /// An insurance cover.
    CoverTypeName <-> CoverType {
        /// Health.
        Health,
        /// Travel, including luggage.
        Travel,
        /// Accident.
        Accident,
        /// Third-party liability.
        ThirdPartyLiability,
        /// Death and repatriation.
        DeathAndRepatriation,
    }
}

api_vocabulary! {
    /// Who provides a cover.
    ProviderName <-> Provider {
        /// The participant.
        Participant,
        /// The sending institution.
        Sending,
        /// The host.
        Host,
        /// A state scheme (EHIC, bilateral certificate).
        StateScheme,
    }
}

api_vocabulary! {
    /// A visa type.
    VisaTypeName <-> VisaType {
        /// No visa.
        None,
        /// Short-stay (type C).
        C,
        /// National long-stay (type D).
        D,
        /// The Russian study visa, issued on a host invitation.
        RussianStudy,
        /// Required, type not recorded.
        Unspecified,
    }
}

api_vocabulary! {
    /// Why the participant travels, as visa rules distinguish it.
    PurposeName <-> Purpose {
        /// A short visit.
        ShortVisit,
        /// Studies (a semester or a year).
        SemesterStudy,
        /// Staff teaching.
        StaffTeaching,
        /// Staff training.
        StaffTraining,
        /// A traineeship.
        Traineeship,
    }
}
