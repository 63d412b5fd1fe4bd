//! What the database holds about the records a mobility about to be stored names, read by
//! their ids, for the domain's reference and place checks (`mobility::check_references`,
//! `nomination::check_place`).

use std::collections::HashMap;

use diesel::prelude::*;
use iro_domain::agreement::Agreement;
use iro_domain::mobility::{InstitutionFacts, MobilityData, PersonFacts, ReferenceFacts};
use iro_domain::{HeiId, InstitutionId, ParticipantKind, UserId};

use crate::models::agreement::AgreementRow;
use crate::models::agreement::condition::{ConditionRow, HeiIds};
use crate::models::corrupt;
use crate::schema::{agreement_conditions, agreements, institutions, people, units};
use crate::{DbConnection, RepoError};

/// The facts of the records `data` names, `None` where no record has the id: the person, the
/// condition (of whichever agreement), the agreement, then the institutions of both sides
/// and of the condition in one query and the named units in another. For a stored mobility's
/// status change, `change_status_by_rules` reads the same facts in one join.
pub fn reference_facts(conn: &mut DbConnection, data: &MobilityData) -> Result<ReferenceFacts, RepoError> {
    let person = people::table
        .find(data.person_id.to_string())
        .select((people::kind, people::user_id))
        .first::<(String, Option<String>)>(conn)
        .optional()?
        .map(|(kind, user_id)| {
            Ok::<_, RepoError>(PersonFacts {
                kind: ParticipantKind::parse(&kind).map_err(corrupt("kind"))?,
                user_id: user_id.map(|u| UserId::parse(&u).map_err(corrupt("user id"))).transpose()?,
            })
        })
        .transpose()?;
    let condition = match data.condition_id {
        Some(id) => agreement_conditions::table
            .find(id.to_string())
            .select(ConditionRow::as_select())
            .first::<ConditionRow>(conn)
            .optional()?,
        None => None,
    };
    let agreement = match data.agreement_id {
        Some(id) => agreements::table
            .find(id.to_string())
            .select(AgreementRow::as_select())
            .first::<AgreementRow>(conn)
            .optional()?
            .map(Agreement::try_from)
            .transpose()?,
        None => None,
    };
    let mut ids = vec![data.sending.institution_id.to_string(), data.receiving.institution_id.to_string()];
    if let Some(row) = &condition {
        ids.extend([row.sending_institution_id.clone(), row.receiving_institution_id.clone()]);
    }
    let found: HashMap<String, (HeiId, bool)> = institutions::table
        .filter(institutions::id.eq_any(&ids))
        .select((institutions::id, institutions::hei_id, institutions::is_local))
        .load::<(String, String, bool)>(conn)?
        .into_iter()
        .map(|(id, hei, is_local)| Ok((id, (HeiId::parse(&hei).map_err(corrupt("hei_id"))?, is_local))))
        .collect::<Result<_, RepoError>>()?;
    let institution = |id: InstitutionId| {
        found
            .get(&id.to_string())
            .map(|(hei_id, is_local)| InstitutionFacts { hei_id: hei_id.clone(), is_local: *is_local })
    };
    let named_units: Vec<String> =
        [data.sending.unit_id, data.receiving.unit_id].into_iter().flatten().map(|u| u.to_string()).collect();
    let unit_owners: HashMap<String, String> = if named_units.is_empty() {
        HashMap::new()
    } else {
        units::table
            .filter(units::id.eq_any(&named_units))
            .select((units::id, units::institution_id))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect()
    };
    let unit_of = |unit: Option<iro_domain::UnitId>| {
        unit.and_then(|u| unit_owners.get(&u.to_string()))
            .map(|owner| InstitutionId::parse(owner).map_err(corrupt("institution id")))
            .transpose()
    };
    let condition = match condition {
        Some(row) => {
            let heis: HeiIds = [&row.sending_institution_id, &row.receiving_institution_id]
                .into_iter()
                .filter_map(|id| found.get(id).map(|(hei, _)| (id.clone(), hei.clone())))
                .collect();
            Some(row.into_domain(&heis)?)
        }
        None => None,
    };
    Ok(ReferenceFacts {
        person,
        sending: institution(data.sending.institution_id),
        receiving: institution(data.receiving.institution_id),
        sending_unit_of: unit_of(data.sending.unit_id)?,
        receiving_unit_of: unit_of(data.receiving.unit_id)?,
        agreement,
        condition,
    })
}
