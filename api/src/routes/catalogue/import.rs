//! `POST /api/v1/catalogue/units/{id}/courses/import`: a unit's courses from a CSV file (the
//! export's columns), all or nothing.

pub mod csv_body;
pub mod rows;

use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use iro_domain::UnitId;
use iro_persistence::DbConnection;
use iro_persistence::repositories::catalogue::{courses, programmes};
use iro_persistence::repositories::units;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use self::csv_body::CsvBody;
use self::rows::{ImportRow, UnitFacts};
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::ApiResult;
use crate::state::AppState;

/// What an import did.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"created": 12, "updated": 3}))]
pub struct ImportSummary {
    /// Courses that were not in the catalogue (unit, academic year and code).
    pub created: u32,
    /// Courses that were, and were replaced by their row.
    pub updated: u32,
}

/// Writes the checked rows: a course with the row's unit, year and code is replaced, any
/// other is added.
fn store(conn: &mut DbConnection, rows: &[ImportRow]) -> ApiResult<ImportSummary> {
    let now = Utc::now();
    let mut summary = ImportSummary { created: 0, updated: 0 };
    for row in rows {
        let d = &row.data;
        match courses::find_by_code(conn, d.unit_id, d.academic_year, d.code.as_str())? {
            Some(current) => {
                courses::update(conn, current.id, current.version, d, now)?;
                summary.updated += 1;
            }
            None => {
                courses::insert(conn, d, now)?;
                summary.created += 1;
            }
        }
    }
    Ok(summary)
}

/// Import a unit's courses from CSV
///
/// A UTF-8 CSV (RFC 4180) with a header row naming the columns of `export_courses`
/// (`code`, `title_en`, `isced_code`, `eqf_level`, `ects_credits`, `semester`, `hours`,
/// `languages` (tags separated by spaces) and `academic_year` are required; `programme_code`
/// names a programme of the unit; `unit_code`, when given, must be the unit's). Every row is
/// checked by the rules of `create_course` first; if any row is wrong the answer is 422 with
/// each problem named `rows[<line>].<column>` and nothing is written. Otherwise a course with
/// the same academic year and code is replaced and any other is added, in one transaction.
/// Courses the file does not name are kept. Faculty coordinators only for their own units.
#[utoipa::path(
    operation_id = "import_courses",
    tag = "catalogue",
    params(("id" = Uuid, Path, description = "Unit id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried POST safe")),
    request_body(content = String, content_type = "text/csv", description = "The courses, one per row after the header",
        example = "code,title_en,isced_code,eqf_level,ects_credits,semester,hours,languages,academic_year,open_to_incoming,published\r\nF23L3W004,Web Programming,0613,6,6,winter,60,en mk,2026/2027,true,true\r\n"),
    responses((status = 200, description = "Imported", body = ImportSummary)),
    security(("bearer" = ["admin", "officer", "faculty_coordinator", "catalogue:write"])),
)]
#[post("/catalogue/units/{id}/courses/import")]
pub async fn import_courses(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<Uuid>,
    body: CsvBody,
) -> ApiResult<HttpResponse> {
    principal.require(Access::WriteCatalogue)?;
    let unit = UnitId::from_uuid(id.into_inner());
    principal.require_catalogue_write(unit)?;
    db::write(
        &state.pool,
        move |conn| {
            let facts = UnitFacts {
                id: unit,
                code: units::find_by_id(conn, unit)?.data.code.as_str().to_owned(),
                programmes: programmes::of_unit(conn, unit)?
                    .into_iter()
                    .map(|p| (p.data.code.as_str().to_owned(), p))
                    .collect(),
            };
            let rows = rows::read(&body.0, &facts)?;
            store(conn, &rows)
        },
        |summary| HttpResponse::Ok().json(summary),
    )
    .await
}
