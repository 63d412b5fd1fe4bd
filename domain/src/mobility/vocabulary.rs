//! The words a mobility is described with: direction, participant, activity, programme.

use crate::agreement::MobilityType;
use crate::wire_enum::wire_enum;

wire_enum! {
    /// Seen from our institution: do we send the person, or receive them?
    pub enum Direction ("direction") {
        /// We send: we nominate, the partner accepts or rejects, we recognise.
        Outgoing = "outgoing",
        /// We receive: the partner nominates, we accept (verify) or reject; recognition happens
        /// at the partner.
        Incoming = "incoming",
    }
}

wire_enum! {
    /// Who moves.
    pub enum ParticipantKind ("participant kind") {
        /// A student.
        Student = "student",
        /// A staff member.
        Staff = "staff",
    }
}

/// A mobility's activity: the same four types as cooperation conditions, so a
/// mobility and its condition compare directly.
pub type ActivityType = MobilityType;

impl MobilityType {
    /// Whether this activity is for students or for staff.
    pub fn participant_kind(self) -> ParticipantKind {
        if self.is_student() { ParticipantKind::Student } else { ParticipantKind::Staff }
    }
}

wire_enum! {
    /// The format of a student mobility (Erasmus+ Programme Guide, KA131 student mobility).
    pub enum StudentActivityAttribute ("student activity attribute") {
        /// A long-term physical mobility (2–12 months).
        LongTerm = "long_term",
        /// A short-term physical mobility with a compulsory virtual component (5–30 days).
        ShortTermBlended = "short_term_blended",
        /// A short-term physical mobility of a doctoral candidate (5–30 days).
        ShortTermDoctoral = "short_term_doctoral",
    }
}

impl StudentActivityAttribute {
    /// Whether the physical part is short-term (counted in days, 5–30).
    pub fn is_short_term(self) -> bool {
        self != StudentActivityAttribute::LongTerm
    }
}

wire_enum! {
    /// The funding programme of a mobility.
    pub enum MobilityProgramme ("mobility programme") {
        /// Erasmus+ KA131: EU Member States and third countries associated to the programme.
        ErasmusKa131 = "erasmus_ka131",
        /// Erasmus+ KA171: third countries not associated to the programme.
        ErasmusKa171 = "erasmus_ka171",
        /// A bilateral exchange outside Erasmus+.
        Bilateral = "bilateral",
        /// Anything else (free movers, national schemes …).
        Other = "other",
    }
}

impl MobilityProgramme {
    /// Whether Erasmus+ rules (durations, teaching hours) apply.
    pub fn is_erasmus(self) -> bool {
        matches!(self, MobilityProgramme::ErasmusKa131 | MobilityProgramme::ErasmusKa171)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activities_belong_to_students_or_staff() {
        assert_eq!(ActivityType::StudentTraineeship.participant_kind(), ParticipantKind::Student);
        assert_eq!(ActivityType::StaffTraining.participant_kind(), ParticipantKind::Staff);
    }

    #[test]
    fn vocabularies_parse_their_wire_names() {
        assert_eq!(Direction::parse("incoming").unwrap(), Direction::Incoming);
        assert_eq!(ParticipantKind::parse("staff").unwrap(), ParticipantKind::Staff);
        assert_eq!(
            StudentActivityAttribute::parse("short_term_doctoral").unwrap(),
            StudentActivityAttribute::ShortTermDoctoral
        );
        assert_eq!(MobilityProgramme::parse("erasmus_ka171").unwrap(), MobilityProgramme::ErasmusKa171);
        assert_eq!(MobilityProgramme::parse("ka131").unwrap_err().code, "unknown");
    }

    #[test]
    fn only_ka131_and_ka171_are_erasmus_and_only_long_term_is_long() {
        let erasmus: Vec<_> = MobilityProgramme::ALL.iter().filter(|p| p.is_erasmus()).collect();
        assert_eq!(erasmus, [&MobilityProgramme::ErasmusKa131, &MobilityProgramme::ErasmusKa171]);
        assert!(!StudentActivityAttribute::LongTerm.is_short_term());
        assert!(StudentActivityAttribute::ShortTermBlended.is_short_term());
    }
}
