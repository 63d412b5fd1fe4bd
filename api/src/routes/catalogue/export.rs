//! `GET /api/v1/catalogue/courses.csv`: the course list as CSV, for the printed catalogue and
//! spreadsheets; the same filters and visibility as the list, every matching course at once.

use actix_web::{HttpRequest, HttpResponse, get, web};
use iro_domain::catalogue::Course;
use iro_persistence::PageRequest;
use iro_persistence::repositories::catalogue::courses;

use super::courses::filters::CourseFilterQuery;
use super::viewer::Viewer;
use crate::auth::MaybePrincipal;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::http::conditional_get::{self, content_tag};
use crate::http::csv::record;
use crate::state::AppState;

/// The columns of the export, which are also the columns an import reads.
pub const COLUMNS: [&str; 19] = [
    "code",
    "title_en",
    "title_mk",
    "programme_code",
    "isced_code",
    "eqf_level",
    "ects_credits",
    "semester",
    "hours",
    "languages",
    "open_to_incoming",
    "places",
    "description",
    "learning_outcomes",
    "teacher_name",
    "teacher_email",
    "academic_year",
    "published",
    "unit_code",
];

/// The most courses one export holds: every faculty's catalogue with room to spare; past it
/// the answer is refused rather than silently cut (filter by unit or year).
const MAX_ROWS: u32 = 20_000;

/// A course as export columns; `programme_code` and `unit_code` come from the lookups.
fn row(course: &Course, programme_code: &str, unit_code: &str) -> Vec<String> {
    let d = &course.data;
    let title = |tag: &str| d.title.iter().find(|(t, _)| t.as_str() == tag).map(|(_, v)| v.clone()).unwrap_or_default();
    let teacher = d.teacher.as_ref();
    vec![
        d.code.as_str().to_owned(),
        title("en"),
        title("mk"),
        programme_code.to_owned(),
        d.isced_code.as_str().to_owned(),
        d.eqf_level.value().to_string(),
        d.ects_credits.to_string(),
        d.semester.as_str().to_owned(),
        d.hours.to_string(),
        d.languages.tags().iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
        d.open_to_incoming.to_string(),
        d.places.map(|p| p.to_string()).unwrap_or_default(),
        d.description.clone().unwrap_or_default(),
        d.learning_outcomes.clone().unwrap_or_default(),
        teacher.and_then(|t| t.name.clone()).unwrap_or_default(),
        teacher.and_then(|t| t.emails.first().cloned()).unwrap_or_default(),
        d.academic_year.to_string(),
        d.published.to_string(),
        unit_code.to_owned(),
    ]
}

/// Export courses as CSV
///
/// The same filters and visibility as `list_courses` (without a token: published courses
/// only), every matching course in one UTF-8 CSV (RFC 4180) with a header row. The columns
/// are the ones `import` reads. Cacheable like the list (`ETag`, `Cache-Control`).
#[utoipa::path(
    operation_id = "export_courses",
    tag = "catalogue",
    params(CourseFilterQuery),
    responses(
        (status = 200, description = "The courses as CSV", body = String, content_type = "text/csv",
            headers(("ETag" = String, description = "Tag of this export"), ("Cache-Control" = String, description = "How long caches may keep it"))),
        (status = 304, description = "Not modified: the `If-None-Match` tag is current"),
    ),
    security((), ("bearer" = ["admin", "officer", "faculty_coordinator", "reporting", "catalogue:read"])),
)]
#[get("/catalogue/courses.csv")]
pub async fn export_courses(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: MaybePrincipal,
    query: web::Query<CourseFilterQuery>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of(&caller);
    let filter = query.into_inner().into_filter(viewer)?;
    let text = db::run(&state.pool, move |conn| {
        let page = courses::list(conn, &filter, &PageRequest { limit: MAX_ROWS, after: None })?;
        if page.next_after.is_some() {
            return Err(ApiError::BadRequest {
                code: "export_too_large",
                detail: format!("more than {MAX_ROWS} courses match; filter by unit_id or academic_year"),
            });
        }
        let codes = courses::codes_of(conn, &page.items)?;
        let mut text = record(&COLUMNS);
        for course in &page.items {
            let programme = course.data.programme_id.and_then(|p| codes.programmes.get(&p)).map_or("", String::as_str);
            let unit = codes.units.get(&course.data.unit_id).map_or("", String::as_str);
            text.push_str(&record(&row(course, programme, unit)));
        }
        Ok(text)
    })
    .await?;
    let body = text.into_bytes();
    Ok(conditional_get::answer(&req, content_tag(&body), viewer.audience, "text/csv; charset=utf-8", body))
}
