//! What a grade conversion draws on, loaded from storage: the scales by code, the host's and
//! home's grading tables, and the fixed tables of the scale pair in force today.

use std::collections::HashMap;

use chrono::Utc;
use iro_domain::ects::{FixedTable, GradingScale, GradingTable};
use iro_domain::{EqfLevel, InstitutionId, IscedCode};
use iro_persistence::repositories::{fixed_tables, grading_scales, grading_tables, institutions};
use iro_persistence::{DbConnection, RepoError};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult, FieldError};

/// Loads scales by code, once each.
pub(super) struct Scales(pub(super) HashMap<String, GradingScale>);

impl Scales {
    pub(super) fn get(&mut self, conn: &mut DbConnection, code: &str) -> Result<Option<GradingScale>, ApiError> {
        if let Some(scale) = self.0.get(code) {
            return Ok(Some(scale.clone()));
        }
        match grading_scales::find(conn, code) {
            Ok(record) => {
                self.0.insert(code.to_owned(), record.scale.clone());
                Ok(Some(record.scale))
            }
            Err(RepoError::NotFound) => Ok(None),
            Err(other) => Err(other.into()),
        }
    }
}

/// The domain grading tables of an institution (422 when it does not exist).
pub(super) fn tables_of(
    conn: &mut DbConnection,
    scales: &mut Scales,
    field: &str,
    institution: Option<Uuid>,
) -> ApiResult<Vec<GradingTable>> {
    let Some(id) = institution.map(InstitutionId::from_uuid) else { return Ok(Vec::new()) };
    match institutions::find(conn, id) {
        Ok(_) => {}
        Err(RepoError::NotFound) => {
            return Err(ApiError::Validation(vec![FieldError::new(field, "unknown", "no institution has this id")]));
        }
        Err(other) => return Err(other.into()),
    }
    let mut tables = Vec::new();
    for record in grading_tables::of_institution(conn, id)? {
        if let Some(scale) = scales.get(conn, &record.data.scale_code)? {
            tables.push(record.data.to_domain(&scale).map_err(|e| ApiError::Internal(format!("stored table: {e}")))?);
        }
    }
    Ok(tables)
}

/// The scale named at `field`; else the scale of the institution's newest grading table of the
/// reference group; else the national scale of the institution's country (the scale whose code
/// is the country code, e.g. `MK`), since a grade given there is on that scale when no table
/// says otherwise.
pub(super) fn scale_for(
    conn: &mut DbConnection,
    scales: &mut Scales,
    field: &str,
    code: Option<&str>,
    (institution, tables): (Option<Uuid>, &[GradingTable]),
    reference: Option<(&IscedCode, EqfLevel)>,
) -> ApiResult<GradingScale> {
    if let Some(code) = code {
        return scales.get(conn, code.trim())?.ok_or_else(|| {
            ApiError::Validation(vec![FieldError::new(
                field,
                "unknown",
                format!("no grading scale has the code {code:?}"),
            )])
        });
    }
    let of_table = reference.and_then(|(isced, eqf)| {
        tables
            .iter()
            .filter(|t| t.group().isced() == isced && t.group().eqf() == eqf)
            .max_by_key(|t| t.group().years().last().copied())
            .map(|t| t.scale().clone())
    });
    if let Some(scale) = of_table {
        return Ok(scale);
    }
    if let Some(id) = institution {
        let country = institutions::find(conn, InstitutionId::from_uuid(id))?.data.country;
        if let Some(national) = scales.get(conn, country.as_str())? {
            return Ok(national);
        }
    }
    Err(ApiError::Validation(vec![FieldError::new(
        field,
        "required",
        "name the scale, or an institution with a grading table for the course's isced and eqf or a national \
         scale for its country",
    )]))
}

/// The stored fixed tables from `source` to `target` in force today that the host or home
/// institution published, or that belong to no institution (national or office-wide); the
/// host's first, then the home's, then the general ones, each oldest first, so the most
/// specific table that lists the grade wins.
pub(super) fn fixed_tables_for(
    conn: &mut DbConnection,
    source: &GradingScale,
    target: &GradingScale,
    host: Option<InstitutionId>,
    home: Option<InstitutionId>,
) -> ApiResult<Vec<FixedTable>> {
    let today = Utc::now().date_naive();
    let mut records: Vec<_> = fixed_tables::of_pair(conn, source.code(), target.code())?
        .into_iter()
        .filter(|record| record.data.valid_on(today))
        .filter_map(|record| {
            let rank = match record.data.institution_id {
                None => 2,
                Some(id) if Some(id) == host => 0,
                Some(id) if Some(id) == home => 1,
                Some(_) => return None,
            };
            Some((rank, record))
        })
        .collect();
    records.sort_by_key(|(rank, _)| *rank);
    let mut tables = Vec::with_capacity(records.len());
    for (_, record) in records {
        // A table stored before its scale was edited may no longer fit it: leave it out (the
        // other methods still apply) rather than fail every conversion of the pair.
        match record.data.to_domain(source, target) {
            Ok(table) => tables.push(table),
            Err(error) => log::warn!("fixed table {} no longer fits its scales: {error}", record.data.code),
        }
    }
    Ok(tables)
}
