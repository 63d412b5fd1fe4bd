//! What an inquiry is about, and the team a topic is routed to.

use crate::wire_enum::wire_enum;

wire_enum! {
    /// The subject of an inquiry, chosen by the asker.
    pub enum Topic ("inquiry topic") {
        /// Student housing, dormitories, renting.
        Accommodation = "accommodation",
        /// Getting here and public transport.
        Transport = "transport",
        /// Food and the cost of living.
        Food = "food",
        /// Visas and residence permits.
        Visa = "visa",
        /// Health and other insurance.
        Insurance = "insurance",
        /// Courses, learning agreements, grades.
        Academic = "academic",
        /// Clubs, events, buddies, everyday student life.
        StudentLife = "student_life",
        /// Anything else.
        Other = "other",
    }
}

wire_enum! {
    /// Who answers an inquiry: the International Relations Office or the Student Organization.
    pub enum Team ("team") {
        /// The International Relations Office (admins and officers).
        Office = "office",
        /// The Student Organization (its own accounts), for student life.
        StudentOrganization = "student_organization",
    }
}

impl Topic {
    /// The team a new inquiry on this topic goes to: student life to the Student
    /// Organization, who know it first-hand; everything else to the office. A team may hand
    /// an inquiry over to the other afterwards.
    pub fn team(self) -> Team {
        match self {
            Topic::StudentLife => Team::StudentOrganization,
            _ => Team::Office,
        }
    }
}

impl Team {
    /// The other team (the only one an inquiry can be handed over to).
    pub fn other(self) -> Team {
        match self {
            Team::Office => Team::StudentOrganization,
            Team::StudentOrganization => Team::Office,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_student_life_goes_to_the_student_organization() {
        for topic in Topic::ALL {
            let expected = if *topic == Topic::StudentLife { Team::StudentOrganization } else { Team::Office };
            assert_eq!(topic.team(), expected, "{topic}");
        }
        assert_eq!(Team::Office.other(), Team::StudentOrganization);
        assert_eq!(Team::StudentOrganization.other(), Team::Office);
        assert_eq!(Topic::parse("student_life").unwrap(), Topic::StudentLife);
        assert_eq!(Topic::parse("weather").unwrap_err().code, "unknown");
    }
}
