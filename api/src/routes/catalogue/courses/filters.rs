//! The course list's filters (shared by the list and the CSV export), checked into the
//! repository's `CourseFilter`.

use chrono::{DateTime, Utc};
use iro_domain::{AcademicYear, ProgrammeId, UnitId};
use iro_persistence::repositories::catalogue::courses::CourseFilter;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::error::{ApiResult, FieldErrors};
use crate::routes::catalogue::query::common_filters;
use crate::routes::catalogue::viewer::Viewer;
use crate::routes::catalogue::vocabulary::SemesterName;

/// Filters of the course list and export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseFilterQuery {
    /// Only this unit's courses.
    pub unit_id: Option<Uuid>,
    /// Only this study programme's courses.
    pub programme_id: Option<Uuid>,
    /// Only this cycle, as an EQF level (6 bachelor, 7 master, 8 doctorate).
    #[param(minimum = 1, maximum = 8)]
    pub eqf_level: Option<u8>,
    /// Only courses of this semester.
    #[param(inline)]
    pub semester: Option<SemesterName>,
    /// Only courses taught in this language.
    #[param(value_type = Option<crate::routes::shared::query_schemas::Language>, inline)]
    pub language: Option<String>,
    /// Only this ISCED-F field or the fields under it (`06` matches `0613`).
    #[param(value_type = Option<crate::routes::shared::query_schemas::Isced>, inline)]
    pub isced_code: Option<String>,
    /// Only courses open (`true`) or closed (`false`) to incoming students.
    pub open_to_incoming: Option<bool>,
    /// Only courses of this academic year (`YYYY/YYYY`).
    #[param(value_type = Option<crate::routes::shared::query_schemas::AcademicYear>, inline)]
    pub academic_year: Option<String>,
    /// Code, a title or the description contains this text (any case, any language).
    pub q: Option<String>,
    /// Only courses changed at or after this instant (RFC 3339).
    pub modified_since: Option<DateTime<Utc>>,
}

impl CourseFilterQuery {
    /// The checked filter for `viewer` (the public sees published courses only).
    pub fn into_filter(self, viewer: Viewer) -> ApiResult<CourseFilter> {
        let mut errors = FieldErrors::default();
        let common =
            common_filters(&mut errors, self.eqf_level, self.language.as_deref(), self.isced_code.as_deref(), self.q);
        let year = errors.check_opt("academic_year", self.academic_year.as_deref(), AcademicYear::parse);
        errors.finish_query()?;
        Ok(CourseFilter {
            published_only: !viewer.sees_drafts,
            unit_id: self.unit_id.map(UnitId::from_uuid),
            programme_id: self.programme_id.map(ProgrammeId::from_uuid),
            eqf_level: common.eqf_level,
            semester: self.semester.map(Into::into),
            language: common.language,
            isced_code: common.isced_code,
            open_to_incoming: self.open_to_incoming,
            academic_year: year,
            q: common.q,
            modified_since: self.modified_since,
        })
    }
}
