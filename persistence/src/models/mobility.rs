//! `mobilities` and `mobility_status_changes` rows and their mapping to the domain.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use iro_domain::agreement::{Actor, CefrLevel};
use iro_domain::mobility::{
    ActivityType, DateRange, LanguageSkill, Mobility, MobilityData, MobilityDocument, MobilitySide,
    MobilityStatusChange, StudentActivityAttribute,
};
use iro_domain::{
    AgreementId, ConditionId, Direction, GrantId, HistoryEntryId, Hundredths, InstitutionId, IscedCode, LanguageTag,
    MobilityId, MobilityProgramme, MobilityStatus, PersonId,
};
use serde::{Deserialize, Serialize};

use super::agreement::{year_from_db, year_to_db};
use super::person::{eqf_from_db, unit_from_db};
use crate::RepoError;
use crate::models::{corrupt, utc, version};
use crate::schema::{mobilities, mobility_status_changes};

/// A row of `mobilities`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mobilities)]
pub struct MobilityRow {
    /// Id.
    pub id: String,
    /// Direction.
    pub direction: String,
    /// Activity type.
    pub activity_type: String,
    /// Student attribute.
    pub activity_attribute: Option<String>,
    /// Programme.
    pub programme: String,
    /// Person.
    pub person_id: String,
    /// Agreement.
    pub agreement_id: Option<String>,
    /// Condition.
    pub condition_id: Option<String>,
    /// Sending institution.
    pub sending_institution_id: String,
    /// Sending unit.
    pub sending_unit_id: Option<String>,
    /// Receiving institution.
    pub receiving_institution_id: String,
    /// Receiving unit.
    pub receiving_unit_id: Option<String>,
    /// The partner side (derived, for filters).
    pub partner_institution_id: String,
    /// Start year of the receiving academic year.
    pub receiving_academic_year: i32,
    /// Planned start.
    pub planned_start: NaiveDate,
    /// Planned end.
    pub planned_end: NaiveDate,
    /// Actual start.
    pub actual_start: Option<NaiveDate>,
    /// Actual end.
    pub actual_end: Option<NaiveDate>,
    /// Planned months/days in hundredths.
    pub planned_duration: i32,
    /// EQF level.
    pub eqf_level: Option<i32>,
    /// ISCED-F.
    pub isced_f_code: Option<String>,
    /// JSON language skills.
    pub language_skills: String,
    /// Teaching hours in hundredths.
    pub teaching_hours: Option<i32>,
    /// Teaching combined with training.
    pub combined_with_training: bool,
    /// JSON documents.
    pub documents: String,
    /// Notes.
    pub notes: Option<String>,
    /// Status.
    pub status: String,
    /// Override reason.
    pub quota_override_reason: Option<String>,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
    /// The grant project.
    pub grant_id: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredSkill {
    language: String,
    cefr_level: String,
}

#[derive(Serialize, Deserialize)]
struct StoredDocument {
    name: String,
    reference: String,
}

/// The writable data columns of `mobilities` (status and override are written separately).
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = mobilities, treat_none_as_null = true)]
pub struct MobilityChanges {
    /// Direction.
    pub direction: String,
    /// Activity type.
    pub activity_type: String,
    /// Attribute.
    pub activity_attribute: Option<String>,
    /// Programme.
    pub programme: String,
    /// Person.
    pub person_id: String,
    /// Agreement.
    pub agreement_id: Option<String>,
    /// Condition.
    pub condition_id: Option<String>,
    /// Sending institution.
    pub sending_institution_id: String,
    /// Sending unit.
    pub sending_unit_id: Option<String>,
    /// Receiving institution.
    pub receiving_institution_id: String,
    /// Receiving unit.
    pub receiving_unit_id: Option<String>,
    /// Partner.
    pub partner_institution_id: String,
    /// Year.
    pub receiving_academic_year: i32,
    /// Planned start.
    pub planned_start: NaiveDate,
    /// Planned end.
    pub planned_end: NaiveDate,
    /// Actual start.
    pub actual_start: Option<NaiveDate>,
    /// Actual end.
    pub actual_end: Option<NaiveDate>,
    /// Planned duration.
    pub planned_duration: i32,
    /// EQF.
    pub eqf_level: Option<i32>,
    /// ISCED-F.
    pub isced_f_code: Option<String>,
    /// Skills.
    pub language_skills: String,
    /// Teaching hours.
    pub teaching_hours: Option<i32>,
    /// Combined.
    pub combined_with_training: bool,
    /// Documents.
    pub documents: String,
    /// Notes.
    pub notes: Option<String>,
    /// The grant project.
    pub grant_id: Option<String>,
}

/// Hundredths as stored (amounts far above any real quota are refused).
pub(crate) fn hundredths_to_db(amount: Hundredths) -> Result<i32, RepoError> {
    i32::try_from(amount.hundredths()).map_err(|_| RepoError::Corrupt(format!("amount {amount} too large to store")))
}

/// Reads stored hundredths.
pub(crate) fn hundredths_from_db(raw: i32) -> Result<Hundredths, RepoError> {
    u64::try_from(raw).map(Hundredths::from_hundredths).map_err(|_| RepoError::Corrupt(format!("amount {raw}")))
}

impl TryFrom<&MobilityData> for MobilityChanges {
    type Error = RepoError;

    fn try_from(d: &MobilityData) -> Result<Self, Self::Error> {
        let skills: Vec<StoredSkill> = d
            .language_skills
            .iter()
            .map(|s| StoredSkill {
                language: s.language.as_str().to_owned(),
                cefr_level: s.cefr_level.as_str().to_owned(),
            })
            .collect();
        let documents: Vec<StoredDocument> = d
            .documents
            .iter()
            .map(|doc| StoredDocument { name: doc.name.clone(), reference: doc.reference.clone() })
            .collect();
        let json = |e: serde_json::Error| RepoError::Corrupt(format!("json: {e}"));
        Ok(MobilityChanges {
            direction: d.direction.as_str().to_owned(),
            activity_type: d.activity_type.as_str().to_owned(),
            activity_attribute: d.activity_attribute.map(|a| a.as_str().to_owned()),
            programme: d.programme.as_str().to_owned(),
            person_id: d.person_id.to_string(),
            agreement_id: d.agreement_id.map(|a| a.to_string()),
            condition_id: d.condition_id.map(|c| c.to_string()),
            sending_institution_id: d.sending.institution_id.to_string(),
            sending_unit_id: d.sending.unit_id.map(|u| u.to_string()),
            receiving_institution_id: d.receiving.institution_id.to_string(),
            receiving_unit_id: d.receiving.unit_id.map(|u| u.to_string()),
            partner_institution_id: d.partner_institution_id().to_string(),
            receiving_academic_year: year_to_db(d.academic_year),
            planned_start: d.planned.start(),
            planned_end: d.planned.end(),
            actual_start: d.actual_start,
            actual_end: d.actual_end,
            planned_duration: hundredths_to_db(d.planned_duration())?,
            eqf_level: d.eqf_level.map(|l| i32::from(l.value())),
            isced_f_code: d.isced_f_code.as_ref().map(|c| c.as_str().to_owned()),
            language_skills: serde_json::to_string(&skills).map_err(json)?,
            teaching_hours: d.teaching_hours.map(hundredths_to_db).transpose()?,
            combined_with_training: d.combined_with_training,
            documents: serde_json::to_string(&documents).map_err(json)?,
            notes: d.notes.clone(),
            grant_id: d.grant_id.map(|g| g.to_string()),
        })
    }
}

impl TryFrom<MobilityRow> for Mobility {
    type Error = RepoError;

    fn try_from(row: MobilityRow) -> Result<Self, Self::Error> {
        let skills: Vec<StoredSkill> =
            serde_json::from_str(&row.language_skills).map_err(|e| RepoError::Corrupt(format!("skills: {e}")))?;
        let documents: Vec<StoredDocument> =
            serde_json::from_str(&row.documents).map_err(|e| RepoError::Corrupt(format!("documents: {e}")))?;
        let institution = |s: &str| InstitutionId::parse(s).map_err(corrupt("institution id"));
        let data = MobilityData {
            direction: Direction::parse(&row.direction).map_err(corrupt("direction"))?,
            activity_type: ActivityType::parse(&row.activity_type).map_err(corrupt("activity type"))?,
            activity_attribute: row
                .activity_attribute
                .map(|a| StudentActivityAttribute::parse(&a).map_err(corrupt("attribute")))
                .transpose()?,
            programme: MobilityProgramme::parse(&row.programme).map_err(corrupt("programme"))?,
            person_id: PersonId::parse(&row.person_id).map_err(corrupt("person id"))?,
            agreement_id: row
                .agreement_id
                .map(|a| AgreementId::parse(&a).map_err(corrupt("agreement id")))
                .transpose()?,
            condition_id: row
                .condition_id
                .map(|c| ConditionId::parse(&c).map_err(corrupt("condition id")))
                .transpose()?,
            sending: MobilitySide {
                institution_id: institution(&row.sending_institution_id)?,
                unit_id: unit_from_db(row.sending_unit_id.as_deref())?,
            },
            receiving: MobilitySide {
                institution_id: institution(&row.receiving_institution_id)?,
                unit_id: unit_from_db(row.receiving_unit_id.as_deref())?,
            },
            academic_year: year_from_db(row.receiving_academic_year)?,
            planned: DateRange::new(row.planned_start, row.planned_end).map_err(corrupt("planned period"))?,
            actual_start: row.actual_start,
            actual_end: row.actual_end,
            eqf_level: eqf_from_db(row.eqf_level)?,
            isced_f_code: row.isced_f_code.map(|c| IscedCode::parse(&c).map_err(corrupt("isced"))).transpose()?,
            language_skills: skills
                .iter()
                .map(|s| {
                    Ok(LanguageSkill {
                        language: LanguageTag::parse(&s.language).map_err(corrupt("language"))?,
                        cefr_level: CefrLevel::parse(&s.cefr_level).map_err(corrupt("cefr"))?,
                    })
                })
                .collect::<Result<_, RepoError>>()?,
            teaching_hours: row.teaching_hours.map(hundredths_from_db).transpose()?,
            combined_with_training: row.combined_with_training,
            documents: documents
                .into_iter()
                .map(|d| MobilityDocument { name: d.name, reference: d.reference })
                .collect(),
            notes: row.notes,
            grant_id: row.grant_id.map(|g| GrantId::parse(&g).map_err(corrupt("grant id"))).transpose()?,
        };
        Ok(Mobility {
            id: MobilityId::parse(&row.id).map_err(corrupt("mobility id"))?,
            data,
            status: MobilityStatus::parse(&row.status).map_err(corrupt("status"))?,
            planned_duration: hundredths_from_db(row.planned_duration)?,
            quota_override_reason: row.quota_override_reason,
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// A row of `mobility_status_changes`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mobility_status_changes)]
pub struct MobilityStatusChangeRow {
    /// Id (UUID v7).
    pub id: String,
    /// The mobility.
    pub mobility_id: String,
    /// Before (`None` when the mobility was created).
    pub from_status: Option<String>,
    /// After.
    pub to_status: String,
    /// Why.
    pub reason: Option<String>,
    /// `user:<uuid>`, `client:<uuid>` or `system:<what>`.
    pub changed_by: String,
    /// Username or client name.
    pub changed_by_name: String,
    /// When (UTC).
    pub changed_at: NaiveDateTime,
}

impl TryFrom<MobilityStatusChangeRow> for MobilityStatusChange {
    type Error = RepoError;

    fn try_from(row: MobilityStatusChangeRow) -> Result<Self, Self::Error> {
        Ok(MobilityStatusChange {
            id: HistoryEntryId::parse(&row.id).map_err(corrupt("status change id"))?,
            mobility_id: MobilityId::parse(&row.mobility_id).map_err(corrupt("mobility id"))?,
            from: row.from_status.map(|s| MobilityStatus::parse(&s).map_err(corrupt("status"))).transpose()?,
            to: MobilityStatus::parse(&row.to_status).map_err(corrupt("status"))?,
            reason: row.reason,
            changed_by: Actor { id: row.changed_by, name: row.changed_by_name },
            changed_at: utc(row.changed_at),
        })
    }
}
