//! The seed file `persistence/data/grade-mappings.json`: published fixed tables and point
//! bands, added after migrations like the grading scales.

use serde::Deserialize;

use super::fixed_table::FixedTableData;
use super::point_bands::PointBandsData;
use crate::RepoError;

/// The committed seed file.
pub const SEED_JSON: &str = include_str!("../../data/grade-mappings.json");

/// The seed file's content.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeMappingsSeed {
    /// Fixed conversion tables.
    pub fixed_tables: Vec<FixedTableData>,
    /// Points-to-grade bands.
    pub point_bands: Vec<PointBandsData>,
}

/// Reads the seed file (its tables are checked against their scales when seeded).
pub fn seed_grade_mappings() -> Result<GradeMappingsSeed, RepoError> {
    serde_json::from_str(SEED_JSON).map_err(|e| RepoError::Setup(format!("grade-mappings.json: {e}")))
}

#[cfg(test)]
mod tests {
    use iro_domain::ects::{EctsLetter, GradeValue, presets};

    use super::*;

    fn bands(code: &str) -> PointBandsData {
        seed_grade_mappings().unwrap().point_bands.into_iter().find(|b| b.code == code).unwrap()
    }

    #[test]
    fn seeded_point_bands_give_the_same_grades_as_the_presets() {
        let cases = [
            (bands("RS-STATUTORY").to_domain(&presets::serbia()).unwrap(), presets::serbia_points()),
            (bands("RU-100-EXAMPLE").to_domain(&presets::russia()).unwrap(), presets::russia_points_example()),
        ];
        for (seeded, preset) in cases {
            assert_eq!(seeded.max_points(), preset.max_points());
            for hundredths in (0..=10_000).step_by(25) {
                let points = GradeValue::from_hundredths(hundredths).unwrap();
                let (a, b) = (seeded.grade_for(points).unwrap(), preset.grade_for(points).unwrap());
                assert_eq!((a.grade, a.ects_letter), (b.grade, b.ects_letter), "{points} points");
            }
        }
    }

    #[test]
    fn seeded_fixed_tables_are_valid_and_cite_their_source() {
        let seed = seed_grade_mappings().unwrap();
        let scale = |code: &str| presets::all_scales().into_iter().find(|s| s.code() == code).unwrap();
        for table in &seed.fixed_tables {
            let domain = table.to_domain(&scale(&table.source_scale), &scale(&table.target_scale)).unwrap();
            assert!(
                !table.source.trim().is_empty()
                    && ["confirmed", "secondary", "unconfirmed"].contains(&table.status.as_str())
            );
            assert_eq!(domain.name(), table.code);
        }
        // MK 10 → A: the published letters 10 A … 5 F.
        let mk = seed.fixed_tables.iter().find(|t| t.code == "MK-ECTS-LETTERS").unwrap();
        let mk = mk.to_domain(&presets::north_macedonia(), &presets::ects_letters()).unwrap();
        for level in presets::north_macedonia().levels() {
            let letter = mk.convert(level.native()).unwrap().result.native().to_owned();
            assert_eq!(EctsLetter::parse(&letter).ok(), level.ects_letter(), "MK {}", level.native());
        }
        let bg = seed.fixed_tables.iter().find(|t| t.code == "BG-ECTS-TOP").unwrap();
        let bg = bg.to_domain(&presets::bulgaria(), &presets::ects_letters()).unwrap();
        assert_eq!(bg.convert("6").unwrap().result.native(), "A");
        assert_eq!(bg.convert("5").unwrap().result.native(), "B");
        assert_eq!(bg.convert("4").unwrap_err().code(), "unmapped_grade", "not transcribed");
    }
}
