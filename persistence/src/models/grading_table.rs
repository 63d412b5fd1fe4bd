//! `grading_tables` rows: an institution's counts of passing grades for one reference group
//! (ECTS Users' Guide 2015), and their mapping to `iro_domain::ects::GradingTable`.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_domain::ects::{GradeError, GradingScale, GradingTable, ReferenceGroup};
use iro_domain::{AcademicYear, EqfLevel, GradingTableId, InstitutionId, IscedCode, UnitId};
use serde::{Deserialize, Serialize};

use super::{corrupt, utc, version};
use crate::RepoError;
use crate::schema::grading_tables;

/// A row of `grading_tables`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = grading_tables)]
pub struct GradingTableRow {
    /// Id.
    pub id: String,
    /// Institution.
    pub institution_id: String,
    /// Unit, when the table is a faculty's.
    pub unit_id: Option<String>,
    /// ISCED-F code.
    pub isced_code: String,
    /// EQF level.
    pub eqf_level: i32,
    /// JSON array of academic years (`"2023/2024"`).
    pub academic_years: String,
    /// Scale code.
    pub scale_code: String,
    /// JSON array of [`GradeCount`].
    pub counts: String,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// How often one grade was awarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeCount {
    /// The grade as written on the scale.
    pub grade: String,
    /// How many times.
    pub count: u32,
}

/// What a client sets on a grading table.
#[derive(Debug, Clone)]
pub struct GradingTableData {
    /// Institution.
    pub institution_id: InstitutionId,
    /// Unit.
    pub unit_id: Option<UnitId>,
    /// ISCED-F field.
    pub isced: IscedCode,
    /// Cycle.
    pub eqf: EqfLevel,
    /// Academic years.
    pub years: Vec<AcademicYear>,
    /// Scale code.
    pub scale_code: String,
    /// Counts per grade.
    pub counts: Vec<GradeCount>,
}

impl GradingTableData {
    /// The domain table on `scale`; refuses an empty reference group, grades off the scale,
    /// counted fails and a table without passing grades.
    pub fn to_domain(&self, scale: &GradingScale) -> Result<GradingTable, GradeError> {
        let group =
            ReferenceGroup::new(self.institution_id.to_string(), self.isced.clone(), self.eqf, self.years.clone())?;
        GradingTable::new(group, scale.clone(), self.counts.iter().map(|c| (c.grade.as_str(), c.count)))
    }
}

/// A stored grading table.
#[derive(Debug, Clone)]
pub struct GradingTableRecord {
    /// Id.
    pub id: GradingTableId,
    /// Data.
    pub data: GradingTableData,
    /// Version.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Updated.
    pub updated_at: DateTime<Utc>,
}

/// Serialises academic years.
pub(crate) fn years_to_json(years: &[AcademicYear]) -> String {
    let texts: Vec<String> = years.iter().map(ToString::to_string).collect();
    serde_json::to_string(&texts).unwrap_or_else(|_| "[]".to_owned())
}

/// Serialises counts.
pub(crate) fn counts_to_json(counts: &[GradeCount]) -> String {
    serde_json::to_string(counts).unwrap_or_else(|_| "[]".to_owned())
}

impl TryFrom<GradingTableRow> for GradingTableRecord {
    type Error = RepoError;

    fn try_from(row: GradingTableRow) -> Result<Self, RepoError> {
        let years: Vec<String> =
            serde_json::from_str(&row.academic_years).map_err(|e| RepoError::Corrupt(format!("years: {e}")))?;
        let counts: Vec<GradeCount> =
            serde_json::from_str(&row.counts).map_err(|e| RepoError::Corrupt(format!("counts: {e}")))?;
        Ok(GradingTableRecord {
            id: GradingTableId::parse(&row.id).map_err(corrupt("table id"))?,
            data: GradingTableData {
                institution_id: InstitutionId::parse(&row.institution_id).map_err(corrupt("institution id"))?,
                unit_id: row.unit_id.as_deref().map(UnitId::parse).transpose().map_err(corrupt("unit id"))?,
                isced: IscedCode::parse(&row.isced_code).map_err(corrupt("isced"))?,
                eqf: u8::try_from(row.eqf_level)
                    .map_err(|_| RepoError::Corrupt("eqf".to_owned()))
                    .and_then(|level| EqfLevel::new(level).map_err(corrupt("eqf")))?,
                years: years
                    .iter()
                    .map(|y| AcademicYear::parse(y))
                    .collect::<Result<_, _>>()
                    .map_err(corrupt("academic year"))?,
                scale_code: row.scale_code,
                counts,
            },
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}
