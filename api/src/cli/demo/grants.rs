//! The demo's Erasmus+ grant: a KA131 project of call 2026 that funds the outgoing KA131
//! mobilities (to Sofia and Belgrade). Its number is an illustrative demo value, not a real
//! grant agreement; the rates it is reported with are the seeded example rates.

use chrono::Utc;
use iro_domain::GrantId;
use iro_domain::funding::{BudgetAmount, BudgetLine, GrantAction, GrantData, GrantProjectNumber};
use iro_persistence::repositories::grants::projects;
use iro_persistence::{DbConnection, RepoError};

use super::invalid;

/// The demo project's number (illustrative).
const NUMBER: &str = "2026-1-MK01-KA131-HED-000123456";

/// Stores the demo grant project; returns its id.
pub fn load(conn: &mut DbConnection) -> Result<GrantId, RepoError> {
    let day = |text: &str| {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| RepoError::Setup(format!("demo date: {e}")))
    };
    let data = GrantData::new(
        GrantProjectNumber::parse(NUMBER).map_err(invalid)?,
        GrantAction::Ka131,
        2026,
        day("2026-06-01")?,
        day("2028-07-31")?,
        vec![],
        vec![
            BudgetAmount { line: BudgetLine::IndividualSupport, amount_cents: 8_400_000 },
            BudgetAmount { line: BudgetLine::Travel, amount_cents: 960_000 },
            BudgetAmount { line: BudgetLine::OrganisationalSupport, amount_cents: 1_200_000 },
        ],
    )
    .map_err(|problems| RepoError::Setup(format!("demo grant: {problems:?}")))?;
    Ok(projects::insert(conn, &data, Utc::now())?.id)
}
