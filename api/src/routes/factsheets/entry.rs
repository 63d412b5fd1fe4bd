//! The generated visa and insurance blocks of a factsheet: for each term and citizenship
//! group, the checklists incoming students would get (`iro_domain::factsheet::outcomes` over
//! the rules a mobility's checklist is generated from, `checklists::checklist::generation`),
//! shown with the same names and items as `GET /mobilities/{id}/checklist`.

use chrono::NaiveDate;
use iro_domain::CountryCode;
use iro_domain::checklist::{ChecklistItem, RuleSet};
use iro_domain::factsheet::{Outcome, outcomes};
use serde::Serialize;
use utoipa::ToSchema;

use super::content::checks::countries;
use super::content::{FactsheetContent, TermName};
use crate::routes::checklists::checklist::vocabulary::{CoverTypeName, FactStatusName, ItemKindName, VisaTypeName};
use crate::routes::checklists::checklist::{CoverResponse, VisaDecision, VisaNeedName};
use crate::routes::shared::vocabulary::MobilityProgrammeName;

/// One generated item, as a mobility's checklist shows it (without progress).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GeneratedItem {
    /// Stable key, the same as on a mobility's checklist.
    #[schema(example = "step:visa_application")]
    pub key: String,
    /// What the item is.
    pub kind: ItemKindName,
    /// A short title.
    pub title: String,
    /// Why, and what exactly.
    pub explanation: String,
    /// The source of the underlying rule; `null` for an unknown.
    pub source: Option<String>,
    /// How sure the underlying rule is; `null` when no rule applies.
    pub fact_status: Option<FactStatusName>,
    /// When it is due for a student arriving on the term's first day.
    pub due: Option<NaiveDate>,
}

impl From<&ChecklistItem> for GeneratedItem {
    fn from(item: &ChecklistItem) -> Self {
        GeneratedItem {
            key: item.key.clone(),
            kind: item.kind.into(),
            title: item.title.clone(),
            explanation: item.explanation.clone(),
            source: item.source.clone(),
            fact_status: item.status.map(Into::into),
            due: item.due,
        }
    }
}

/// What incoming students of some citizenships need for a term.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntryOutcome {
    /// The citizenships (ISO 3166-1 alpha-2) this applies to.
    pub countries: Vec<String>,
    /// Whether a visa is required.
    pub visa_required: bool,
    /// Whether a visa is needed (`not_required`, `required`, `unknown`: no rule is recorded,
    /// ask the consulate).
    pub visa_need: VisaNeedName,
    /// The visa type when one is required.
    pub visa_type: Option<VisaTypeName>,
    /// Whether some mandatory insurance cover is the student's to arrange.
    pub insurance_not_automatic: bool,
    /// The covers the student must arrange (or confirm).
    pub covers_to_arrange: Vec<CoverTypeName>,
    /// Each insurance cover and how it is obtained.
    pub covers: Vec<CoverResponse>,
    /// Whether some rule is missing (an `unknown` item says what to check).
    pub has_unknowns: bool,
    /// Every item, visa first, as a mobility's checklist lists them.
    pub items: Vec<GeneratedItem>,
}

impl From<&Outcome> for EntryOutcome {
    fn from(outcome: &Outcome) -> Self {
        let checklist = &outcome.checklist;
        let decision = VisaDecision::of(&checklist.visa);
        EntryOutcome {
            countries: outcome.countries.iter().map(ToString::to_string).collect(),
            visa_required: checklist.visa_required(),
            visa_need: decision.need,
            visa_type: decision.visa_type,
            insurance_not_automatic: checklist.insurance_not_automatic(),
            covers_to_arrange: checklist.covers_to_arrange().into_iter().map(Into::into).collect(),
            covers: checklist.insurance.covers.iter().map(CoverResponse::of).collect(),
            has_unknowns: checklist.has_unknowns(),
            items: checklist.items().map(GeneratedItem::from).collect(),
        }
    }
}

/// One citizenship group's outcomes for a term.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupEntry {
    /// The group as the factsheet names it.
    pub label: String,
    /// The programme its students come under.
    pub programme: MobilityProgrammeName,
    /// The outcomes: citizenships of the group with the same checklist are shown together.
    pub outcomes: Vec<EntryOutcome>,
}

/// The visa and insurance blocks of one term.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TermEntry {
    /// Which term.
    pub term: TermName,
    /// The first day: the rules valid on this day apply, as for a mobility starting then.
    pub start: NaiveDate,
    /// The last day (a stay longer than 90 days may need a long-stay visa and residence).
    pub end: NaiveDate,
    /// One entry per citizenship group, in the factsheet's order.
    pub groups: Vec<GroupEntry>,
}

/// Generates the blocks of every term for students coming to `destination` (our country).
pub fn entry_requirements(content: &FactsheetContent, destination: CountryCode, rules: &RuleSet) -> Vec<TermEntry> {
    content
        .terms
        .iter()
        .map(|term| TermEntry {
            term: term.term,
            start: term.start,
            end: term.end,
            groups: content
                .visa_and_insurance
                .citizenships
                .iter()
                .map(|group| GroupEntry {
                    label: group.label.clone(),
                    programme: group.programme,
                    outcomes: outcomes(
                        &countries(&group.countries),
                        destination,
                        group.programme.into(),
                        term.start,
                        term.end,
                        rules,
                    )
                    .iter()
                    .map(EntryOutcome::from)
                    .collect(),
                })
                .collect(),
        })
        .collect()
}
