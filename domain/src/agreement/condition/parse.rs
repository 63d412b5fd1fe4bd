//! Validation of a `CooperationConditionInput` into a `CooperationCondition`.

use std::collections::BTreeSet;

use super::{
    ConditionParty, CooperationCondition, CooperationConditionInput, LanguageRequirement, LanguageRequirementInput,
    SubjectArea, SubjectAreaInput,
};
use crate::agreement::field_error::{duplicate, not_applicable};
use crate::agreement::{AcademicYearRange, AgreementOutline, CefrLevel, FieldError, FieldErrors, MobilityType};
use crate::amount::{DurationUnit, Hundredths};
use crate::{AcademicYear, EqfLevel, HeiId, InvalidValue, IscedCode, LanguageTag};

/// Collects field errors while validation goes on, so the caller hears of all at once.
#[derive(Default)]
struct Collector(Vec<FieldError>);

impl Collector {
    fn check<T>(&mut self, field: impl Into<String>, result: Result<T, InvalidValue>) -> Option<T> {
        result.map_err(|error| self.refuse(field, error)).ok()
    }

    fn refuse(&mut self, field: impl Into<String>, error: InvalidValue) {
        self.0.push(FieldError::new(field, error));
    }
}

impl CooperationCondition {
    /// Validates `input` as a condition of `agreement` (EWP IIAs API v7):
    /// - `mobility_type` is known; both institutions are the agreement's partners and differ;
    ///   unit ids are 1–64 printable ASCII characters;
    /// - `last_academic_year` ≥ `first_academic_year`, both within the agreement's period;
    /// - `mobilities_per_year` ≥ 1;
    /// - students give `total_months_per_year`, staff `total_days_per_year`: > 0, at most 2
    ///   decimals; the other total, `blended` and `eqf_levels` are refused for staff;
    /// - EQF levels 1..=8 without repeats; subject areas with 4-digit ISCED-F codes whose
    ///   clarification is not just the code's official label (EWP forbids that);
    /// - language requirements with a BCP 47 language and a CEFR level A1..C2, at least one
    ///   for `student_studies` and `staff_teaching`;
    /// - texts are trimmed; blank optional texts become `None`.
    ///
    /// Every refused field is reported, with paths such as `subject_areas[0].isced_f_code`.
    pub fn parse(input: &CooperationConditionInput, agreement: &AgreementOutline) -> Result<Self, FieldErrors> {
        let mut errors = Collector::default();
        let mobility_type = errors.check("mobility_type", MobilityType::parse(&input.mobility_type));

        let sending =
            parse_party(&mut errors, "sending", &input.sending_hei_id, input.sending_ounit_id.as_deref(), agreement);
        let receiving = parse_party(
            &mut errors,
            "receiving",
            &input.receiving_hei_id,
            input.receiving_ounit_id.as_deref(),
            agreement,
        );
        if let (Some(s), Some(r)) = (&sending, &receiving)
            && s.hei_id == r.hei_id
        {
            errors.refuse(
                "receiving_hei_id",
                InvalidValue::range(format!(
                    "a condition goes from one partner to the other; sending and receiving are both {}",
                    s.hei_id
                )),
            );
        }

        let years = parse_years(&mut errors, input, agreement.period);

        if input.mobilities_per_year == 0 {
            errors.refuse(
                "mobilities_per_year",
                InvalidValue::range("mobilities_per_year must be at least 1 (the maximum number of people per year)"),
            );
        }

        let total_per_year = parse_total(&mut errors, mobility_type, input);
        let is_staff = mobility_type.is_some_and(|t| !t.is_student());
        if is_staff && input.blended {
            errors.refuse("blended", not_applicable("blended mobility applies to student conditions only"));
        }
        if is_staff && !input.eqf_levels.is_empty() {
            errors.refuse("eqf_levels", not_applicable("EQF levels apply to student conditions only"));
        }
        let eqf_levels = parse_eqf_levels(&mut errors, &input.eqf_levels);

        let subject_areas: Vec<_> = input
            .subject_areas
            .iter()
            .enumerate()
            .filter_map(|(i, area)| parse_subject_area(&mut errors, &format!("subject_areas[{i}]"), area))
            .collect();

        let language_requirements: Vec<_> = input
            .language_requirements
            .iter()
            .enumerate()
            .filter_map(|(i, req)| parse_language_requirement(&mut errors, &format!("language_requirements[{i}]"), req))
            .collect();
        if let Some(t) = mobility_type
            && t.requires_language_requirement()
            && input.language_requirements.is_empty()
        {
            errors.refuse(
                "language_requirements",
                InvalidValue::required(format!("a {t} condition needs at least one language requirement")),
            );
        }

        match (mobility_type, sending, receiving, years, total_per_year) {
            (Some(mobility_type), Some(sending), Some(receiving), Some(years), Some(total_per_year))
                if errors.0.is_empty() =>
            {
                Ok(CooperationCondition {
                    mobility_type,
                    sending,
                    receiving,
                    years,
                    mobilities_per_year: input.mobilities_per_year,
                    total_per_year,
                    blended: input.blended,
                    eqf_levels,
                    subject_areas,
                    language_requirements,
                    other_info: trimmed(input.other_info.as_deref()),
                })
            }
            _ => Err(FieldErrors(errors.0)),
        }
    }
}

fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

fn parse_party(
    errors: &mut Collector,
    side: &str,
    hei_id: &str,
    ounit_id: Option<&str>,
    agreement: &AgreementOutline,
) -> Option<ConditionParty> {
    let field = format!("{side}_hei_id");
    let hei_id = errors.check(&field, HeiId::parse(hei_id))?;
    if !agreement.is_partner(&hei_id) {
        let [a, b] = &agreement.partners;
        errors.refuse(field, InvalidValue::unknown(format!("{hei_id} is not a partner of this agreement ({a}, {b})")));
        return None;
    }
    let ounit_id = match ounit_id {
        None => None,
        Some(id) => Some(errors.check(format!("{side}_ounit_id"), parse_ounit_id(id))?),
    };
    Some(ConditionParty { hei_id, ounit_id })
}

/// EWP `AsciiPrintableIdentifier`: 1–64 printable ASCII characters; opaque, so not trimmed.
fn parse_ounit_id(id: &str) -> Result<String, InvalidValue> {
    if (1..=64).contains(&id.len()) && id.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
        Ok(id.to_owned())
    } else {
        Err(InvalidValue::format(format!("a unit id must be 1–64 printable ASCII characters, got {id:?}")))
    }
}

fn parse_years(
    errors: &mut Collector,
    input: &CooperationConditionInput,
    period: AcademicYearRange,
) -> Option<AcademicYearRange> {
    let first = errors.check("first_academic_year", AcademicYear::parse(&input.first_academic_year));
    let last = errors.check("last_academic_year", AcademicYear::parse(&input.last_academic_year));
    let (first, last) = (first?, last?);
    let years = errors.check("last_academic_year", AcademicYearRange::new(first, last))?;
    let outside = |year: AcademicYear, which: &str| {
        InvalidValue::range(format!("the {which} academic year {year} lies outside the agreement's period {period}"))
    };
    let mut inside = true;
    if !period.contains(first) {
        errors.refuse("first_academic_year", outside(first, "first"));
        inside = false;
    }
    if !period.contains(last) {
        errors.refuse("last_academic_year", outside(last, "last"));
        inside = false;
    }
    inside.then_some(years)
}

/// The yearly total the type asks for (months for students, days for staff); the other total
/// is refused. With an unknown type, whichever is given is still checked for shape.
fn parse_total(
    errors: &mut Collector,
    mobility_type: Option<MobilityType>,
    input: &CooperationConditionInput,
) -> Option<Hundredths> {
    let months = ("total_months_per_year", input.total_months_per_year.as_deref());
    let days = ("total_days_per_year", input.total_days_per_year.as_deref());
    let Some(mobility_type) = mobility_type else {
        for (field, text) in [months, days] {
            if let Some(text) = text {
                errors.check(field, Hundredths::parse_positive(text));
            }
        }
        return None;
    };
    let (wanted, other) = match mobility_type.duration_unit() {
        DurationUnit::Months => (months, days),
        DurationUnit::Days => (days, months),
    };
    if other.1.is_some() {
        let who = if mobility_type.is_student() { "staff" } else { "student" };
        errors.refuse(other.0, not_applicable(format!("{} applies to {who} conditions only", other.0)));
    }
    match wanted.1 {
        Some(text) => errors.check(wanted.0, Hundredths::parse_positive(text)),
        None => {
            errors.refuse(wanted.0, InvalidValue::required(format!("a {mobility_type} condition needs {}", wanted.0)));
            None
        }
    }
}

fn parse_eqf_levels(errors: &mut Collector, levels: &[u8]) -> BTreeSet<EqfLevel> {
    let mut set = BTreeSet::new();
    for (i, level) in levels.iter().enumerate() {
        let field = format!("eqf_levels[{i}]");
        if let Some(level) = errors.check(&field, EqfLevel::new(*level))
            && !set.insert(level)
        {
            errors.refuse(field, duplicate(format!("EQF level {level} is listed twice")));
        }
    }
    set
}

fn parse_subject_area(errors: &mut Collector, path: &str, area: &SubjectAreaInput) -> Option<SubjectArea> {
    let isced_f_code =
        errors.check(format!("{path}.isced_f_code"), IscedCode::parse_detailed(area.isced_f_code.trim()))?;
    let clarification = trimmed(area.clarification.as_deref());
    let label = isced_f_code.field().label;
    if clarification.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&label)) {
        // EWP IIA v7 `isced-clarification`: "You MUST NOT put the official name of the ISCED".
        errors.refuse(
            format!("{path}.clarification"),
            InvalidValue::format(format!(
                "the clarification must add detail, not repeat the official label of {isced_f_code} ({label})"
            )),
        );
        return None;
    }
    Some(SubjectArea { isced_f_code, clarification })
}

fn parse_language_requirement(
    errors: &mut Collector,
    path: &str,
    req: &LanguageRequirementInput,
) -> Option<LanguageRequirement> {
    let language = errors.check(format!("{path}.language"), LanguageTag::parse(req.language.trim()));
    let cefr_level = errors.check(format!("{path}.cefr_level"), CefrLevel::parse_requirement(req.cefr_level.trim()));
    let isced_f_code = match req.isced_f_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => Some(None),
        Some(code) => errors.check(format!("{path}.isced_f_code"), IscedCode::parse_detailed(code)).map(Some),
    };
    Some(LanguageRequirement { language: language?, cefr_level: cefr_level?, isced_f_code: isced_f_code? })
}

#[cfg(test)]
mod tests;
