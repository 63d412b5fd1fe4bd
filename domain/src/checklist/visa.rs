//! The visa part of checklist generation: the rule for each citizenship, the most favourable
//! citizenship, and the decision, steps, documents and registrations it implies.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::CountryCode;

use super::item::{ChecklistItem, MobilityFacts, VisaChecklist, VisaNeed};
use super::rule_set::RuleSet;
use super::rules::{CountrySet, Deadline, DocumentType, Provenance, VisaRule};
use super::vocabulary::{FactStatus, ItemKind, VisaType};

/// What one citizenship gets.
enum Standing<'r> {
    /// A citizen of the destination needs no visa at all.
    Citizen,
    /// The chosen rule and the other matching rules (weaker or less specific).
    Rule { rule: &'r VisaRule, others: Vec<&'r VisaRule> },
    /// No rule applies.
    Unknown,
}

impl Standing<'_> {
    /// Lower is more favourable: citizen, then visa-free (ID card first), then lighter visas,
    /// then no residence permit, then the better-sourced rule; unknown last.
    fn burden(&self, days: i64) -> (u8, u8, bool, bool, u8) {
        match self {
            Standing::Citizen => (0, 0, false, false, 0),
            Standing::Rule { rule, .. } => (
                1,
                rule.visa.burden(),
                needs_residence_permit(rule, days),
                rule.id_card_accepted != Some(true),
                rule.provenance.status.rank(),
            ),
            Standing::Unknown => (2, 0, false, false, 0),
        }
    }

    fn summary(&self, days: i64) -> String {
        match self {
            Standing::Citizen => "citizen of the destination, no visa".to_owned(),
            Standing::Rule { rule, .. } => {
                let mut text = match (rule.visa, rule.id_card_accepted) {
                    (VisaType::None, Some(true)) => "no visa, ID card accepted".to_owned(),
                    (VisaType::None, _) => "no visa".to_owned(),
                    (visa, _) => format!("needs a {}", visa.title()),
                };
                if needs_residence_permit(rule, days) {
                    text.push_str(", then a residence permit");
                }
                format!("{text} ({})", rule.provenance.status)
            }
            Standing::Unknown => "no visa rule known".to_owned(),
        }
    }
}

fn needs_residence_permit(rule: &VisaRule, days: i64) -> bool {
    rule.residence_permit_after_days.is_some_and(|after| days > i64::from(after))
}

/// Ranks rows for one citizenship: named countries before `*`, then the more reliable status,
/// then the newer row.
fn preference(rule: &VisaRule) -> (bool, bool, u8, std::cmp::Reverse<Option<NaiveDate>>) {
    (
        !rule.citizenship.is_specific(),
        !rule.destination.is_specific(),
        rule.provenance.status.rank(),
        std::cmp::Reverse(rule.provenance.valid_from),
    )
}

fn option_for<'r>(facts: &MobilityFacts, rules: &'r RuleSet, citizenship: CountryCode) -> Standing<'r> {
    if citizenship == facts.destination {
        return Standing::Citizen;
    }
    let days = facts.stay_days();
    let mut matching: Vec<&VisaRule> = rules
        .visa
        .iter()
        .filter(|r| r.provenance.holds_on(facts.start))
        .filter(|r| r.matches(citizenship, facts.destination, facts.purpose, days))
        .collect();
    matching.sort_by_key(|r| preference(r));
    let mut rest = matching.into_iter();
    match rest.next() {
        Some(rule) => Standing::Rule { rule, others: rest.collect() },
        None => Standing::Unknown,
    }
}

/// Builds the visa checklist (rules valid on the departure day apply).
pub(crate) fn visa_checklist(facts: &MobilityFacts, rules: &RuleSet) -> VisaChecklist {
    let days = facts.stay_days();
    let mut citizenships = facts.citizenships.clone();
    citizenships.dedup();
    let options: Vec<(CountryCode, Standing<'_>)> =
        citizenships.iter().map(|&c| (c, option_for(facts, rules, c))).collect();
    // min_by_key keeps the first of equals: ties go to the citizenship listed first.
    let chosen = options.iter().enumerate().min_by_key(|(_, (_, option))| option.burden(days)).map(|(i, _)| i);

    let mut items = Vec::new();
    let explanation = citizenship_explanation(&options, chosen, days);
    if options.len() > 1 {
        items.push(ChecklistItem {
            key: "notice:citizenship".to_owned(),
            kind: ItemKind::Notice,
            title: "Most favourable citizenship used".to_owned(),
            explanation: explanation.clone(),
            source: None,
            status: None,
            due: None,
        });
    }
    let Some((citizenship, option)) = chosen.and_then(|i| options.get(i)) else {
        items.push(unknown_visa_item(facts, &citizenships));
        return VisaChecklist {
            need: VisaNeed::Unknown,
            citizenship_used: None,
            citizenship_explanation: explanation,
            items,
        };
    };
    let need = match option {
        Standing::Citizen => {
            items.push(ChecklistItem {
                key: "visa".to_owned(),
                kind: ItemKind::Visa,
                title: format!("No visa needed: citizen of {}", facts.destination.name()),
                explanation: "Citizens enter their own country freely; no visa, residence permit or registration."
                    .to_owned(),
                source: Some("citizenship".to_owned()),
                status: Some(FactStatus::Confirmed),
                due: None,
            });
            VisaNeed::NotRequired
        }
        Standing::Unknown => {
            items.push(unknown_visa_item(facts, &citizenships));
            VisaNeed::Unknown
        }
        Standing::Rule { rule, others } => {
            rule_items(facts, rules, rule, &mut items);
            for (index, other) in others.iter().enumerate() {
                items.push(item_from(
                    format!("notice:alternative:{index}"),
                    ItemKind::Notice,
                    format!("Another rule may apply ({})", other.provenance.status),
                    other.note.clone(),
                    &other.provenance,
                    None,
                ));
            }
            rule_changes(facts, rules, *citizenship, &mut items);
            if rule.visa == VisaType::None { VisaNeed::NotRequired } else { VisaNeed::Required(rule.visa) }
        }
    };
    if !matches!(option, Standing::Citizen) {
        registration_items(facts, rules, *citizenship, &mut items);
    }
    VisaChecklist { need, citizenship_used: Some(*citizenship), citizenship_explanation: explanation, items }
}

fn citizenship_explanation(options: &[(CountryCode, Standing<'_>)], chosen: Option<usize>, days: i64) -> String {
    let describe = |(c, o): &(CountryCode, Standing<'_>)| format!("{c}: {}", o.summary(days));
    match (options, chosen) {
        ([], _) | (_, None) => "No citizenship recorded: the visa decision is unknown.".to_owned(),
        ([only], _) => format!("Citizenship {}.", describe(only)),
        (_, Some(index)) => {
            let others: Vec<String> =
                options.iter().enumerate().filter(|(i, _)| *i != index).map(|(_, o)| describe(o)).collect();
            let used = options.get(index).map(describe).unwrap_or_default();
            format!(
                "Several citizenships; using the most favourable, {used}. Other citizenships: {}.",
                others.join("; ")
            )
        }
    }
}

fn unknown_visa_item(facts: &MobilityFacts, citizenships: &[CountryCode]) -> ChecklistItem {
    let names: Vec<&str> = citizenships.iter().map(CountryCode::as_str).collect();
    ChecklistItem {
        key: "visa".to_owned(),
        kind: ItemKind::Unknown,
        title: format!("Unknown: check with the consulate of {}", facts.destination.name()),
        explanation: format!(
            "No visa rule recorded for citizenship {} to {} for {}, {} days from {}. Ask the consulate and add the rule.",
            if names.is_empty() { "(none)".to_owned() } else { names.join(", ") },
            facts.destination,
            facts.purpose,
            facts.stay_days(),
            facts.start
        ),
        source: None,
        status: None,
        due: None,
    }
}

fn item_from(
    key: String,
    kind: ItemKind,
    title: String,
    explanation: String,
    provenance: &Provenance,
    due: Option<NaiveDate>,
) -> ChecklistItem {
    ChecklistItem {
        key,
        kind,
        title,
        explanation,
        source: Some(provenance.source.clone()),
        status: Some(provenance.status),
        due,
    }
}

fn rule_items(facts: &MobilityFacts, rules: &RuleSet, rule: &VisaRule, items: &mut Vec<ChecklistItem>) {
    let apply_by = rule.lead_time_days.and_then(|lead| facts.start.checked_sub_days(Days::new(u64::from(lead))));
    let mut explanation = rule.note.clone();
    if let Some(free) = rule.visa_free_days {
        explanation.push_str(&format!(" Visa-free stay: up to {free} days"));
        if let Some(window) = rule.window_days {
            explanation.push_str(&format!(" in any {window}-day period"));
        }
        explanation.push_str(if rule.schengen_shared { ", counted together with all Schengen states." } else { "." });
    }
    match rule.id_card_accepted {
        Some(true) => explanation.push_str(" An identity card suffices."),
        Some(false) => explanation.push_str(" A passport is needed."),
        None => explanation.push_str(" Whether an identity card suffices is not known: travel with a passport."),
    }
    let title = match rule.visa {
        VisaType::None => "No visa needed".to_owned(),
        visa => format!("Visa required: {}", visa.title()),
    };
    items.push(item_from("visa".to_owned(), ItemKind::Visa, title, explanation, &rule.provenance, None));
    if rule.visa != VisaType::None {
        let explanation = match rule.lead_time_days {
            Some(lead) => format!("Apply at least {lead} days before departure (typical lead time)."),
            None => "No typical lead time is recorded: apply as early as possible and ask the consulate how long \
                     it takes."
                .to_owned(),
        };
        items.push(item_from(
            "step:visa_application".to_owned(),
            ItemKind::Step,
            format!("Apply for the {}", rule.visa.title()),
            explanation,
            &rule.provenance,
            apply_by,
        ));
    }
    for code in &rule.documents {
        items.push(document_item(facts, rules, rule, code, apply_by.unwrap_or(facts.start)));
    }
    if let Some(after) = rule.residence_permit_after_days.filter(|_| needs_residence_permit(rule, facts.stay_days())) {
        items.push(item_from(
            "step:residence_permit".to_owned(),
            ItemKind::Step,
            "Apply for a residence permit".to_owned(),
            format!("Stays longer than {after} days need a residence permit. {}", rule.note),
            &rule.provenance,
            facts.start.checked_add_days(Days::new(u64::from(after))),
        ));
    }
}

fn document_item(facts: &MobilityFacts, rules: &RuleSet, rule: &VisaRule, code: &str, due: NaiveDate) -> ChecklistItem {
    let document: Option<&DocumentType> = rules
        .documents
        .iter()
        .filter(|d| d.code == code && d.provenance.holds_on(facts.start))
        .min_by_key(|d| d.provenance.status.rank());
    let Some(document) = document else {
        return ChecklistItem {
            key: format!("document:{code}"),
            kind: ItemKind::Unknown,
            title: format!("Unknown document {code:?}: check with the consulate"),
            explanation: "The visa rule names a document type that is not defined for these dates.".to_owned(),
            source: Some(rule.provenance.source.clone()),
            status: None,
            due: Some(due),
        };
    };
    let mut explanation = document.note.clone();
    if let Some(months) = document.min_validity_months {
        explanation.push_str(&format!(" Must be valid for at least {months} months."));
    }
    if let Some(months) = document.max_age_months {
        explanation.push_str(&format!(" Issued no more than {months} months before it is submitted."));
    }
    ChecklistItem {
        key: format!("document:{code}"),
        kind: ItemKind::Document,
        title: document.title.clone(),
        explanation: explanation.trim().to_owned(),
        source: Some(document.provenance.source.clone()),
        // A document is needed only as surely as the rule that asks for it.
        status: Some(document.provenance.status.weaker(rule.provenance.status)),
        due: Some(due),
    }
}

/// Notices for rows that start or end during the stay: the rules on the departure day apply, but
/// the participant should know that they change (Bulgaria joining Schengen, a regime expiring).
fn rule_changes(facts: &MobilityFacts, rules: &RuleSet, citizenship: CountryCode, items: &mut Vec<ChecklistItem>) {
    let days = facts.stay_days();
    for rule in rules.visa.iter().filter(|r| r.matches(citizenship, facts.destination, facts.purpose, days)) {
        let Some(from) = rule.provenance.valid_from.filter(|&from| facts.start < from && from <= facts.end) else {
            continue;
        };
        items.push(item_from(
            format!("notice:rule_change:{from}"),
            ItemKind::Notice,
            format!("Visa rules change on {from}, during the stay"),
            rule.note.clone(),
            &rule.provenance,
            Some(from),
        ));
    }
}

fn registration_items(
    facts: &MobilityFacts,
    rules: &RuleSet,
    citizenship: CountryCode,
    items: &mut Vec<ChecklistItem>,
) {
    let applicable: Vec<_> = rules
        .registrations
        .iter()
        .filter(|r| r.provenance.holds_on(facts.start))
        .filter(|r| r.citizenship.contains(citizenship) && r.destination.contains(facts.destination))
        .collect();
    if applicable.is_empty() {
        items.push(ChecklistItem {
            key: "registration".to_owned(),
            kind: ItemKind::Unknown,
            title: "Registration on arrival unknown: check with the host or the consulate".to_owned(),
            explanation: format!(
                "No registration rule is recorded for {citizenship} citizens in {}.",
                facts.destination
            ),
            source: None,
            status: None,
            due: None,
        });
    }
    for rule in applicable {
        let specific = matches!(rule.citizenship, CountrySet::Only(_));
        items.push(item_from(
            format!("registration:{}{}", rule.authority, if specific { ":specific" } else { "" }),
            ItemKind::Registration,
            format!("Register with the {} within {} of arrival", rule.authority, rule.within),
            rule.note.clone(),
            &rule.provenance,
            registration_due(facts.start, rule.within),
        ));
    }
}

/// The last day of a registration deadline counted from the arrival day.
pub(crate) fn registration_due(arrival: NaiveDate, within: Deadline) -> Option<NaiveDate> {
    match within {
        Deadline::Hours(hours) => arrival.checked_add_days(Days::new(u64::from(hours).div_ceil(24))),
        Deadline::Days(days) => arrival.checked_add_days(Days::new(u64::from(days))),
        Deadline::WorkingDays(count) => {
            let mut day = arrival;
            let mut left = count;
            while left > 0 {
                day = day.succ_opt()?;
                if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                    left -= 1;
                }
            }
            Some(day)
        }
    }
}
