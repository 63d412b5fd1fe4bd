//! National grading scales and point bands, as seed data with their sources.
//!
//! They are starting points, not truths: facts marked \[s\] come from secondary sources and
//! an institution's own published scale or table always overrides them. Each preset is built
//! without a runtime check (no `unwrap` outside tests); a test validates every one.

use super::{Direction, EctsLetter, GradeLabel, GradeValue, GradingScale, PointBands};

fn whole(number: i32) -> GradeValue {
    GradeValue::hundredths_unchecked(number * 100)
}

fn labelled(grades: &[(i32, &str, &str)]) -> Vec<(GradeValue, GradeLabel)> {
    grades
        .iter()
        .map(|&(hundredths, native, english)| {
            (GradeValue::hundredths_unchecked(hundredths), GradeLabel::new(native, english))
        })
        .collect()
}

/// North Macedonia: 5–10, pass 6, published ECTS letters 10 A, 9 B, 8 C, 7 D, 6 E, 5 F \[s\].
/// Point cut-offs differ per faculty, so no bands are preset.
pub fn north_macedonia() -> GradingScale {
    use EctsLetter::{A, B, C, D, E, F};
    let grades = [(10, A), (9, B), (8, C), (7, D), (6, E), (5, F)]
        .into_iter()
        .map(|(number, letter)| {
            (whole(number), GradeLabel::new(number.to_string(), number.to_string()).with_letter(letter))
        })
        .collect();
    GradingScale::numeric_unchecked("MK", "North Macedonia 5–10", Direction::HigherIsBetter, whole(6), grades)
}

/// Serbia: 5–10, pass 6 \[c\] (Law on Higher Education; points in [`serbia_points`]).
pub fn serbia() -> GradingScale {
    GradingScale::uniform_unchecked("RS", "Serbia 5–10", Direction::HigherIsBetter, (500, 1000, 100), whole(6))
}

/// Bulgaria: 2–6, pass 3, with the names of the grades \[s\]. Averages with two decimals
/// (5.50–6.00 Отличен …) are accepted by the linear conversion, which takes any value in range.
pub fn bulgaria() -> GradingScale {
    let grades = labelled(&[
        (600, "Отличен", "excellent"),
        (500, "Много добър", "very good"),
        (400, "Добър", "good"),
        (300, "Среден", "satisfactory"),
        (200, "Слаб", "poor (fail)"),
    ]);
    GradingScale::numeric_unchecked("BG", "Bulgaria 2–6", Direction::HigherIsBetter, whole(3), grades)
}

/// Russia: 2–5, pass 3 \[s\]. Pass/fail credits are on [`russia_pass_fail`], 100-point tables
/// in [`russia_points_example`].
pub fn russia() -> GradingScale {
    let grades = labelled(&[
        (500, "отлично", "excellent"),
        (400, "хорошо", "good"),
        (300, "удовлетворительно", "satisfactory"),
        (200, "неудовлетворительно", "unsatisfactory (fail)"),
    ]);
    GradingScale::numeric_unchecked("RU", "Russia 2–5", Direction::HigherIsBetter, whole(3), grades)
}

/// Russia's pass/fail assessment: зачёт / незачёт.
pub fn russia_pass_fail() -> GradingScale {
    GradingScale::pass_fail_unchecked(
        "RU-PF",
        "Russia зачёт/незачёт",
        GradeLabel::new("зачёт", "pass"),
        GradeLabel::new("незачёт", "fail"),
    )
}

/// Poland's pass/fail assessment: zal. (zaliczone) / nzal. (niezaliczone).
pub fn poland_pass_fail() -> GradingScale {
    GradingScale::pass_fail_unchecked(
        "PL-PF",
        "Poland zal./nzal.",
        GradeLabel::new("zal.", "pass"),
        GradeLabel::new("nzal.", "fail"),
    )
}

/// Germany: 1.0 (best) to 5.0, lower is better, pass 4.0, steps of 0.3/0.4 (1.0, 1.3, 1.7 …).
pub fn germany() -> GradingScale {
    let grades = labelled(&[
        (100, "1,0", "very good"),
        (130, "1,3", "very good"),
        (170, "1,7", "good"),
        (200, "2,0", "good"),
        (230, "2,3", "good"),
        (270, "2,7", "satisfactory"),
        (300, "3,0", "satisfactory"),
        (330, "3,3", "satisfactory"),
        (370, "3,7", "sufficient"),
        (400, "4,0", "sufficient"),
        (500, "5,0", "fail"),
    ]);
    GradingScale::numeric_unchecked(
        "DE",
        "Germany 1.0–5.0",
        Direction::LowerIsBetter,
        GradeValue::hundredths_unchecked(400),
        grades,
    )
}

/// Germany with one decimal (1.0, 1.1 … 5.0): how final and converted grades are usually
/// written, as opposed to the 0.3/0.4 steps of single exams.
pub fn germany_one_decimal() -> GradingScale {
    GradingScale::uniform_unchecked(
        "DE-1D",
        "Germany 1.0–5.0, one decimal",
        Direction::LowerIsBetter,
        (100, 500, 10),
        GradeValue::hundredths_unchecked(400),
    )
}

/// Italy: 18–30, pass 18. A failed exam is not recorded, so the scale has no failing grade;
/// "30 e lode" is an honour on 30, not a grade of its own.
pub fn italy() -> GradingScale {
    GradingScale::uniform_unchecked("IT", "Italy 18–30", Direction::HigherIsBetter, (1800, 3000, 100), whole(18))
}

/// Poland: 2.0–5.0, pass 3.0, half steps; there is no 2.5 (2.0 is the only fail).
pub fn poland() -> GradingScale {
    let grades = labelled(&[
        (500, "bardzo dobry", "very good"),
        (450, "dobry plus", "good plus"),
        (400, "dobry", "good"),
        (350, "dostateczny plus", "satisfactory plus"),
        (300, "dostateczny", "satisfactory"),
        (200, "niedostateczny", "unsatisfactory (fail)"),
    ]);
    GradingScale::numeric_unchecked("PL", "Poland 2.0–5.0", Direction::HigherIsBetter, whole(3), grades)
}

/// Spain: 0–10 in steps of 0.1, pass 5.0 (Matrícula de Honor is an honour from 9, not a step).
pub fn spain() -> GradingScale {
    GradingScale::uniform_unchecked("ES", "Spain 0–10", Direction::HigherIsBetter, (0, 1000, 10), whole(5))
}

/// France: 0–20 in steps of 0.1 (which includes the half points some use), pass 10.
pub fn france() -> GradingScale {
    GradingScale::uniform_unchecked("FR", "France 0–20", Direction::HigherIsBetter, (0, 2000, 10), whole(10))
}

/// The ECTS letter scale A–E (pass), FX, F (fail) as an ordinal scale: each grade carries
/// itself as its ECTS letter.
pub fn ects_letters() -> GradingScale {
    let grades = EctsLetter::ALL
        .into_iter()
        .map(|letter| (GradeLabel::new(letter.as_str(), letter.meaning()).with_letter(letter), letter.is_pass()))
        .collect();
    GradingScale::ordinal_unchecked("ECTS", "ECTS letters A–F", grades)
}

/// Serbia's statutory points bands \[c\]: 0–50 → 5, 51–60 → 6, 61–70 → 7, 71–80 → 8,
/// 81–90 → 9, 91–100 → 10.
pub fn serbia_points() -> PointBands {
    // Ranks on `serbia()`: 10 is rank 0 … 5 is rank 5.
    PointBands::unchecked(
        "RS statutory",
        serbia(),
        100,
        &[(91, 0, None), (81, 1, None), (71, 2, None), (61, 3, None), (51, 4, None), (0, 5, None)],
    )
}

/// One Russian university's 100-point table \[s\]: 95–100 → 5/A, 86–94 → 5/B, 69–85 → 4/C,
/// 61–68 → 3/D, 51–60 → 3/E, 31–50 → 2/FX, 0–30 → 2/F. Other universities publish others.
pub fn russia_points_example() -> PointBands {
    use EctsLetter::{A, B, C, D, E, F, Fx};
    // Ranks on `russia()`: 5 is rank 0 … 2 is rank 3.
    PointBands::unchecked(
        "RU 100-point example",
        russia(),
        100,
        &[
            (95, 0, Some(A)),
            (86, 0, Some(B)),
            (69, 1, Some(C)),
            (61, 2, Some(D)),
            (51, 2, Some(E)),
            (31, 3, Some(Fx)),
            (0, 3, Some(F)),
        ],
    )
}

/// Every preset scale.
pub fn all_scales() -> Vec<GradingScale> {
    vec![
        north_macedonia(),
        serbia(),
        bulgaria(),
        russia(),
        russia_pass_fail(),
        poland_pass_fail(),
        germany(),
        germany_one_decimal(),
        italy(),
        poland(),
        spain(),
        france(),
        ects_letters(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_passes_validation() {
        for scale in all_scales() {
            assert_eq!(scale.validate(), Ok(()), "{scale}");
        }
        assert_eq!(serbia_points().validate(), Ok(()));
        assert_eq!(russia_points_example().validate(), Ok(()));
        let mut codes: Vec<String> = all_scales().iter().map(|scale| scale.code().to_owned()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all_scales().len(), "scale codes must be unique");
    }

    #[test]
    fn presets_have_the_published_ranges_and_pass_marks() {
        let mk = north_macedonia();
        assert_eq!(mk.grade("8").unwrap().ects_letter(), Some(EctsLetter::C));
        assert!(mk.grade("6").unwrap().is_passing() && !mk.grade("5").unwrap().is_passing());
        let de = germany();
        assert_eq!(de.levels().first().unwrap().native(), "1,0");
        assert!(de.grade("4.0").unwrap().is_passing() && !de.grade("5.0").unwrap().is_passing());
        assert_eq!(de.grade("1.3").unwrap().native(), "1,3");
        assert_eq!(germany_one_decimal().levels().len(), 41);
        assert_eq!(italy().best_failing_rank(), None);
        assert_eq!(spain().levels().len(), 101);
        assert!(spain().grade("5").unwrap().is_passing() && !spain().grade("4.9").unwrap().is_passing());
        assert!(poland().rank_of("2.5").is_err());
        assert_eq!(bulgaria().grade("Отличен").unwrap().value(), GradeValue::whole(6).ok());
        assert_eq!(ects_letters().passing_count(), 5);
        assert_eq!(ects_letters().grade("fx").unwrap().ects_letter(), Some(EctsLetter::Fx));
    }
}
