//! The four types of mobility a cooperation condition (and a mobility) can be about.

use crate::amount::DurationUnit;
use crate::wire_enum::wire_enum;

wire_enum! {
    /// The type of a cooperation condition (EWP IIA `*-mobility-spec`) and the activity of a
    /// mobility.
    pub enum MobilityType ("mobility type") {
        /// Student mobility for studies (SMS).
        StudentStudies = "student_studies",
        /// Student mobility for traineeships (SMT).
        StudentTraineeship = "student_traineeship",
        /// Staff mobility for teaching (STA).
        StaffTeaching = "staff_teaching",
        /// Staff mobility for training (STT).
        StaffTraining = "staff_training",
    }
}

impl MobilityType {
    /// Whether the participants are students (else staff).
    pub fn is_student(self) -> bool {
        matches!(self, MobilityType::StudentStudies | MobilityType::StudentTraineeship)
    }

    /// The unit of the condition's yearly total: months for students
    /// (`total_months_per_year`), days for staff (`total_days_per_year`), as in EWP IIA.
    pub fn duration_unit(self) -> DurationUnit {
        if self.is_student() { DurationUnit::Months } else { DurationUnit::Days }
    }

    /// Whether a condition of this type needs at least one language requirement: the
    /// Erasmus+ IIA template requires them for studies and teaching.
    pub fn requires_language_requirement(self) -> bool {
        matches!(self, MobilityType::StudentStudies | MobilityType::StaffTeaching)
    }

    /// The Erasmus+ abbreviation: SMS, SMT, STA or STT.
    pub fn erasmus_abbreviation(self) -> &'static str {
        match self {
            MobilityType::StudentStudies => "SMS",
            MobilityType::StudentTraineeship => "SMT",
            MobilityType::StaffTeaching => "STA",
            MobilityType::StaffTraining => "STT",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn students_count_months_and_staff_count_days() {
        assert_eq!(MobilityType::StudentStudies.duration_unit(), DurationUnit::Months);
        assert_eq!(MobilityType::StudentTraineeship.duration_unit(), DurationUnit::Months);
        assert_eq!(MobilityType::StaffTeaching.duration_unit(), DurationUnit::Days);
        assert_eq!(MobilityType::StaffTraining.duration_unit(), DurationUnit::Days);
    }

    #[test]
    fn studies_and_teaching_need_language_requirements() {
        let needing: Vec<_> = MobilityType::ALL.iter().filter(|t| t.requires_language_requirement()).collect();
        assert_eq!(needing, [&MobilityType::StudentStudies, &MobilityType::StaffTeaching]);
        assert_eq!(MobilityType::parse("staff_teaching").unwrap().erasmus_abbreviation(), "STA");
    }
}
