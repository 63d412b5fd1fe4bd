//! An Erasmus+ grant project: the grant agreement a National Agency signed with the
//! university, under which the office runs and reports its mobilities.

use chrono::NaiveDate;

use super::{GrantAction, GrantProjectNumber};
use crate::mobility::{DateRange, Direction, MobilityProgramme};
use crate::wire_enum::wire_enum;
use crate::{CountryCode, GrantId, InvalidValue};

wire_enum! {
    /// A budget line of a grant agreement (Erasmus+ Programme Guide, KA131/KA171 budget).
    pub enum BudgetLine ("budget line") {
        /// Individual support (subsistence) of participants.
        IndividualSupport = "individual_support",
        /// Travel of participants.
        Travel = "travel",
        /// Inclusion support (real costs for participants with fewer opportunities).
        InclusionSupport = "inclusion_support",
        /// Organisational support of the beneficiary.
        OrganisationalSupport = "organisational_support",
        /// Exceptional costs (expensive travel, visas, guarantees).
        ExceptionalCosts = "exceptional_costs",
    }
}

/// An amount granted for one line, in euro cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetAmount {
    /// The line.
    pub line: BudgetLine,
    /// Euro cents.
    pub amount_cents: u64,
}

/// A grant project's data, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantData {
    /// The project number.
    pub number: GrantProjectNumber,
    /// The project's period.
    pub period: DateRange,
    /// KA171: the partner countries; KA131: none.
    pub partner_countries: Vec<CountryCode>,
    /// What each line was granted.
    pub budget: Vec<BudgetAmount>,
}

impl GrantData {
    /// Checks the parts against each other: the stated action and call year must be the
    /// number's, partner countries belong to KA171 only, each line appears once. Returns
    /// every problem with the field it concerns.
    pub fn new(
        number: GrantProjectNumber,
        action: GrantAction,
        call_year: u16,
        start: NaiveDate,
        end: NaiveDate,
        partner_countries: Vec<CountryCode>,
        budget: Vec<BudgetAmount>,
    ) -> Result<Self, Vec<(&'static str, InvalidValue)>> {
        let mut problems = Vec::new();
        if action != number.action() {
            problems.push((
                "action",
                InvalidValue::format(format!("the project number {number} is a {} project", number.action())),
            ));
        }
        if call_year != number.call_year() {
            problems.push((
                "call_year",
                InvalidValue::format(format!("the project number {number} is of call {}", number.call_year())),
            ));
        }
        match (number.action(), partner_countries.is_empty()) {
            (GrantAction::Ka131, false) => problems.push((
                "partner_countries",
                InvalidValue {
                    code: "not_allowed",
                    message: "partner countries are named by KA171 projects only".into(),
                },
            )),
            (GrantAction::Ka171, true) => problems
                .push(("partner_countries", InvalidValue::required("a KA171 project names its partner countries"))),
            _ => {}
        }
        let mut seen = Vec::new();
        for amount in &budget {
            if seen.contains(&amount.line) {
                problems.push((
                    "budget_lines",
                    InvalidValue { code: "duplicate", message: format!("budget line {} appears twice", amount.line) },
                ));
            }
            seen.push(amount.line);
        }
        let period = DateRange::new(start, end).map_err(|e| problems.push(("period_end", e)));
        match period {
            Ok(period) if problems.is_empty() => Ok(GrantData { number, period, partner_countries, budget }),
            _ => Err(problems),
        }
    }

    /// The key action.
    pub fn action(&self) -> GrantAction {
        self.number.action()
    }

    /// The call year.
    pub fn call_year(&self) -> u16 {
        self.number.call_year()
    }

    /// The mobility programme the project funds.
    pub fn programme(&self) -> MobilityProgramme {
        match self.action() {
            GrantAction::Ka131 => MobilityProgramme::ErasmusKa131,
            GrantAction::Ka171 => MobilityProgramme::ErasmusKa171,
        }
    }
}

/// A stored grant project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Id.
    pub id: GrantId,
    /// Data.
    pub data: GrantData,
    /// Optimistic-concurrency version.
    pub version: u32,
    /// Created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// Whether a mobility must belong to a grant before it goes live: every outgoing Erasmus+
/// mobility (our grant pays it), and incoming KA171 mobilities (KA171 funds both directions;
/// an incoming KA131 participant is paid by the sending institution's grant).
pub fn needs_grant(programme: MobilityProgramme, direction: Direction) -> bool {
    matches!(
        (programme, direction),
        (MobilityProgramme::ErasmusKa131, Direction::Outgoing) | (MobilityProgramme::ErasmusKa171, _)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(t: &str) -> NaiveDate {
        NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_parts_must_agree_with_the_project_number() {
        let number = GrantProjectNumber::parse("2026-1-MK01-KA131-HED-000123456").unwrap();
        let bg = CountryCode::parse("BG").unwrap();
        let problems = GrantData::new(
            number.clone(),
            GrantAction::Ka171,
            2025,
            date("2026-06-01"),
            date("2028-07-31"),
            vec![bg],
            vec![],
        )
        .unwrap_err();
        let fields: Vec<_> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["action", "call_year", "partner_countries"]);
        let ok =
            GrantData::new(number, GrantAction::Ka131, 2026, date("2026-06-01"), date("2028-07-31"), vec![], vec![])
                .unwrap();
        assert_eq!(ok.programme(), MobilityProgramme::ErasmusKa131);
    }

    #[test]
    fn outgoing_erasmus_and_all_ka171_mobilities_need_a_grant() {
        use Direction::*;
        use MobilityProgramme::*;
        assert!(needs_grant(ErasmusKa131, Outgoing));
        assert!(!needs_grant(ErasmusKa131, Incoming));
        assert!(needs_grant(ErasmusKa171, Incoming));
        assert!(!needs_grant(Bilateral, Outgoing));
    }
}
