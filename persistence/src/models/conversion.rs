//! `conversion_policies` and `grade_conversions` rows: an institution's policy decided in
//! advance (ECTS Users' Guide 2015) and the conversions approved for recognition.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::ConversionId;
use iro_domain::ects::{ConversionPolicy, CreditRounding, GradeRounding, MethodKind, OverlapPolicy, RoundingMode};

use super::{corrupt, utc, version};
use crate::RepoError;
use crate::schema::{conversion_policies, grade_conversions};

/// A row of `conversion_policies`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = conversion_policies)]
pub struct ConversionPolicyRow {
    /// Institution (the key).
    pub institution_id: String,
    /// `min`, `max`, `midpoint`, `largest_overlap`.
    pub overlap_policy: String,
    /// `nearest`, `toward_better`, `toward_worse`.
    pub grade_rounding: String,
    /// Credit rounding step in hundredths.
    pub credit_rounding_step: i32,
    /// `nearest`, `down`, `up`.
    pub credit_rounding_mode: String,
    /// JSON array of method codes.
    pub fallback_order: String,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// A stored policy.
#[derive(Debug, Clone)]
pub struct PolicyRecord {
    /// The policy.
    pub policy: ConversionPolicy,
    /// Version.
    pub version: u32,
    /// Updated.
    pub updated_at: DateTime<Utc>,
}

/// Parses a credit rounding mode code.
pub fn rounding_mode(code: &str) -> Option<RoundingMode> {
    [RoundingMode::Nearest, RoundingMode::Down, RoundingMode::Up].into_iter().find(|mode| mode.code() == code)
}

impl TryFrom<ConversionPolicyRow> for PolicyRecord {
    type Error = RepoError;

    fn try_from(row: ConversionPolicyRow) -> Result<Self, RepoError> {
        let order: Vec<String> =
            serde_json::from_str(&row.fallback_order).map_err(|e| RepoError::Corrupt(format!("fallback: {e}")))?;
        let order =
            order.iter().map(|m| MethodKind::parse(m)).collect::<Result<_, _>>().map_err(corrupt("fallback"))?;
        let mode = rounding_mode(&row.credit_rounding_mode)
            .ok_or_else(|| RepoError::Corrupt(format!("rounding mode {}", row.credit_rounding_mode)))?;
        let step = u32::try_from(row.credit_rounding_step).map_err(|_| RepoError::Corrupt("step".to_owned()))?;
        let credit = CreditRounding::new(step, mode).map_err(|e| RepoError::Corrupt(e.to_string()))?;
        let policy = ConversionPolicy::new(
            OverlapPolicy::parse(&row.overlap_policy).map_err(corrupt("overlap"))?,
            GradeRounding::parse(&row.grade_rounding).map_err(corrupt("grade rounding"))?,
            credit,
            order,
        )
        .map_err(|e| RepoError::Corrupt(e.to_string()))?;
        Ok(PolicyRecord { policy, version: version(row.version)?, updated_at: utc(row.updated_at) })
    }
}

/// A row of `grade_conversions`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = grade_conversions)]
pub struct GradeConversionRow {
    /// Id.
    pub id: String,
    /// Source scale code.
    pub source_scale: String,
    /// Source grade as given.
    pub source_grade: String,
    /// Target scale code.
    pub target_scale: String,
    /// Method code.
    pub method: String,
    /// Resulting grade (native label).
    pub result: String,
    /// The request's inputs as JSON.
    pub inputs: String,
    /// The whole conversion (method data, candidates, skipped methods, explanation) as JSON.
    pub explanation: String,
    /// Approving person (`user:<uuid>`).
    pub approved_by: String,
    /// Approving person's name.
    pub approved_by_name: String,
    /// When approved (UTC).
    pub approved_at: NaiveDateTime,
    /// The host institution the grade came from, when the request named one.
    pub host_institution_id: Option<String>,
    /// The home institution the grade went to, when the request named one.
    pub home_institution_id: Option<String>,
}

/// A stored, approved conversion.
#[derive(Debug, Clone)]
pub struct StoredConversion {
    /// Id.
    pub id: ConversionId,
    /// The request's inputs.
    pub inputs: serde_json::Value,
    /// The conversion as the API showed it.
    pub conversion: serde_json::Value,
    /// Approving person's subject.
    pub approved_by: String,
    /// Approving person's name.
    pub approved_by_name: String,
    /// When.
    pub approved_at: DateTime<Utc>,
}

impl TryFrom<GradeConversionRow> for StoredConversion {
    type Error = RepoError;

    fn try_from(row: GradeConversionRow) -> Result<Self, RepoError> {
        let json = |text: &str| serde_json::from_str(text).map_err(|e| RepoError::Corrupt(format!("conversion: {e}")));
        Ok(StoredConversion {
            id: ConversionId::parse(&row.id).map_err(corrupt("conversion id"))?,
            inputs: json(&row.inputs)?,
            conversion: json(&row.explanation)?,
            approved_by: row.approved_by,
            approved_by_name: row.approved_by_name,
            approved_at: utc(row.approved_at),
        })
    }
}
