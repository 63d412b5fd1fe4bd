//! The agreement's request and response bodies, and the validation that turns a request into
//! the domain's `AgreementData`.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use iro_domain::agreement::{AcademicYearRange, Agreement, AgreementCode, AgreementData, Signature};
use iro_domain::{AcademicYear, Contact, InstitutionId, UnitId};
use regex::Regex;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::vocabulary::{AgreementStatusName, ProgrammeName};
use crate::error::{ApiError, FieldErrors};
use crate::http::validation::{self, rules, trim};
use crate::routes::shared::contact::ContactBody;

/// An EWP identifier: 1–64 printable ASCII characters.
static EWP_ID: LazyLock<Regex> = LazyLock::new(|| rules::pattern(r"^[ -~]{1,64}$"));

/// An agreement as clients write it (create, or the result of a merge patch).
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "BIL-2025-LSU-INF",
    "programme": "bilateral",
    "partner_institution_id": "01938a6e-5c1e-7d2a-9f3b-2c4d5e6f7a8b",
    "local_unit_id": "01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b",
    "partner_agreement_code": "ЛГУ-МД-2025/14",
    "first_academic_year": "2025/2026",
    "last_academic_year": "2028/2029",
    "local_signing_date": "2025-05-12",
    "local_signer": {"name": "Biljana Angelova", "role": "Rector", "emails": ["rektor@ukim.edu.mk"]},
    "partner_signing_date": "2025-05-20",
    "partner_signer": {"name": "Anna Ivanova", "role": "Vice-rector for international affairs"},
    "other_info": "Informatics exchange; tuition waived on both sides."
}))]
pub struct AgreementInput {
    /// The human agreement number, unique among our agreements (1–64 characters).
    #[schema(min_length = 1, max_length = 64)]
    pub code: String,
    /// `erasmus_plus` or `bilateral`.
    pub programme: ProgrammeName,
    /// The partner institution (not our own university).
    pub partner_institution_id: Uuid,
    /// A unit of the partner, for a faculty-level agreement.
    #[serde(default)]
    pub partner_unit_id: Option<Uuid>,
    /// Our unit (faculty), for a faculty-level agreement; its coordinators may manage it.
    #[serde(default)]
    pub local_unit_id: Option<Uuid>,
    /// The partner's own id of this agreement (EWP: 1–64 printable ASCII characters); unique
    /// per partner, so the same agreement is not entered twice.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(pattern = r"^[ -~]{1,64}$")]
    #[validate(regex(
        path = *EWP_ID,
        message = "partner_agreement_id must be 1–64 printable ASCII characters (an EWP identifier)"
    ))]
    pub partner_agreement_id: Option<String>,
    /// The partner's own human number of this agreement.
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 64)]
    #[validate(length(max = 64), custom(function = "rules::single_line"))]
    pub partner_agreement_code: Option<String>,
    /// First academic year covered, `YYYY/YYYY`.
    #[schema(pattern = r"^[0-9]{4}/[0-9]{4}$", example = "2025/2026")]
    pub first_academic_year: String,
    /// Last academic year covered, `YYYY/YYYY`, not before the first.
    #[schema(pattern = r"^[0-9]{4}/[0-9]{4}$", example = "2028/2029")]
    pub last_academic_year: String,
    /// When we signed.
    #[serde(default)]
    pub local_signing_date: Option<NaiveDate>,
    /// Who signs (signed) for us.
    #[serde(default)]
    pub local_signer: Option<ContactBody>,
    /// When the partner signed.
    #[serde(default)]
    pub partner_signing_date: Option<NaiveDate>,
    /// Who signs (signed) for the partner.
    #[serde(default)]
    pub partner_signer: Option<ContactBody>,
    /// Other terms, free text (at most 4,000 characters).
    #[serde(default, deserialize_with = "trim::trimmed_opt")]
    #[schema(max_length = 4000)]
    #[validate(length(max = 4000), custom(function = "rules::multiline"))]
    pub other_info: Option<String>,
}

/// An agreement as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01938a6e-8000-7d2a-9f3b-2c4d5e6f7a8b",
    "code": "BIL-2025-LSU-INF",
    "programme": "bilateral",
    "partner_institution_id": "01938a6e-5c1e-7d2a-9f3b-2c4d5e6f7a8b",
    "partner_unit_id": null,
    "local_unit_id": "01938a6e-7000-7d2a-9f3b-2c4d5e6f7a8b",
    "partner_agreement_id": null,
    "partner_agreement_code": "ЛГУ-МД-2025/14",
    "first_academic_year": "2025/2026",
    "last_academic_year": "2028/2029",
    "local_signing_date": "2025-05-12",
    "local_signer": {"name": "Biljana Angelova", "role": "Rector", "emails": ["rektor@ukim.edu.mk"], "phones": []},
    "partner_signing_date": "2025-05-20",
    "partner_signer": {"name": "Anna Ivanova", "role": "Vice-rector for international affairs", "emails": [], "phones": []},
    "other_info": "Informatics exchange; tuition waived on both sides.",
    "status": "approved_by_both",
    "allowed_next_statuses": ["terminated"],
    "in_force": true,
    "approved_at": "2025-05-20T10:00:00Z",
    "version": 4,
    "created_at": "2025-04-02T09:15:00Z",
    "updated_at": "2025-05-20T10:00:00Z"
}))]
pub struct AgreementResponse {
    /// Opaque id; never reused, even after deletion.
    pub id: Uuid,
    /// The human agreement number.
    pub code: String,
    /// `erasmus_plus` or `bilateral`.
    pub programme: ProgrammeName,
    /// The partner institution.
    pub partner_institution_id: Uuid,
    /// The partner's unit.
    pub partner_unit_id: Option<Uuid>,
    /// Our unit.
    pub local_unit_id: Option<Uuid>,
    /// The partner's own id of the agreement.
    pub partner_agreement_id: Option<String>,
    /// The partner's own number of the agreement.
    pub partner_agreement_code: Option<String>,
    /// First academic year covered.
    pub first_academic_year: String,
    /// Last academic year covered.
    pub last_academic_year: String,
    /// When we signed.
    pub local_signing_date: Option<NaiveDate>,
    /// Who signs for us.
    pub local_signer: Option<ContactBody>,
    /// When the partner signed.
    pub partner_signing_date: Option<NaiveDate>,
    /// Who signs for the partner.
    pub partner_signer: Option<ContactBody>,
    /// Other terms.
    pub other_info: Option<String>,
    /// The approval status; change it with `POST /api/v1/agreements/{id}/status`.
    pub status: AgreementStatusName,
    /// The statuses `POST …/status` accepts now (empty once terminated).
    pub allowed_next_statuses: Vec<AgreementStatusName>,
    /// Whether the agreement binds: approved by both, or amended after a mutual approval and
    /// not terminated (the approved version then applies).
    pub in_force: bool,
    /// When the version at `GET …/approved-version` was approved by both; `null` until then.
    pub approved_at: Option<DateTime<Utc>>,
    /// Version; the `ETag` is this number in quotes. Changes of conditions change it too.
    pub version: u32,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the agreement or one of its conditions last changed.
    pub updated_at: DateTime<Utc>,
}

/// Fields a merge patch may not change.
pub(super) const READ_ONLY: &[&str] =
    &["id", "status", "allowed_next_statuses", "in_force", "approved_at", "version", "created_at", "updated_at"];

impl From<Agreement> for AgreementResponse {
    fn from(a: Agreement) -> Self {
        let in_force = a.in_force();
        let d = a.data;
        AgreementResponse {
            id: a.id.as_uuid(),
            code: d.code.as_str().to_owned(),
            programme: d.programme.into(),
            partner_institution_id: d.partner_institution_id.as_uuid(),
            partner_unit_id: d.partner_unit_id.map(|u| u.as_uuid()),
            local_unit_id: d.local_unit_id.map(|u| u.as_uuid()),
            partner_agreement_id: d.partner_agreement_id,
            partner_agreement_code: d.partner_agreement_code,
            first_academic_year: d.period.first().to_string(),
            last_academic_year: d.period.last().to_string(),
            local_signing_date: d.local_signature.date,
            local_signer: d.local_signature.signer.as_ref().map(ContactBody::from),
            partner_signing_date: d.partner_signature.date,
            partner_signer: d.partner_signature.signer.as_ref().map(ContactBody::from),
            other_info: d.other_info,
            status: a.status.into(),
            allowed_next_statuses: a.status.allowed_next().into_iter().map(Into::into).collect(),
            in_force,
            approved_at: a.approved_at,
            version: a.version,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// Parses a `first_academic_year`/`last_academic_year` pair into a range.
pub fn parse_period(errors: &mut FieldErrors, first: &str, last: &str) -> Option<AcademicYearRange> {
    let first = errors.check("first_academic_year", AcademicYear::parse(first.trim()));
    let last = errors.check("last_academic_year", AcademicYear::parse(last.trim()));
    errors.check("last_academic_year", AcademicYearRange::new(first?, last?))
}

fn parse_signer(errors: &mut FieldErrors, field: &str, signer: Option<ContactBody>) -> Option<Option<Contact>> {
    match signer {
        None => Some(None),
        Some(c) => {
            let contact = Contact { name: c.name, role: c.role, emails: c.emails, phones: c.phones };
            errors.check(field, contact.validate()).map(Some)
        }
    }
}

impl TryFrom<AgreementInput> for AgreementData {
    type Error = ApiError;

    fn try_from(input: AgreementInput) -> Result<Self, ApiError> {
        let mut errors = validation::errors_of(&input);
        let code = errors.check("code", AgreementCode::parse(&input.code));
        let period = parse_period(&mut errors, &input.first_academic_year, &input.last_academic_year);
        let local_signer = parse_signer(&mut errors, "local_signer", input.local_signer);
        let partner_signer = parse_signer(&mut errors, "partner_signer", input.partner_signer);
        errors.finish_with(|| {
            Some(AgreementData {
                code: code?,
                programme: input.programme.into(),
                partner_institution_id: InstitutionId::from_uuid(input.partner_institution_id),
                partner_unit_id: input.partner_unit_id.map(UnitId::from_uuid),
                local_unit_id: input.local_unit_id.map(UnitId::from_uuid),
                partner_agreement_id: input.partner_agreement_id,
                partner_agreement_code: input.partner_agreement_code,
                period: period?,
                local_signature: Signature { date: input.local_signing_date, signer: local_signer? },
                partner_signature: Signature { date: input.partner_signing_date, signer: partner_signer? },
                other_info: input.other_info,
            })
        })
    }
}
