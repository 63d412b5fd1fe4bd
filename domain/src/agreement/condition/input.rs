//! The raw input of a cooperation condition, as a user or a partner states it.

/// A cooperation condition as a user or a partner states it, before validation. Field names
/// follow EWP IIA v7; amounts are decimal text (`"4.5"`) so that they stay exact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CooperationConditionInput {
    /// `student_studies`, `student_traineeship`, `staff_teaching` or `staff_training`.
    pub mobility_type: String,
    /// The sending institution's SCHAC code.
    pub sending_hei_id: String,
    /// The sending unit's id, if any.
    pub sending_ounit_id: Option<String>,
    /// The receiving institution's SCHAC code.
    pub receiving_hei_id: String,
    /// The receiving unit's id, if any.
    pub receiving_ounit_id: Option<String>,
    /// `YYYY/YYYY`.
    pub first_academic_year: String,
    /// `YYYY/YYYY`, not before the first.
    pub last_academic_year: String,
    /// Maximum number of people per academic year (at least 1: EWP `positiveInteger`).
    pub mobilities_per_year: u32,
    /// Students: total months per academic year, a decimal > 0 with at most 2 places.
    pub total_months_per_year: Option<String>,
    /// Staff: total days per academic year, a decimal > 0 with at most 2 places.
    pub total_days_per_year: Option<String>,
    /// Students: whether blended mobility is offered.
    pub blended: bool,
    /// Students: allowed EQF levels (1..=8), no repeats; empty means any.
    pub eqf_levels: Vec<u8>,
    /// Subject areas.
    pub subject_areas: Vec<SubjectAreaInput>,
    /// Language requirements; at least one for student_studies and staff_teaching.
    pub language_requirements: Vec<LanguageRequirementInput>,
    /// Other terms, free text.
    pub other_info: Option<String>,
}

/// A subject area before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubjectAreaInput {
    /// A 4-digit ISCED-F 2013 code.
    pub isced_f_code: String,
    /// Extra detail, optional.
    pub clarification: Option<String>,
}

/// A language requirement before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageRequirementInput {
    /// A BCP 47 language tag.
    pub language: String,
    /// A1, A2, B1, B2, C1 or C2.
    pub cefr_level: String,
    /// A 4-digit ISCED-F code, if the requirement is for one subject area only.
    pub isced_f_code: Option<String>,
}
