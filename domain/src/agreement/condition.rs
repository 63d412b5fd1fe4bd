//! A cooperation condition: one direction of an agreement's exchange (EWP IIA mobility spec).

mod input;
mod parse;

use std::collections::BTreeSet;

pub use input::{CooperationConditionInput, LanguageRequirementInput, SubjectAreaInput};

use super::{AcademicYearRange, CefrLevel, MobilityType};
use crate::amount::{DurationUnit, Hundredths};
use crate::{AcademicYear, EqfLevel, HeiId, IscedCode, LanguageTag};

/// One side of a condition: an institution and, for faculty-level agreements, its unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionParty {
    /// The institution (SCHAC code); one of the agreement's two partners.
    pub hei_id: HeiId,
    /// The organisational unit's id as that institution defines it (EWP `*-ounit-id`: 1–64
    /// printable ASCII characters), if the condition is limited to one unit.
    pub ounit_id: Option<String>,
}

/// A subject area: a 4-digit ISCED-F code (Erasmus+ reporting requires four digits, EWP IIA v7)
/// and an optional clarification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectArea {
    /// The detailed ISCED-F 2013 field.
    pub isced_f_code: IscedCode,
    /// Extra detail; never the official label of the code (EWP IIA `isced-clarification`).
    pub clarification: Option<String>,
}

/// A recommended language skill for the people sent (EWP IIA `recommended-language-skill`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageRequirement {
    /// The language (BCP 47).
    pub language: LanguageTag,
    /// The minimum level, A1..C2 (never NS).
    pub cefr_level: CefrLevel,
    /// The subject area the requirement applies to, if only one.
    pub isced_f_code: Option<IscedCode>,
}

/// A validated cooperation condition: who sends whom, in which years, how many people and how
/// many months or days a year (EWP IIAs API v7). Each condition is one direction; a two-way
/// exchange has two. Built only by [`CooperationCondition::parse`], so every instance obeys the
/// rules listed there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CooperationCondition {
    mobility_type: MobilityType,
    sending: ConditionParty,
    receiving: ConditionParty,
    years: AcademicYearRange,
    mobilities_per_year: u32,
    total_per_year: Hundredths,
    blended: bool,
    eqf_levels: BTreeSet<EqfLevel>,
    subject_areas: Vec<SubjectArea>,
    language_requirements: Vec<LanguageRequirement>,
    other_info: Option<String>,
}

impl CooperationCondition {
    /// The type: studies, traineeship, teaching or training.
    pub fn mobility_type(&self) -> MobilityType {
        self.mobility_type
    }

    /// The sending side.
    pub fn sending(&self) -> &ConditionParty {
        &self.sending
    }

    /// The receiving side.
    pub fn receiving(&self) -> &ConditionParty {
        &self.receiving
    }

    /// `first_academic_year..=last_academic_year` (receiving institution's years).
    pub fn years(&self) -> AcademicYearRange {
        self.years
    }

    /// Whether the condition is valid for `year`.
    pub fn covers(&self, year: AcademicYear) -> bool {
        self.years.contains(year)
    }

    /// The maximum number of people per academic year (at least 1).
    pub fn mobilities_per_year(&self) -> u32 {
        self.mobilities_per_year
    }

    /// The yearly total in [`Self::duration_unit`]: months for students, days for staff.
    pub fn total_per_year(&self) -> Hundredths {
        self.total_per_year
    }

    /// Months or days, following the mobility type.
    pub fn duration_unit(&self) -> DurationUnit {
        self.mobility_type.duration_unit()
    }

    /// EWP `total-months-per-year`: set for student conditions only.
    pub fn total_months_per_year(&self) -> Option<Hundredths> {
        (self.duration_unit() == DurationUnit::Months).then_some(self.total_per_year)
    }

    /// EWP `total-days-per-year`: set for staff conditions only.
    pub fn total_days_per_year(&self) -> Option<Hundredths> {
        (self.duration_unit() == DurationUnit::Days).then_some(self.total_per_year)
    }

    /// Whether blended mobility is offered (students only; always false for staff).
    pub fn blended(&self) -> bool {
        self.blended
    }

    /// The allowed study levels; empty means any (students only).
    pub fn eqf_levels(&self) -> &BTreeSet<EqfLevel> {
        &self.eqf_levels
    }

    /// Whether a nominee at `level` may be nominated: any level when no levels are set; when
    /// levels are set, only those (EWP IIA `eqf-level`: other students "SHOULD NOT be able to
    /// apply"), so an unknown level does not pass.
    pub fn allows_eqf(&self, level: Option<EqfLevel>) -> bool {
        self.eqf_levels.is_empty() || level.is_some_and(|l| self.eqf_levels.contains(&l))
    }

    /// The subject areas, in the agreed order (order enters EWP's approval hash).
    pub fn subject_areas(&self) -> &[SubjectArea] {
        &self.subject_areas
    }

    /// The language requirements, in the agreed order.
    pub fn language_requirements(&self) -> &[LanguageRequirement] {
        &self.language_requirements
    }

    /// Free text about other terms, trimmed; `None` when blank.
    pub fn other_info(&self) -> Option<&str> {
        self.other_info.as_deref()
    }
}
