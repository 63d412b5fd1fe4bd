//! Conversion through ECTS letters: the source grade's published letter picks the target
//! grade(s) published with the same letter (the ECTS letters used before the 2009 ECTS Users' Guide).

use super::conversion::{Draft, pick_by_order};
use super::{ConversionMethod, GradeConversion, GradeError, GradingScale, OverlapPolicy};

/// Converts `grade` from `source` to `target` through the ECTS letter each publishes.
///
/// When several target grades carry the letter, `pick` decides as for overlapping grades:
/// `Max` the best, `Min` the worst, otherwise the middle one. A failing source grade without a
/// letter, or whose letter the target lacks, maps to the target's best failing grade; a passing
/// grade without a letter, or whose letter the target lacks, has no result.
pub fn convert_by_ects_letter(
    source: &GradingScale,
    grade: &str,
    target: &GradingScale,
    pick: OverlapPolicy,
) -> Result<GradeConversion, GradeError> {
    let rank = source.rank_of(grade)?;
    let level = source.level(rank).ok_or_else(|| source.not_on_scale(grade))?;
    let letter = level.ects_letter();
    let method = ConversionMethod::EctsLetter { letter, pick };
    let mut draft = Draft {
        source,
        grade,
        source_passed: level.is_passing(),
        target,
        explanation: vec![format!("Method: ECTS letters from {} to {}.", source.code(), target.code())],
    };
    let unmapped = |why: &str| GradeError::UnmappedGrade {
        table: format!("the ECTS letters of {} and {}", source.code(), target.code()),
        grade: format!("{level} ({why})"),
    };
    let Some(letter) = letter else {
        if level.is_passing() {
            return Err(unmapped("it has no ECTS letter"));
        }
        let result = draft.fail_to_fail()?;
        return draft.finish(method, result, &[result]);
    };
    draft.explanation.push(format!("{level} carries the ECTS letter {letter} ({}).", letter.meaning()));
    let matches: Vec<usize> = target
        .levels()
        .iter()
        .enumerate()
        .filter(|(_, candidate)| candidate.ects_letter() == Some(letter))
        .map(|(target_rank, _)| target_rank)
        .collect();
    let Some(result) = pick_by_order(&matches, pick) else {
        if letter.is_pass() {
            return Err(unmapped(&format!("{} publishes no grade with the letter {letter}", target.code())));
        }
        let result = draft.fail_to_fail()?;
        return draft.finish(method, result, &[result]);
    };
    let names: Vec<String> = matches.iter().filter_map(|&r| target.level(r)).map(ToString::to_string).collect();
    let chosen = target.level(result).map(ToString::to_string).unwrap_or_default();
    draft.explanation.push(format!(
        "{} grades with the letter {letter}: {}; policy {pick} → {chosen}.",
        target.code(),
        names.join(", ")
    ));
    draft.finish(method, result, &matches)
}

#[cfg(test)]
mod tests {
    use super::super::{GradeLabel, GradeValue, presets};
    use super::*;

    #[test]
    fn macedonian_grades_go_to_their_letters_and_back() {
        let (mk, ects) = (presets::north_macedonia(), presets::ects_letters());
        for (grade, letter) in [("10", "A"), ("9", "B"), ("8", "C"), ("7", "D"), ("6", "E"), ("5", "F")] {
            let there = convert_by_ects_letter(&mk, grade, &ects, OverlapPolicy::Max).unwrap();
            assert_eq!(there.result.native(), letter);
            let back = convert_by_ects_letter(&ects, letter, &mk, OverlapPolicy::Max).unwrap();
            assert_eq!(back.result.native(), grade);
        }
        // FX is a fail that North Macedonia does not publish: it maps to the best failing grade.
        assert_eq!(convert_by_ects_letter(&ects, "FX", &mk, OverlapPolicy::Max).unwrap().result.native(), "5");
    }

    #[test]
    fn a_letter_shared_by_several_grades_is_picked_by_policy() {
        let v = |n: u16| GradeValue::whole(n).unwrap();
        let target = presets::serbia()
            .with_labels([
                (v(10), GradeLabel::new("10", "10").with_letter(super::super::EctsLetter::A)),
                (v(9), GradeLabel::new("9", "9").with_letter(super::super::EctsLetter::A)),
                (v(8), GradeLabel::new("8", "8").with_letter(super::super::EctsLetter::A)),
            ])
            .unwrap();
        let ects = presets::ects_letters();
        let pick = |policy| convert_by_ects_letter(&ects, "A", &target, policy).unwrap().result.native().to_owned();
        assert_eq!(
            (pick(OverlapPolicy::Max), pick(OverlapPolicy::Min), pick(OverlapPolicy::Midpoint)),
            ("10".into(), "8".into(), "9".into())
        );
    }

    #[test]
    fn passes_without_a_common_letter_have_no_result() {
        let (de, ects) = (presets::germany(), presets::ects_letters());
        assert_eq!(convert_by_ects_letter(&de, "1.0", &ects, OverlapPolicy::Max).unwrap_err().code(), "unmapped_grade");
        assert_eq!(convert_by_ects_letter(&ects, "A", &de, OverlapPolicy::Max).unwrap_err().code(), "unmapped_grade");
        assert_eq!(convert_by_ects_letter(&de, "5.0", &ects, OverlapPolicy::Max).unwrap().result.native(), "FX");
    }
}
