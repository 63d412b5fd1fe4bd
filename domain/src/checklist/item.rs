//! What checklist generation takes and gives: the mobility's facts, items, and the visa and
//! insurance checklists with their derived flags.

use chrono::NaiveDate;

use crate::CountryCode;
use crate::learning_agreement::HostInsurance;
use crate::mobility::{ActivityType, Direction, MobilityData, MobilityProgramme};

use super::vocabulary::{CoverType, FactStatus, ItemKind, Provider, Purpose, VisaType};

/// The facts of one mobility a checklist depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobilityFacts {
    /// Outgoing or incoming.
    pub direction: Direction,
    /// Every citizenship of the participant (at least one for a visa decision).
    pub citizenships: Vec<CountryCode>,
    /// Where the participant is health-insured (for EHIC and bilateral certificates).
    pub home_country: CountryCode,
    /// The country of the mobility.
    pub destination: CountryCode,
    /// Why the participant travels (see [`Purpose::for_activity`]).
    pub purpose: Purpose,
    /// Planned departure / arrival day.
    pub start: NaiveDate,
    /// Planned last day.
    pub end: NaiveDate,
    /// The funding programme.
    pub programme: MobilityProgramme,
    /// The activity type.
    pub activity: ActivityType,
    /// What a traineeship host covers, as its learning agreement says (unknown otherwise).
    pub host_insurance: HostInsurance,
}

impl MobilityFacts {
    /// The facts of a stored mobility: the destination is the receiving institution's country
    /// (ours for incoming mobilities), health insurance is where the person's home institution
    /// is, the purpose follows the activity type, and the dates are the actual ones once known,
    /// else the planned ones.
    pub fn of_mobility(
        data: &MobilityData,
        citizenships: Vec<CountryCode>,
        home_country: CountryCode,
        receiving_country: CountryCode,
    ) -> Self {
        let period = data.effective_period();
        MobilityFacts {
            direction: data.direction,
            citizenships,
            home_country,
            destination: receiving_country,
            purpose: Purpose::for_activity(data.activity_type),
            start: period.start(),
            end: period.end(),
            programme: data.programme,
            activity: data.activity_type,
            host_insurance: HostInsurance::default(),
        }
    }

    /// What the host's learning agreement says about `cover`: covered (`Some(true)`), not
    /// covered (`Some(false)`), or not said.
    pub fn host_covers(&self, cover: CoverType) -> Option<bool> {
        match cover {
            CoverType::Accident => self.host_insurance.accident,
            CoverType::ThirdPartyLiability => self.host_insurance.liability,
            CoverType::Health | CoverType::Travel | CoverType::DeathAndRepatriation => None,
        }
    }

    /// The stay in days, both ends included (0 if the dates are reversed).
    pub fn stay_days(&self) -> i64 {
        ((self.end - self.start).num_days() + 1).max(0)
    }
}

/// One thing to do or know. `key` is stable across regenerations (`document:hiv_certificate`),
/// so progress recorded on an item can be kept when the checklist is generated again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    /// Stable identifier within the checklist.
    pub key: String,
    /// What the item is.
    pub kind: ItemKind,
    /// A short title.
    pub title: String,
    /// Why, and what exactly.
    pub explanation: String,
    /// The source of the underlying fact; `None` for an unknown.
    pub source: Option<String>,
    /// The status of the underlying fact (the weakest, when several are combined); `None` when
    /// no rule applies.
    pub status: Option<FactStatus>,
    /// When it must be done.
    pub due: Option<NaiveDate>,
}

/// Whether a visa is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisaNeed {
    /// Visa-free (or a citizen of the destination).
    NotRequired,
    /// This visa.
    Required(VisaType),
    /// No rule applies.
    Unknown,
}

/// The visa part of a checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisaChecklist {
    /// The decision for the chosen citizenship.
    pub need: VisaNeed,
    /// The citizenship the decision is for; `None` when no rule applies to any.
    pub citizenship_used: Option<CountryCode>,
    /// Why that citizenship was chosen.
    pub citizenship_explanation: String,
    /// The items: decision, steps, documents, registrations, notices, unknowns.
    pub items: Vec<ChecklistItem>,
}

/// How one cover is obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    /// Provided without the participant acting.
    Automatic(Provider),
    /// Provided by this provider once the participant obtains its certificate or card before
    /// departure (the health fund's РМ/РБ 101, an EHIC): an item to act on, due on the first
    /// day, though nothing has to be bought.
    ObtainCertificate(Provider),
    /// Expected from this provider; if it does not confirm, the participant must arrange it.
    ConfirmWith(Provider),
    /// The participant must arrange it.
    ToArrange,
}

/// One insurance cover and how it is obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverCheck {
    /// The cover.
    pub cover: CoverType,
    /// Whether it is required.
    pub mandatory: bool,
    /// How it is obtained.
    pub arrangement: Arrangement,
    /// The item shown to the participant.
    pub item: ChecklistItem,
}

impl CoverCheck {
    /// Whether the participant must be told to act: a mandatory cover that is not automatic
    /// (a certificate to obtain included).
    pub fn needs_action(&self) -> bool {
        self.mandatory && !matches!(self.arrangement, Arrangement::Automatic(_))
    }

    /// Whether the participant must buy the cover or confirm that someone provides it: a
    /// mandatory cover that is neither automatic nor a certificate to obtain.
    pub fn to_arrange(&self) -> bool {
        self.mandatory && matches!(self.arrangement, Arrangement::ConfirmWith(_) | Arrangement::ToArrange)
    }
}

/// The insurance part of a checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsuranceChecklist {
    /// One entry per applicable requirement row.
    pub covers: Vec<CoverCheck>,
    /// Unknowns (no requirement known, no health scheme known).
    pub unknowns: Vec<ChecklistItem>,
}

impl InsuranceChecklist {
    /// The covers the participant must arrange (or confirm), each once, in [`CoverType`] order.
    pub fn covers_to_arrange(&self) -> Vec<CoverType> {
        let mut covers: Vec<CoverType> = self.covers.iter().filter(|c| c.to_arrange()).map(|c| c.cover).collect();
        covers.sort();
        covers.dedup();
        covers
    }
}

/// A mobility's visa and insurance checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    /// Visa, documents, steps, registration.
    pub visa: VisaChecklist,
    /// Insurance covers.
    pub insurance: InsuranceChecklist,
}

impl Checklist {
    /// Whether a visa is required for the chosen citizenship.
    pub fn visa_required(&self) -> bool {
        matches!(self.visa.need, VisaNeed::Required(_))
    }

    /// Whether some mandatory cover is not automatically provided: the participant must be told.
    pub fn insurance_not_automatic(&self) -> bool {
        !self.insurance.covers_to_arrange().is_empty()
    }

    /// The covers the participant must arrange.
    pub fn covers_to_arrange(&self) -> Vec<CoverType> {
        self.insurance.covers_to_arrange()
    }

    /// Whether the item `key` is a mandatory insurance cover: whether it applies after all is
    /// the office's call, since declaring it not applicable clears the office's alert.
    pub fn is_mandatory_cover(&self, key: &str) -> bool {
        self.insurance.covers.iter().any(|cover| cover.mandatory && cover.item.key == key)
    }

    /// Every item, visa first.
    pub fn items(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.visa
            .items
            .iter()
            .chain(self.insurance.covers.iter().map(|c| &c.item))
            .chain(self.insurance.unknowns.iter())
    }

    /// Whether some rule was missing.
    pub fn has_unknowns(&self) -> bool {
        self.items().any(|i| i.kind == ItemKind::Unknown)
    }
}
