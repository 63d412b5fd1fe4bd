//! Courses of the catalogue: codes unique per unit and academic year, drafts hidden from the
//! public, and a unit's whole year replaced at once by an import.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use iro_domain::catalogue::{Course, CourseData, Semester};
use iro_domain::{AcademicYear, CourseId, EqfLevel, ProgrammeId, UnitId};

use super::{isced_pattern, language_pattern};
use crate::models::catalogue::course::{CourseChanges, CourseRow};
use crate::models::db_time;
use crate::repositories::institutions::like_pattern;
use crate::schema::{catalogue_courses, catalogue_programmes, units};
use crate::{DbConnection, Page, PageRequest, RepoError};

/// Filters of the course list.
#[derive(Debug, Clone, Default)]
pub struct CourseFilter {
    /// Only published courses (the public catalogue).
    pub published_only: bool,
    /// Only this unit's.
    pub unit_id: Option<UnitId>,
    /// Only this programme's.
    pub programme_id: Option<ProgrammeId>,
    /// Only this cycle.
    pub eqf_level: Option<EqfLevel>,
    /// Only this semester.
    pub semester: Option<Semester>,
    /// Only those taught in this language (a BCP 47 tag as stored).
    pub language: Option<String>,
    /// Only this ISCED-F field or those under it.
    pub isced_code: Option<String>,
    /// Only those open (or closed) to incoming students.
    pub open_to_incoming: Option<bool>,
    /// Only this academic year.
    pub academic_year: Option<AcademicYear>,
    /// Code, title or description contains this text (any case).
    pub q: Option<String>,
    /// Changed at or after this instant.
    pub modified_since: Option<DateTime<Utc>>,
}

/// Lists courses ordered by id.
pub fn list(conn: &mut DbConnection, filter: &CourseFilter, page: &PageRequest) -> Result<Page<Course>, RepoError> {
    let mut query =
        catalogue_courses::table.select(CourseRow::as_select()).order(catalogue_courses::id.asc()).into_boxed();
    if filter.published_only {
        query = query.filter(catalogue_courses::published.eq(true));
    }
    if let Some(unit) = filter.unit_id {
        query = query.filter(catalogue_courses::unit_id.eq(unit.to_string()));
    }
    if let Some(programme) = filter.programme_id {
        query = query.filter(catalogue_courses::programme_id.eq(programme.to_string()));
    }
    if let Some(level) = filter.eqf_level {
        query = query.filter(catalogue_courses::eqf_level.eq(i32::from(level.value())));
    }
    if let Some(semester) = filter.semester {
        query = query.filter(catalogue_courses::semester.eq(semester.as_str()));
    }
    if let Some(language) = &filter.language {
        query = query.filter(catalogue_courses::languages.like(language_pattern(language)).escape('\\'));
    }
    if let Some(code) = &filter.isced_code {
        query = query.filter(catalogue_courses::isced_code.like(isced_pattern(code)).escape('\\'));
    }
    if let Some(open) = filter.open_to_incoming {
        query = query.filter(catalogue_courses::open_to_incoming.eq(open));
    }
    if let Some(year) = filter.academic_year {
        query = query.filter(catalogue_courses::academic_year.eq(i32::from(year.start_year())));
    }
    if let Some(q) = &filter.q {
        query = query.filter(catalogue_courses::search_text.like(like_pattern(&q.to_lowercase())).escape('\\'));
    }
    if let Some(since) = filter.modified_since {
        query = query.filter(catalogue_courses::updated_at.ge(db_time(since)));
    }
    if let Some(after) = &page.after {
        query = query.filter(catalogue_courses::id.gt(after.clone()));
    }
    let rows = query.limit(i64::from(page.limit) + 1).load::<CourseRow>(conn)?;
    Page::from_overfetch(rows, page.limit, |row| row.id.clone()).try_map(Course::try_from)
}

/// Finds a course.
pub fn find(conn: &mut DbConnection, id: CourseId) -> Result<Course, RepoError> {
    catalogue_courses::table.find(id.to_string()).select(CourseRow::as_select()).first::<CourseRow>(conn)?.try_into()
}

/// Finds a unit's course of an academic year by its code (`None` when there is none).
pub fn find_by_code(
    conn: &mut DbConnection,
    unit: UnitId,
    year: AcademicYear,
    code: &str,
) -> Result<Option<Course>, RepoError> {
    catalogue_courses::table
        .filter(catalogue_courses::unit_id.eq(unit.to_string()))
        .filter(catalogue_courses::academic_year.eq(i32::from(year.start_year())))
        .filter(catalogue_courses::code.eq(code))
        .select(CourseRow::as_select())
        .first::<CourseRow>(conn)
        .optional()?
        .map(Course::try_from)
        .transpose()
}

/// Stores a new course (the caller has checked its programme).
pub fn insert(conn: &mut DbConnection, data: &CourseData, now: DateTime<Utc>) -> Result<Course, RepoError> {
    let id = CourseId::generate();
    diesel::insert_into(catalogue_courses::table)
        .values((
            catalogue_courses::id.eq(id.to_string()),
            CourseChanges::from(data),
            catalogue_courses::version.eq(1),
            catalogue_courses::created_at.eq(db_time(now)),
            catalogue_courses::updated_at.eq(db_time(now)),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Replaces a course's data if its version is still `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: CourseId,
    expected_version: u32,
    data: &CourseData,
    now: DateTime<Utc>,
) -> Result<Course, RepoError> {
    let expected = i32::try_from(expected_version).map_err(|_| RepoError::Stale)?;
    let changed = diesel::update(
        catalogue_courses::table
            .filter(catalogue_courses::id.eq(id.to_string()))
            .filter(catalogue_courses::version.eq(expected)),
    )
    .set((
        CourseChanges::from(data),
        catalogue_courses::version.eq(catalogue_courses::version + 1),
        catalogue_courses::updated_at.eq(db_time(now)),
    ))
    .execute(conn)?;
    if changed == 0 {
        find(conn, id)?;
        return Err(RepoError::Stale);
    }
    find(conn, id)
}

/// Deletes a course.
pub fn delete(conn: &mut DbConnection, id: CourseId) -> Result<(), RepoError> {
    find(conn, id)?;
    diesel::delete(catalogue_courses::table.find(id.to_string())).execute(conn)?;
    Ok(())
}

/// The human codes of the units and programmes some courses name (for the CSV export, whose
/// rows name them by code as an import does).
#[derive(Debug, Clone, Default)]
pub struct ReferenceCodes {
    /// Unit code by id.
    pub units: HashMap<UnitId, String>,
    /// Programme code by id.
    pub programmes: HashMap<ProgrammeId, String>,
}

/// Looks up the codes of the units and programmes `courses` name, in two queries.
pub fn codes_of(conn: &mut DbConnection, courses: &[Course]) -> Result<ReferenceCodes, RepoError> {
    let unit_ids: BTreeSet<String> = courses.iter().map(|c| c.data.unit_id.to_string()).collect();
    let programme_ids: BTreeSet<String> =
        courses.iter().filter_map(|c| c.data.programme_id).map(|p| p.to_string()).collect();
    let mut codes = ReferenceCodes::default();
    let unit_rows: Vec<(String, String)> =
        units::table.filter(units::id.eq_any(unit_ids)).select((units::id, units::code)).load(conn)?;
    for (id, code) in unit_rows {
        codes.units.insert(UnitId::parse(&id).map_err(crate::models::corrupt("unit id"))?, code);
    }
    let programme_rows: Vec<(String, String)> = catalogue_programmes::table
        .filter(catalogue_programmes::id.eq_any(programme_ids))
        .select((catalogue_programmes::id, catalogue_programmes::code))
        .load(conn)?;
    for (id, code) in programme_rows {
        codes.programmes.insert(ProgrammeId::parse(&id).map_err(crate::models::corrupt("programme id"))?, code);
    }
    Ok(codes)
}
