//! Property tests of the conversions (conventions §6): monotonic, a pass stays a pass and a
//! fail a fail, results on the target scale's grades, identity through identical grading
//! tables, and credits never negative.

use proptest::prelude::*;

use super::grading_table::tests::group;
use super::*;

/// A numeric scale with 2–12 distinct values (so irregular steps like Germany's), either
/// direction, and at least two passing grades (the linear formula needs Nmax ≠ Nmin).
fn numeric_scale(code: &'static str) -> impl Strategy<Value = GradingScale> {
    (prop::collection::btree_set(0_i32..=3000, 2..12), any::<bool>(), any::<prop::sample::Index>()).prop_map(
        move |(values, higher_is_better, pass)| {
            let direction = if higher_is_better { Direction::HigherIsBetter } else { Direction::LowerIsBetter };
            let mut best_first: Vec<i32> = values.into_iter().collect();
            if higher_is_better {
                best_first.reverse();
            }
            // Passing grades are ranks 0..passing, with 2 ≤ passing ≤ all.
            let passing = 2 + pass.index(best_first.len() - 1);
            let pass_mark = GradeValue::from_hundredths(best_first[passing - 1]).unwrap();
            let grades = best_first
                .iter()
                .map(|&h| {
                    let value = GradeValue::from_hundredths(h).unwrap();
                    (value, GradeLabel::new(value.to_string(), value.to_string()))
                })
                .collect();
            GradingScale::numeric(code, "generated", direction, pass_mark, grades).unwrap()
        },
    )
}

fn rank_in(scale: &GradingScale, level: &GradeLevel) -> usize {
    scale.levels().iter().position(|candidate| candidate == level).expect("the result is a grade of the target scale")
}

fn rounding() -> impl Strategy<Value = GradeRounding> {
    prop::sample::select(GradeRounding::ALL.to_vec())
}

fn overlap() -> impl Strategy<Value = OverlapPolicy> {
    prop::sample::select(OverlapPolicy::ALL.to_vec())
}

/// Converts every grade of `source` linearly; `None` where a fail cannot be expressed.
fn linear_ranks(source: &GradingScale, target: &GradingScale, rule: GradeRounding) -> Vec<Option<usize>> {
    source
        .levels()
        .iter()
        .map(|level| match convert_linearly(source, level.native(), target, rule) {
            Ok(conversion) => {
                assert_eq!(conversion.result_passed(), level.is_passing(), "pass/fail kept for {level}");
                Some(rank_in(target, &conversion.result))
            }
            Err(error) => {
                assert_eq!(error.code(), "no_failing_grades");
                assert!(!level.is_passing() && target.best_failing_rank().is_none());
                None
            }
        })
        .collect()
}

fn is_monotonic(ranks: &[Option<usize>]) -> bool {
    let known: Vec<usize> = ranks.iter().flatten().copied().collect();
    known.windows(2).all(|pair| pair[0] <= pair[1])
}

/// A grading table on `scale` with the given counts for its passing grades (cycled).
fn table(institution: &str, scale: &GradingScale, counts: &[u32]) -> Option<GradingTable> {
    let pairs: Vec<(String, u32)> = scale
        .levels()
        .iter()
        .take(scale.passing_count())
        .zip(counts.iter().cycle())
        .map(|(level, &count)| (level.native().to_owned(), count))
        .collect();
    GradingTable::new(group(institution, "0613", 6), scale.clone(), pairs).ok()
}

proptest! {
    #[test]
    fn linear_is_monotonic_keeps_pass_and_fail_and_lands_on_grades(
        source in numeric_scale("S"),
        target in numeric_scale("T"),
        rule in rounding(),
    ) {
        let ranks = linear_ranks(&source, &target, rule);
        prop_assert!(is_monotonic(&ranks), "{ranks:?}");
    }

    #[test]
    fn linear_on_averages_is_monotonic(
        source in numeric_scale("S"),
        target in numeric_scale("T"),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 2..20),
        rule in rounding(),
    ) {
        let (min, max) = source.value_range().unwrap();
        let direction = source.direction().unwrap();
        let span = usize::try_from(max.hundredths() - min.hundredths()).unwrap() + 1;
        let mut values: Vec<GradeValue> =
            picks.iter().map(|pick| GradeValue::from_hundredths(min.hundredths() + i32::try_from(pick.index(span)).unwrap()).unwrap()).collect();
        values.sort_by(|a, b| direction.compare(*b, *a));
        let mut previous: Option<usize> = None;
        for value in values {
            let Ok(conversion) = convert_linearly(&source, &value.to_string(), &target, rule) else { continue };
            let rank = rank_in(&target, &conversion.result);
            let passes = direction.compare(value, source.pass_mark().unwrap()) != std::cmp::Ordering::Less;
            prop_assert_eq!(conversion.result_passed(), passes);
            prop_assert!(previous.is_none_or(|before| before <= rank), "{value} → rank {rank} after {previous:?}");
            previous = Some(rank);
        }
    }

    #[test]
    fn grading_tables_are_monotonic_and_keep_pass_and_fail(
        source in numeric_scale("S"),
        target in numeric_scale("T"),
        host_counts in prop::collection::vec(0_u32..40, 1..12),
        home_counts in prop::collection::vec(0_u32..40, 1..12),
        policy in overlap(),
    ) {
        let (Some(host), Some(home)) = (table("host.edu", &source, &host_counts), table("home.edu", &target, &home_counts)) else {
            return Ok(());
        };
        let mut ranks = Vec::new();
        for level in source.levels() {
            match convert_by_grading_tables(&host, level.native(), &home, policy) {
                Ok(conversion) => {
                    prop_assert_eq!(conversion.result_passed(), level.is_passing());
                    prop_assert!(conversion.candidates.contains(&conversion.result));
                    ranks.push(Some(rank_in(&target, &conversion.result)));
                }
                Err(error) => {
                    prop_assert_eq!(error.code(), "no_failing_grades");
                    ranks.push(None);
                }
            }
        }
        prop_assert!(is_monotonic(&ranks), "{ranks:?}");
    }

    #[test]
    fn identical_distributions_convert_to_the_same_grade(
        scale in numeric_scale("S"),
        counts in prop::collection::vec(1_u32..40, 1..12),
        policy in overlap(),
    ) {
        // Every grade awarded at least once; a grade never awarded is a point that consecutive
        // unawarded grades would share, so identity is only promised for awarded grades.
        let host = table("host.edu", &scale, &counts).unwrap();
        let home = table("home.edu", &scale, &counts).unwrap();
        for level in scale.levels() {
            let conversion = convert_by_grading_tables(&host, level.native(), &home, policy).unwrap();
            if level.is_passing() {
                prop_assert_eq!(&conversion.result, level);
            } else {
                prop_assert!(!conversion.result_passed());
            }
        }
    }

    #[test]
    fn credits_convert_monotonically_and_never_negative(
        a in 0_u32..=100_000,
        b in 0_u32..=100_000,
        from_per_year in 1_u16..=240,
        to_per_year in 1_u16..=240,
        step in prop::sample::select(vec![1_u32, 5, 10, 25, 50, 100]),
        mode in prop::sample::select(vec![RoundingMode::Nearest, RoundingMode::Down, RoundingMode::Up]),
    ) {
        let from = CreditSystem::new("F", "f", None, from_per_year).unwrap();
        let to = CreditSystem::new("T", "t", None, to_per_year).unwrap();
        let rule = CreditRounding::new(step, mode).unwrap();
        let (low, high) = (a.min(b), a.max(b));
        let convert = |h: u32| convert_credits(Credits::from_hundredths(h).unwrap(), &from, &to, rule);
        match (convert(low), convert(high)) {
            (Ok(small), Ok(large)) => {
                prop_assert!(small.result <= large.result);
                prop_assert!(small.unrounded >= 0.0 && small.result.to_f64() >= 0.0);
                prop_assert_eq!(small.result.hundredths() % step, 0);
            }
            (Ok(_), Err(error)) | (Err(error), _) => prop_assert_eq!(error.code(), "credits_out_of_range"),
        }
        let same = convert_credits(Credits::from_hundredths(a).unwrap(), &from, &from, CreditRounding::HUNDREDTH).unwrap();
        prop_assert_eq!(same.result.hundredths(), a);
    }

    #[test]
    fn workload_converts_monotonically(
        a in 0_u32..200_000,
        b in 0_u32..200_000,
        basis in prop::sample::select(vec![WorkloadBasis::LowEnd, WorkloadBasis::HighEnd, WorkloadBasis::Middle]),
    ) {
        let ects = CreditSystem::ects();
        let convert = |minutes| workload_to_credits(Workload::minutes(minutes), &ects, basis, CreditRounding::NEAREST_HALF).unwrap();
        prop_assert!(convert(a.min(b)).result <= convert(a.max(b)).result);
    }

    #[test]
    fn credits_from_floats_are_never_negative(value in any::<f64>()) {
        match Credits::try_from(value) {
            Ok(credits) => prop_assert!(value >= 0.0 && credits <= Credits::MAX),
            Err(_) => prop_assert!(!(0.0..=1000.0).contains(&value) || (value * 100.0).fract().abs() > 1e-7),
        }
    }
}

#[test]
fn preset_pairs_convert_linearly_in_order() {
    // Every preset numeric scale into every other, with every rounding rule.
    let numeric: Vec<GradingScale> =
        presets::all_scales().into_iter().filter(|scale| scale.direction().is_some()).collect();
    for source in &numeric {
        for target in &numeric {
            for rule in GradeRounding::ALL {
                assert!(
                    is_monotonic(&linear_ranks(source, target, rule)),
                    "{} → {} {rule}",
                    source.code(),
                    target.code()
                );
            }
        }
    }
}
