//! From stored data to a generated checklist: the rules in force in the database, and the
//! facts of one mobility (its person's citizenships, where they are insured, the destination,
//! the purpose and the dates), which the domain turns into a checklist.

use std::collections::HashMap;

use iro_domain::checklist::{Checklist, MobilityFacts, RuleSet, generate};
use iro_domain::mobility::{ActivityType, Mobility};
use iro_domain::{CountryCode, InstitutionId};
use iro_persistence::models::checklist_rule::ChecklistRuleRecord;
use iro_persistence::repositories::{checklist_rules, institutions, learning_agreements, people};
use iro_persistence::{DbConnection, RepoError};

use crate::error::ApiResult;

/// The rules checklists are generated from: every row not withdrawn.
pub fn load_rules(conn: &mut DbConnection) -> ApiResult<RuleSet> {
    rule_set(checklist_rules::active(conn)?)
}

/// Builds a rule set from stored rows. Each row was checked by the domain's parser when it was
/// stored, so a failure here means the data was damaged.
pub fn rule_set(records: impl IntoIterator<Item = ChecklistRuleRecord>) -> ApiResult<RuleSet> {
    let mut rules = RuleSet::default();
    for record in records {
        rules
            .add_row(&record.rule.rule_row())
            .map_err(|e| RepoError::Corrupt(format!("checklist rule {}: {e}", record.id)))?;
    }
    Ok(rules)
}

/// Looks up institutions' countries once per request (a page of alerts shares partners).
#[derive(Debug, Default)]
pub struct Countries(HashMap<InstitutionId, CountryCode>);

impl Countries {
    fn of(&mut self, conn: &mut DbConnection, id: InstitutionId) -> ApiResult<CountryCode> {
        if let Some(country) = self.0.get(&id) {
            return Ok(*country);
        }
        let country = institutions::find(conn, id)?.data.country;
        self.0.insert(id, country);
        Ok(country)
    }
}

/// The facts a mobility's checklist depends on ([`MobilityFacts::of_mobility`]), read from
/// its person and institutions, and for a traineeship what its learning agreement says the
/// host covers (accident, liability), passed in as data.
pub fn facts_of(conn: &mut DbConnection, countries: &mut Countries, mobility: &Mobility) -> ApiResult<MobilityFacts> {
    let person = people::find(conn, mobility.data.person_id)?;
    let home_country = countries.of(conn, person.data.home_institution_id)?;
    let receiving_country = countries.of(conn, mobility.data.receiving.institution_id)?;
    let mut facts =
        MobilityFacts::of_mobility(&mobility.data, person.data.citizenships, home_country, receiving_country);
    // Only a traineeship's agreement says anything about the host's cover: other mobilities
    // spare the read.
    if mobility.data.activity_type == ActivityType::StudentTraineeship {
        facts.host_insurance = learning_agreements::host_insurance(conn, mobility.id)?;
    }
    Ok(facts)
}

/// Generates a mobility's checklist from the stored rules.
pub fn checklist_of(
    conn: &mut DbConnection,
    countries: &mut Countries,
    rules: &RuleSet,
    mobility: &Mobility,
) -> ApiResult<(MobilityFacts, Checklist)> {
    let facts = facts_of(conn, countries, mobility)?;
    let checklist = generate(&facts, rules);
    Ok((facts, checklist))
}
