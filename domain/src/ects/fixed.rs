//! Fixed conversion tables an institution publishes (e.g. MK 10 → A; BG 6 → A, 5 → B …),
//! the second conversion method, after grading tables.

use super::conversion::Draft;
use super::{ConversionMethod, GradeConversion, GradeError, GradingScale};

/// A published table from one scale to another.
///
/// Valid by construction: every grade is on its scale, a source grade is listed once, a pass
/// maps to a pass and a fail to a fail, and a better source grade never maps to a worse target
/// grade. It may list only some grades; an unlisted fail maps like the nearest listed fail
/// above it (or to the best failing grade), an unlisted pass has no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedTable {
    name: String,
    source: GradingScale,
    target: GradingScale,
    /// Per source rank, the target rank.
    map: Vec<Option<usize>>,
}

impl FixedTable {
    /// A table from `(source grade, target grade)` pairs.
    pub fn new<S: AsRef<str>, T: AsRef<str>>(
        name: impl Into<String>,
        source: GradingScale,
        target: GradingScale,
        entries: impl IntoIterator<Item = (S, T)>,
    ) -> Result<Self, GradeError> {
        let name = name.into();
        let invalid = |reason: String| GradeError::InvalidMapping { table: name.clone(), reason };
        if name.trim().is_empty() {
            return Err(invalid("the table needs a name".to_owned()));
        }
        let mut map: Vec<Option<usize>> = vec![None; source.levels().len()];
        for (from, to) in entries {
            let (from, to) = (from.as_ref(), to.as_ref());
            let from_rank = source.rank_of(from)?;
            let to_rank = target.rank_of(to)?;
            let from_passes = source.level(from_rank).is_some_and(|level| level.is_passing());
            let to_passes = target.level(to_rank).is_some_and(|level| level.is_passing());
            if from_passes != to_passes {
                return Err(invalid(format!("{from} → {to} turns a pass into a fail or a fail into a pass")));
            }
            let slot = map.get_mut(from_rank).ok_or_else(|| source.not_on_scale(from))?;
            if slot.is_some() {
                return Err(invalid(format!("the grade {from} is listed twice")));
            }
            *slot = Some(to_rank);
        }
        let listed: Vec<usize> = map.iter().flatten().copied().collect();
        if listed.is_empty() {
            return Err(invalid("the table lists no grade".to_owned()));
        }
        if listed.windows(2).any(|pair| pair[0] > pair[1]) {
            return Err(invalid("a better grade maps to a worse grade".to_owned()));
        }
        Ok(Self { name, source, target, map })
    }

    /// The table's name, e.g. `FINKI 2024 BG→MK`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The scale converted from.
    pub fn source(&self) -> &GradingScale {
        &self.source
    }

    /// The scale converted to.
    pub fn target(&self) -> &GradingScale {
        &self.target
    }

    /// Converts a grade of the source scale.
    pub fn convert(&self, grade: &str) -> Result<GradeConversion, GradeError> {
        let rank = self.source.rank_of(grade)?;
        let level = self.source.level(rank).ok_or_else(|| self.source.not_on_scale(grade))?;
        let method = ConversionMethod::FixedTable { table: self.name.clone() };
        let mut draft = Draft {
            source: &self.source,
            grade,
            source_passed: level.is_passing(),
            target: &self.target,
            explanation: vec![format!(
                "Method: the fixed table {} from {} to {}.",
                self.name,
                self.source.code(),
                self.target.code()
            )],
        };
        let listed = self.map.get(rank).copied().flatten();
        let result = match listed {
            Some(result) => result,
            None if level.is_passing() => {
                return Err(GradeError::UnmappedGrade {
                    table: format!("the fixed table {}", self.name),
                    grade: level.to_string(),
                });
            }
            // An unlisted fail follows the nearest listed fail above it, so the mapping stays
            // monotonic; with none, the best failing grade.
            None => match self.map.get(..rank).and_then(|above| above.iter().rev().flatten().next().copied()) {
                Some(above) if self.target.level(above).is_some_and(|target| !target.is_passing()) => above,
                _ => draft.fail_to_fail()?,
            },
        };
        let target = self.target.level(result).map(ToString::to_string).unwrap_or_default();
        draft.explanation.push(format!("The table gives {level} → {target}."));
        draft.finish(method, result, &[result])
    }
}

#[cfg(test)]
mod tests {
    use super::super::presets;
    use super::*;

    fn bg_to_ects() -> FixedTable {
        let entries = [("6", "A"), ("5", "B"), ("4", "C"), ("3", "E"), ("2", "F")];
        FixedTable::new("BG→ECTS example", presets::bulgaria(), presets::ects_letters(), entries).unwrap()
    }

    #[test]
    fn converts_listed_grades() {
        let table = bg_to_ects();
        assert_eq!(table.convert("6").unwrap().result.native(), "A");
        assert_eq!(table.convert("Много добър").unwrap().result.native(), "B");
        let fail = table.convert("2").unwrap();
        assert_eq!(fail.result.native(), "F");
        assert!(!fail.result_passed());
    }

    #[test]
    fn unlisted_passes_have_no_result_and_unlisted_fails_stay_fails() {
        let table =
            FixedTable::new("partial", presets::north_macedonia(), presets::ects_letters(), [("10", "A"), ("9", "B")])
                .unwrap();
        assert_eq!(table.convert("8").unwrap_err().code(), "unmapped_grade");
        assert_eq!(table.convert("5").unwrap().result.native(), "FX");
        let letters = presets::ects_letters;
        let failing = FixedTable::new("fails", letters(), letters(), [("A", "A"), ("FX", "F")]).unwrap();
        assert_eq!(failing.convert("F").unwrap().result.native(), "F", "follows the listed FX above it");
        assert_eq!(failing.convert("FX").unwrap().result.native(), "F");
    }

    #[test]
    fn refuses_tables_that_cross_pass_and_fail_or_invert_order() {
        let mk = presets::north_macedonia;
        let ects = presets::ects_letters;
        assert_eq!(FixedTable::new("x", mk(), ects(), [("5", "E")]).unwrap_err().code(), "invalid_mapping");
        assert_eq!(
            FixedTable::new("x", mk(), ects(), [("10", "B"), ("9", "A")]).unwrap_err().code(),
            "invalid_mapping"
        );
        assert_eq!(
            FixedTable::new("x", mk(), ects(), [("10", "A"), ("10", "B")]).unwrap_err().code(),
            "invalid_mapping"
        );
        let none: [(&str, &str); 0] = [];
        assert_eq!(FixedTable::new("x", mk(), ects(), none).unwrap_err().code(), "invalid_mapping");
        assert_eq!(FixedTable::new("x", mk(), ects(), [("11", "A")]).unwrap_err().code(), "grade_not_on_scale");
    }
}
