//! Conversion policies per institution, and grade conversions approved for recognition.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::ects::ConversionPolicy;
use iro_domain::{ConversionId, InstitutionId};

use crate::models::conversion::{ConversionPolicyRow, GradeConversionRow, PolicyRecord, StoredConversion};
use crate::models::db_time;
use crate::schema::{conversion_policies, grade_conversions};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// The institution's stored policy, if it has set one.
pub fn find_policy(conn: &mut DbConnection, institution: InstitutionId) -> Result<Option<PolicyRecord>, RepoError> {
    conversion_policies::table
        .find(institution.to_string())
        .select(ConversionPolicyRow::as_select())
        .first::<ConversionPolicyRow>(conn)
        .optional()?
        .map(PolicyRecord::try_from)
        .transpose()
}

/// Sets the institution's policy (insert or replace); call inside a write transaction.
pub fn put_policy(
    conn: &mut DbConnection,
    institution: InstitutionId,
    policy: &ConversionPolicy,
    now: DateTime<Utc>,
) -> Result<PolicyRecord, RepoError> {
    let order: Vec<&str> = policy.fallback_order().iter().map(|m| m.code()).collect();
    let order = serde_json::to_string(&order).map_err(|e| RepoError::Corrupt(e.to_string()))?;
    let step = i32::try_from(policy.credit_rounding().step_hundredths())
        .map_err(|_| RepoError::Corrupt("rounding step".to_owned()))?;
    let key = institution.to_string();
    let values = (
        conversion_policies::overlap_policy.eq(policy.overlap().code()),
        conversion_policies::grade_rounding.eq(policy.grade_rounding().code()),
        conversion_policies::credit_rounding_step.eq(step),
        conversion_policies::credit_rounding_mode.eq(policy.credit_rounding().mode().code()),
        conversion_policies::fallback_order.eq(order),
        conversion_policies::updated_at.eq(db_time(now)),
    );
    if find_policy(conn, institution)?.is_some() {
        diesel::update(conversion_policies::table.find(&key))
            .set((values, conversion_policies::version.eq(conversion_policies::version + 1)))
            .execute(conn)?;
    } else {
        diesel::insert_into(conversion_policies::table)
            .values((
                conversion_policies::institution_id.eq(&key),
                values,
                conversion_policies::version.eq(1),
                conversion_policies::created_at.eq(db_time(now)),
            ))
            .execute(conn)?;
    }
    find_policy(conn, institution)?.ok_or(RepoError::NotFound)
}

/// What is stored about an approved conversion.
#[derive(Debug, Clone)]
pub struct NewConversion {
    /// Source scale code.
    pub source_scale: String,
    /// Source grade.
    pub source_grade: String,
    /// Target scale code.
    pub target_scale: String,
    /// Method code.
    pub method: String,
    /// Result (native label).
    pub result: String,
    /// The request's inputs.
    pub inputs: serde_json::Value,
    /// The conversion as shown.
    pub conversion: serde_json::Value,
    /// Approving subject.
    pub approved_by: String,
    /// Approving person's name.
    pub approved_by_name: String,
    /// The host institution named in the request.
    pub host_institution: Option<InstitutionId>,
    /// The home institution named in the request.
    pub home_institution: Option<InstitutionId>,
}

/// Stores an approved conversion.
pub fn insert_conversion(
    conn: &mut DbConnection,
    new: NewConversion,
    now: DateTime<Utc>,
) -> Result<StoredConversion, RepoError> {
    let id = ConversionId::generate();
    let row = GradeConversionRow {
        id: id.to_string(),
        source_scale: new.source_scale,
        source_grade: new.source_grade,
        target_scale: new.target_scale,
        method: new.method,
        result: new.result,
        inputs: new.inputs.to_string(),
        explanation: new.conversion.to_string(),
        approved_by: new.approved_by,
        approved_by_name: new.approved_by_name,
        approved_at: db_time(now),
        host_institution_id: new.host_institution.map(|id| id.to_string()),
        home_institution_id: new.home_institution.map(|id| id.to_string()),
    };
    diesel::insert_into(grade_conversions::table).values(&row).execute(conn)?;
    find_conversion(conn, id)
}

/// Finds a stored conversion.
pub fn find_conversion(conn: &mut DbConnection, id: ConversionId) -> Result<StoredConversion, RepoError> {
    grade_conversions::table
        .find(id.to_string())
        .select(GradeConversionRow::as_select())
        .first::<GradeConversionRow>(conn)?
        .try_into()
}

/// Filters of the list of stored conversions.
#[derive(Debug, Clone, Default)]
pub struct ConversionFilter {
    /// Host or home institution.
    pub institution: Option<InstitutionId>,
    /// Source scale code.
    pub source_scale: Option<String>,
    /// Target scale code.
    pub target_scale: Option<String>,
    /// Method code.
    pub method: Option<String>,
    /// Approved at or after.
    pub approved_from: Option<DateTime<Utc>>,
    /// Approved before.
    pub approved_before: Option<DateTime<Utc>>,
}

/// Lists stored conversions ordered by id (time-ordered, so by approval).
pub fn list_conversions(
    conn: &mut DbConnection,
    filter: &ConversionFilter,
    page: &PageRequest,
) -> Result<Page<StoredConversion>, RepoError> {
    let mut query = grade_conversions::table
        .select(GradeConversionRow::as_select())
        .order(grade_conversions::id.asc())
        .into_boxed();
    if let Some(institution) = filter.institution {
        let id = institution.to_string();
        query = query.filter(
            grade_conversions::host_institution_id.eq(id.clone()).or(grade_conversions::home_institution_id.eq(id)),
        );
    }
    if let Some(code) = &filter.source_scale {
        query = query.filter(grade_conversions::source_scale.eq(code.clone()));
    }
    if let Some(code) = &filter.target_scale {
        query = query.filter(grade_conversions::target_scale.eq(code.clone()));
    }
    if let Some(method) = &filter.method {
        query = query.filter(grade_conversions::method.eq(method.clone()));
    }
    if let Some(from) = filter.approved_from {
        query = query.filter(grade_conversions::approved_at.ge(db_time(from)));
    }
    if let Some(before) = filter.approved_before {
        query = query.filter(grade_conversions::approved_at.lt(db_time(before)));
    }
    if let Some(after) = &page.after {
        query = query.filter(grade_conversions::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<GradeConversionRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(StoredConversion::try_from)
}
