//! The API names of the inquiry vocabularies: topics, teams, statuses.

use iro_domain::inquiry::{InquiryStatus, Team, Topic};

use crate::routes::shared::vocabulary::api_vocabulary;

api_vocabulary! {
    /// What an inquiry is about; `student_life` goes to the Student Organization, the rest to
    /// the office.
    TopicName <-> Topic {
        /// Student housing.
        Accommodation,
        /// Getting here and public transport.
        Transport,
        /// Food and the cost of living.
        Food,
        /// Visas and residence permits.
        Visa,
        /// Insurance.
        Insurance,
        /// Courses, learning agreements, grades.
        Academic,
        /// Student life (the Student Organization answers).
        StudentLife,
        /// Anything else.
        Other,
    }
}

api_vocabulary! {
    /// Who answers an inquiry.
    TeamName <-> Team {
        /// The International Relations Office (admins, officers).
        Office,
        /// The Student Organization.
        StudentOrganization,
    }
}

api_vocabulary! {
    /// Where an inquiry stands: `open` (waiting for the team), `answered` (waiting for the
    /// asker), `closed` (reopen to continue).
    InquiryStatusName <-> InquiryStatus {
        /// Waiting for the team's answer.
        Open,
        /// Answered; a follow-up of the asker opens it again.
        Answered,
        /// Done.
        Closed,
    }
}
