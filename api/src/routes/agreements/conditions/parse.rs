//! Validation of a `ConditionInput` against its agreement: the two sides by institution and
//! unit ids, then the terms by the domain's `CooperationCondition::parse`.

use iro_domain::agreement::{
    Agreement, ConditionData, ConditionSide, CooperationCondition, CooperationConditionInput, LanguageRequirementInput,
    MobilityType, SubjectAreaInput,
};
use iro_domain::{HeiId, Institution, UnitId};
use iro_persistence::DbConnection;
use iro_persistence::repositories::institutions;
use uuid::Uuid;

use super::body::ConditionInput;
use crate::error::{ApiError, ApiResult, FieldError, FieldErrors};
use crate::http::validation;
use crate::routes::shared::references::unit_of;

/// The API's name of a field the domain's validation refused (the domain speaks EWP:
/// `sending_hei_id`; clients send institution and unit ids).
fn api_field(domain_field: &str) -> String {
    match domain_field {
        "sending_hei_id" => "sending_institution_id".to_owned(),
        "sending_ounit_id" => "sending_unit_id".to_owned(),
        "receiving_hei_id" => "receiving_institution_id".to_owned(),
        "receiving_ounit_id" => "receiving_unit_id".to_owned(),
        other => other.to_owned(),
    }
}

/// One side of a condition: our university or the partner, and optionally one of its units.
/// Refused sides are recorded; the institution's SCHAC code is returned whenever the
/// institution itself is acceptable, so the domain checks the rest.
fn side(
    conn: &mut DbConnection,
    errors: &mut FieldErrors,
    name: &str,
    institution: Uuid,
    unit: Option<Uuid>,
    ends: [&Institution; 2],
) -> ApiResult<Option<(ConditionSide, HeiId)>> {
    let Some(institution) = ends.into_iter().find(|i| i.id.as_uuid() == institution) else {
        let [local, partner] = ends;
        errors.push(FieldError::new(
            format!("{name}_institution_id"),
            "unknown",
            format!(
                "{name}_institution_id must be our university ({}) or the agreement's partner ({})",
                local.data.hei_id, partner.data.hei_id
            ),
        ));
        return Ok(None);
    };
    let unit_id = match unit.map(UnitId::from_uuid) {
        Some(unit) if !unit_of(conn, Some(institution.id), unit)? => {
            errors.push(FieldError::new(
                format!("{name}_unit_id"),
                "unknown",
                format!("{name}_unit_id must name a unit of {}", institution.data.hei_id),
            ));
            None
        }
        other => other,
    };
    Ok(Some((ConditionSide { institution_id: institution.id, unit_id }, institution.data.hei_id.clone())))
}

/// Validates a condition of `agreement`: its declared field rules, the sides against our
/// university and the partner, then the terms by `CooperationCondition::parse`, reporting
/// every refused field (once: a field its rules refused is not refused again by the domain).
pub(super) fn parse_condition(
    conn: &mut DbConnection,
    agreement: &Agreement,
    input: ConditionInput,
) -> ApiResult<ConditionData> {
    let local = institutions::find_local(conn)?.ok_or_else(|| ApiError::Conflict {
        code: "local_institution_missing",
        detail: "register our own university (an institution with is_local) before adding cooperation conditions"
            .to_owned(),
        errors: vec![],
    })?;
    let partner = institutions::find(conn, agreement.data.partner_institution_id)?;
    let mut errors = validation::errors_of(&input);
    let ends = [&local, &partner];
    let sending = side(conn, &mut errors, "sending", input.sending_institution_id, input.sending_unit_id, ends)?;
    let receiving =
        side(conn, &mut errors, "receiving", input.receiving_institution_id, input.receiving_unit_id, ends)?;
    let months = input.total_months_per_year.map(|n| n.to_string());
    let days = input.total_days_per_year.map(|n| n.to_string());
    let subject_areas = input
        .subject_areas
        .into_iter()
        .map(|area| SubjectAreaInput { isced_f_code: area.isced_f_code, clarification: area.clarification })
        .collect();
    let hei = |side: &Option<(ConditionSide, HeiId)>| side.as_ref().map(|(_, hei)| hei.to_string()).unwrap_or_default();
    let ounit =
        |side: &Option<(ConditionSide, HeiId)>| side.as_ref().and_then(|(s, _)| s.unit_id).map(|u| u.to_string());
    let terms_input = CooperationConditionInput {
        mobility_type: MobilityType::from(input.mobility_type).as_str().to_owned(),
        sending_hei_id: hei(&sending),
        sending_ounit_id: ounit(&sending),
        receiving_hei_id: hei(&receiving),
        receiving_ounit_id: ounit(&receiving),
        first_academic_year: input.first_academic_year,
        last_academic_year: input.last_academic_year,
        mobilities_per_year: input.mobilities_per_year,
        total_months_per_year: months,
        total_days_per_year: days,
        blended: input.blended,
        eqf_levels: input.eqf_levels,
        subject_areas,
        language_requirements: input
            .language_requirements
            .into_iter()
            .map(|r| LanguageRequirementInput {
                language: r.language,
                cefr_level: r.cefr_level,
                isced_f_code: r.isced_f_code,
            })
            .collect(),
        other_info: input.other_info,
    };
    let outline = agreement.outline(local.data.hei_id.clone(), partner.data.hei_id.clone());
    let terms = match CooperationCondition::parse(&terms_input, &outline) {
        Ok(terms) => Some(terms),
        Err(refused) => {
            for error in refused.0 {
                let field = api_field(&error.field);
                // A side already refused by id need not be refused again by its SCHAC code.
                if !errors.has(&field) {
                    errors.push(FieldError::from_invalid(field, error.error));
                }
            }
            None
        }
    };
    errors.finish_with(|| Some(ConditionData { sending: sending?.0, receiving: receiving?.0, terms: terms? }))
}
