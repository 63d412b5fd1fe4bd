//! `agreements` and `agreement_status_changes` rows and their mapping to the domain's
//! `Agreement` and `StatusChange`; conditions and the approved snapshot in the submodules.

pub mod condition;
pub mod snapshot;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use iro_domain::agreement::{
    AcademicYearRange, Actor, Agreement, AgreementCode, AgreementData, AgreementStatus, Programme, Signature,
    StatusChange,
};
use iro_domain::{AcademicYear, AgreementId, HistoryEntryId, InstitutionId, UnitId};
use serde::{Deserialize, Serialize};

use super::json::{contact_from_json, contact_to_json};
use super::{corrupt, utc, version};
use crate::RepoError;
use crate::schema::{agreement_status_changes, agreements};

/// A row of `agreements`, without the snapshot (read on its own, it can be large). Also the
/// agreement part of the snapshot's JSON (`snapshot::StoredSnapshot`).
#[derive(Debug, Clone, Queryable, Selectable, Serialize, Deserialize)]
#[diesel(table_name = agreements)]
pub struct AgreementRow {
    /// Id.
    pub id: String,
    /// Human number, unique.
    pub code: String,
    /// `erasmus_plus` or `bilateral`.
    pub programme: String,
    /// The partner institution.
    pub partner_institution_id: String,
    /// The partner's unit.
    pub partner_unit_id: Option<String>,
    /// Our unit.
    pub local_unit_id: Option<String>,
    /// The partner's id of the agreement.
    pub partner_agreement_id: Option<String>,
    /// The partner's number of the agreement.
    pub partner_agreement_code: Option<String>,
    /// First academic year, by its start year.
    pub first_academic_year: i32,
    /// Last academic year, by its start year.
    pub last_academic_year: i32,
    /// Our signing date.
    pub local_signing_date: Option<NaiveDate>,
    /// Our signer as a JSON contact.
    pub local_signer: Option<String>,
    /// The partner's signing date.
    pub partner_signing_date: Option<NaiveDate>,
    /// The partner's signer as a JSON contact.
    pub partner_signer: Option<String>,
    /// Other terms.
    pub other_info: Option<String>,
    /// Approval status.
    pub status: String,
    /// When the snapshot's version was approved by both (UTC).
    pub approved_at: Option<NaiveDateTime>,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// The writable data columns of `agreements` (status, snapshot and versions change through
/// their own repository functions).
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = agreements, treat_none_as_null = true)]
pub struct AgreementChanges {
    /// Human number.
    pub code: String,
    /// Programme.
    pub programme: String,
    /// Partner institution.
    pub partner_institution_id: String,
    /// Partner unit.
    pub partner_unit_id: Option<String>,
    /// Our unit.
    pub local_unit_id: Option<String>,
    /// The partner's id of the agreement.
    pub partner_agreement_id: Option<String>,
    /// The partner's number of the agreement.
    pub partner_agreement_code: Option<String>,
    /// First academic year's start year.
    pub first_academic_year: i32,
    /// Last academic year's start year.
    pub last_academic_year: i32,
    /// Our signing date.
    pub local_signing_date: Option<NaiveDate>,
    /// Our signer (JSON).
    pub local_signer: Option<String>,
    /// The partner's signing date.
    pub partner_signing_date: Option<NaiveDate>,
    /// The partner's signer (JSON).
    pub partner_signer: Option<String>,
    /// Other terms.
    pub other_info: Option<String>,
}

/// An academic year as stored: its start year.
pub(crate) fn year_to_db(year: AcademicYear) -> i32 {
    i32::from(year.start_year())
}

/// Reads a stored start year back.
pub(crate) fn year_from_db(raw: i32) -> Result<AcademicYear, RepoError> {
    u16::try_from(raw)
        .map_err(|_| RepoError::Corrupt(format!("academic year {raw}")))
        .and_then(|start| AcademicYear::starting(start).map_err(corrupt("academic year")))
}

/// Reads a stored `first..=last` range back.
pub(crate) fn years_from_db(first: i32, last: i32) -> Result<AcademicYearRange, RepoError> {
    AcademicYearRange::new(year_from_db(first)?, year_from_db(last)?).map_err(corrupt("academic years"))
}

impl From<&AgreementData> for AgreementChanges {
    fn from(data: &AgreementData) -> Self {
        AgreementChanges {
            code: data.code.as_str().to_owned(),
            programme: data.programme.as_str().to_owned(),
            partner_institution_id: data.partner_institution_id.to_string(),
            partner_unit_id: data.partner_unit_id.map(|u| u.to_string()),
            local_unit_id: data.local_unit_id.map(|u| u.to_string()),
            partner_agreement_id: data.partner_agreement_id.clone(),
            partner_agreement_code: data.partner_agreement_code.clone(),
            first_academic_year: year_to_db(data.period.first()),
            last_academic_year: year_to_db(data.period.last()),
            local_signing_date: data.local_signature.date,
            local_signer: data.local_signature.signer.as_ref().map(contact_to_json),
            partner_signing_date: data.partner_signature.date,
            partner_signer: data.partner_signature.signer.as_ref().map(contact_to_json),
            other_info: data.other_info.clone(),
        }
    }
}

fn unit_id(raw: Option<&str>, what: &str) -> Result<Option<UnitId>, RepoError> {
    raw.map(UnitId::parse).transpose().map_err(corrupt(what))
}

fn signature(date: Option<NaiveDate>, signer: Option<&str>) -> Result<Signature, RepoError> {
    Ok(Signature { date, signer: signer.map(contact_from_json).transpose()? })
}

impl TryFrom<AgreementRow> for Agreement {
    type Error = RepoError;

    fn try_from(row: AgreementRow) -> Result<Self, Self::Error> {
        Ok(Agreement {
            id: AgreementId::parse(&row.id).map_err(corrupt("agreement id"))?,
            data: AgreementData {
                code: AgreementCode::parse(&row.code).map_err(corrupt("agreement code"))?,
                programme: Programme::parse(&row.programme).map_err(corrupt("programme"))?,
                partner_institution_id: InstitutionId::parse(&row.partner_institution_id)
                    .map_err(corrupt("partner institution id"))?,
                partner_unit_id: unit_id(row.partner_unit_id.as_deref(), "partner unit id")?,
                local_unit_id: unit_id(row.local_unit_id.as_deref(), "local unit id")?,
                partner_agreement_id: row.partner_agreement_id,
                partner_agreement_code: row.partner_agreement_code,
                period: years_from_db(row.first_academic_year, row.last_academic_year)?,
                local_signature: signature(row.local_signing_date, row.local_signer.as_deref())?,
                partner_signature: signature(row.partner_signing_date, row.partner_signer.as_deref())?,
                other_info: row.other_info,
            },
            status: AgreementStatus::parse(&row.status).map_err(corrupt("agreement status"))?,
            approved_at: row.approved_at.map(utc),
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// A row of `agreement_status_changes`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = agreement_status_changes)]
pub struct StatusChangeRow {
    /// Id (UUID v7).
    pub id: String,
    /// The agreement.
    pub agreement_id: String,
    /// Status before.
    pub from_status: String,
    /// Status after.
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

impl TryFrom<StatusChangeRow> for StatusChange {
    type Error = RepoError;

    fn try_from(row: StatusChangeRow) -> Result<Self, Self::Error> {
        Ok(StatusChange {
            id: HistoryEntryId::parse(&row.id).map_err(corrupt("status change id"))?,
            agreement_id: AgreementId::parse(&row.agreement_id).map_err(corrupt("agreement id"))?,
            from: AgreementStatus::parse(&row.from_status).map_err(corrupt("status"))?,
            to: AgreementStatus::parse(&row.to_status).map_err(corrupt("status"))?,
            reason: row.reason,
            changed_by: Actor { id: row.changed_by, name: row.changed_by_name },
            changed_at: utc(row.changed_at),
        })
    }
}
