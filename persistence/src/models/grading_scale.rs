//! `grading_scales` rows: a scale's definition as stored JSON, its source, validity and status,
//! and the mapping to `iro_domain::ects::GradingScale`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::ects::{Direction, EctsLetter, GradeLabel, GradeValue, GradingScale, ScaleKind};
use iro_domain::{GradingScaleId, InvalidValue};
use serde::{Deserialize, Serialize};

use super::{corrupt, utc, version};
use crate::RepoError;
use crate::schema::grading_scales;

/// A row of `grading_scales`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = grading_scales)]
pub struct GradingScaleRow {
    /// Id.
    pub id: String,
    /// Unique short code (`MK`).
    pub code: String,
    /// Name.
    pub name: String,
    /// ISO country, when national.
    pub country: Option<String>,
    /// [`ScaleDefinition`] as JSON.
    pub definition: String,
    /// Where the facts come from.
    pub source: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
    /// `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// A numeric scale's bounds and step, for scales with every value in between (0–10 by 0.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeDefinition {
    /// Lowest value.
    pub min: String,
    /// Highest value.
    pub max: String,
    /// Step.
    pub step: String,
}

/// One grade of a definition. On numeric scales `value` is required (or, with a `range`, names
/// the grade being labelled); on letter and pass/fail scales `native` and `passing` are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeDefinition {
    /// The number (`"8"`, `"1.3"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The grade as the institution writes it; defaults to the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native: Option<String>,
    /// English name; defaults to the native label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub english: Option<String>,
    /// Published ECTS letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ects_letter: Option<String>,
    /// Whether it passes (letter and pass/fail scales; numeric scales use the pass mark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passing: Option<bool>,
}

/// How a scale is stored and written by clients: kind, direction, pass mark, range or grades.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleDefinition {
    /// `numeric`, `ordinal` or `pass_fail`.
    pub kind: String,
    /// Numeric: `higher_is_better` or `lower_is_better`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// Numeric: the lowest passing grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_mark: Option<String>,
    /// Numeric: every value from `min` to `max` by `step`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RangeDefinition>,
    /// The grades (best first for letter and pass/fail scales), or labels of a range's grades.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<GradeDefinition>,
}

fn value(field: &str, text: &str) -> Result<GradeValue, InvalidValue> {
    GradeValue::parse(text).map_err(|e| InvalidValue::format(format!("{field}: {}", e.message)))
}

fn required<'a>(field: &str, text: &'a Option<String>) -> Result<&'a str, InvalidValue> {
    text.as_deref().ok_or_else(|| InvalidValue::required(format!("{field} is required")))
}

fn label(grade: &GradeDefinition, number: Option<GradeValue>) -> Result<GradeLabel, InvalidValue> {
    let native = match (&grade.native, number) {
        (Some(native), _) => native.clone(),
        (None, Some(number)) => number.to_string(),
        (None, None) => return Err(InvalidValue::required("every grade needs a native label")),
    };
    let english = grade.english.clone().unwrap_or_else(|| native.clone());
    let mut label = GradeLabel::new(native, english);
    if let Some(letter) = &grade.ects_letter {
        label = label.with_letter(EctsLetter::parse(letter)?);
    }
    Ok(label)
}

impl ScaleDefinition {
    /// Builds the domain scale, with every rule of [`GradingScale`] checked; the error carries
    /// the domain's code (`invalid_scale`, `no_passing_grades` …).
    pub fn to_domain(&self, code: &str, name: &str) -> Result<GradingScale, InvalidValue> {
        match self.kind.as_str() {
            "numeric" => {
                let direction = match required("direction", &self.direction)? {
                    "higher_is_better" => Direction::HigherIsBetter,
                    "lower_is_better" => Direction::LowerIsBetter,
                    other => {
                        return Err(InvalidValue::unknown(format!(
                            "direction must be higher_is_better or lower_is_better, got {other:?}"
                        )));
                    }
                };
                let pass_mark = value("pass_mark", required("pass_mark", &self.pass_mark)?)?;
                let mut grades = Vec::with_capacity(self.grades.len());
                for grade in &self.grades {
                    let number = value("value", required("grades[].value", &grade.value)?)?;
                    grades.push((number, label(grade, Some(number))?));
                }
                match &self.range {
                    Some(range) => {
                        let bounds =
                            (value("min", &range.min)?, value("max", &range.max)?, value("step", &range.step)?);
                        let scale = GradingScale::uniform(code, name, direction, bounds, pass_mark)?;
                        Ok(if grades.is_empty() { scale } else { scale.with_labels(grades)? })
                    }
                    None => Ok(GradingScale::numeric(code, name, direction, pass_mark, grades)?),
                }
            }
            "ordinal" | "pass_fail" => {
                if self.direction.is_some() || self.pass_mark.is_some() || self.range.is_some() {
                    return Err(InvalidValue::format(
                        "letter and pass/fail scales have no direction, pass_mark or range",
                    ));
                }
                let mut grades = Vec::with_capacity(self.grades.len());
                for grade in &self.grades {
                    if grade.value.is_some() {
                        return Err(InvalidValue::format("grades of letter and pass/fail scales have no value"));
                    }
                    let passing = grade
                        .passing
                        .ok_or_else(|| InvalidValue::required("every grade of this kind needs passing"))?;
                    grades.push((label(grade, None)?, passing));
                }
                if self.kind == "ordinal" {
                    return Ok(GradingScale::ordinal(code, name, grades)?);
                }
                match grades.as_slice() {
                    [(pass, true), (fail, false)] => {
                        Ok(GradingScale::pass_fail(code, name, pass.clone(), fail.clone())?)
                    }
                    _ => Err(InvalidValue::format("a pass_fail scale lists its pass, then its fail")),
                }
            }
            other => Err(InvalidValue::unknown(format!("kind must be numeric, ordinal or pass_fail, got {other:?}"))),
        }
    }

    /// The kind code of a domain scale.
    pub fn kind_code(kind: ScaleKind) -> &'static str {
        match kind {
            ScaleKind::Numeric { .. } => "numeric",
            ScaleKind::Ordinal => "ordinal",
            ScaleKind::PassFail => "pass_fail",
        }
    }
}

/// What a client sets on a scale: everything but id, version and timestamps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleData {
    /// Unique code.
    pub code: String,
    /// Name.
    pub name: String,
    /// ISO country.
    pub country: Option<String>,
    /// Definition (already checked with [`ScaleDefinition::to_domain`]).
    pub definition: ScaleDefinition,
    /// Source of the facts.
    pub source: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
    /// `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
}

/// A stored scale: the domain scale and its data.
#[derive(Debug, Clone)]
pub struct ScaleRecord {
    /// Id.
    pub id: GradingScaleId,
    /// The data as stored.
    pub data: ScaleData,
    /// The domain scale built from the definition.
    pub scale: GradingScale,
    /// Version.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Updated.
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<GradingScaleRow> for ScaleRecord {
    type Error = RepoError;

    fn try_from(row: GradingScaleRow) -> Result<Self, RepoError> {
        let definition: ScaleDefinition = serde_json::from_str(&row.definition)
            .map_err(|e| RepoError::Corrupt(format!("scale {} definition: {e}", row.code)))?;
        let scale = definition
            .to_domain(&row.code, &row.name)
            .map_err(|e| RepoError::Corrupt(format!("scale {}: {e}", row.code)))?;
        Ok(ScaleRecord {
            id: GradingScaleId::parse(&row.id).map_err(corrupt("scale id"))?,
            data: ScaleData {
                code: row.code,
                name: row.name,
                country: row.country,
                definition,
                source: row.source,
                valid_from: row.valid_from,
                valid_to: row.valid_to,
                status: row.status,
            },
            scale,
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

/// One entry of `persistence/data/grading-scales.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedScale {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// ISO country.
    pub country: Option<String>,
    /// Status of the facts: `confirmed`, `secondary` or `unconfirmed`.
    pub status: String,
    /// Source.
    pub source: String,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
    /// Definition.
    pub definition: ScaleDefinition,
}

/// The committed seed file.
pub const SEED_JSON: &str = include_str!("../../data/grading-scales.json");

/// Reads the seed file into scale data, checking every definition.
pub fn seed_scales() -> Result<Vec<ScaleData>, RepoError> {
    let seeds: Vec<SeedScale> =
        serde_json::from_str(SEED_JSON).map_err(|e| RepoError::Setup(format!("grading-scales.json: {e}")))?;
    seeds
        .into_iter()
        .map(|seed| {
            seed.definition
                .to_domain(&seed.code, &seed.name)
                .map_err(|e| RepoError::Setup(format!("grading-scales.json, {}: {e}", seed.code)))?;
            Ok(ScaleData {
                code: seed.code,
                name: seed.name,
                country: seed.country,
                definition: seed.definition,
                source: seed.source,
                valid_from: seed.valid_from,
                valid_to: seed.valid_to,
                status: seed.status,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iro_domain::ects::presets;

    use super::*;

    #[test]
    fn the_seed_file_holds_exactly_the_presets() {
        let seeded: Vec<GradingScale> = seed_scales()
            .unwrap()
            .iter()
            .map(|data| data.definition.to_domain(&data.code, &data.name).unwrap())
            .collect();
        assert_eq!(seeded, presets::all_scales());
    }
}
