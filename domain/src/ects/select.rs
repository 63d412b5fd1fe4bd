//! Choosing the conversion method: the best one the data allows, in the policy's order, with
//! the reasons the better ones were not available (grading tables, then fixed tables, then
//! linear).

use super::linear::source_value;
use super::{
    ConversionPolicy, FixedTable, GradeConversion, GradeError, GradingScale, GradingTable, MethodKind, SkippedMethod,
    convert_by_ects_letter, convert_by_grading_tables, convert_linearly,
};
use crate::{EqfLevel, IscedCode};

/// What a conversion may draw on: the grade, both scales, the course's reference field and
/// cycle, and every grading table and fixed table the caller has.
#[derive(Debug, Clone, Copy)]
pub struct ConversionRequest<'a> {
    /// The host's scale.
    pub source_scale: &'a GradingScale,
    /// The grade as the host wrote it (label, number, or an average for the linear method).
    pub grade: &'a str,
    /// The home scale.
    pub target_scale: &'a GradingScale,
    /// The course's ISCED-F field, which picks the grading tables.
    pub field: Option<&'a IscedCode>,
    /// The course's cycle, which picks the grading tables.
    pub cycle: Option<EqfLevel>,
    /// The host institution's grading tables.
    pub host_tables: &'a [GradingTable],
    /// The home institution's grading tables.
    pub home_tables: &'a [GradingTable],
    /// The fixed tables available.
    pub fixed_tables: &'a [FixedTable],
}

impl<'a> ConversionRequest<'a> {
    /// A request with no reference group and no tables: only the linear method (and letters)
    /// can apply until tables are added.
    pub fn new(source_scale: &'a GradingScale, grade: &'a str, target_scale: &'a GradingScale) -> Self {
        Self {
            source_scale,
            grade,
            target_scale,
            field: None,
            cycle: None,
            host_tables: &[],
            home_tables: &[],
            fixed_tables: &[],
        }
    }

    /// The same request for a course of this field and cycle.
    pub fn with_reference(mut self, field: &'a IscedCode, cycle: EqfLevel) -> Self {
        self.field = Some(field);
        self.cycle = Some(cycle);
        self
    }

    /// The same request with the host's and home's grading tables.
    pub fn with_grading_tables(mut self, host_tables: &'a [GradingTable], home_tables: &'a [GradingTable]) -> Self {
        self.host_tables = host_tables;
        self.home_tables = home_tables;
        self
    }

    /// The same request with fixed tables.
    pub fn with_fixed_tables(mut self, fixed_tables: &'a [FixedTable]) -> Self {
        self.fixed_tables = fixed_tables;
        self
    }
}

/// Converts with the first method in the policy's order that applies, recording in
/// [`GradeConversion::skipped`] and at the head of the explanation why each earlier method did
/// not. A grade that is on neither the source scale nor (for the linear method) within its
/// range is refused at once; when no method applies, the error lists every reason.
pub fn convert_grade(
    request: &ConversionRequest<'_>,
    policy: &ConversionPolicy,
) -> Result<GradeConversion, GradeError> {
    let source = request.source_scale;
    let on_scale = match source.rank_of(request.grade) {
        Ok(_) => true,
        Err(not_on_scale) => match source_value(source, request.grade) {
            Ok(_) => false,
            Err(GradeError::LinearNotApplicable { .. }) => return Err(not_on_scale),
            Err(error) => return Err(error),
        },
    };
    let mut skipped: Vec<SkippedMethod> = Vec::new();
    for &method in policy.fallback_order() {
        let attempt = if !on_scale && method != MethodKind::Linear {
            Err(format!(
                "{} is not a grade of {} (an average?); only the linear formula takes it",
                request.grade.trim(),
                source.code()
            ))
        } else {
            match method {
                MethodKind::GradingTable => by_grading_tables(request, policy),
                MethodKind::FixedTable => by_fixed_table(request),
                MethodKind::EctsLetter => {
                    convert_by_ects_letter(source, request.grade, request.target_scale, policy.overlap())
                        .map_err(|error| error.to_string())
                }
                MethodKind::Linear => {
                    convert_linearly(source, request.grade, request.target_scale, policy.grade_rounding())
                        .map_err(|error| error.to_string())
                }
            }
        };
        match attempt {
            Ok(mut conversion) => {
                let mut explanation: Vec<String> = skipped
                    .iter()
                    .map(|skip| format!("Not by {}: {}.", skip.method.describe(), skip.reason.trim_end_matches('.')))
                    .collect();
                explanation.append(&mut conversion.explanation);
                conversion.explanation = explanation;
                conversion.skipped = skipped;
                return Ok(conversion);
            }
            Err(reason) => skipped.push(SkippedMethod { method, reason }),
        }
    }
    Err(GradeError::NoConversionMethod {
        reasons: skipped.into_iter().map(|skip| format!("{}: {}", skip.method, skip.reason)).collect(),
    })
}

/// The newest table (by its last academic year) of this scale, field and cycle.
fn pick_table<'t>(
    tables: &'t [GradingTable],
    scale: &GradingScale,
    field: &IscedCode,
    cycle: EqfLevel,
) -> Option<&'t GradingTable> {
    tables
        .iter()
        .filter(|table| {
            table.scale().code() == scale.code() && table.group().isced() == field && table.group().eqf() == cycle
        })
        .max_by_key(|table| table.group().years().last().copied())
}

fn by_grading_tables(request: &ConversionRequest<'_>, policy: &ConversionPolicy) -> Result<GradeConversion, String> {
    let (Some(field), Some(cycle)) = (request.field, request.cycle) else {
        return Err(
            "the course's ISCED-F field and cycle are not known, so no reference group can be chosen".to_owned()
        );
    };
    let missing = |side: &str, scale: &GradingScale| {
        format!(
            "the {side} institution has no grading table for ISCED-F {field}, EQF {cycle} on the scale {}",
            scale.code()
        )
    };
    let host = pick_table(request.host_tables, request.source_scale, field, cycle)
        .ok_or_else(|| missing("host", request.source_scale))?;
    let home = pick_table(request.home_tables, request.target_scale, field, cycle)
        .ok_or_else(|| missing("home", request.target_scale))?;
    convert_by_grading_tables(host, request.grade, home, policy.overlap()).map_err(|error| error.to_string())
}

fn by_fixed_table(request: &ConversionRequest<'_>) -> Result<GradeConversion, String> {
    let mut reasons = Vec::new();
    for table in request.fixed_tables.iter().filter(|table| {
        table.source().code() == request.source_scale.code() && table.target().code() == request.target_scale.code()
    }) {
        match table.convert(request.grade) {
            Ok(conversion) => return Ok(conversion),
            Err(error) => reasons.push(error.to_string()),
        }
    }
    if reasons.is_empty() {
        Err(format!("there is no fixed table from {} to {}", request.source_scale.code(), request.target_scale.code()))
    } else {
        Err(reasons.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::super::grading_table::tests::{bulgarian_table, macedonian_table};
    use super::super::{ConversionMethod, CreditRounding, GradeRounding, OverlapPolicy, presets};
    use super::*;

    fn reference() -> (IscedCode, EqfLevel) {
        (IscedCode::parse_detailed("0613").unwrap(), EqfLevel::new(6).unwrap())
    }

    #[test]
    fn prefers_grading_tables_when_both_sides_have_one() {
        let (bg, mk) = (presets::bulgaria(), presets::north_macedonia());
        let (field, cycle) = reference();
        let (hosts, homes) = ([bulgarian_table()], [macedonian_table()]);
        let request =
            ConversionRequest::new(&bg, "5", &mk).with_reference(&field, cycle).with_grading_tables(&hosts, &homes);
        let conversion = convert_grade(&request, &ConversionPolicy::default()).unwrap();
        assert_eq!(conversion.method.kind(), MethodKind::GradingTable);
        assert_eq!(conversion.result.native(), "8", "midpoint 32.5 % lies in MK 8");
        assert!(conversion.skipped.is_empty());
    }

    #[test]
    fn falls_back_to_a_fixed_table_then_linear_and_says_why() {
        let (bg, mk) = (presets::bulgaria(), presets::north_macedonia());
        let (field, cycle) = reference();
        let hosts = [bulgarian_table()];
        let fixed = [FixedTable::new("BG→MK", bg.clone(), mk.clone(), [("6", "10"), ("5", "9")]).unwrap()];
        let request = ConversionRequest::new(&bg, "5", &mk)
            .with_reference(&field, cycle)
            .with_grading_tables(&hosts, &[])
            .with_fixed_tables(&fixed);
        let conversion = convert_grade(&request, &ConversionPolicy::default()).unwrap();
        assert_eq!(conversion.method, ConversionMethod::FixedTable { table: "BG→MK".into() });
        assert_eq!(conversion.result.native(), "9");
        assert_eq!(conversion.skipped.len(), 1);
        assert!(
            conversion.skipped[0].reason.contains("home institution has no grading table"),
            "{:?}",
            conversion.skipped
        );
        assert!(conversion.explanation[0].starts_with("Not by grading tables"), "{:#?}", conversion.explanation);

        // BG 4 is not in the fixed table: linear, 10 + (6 − 10) · (6 − 4) / (6 − 3) = 7.33 → 7.
        let request = ConversionRequest { grade: "4", ..request };
        let conversion = convert_grade(&request, &ConversionPolicy::default()).unwrap();
        assert_eq!(conversion.method.kind(), MethodKind::Linear);
        assert_eq!(conversion.result.native(), "7");
        let methods: Vec<MethodKind> = conversion.skipped.iter().map(|skip| skip.method).collect();
        assert_eq!(methods, [MethodKind::GradingTable, MethodKind::FixedTable]);
    }

    #[test]
    fn averages_go_straight_to_linear() {
        let (bg, de) = (presets::bulgaria(), presets::germany());
        let conversion =
            convert_grade(&ConversionRequest::new(&bg, "5.50", &de), &ConversionPolicy::default()).unwrap();
        assert_eq!(conversion.method.kind(), MethodKind::Linear);
        assert_eq!(conversion.result.native(), "1,3");
        assert_eq!(conversion.skipped.len(), 2);
        assert!(conversion.skipped[0].reason.contains("only the linear formula"), "{:?}", conversion.skipped);
    }

    #[test]
    fn reports_every_reason_when_nothing_applies() {
        let (ru_pf, de) = (presets::russia_pass_fail(), presets::germany());
        let error =
            convert_grade(&ConversionRequest::new(&ru_pf, "зачёт", &de), &ConversionPolicy::default()).unwrap_err();
        assert_eq!(error.code(), "no_conversion_method");
        let GradeError::NoConversionMethod { reasons } = error else { unreachable!() };
        assert_eq!(reasons.len(), 3);
        assert!(reasons[2].starts_with("linear: "), "{reasons:?}");
    }

    #[test]
    fn refuses_grades_off_the_scale_at_once() {
        let (mk, de) = (presets::north_macedonia(), presets::germany());
        let error = convert_grade(&ConversionRequest::new(&mk, "11", &de), &ConversionPolicy::default()).unwrap_err();
        assert_eq!(error.code(), "grade_not_on_scale");
        let (ru_pf, ects) = (presets::russia_pass_fail(), presets::ects_letters());
        let error =
            convert_grade(&ConversionRequest::new(&ru_pf, "maybe", &ects), &ConversionPolicy::default()).unwrap_err();
        assert_eq!(error.code(), "grade_not_on_scale");
    }

    #[test]
    fn letters_are_used_when_the_policy_lists_them() {
        let (mk, ects) = (presets::north_macedonia(), presets::ects_letters());
        let policy = ConversionPolicy::new(
            OverlapPolicy::Max,
            GradeRounding::Nearest,
            CreditRounding::NEAREST_HALF,
            vec![MethodKind::EctsLetter, MethodKind::Linear],
        )
        .unwrap();
        let conversion = convert_grade(&ConversionRequest::new(&mk, "8", &ects), &policy).unwrap();
        assert_eq!(conversion.result.native(), "C");
        assert_eq!(conversion.method.kind(), MethodKind::EctsLetter);
    }
}
