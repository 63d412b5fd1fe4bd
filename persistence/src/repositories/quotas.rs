//! What the quota views read: cooperation conditions across agreements, and the mobilities
//! holding their places. The arithmetic is the domain's (`quota::quota_usage`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::agreement::{Agreement, AgreementCondition, AgreementStatus};
use iro_domain::{AcademicYear, AgreementId, ConditionId, InstitutionId, IscedCode};

use crate::models::agreement::condition::subject_area_pattern;
use crate::models::agreement::year_to_db;
use crate::models::db_time;
use crate::repositories::agreements::{self, AMENDABLE, conditions};
use crate::schema::{agreement_conditions, agreements as agreements_table, institutions, mobilities};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the cross-agreement quota view.
#[derive(Debug, Clone)]
pub struct QuotaFilter {
    /// The academic year read; only conditions covering it are listed.
    pub academic_year: AcademicYear,
    /// Our university.
    pub local_institution_id: InstitutionId,
    /// `Some(true)`: conditions where we send (outgoing); `Some(false)`: where we receive.
    pub outgoing: Option<bool>,
    /// The partner's country (ISO code, upper case).
    pub partner_country: Option<String>,
    /// Only conditions naming this ISCED-F code or a narrower one under it.
    pub isced_f_code: Option<IscedCode>,
    /// Only agreements in force ([`Agreement::in_force`]): what participants may see.
    pub in_force_only: bool,
    /// Only quotas that may have changed since then: the condition or its agreement was
    /// updated (a change of one condition updates its agreement, so all of that agreement's
    /// quotas qualify), or a mobility under the condition was (created, re-planned, moved
    /// through a status). Mobilities are only deleted while they hold no place, so deletions
    /// never change a quota.
    pub modified_since: Option<DateTime<Utc>>,
}

/// One page of conditions (ordered by id) with their agreements. Every filter is applied in
/// the query, before paging, so a page is short only when it is the last one.
pub fn conditions_page(
    conn: &mut DbConnection,
    filter: &QuotaFilter,
    page: &PageRequest,
) -> Result<Page<(Agreement, AgreementCondition)>, RepoError> {
    let year = year_to_db(filter.academic_year);
    let mut query = agreement_conditions::table
        .inner_join(agreements_table::table.inner_join(institutions::table))
        .filter(agreement_conditions::first_academic_year.le(year))
        .filter(agreement_conditions::last_academic_year.ge(year))
        .select((agreement_conditions::id, agreement_conditions::agreement_id))
        .order(agreement_conditions::id.asc())
        .into_boxed();
    let local = filter.local_institution_id.to_string();
    match filter.outgoing {
        Some(true) => query = query.filter(agreement_conditions::sending_institution_id.eq(local)),
        Some(false) => query = query.filter(agreement_conditions::receiving_institution_id.eq(local)),
        None => {}
    }
    if let Some(country) = &filter.partner_country {
        query = query.filter(institutions::country.eq(country.clone()));
    }
    if let Some(code) = &filter.isced_f_code {
        query = query.filter(agreement_conditions::subject_areas.like(subject_area_pattern(code)));
    }
    if filter.in_force_only {
        // Agreement::in_force, in SQL (as the agreement list does it).
        query = query.filter(
            agreements_table::status
                .eq(AgreementStatus::ApprovedByBoth.as_str())
                .or(agreements_table::approved_at.is_not_null().and(agreements_table::status.eq_any(AMENDABLE))),
        );
    }
    if let Some(since) = filter.modified_since {
        let since = db_time(since);
        let changed_mobilities =
            mobilities::table.filter(mobilities::updated_at.ge(since)).select(mobilities::condition_id);
        query = query.filter(
            agreement_conditions::updated_at
                .ge(since)
                .or(agreements_table::updated_at.ge(since))
                .or(agreement_conditions::id.nullable().eq_any(changed_mobilities)),
        );
    }
    if let Some(after) = &page.after {
        query = query.filter(agreement_conditions::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<(String, String)>(conn)?;
    let page = Page::from_overfetch(rows, page.limit, |(id, _)| id.clone());
    page.try_map(|(condition, agreement)| {
        let agreement = AgreementId::parse(&agreement).map_err(crate::models::corrupt("agreement id"))?;
        let condition = ConditionId::parse(&condition).map_err(crate::models::corrupt("condition id"))?;
        Ok((agreements::find(conn, agreement)?, conditions::find(conn, agreement, condition)?))
    })
}
