//! Grading-table conversion host → home (ECTS Users' Guide 2015; Egracons): a host grade maps
//! to the home grade(s) whose cumulative-percentage intervals overlap its own.

use super::conversion::{Draft, pick_by_order};
use super::fraction::percent_text;
use super::{ConversionMethod, GradeConversion, GradeError, GradingTable, OverlapPolicy};

/// A home grade's interval in exact units (see [`convert_by_grading_tables`]).
#[derive(Debug, Clone, Copy)]
struct Interval {
    rank: usize,
    start: u128,
    end: u128,
}

/// Converts `grade`, on the host table's scale, to the home table's scale.
///
/// Both tables must describe the same cycle and field. A passing host grade occupies the
/// interval of cumulative percentages from the top grade that its count gives it; the home
/// grades whose intervals overlap it are the candidates and `overlap` picks one (decided in
/// advance, as the Users' Guide requires). A host grade never awarded in the reference years
/// has an empty interval, a single point: the home grade never awarded at that same point if
/// there is one, else the home grades meeting at that point. A failing grade maps to the home
/// scale's best failing grade. The result is a suggestion.
pub fn convert_by_grading_tables(
    host: &GradingTable,
    grade: &str,
    home: &GradingTable,
    overlap: OverlapPolicy,
) -> Result<GradeConversion, GradeError> {
    host.group().check_comparable(home.group())?;
    let (source, target) = (host.scale(), home.scale());
    let rank = source.rank_of(grade)?;
    let level = source.level(rank).ok_or_else(|| source.not_on_scale(grade))?;
    let method =
        ConversionMethod::GradingTable { host_group: host.group().clone(), home_group: home.group().clone(), overlap };
    let mut draft = Draft {
        source,
        grade,
        source_passed: level.is_passing(),
        target,
        explanation: vec![format!(
            "Method: grading tables (ECTS Users' Guide 2015; Egracons), host [{}] → home [{}].",
            host.group(),
            home.group()
        )],
    };
    for group in [host.group(), home.group()] {
        if !group.meets_minimum_years() {
            draft.explanation.push(format!(
                "Note: the table of {} covers fewer than the two academic years the ECTS Users' Guide 2015 asks for.",
                group.institution()
            ));
        }
    }
    if !level.is_passing() {
        let result = draft.fail_to_fail()?;
        return draft.finish(method, result, &[result]);
    }

    // Exact positions: interval ends k/Th (host) and m/To (home) are counted in units of
    // 1/(2·Th·To), so every end and the host interval's midpoint are integers and no rounding
    // can decide an overlap. Counts are u32 per grade, so this stays far below u128's range.
    let (host_total, home_total) = (u128::from(host.total()), u128::from(home.total()));
    let unit = 2 * host_total * home_total;
    let (before, through) = host.cumulative(rank);
    let (start, end) = (u128::from(before) * 2 * home_total, u128::from(through) * 2 * home_total);
    let home_intervals: Vec<Interval> = (0..target.passing_count())
        .map(|home_rank| {
            let (home_before, home_through) = home.cumulative(home_rank);
            Interval {
                rank: home_rank,
                start: u128::from(home_before) * 2 * host_total,
                end: u128::from(home_through) * 2 * host_total,
            }
        })
        .collect();
    let pct = |position: u128| percent_text(position, unit);
    let home_label = |home_rank: usize| target.level(home_rank).map(ToString::to_string).unwrap_or_default();
    draft.explanation.push(format!(
        "Host grade {level}: awarded {} of {} times ({}), cumulative interval {}–{} counted from the top grade.",
        host.count(rank),
        host.total(),
        percent_text(u128::from(host.count(rank)), host_total),
        pct(start),
        pct(end)
    ));

    let (chosen, candidates) = if start == end {
        let at_point: Vec<usize> =
            home_intervals.iter().filter(|i| i.start == start && i.end == start).map(|i| i.rank).collect();
        let candidates = if at_point.is_empty() {
            home_intervals
                .iter()
                .filter(|i| i.start < i.end && i.start <= start && start <= i.end)
                .map(|i| i.rank)
                .collect()
        } else {
            at_point
        };
        let names: Vec<String> = candidates.iter().map(|&r| home_label(r)).collect();
        draft.explanation.push(format!(
            "It was never awarded in the reference years, so its interval is the single point {}; home grades at that point: {}.",
            pct(start),
            names.join(", ")
        ));
        (pick_by_order(&candidates, overlap), candidates)
    } else {
        let overlaps: Vec<(Interval, u128)> = home_intervals
            .iter()
            .filter_map(|&i| {
                let shared = i.end.min(end).checked_sub(i.start.max(start))?;
                (shared > 0).then_some((i, shared))
            })
            .collect();
        let listed: Vec<String> = overlaps
            .iter()
            .map(|(i, shared)| {
                format!("{} ({}–{}, overlap {})", home_label(i.rank), pct(i.start), pct(i.end), pct(*shared))
            })
            .collect();
        draft.explanation.push(format!("Home grades overlapping it: {}.", listed.join("; ")));
        let chosen = match overlap {
            OverlapPolicy::Max => overlaps.first().map(|(i, _)| i.rank),
            OverlapPolicy::Min => overlaps.last().map(|(i, _)| i.rank),
            OverlapPolicy::Midpoint => {
                let midpoint = (start + end) / 2;
                let holder =
                    home_intervals.iter().find(|i| i.start < i.end && i.start <= midpoint && midpoint <= i.end);
                if let Some(holder) = holder {
                    draft.explanation.push(format!(
                        "The host interval's midpoint {} lies in home grade {} ({}–{}); on a boundary the better grade is taken.",
                        pct(midpoint),
                        home_label(holder.rank),
                        pct(holder.start),
                        pct(holder.end)
                    ));
                }
                holder.map(|i| i.rank)
            }
            OverlapPolicy::LargestOverlap => {
                let mut best: Option<(usize, u128)> = None;
                for (i, shared) in &overlaps {
                    if best.is_none_or(|(_, widest)| *shared > widest) {
                        best = Some((i.rank, *shared));
                    }
                }
                best.map(|(rank, _)| rank)
            }
        };
        (chosen, overlaps.iter().map(|(i, _)| i.rank).collect())
    };
    let chosen = chosen.ok_or_else(|| GradeError::InvalidTable {
        reason: format!("no home grade of {} covers the host grade's interval", target.code()),
    })?;
    draft.explanation.push(format!(
        "Policy {overlap}: {} → {}. A suggestion until a named person approves it.",
        level,
        home_label(chosen)
    ));
    draft.finish(method, chosen, &candidates)
}

#[cfg(test)]
mod tests {
    use super::super::grading_table::tests::{bulgarian_table, group, macedonian_table};
    use super::super::{GradingTable, presets};
    use super::*;

    fn convert(grade: &str, policy: OverlapPolicy) -> GradeConversion {
        convert_by_grading_tables(&bulgarian_table(), grade, &macedonian_table(), policy).unwrap()
    }

    /// A worked example (ours; no published one): host BG, home MK, same field and cycle.
    /// BG: 6 15 % (0–15), 5 35 % (15–50), 4 30 % (50–80), 3 20 % (80–100).
    /// MK: 10 10 % (0–10), 9 15 % (10–25), 8 25 % (25–50), 7 25 % (50–75), 6 25 % (75–100).
    #[test]
    fn worked_example_bg_to_mk() {
        use OverlapPolicy::{LargestOverlap, Max, Midpoint, Min};
        let expected = [
            // BG grade, max, min, midpoint, largest overlap
            ("5", "9", "8", "8", "8"),
            ("4", "7", "6", "7", "7"),
            ("6", "10", "9", "10", "10"),
        ];
        for (bg, max, min, midpoint, largest) in expected {
            assert_eq!(convert(bg, Max).result.native(), max, "BG {bg} max");
            assert_eq!(convert(bg, Min).result.native(), min, "BG {bg} min");
            assert_eq!(convert(bg, Midpoint).result.native(), midpoint, "BG {bg} midpoint");
            assert_eq!(convert(bg, LargestOverlap).result.native(), largest, "BG {bg} largest overlap");
        }
    }

    #[test]
    fn worked_example_midpoints_and_candidates_are_explained() {
        for (bg, midpoint) in [("5", "32.5 %"), ("4", "65 %"), ("6", "7.5 %")] {
            let conversion = convert(bg, OverlapPolicy::Midpoint);
            assert!(conversion.explanation.iter().any(|step| step.contains(midpoint)), "{:#?}", conversion.explanation);
        }
        let conversion = convert("5", OverlapPolicy::LargestOverlap);
        let candidates: Vec<&str> = conversion.candidates.iter().map(|grade| grade.native()).collect();
        assert_eq!(candidates, ["9", "8"]);
        assert!(conversion.explanation[1].contains("15 %–50 %"), "{:#?}", conversion.explanation);
        assert!(conversion.explanation[2].contains("9 (10 %–25 %, overlap 10 %)"), "{:#?}", conversion.explanation);
        assert_eq!(conversion.method.kind(), super::super::MethodKind::GradingTable);
        assert!(conversion.source_passed && conversion.result_passed());
    }

    #[test]
    fn the_lowest_pass_and_a_fail_keep_their_side() {
        assert_eq!(convert("3", OverlapPolicy::Max).result.native(), "6");
        let fail = convert("Слаб", OverlapPolicy::Max);
        assert_eq!(fail.result.native(), "5");
        assert!(!fail.source_passed && !fail.result_passed());
    }

    #[test]
    fn grades_never_awarded_sit_at_a_point() {
        let host =
            GradingTable::new(group("uni-sofia.bg", "0613", 6), presets::bulgaria(), [("5", 50), ("4", 30), ("3", 20)])
                .unwrap();
        // BG 6 was never awarded: its interval is the point 0 %, inside MK 10 (0–10 %).
        let conversion = convert_by_grading_tables(&host, "6", &macedonian_table(), OverlapPolicy::Min).unwrap();
        assert_eq!(conversion.result.native(), "10");
        // Against an identical table, the unawarded grade maps onto itself.
        let conversion = convert_by_grading_tables(&host, "6", &host, OverlapPolicy::Min).unwrap();
        assert_eq!(conversion.result.native(), "Отличен");
    }

    #[test]
    fn refuses_tables_of_other_cycles_or_fields_and_unknown_grades() {
        let other_cycle =
            GradingTable::new(group("ukim.edu.mk", "0613", 7), presets::north_macedonia(), [("10", 1), ("6", 1)])
                .unwrap();
        let other_field =
            GradingTable::new(group("ukim.edu.mk", "0612", 6), presets::north_macedonia(), [("10", 1), ("6", 1)])
                .unwrap();
        let host = bulgarian_table();
        let error = convert_by_grading_tables(&host, "5", &other_cycle, OverlapPolicy::Max).unwrap_err();
        assert_eq!(error.code(), "cycle_mismatch");
        let error = convert_by_grading_tables(&host, "5", &other_field, OverlapPolicy::Max).unwrap_err();
        assert_eq!(error.code(), "field_mismatch");
        let error = convert_by_grading_tables(&host, "7", &macedonian_table(), OverlapPolicy::Max).unwrap_err();
        assert_eq!(error.code(), "grade_not_on_scale");
    }

    #[test]
    fn a_fail_needs_a_failing_grade_on_the_home_scale() {
        let italian =
            GradingTable::new(group("unibo.it", "0613", 6), presets::italy(), [("30", 1), ("18", 1)]).unwrap();
        let error = convert_by_grading_tables(&bulgarian_table(), "2", &italian, OverlapPolicy::Max).unwrap_err();
        assert_eq!(error.code(), "no_failing_grades");
    }
}
