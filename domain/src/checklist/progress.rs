//! Progress on checklist items and the alerts that follow from it: what the office must chase
//! (insurance to arrange and not confirmed, steps overdue or due soon, rules nobody knows).

use chrono::{Days, NaiveDate};

use crate::wire_enum::wire_enum;

use super::item::Checklist;
use super::vocabulary::ItemKind;

wire_enum! {
    /// Where an item stands. Progress is kept by item key, so it survives regeneration.
    pub enum ProgressStatus ("checklist item status") {
        /// Not done yet.
        Open = "open",
        /// Done (evidence recorded where there is any).
        Done = "done",
        /// Does not apply to this participant (e.g. cover bought through another scheme).
        NotApplicable = "not_applicable",
    }
}

/// Progress recorded on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemProgress {
    /// The item's stable key.
    pub key: String,
    /// Where it stands.
    pub status: ProgressStatus,
}

wire_enum! {
    /// Why a mobility needs the office's attention.
    pub enum AlertKind ("alert kind") {
        /// A mandatory insurance cover is not provided automatically and nobody confirmed it.
        InsuranceToArrange = "insurance_to_arrange",
        /// A step, document or registration is past its due date and still open.
        StepOverdue = "step_overdue",
        /// A step, document or registration is due within the look-ahead and still open.
        StepDueSoon = "step_due_soon",
        /// No rule is known for something: check with the consulate or insurer, then record it.
        UnknownRule = "unknown_rule",
    }
}

/// One thing to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// Why.
    pub kind: AlertKind,
    /// The checklist item.
    pub item_key: String,
    /// The item's title.
    pub title: String,
    /// The item's due date.
    pub due: Option<NaiveDate>,
}

/// The alerts of one checklist on `today`, looking `within_days` ahead. Items marked done or
/// not applicable raise nothing; an insurance cover raises one alert (not also a due-date one).
pub fn alerts(checklist: &Checklist, progress: &[ItemProgress], today: NaiveDate, within_days: u16) -> Vec<Alert> {
    let open = |key: &str| progress.iter().find(|p| p.key == key).is_none_or(|p| p.status == ProgressStatus::Open);
    let horizon = today.checked_add_days(Days::new(u64::from(within_days))).unwrap_or(NaiveDate::MAX);
    let mut found = Vec::new();
    for cover in &checklist.insurance.covers {
        if cover.needs_action() && open(&cover.item.key) {
            found.push(Alert {
                kind: AlertKind::InsuranceToArrange,
                item_key: cover.item.key.clone(),
                title: cover.item.title.clone(),
                due: cover.item.due,
            });
        }
    }
    let covers: Vec<&str> = checklist.insurance.covers.iter().map(|c| c.item.key.as_str()).collect();
    for item in checklist.items().filter(|i| !covers.contains(&i.key.as_str()) && open(&i.key)) {
        let kind = match (item.kind, item.due) {
            (ItemKind::Unknown, _) => AlertKind::UnknownRule,
            (ItemKind::Notice, _) | (_, None) => continue,
            (_, Some(due)) if due < today => AlertKind::StepOverdue,
            (_, Some(due)) if due <= horizon => AlertKind::StepDueSoon,
            _ => continue,
        };
        found.push(Alert { kind, item_key: item.key.clone(), title: item.title.clone(), due: item.due });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CountryCode;
    use crate::checklist::{MobilityFacts, Purpose, RuleSet, generate};
    use crate::mobility::{ActivityType, Direction, MobilityProgramme};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// An MK student to Russia for a semester under a bilateral agreement.
    fn semester_in_russia() -> Checklist {
        let facts = MobilityFacts {
            direction: Direction::Outgoing,
            citizenships: vec![CountryCode::parse("MK").unwrap()],
            home_country: CountryCode::parse("MK").unwrap(),
            destination: CountryCode::parse("RU").unwrap(),
            purpose: Purpose::SemesterStudy,
            start: day("2027-02-01"),
            end: day("2027-06-30"),
            programme: MobilityProgramme::Bilateral,
            activity: ActivityType::StudentStudies,
            host_insurance: Default::default(),
        };
        generate(&facts, &RuleSet::seed().unwrap())
    }

    #[test]
    fn open_items_raise_alerts_and_done_ones_do_not() {
        let checklist = semester_in_russia();
        let before = alerts(&checklist, &[], day("2026-06-01"), 14);
        assert!(before.iter().all(|a| a.kind != AlertKind::StepOverdue), "{before:#?}");
        // Documents are due on departure (1 February); the day after, they are overdue.
        let late = alerts(&checklist, &[], day("2027-02-02"), 14);
        assert!(late.iter().any(|a| a.kind == AlertKind::StepOverdue), "{late:#?}");
        let overdue = late.iter().find(|a| a.kind == AlertKind::StepOverdue).unwrap().clone();
        let done = [ItemProgress { key: overdue.item_key.clone(), status: ProgressStatus::Done }];
        let after = alerts(&checklist, &done, day("2027-02-02"), 14);
        assert!(after.iter().all(|a| a.item_key != overdue.item_key));
        assert_eq!(after.len() + 1, late.len());
    }

    #[test]
    fn insurance_to_arrange_is_raised_once_until_confirmed() {
        let checklist = semester_in_russia();
        assert!(checklist.insurance_not_automatic());
        let raised = alerts(&checklist, &[], day("2027-03-01"), 0);
        let insurance: Vec<&Alert> = raised.iter().filter(|a| a.kind == AlertKind::InsuranceToArrange).collect();
        assert!(!insurance.is_empty());
        for alert in &insurance {
            assert_eq!(raised.iter().filter(|a| a.item_key == alert.item_key).count(), 1);
        }
        let confirmed: Vec<ItemProgress> = insurance
            .iter()
            .map(|a| ItemProgress { key: a.item_key.clone(), status: ProgressStatus::NotApplicable })
            .collect();
        let after = alerts(&checklist, &confirmed, day("2027-03-01"), 0);
        assert!(after.iter().all(|a| a.kind != AlertKind::InsuranceToArrange));
    }

    #[test]
    fn due_soon_respects_the_look_ahead() {
        let checklist = semester_in_russia();
        let due: Vec<NaiveDate> = checklist.items().filter_map(|i| i.due).collect();
        let first = *due.iter().min().unwrap();
        let day_before = first.pred_opt().unwrap();
        let soon = |within| {
            alerts(&checklist, &[], day_before, within).iter().filter(|a| a.kind == AlertKind::StepDueSoon).count()
        };
        assert_eq!(soon(0), 0);
        assert!(soon(1) >= 1);
    }
}
