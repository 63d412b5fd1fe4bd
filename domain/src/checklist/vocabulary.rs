//! The closed vocabularies of visa and insurance rules: fact status, purpose, visa type, cover,
//! provider, health-coverage scheme and checklist item kind.

use crate::mobility::ActivityType;
use crate::wire_enum::wire_enum;

wire_enum! {
    /// How sure we are of a rule row.
    pub enum FactStatus ("fact status") {
        /// Confirmed by a primary source (a regulation, a ministry, the health fund).
        Confirmed = "confirmed",
        /// From a secondary source only (a guide, an embassy page relayed by others).
        Secondary = "secondary",
        /// Derived by us from other facts. Kept apart from `secondary` so an officer can
        /// see that nobody wrote it down; it ranks between secondary and unconfirmed.
        Derived = "derived",
        /// Not confirmed at all. Shipped as data, shown as unconfirmed, never hidden.
        Unconfirmed = "unconfirmed",
    }
}

impl FactStatus {
    /// 0 for the most reliable status; used to prefer one rule row over another.
    pub fn rank(self) -> u8 {
        match self {
            FactStatus::Confirmed => 0,
            FactStatus::Secondary => 1,
            FactStatus::Derived => 2,
            FactStatus::Unconfirmed => 3,
        }
    }

    /// The less reliable of two statuses: a conclusion is only as sure as its weakest fact.
    pub fn weaker(self, other: FactStatus) -> FactStatus {
        if other.rank() > self.rank() { other } else { self }
    }
}

wire_enum! {
    /// Why the person travels, as visa rules distinguish it (issue 6, item 1).
    pub enum Purpose ("visa purpose") {
        /// A short visit: a meeting, a group visit, a summer school.
        ShortVisit = "short_visit",
        /// Studies, typically a semester or a year.
        SemesterStudy = "semester_study",
        /// Staff mobility for teaching.
        StaffTeaching = "staff_teaching",
        /// Staff mobility for training.
        StaffTraining = "staff_training",
        /// A student traineeship.
        Traineeship = "traineeship",
    }
}

impl Purpose {
    /// The purpose a mobility of this activity type travels for. Short visits are not an
    /// Erasmus+ activity; callers choose [`Purpose::ShortVisit`] explicitly (e.g. group visits).
    pub fn for_activity(activity: ActivityType) -> Purpose {
        match activity {
            ActivityType::StudentStudies => Purpose::SemesterStudy,
            ActivityType::StudentTraineeship => Purpose::Traineeship,
            ActivityType::StaffTeaching => Purpose::StaffTeaching,
            ActivityType::StaffTraining => Purpose::StaffTraining,
        }
    }
}

wire_enum! {
    /// Which visa a rule requires.
    pub enum VisaType ("visa type") {
        /// No visa: visa-free entry.
        None = "none",
        /// A short-stay (type C) visa, up to 90 days.
        C = "c",
        /// A national long-stay (type D) visa.
        D = "d",
        /// The Russian study visa, issued on a host invitation.
        RussianStudy = "russian_study",
        /// A visa is required, but our data does not say which type.
        Unspecified = "unspecified",
    }
}

impl VisaType {
    /// How heavy the visa is for the participant, 0 = none; used to pick the most favourable
    /// citizenship.
    pub fn burden(self) -> u8 {
        match self {
            VisaType::None => 0,
            VisaType::C => 1,
            VisaType::D => 2,
            VisaType::RussianStudy => 3,
            VisaType::Unspecified => 4,
        }
    }

    /// A title for the checklist.
    pub fn title(self) -> &'static str {
        match self {
            VisaType::None => "no visa",
            VisaType::C => "short-stay visa (type C)",
            VisaType::D => "national long-stay visa (type D)",
            VisaType::RussianStudy => "Russian study visa",
            VisaType::Unspecified => "visa (type not recorded)",
        }
    }
}

wire_enum! {
    /// An insurance cover Erasmus+ participants must have.
    pub enum CoverType ("cover type") {
        /// Health: serious illness, medical treatment.
        Health = "health",
        /// Travel, including luggage where relevant.
        Travel = "travel",
        /// Accident.
        Accident = "accident",
        /// Third-party liability.
        ThirdPartyLiability = "third_party_liability",
        /// Death, including repatriation.
        DeathAndRepatriation = "death_and_repatriation",
    }
}

wire_enum! {
    /// Who provides an insurance cover.
    pub enum Provider ("insurance provider") {
        /// The participant buys it.
        Participant = "participant",
        /// The sending institution.
        Sending = "sending",
        /// The host (receiving institution or traineeship host).
        Host = "host",
        /// A state scheme: EHIC or a bilateral social-security certificate, looked up in the
        /// health-coverage schemes for the home country and destination.
        StateScheme = "state_scheme",
    }
}

wire_enum! {
    /// The kind of state health coverage a person insured at home has at the destination.
    pub enum SchemeKind ("health coverage scheme") {
        /// The European Health Insurance Card (EU/EEA/CH).
        Ehic = "ehic",
        /// A certificate under a bilateral social-security agreement (FZOM forms such as РМ/РБ 101).
        BilateralCertificate = "bilateral_certificate",
        /// No state coverage.
        None = "none",
    }
}

wire_enum! {
    /// What a health-coverage scheme covers.
    pub enum CoverageExtent ("coverage extent") {
        /// Urgent care only (FZOM bilateral certificates).
        UrgentCareOnly = "urgent_care_only",
        /// Medically necessary care during the stay (EHIC).
        NecessaryCare = "necessary_care",
        /// Nothing.
        Nothing = "nothing",
    }
}

wire_enum! {
    /// What a checklist item asks for or tells.
    pub enum ItemKind ("checklist item kind") {
        /// The visa decision: needed or not, which type.
        Visa = "visa",
        /// A step with a due date: apply for a visa, a residence permit.
        Step = "step",
        /// A document to gather.
        Document = "document",
        /// A registration on arrival (police, migration office).
        Registration = "registration",
        /// An insurance cover.
        Insurance = "insurance",
        /// Information: which citizenship was used, a rule that changes during the stay, an
        /// alternative rule with a weaker status.
        Notice = "notice",
        /// No rule applies: check with the consulate or insurer. Never left out silently.
        Unknown = "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weaker_status_wins_and_ranks_are_ordered() {
        assert_eq!(FactStatus::Confirmed.weaker(FactStatus::Unconfirmed), FactStatus::Unconfirmed);
        assert_eq!(FactStatus::Derived.weaker(FactStatus::Secondary), FactStatus::Derived);
        let ranks: Vec<u8> = FactStatus::ALL.iter().map(|s| s.rank()).collect();
        assert_eq!(ranks, [0, 1, 2, 3]);
    }

    #[test]
    fn every_activity_has_a_purpose() {
        assert_eq!(Purpose::for_activity(ActivityType::StudentStudies), Purpose::SemesterStudy);
        assert_eq!(Purpose::for_activity(ActivityType::StudentTraineeship), Purpose::Traineeship);
        assert_eq!(Purpose::parse("short_visit").unwrap(), Purpose::ShortVisit);
    }
}
