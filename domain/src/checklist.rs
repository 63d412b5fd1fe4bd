//! Visa and insurance checklists for a mobility (issue 6), generated from
//! rules kept as data.
//!
//! # Rule files
//! Rules live in `domain/data/checklists/*.rules` (embedded with `include_str!`, see
//! [`RuleSet::seed`]) in a small line format, read by [`RuleSet::add_file`]: a record starts
//! with a `[kind]` header (`visa`, `registration`, `document`, `health_coverage`, `insurance`)
//! followed by `key = value` lines; `#` starts a comment line; lists are comma-separated; `*`
//! means every country / purpose / programme / activity. Every record carries `valid_from`
//! (a date, or `undated` when the source gives none), optional `valid_to` (inclusive), `source`,
//! `status` (`confirmed`, `secondary`, `derived`, `unconfirmed`) and `last_checked`. Errors name
//! the file and line; unknown keys are refused.
//!
//! # Generation
//! [`generate`] is pure: the rules valid on the departure day apply. With several citizenships
//! the most favourable is used and the reason is given; where no rule applies an
//! [`ItemKind::Unknown`] item says so ("check with the consulate"), never silence.

mod insurance;
mod item;
mod progress;
mod records;
mod row;
mod rule_set;
mod rules;
mod visa;
mod vocabulary;

#[cfg(test)]
mod tests;

pub use item::{
    Arrangement, Checklist, ChecklistItem, CoverCheck, InsuranceChecklist, MobilityFacts, VisaChecklist, VisaNeed,
};
pub use progress::{Alert, AlertKind, ItemProgress, ProgressStatus, alerts};
pub use records::RuleFileError;
pub use row::{PROVENANCE_KEYS, RuleKind, RuleRow, RuleRowError, closing_day, split_rows};
pub use rule_set::{RuleSet, SEED_FILES};
pub use rules::{
    CountrySet, Deadline, DocumentType, HealthCoverageScheme, InsuranceRequirement, Provenance, RegistrationRule,
    VisaRule,
};
pub use vocabulary::{CoverType, CoverageExtent, FactStatus, ItemKind, Provider, Purpose, SchemeKind, VisaType};

/// Generates the visa and insurance checklist of a mobility from the rules valid on its dates.
pub fn generate(facts: &MobilityFacts, rules: &RuleSet) -> Checklist {
    Checklist { visa: visa::visa_checklist(facts, rules), insurance: insurance::insurance_checklist(facts, rules) }
}
