//! Linear conversion with the "modified Bavarian formula" (KMK): a grade's position between the
//! source scale's best grade and its lowest pass is carried onto the target scale, then put on
//! the target's steps (the modified Bavarian formula of the KMK; the third method).

use super::conversion::Draft;
use super::fraction::Fraction;
use super::{ConversionMethod, Direction, GradeConversion, GradeError, GradeRounding, GradeValue, GradingScale};

/// The best grade and the lowest pass of a numeric scale: the formula's Nmax/Nmin or b/p.
struct Anchors {
    best: GradeValue,
    pass: GradeValue,
    direction: Direction,
}

fn anchors(scale: &GradingScale) -> Result<Anchors, GradeError> {
    let not_applicable =
        |reason: &str| GradeError::LinearNotApplicable { scale: scale.code().to_owned(), reason: reason.to_owned() };
    let direction = scale.direction().ok_or_else(|| not_applicable("its grades have no numbers"))?;
    let value = |rank: usize| scale.level(rank).and_then(|level| level.value());
    let (Some(best), Some(pass)) = (value(0), value(scale.lowest_passing_rank())) else {
        return Err(not_applicable("its grades have no numbers"));
    };
    if best == pass {
        return Err(not_applicable("it has a single passing grade, so Nmax − Nmin would be zero"));
    }
    Ok(Anchors { best, pass, direction })
}

/// The source grade as a number: a grade of the scale, or else a number within the scale's
/// range such as the Bulgarian average 5.50 (the formula is applied to averages too). The
/// flag says whether it is a grade of the scale.
pub(super) fn source_value(scale: &GradingScale, grade: &str) -> Result<(GradeValue, bool), GradeError> {
    match scale.rank_of(grade) {
        Ok(rank) => scale.level(rank).and_then(|level| level.value()).map(|value| (value, true)).ok_or_else(|| {
            GradeError::LinearNotApplicable {
                scale: scale.code().to_owned(),
                reason: "its grades have no numbers".to_owned(),
            }
        }),
        Err(not_on_scale) => {
            let value = GradeValue::parse(grade).map_err(|_| not_on_scale.clone())?;
            match scale.value_range() {
                Some((min, max)) if min <= value && value <= max => Ok((value, false)),
                _ => Err(not_on_scale),
            }
        }
    }
}

/// Converts `grade` from `source` to `target` with `x = b + (p − b) · (Nmax − Nd) / (Nmax − Nmin)`
/// (KMK), where Nmax is the source's best grade, Nmin its lowest pass, Nd the grade (or an
/// average within the scale's range), b the target's best grade and p its pass mark.
///
/// `x` is computed exactly and then put on a target grade by `rounding`, choosing only among
/// the target's passing grades for a passing Nd and only among its failing grades for a failing
/// one, so a pass stays a pass and a fail a fail (for a fail the formula runs on below the pass
/// mark and the nearest failing grade is taken). Works for either direction on either side.
pub fn convert_linearly(
    source: &GradingScale,
    grade: &str,
    target: &GradingScale,
    rounding: GradeRounding,
) -> Result<GradeConversion, GradeError> {
    let from = anchors(source)?;
    let to = anchors(target)?;
    let (nd, on_scale) = source_value(source, grade)?;
    let passed = from.direction.compare(nd, from.pass) != std::cmp::Ordering::Less;
    let [n_max, n_min, n_d, b, p] =
        [from.best, from.pass, nd, to.best, to.pass].map(|value| i128::from(value.hundredths()));
    let x = Fraction::new(b * (n_max - n_min) + (p - b) * (n_max - n_d), n_max - n_min).ok_or_else(|| {
        GradeError::LinearNotApplicable { scale: source.code().to_owned(), reason: "Nmax − Nmin is zero".to_owned() }
    })?;
    let x_text = x.hundredths_text(4);
    let average = if on_scale { "" } else { ", an average rather than a grade of the scale" };
    let mut draft = Draft {
        source,
        grade,
        source_passed: passed,
        target,
        explanation: vec![
            "Method: linear conversion with the modified Bavarian formula (KMK): x = b + (p − b) · (Nmax − Nd) / (Nmax − Nmin).".to_owned(),
            format!(
                "Source {}: Nmax = {} (best grade), Nmin = {} (lowest pass), Nd = {nd}{average}.",
                source.code(),
                from.best,
                from.pass
            ),
            format!("Target {}: b = {} (best grade), p = {} (pass mark).", target.code(), to.best, to.pass),
            format!(
                "x = {} + ({} − {}) · ({} − {nd}) / ({} − {}) = {x_text}.",
                to.best, to.pass, to.best, from.best, from.best, from.pass
            ),
        ],
    };

    let candidates: Vec<(usize, GradeValue)> = target
        .levels()
        .iter()
        .enumerate()
        .filter(|(_, level)| level.is_passing() == passed)
        .filter_map(|(rank, level)| level.value().map(|value| (rank, value)))
        .collect();
    if candidates.is_empty() {
        return Err(GradeError::NoFailingGrades { scale: target.code().to_owned() });
    }
    draft.explanation.push(if passed {
        format!("Nd = {nd} is a pass, so only passing grades of {} are candidates.", target.code())
    } else {
        format!(
            "Nd = {nd} is a fail, so only failing grades of {} are candidates (a fail always maps to a fail).",
            target.code()
        )
    });

    // Compare by "goodness" so one rule serves both directions: it grows as grades get better.
    let goodness = |value: GradeValue| Fraction::whole(to.direction.goodness(i128::from(value.hundredths())));
    let x_goodness = match to.direction {
        Direction::HigherIsBetter => x,
        Direction::LowerIsBetter => x.negated(),
    };
    let distance = |value: GradeValue| Fraction::whole(i128::from(value.hundredths())).minus(x).abs();
    let chosen = match rounding {
        // Candidates run best first and only a strictly nearer one replaces the current
        // choice, so a tie keeps the better grade.
        GradeRounding::Nearest => candidates
            .iter()
            .copied()
            .reduce(|best, next| if distance(next.1) < distance(best.1) { next } else { best }),
        GradeRounding::TowardBetter => candidates
            .iter()
            .copied()
            .rfind(|&(_, value)| goodness(value) >= x_goodness)
            .or(candidates.first().copied()),
        GradeRounding::TowardWorse => {
            candidates.iter().copied().find(|&(_, value)| goodness(value) <= x_goodness).or(candidates.last().copied())
        }
    };
    let Some((rank, value)) = chosen else {
        return Err(GradeError::NoFailingGrades { scale: target.code().to_owned() });
    };
    let label = target.level(rank).map(ToString::to_string).unwrap_or_default();
    let tie = candidates
        .iter()
        .find(|&&(other, other_value)| other != rank && distance(other_value) == distance(value))
        .filter(|_| rounding == GradeRounding::Nearest);
    let tie_note = match tie {
        Some(&(_, other)) => format!(" ({x_text} lies midway between {value} and {other}; the better grade is taken)"),
        None => String::new(),
    };
    draft.explanation.push(format!("Rounded {}: {x_text} → {label}{tie_note}.", rounding.describe()));
    let ranks: Vec<usize> = candidates.iter().map(|&(candidate, _)| candidate).collect();
    let method = ConversionMethod::Linear { unrounded: x.to_f64() / 100.0, rounding };
    draft.finish(method, rank, &ranks)
}

#[cfg(test)]
mod tests {
    use super::super::presets;
    use super::*;

    fn linear(source: &GradingScale, grade: &str, target: &GradingScale) -> GradeConversion {
        convert_linearly(source, grade, target, GradeRounding::Nearest).unwrap()
    }

    fn unrounded(conversion: &GradeConversion) -> f64 {
        match conversion.method {
            ConversionMethod::Linear { unrounded, .. } => unrounded,
            _ => f64::NAN,
        }
    }

    /// German examples, x = 1 + 3 · (Nmax − Nd) / (Nmax − Nmin):
    /// MK 8:    1 + 3 · (10 − 8) / (10 − 6)       = 2.5
    /// BG 5.50: 1 + 3 · (6 − 5.5) / (6 − 3)       = 1.5   (an average, not a grade of the scale)
    /// RU 4:    1 + 3 · (5 − 4) / (5 − 3)         = 2.5
    /// IT 27:   1 + 3 · (30 − 27) / (30 − 18)     = 1.75
    /// Rounding to the German exam steps 1.0 1.3 1.7 2.0 2.3 2.7 3.0 3.3 3.7 4.0 (5.0 fails):
    /// 2.5 is exactly midway between 2.3 and 2.7 and 1.5 midway between 1.3 and 1.7, so the
    /// better grade wins (2.3, 1.3); 1.75 is nearest to 1.7 (0.05 against 0.25).
    /// On the one-decimal scale 2.5 and 1.5 are steps themselves and 1.75, midway between 1.7
    /// and 1.8, goes to the better 1.7.
    #[test]
    fn german_examples_of_the_modified_bavarian_formula() {
        let (de, de_1d) = (presets::germany(), presets::germany_one_decimal());
        let cases = [
            (presets::north_macedonia(), "8", 2.5, "2,3", "2.5"),
            (presets::bulgaria(), "5.50", 1.5, "1,3", "1.5"),
            (presets::russia(), "4", 2.5, "2,3", "2.5"),
            (presets::italy(), "27", 1.75, "1,7", "1.7"),
        ];
        for (source, grade, formula, exam_step, one_decimal) in cases {
            let on_exam_steps = linear(&source, grade, &de);
            assert!((unrounded(&on_exam_steps) - formula).abs() < 1e-9, "{} {grade}", source.code());
            assert_eq!(on_exam_steps.result.native(), exam_step, "{} {grade} on DE", source.code());
            let on_one_decimal = linear(&source, grade, &de_1d);
            assert_eq!(on_one_decimal.result.native(), one_decimal, "{} {grade} on DE-1D", source.code());
            assert!(on_exam_steps.result_passed() && on_one_decimal.result_passed());
        }
    }

    #[test]
    fn the_explanation_shows_the_formula_and_the_tie() {
        let conversion = linear(&presets::north_macedonia(), "8", &presets::germany());
        let steps = conversion.explanation.join("\n");
        assert!(steps.contains("x = 1 + (4 − 1) · (10 − 8) / (10 − 6) = 2.5."), "{steps}");
        assert!(steps.contains("midway between 2.3 and 2.7"), "{steps}");
        let average = linear(&presets::bulgaria(), "5,50", &presets::germany());
        assert!(average.explanation.join("\n").contains("an average"), "{:#?}", average.explanation);
    }

    #[test]
    fn runs_in_either_direction() {
        let (de, mk) = (presets::germany(), presets::north_macedonia());
        assert_eq!(linear(&de, "1.0", &mk).result.native(), "10");
        assert_eq!(linear(&de, "4.0", &mk).result.native(), "6");
        // 10 + (6 − 10) · (1 − 2.5) / (1 − 4) = 8
        assert_eq!(linear(&de, "2.5", &mk).result.native(), "8");
        assert_eq!(linear(&mk, "10", &de).result.native(), "1,0");
        assert_eq!(linear(&mk, "6", &de).result.native(), "4,0");
    }

    #[test]
    fn other_rounding_rules() {
        let (mk, de, it) = (presets::north_macedonia(), presets::germany(), presets::italy());
        let round = |source: &GradingScale, grade, rule| convert_linearly(source, grade, &de, rule).unwrap().result;
        assert_eq!(round(&mk, "8", GradeRounding::TowardBetter).native(), "2,3");
        assert_eq!(round(&mk, "8", GradeRounding::TowardWorse).native(), "2,7");
        assert_eq!(round(&it, "27", GradeRounding::TowardBetter).native(), "1,7");
        assert_eq!(round(&it, "27", GradeRounding::TowardWorse).native(), "2,0");
    }

    #[test]
    fn fails_stay_fails() {
        let conversion = linear(&presets::north_macedonia(), "5", &presets::germany());
        assert_eq!(conversion.result.native(), "5,0");
        assert!(!conversion.source_passed && !conversion.result_passed());
        // 10 + (5 − 10) · (5 − 2) / (5 − 3) = 2.5 on the Spanish failing grades 0–4.9.
        assert_eq!(linear(&presets::russia(), "2", &presets::spain()).result.native(), "2.5");
        // A Bulgarian average of 2.99 is below the pass mark 3, so it fails.
        assert!(!linear(&presets::bulgaria(), "2.99", &presets::north_macedonia()).result_passed());
        let error = convert_linearly(&presets::russia(), "2", &presets::italy(), GradeRounding::Nearest).unwrap_err();
        assert_eq!(error.code(), "no_failing_grades");
    }

    #[test]
    fn refuses_scales_without_numbers_and_values_off_the_range() {
        let (ru_pf, de, bg) = (presets::russia_pass_fail(), presets::germany(), presets::bulgaria());
        let error = convert_linearly(&ru_pf, "зачёт", &de, GradeRounding::Nearest).unwrap_err();
        assert_eq!(error.code(), "linear_not_applicable");
        let error = convert_linearly(&bg, "6.5", &de, GradeRounding::Nearest).unwrap_err();
        assert_eq!(error.code(), "grade_not_on_scale");
        let error = convert_linearly(&bg, "excellent!", &de, GradeRounding::Nearest).unwrap_err();
        assert_eq!(error.code(), "grade_not_on_scale");
    }
}
