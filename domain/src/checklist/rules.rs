//! The rule rows: visa rules, registrations, document types, health-coverage schemes and
//! insurance requirements, each with its validity, source, status and last check.
//!
//! Rows are never overwritten: a change adds a row with a new `valid_from` and closes the old
//! one with `valid_to`, so a checklist for a past date is still reproducible.

use chrono::NaiveDate;

use crate::CountryCode;
use crate::mobility::{ActivityType, MobilityProgramme};

use super::records::{self, Record, RuleFileError};
use super::vocabulary::{CoverType, CoverageExtent, FactStatus, Provider, Purpose, SchemeKind, VisaType};

/// Where a row comes from, how sure we are and when it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// First day the rule holds; `None` when the source gives no start date (`undated`).
    pub valid_from: Option<NaiveDate>,
    /// Last day the rule holds (inclusive); `None` while it still holds.
    pub valid_to: Option<NaiveDate>,
    /// The public sources: title, date when given, URL, several separated by ` ; ` ("EC press
    /// release IP/09/1852 (2009-11-30), http://europa.eu/rapid/press-release_IP-09-1852_en.htm").
    pub source: String,
    /// How sure we are.
    pub status: FactStatus,
    /// When a person last checked the source.
    pub last_checked: NaiveDate,
}

impl Provenance {
    /// Whether the rule holds on `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= day) && self.valid_to.is_none_or(|to| day <= to)
    }

    fn read(record: &mut Record<'_>) -> Result<Self, RuleFileError> {
        let provenance = Provenance {
            valid_from: record.required("valid_from", records::start_date)?,
            valid_to: record.optional("valid_to", records::date)?,
            source: record.required("source", |s| Ok(s.to_owned()))?,
            status: record.required("status", records::status)?,
            last_checked: record.required("last_checked", records::date)?,
        };
        if let (Some(from), Some(to)) = (provenance.valid_from, provenance.valid_to)
            && to < from
        {
            let message = format!("valid_to {to} is before valid_from {from}");
            return Err(record.key_error(record.line, "valid_to", "range", message));
        }
        Ok(provenance)
    }
}

/// A set of countries: every country (`*`) or a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountrySet {
    /// Every country.
    Any,
    /// These countries.
    Only(Vec<CountryCode>),
}

impl CountrySet {
    /// Whether `country` is in the set.
    pub fn contains(&self, country: CountryCode) -> bool {
        match self {
            CountrySet::Any => true,
            CountrySet::Only(list) => list.contains(&country),
        }
    }

    /// Whether the set names countries (more specific than `*`).
    pub fn is_specific(&self) -> bool {
        matches!(self, CountrySet::Only(_))
    }

    fn parse(text: &str) -> Result<Self, String> {
        if text == "*" { Ok(CountrySet::Any) } else { records::list(text, records::country).map(CountrySet::Only) }
    }
}

/// Citizenship × destination × purpose → what entry and stay require.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisaRule {
    /// Citizenships the row is for.
    pub citizenship: CountrySet,
    /// Destinations the row is for.
    pub destination: CountrySet,
    /// Purposes the row is for.
    pub purposes: Vec<Purpose>,
    /// Shortest stay (days) the row is for.
    pub min_stay_days: Option<u16>,
    /// Longest stay (days) the row is for; for a visa-free row it defaults to `visa_free_days`.
    pub max_stay_days: Option<u16>,
    /// The visa required; [`VisaType::None`] for visa-free entry.
    pub visa: VisaType,
    /// Days of visa-free stay allowed within `window_days`.
    pub visa_free_days: Option<u16>,
    /// The rolling window of the visa-free count (180 for "90 in any 180").
    pub window_days: Option<u16>,
    /// Whether the days count towards the shared Schengen 90/180 count.
    pub schengen_shared: bool,
    /// Whether an identity card suffices for entry; `None` when not known.
    pub id_card_accepted: Option<bool>,
    /// A residence permit is needed for stays longer than this many days.
    pub residence_permit_after_days: Option<u16>,
    /// Codes of the [`DocumentType`]s needed.
    pub documents: Vec<String>,
    /// Typical days before departure to start the visa application.
    pub lead_time_days: Option<u16>,
    /// A human explanation of the rule.
    pub note: String,
    /// Source, status and validity.
    pub provenance: Provenance,
}

impl VisaRule {
    /// Whether the row is for this citizenship, destination, purpose and stay length (dates
    /// are checked separately, through [`Provenance::holds_on`]).
    pub fn matches(&self, citizenship: CountryCode, destination: CountryCode, purpose: Purpose, days: i64) -> bool {
        let max = self.max_stay_days.or(if self.visa == VisaType::None { self.visa_free_days } else { None });
        self.citizenship.contains(citizenship)
            && self.destination.contains(destination)
            && self.purposes.contains(&purpose)
            && self.min_stay_days.is_none_or(|min| days >= i64::from(min))
            && max.is_none_or(|max| days <= i64::from(max))
    }

    pub(crate) fn read(record: &mut Record<'_>) -> Result<Self, RuleFileError> {
        Ok(VisaRule {
            citizenship: record.required("citizenship", CountrySet::parse)?,
            destination: record.required("destination", CountrySet::parse)?,
            purposes: record.required("purpose", |s| records::set(s, Purpose::ALL, Purpose::parse))?,
            min_stay_days: record.optional("min_stay_days", records::number)?,
            max_stay_days: record.optional("max_stay_days", records::number)?,
            visa: record.required("visa", |s| VisaType::parse(s).map_err(|e| e.message))?,
            visa_free_days: record.optional("visa_free_days", records::number)?,
            window_days: record.optional("window_days", records::number)?,
            schengen_shared: record.optional("schengen_shared", records::yes_no)?.unwrap_or(false),
            id_card_accepted: record.required("id_card", records::yes_no_unknown)?,
            residence_permit_after_days: record.optional("residence_permit_after_days", records::number)?,
            documents: record.optional("documents", |s| records::list(s, |d| Ok(d.to_owned())))?.unwrap_or_default(),
            lead_time_days: record.optional("lead_time_days", records::number)?,
            note: record.required("note", |s| Ok(s.to_owned()))?,
            provenance: Provenance::read(record)?,
        })
    }
}

/// How long after arrival a registration is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Within this many hours.
    Hours(u16),
    /// Within this many calendar days.
    Days(u16),
    /// Within this many working days (Monday to Friday; public holidays are not known here).
    WorkingDays(u16),
}

impl Deadline {
    fn parse(text: &str) -> Result<Self, String> {
        let shape = || format!("expected `24 hours`, `30 days` or `3 working_days`, got {text:?}");
        let (count, unit) = text.split_once(' ').ok_or_else(shape)?;
        let count = records::number(count)?;
        match unit.trim() {
            "hours" => Ok(Deadline::Hours(count)),
            "days" => Ok(Deadline::Days(count)),
            "working_days" => Ok(Deadline::WorkingDays(count)),
            _ => Err(shape()),
        }
    }
}

impl std::fmt::Display for Deadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Deadline::Hours(n) => write!(f, "{n} hours"),
            Deadline::Days(n) => write!(f, "{n} days"),
            Deadline::WorkingDays(n) => write!(f, "{n} working days"),
        }
    }
}

/// A registration duty on arrival (police, migration office). Kept apart from [`VisaRule`]
/// because it is a fact about the destination, often for everyone entering, with its own source
/// and status ("everyone entering North Macedonia registers within 24 hours" [c]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationRule {
    /// Citizenships the duty is for (`*`: every foreigner).
    pub citizenship: CountrySet,
    /// The country where one registers.
    pub destination: CountrySet,
    /// How soon after arrival.
    pub within: Deadline,
    /// With whom ("police", "migration office").
    pub authority: String,
    /// A human explanation.
    pub note: String,
    /// Source, status and validity.
    pub provenance: Provenance,
}

impl RegistrationRule {
    pub(crate) fn read(record: &mut Record<'_>) -> Result<Self, RuleFileError> {
        Ok(RegistrationRule {
            citizenship: record.required("citizenship", CountrySet::parse)?,
            destination: record.required("destination", CountrySet::parse)?,
            within: record.required("within", Deadline::parse)?,
            authority: record.required("authority", |s| Ok(s.to_owned()))?,
            note: record.required("note", |s| Ok(s.to_owned()))?,
            provenance: Provenance::read(record)?,
        })
    }
}

/// A document a visa or residence application needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentType {
    /// The code visa rules refer to (`hiv_certificate`).
    pub code: String,
    /// What to bring.
    pub title: String,
    /// For passports: months of validity required.
    pub min_validity_months: Option<u16>,
    /// For certificates: the most months since issue (criminal record ≤ 6 months).
    pub max_age_months: Option<u16>,
    /// A human explanation.
    pub note: String,
    /// Source, status and validity.
    pub provenance: Provenance,
}

impl DocumentType {
    pub(crate) fn read(record: &mut Record<'_>) -> Result<Self, RuleFileError> {
        Ok(DocumentType {
            code: record.required("code", |s| Ok(s.to_owned()))?,
            title: record.required("title", |s| Ok(s.to_owned()))?,
            min_validity_months: record.optional("min_validity_months", records::number)?,
            max_age_months: record.optional("max_age_months", records::number)?,
            note: record.optional("note", |s| Ok(s.to_owned()))?.unwrap_or_default(),
            provenance: Provenance::read(record)?,
        })
    }
}

/// Home country (where the person is insured) × destination → state health coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthCoverageScheme {
    /// Countries of health insurance.
    pub home: CountrySet,
    /// Destinations.
    pub destination: CountrySet,
    /// EHIC, a bilateral certificate or none.
    pub kind: SchemeKind,
    /// Form codes of the certificate (`РМ/РБ 101`).
    pub forms: Vec<String>,
    /// What the scheme covers.
    pub covers: CoverageExtent,
    /// A human explanation.
    pub note: String,
    /// Source, status and validity.
    pub provenance: Provenance,
}

impl HealthCoverageScheme {
    pub(crate) fn read(record: &mut Record<'_>) -> Result<Self, RuleFileError> {
        Ok(HealthCoverageScheme {
            home: record.required("home", CountrySet::parse)?,
            destination: record.required("destination", CountrySet::parse)?,
            kind: record.required("scheme", |s| SchemeKind::parse(s).map_err(|e| e.message))?,
            forms: record.optional("forms", |s| records::list(s, |f| Ok(f.to_owned())))?.unwrap_or_default(),
            covers: record.required("covers", |s| CoverageExtent::parse(s).map_err(|e| e.message))?,
            note: record.required("note", |s| Ok(s.to_owned()))?,
            provenance: Provenance::read(record)?,
        })
    }
}

/// Programme × activity type (× destination, × stay) → one insurance cover, mandatory or not, and
/// who provides it. One row per cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsuranceRequirement {
    /// Programmes the row is for.
    pub programmes: Vec<MobilityProgramme>,
    /// Activity types the row is for.
    pub activities: Vec<ActivityType>,
    /// Destinations the row is for (`*` for all).
    pub destination: CountrySet,
    /// Shortest stay (days) the row is for.
    pub min_stay_days: Option<u16>,
    /// The cover.
    pub cover: CoverType,
    /// Whether the cover is required (else recommended).
    pub mandatory: bool,
    /// Who provides it.
    pub provider: Provider,
    /// Who must provide it when `provider` does not (the participant, for traineeship cover the
    /// host does not give).
    pub fallback: Option<Provider>,
    /// A human explanation.
    pub note: String,
    /// Source, status and validity.
    pub provenance: Provenance,
}

impl InsuranceRequirement {
    pub(crate) fn read(record: &mut Record<'_>) -> Result<Self, RuleFileError> {
        let parse_provider = |s: &str| Provider::parse(s).map_err(|e| e.message);
        Ok(InsuranceRequirement {
            programmes: record
                .required("programme", |s| records::set(s, MobilityProgramme::ALL, MobilityProgramme::parse))?,
            activities: record.required("activity", |s| records::set(s, ActivityType::ALL, ActivityType::parse))?,
            destination: record.required("destination", CountrySet::parse)?,
            min_stay_days: record.optional("min_stay_days", records::number)?,
            cover: record.required("cover", |s| CoverType::parse(s).map_err(|e| e.message))?,
            mandatory: record.required("mandatory", records::yes_no)?,
            provider: record.required("provider", parse_provider)?,
            fallback: record.optional("fallback", parse_provider)?,
            note: record.required("note", |s| Ok(s.to_owned()))?,
            provenance: Provenance::read(record)?,
        })
    }
}
