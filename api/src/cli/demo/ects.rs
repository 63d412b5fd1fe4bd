//! The demo's ECTS data: grading tables of informatics (ISCED-F 0613, bachelor) at UKIM's
//! FINKI and Sofia's FMI, so a BG → MK grade converts by grading tables (ECTS Users' Guide
//! 2015: cumulative percentages of a reference group). Fixed tables and point bands need nothing here: every migrated
//! database is seeded with them from `persistence/data/grade-mappings.json`.

use chrono::Utc;
use iro_domain::{AcademicYear, EqfLevel, IscedCode};
use iro_persistence::models::grading_table::{GradeCount, GradingTableData};
use iro_persistence::repositories::{grading_scales, grading_tables};
use iro_persistence::{DbConnection, RepoError};

use super::agreements::Party;
use super::invalid;

/// One demo grading table.
struct DemoTable {
    /// The institution's SCHAC code.
    hei_id: &'static str,
    /// The unit's code; empty for the institution's only unit.
    unit: &'static str,
    /// The scale's code.
    scale: &'static str,
    /// Passing grades awarded, per grade.
    counts: &'static [(&'static str, u32)],
}

/// The counts (BG 6 15 %, 5 35 %, 4 30 %, 3 20 %; MK 10 10 %, 9 15 %, 8 25 %, 7 25 %, 6 25 %)
/// are an invented example scaled to a cohort, illustrative rather than either university's
/// statistics.
const TABLES: &[DemoTable] = &[
    DemoTable {
        hei_id: "ukim.edu.mk",
        unit: "FINKI",
        scale: "MK",
        counts: &[("10", 40), ("9", 60), ("8", 100), ("7", 100), ("6", 100)],
    },
    DemoTable { hei_id: "uni-sofia.bg", unit: "", scale: "BG", counts: &[("6", 45), ("5", 105), ("4", 90), ("3", 60)] },
];

/// Adds the grading tables; returns how many.
pub fn load(conn: &mut DbConnection, local: &Party, partners: &[Party]) -> Result<usize, RepoError> {
    let isced = IscedCode::parse_detailed("0613").map_err(invalid)?;
    let eqf = EqfLevel::new(6).map_err(invalid)?;
    let years =
        vec![AcademicYear::parse("2023/2024").map_err(invalid)?, AcademicYear::parse("2024/2025").map_err(invalid)?];
    let mut added = 0;
    for DemoTable { hei_id, unit, scale, counts } in TABLES {
        let Some(party) = std::iter::once(local).chain(partners).find(|p| p.hei_id.to_string() == *hei_id) else {
            continue;
        };
        let data = GradingTableData {
            institution_id: party.id,
            unit_id: party.units.iter().find(|(code, _)| unit.is_empty() || code == unit).map(|(_, id)| *id),
            isced: isced.clone(),
            eqf,
            years: years.clone(),
            scale_code: (*scale).to_owned(),
            counts: counts
                .iter()
                .map(|(grade, count)| GradeCount { grade: (*grade).to_owned(), count: *count })
                .collect(),
        };
        // The same check the API makes, so the demo never stores a table the API would refuse.
        let domain_scale = grading_scales::find(conn, scale)?.scale;
        data.to_domain(&domain_scale).map_err(super::invalid_demo)?;
        grading_tables::insert(conn, &data, Utc::now())?;
        added += 1;
    }
    Ok(added)
}
