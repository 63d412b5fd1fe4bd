//! A stored mobility and its status history.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ActivityType, DateRange, Direction, MobilityProgramme, MobilityStatus, StudentActivityAttribute};
use crate::agreement::{Actor, CefrLevel};
use crate::amount::Hundredths;
use crate::{AcademicYear, AgreementId, ConditionId, EqfLevel, InstitutionId, IscedCode, LanguageTag, MobilityId};
use crate::{GrantId, HistoryEntryId, PersonId, UnitId};

/// One side of a mobility: an institution and optionally its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MobilitySide {
    /// The institution.
    pub institution_id: InstitutionId,
    /// Its faculty or department.
    pub unit_id: Option<UnitId>,
}

/// A language the participant speaks, with a CEFR level (or NS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageSkill {
    /// Language.
    pub language: LanguageTag,
    /// Level.
    pub cefr_level: CefrLevel,
}

/// A document of the application (motivation letter, transcript …): a name and a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobilityDocument {
    /// What it is.
    pub name: String,
    /// URL or file reference.
    pub reference: String,
}

/// What is recorded about a mobility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobilityData {
    /// Outgoing or incoming.
    pub direction: Direction,
    /// Studies, traineeship, teaching or training.
    pub activity_type: ActivityType,
    /// Students: long-term or a short-term format.
    pub activity_attribute: Option<StudentActivityAttribute>,
    /// Funding programme.
    pub programme: MobilityProgramme,
    /// Who moves.
    pub person_id: PersonId,
    /// The agreement it falls under.
    pub agreement_id: Option<AgreementId>,
    /// The cooperation condition whose quota it uses.
    pub condition_id: Option<ConditionId>,
    /// Sending side.
    pub sending: MobilitySide,
    /// Receiving side.
    pub receiving: MobilitySide,
    /// The receiving institution's academic year.
    pub academic_year: AcademicYear,
    /// Planned period.
    pub planned: DateRange,
    /// Actual start.
    pub actual_start: Option<NaiveDate>,
    /// Actual end.
    pub actual_end: Option<NaiveDate>,
    /// EQF level at nomination.
    pub eqf_level: Option<EqfLevel>,
    /// Field of study or teaching.
    pub isced_f_code: Option<IscedCode>,
    /// Language skills.
    pub language_skills: Vec<LanguageSkill>,
    /// Staff teaching: planned teaching hours.
    pub teaching_hours: Option<Hundredths>,
    /// Staff teaching combined with training.
    pub combined_with_training: bool,
    /// Application documents.
    pub documents: Vec<MobilityDocument>,
    /// Free notes.
    pub notes: Option<String>,
    /// The Erasmus+ grant project that funds it (required before an Erasmus+ mobility goes
    /// live, see `funding::needs_grant`).
    pub grant_id: Option<GrantId>,
}

impl MobilityData {
    /// The planned duration in the unit its condition counts: months (Erasmus+ 30-day months)
    /// for students, calendar days for staff.
    pub fn planned_duration(&self) -> Hundredths {
        if self.activity_type.is_student() {
            super::erasmus_months(self.planned)
        } else {
            Hundredths::whole(self.planned.days())
        }
    }

    /// The partner institution: the receiving side of an outgoing mobility, the sending side
    /// of an incoming one.
    pub fn partner_institution_id(&self) -> InstitutionId {
        match self.direction {
            Direction::Outgoing => self.receiving.institution_id,
            Direction::Incoming => self.sending.institution_id,
        }
    }

    /// Our unit: the sending unit of an outgoing mobility, the receiving unit of an incoming one.
    pub fn local_unit_id(&self) -> Option<UnitId> {
        match self.direction {
            Direction::Outgoing => self.sending.unit_id,
            Direction::Incoming => self.receiving.unit_id,
        }
    }

    /// The period the overlap rule reads: actual dates where known, planned otherwise.
    pub fn effective_period(&self) -> DateRange {
        let start = self.actual_start.unwrap_or(self.planned.start());
        let end = self.actual_end.unwrap_or(self.planned.end());
        DateRange::new(start, end).unwrap_or(self.planned)
    }
}

/// A stored mobility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mobility {
    /// Id.
    pub id: MobilityId,
    /// Data.
    pub data: MobilityData,
    /// Where it stands.
    pub status: MobilityStatus,
    /// Planned months (students) or days (staff) it holds of its condition's quota.
    pub planned_duration: Hundredths,
    /// The coordinator's reason when the nomination passed the quota.
    pub quota_override_reason: Option<String>,
    /// Optimistic-concurrency version.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// One recorded status change of a mobility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobilityStatusChange {
    /// Id (time-ordered).
    pub id: HistoryEntryId,
    /// The mobility.
    pub mobility_id: MobilityId,
    /// Before (`None` for the creation).
    pub from: Option<MobilityStatus>,
    /// After.
    pub to: MobilityStatus,
    /// Why.
    pub reason: Option<String>,
    /// Who.
    pub changed_by: Actor,
    /// When.
    pub changed_at: DateTime<Utc>,
}
