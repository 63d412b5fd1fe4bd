//! The OpenAPI document: generated from the handlers' annotations, completed with the
//! error responses every operation can give and the roles that may call it.

use actix_web::App;
use utoipa::openapi::header::Header;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, ObjectBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder, Type};
use utoipa::{Modify, OpenApi as _};
use utoipa_actix_web::AppExt;

use crate::error::{FieldError, PROBLEM_JSON, Problem};

mod always_sent;
#[cfg(test)]
mod constraints;

/// The static part of the document: info, tags, security scheme and shared components.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "iro — International Relations Office API",
        description = "The open back end of a university's International Relations Office: partner \
institutions and faculties, bilateral and Erasmus+ agreements with exchange quotas, incoming and outgoing \
mobilities, ECTS conversion, visa and insurance checklists.\n\n\
**Conventions.** JSON with snake_case fields; dates `YYYY-MM-DD`, timestamps RFC 3339 UTC. Lists take \
`limit` (1–200, default 50) and an opaque `cursor` and answer `{items, next_cursor}`. Creates answer 201 with \
`Location`; `Idempotency-Key` makes a retried POST safe. Single resources carry an `ETag`; send it back \
in `If-Match` to update or delete only the version you read (412 otherwise). Updates are JSON Merge Patch \
(RFC 7396). Every error is `application/problem+json` (RFC 9457) with a stable `code` and, for invalid \
fields, `errors[].field`.\n\n\
**Authentication.** Obtain a token at `POST /api/v1/auth/token` (OAuth 2.0: `password`, \
`client_credentials`, `refresh_token`) and send `Authorization: Bearer <access_token>`. Each operation's \
security requirement lists the roles (and, for integration clients, the scopes) allowed to call it.",
        contact(name = "International Relations Office — iro maintainers"),
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
        version = env!("CARGO_PKG_VERSION"),
    ),
    // Relative: the document is served by the server it describes (`/api/openapi.json`), and
    // every path carries its `/api/v1` prefix, so clients resolve against where they read it.
    servers((url = "/", description = "The server that serves this document")),
    components(schemas(Problem, FieldError)),
    tags(
        (name = "auth", description = "Tokens and the current caller"),
        (name = "users", description = "User accounts (admins)"),
        (name = "institutions", description = "Our university and partner institutions"),
        (name = "units", description = "Faculties and departments of an institution"),
        (name = "agreements", description = "Inter-institutional agreements (Erasmus+ and bilateral), their approval and their cooperation conditions"),
        (name = "ects", description = "ECTS: grading scales, grading tables, credit systems, conversion policies and grade and credit conversion"),
        (name = "people", description = "Students and staff, ours and partners', with restricted personal data"),
        (name = "mobilities", description = "Outgoing and incoming mobilities, their lifecycle and nominations under quota"),
        (name = "quotas", description = "Exchange quotas per cooperation condition and academic year"),
        (name = "checklists", description = "Visa and insurance checklists per mobility, generated from rules kept as data (validity, source, status, last check); progress per item; alerts for mobilities that need action"),
        (name = "catalogue", description = "The course catalogue for incoming students: study programmes and courses per unit, public to read (published entries), with filters, caching and a CSV export"),
        (name = "inquiries", description = "Questions of incoming and prospective students, routed to the office or the Student Organization: threads, hand-overs, assignment, overdue alerts and service statistics"),
        (name = "factsheets", description = "The yearly factsheet for incoming students: identifiers, contacts, deadlines, calendar, language requirements, housing, transport, cost of living, accessibility, and visa and insurance blocks generated from the checklist rules; public to read, kept in versions with an effective date"),
        (name = "learning_agreements", description = "Learning agreements of student mobilities (EWP omobility-las v1.2) and staff mobility agreements, at faculty level: the first version and change proposals, signatures in order (participant, sending, receiving) with the partner's recorded with evidence, comments, declines, the full history, credit totals and warnings, lists and departure alerts"),
        (name = "grants", description = "Erasmus+ grant projects, the funding rates as data (country groups, rates, top-ups, travel bands and days, each with its source) and the Beneficiary Module report of each project's mobilities (CSV or JSON, with each record's errors)"),
        (name = "events", description = "Outreach events: info meetings, dissemination debates, conferences, guest receptions and welcome days, with their life cycle"),
        (name = "health", description = "Liveness and readiness probes"),
    ),
)]
pub struct ApiDoc;

/// The complete document, built from the same route configuration the server uses.
pub fn document() -> OpenApi {
    let (_, doc) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(crate::routes::configure).split_for_parts();
    let mut doc = doc;
    Completion.modify(&mut doc);
    always_sent::require_response_members(&mut doc);
    doc
}

/// The document as YAML (what `openapi.yaml` holds).
pub fn yaml() -> Result<String, String> {
    document().to_yaml().map_err(|e| e.to_string())
}

/// The document as pretty JSON.
pub fn json() -> Result<String, String> {
    document().to_pretty_json().map_err(|e| e.to_string())
}

/// Adds the security scheme, the shared error responses and the "who may call" sentence.
struct Completion;

/// Shared error responses: (component name, description).
const ERRORS: [(&str, &str); 11] = [
    ("BadRequest", "The request could not be read: malformed JSON, or a bad path or query value"),
    ("Unauthorized", "No valid access token: missing, malformed, expired, wrongly signed, or its account deactivated"),
    ("Forbidden", "The caller's role or scopes do not allow this operation"),
    ("NotFound", "No such resource"),
    (
        "Conflict",
        "The request conflicts with the current state: a duplicate, a record still in use, an illegal transition, or an Idempotency-Key still in progress (idempotency_key_in_progress, with Retry-After)",
    ),
    ("PreconditionFailed", "If-Match names a version that is no longer current"),
    ("PayloadTooLarge", "The body is larger than 256 KiB (a gzip or deflate body: once inflated)"),
    ("UnsupportedMediaType", "The body is not JSON, or its Content-Encoding is neither gzip nor deflate"),
    (
        "UnprocessableContent",
        "The body was read but some fields are invalid (see errors[]), or an Idempotency-Key was reused with another body",
    ),
    ("InternalError", "An unexpected error; it has been logged with the request id"),
    (
        "DatabaseBusy",
        "The database stayed locked by writers too long (code database_busy), for a read as for a write; nothing was changed, retry after Retry-After seconds",
    ),
];

fn problem_response(description: &str) -> Response {
    let mut builder = ResponseBuilder::new()
        .description(description)
        .content(PROBLEM_JSON, Content::new(Some(Ref::from_schema_name("Problem"))));
    if description.contains("Retry-After") {
        builder = builder.header("Retry-After", Header::new(ObjectBuilder::new().schema_type(Type::Integer)));
    }
    builder.build()
}

/// What `http::idempotency` takes as an `Idempotency-Key`: 1–255 visible ASCII characters
/// (spaces inside only: the value is trimmed).
const IDEMPOTENCY_KEY_PATTERN: &str = r"^[!-~]([ -~]{0,253}[!-~])?$";

/// Header parameters as sent: a header is a string or absent, never `null`; an
/// `Idempotency-Key` also says the length and characters the server takes.
fn document_headers(op: &mut Operation) {
    for parameter in op.parameters.iter_mut().flatten() {
        let RefOr::T(parameter) = parameter else { continue };
        if !matches!(parameter.parameter_in, ParameterIn::Header) {
            continue;
        }
        let mut schema = ObjectBuilder::new().schema_type(Type::String);
        if parameter.name.eq_ignore_ascii_case("Idempotency-Key") {
            schema = schema.min_length(Some(1)).max_length(Some(255)).pattern(Some(IDEMPOTENCY_KEY_PATTERN));
        }
        parameter.schema = Some(RefOr::T(schema.build().into()));
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    [
        ("GET", item.get.as_mut()),
        ("POST", item.post.as_mut()),
        ("PUT", item.put.as_mut()),
        ("PATCH", item.patch.as_mut()),
        ("DELETE", item.delete.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.map(|op| (method, op)))
}

fn add(op: &mut Operation, status: &str, name: &str) {
    op.responses.responses.entry(status.to_owned()).or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
}

/// The roles and scopes named in an operation's bearer requirement.
fn allowed(op: &Operation) -> Option<Vec<String>> {
    let security = serde_json::to_value(op.security.as_ref()?).ok()?;
    let first = security.as_array()?.iter().find_map(|req| req.get("bearer"))?;
    Some(first.as_array()?.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
}

/// Whether an operation's security lets a caller without a token in (an empty requirement).
fn allows_anonymous(op: &Operation) -> bool {
    serde_json::to_value(op.security.as_ref())
        .ok()
        .and_then(|v| v.as_array().cloned())
        .is_some_and(|reqs| reqs.iter().any(|req| req.as_object().is_some_and(serde_json::Map::is_empty)))
}

impl Modify for Completion {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from POST /api/v1/auth/token"))
                    .build(),
            ),
        );
        for (name, description) in ERRORS {
            components.responses.insert(name.to_owned(), RefOr::T(problem_response(description)));
        }
        for (path, item) in doc.paths.paths.iter_mut() {
            let has_id = path.contains('{');
            for (method, op) in operations(item) {
                document_headers(op);
                add(op, "400", "BadRequest");
                add(op, "500", "InternalError");
                if let Some(who) = allowed(op) {
                    // A token sent to a public operation must still be valid (401). A public
                    // read that also names scopes (the catalogue) serves every signed-in role,
                    // the named ones seeing more, so it refuses none (no 403); a public
                    // operation naming roles only (inquiries) refuses the other roles (403).
                    add(op, "401", "Unauthorized");
                    let anonymous = allows_anonymous(op);
                    let (scopes, roles): (Vec<_>, Vec<_>) = who.iter().partition(|w| w.contains(':'));
                    let everyone = anonymous && who.is_empty();
                    if !everyone && (!anonymous || scopes.is_empty()) {
                        add(op, "403", "Forbidden");
                    }
                    let sentence = match (roles.is_empty(), scopes.is_empty()) {
                        // A public read that shows everyone the same (the factsheet in effect).
                        _ if everyone => {
                            "**Who may call:** anyone, with or without a token (a token sent must be valid).".to_owned()
                        }
                        _ if anonymous && scopes.is_empty() => format!(
                            "**Who may call:** anyone, without a token (as the description says); signed in, roles {}.",
                            quoted(&roles)
                        ),
                        _ if anonymous => format!(
                            "**Who may call:** anyone, without a token (published entries only); signed in, roles {} and integration clients with scope {} also see unpublished ones.",
                            quoted(&roles),
                            quoted(&scopes)
                        ),
                        (true, true) => "**Who may call:** any authenticated caller.".to_owned(),
                        (false, true) => format!("**Who may call:** roles {}.", quoted(&roles)),
                        (true, false) => {
                            format!("**Who may call:** integration clients with scope {}.", quoted(&scopes))
                        }
                        (false, false) => format!(
                            "**Who may call:** roles {}; integration clients with scope {}.",
                            quoted(&roles),
                            quoted(&scopes)
                        ),
                    };
                    op.description = Some(match op.description.take() {
                        Some(text) if !text.is_empty() => format!("{text}\n\n{sentence}"),
                        _ => sentence,
                    });
                }
                if has_id {
                    add(op, "404", "NotFound");
                }
                if matches!(method, "POST" | "PATCH" | "PUT") && op.request_body.is_some() {
                    add(op, "413", "PayloadTooLarge");
                    add(op, "415", "UnsupportedMediaType");
                    // The OAuth endpoints answer an unreadable request 400 invalid_request
                    // (RFC 6749 §5.2), never 422.
                    if !path.starts_with("/api/v1/auth/") {
                        add(op, "422", "UnprocessableContent");
                    }
                }
                if matches!(method, "POST" | "PATCH" | "DELETE") && !path.starts_with("/api/v1/auth/") {
                    add(op, "409", "Conflict");
                }
                // Whatever takes `If-Match` can answer 412 (PATCH, DELETE, and PUTs such as
                // the grading-table counts and the conversion policy).
                let takes_if_match = op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| matches!(p, RefOr::T(p) if p.name.eq_ignore_ascii_case("If-Match")));
                // Only an operation that takes `If-Match` can answer 412 (a PATCH without it,
                // such as a checklist item's, never does).
                if takes_if_match {
                    add(op, "412", "PreconditionFailed");
                }
                // Every operation but liveness reaches the database, and a read can find it
                // locked too long as a write can (SQLite's busy timeout), so any can answer 503.
                if path != "/health/live" {
                    add(op, "503", "DatabaseBusy");
                }
            }
        }
    }
}

fn quoted(items: &[&String]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}
