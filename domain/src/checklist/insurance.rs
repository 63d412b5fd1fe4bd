//! The insurance part of checklist generation: each required cover, and whether it is provided
//! automatically (by whom) or must be arranged by the participant.

use super::item::{Arrangement, ChecklistItem, CoverCheck, InsuranceChecklist, MobilityFacts};
use super::rule_set::RuleSet;
use super::rules::{HealthCoverageScheme, InsuranceRequirement};
use super::vocabulary::{CoverType, CoverageExtent, ItemKind, Provider, SchemeKind};

/// A readable name of a cover.
fn cover_title(cover: CoverType) -> &'static str {
    match cover {
        CoverType::Health => "Health insurance",
        CoverType::Travel => "Travel insurance (incl. luggage)",
        CoverType::Accident => "Accident insurance",
        CoverType::ThirdPartyLiability => "Third-party liability insurance",
        CoverType::DeathAndRepatriation => "Death and repatriation cover",
    }
}

/// Builds the insurance checklist (rows valid on the departure day apply).
pub(crate) fn insurance_checklist(facts: &MobilityFacts, rules: &RuleSet) -> InsuranceChecklist {
    let days = facts.stay_days();
    let applicable = rules.insurance.iter().filter(|r| {
        r.provenance.holds_on(facts.start)
            && r.programmes.contains(&facts.programme)
            && r.activities.contains(&facts.activity)
            && r.destination.contains(facts.destination)
            && r.min_stay_days.is_none_or(|min| days >= i64::from(min))
    });
    let mut checklist = InsuranceChecklist { covers: Vec::new(), unknowns: Vec::new() };
    for requirement in applicable {
        let check = cover_check(facts, rules, requirement, &mut checklist.unknowns);
        let taken = checklist.covers.iter().filter(|c| c.item.key.starts_with(&check.item.key)).count();
        let mut check = check;
        if taken > 0 {
            check.item.key = format!("{}:{taken}", check.item.key);
        }
        checklist.covers.push(check);
    }
    if checklist.covers.is_empty() {
        checklist.unknowns.push(ChecklistItem {
            key: "insurance".to_owned(),
            kind: ItemKind::Unknown,
            title: "Insurance requirements unknown: check with the programme and the host".to_owned(),
            explanation: format!(
                "No insurance requirement is recorded for {} {} to {}. Ask the programme coordinator and the host, \
                 and add the rule.",
                facts.programme, facts.activity, facts.destination
            ),
            source: None,
            status: None,
            due: Some(facts.start),
        });
    }
    checklist
}

fn cover_check(
    facts: &MobilityFacts,
    rules: &RuleSet,
    requirement: &InsuranceRequirement,
    unknowns: &mut Vec<ChecklistItem>,
) -> CoverCheck {
    let cover = requirement.cover;
    let name = cover_title(cover);
    let mut item = ChecklistItem {
        key: format!("insurance:{cover}:{}", requirement.provider),
        kind: ItemKind::Insurance,
        title: String::new(),
        explanation: requirement.note.clone(),
        source: Some(requirement.provenance.source.clone()),
        status: Some(requirement.provenance.status),
        due: Some(facts.start),
    };
    let arrangement = match (requirement.provider, requirement.fallback) {
        (Provider::StateScheme, _) => match health_scheme(facts, rules) {
            Some(scheme) if scheme.kind != SchemeKind::None => {
                let forms =
                    if scheme.forms.is_empty() { String::new() } else { format!(" ({})", scheme.forms.join(", ")) };
                let extent = match scheme.covers {
                    CoverageExtent::UrgentCareOnly => " — urgent care only",
                    CoverageExtent::NecessaryCare => " — necessary care",
                    CoverageExtent::Nothing => "",
                };
                item.title = format!("{name}: obtain the {}{forms} before departure{extent}", scheme.kind);
                item.explanation = format!(
                    "{} {} Obtain the certificate from the health fund before departure; it applies only if the \
                     participant is insured there. Care beyond what the scheme covers must be insured privately.",
                    requirement.note, scheme.note
                );
                combine(&mut item, scheme);
                Arrangement::ObtainCertificate(Provider::StateScheme)
            }
            Some(scheme) => {
                item.title = format!("{name}: arrange it (no state coverage in {})", facts.destination.name());
                item.explanation = format!("{} {}", requirement.note, scheme.note);
                combine(&mut item, scheme);
                Arrangement::ToArrange
            }
            None => {
                unknowns.push(ChecklistItem {
                    key: "health_coverage".to_owned(),
                    kind: ItemKind::Unknown,
                    title: "Health coverage unknown: check with the health insurer".to_owned(),
                    explanation: format!(
                        "No health-coverage scheme is recorded for people insured in {} staying in {}.",
                        facts.home_country, facts.destination
                    ),
                    source: None,
                    status: None,
                    due: Some(facts.start),
                });
                item.title = format!("{name}: arrange it (state coverage unknown)");
                Arrangement::ToArrange
            }
        },
        (Provider::Participant, _) => {
            item.title = format!("{name}: to be arranged by the participant");
            Arrangement::ToArrange
        }
        // The traineeship learning agreement says whether the host covers it: that settles
        // what the rule left to confirm.
        (Provider::Host, _) if facts.host_covers(cover) == Some(true) => {
            item.title = format!("{name}: provided by the host (traineeship learning agreement)");
            Arrangement::Automatic(Provider::Host)
        }
        (Provider::Host, _) if facts.host_covers(cover) == Some(false) => {
            item.title = format!("{name}: to arrange — the host does not cover it (traineeship learning agreement)");
            Arrangement::ToArrange
        }
        (provider, Some(_)) => {
            item.title = format!("{name}: confirm that the {provider} provides it, otherwise arrange it");
            Arrangement::ConfirmWith(provider)
        }
        (provider, None) => {
            item.title = format!("{name}: provided by the {provider}");
            Arrangement::Automatic(provider)
        }
    };
    if !requirement.mandatory {
        item.title.push_str(" (recommended)");
    }
    CoverCheck { cover, mandatory: requirement.mandatory, arrangement, item }
}

/// Adds a scheme's source and status to an item built from a requirement.
fn combine(item: &mut ChecklistItem, scheme: &HealthCoverageScheme) {
    item.source = Some(format!("{}; {}", item.source.clone().unwrap_or_default(), scheme.provenance.source));
    item.status = item.status.map(|s| s.weaker(scheme.provenance.status));
}

/// The scheme for the participant's home country and destination on the departure day: named
/// countries before `*`, then the more reliable status.
fn health_scheme<'r>(facts: &MobilityFacts, rules: &'r RuleSet) -> Option<&'r HealthCoverageScheme> {
    rules
        .health_coverage
        .iter()
        .filter(|s| s.provenance.holds_on(facts.start))
        .filter(|s| s.home.contains(facts.home_country) && s.destination.contains(facts.destination))
        .filter(|_| facts.home_country != facts.destination)
        .min_by_key(|s| (!s.home.is_specific(), !s.destination.is_specific(), s.provenance.status.rank()))
}
