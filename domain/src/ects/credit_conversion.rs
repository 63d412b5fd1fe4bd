//! Converting credits between systems and workload into credits, with the rounding rule and
//! every step stated in the result (ECTS Users' Guide 2015).

use super::fraction::Fraction;
use super::{CreditError, CreditRounding, CreditSystem, Credits, Workload, WorkloadBasis};

/// What was converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditInput {
    /// Credits of a system.
    Credits {
        /// The amount.
        amount: Credits,
        /// The system's code.
        system: String,
    },
    /// A workload.
    Workload {
        /// The workload.
        workload: Workload,
        /// Which point of the target's hours-per-credit range was used.
        basis: WorkloadBasis,
    },
}

/// A credit conversion with everything needed to audit it.
#[derive(Debug, Clone, PartialEq)]
pub struct CreditConversion {
    /// What was converted.
    pub input: CreditInput,
    /// The target system's code.
    pub target_system: String,
    /// The exact result before rounding, as a float for the record.
    pub unrounded: f64,
    /// The result, on the rounding rule's step; never negative.
    pub result: Credits,
    /// The rounding rule applied.
    pub rounding: CreditRounding,
    /// The steps in words, in order.
    pub explanation: Vec<String>,
}

/// Converts `amount` credits of `from` into credits of `to`.
///
/// Credits measure workload and a full-time academic year is worth 60 ECTS credits (ECTS
/// Users' Guide 2015), so credits convert in proportion to the credits each system gives a
/// year: a Russian зачётная единица (60 a year) is one ECTS credit. When both systems state
/// their hours per credit, the explanation says whether those agree.
pub fn convert_credits(
    amount: Credits,
    from: &CreditSystem,
    to: &CreditSystem,
    rounding: CreditRounding,
) -> Result<CreditConversion, CreditError> {
    let (per_year_from, per_year_to) = (from.credits_per_year(), to.credits_per_year());
    let num = u128::from(amount.hundredths()) * u128::from(per_year_to);
    let den = u128::from(per_year_from);
    let unrounded = exact_text(num, den);
    let mut explanation = vec![
        format!(
            "A full-time academic year is worth {per_year_from} {from} and {per_year_to} {to} credits; credits measure workload, so they convert in proportion (ECTS Users' Guide 2015)."
        ),
        format!("{amount} {from} × {per_year_to} / {per_year_from} = {unrounded} {to}."),
    ];
    if let (Some(hours_from), Some(hours_to)) = (from.hours_per_credit(), to.hours_per_credit()) {
        explanation.push(if hours_from.overlaps(hours_to) {
            format!("Workload agrees: 1 {from} credit = {hours_from}, 1 {to} credit = {hours_to}.")
        } else {
            format!("Workload differs: 1 {from} credit = {hours_from}, 1 {to} credit = {hours_to}; check the course's hours.")
        });
    }
    let input = CreditInput::Credits { amount, system: from.code().to_owned() };
    finish(input, to, (num, den), rounding, explanation)
}

/// Turns a workload into credits of `to`, using `to`'s hours per credit at the `basis` point
/// of its range (ECTS: 25–30 h; North Macedonia: 30 h). Refused when `to`'s hours per credit
/// are not known.
pub fn workload_to_credits(
    workload: Workload,
    to: &CreditSystem,
    basis: WorkloadBasis,
    rounding: CreditRounding,
) -> Result<CreditConversion, CreditError> {
    let hours = to.hours_per_credit().ok_or_else(|| CreditError::UnknownWorkload { system: to.code().to_owned() })?;
    let minutes = u128::from(workload.in_minutes());
    let (low, high) = (u128::from(hours.min_minutes()), u128::from(hours.max_minutes()));
    // Credits in hundredths = minutes × 100 / minutes per credit; the middle of a range may be a
    // half minute, so it is divided as (minutes × 200) / (low + high).
    let (num, den, per_credit) = match basis {
        WorkloadBasis::LowEnd => (minutes * 100, low, exact_text(low * 100, 60)),
        WorkloadBasis::HighEnd => (minutes * 100, high, exact_text(high * 100, 60)),
        WorkloadBasis::Middle => (minutes * 200, low + high, exact_text((low + high) * 100, 120)),
    };
    let explanation = vec![
        format!(
            "1 {to} credit = {hours}; taken at the {} point: {per_credit} h per credit.",
            basis.code().replace('_', " ")
        ),
        format!("{workload} / {per_credit} h = {} {to} credits.", exact_text(num, den)),
    ];
    let input = CreditInput::Workload { workload, basis };
    finish(input, to, (num, den), rounding, explanation)
}

/// Rounds `num / den` hundredths and assembles the record.
fn finish(
    input: CreditInput,
    to: &CreditSystem,
    (num, den): (u128, u128),
    rounding: CreditRounding,
    mut explanation: Vec<String>,
) -> Result<CreditConversion, CreditError> {
    let unrounded_text = exact_text(num, den);
    let rounded = rounding.apply(num, den);
    let result = u32::try_from(rounded)
        .ok()
        .and_then(|hundredths| Credits::from_hundredths(hundredths).ok())
        .ok_or_else(|| CreditError::CreditsOutOfRange { credits: unrounded_text.clone() })?;
    explanation.push(format!("Rounded {rounding}: {unrounded_text} → {result} {to} credits."));
    Ok(CreditConversion {
        input,
        target_system: to.code().to_owned(),
        unrounded: num as f64 / den.max(1) as f64 / 100.0,
        result,
        rounding,
        explanation,
    })
}

/// `num / den` hundredths as a decimal with up to four places (`≈` when it had to round).
fn exact_text(num: u128, den: u128) -> String {
    match (i128::try_from(num), i128::try_from(den)) {
        (Ok(num), Ok(den)) => Fraction::new(num, den).map_or_else(|| "?".to_owned(), |value| value.hundredths_text(4)),
        _ => "?".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::HoursPerCredit;
    use super::*;

    fn credits(text: &str) -> Credits {
        Credits::parse(text).unwrap()
    }

    #[test]
    fn russian_credit_units_are_one_ects_each() {
        let conversion = convert_credits(
            credits("3"),
            &CreditSystem::russia_zet(),
            &CreditSystem::ects(),
            CreditRounding::NEAREST_HALF,
        )
        .unwrap();
        assert_eq!(conversion.result, credits("3"));
        assert!(
            conversion.explanation.iter().any(|step| step.contains("Workload agrees")),
            "{:#?}",
            conversion.explanation
        );
        assert!(conversion.explanation.last().unwrap().contains("to the nearest 0.5 credit"));
    }

    #[test]
    fn other_years_convert_in_proportion_and_round_as_stated() {
        let thirty_a_year = CreditSystem::new("X30", "30 a year", None, 30).unwrap();
        let ects = CreditSystem::ects();
        let conversion = convert_credits(credits("2.5"), &thirty_a_year, &ects, CreditRounding::NEAREST_HALF).unwrap();
        assert_eq!(conversion.result, credits("5"));
        // 7 ECTS into a 45-a-year system: 5.25 → nearest half 5.5 (halfway up), down 5.
        let forty_five = CreditSystem::new("X45", "45 a year", None, 45).unwrap();
        let up = convert_credits(credits("7"), &ects, &forty_five, CreditRounding::NEAREST_HALF).unwrap();
        assert_eq!((up.result, up.unrounded), (credits("5.5"), 5.25));
        let down = convert_credits(credits("7"), &ects, &forty_five, CreditRounding::DOWN_TO_HALF).unwrap();
        assert_eq!(down.result, credits("5"));
        let too_many = convert_credits(Credits::MAX, &thirty_a_year, &ects, CreditRounding::NEAREST_HALF).unwrap_err();
        assert_eq!(too_many.code(), "credits_out_of_range");
    }

    #[test]
    fn workload_becomes_credits_with_the_target_s_hours() {
        // 108 academic hours of 45 min = 81 h; at 30 h per MK credit = 2.7 → 2.5 (nearest half).
        let mk = CreditSystem::north_macedonia();
        let conversion = workload_to_credits(
            Workload::academic_hours(108, 45),
            &mk,
            WorkloadBasis::Middle,
            CreditRounding::NEAREST_HALF,
        )
        .unwrap();
        assert_eq!(conversion.result, credits("2.5"));
        assert!(conversion.explanation[1].contains("81 h / 30 h = 2.7"), "{:#?}", conversion.explanation);
        let tenth = workload_to_credits(Workload::hours(81), &mk, WorkloadBasis::Middle, CreditRounding::NEAREST_TENTH)
            .unwrap();
        assert_eq!(tenth.result, credits("2.7"));
        // ECTS 25–30 h: 150 h is 6 credits at 25 h, 5 at 30 h, 5.45 at 27.5 h.
        let ects = CreditSystem::ects();
        let at =
            |basis| workload_to_credits(Workload::hours(150), &ects, basis, CreditRounding::HUNDREDTH).unwrap().result;
        assert_eq!(at(WorkloadBasis::LowEnd), credits("6"));
        assert_eq!(at(WorkloadBasis::HighEnd), credits("5"));
        assert_eq!(at(WorkloadBasis::Middle), credits("5.45"));
    }

    #[test]
    fn unknown_hours_refuse_workload_conversion() {
        let error = workload_to_credits(
            Workload::hours(90),
            &CreditSystem::serbia_espb(),
            WorkloadBasis::Middle,
            CreditRounding::NEAREST_HALF,
        )
        .unwrap_err();
        assert_eq!(error.code(), "unknown_workload");
        let system = CreditSystem::new("Y", "y", Some(HoursPerCredit::exactly(10).unwrap()), 60).unwrap();
        let error =
            workload_to_credits(Workload::hours(20_000), &system, WorkloadBasis::Middle, CreditRounding::NEAREST_HALF)
                .unwrap_err();
        assert_eq!(error.code(), "credits_out_of_range");
    }
}
