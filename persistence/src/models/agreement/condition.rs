//! `agreement_conditions` rows and their mapping to the domain's `AgreementCondition`.
//!
//! The terms are stored as columns and JSON lists and read back through
//! `CooperationCondition::parse`, the only way to build one, so a stored condition obeys the
//! same rules as a new one.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use iro_domain::agreement::{
    AgreementCondition, AgreementOutline, AgreementStatus, ConditionData, ConditionSide, CooperationCondition,
    CooperationConditionInput, LanguageRequirementInput, Programme, SubjectAreaInput,
};
use iro_domain::{AgreementId, ConditionId, HeiId, Hundredths, InstitutionId, IscedCode, UnitId};
use serde::{Deserialize, Serialize};

use super::{year_from_db, year_to_db, years_from_db};
use crate::RepoError;
use crate::models::{corrupt, utc, version};
use crate::schema::agreement_conditions;

/// A row of `agreement_conditions`; also a condition in the snapshot's JSON.
#[derive(Debug, Clone, Queryable, Selectable, Serialize, Deserialize)]
#[diesel(table_name = agreement_conditions)]
pub struct ConditionRow {
    /// Id.
    pub id: String,
    /// The agreement.
    pub agreement_id: String,
    /// Order within the agreement.
    pub position: i32,
    /// `student_studies` …
    pub mobility_type: String,
    /// Sending institution.
    pub sending_institution_id: String,
    /// Sending unit.
    pub sending_unit_id: Option<String>,
    /// Receiving institution.
    pub receiving_institution_id: String,
    /// Receiving unit.
    pub receiving_unit_id: Option<String>,
    /// First academic year's start year.
    pub first_academic_year: i32,
    /// Last academic year's start year.
    pub last_academic_year: i32,
    /// Places per year.
    pub mobilities_per_year: i32,
    /// Students: months per year, in hundredths.
    pub total_months_per_year: Option<i32>,
    /// Staff: days per year, in hundredths.
    pub total_days_per_year: Option<i32>,
    /// Blended mobility offered.
    pub blended: bool,
    /// JSON array of EQF levels.
    pub eqf_levels: String,
    /// JSON array of subject areas.
    pub subject_areas: String,
    /// JSON array of language requirements.
    pub language_requirements: String,
    /// Other terms.
    pub other_info: Option<String>,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// The writable columns of `agreement_conditions`.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = agreement_conditions, treat_none_as_null = true)]
pub struct ConditionChanges {
    /// Type.
    pub mobility_type: String,
    /// Sending institution.
    pub sending_institution_id: String,
    /// Sending unit.
    pub sending_unit_id: Option<String>,
    /// Receiving institution.
    pub receiving_institution_id: String,
    /// Receiving unit.
    pub receiving_unit_id: Option<String>,
    /// First academic year's start year.
    pub first_academic_year: i32,
    /// Last academic year's start year.
    pub last_academic_year: i32,
    /// Places per year.
    pub mobilities_per_year: i32,
    /// Months per year in hundredths.
    pub total_months_per_year: Option<i32>,
    /// Days per year in hundredths.
    pub total_days_per_year: Option<i32>,
    /// Blended.
    pub blended: bool,
    /// JSON EQF levels.
    pub eqf_levels: String,
    /// JSON subject areas.
    pub subject_areas: String,
    /// JSON language requirements.
    pub language_requirements: String,
    /// Other terms.
    pub other_info: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredSubjectArea {
    isced_f_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    clarification: Option<String>,
}

/// A `LIKE` pattern matching the stored subject areas (`ConditionRow::subject_areas`) that name
/// `code` or a narrower code under it, so the database filters before paging. It relies on
/// the compact JSON `serde_json` writes for [`StoredSubjectArea`] (`"isced_f_code":"0613"`);
/// ISCED-F codes are digits, so nothing in them needs escaping.
pub(crate) fn subject_area_pattern(code: &IscedCode) -> String {
    format!("%\"isced_f_code\":\"{}%", code.as_str())
}

#[derive(Serialize, Deserialize)]
struct StoredLanguageRequirement {
    language: String,
    cefr_level: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    isced_f_code: Option<String>,
}

fn too_large(what: &str) -> RepoError {
    RepoError::Corrupt(format!("{what} does not fit the database column"))
}

/// An amount in hundredths as stored (the API keeps amounts far below the column's limit).
fn amount_to_db(amount: Option<Hundredths>, what: &str) -> Result<Option<i32>, RepoError> {
    amount.map(|a| i32::try_from(a.hundredths()).map_err(|_| too_large(what))).transpose()
}

fn amount_from_db(raw: Option<i32>, what: &str) -> Result<Option<String>, RepoError> {
    raw.map(|h| {
        u64::try_from(h)
            .map(|h| Hundredths::from_hundredths(h).to_string())
            .map_err(|_| RepoError::Corrupt(format!("negative {what}")))
    })
    .transpose()
}

impl TryFrom<&ConditionData> for ConditionChanges {
    type Error = RepoError;

    fn try_from(data: &ConditionData) -> Result<Self, RepoError> {
        let terms = &data.terms;
        let eqf: Vec<u8> = terms.eqf_levels().iter().map(|l| l.value()).collect();
        let areas: Vec<StoredSubjectArea> = terms
            .subject_areas()
            .iter()
            .map(|a| StoredSubjectArea {
                isced_f_code: a.isced_f_code.as_str().to_owned(),
                clarification: a.clarification.clone(),
            })
            .collect();
        let languages: Vec<StoredLanguageRequirement> = terms
            .language_requirements()
            .iter()
            .map(|r| StoredLanguageRequirement {
                language: r.language.as_str().to_owned(),
                cefr_level: r.cefr_level.as_str().to_owned(),
                isced_f_code: r.isced_f_code.as_ref().map(|c| c.as_str().to_owned()),
            })
            .collect();
        let json = |value: Result<String, serde_json::Error>| value.map_err(|e| RepoError::Corrupt(e.to_string()));
        Ok(ConditionChanges {
            mobility_type: terms.mobility_type().as_str().to_owned(),
            sending_institution_id: data.sending.institution_id.to_string(),
            sending_unit_id: data.sending.unit_id.map(|u| u.to_string()),
            receiving_institution_id: data.receiving.institution_id.to_string(),
            receiving_unit_id: data.receiving.unit_id.map(|u| u.to_string()),
            first_academic_year: year_to_db(terms.years().first()),
            last_academic_year: year_to_db(terms.years().last()),
            mobilities_per_year: i32::try_from(terms.mobilities_per_year())
                .map_err(|_| too_large("mobilities_per_year"))?,
            total_months_per_year: amount_to_db(terms.total_months_per_year(), "total_months_per_year")?,
            total_days_per_year: amount_to_db(terms.total_days_per_year(), "total_days_per_year")?,
            blended: terms.blended(),
            eqf_levels: json(serde_json::to_string(&eqf))?,
            subject_areas: json(serde_json::to_string(&areas))?,
            language_requirements: json(serde_json::to_string(&languages))?,
            other_info: terms.other_info().map(str::to_owned),
        })
    }
}

fn from_json<T: for<'de> Deserialize<'de>>(text: &str, what: &str) -> Result<T, RepoError> {
    serde_json::from_str(text).map_err(|e| RepoError::Corrupt(format!("{what}: {e}")))
}

/// The SCHAC code of each institution a condition names, as the repository looked them up.
pub type HeiIds = HashMap<String, HeiId>;

impl ConditionRow {
    /// Reads the row back into the domain. `hei_ids` holds the SCHAC code of both sides.
    ///
    /// The terms go through `CooperationCondition::parse` again, checked against an outline
    /// of just this condition (its own years, its two institutions): whether they fit the
    /// agreement was decided when they were written.
    pub fn into_domain(self, hei_ids: &HeiIds) -> Result<AgreementCondition, RepoError> {
        let hei = |id: &str| {
            hei_ids.get(id).cloned().ok_or_else(|| RepoError::Corrupt(format!("institution {id} of a condition")))
        };
        let (sending_hei, receiving_hei) = (hei(&self.sending_institution_id)?, hei(&self.receiving_institution_id)?);
        let areas: Vec<StoredSubjectArea> = from_json(&self.subject_areas, "subject areas")?;
        let languages: Vec<StoredLanguageRequirement> = from_json(&self.language_requirements, "languages")?;
        let input = CooperationConditionInput {
            mobility_type: self.mobility_type.clone(),
            sending_hei_id: sending_hei.to_string(),
            sending_ounit_id: self.sending_unit_id.clone(),
            receiving_hei_id: receiving_hei.to_string(),
            receiving_ounit_id: self.receiving_unit_id.clone(),
            first_academic_year: year_from_db(self.first_academic_year)?.to_string(),
            last_academic_year: year_from_db(self.last_academic_year)?.to_string(),
            mobilities_per_year: u32::try_from(self.mobilities_per_year)
                .map_err(|_| RepoError::Corrupt("negative mobilities_per_year".to_owned()))?,
            total_months_per_year: amount_from_db(self.total_months_per_year, "total_months_per_year")?,
            total_days_per_year: amount_from_db(self.total_days_per_year, "total_days_per_year")?,
            blended: self.blended,
            eqf_levels: from_json(&self.eqf_levels, "EQF levels")?,
            subject_areas: areas
                .into_iter()
                .map(|a| SubjectAreaInput { isced_f_code: a.isced_f_code, clarification: a.clarification })
                .collect(),
            language_requirements: languages
                .into_iter()
                .map(|r| LanguageRequirementInput {
                    language: r.language,
                    cefr_level: r.cefr_level,
                    isced_f_code: r.isced_f_code,
                })
                .collect(),
            other_info: self.other_info.clone(),
        };
        let outline = AgreementOutline {
            programme: Programme::Bilateral,
            status: AgreementStatus::Draft,
            period: years_from_db(self.first_academic_year, self.last_academic_year)?,
            partners: [sending_hei, receiving_hei],
            has_approved_snapshot: false,
        };
        let terms = CooperationCondition::parse(&input, &outline)
            .map_err(|e| RepoError::Corrupt(format!("condition {}: {e}", self.id)))?;
        let unit = |raw: Option<&str>| raw.map(UnitId::parse).transpose().map_err(corrupt("unit id"));
        let institution = |raw: &str| InstitutionId::parse(raw).map_err(corrupt("institution id"));
        Ok(AgreementCondition {
            id: ConditionId::parse(&self.id).map_err(corrupt("condition id"))?,
            agreement_id: AgreementId::parse(&self.agreement_id).map_err(corrupt("agreement id"))?,
            position: u32::try_from(self.position).map_err(|_| RepoError::Corrupt("negative position".to_owned()))?,
            data: ConditionData {
                sending: ConditionSide {
                    institution_id: institution(&self.sending_institution_id)?,
                    unit_id: unit(self.sending_unit_id.as_deref())?,
                },
                receiving: ConditionSide {
                    institution_id: institution(&self.receiving_institution_id)?,
                    unit_id: unit(self.receiving_unit_id.as_deref())?,
                },
                terms,
            },
            version: version(self.version)?,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What SQL's `LIKE` does with a pattern whose only wildcards are a leading and a
    /// trailing `%`.
    fn like(text: &str, pattern: &str) -> bool {
        let inner = pattern.strip_prefix('%').and_then(|p| p.strip_suffix('%')).unwrap();
        text.contains(inner)
    }

    #[test]
    fn the_subject_area_pattern_matches_the_stored_json_and_narrower_codes_only() {
        let stored = serde_json::to_string(&[
            StoredSubjectArea {
                isced_f_code: "0613".into(),
                clarification: Some(r#"also "isced_f_code":"0612""#.into()),
            },
            StoredSubjectArea { isced_f_code: "0111".into(), clarification: None },
        ])
        .unwrap();
        let pattern = |code: &str| subject_area_pattern(&IscedCode::parse(code).unwrap());
        assert!(like(&stored, &pattern("0613")));
        assert!(like(&stored, &pattern("061")), "a broader code finds the narrower one");
        assert!(like(&stored, &pattern("0111")));
        assert!(
            !like(&stored, &pattern("0612")),
            "a code in a clarification (its quotes escaped) is not a subject area"
        );
        assert!(!like(&stored, &pattern("0314")));
    }
}
