//! The checks of a factsheet's content beyond its declared field rules: what the domain
//! decides (dates in order and within the academic year, cost ranges, language tags, CEFR
//! levels, country codes, terms named once) and what a checked figure needs (its source and
//! the day it was checked). Every refusal names its field path.

use iro_domain::factsheet::{Period, TermDates, check_amount_range, check_in_year};
use iro_domain::{AcademicYear, CefrLevel, CountryCode, InvalidValue, LanguageTag};

use super::{CostRange, FactsheetContent, FigureStatus, Figures, TermInfo, TermName};
use crate::error::{FieldError, FieldErrors};

/// Records every refusal of `content` beyond its declared rules, its fields named under
/// `prefix` (`content.`).
pub fn check_content(errors: &mut FieldErrors, year: AcademicYear, content: &FactsheetContent, prefix: &str) {
    let at = |path: &str| format!("{prefix}{path}");
    check_terms(errors, year, &content.terms, prefix);
    for (i, requirement) in content.language_requirements.iter().enumerate() {
        errors.check(at(&format!("language_requirements[{i}].language")), LanguageTag::parse(&requirement.language));
        errors.check(
            at(&format!("language_requirements[{i}].cefr_level")),
            CefrLevel::parse_requirement(&requirement.cefr_level),
        );
    }
    for (i, option) in content.housing.options.iter().enumerate() {
        check_cost(errors, &at(&format!("housing.options[{i}].monthly_cost")), &option.monthly_cost);
    }
    check_cost(errors, &at("cost_of_living.typical_month"), &content.cost_of_living.typical_month);
    check_figures(errors, &at("housing.figures"), &content.housing.figures);
    check_figures(errors, &at("public_transport.figures"), &content.public_transport.figures);
    check_figures(errors, &at("cost_of_living.figures"), &content.cost_of_living.figures);
    for (i, group) in content.visa_and_insurance.citizenships.iter().enumerate() {
        for (j, country) in group.countries.iter().enumerate() {
            errors.check(
                at(&format!("visa_and_insurance.citizenships[{i}].countries[{j}]")),
                CountryCode::parse(country),
            );
        }
    }
}

/// The country codes of a group, once each (already checked by [`check`]).
pub fn countries(codes: &[String]) -> Vec<CountryCode> {
    let mut found: Vec<CountryCode> = Vec::new();
    for code in codes.iter().filter_map(|c| CountryCode::parse(c).ok()) {
        if !found.contains(&code) {
            found.push(code);
        }
    }
    found
}

fn check_terms(errors: &mut FieldErrors, year: AcademicYear, terms: &[TermInfo], prefix: &str) {
    for (i, term) in terms.iter().enumerate() {
        let at = |field: &str| format!("{prefix}terms[{i}].{field}");
        if terms.iter().take(i).any(|earlier| earlier.term == term.term) {
            errors.push(FieldError::new(
                at("term"),
                "duplicate",
                format!("the {} term is given twice", term.term.as_str()),
            ));
        }
        let dates = TermDates {
            term: Period { start: term.start, end: term.end },
            nomination_deadline: term.nomination_deadline,
            application_deadline: term.application_deadline,
            decision_week: Period { start: term.decision_week.start, end: term.decision_week.end },
            transcript_week: Period { start: term.transcript_week.start, end: term.transcript_week.end },
        };
        for (field, refusal) in dates.check() {
            errors.push(FieldError::from_invalid(at(field), refusal));
        }
        for (field, day) in [("start", term.start), ("end", term.end)] {
            if !errors.has(&at(field)) {
                errors.check(at(field), check_in_year(day, year));
            }
        }
        for (list, entries) in [("exam_periods", &term.exam_periods), ("holidays", &term.holidays)] {
            for (j, entry) in entries.iter().enumerate() {
                errors.check(at(&format!("{list}[{j}].end")), Period { start: entry.start, end: entry.end }.check());
            }
        }
    }
    if let [first, second] = terms
        && first.term == TermName::Autumn
        && second.term == TermName::Spring
        && second.start <= first.end
    {
        errors.push(FieldError::from_invalid(
            format!("{prefix}terms[1].start"),
            InvalidValue::range(format!("the spring term must start after the autumn term ends ({})", first.end)),
        ));
    }
    if let [first, second] = terms
        && first.term == TermName::Spring
        && second.term == TermName::Autumn
    {
        errors.push(FieldError::new(format!("{prefix}terms[1].term"), "range", "list the autumn term first"));
    }
}

fn check_cost(errors: &mut FieldErrors, at: &str, cost: &CostRange) {
    errors.check(format!("{at}.mkd.max"), check_amount_range(cost.mkd.min, cost.mkd.max));
    errors.check(format!("{at}.eur.max"), check_amount_range(cost.eur.min, cost.eur.max));
}

fn check_figures(errors: &mut FieldErrors, at: &str, figures: &Figures) {
    if figures.status == FigureStatus::Checked {
        if figures.source.is_none() {
            errors.push(FieldError::new(format!("{at}.source"), "required", "checked figures name their source"));
        }
        if figures.checked_on.is_none() {
            errors.push(FieldError::new(
                format!("{at}.checked_on"),
                "required",
                "checked figures say when they were checked",
            ));
        }
    }
}
