//! `GET /api/v1/grants/{id}/beneficiary-report`: a grant project's mobilities as Beneficiary
//! Module records, CSV or JSON by `Accept`, streamed page by page so memory stays flat
//! whatever the number of mobilities.

pub mod body;

use std::sync::Arc;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::stream;
use iro_domain::GrantId;
use iro_domain::funding::{BM_COLUMNS, BmRecord, BmRecordStatus, Grant, RateSet, beneficiary_record};
use iro_persistence::repositories::grants::projects;
use iro_persistence::repositories::grants::rates;
use iro_persistence::repositories::grants::report::{self, ReportFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

pub use self::body::{BeneficiaryRecord, BeneficiaryReport, RecordErrorBody, RecordJson, RecordStatusName};
use crate::auth::{Access, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::csv;
use crate::state::AppState;

/// Mobilities read per query: large enough that 100,000 take 200 queries, small enough that a
/// page's rows and text stay a few MB.
const PAGE: u32 = 500;

/// The columns the CSV adds after the Beneficiary Module's: the record's status and errors
/// (drop them before importing the file into the module).
const CSV_EXTRA: [&str; 2] = ["Record Status", "Record Errors"];

/// Filters of the report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Only mobilities whose planned period ends on or after this day.
    pub from: Option<NaiveDate>,
    /// Only mobilities whose planned period starts on or before this day.
    pub to: Option<NaiveDate>,
    /// Only `complete` or only `draft` records.
    #[param(inline)]
    pub status: Option<RecordStatusName>,
    /// Only mobilities changed at or after this instant (RFC 3339): incremental uploads.
    pub modified_since: Option<DateTime<Utc>>,
}

/// The two representations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

impl Format {
    /// CSV when `Accept` names `text/csv` (before any JSON type), JSON otherwise.
    fn of(req: &HttpRequest) -> Self {
        let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
        let position = |media: &str| accept.find(media);
        match (position("text/csv"), position("application/json")) {
            (Some(csv), Some(json)) if json < csv => Format::Json,
            (Some(_), _) => Format::Csv,
            _ => Format::Json,
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

/// What every page of one export shares.
struct Export {
    grant: Grant,
    rates: RateSet,
    filter: ReportFilter,
    status: Option<BmRecordStatus>,
    format: Format,
}

impl Export {
    fn head(&self) -> String {
        match self.format {
            Format::Csv => {
                let header: Vec<&str> = BM_COLUMNS.iter().chain(CSV_EXTRA.iter()).copied().collect();
                csv::defused_record(&header)
            }
            Format::Json => format!(
                "{{\"grant_id\":\"{}\",\"project_number\":\"{}\",\"columns\":{},\"records\":[",
                self.grant.id,
                self.grant.data.number,
                serde_json::to_string(&BM_COLUMNS[..]).unwrap_or_else(|_| "[]".to_owned())
            ),
        }
    }

    fn tail(&self) -> &'static str {
        match self.format {
            Format::Csv => "",
            Format::Json => "]}",
        }
    }

    /// The records of one page as text; `first` says whether a JSON record was written before.
    fn write(&self, records: &[BmRecord], first: &mut bool) -> Result<String, ApiError> {
        let mut text = String::new();
        for record in records.iter().filter(|r| self.status.is_none_or(|s| r.status() == s)) {
            match self.format {
                Format::Csv => {
                    let errors: Vec<String> =
                        record.errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
                    let mut fields: Vec<&str> = record.values.iter().map(|v| v.as_deref().unwrap_or("")).collect();
                    let joined = errors.join("; ");
                    fields.push(record.status().as_str());
                    fields.push(&joined);
                    text.push_str(&csv::defused_record(&fields));
                }
                Format::Json => {
                    if !*first {
                        text.push(',');
                    }
                    *first = false;
                    let json = serde_json::to_string(&RecordJson(record))
                        .map_err(|e| ApiError::Internal(format!("report record: {e}")))?;
                    text.push_str(&json);
                }
            }
        }
        Ok(text)
    }
}

/// Where the stream stands.
enum Step {
    Head,
    Page { after: Option<String>, first: bool },
    Tail,
    Done,
}

/// Reads one page and makes its records.
async fn next_page(
    state: &web::Data<AppState>,
    export: &Arc<Export>,
    after: Option<String>,
) -> ApiResult<(Vec<BmRecord>, Option<String>)> {
    let export = Arc::clone(export);
    db::run(&state.pool, move |conn| {
        let (facts, next) = report::page(conn, &export.grant, &export.filter, after.as_deref(), PAGE)?;
        Ok((facts.iter().map(|f| beneficiary_record(f, &export.rates)).collect(), next))
    })
    .await
}

/// The Beneficiary Module report of a grant project
///
/// One record per mobility of the project from nomination on (applications, rejected and
/// cancelled mobilities are not reported), in mobility id order: the module's fields in its
/// order and names, computed where the module computes them (activity type, distance band
/// from the institutions' coordinates, funded duration by the 30-day-month rule, travel days,
/// the grant split from the funding rates of the project's call). A record missing mandatory
/// data is a `draft` listing each missing or invalid field in `errors`; none is left out.
/// Recognised credits, participant report dates, interruption and virtual days are not
/// recorded yet and stay empty (or 0).
///
/// `Accept: text/csv` answers CSV (RFC 4180, UTF-8, a header row; the module's columns, then
/// `Record Status` and `Record Errors`; text a spreadsheet would run as a formula starts with
/// `'`); anything else answers JSON. Both are streamed page by page.
#[utoipa::path(
    operation_id = "beneficiary_report",
    tag = "grants",
    params(("id" = Uuid, Path, description = "Grant project id"), ReportQuery),
    responses((status = 200, description = "The report",
        content(
            (BeneficiaryReport = "application/json", example = json!({
                "grant_id": "01938a6e-5c1e-7d2a-9f3b-2c4d5e6f7a8b",
                "project_number": "2026-1-MK01-KA131-HED-000123456",
                "columns": ["Project Code", "Mobility ID", "Activity Type"],
                "records": [{
                    "mobility_id": "01938a6e-7777-7d2a-9f3b-2c4d5e6f7a8b",
                    "status": "draft",
                    "errors": [{"field": "Participant Email", "code": "required", "message": "Participant Email is missing"}],
                    "fields": {"Project Code": "2026-1-MK01-KA131-HED-000123456", "Mobility ID": "01938a6e-7777-7d2a-9f3b-2c4d5e6f7a8b", "Activity Type": "HE-SMS"}
                }]
            })),
            (String = "text/csv", example = "Project Code,Mobility ID,Activity Type,…,Record Status,Record Errors\r\n2026-1-MK01-KA131-HED-000123456,01938a6e-7777-7d2a-9f3b-2c4d5e6f7a8b,HE-SMS,…,draft,Participant Email: Participant Email is missing\r\n"),
        ))),
    security(("bearer" = ["admin", "officer", "reporting", "reports:read"])),
)]
#[get("/grants/{id}/beneficiary-report")]
pub async fn beneficiary_report(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<Uuid>,
    query: web::Query<ReportQuery>,
) -> ApiResult<HttpResponse> {
    principal.require(Access::ReadBeneficiaryReport)?;
    let query = query.into_inner();
    check_period(&query)?;
    let id = GrantId::from_uuid(id.into_inner());
    let (grant, rates) = db::run(&state.pool, move |conn| {
        let grant = projects::find(conn, id)?;
        let rates = rates::rate_set(conn, grant.data.call_year(), grant.data.action())?;
        Ok((grant, rates))
    })
    .await?;
    let format = Format::of(&req);
    let export = Arc::new(Export {
        grant,
        rates,
        filter: ReportFilter { from: query.from, to: query.to, modified_since: query.modified_since },
        status: query.status.map(|s| match s {
            RecordStatusName::Complete => BmRecordStatus::Complete,
            RecordStatusName::Draft => BmRecordStatus::Draft,
        }),
        format,
    });
    Ok(HttpResponse::Ok().content_type(format.media_type()).streaming(report_stream(state, export)))
}

/// 400 when `to` precedes `from`.
fn check_period(query: &ReportQuery) -> ApiResult<()> {
    match (query.from, query.to) {
        (Some(from), Some(to)) if to < from => {
            Err(ApiError::InvalidQuery(vec![FieldError::new("to", "range", format!("to {to} precedes from {from}"))]))
        }
        _ => Ok(()),
    }
}

/// The report as it is written: the head, each page's records as they are read, the tail.
fn report_stream(
    state: web::Data<AppState>,
    export: Arc<Export>,
) -> impl futures_util::Stream<Item = Result<Bytes, ApiError>> {
    stream::unfold((Step::Head, state, export), |(step, state, export)| async move {
        match step {
            Step::Head => {
                let head = export.head();
                Some((Ok(Bytes::from(head)), (Step::Page { after: None, first: true }, state, export)))
            }
            Step::Page { after, mut first } => match next_page(&state, &export, after).await {
                Ok((records, next)) => {
                    let text = match export.write(&records, &mut first) {
                        Ok(text) => text,
                        Err(e) => return Some((Err(e), (Step::Done, state, export))),
                    };
                    let step = match next {
                        Some(after) => Step::Page { after: Some(after), first },
                        None => Step::Tail,
                    };
                    Some((Ok(Bytes::from(text)), (step, state, export)))
                }
                // The status line is sent: a failure ends the stream early, and the client sees
                // a truncated document (a JSON reader fails on it; it is logged here).
                Err(e) => {
                    log::error!("beneficiary report stopped: {e}");
                    Some((Err(e), (Step::Done, state, export)))
                }
            },
            Step::Tail => Some((Ok(Bytes::from_static(export.tail().as_bytes())), (Step::Done, state, export))),
            Step::Done => None,
        }
    })
}
