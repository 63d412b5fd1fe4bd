//! The one place that turns failures into HTTP statuses: RFC 9457 problem details.

pub mod oauth;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use iro_domain::InvalidValue;
use iro_domain::agreement::AgreementStatusError;
use iro_persistence::RepoError;
use serde::Serialize;
use utoipa::ToSchema;

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// `Retry-After` of a `database_busy` answer: a short pause lets the queue of writers drain.
pub const DATABASE_BUSY_RETRY_AFTER_SECS: u64 = 1;

/// An RFC 9457 problem: what went wrong, a stable machine `code`, and for validation
/// failures one entry per offending field.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/validation_failed",
    "title": "Unprocessable Content",
    "status": 422,
    "detail": "1 field is invalid",
    "code": "validation_failed",
    "errors": [{"field": "hei_id", "code": "format", "message": "hei_id must be the institution's internet domain (SCHAC code) such as \"uni-lipetsk.ru\", got \"lipetsk\""}]
}))]
pub struct Problem {
    /// A URI reference naming the problem type: `/problems/{code}`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The HTTP reason phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// A human-readable explanation of this occurrence.
    pub detail: String,
    /// Stable machine-readable code, e.g. `quota_exhausted`, `validation_failed`, `not_found`.
    pub code: String,
    /// Field-level errors (validation failures and duplicates).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One invalid field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// JSON path of the field, e.g. `contacts[0].emails[1]`.
    pub field: String,
    /// Stable code: `required`, `format`, `range`, `unknown`, `type`, `duplicate`, `read_only` …
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl FieldError {
    /// A field error from a domain refusal.
    pub fn from_invalid(field: impl Into<String>, invalid: InvalidValue) -> Self {
        FieldError { field: field.into(), code: invalid.code.to_owned(), message: invalid.message }
    }

    /// A field error with its own code and message.
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code: code.to_owned(), message: message.into() }
    }
}

/// Every failure a handler can return. Handlers use `?`; statuses are chosen here only.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request could not be read (bad JSON, bad query or path value).
    #[error("{detail}")]
    BadRequest {
        /// Machine code, e.g. `malformed_json`, `invalid_query`.
        code: &'static str,
        /// Explanation.
        detail: String,
    },
    /// 400: query parameters were read but some values are unacceptable.
    #[error("{} query parameter(s) are invalid", .0.len())]
    InvalidQuery(Vec<FieldError>),
    /// 401: no valid credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: authenticated, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such resource or route.
    #[error("{0}")]
    NotFound(String),
    /// 405: the route exists, the method does not.
    #[error("method not allowed")]
    MethodNotAllowed {
        /// Methods the route does accept.
        allowed: Vec<String>,
    },
    /// 409: the request conflicts with the current state.
    #[error("{detail}")]
    Conflict {
        /// Machine code, e.g. `duplicate`, `in_use`, `invalid_transition`.
        code: &'static str,
        /// Explanation.
        detail: String,
        /// Offending fields, if any.
        errors: Vec<FieldError>,
    },
    /// 409 `idempotency_key_in_progress`: another attempt with this `Idempotency-Key` is
    /// running; retry after the given number of seconds (when its lease ends at the latest).
    #[error("a request with this Idempotency-Key is still being processed; retry in {retry_after} s")]
    IdempotencyKeyInProgress {
        /// Seconds until a retry may succeed.
        retry_after: u64,
    },
    /// 408: the body did not arrive within `IRO_BODY_TIMEOUT`; the connection is closed.
    #[error("the request body did not arrive in time (IRO_BODY_TIMEOUT); send it at once")]
    BodyTimeout,
    /// 412: `If-Match` names a version that is no longer current.
    #[error("the resource has changed since it was read; fetch it again and reapply your change")]
    PreconditionFailed,
    /// 413: the body is larger than allowed.
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// 415: the body is not JSON.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422: the body was read but its values are invalid.
    #[error("{} field(s) are invalid", .0.len())]
    Validation(Vec<FieldError>),
    /// 422: a domain rule refuses the request (e.g. `duration_too_long`), naming the fields.
    #[error("{detail}")]
    Rule {
        /// Machine code.
        code: &'static str,
        /// Explanation.
        detail: String,
        /// Offending fields.
        errors: Vec<FieldError>,
    },
    /// 422 with a specific code (e.g. `idempotency_key_reused`).
    #[error("{detail}")]
    Unprocessable {
        /// Machine code.
        code: &'static str,
        /// Explanation.
        detail: String,
    },
    /// 429: slow down; retry after the given number of seconds.
    #[error("{detail}")]
    TooManyRequests {
        /// Seconds until a retry may succeed.
        retry_after: u64,
        /// Explanation.
        detail: String,
    },
    /// 503: too many sign-ins are having their passwords checked; retry after the given number
    /// of seconds (`auth::hashing`).
    #[error("too many sign-ins are being checked at once; retry in {retry_after} s")]
    ServerBusy {
        /// Seconds until a retry may succeed.
        retry_after: u64,
    },
    /// 503: a dependency (the database) is not available.
    #[error("{0}")]
    Unavailable(String),
    /// 503: the database stayed locked by other writers too long; retry after the given
    /// number of seconds.
    #[error("the database is busy with other changes; retry in {retry_after} s")]
    DatabaseBusy {
        /// Seconds until a retry may succeed.
        retry_after: u64,
    },
    /// 500: a bug or an infrastructure failure; logged with its cause, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// A single-field validation failure.
    pub fn invalid(field: impl Into<String>, invalid: InvalidValue) -> Self {
        ApiError::Validation(vec![FieldError::from_invalid(field, invalid)])
    }

    /// The machine code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::Unprocessable { code, .. }
            | ApiError::Rule { code, .. } => code,
            ApiError::InvalidQuery(_) => "invalid_query",
            ApiError::IdempotencyKeyInProgress { .. } => "idempotency_key_in_progress",
            ApiError::BodyTimeout => "body_timeout",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::PreconditionFailed => "precondition_failed",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::Validation(_) => "validation_failed",
            ApiError::TooManyRequests { .. } => "too_many_requests",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::DatabaseBusy { .. } => "database_busy",
            ApiError::ServerBusy { .. } => "server_busy",
            ApiError::Internal(_) => "internal_error",
        }
    }

    /// The problem body of this error.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let (detail, errors) = match self {
            ApiError::Internal(_) => ("an unexpected error occurred; it has been logged".to_owned(), vec![]),
            ApiError::Validation(errors) => {
                let n = errors.len();
                (format!("{n} field{} invalid", if n == 1 { " is" } else { "s are" }), errors.clone())
            }
            ApiError::InvalidQuery(errors) => {
                let n = errors.len();
                (format!("{n} query parameter{} invalid", if n == 1 { " is" } else { "s are" }), errors.clone())
            }
            ApiError::Conflict { detail, errors, .. } => (detail.clone(), errors.clone()),
            ApiError::Rule { detail, errors, .. } => (detail.clone(), errors.clone()),
            ApiError::MethodNotAllowed { allowed } => {
                (format!("this route accepts only {}", allowed.join(", ")), vec![])
            }
            other => (other.to_string(), vec![]),
        };
        Problem {
            type_: format!("/problems/{}", self.code()),
            title: title(status).to_owned(),
            status: status.as_u16(),
            detail,
            code: self.code().to_owned(),
            errors,
        }
    }
}

/// The reason phrase of a status, with RFC 9110's current wording where actix still has the
/// older one (422 "Unprocessable Content", 413 "Content Too Large").
pub fn title(status: StatusCode) -> &'static str {
    match status {
        StatusCode::UNPROCESSABLE_ENTITY => "Unprocessable Content",
        StatusCode::PAYLOAD_TOO_LARGE => "Content Too Large",
        other => other.canonical_reason().unwrap_or("Error"),
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } | ApiError::InvalidQuery(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } | ApiError::IdempotencyKeyInProgress { .. } => StatusCode::CONFLICT,
            ApiError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) | ApiError::Unprocessable { .. } | ApiError::Rule { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) | ApiError::DatabaseBusy { .. } | ApiError::ServerBusy { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            log::error!("internal error: {cause}");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        match self {
            ApiError::Unauthorized(detail) => {
                // RFC 6750 §3: error_description is printable ASCII without `"` or `\`.
                let description: String = detail
                    .chars()
                    .map(|c| if (c.is_ascii_graphic() || c == ' ') && c != '"' && c != '\\' { c } else { '\'' })
                    .collect();
                let challenge =
                    format!("Bearer realm=\"iro\", error=\"invalid_token\", error_description=\"{description}\"");
                if let Ok(value) = HeaderValue::from_str(&challenge) {
                    response.insert_header((header::WWW_AUTHENTICATE, value));
                }
            }
            ApiError::TooManyRequests { retry_after, .. }
            | ApiError::DatabaseBusy { retry_after }
            | ApiError::ServerBusy { retry_after }
            | ApiError::IdempotencyKeyInProgress { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            ApiError::MethodNotAllowed { allowed } => {
                response.insert_header((header::ALLOW, allowed.join(", ")));
            }
            // The rest of the body is still on its way (or never comes): the connection
            // cannot carry another request.
            ApiError::BodyTimeout => {
                response.force_close();
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

impl From<RepoError> for ApiError {
    fn from(error: RepoError) -> Self {
        match error {
            RepoError::NotFound => ApiError::NotFound("no such resource".to_owned()),
            RepoError::Duplicate { field } => ApiError::Conflict {
                code: "duplicate",
                detail: format!("another record already has this {field}"),
                errors: vec![FieldError::new(field.clone(), "duplicate", format!("this {field} is already taken"))],
            },
            RepoError::InUse(by) => ApiError::Conflict {
                code: "in_use",
                detail: format!("the resource is still referenced by {by}; remove those first"),
                errors: vec![],
            },
            RepoError::Stale => ApiError::PreconditionFailed,
            RepoError::IdempotencyClaimLost => ApiError::Conflict {
                code: "idempotency_key_taken_over",
                detail: "this attempt took longer than its Idempotency-Key lease and a retry with the same key took \
                         over; nothing of this attempt was saved, the retry's answer counts"
                    .into(),
                errors: vec![],
            },
            RepoError::Busy(cause) => {
                // Logged because it means writes outran the database, which an operator
                // should see; the client only learns to retry.
                log::warn!("database busy: {cause}");
                ApiError::DatabaseBusy { retry_after: DATABASE_BUSY_RETRY_AFTER_SECS }
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<AgreementStatusError> for ApiError {
    /// 409: an illegal status transition (`illegal_transition`, naming the allowed next
    /// statuses) or a change of a terminated agreement's conditions (`agreement_terminated`).
    fn from(error: AgreementStatusError) -> Self {
        let errors = match &error {
            AgreementStatusError::NotAllowed { .. } => vec![FieldError::new("to", error.code(), error.to_string())],
            AgreementStatusError::Terminated => vec![],
        };
        ApiError::Conflict { code: error.code(), detail: error.to_string(), errors }
    }
}

impl From<iro_domain::institution::LocalInstitutionRequired> for ApiError {
    /// 409 `local_institution_required` on `is_local`: clearing or deleting our university
    /// would leave the office without one.
    fn from(error: iro_domain::institution::LocalInstitutionRequired) -> Self {
        ApiError::Conflict {
            code: "local_institution_required",
            detail: error.to_string(),
            errors: vec![FieldError::new("is_local", "local_institution_required", error.to_string())],
        }
    }
}

impl From<iro_domain::ects::GradeError> for ApiError {
    /// 422 with the domain's code: `grade_not_on_scale`, `no_passing_grades`,
    /// `empty_reference_group`, `cycle_mismatch`, `no_conversion_method` …
    fn from(error: iro_domain::ects::GradeError) -> Self {
        ApiError::Unprocessable { code: error.code(), detail: error.to_string() }
    }
}

impl From<iro_domain::ects::CreditError> for ApiError {
    /// 422 with the domain's code: `unknown_workload`, `credits_out_of_range` …
    fn from(error: iro_domain::ects::CreditError) -> Self {
        ApiError::Unprocessable { code: error.code(), detail: error.to_string() }
    }
}

impl From<iro_domain::mobility::MobilityTransitionError> for ApiError {
    /// 409 `illegal_transition` (naming the allowed next statuses); 422 for a missing reason
    /// or actual date, or an end before the start.
    fn from(error: iro_domain::mobility::MobilityTransitionError) -> Self {
        use iro_domain::mobility::MobilityTransitionError as E;
        let field = match &error {
            E::NotAllowed { .. } => "to",
            E::ReasonRequired => "reason",
            E::ActualStartRequired => "actual_start",
            E::ActualEndRequired | E::EndBeforeStart { .. } => "actual_end",
        };
        let errors = vec![FieldError::new(field, error.code(), error.to_string())];
        match error {
            E::NotAllowed { .. } => ApiError::Conflict { code: error.code(), detail: error.to_string(), errors },
            _ => ApiError::Rule { code: error.code(), detail: error.to_string(), errors },
        }
    }
}

impl From<iro_domain::inquiry::InquiryTransitionError> for ApiError {
    /// 409 `illegal_transition` (naming the allowed next statuses) or `inquiry_closed` (a
    /// message to a closed inquiry).
    fn from(error: iro_domain::inquiry::InquiryTransitionError) -> Self {
        use iro_domain::inquiry::InquiryTransitionError as E;
        let errors = match &error {
            E::NotAllowed { .. } => vec![FieldError::new("to", error.code(), error.to_string())],
            E::Closed => vec![],
        };
        ApiError::Conflict { code: error.code(), detail: error.to_string(), errors }
    }
}

impl From<iro_domain::event::EventTransitionError> for ApiError {
    /// 409 `illegal_transition` (naming the allowed next statuses); 422 `reason_required`
    /// for a cancellation without a reason.
    fn from(error: iro_domain::event::EventTransitionError) -> Self {
        use iro_domain::event::EventTransitionError as E;
        match &error {
            E::NotAllowed { .. } => {
                let errors = vec![FieldError::new("to", error.code(), error.to_string())];
                ApiError::Conflict { code: error.code(), detail: error.to_string(), errors }
            }
            E::ReasonRequired => {
                let errors = vec![FieldError::new("reason", error.code(), error.to_string())];
                ApiError::Rule { code: error.code(), detail: error.to_string(), errors }
            }
        }
    }
}

impl From<iro_domain::event::EventDataError> for ApiError {
    /// 422 `ends_before_start` or `place_required`, naming the field.
    fn from(error: iro_domain::event::EventDataError) -> Self {
        let errors = vec![FieldError::new(error.field(), error.code(), error.to_string())];
        ApiError::Rule { code: error.code(), detail: error.to_string(), errors }
    }
}

impl From<iro_domain::event::RegistrationRefusal> for ApiError {
    /// 409 `event_not_open`, `already_registered`, `not_registered` or `check_in_closed`.
    fn from(error: iro_domain::event::RegistrationRefusal) -> Self {
        ApiError::Conflict { code: error.code(), detail: error.to_string(), errors: vec![] }
    }
}

impl From<iro_domain::event::audience::AudienceError> for ApiError {
    /// 422 `no_audience_rule` (conferences, guest receptions) or `empty_period`.
    fn from(error: iro_domain::event::audience::AudienceError) -> Self {
        use iro_domain::event::audience::AudienceError as E;
        let errors = match &error {
            E::NoRule(_) => vec![],
            E::EmptyPeriod { .. } => vec![FieldError::new("to", error.code(), error.to_string())],
        };
        ApiError::Rule { code: error.code(), detail: error.to_string(), errors }
    }
}

impl From<iro_domain::event::audience::MissingParts> for ApiError {
    /// 422 `validation_failed`, one `required` error per missing field.
    fn from(missing: iro_domain::event::audience::MissingParts) -> Self {
        ApiError::Validation(
            missing.0.iter().map(|field| FieldError::new(*field, "required", missing.to_string())).collect(),
        )
    }
}

impl From<iro_domain::quota::NominationRefusal> for ApiError {
    /// 409 when the state of the agreement or the quota refuses the nomination
    /// (`quota_exhausted`, `agreement_terminated`, `agreement_not_in_effect`,
    /// `academic_year_outside_condition`); 422 when the mobility itself does not fit the
    /// condition (EQF level, activity type, duration, a blank override reason).
    fn from(refusal: iro_domain::quota::NominationRefusal) -> Self {
        use iro_domain::quota::NominationRefusal as R;
        let (field, conflict) = match &refusal {
            R::QuotaExhausted { .. } | R::OverrideReasonRequired { .. } => ("condition_id", true),
            R::AgreementTerminated | R::AgreementNotInEffect { .. } => ("agreement_id", true),
            R::AcademicYearOutsideCondition { .. } => ("receiving_academic_year", true),
            R::ActivityTypeMismatch { .. } => ("activity_type", false),
            R::EqfLevelRequired { .. } | R::EqfLevelNotAllowed { .. } => ("eqf_level", false),
            R::PlannedDurationRequired { .. } => ("planned_end", false),
        };
        let conflict = conflict && !matches!(refusal, R::OverrideReasonRequired { .. });
        let errors = vec![FieldError::new(field, refusal.code(), refusal.to_string())];
        if conflict {
            ApiError::Conflict { code: refusal.code(), detail: refusal.to_string(), errors }
        } else {
            ApiError::Rule { code: refusal.code(), detail: refusal.to_string(), errors }
        }
    }
}

/// 422 `validation_failed` with one entry per reference of a mobility that does not fit,
/// under the request field it is about.
pub fn reference_problems(problems: &[iro_domain::mobility::ReferenceProblem]) -> ApiError {
    use iro_domain::mobility::ReferenceProblem as P;
    let field = |problem: &P| match problem {
        P::UnknownPerson => "person_id".to_owned(),
        P::UnitNotOfInstitution { side } => format!("{side}_unit_id"),
        P::UnknownInstitution { side } | P::NotOurUniversity { side, .. } => format!("{side}_institution_id"),
        P::AgreementWithAnotherPartner | P::UnknownAgreement => "agreement_id".to_owned(),
        P::ConditionForOtherDirection | P::UnknownCondition => "condition_id".to_owned(),
    };
    ApiError::Validation(problems.iter().map(|p| FieldError::new(field(p), p.code(), p.to_string())).collect())
}

/// The request field a nomination rule is about.
fn rule_field(violation: &iro_domain::mobility::NominationRuleViolation<iro_domain::MobilityId>) -> &'static str {
    use iro_domain::mobility::NominationRuleViolation as V;
    match violation {
        V::ActivityNotForParticipant { .. } => "activity_type",
        V::AttributeNotForStaff { .. } => "activity_attribute",
        V::Duration(_) | V::Overlap { .. } => "planned_end",
        V::TeachingHoursRequired | V::TeachingHours(_) => "teaching_hours",
    }
}

impl From<iro_domain::nomination::PlaceRefusal> for ApiError {
    /// Broken rules: 409 when the first is `overlapping_mobility` (another mobility holds the
    /// period), else 422 with the first rule's code; every rule is listed under its field.
    /// The agreement's and the quota's refusals as a `NominationRefusal`.
    fn from(refusal: iro_domain::nomination::PlaceRefusal) -> Self {
        use iro_domain::mobility::NominationRuleViolation as V;
        use iro_domain::nomination::PlaceRefusal as R;
        match refusal {
            R::Rules(ref violations) => {
                let errors =
                    violations.iter().map(|v| FieldError::new(rule_field(v), v.code(), v.to_string())).collect();
                let detail = refusal.to_string();
                match violations.first() {
                    Some(first @ V::Overlap { .. }) => ApiError::Conflict { code: first.code(), detail, errors },
                    Some(first) => ApiError::Rule { code: first.code(), detail, errors },
                    None => ApiError::Internal("a rule refusal named no rule".to_owned()),
                }
            }
            R::Quota(refusal) => refusal.into(),
        }
    }
}

impl From<iro_domain::nomination::StatusChangeRefusal> for ApiError {
    /// The lifecycle's refusal (409 `illegal_transition`, 422 for a missing reason or date),
    /// references that do not fit (422 `validation_failed`), or a place refused by the rules
    /// or the quota.
    fn from(refusal: iro_domain::nomination::StatusChangeRefusal) -> Self {
        use iro_domain::nomination::StatusChangeRefusal as R;
        match refusal {
            R::Transition(error) => error.into(),
            R::References(problems) => reference_problems(&problems),
            R::Place(refusal) => refusal.into(),
            R::GrantRequired => ApiError::Conflict {
                code: "grant_required",
                detail: refusal.to_string(),
                errors: vec![FieldError::new("grant_id", "required", refusal.to_string())],
            },
            R::Departure(refusal) => refusal.into(),
        }
    }
}

impl From<iro_domain::nomination::DepartureRefusal> for ApiError {
    /// 409 `learning_agreement_unsigned` (a student mobility goes live only with a learning
    /// agreement signed by all three, or an officer's override); 422 `override_reason_required`.
    fn from(refusal: iro_domain::nomination::DepartureRefusal) -> Self {
        use iro_domain::nomination::DepartureRefusal as R;
        match refusal {
            R::LearningAgreementUnsigned(_) => ApiError::Conflict {
                code: refusal.code(),
                detail: refusal.to_string(),
                errors: vec![FieldError::new("to", refusal.code(), refusal.to_string())],
            },
            R::OverrideReasonRequired => ApiError::Rule {
                code: refusal.code(),
                detail: refusal.to_string(),
                errors: vec![FieldError::new("reason", refusal.code(), refusal.to_string())],
            },
        }
    }
}

impl From<iro_domain::learning_agreement::LearningAgreementError> for ApiError {
    /// 409 for what the agreement's state refuses (`learning_agreement_exists`,
    /// `version_signed`, `nothing_approved`, `change_proposal_pending`); 422 for what the body says
    /// (`agreement_kind_mismatch`, `empty_change_proposal`, `unknown_component`,
    /// `short_description_required`, `recognition_conditions_not_allowed`, `no_components`).
    fn from(error: iro_domain::learning_agreement::LearningAgreementError) -> Self {
        use iro_domain::learning_agreement::LearningAgreementError as E;
        let field = match &error {
            E::AlreadyExists | E::VersionSigned { .. } | E::NothingApproved | E::ChangeProposalPending { .. } => None,
            E::KindMismatch { .. } => Some("kind".to_owned()),
            E::EmptyChange | E::NoComponents => Some("changes".to_owned()),
            E::UnknownComponent(_) => Some("changes".to_owned()),
            E::InvalidComponent { index, field, .. } => Some(format!("components[{index}].{field}")),
        };
        let code = error.code();
        let detail = error.to_string();
        match field {
            None => ApiError::Conflict { code, detail, errors: vec![] },
            Some(field) => {
                let errors = vec![FieldError::new(field, code, detail.clone())];
                ApiError::Rule { code, detail, errors }
            }
        }
    }
}

impl From<iro_domain::learning_agreement::SigningRefusal> for ApiError {
    /// 409 `stale_proposal` (the version changed since it was read), `already_signed`,
    /// `signature_out_of_order` (participant, then sending, then receiving).
    fn from(refusal: iro_domain::learning_agreement::SigningRefusal) -> Self {
        use iro_domain::learning_agreement::SigningRefusal as R;
        let field = match refusal {
            R::StaleProposal { .. } => "proposal_id",
            R::AlreadySigned(_) | R::OutOfOrder { .. } => "side",
        };
        let errors = vec![FieldError::new(field, refusal.code(), refusal.to_string())];
        ApiError::Conflict { code: refusal.code(), detail: refusal.to_string(), errors }
    }
}

impl From<iro_persistence::repositories::learning_agreements::writes::WriteError> for ApiError {
    fn from(error: iro_persistence::repositories::learning_agreements::writes::WriteError) -> Self {
        use iro_persistence::repositories::learning_agreements::writes::WriteError as W;
        match error {
            W::Rule(rule) => rule.into(),
            W::Repo(repo) => repo.into(),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(format!("blocking task failed: {error}"))
    }
}

/// Collects field errors while a request body is turned into domain values, so the
/// client learns about every invalid field at once.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// Keeps the value, or records the error under `field`.
    pub fn check<T>(&mut self, field: impl Into<String>, result: Result<T, InvalidValue>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(invalid) => {
                self.0.push(FieldError::from_invalid(field, invalid));
                None
            }
        }
    }

    /// Like `check`, for an optional input.
    pub fn check_opt<T, S>(
        &mut self,
        field: &str,
        input: Option<S>,
        parse: impl FnOnce(S) -> Result<T, InvalidValue>,
    ) -> Option<T> {
        input.and_then(|value| self.check(field, parse(value)))
    }

    /// Records an error directly.
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Whether an error is already recorded for `field`.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() { Ok(()) } else { Err(ApiError::Validation(self.0)) }
    }

    /// `Ok` when nothing was recorded; the errors concern query parameters (400).
    pub fn finish_query(self) -> Result<(), ApiError> {
        if self.0.is_empty() { Ok(()) } else { Err(ApiError::InvalidQuery(self.0)) }
    }

    /// Fails with every recorded error, or assembles the value from the checked parts
    /// (`build` uses `?` on the `Option`s that `check` returned; with no errors all are `Some`).
    pub fn finish_with<T>(self, build: impl FnOnce() -> Option<T>) -> Result<T, ApiError> {
        self.finish()?;
        build().ok_or_else(|| ApiError::Internal("a checked value was missing without an error".to_owned()))
    }
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;
