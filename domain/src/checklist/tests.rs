//! Checklist generation against the seeded rules: every seeded pair and purpose, validity
//! switching, several citizenships and unknowns.

use chrono::NaiveDate;

use super::*;
use crate::CountryCode;
use crate::mobility::{ActivityType, Direction, MobilityProgramme};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn cc(code: &str) -> CountryCode {
    CountryCode::parse(code).unwrap()
}

/// An outgoing Erasmus+ KA131 semester from MK, to be adjusted per test.
fn facts(citizenships: &[&str], destination: &str, start: &str, end: &str) -> MobilityFacts {
    MobilityFacts {
        direction: Direction::Outgoing,
        citizenships: citizenships.iter().map(|c| cc(c)).collect(),
        home_country: cc("MK"),
        destination: cc(destination),
        purpose: Purpose::SemesterStudy,
        start: day(start),
        end: day(end),
        programme: MobilityProgramme::ErasmusKa131,
        activity: ActivityType::StudentStudies,
        host_insurance: Default::default(),
    }
}

fn seed() -> RuleSet {
    RuleSet::seed().unwrap()
}

fn item<'c>(checklist: &'c Checklist, key: &str) -> &'c ChecklistItem {
    checklist.items().find(|i| i.key == key).unwrap_or_else(|| panic!("no item {key}: {checklist:#?}"))
}

fn has(checklist: &Checklist, key: &str) -> bool {
    checklist.items().any(|i| i.key == key)
}

fn cover(checklist: &Checklist, cover: CoverType) -> Vec<&CoverCheck> {
    checklist.insurance.covers.iter().filter(|c| c.cover == cover).collect()
}

#[test]
fn mk_to_russia_semester_needs_a_study_visa_hiv_certificate_and_russian_insurance() {
    let mut facts = facts(&["MK"], "RU", "2026-09-01", "2027-01-31");
    facts.programme = MobilityProgramme::ErasmusKa171;
    let checklist = generate(&facts, &seed());
    assert_eq!(checklist.visa.need, VisaNeed::Required(VisaType::RussianStudy));
    assert!(checklist.visa_required());
    for document in ["invitation_ru", "hiv_certificate", "russian_medical_insurance", "passport_ru_study"] {
        assert_eq!(item(&checklist, &format!("document:{document}")).kind, ItemKind::Document);
    }
    assert!(item(&checklist, "document:passport_ru_study").explanation.contains("18 months"));
    assert_eq!(item(&checklist, "visa").status, Some(FactStatus::Secondary));
    // Registration within 3 working days: arrival Tuesday 1 Sept → Friday 4 Sept.
    assert_eq!(item(&checklist, "registration:migration office:specific").due, Some(day("2026-09-04")));
    // No bilateral coverage with Russia: health is to be arranged, twice over (ДМС and private).
    let health = cover(&checklist, CoverType::Health);
    assert_eq!(health.len(), 2);
    assert!(health.iter().all(|c| c.arrangement == Arrangement::ToArrange));
    assert!(health[0].item.explanation.contains("No social security agreement"));
    assert!(checklist.insurance_not_automatic());
    assert_eq!(checklist.covers_to_arrange(), CoverType::ALL);
    // The unconfirmed 2008 agreement is for stays up to 90 days only.
    assert!(!checklist.items().any(|i| i.explanation.contains("2008")));
}

#[test]
fn mk_to_russia_short_visit_shows_the_unconfirmed_2008_agreement_as_an_alternative() {
    let mut facts = facts(&["MK"], "RU", "2026-05-04", "2026-05-10");
    facts.purpose = Purpose::ShortVisit;
    let checklist = generate(&facts, &seed());
    assert_eq!(checklist.visa.need, VisaNeed::Required(VisaType::Unspecified));
    let alternative = item(&checklist, "notice:alternative:0");
    assert_eq!(alternative.status, Some(FactStatus::Unconfirmed));
    assert!(alternative.explanation.contains("2008 agreement"));
}

#[test]
fn mk_to_bulgaria_semester_needs_a_d_visa_residence_permit_and_private_covers_beyond_urgent_care() {
    let facts = facts(&["MK"], "BG", "2026-10-01", "2027-02-15");
    let checklist = generate(&facts, &seed());
    assert_eq!(checklist.visa.need, VisaNeed::Required(VisaType::D));
    assert_eq!(item(&checklist, "step:residence_permit").due, Some(day("2026-12-30")));
    assert!(item(&checklist, "step:visa_application").explanation.contains("No typical lead time"));
    for document in ["acceptance_letter", "housing_proof", "health_insurance", "proof_of_funds", "photos"] {
        assert!(has(&checklist, &format!("document:{document}")), "{document}");
    }
    let health = cover(&checklist, CoverType::Health);
    assert_eq!(health.len(), 1);
    // The health fund's certificate covers urgent care, but only once obtained: an item to act
    // on before departure, not something provided without the participant.
    assert_eq!(health[0].arrangement, Arrangement::ObtainCertificate(Provider::StateScheme));
    assert!(health[0].needs_action() && !health[0].to_arrange());
    assert_eq!(health[0].item.due, Some(day("2026-10-01")));
    assert!(health[0].item.title.contains("РМ/РБ 101") && health[0].item.title.contains("urgent care only"));
    assert_eq!(
        checklist.covers_to_arrange(),
        [CoverType::Travel, CoverType::Accident, CoverType::ThirdPartyLiability, CoverType::DeathAndRepatriation]
    );
    assert!(checklist.insurance_not_automatic());
    // No registration rule for Bulgaria is recorded: said so, not left out.
    assert_eq!(item(&checklist, "registration").kind, ItemKind::Unknown);
}

#[test]
fn mk_to_serbia_needs_no_visa_and_an_id_card_suffices() {
    let mut facts = facts(&["MK"], "RS", "2026-03-02", "2026-04-30");
    facts.activity = ActivityType::StaffTeaching;
    facts.purpose = Purpose::StaffTeaching;
    let checklist = generate(&facts, &seed());
    assert_eq!(checklist.visa.need, VisaNeed::NotRequired);
    assert!(!checklist.visa_required());
    assert!(item(&checklist, "visa").explanation.contains("identity card suffices"));
    assert!(has(&checklist, "document:id_card"));
    assert!(!has(&checklist, "step:visa_application"));
    let health = cover(&checklist, CoverType::Health);
    assert!(health[0].item.title.contains("РМ/СРБ 101"));
}

#[test]
fn mk_to_serbia_semester_needs_an_unconfirmed_residence_registration() {
    let checklist = generate(&facts(&["MK"], "RS", "2026-10-01", "2027-02-15"), &seed());
    assert_eq!(checklist.visa.need, VisaNeed::NotRequired);
    assert_eq!(item(&checklist, "step:residence_permit").status, Some(FactStatus::Unconfirmed));
}

#[test]
fn russians_arriving_in_april_need_a_visa_and_police_registration_within_24_hours() {
    let facts = MobilityFacts {
        direction: Direction::Incoming,
        citizenships: vec![cc("RU")],
        home_country: cc("RU"),
        destination: cc("MK"),
        purpose: Purpose::ShortVisit,
        start: day("2026-04-13"),
        end: day("2026-04-24"),
        programme: MobilityProgramme::ErasmusKa171,
        activity: ActivityType::StudentStudies,
        host_insurance: Default::default(),
    };
    let checklist = generate(&facts, &seed());
    assert_eq!(checklist.visa.need, VisaNeed::Required(VisaType::C));
    assert!(item(&checklist, "visa").explanation.contains("April intake"));
    let registration = item(&checklist, "registration:police");
    assert_eq!((registration.due, registration.status), (Some(day("2026-04-14")), Some(FactStatus::Confirmed)));
    // No health scheme known for people insured in Russia: an explicit unknown.
    assert_eq!(item(&checklist, "health_coverage").kind, ItemKind::Unknown);
    assert!(checklist.insurance_not_automatic());
}

#[test]
fn russian_semester_in_mk_needs_a_d_visa_and_residence_documents() {
    let mut facts = facts(&["RU"], "MK", "2026-10-01", "2027-02-15");
    facts.home_country = cc("RU");
    let checklist = generate(&facts, &seed());
    assert_eq!(checklist.visa.need, VisaNeed::Required(VisaType::D));
    assert!(item(&checklist, "document:criminal_record").explanation.contains("6 months"));
    assert!(item(&checklist, "document:passport_copy_mk_residence").explanation.contains("16 months"));
    assert!(has(&checklist, "insurance:health:participant"));
}

#[test]
fn russian_rules_before_march_2022_are_unknown() {
    let mut facts = facts(&["RU"], "MK", "2021-10-01", "2021-10-10");
    facts.purpose = Purpose::ShortVisit;
    let checklist = generate(&facts, &seed());
    assert_eq!(checklist.visa.need, VisaNeed::Unknown);
    assert!(item(&checklist, "visa").title.contains("check with the consulate"));
}

#[test]
fn serbians_and_bulgarians_enter_mk_without_a_visa() {
    let mut serbian = facts(&["RS"], "MK", "2026-10-01", "2026-11-30");
    serbian.direction = Direction::Incoming;
    serbian.home_country = cc("RS");
    let checklist = generate(&serbian, &seed());
    assert_eq!(checklist.visa.need, VisaNeed::NotRequired);
    assert!(has(&checklist, "document:id_card"));
    assert!(has(&checklist, "registration:police"));
    assert_eq!(item(&checklist, "visa").status, Some(FactStatus::Confirmed));

    serbian.end = day("2027-02-15");
    let semester = generate(&serbian, &seed());
    assert_eq!(semester.visa.need, VisaNeed::NotRequired);
    assert!(item(&semester, "step:residence_permit").explanation.contains("Ministry of the Interior"));
    assert!(has(&semester, "document:health_insurance_1_year"));

    let bulgarian = MobilityFacts { citizenships: vec![cc("BG")], home_country: cc("BG"), ..serbian };
    let bulgarian = MobilityFacts { end: day("2026-11-30"), ..bulgarian };
    let checklist = generate(&bulgarian, &seed());
    assert_eq!(checklist.visa.need, VisaNeed::NotRequired);
    assert!(item(&checklist, "visa").explanation.contains("not known"));
}

#[test]
fn bulgaria_switches_to_schengen_counting_on_its_dates() {
    let short = |start: &str, end: &str| {
        let mut f = facts(&["MK"], "BG", start, end);
        f.purpose = Purpose::StaffTraining;
        f.activity = ActivityType::StaffTraining;
        generate(&f, &seed())
    };
    let before = short("2024-03-01", "2024-03-10");
    assert_eq!(item(&before, "visa").status, Some(FactStatus::Derived));
    assert!(item(&before, "visa").explanation.contains("on its own"));
    let air_sea = short("2024-06-01", "2024-06-10");
    assert!(item(&air_sea, "visa").explanation.contains("air and sea"));
    assert!(item(&air_sea, "visa").explanation.contains("all Schengen states"));
    let full = short("2025-02-01", "2025-02-10");
    assert!(item(&full, "visa").explanation.contains("fully"));
    // A stay across a switch says when the rules change.
    let across = short("2024-12-20", "2025-01-10");
    assert_eq!(item(&across, "notice:rule_change:2025-01-01").due, Some(day("2025-01-01")));
    assert!(item(&across, "visa").explanation.contains("air and sea"));
}

#[test]
fn several_citizenships_use_the_most_favourable_and_say_why() {
    let checklist = generate(&facts(&["MK", "BG"], "BG", "2026-10-01", "2027-02-15"), &seed());
    assert_eq!(checklist.visa.need, VisaNeed::NotRequired);
    assert_eq!(checklist.visa.citizenship_used, Some(cc("BG")));
    let notice = item(&checklist, "notice:citizenship");
    assert!(notice.explanation.contains("BG: citizen of the destination"), "{}", notice.explanation);
    assert!(notice.explanation.contains("MK: needs a national long-stay visa (type D)"), "{}", notice.explanation);
    assert!(!has(&checklist, "registration"));

    // RU+RS citizen to MK: the Serbian ID card beats the Russian visa.
    let mut facts = facts(&["RU", "RS"], "MK", "2026-04-13", "2026-04-24");
    facts.purpose = Purpose::ShortVisit;
    let checklist = generate(&facts, &seed());
    assert_eq!(checklist.visa.citizenship_used, Some(cc("RS")));
    assert!(checklist.visa.citizenship_explanation.contains("RU: needs a short-stay visa (type C)"));
}

#[test]
fn unknown_pairs_give_unknown_items_never_silence() {
    let checklist = generate(&facts(&["MK"], "JP", "2026-10-01", "2027-02-15"), &seed());
    assert_eq!(checklist.visa.need, VisaNeed::Unknown);
    assert_eq!(item(&checklist, "visa").kind, ItemKind::Unknown);
    assert!(checklist.has_unknowns());
    // Health: no agreement recorded with Japan → the derived fallback says arrange it.
    assert!(cover(&checklist, CoverType::Health).iter().all(|c| c.arrangement == Arrangement::ToArrange));

    let mut bilateral = facts(&["MK"], "RS", "2026-03-02", "2026-03-20");
    bilateral.programme = MobilityProgramme::Bilateral;
    let checklist = generate(&bilateral, &seed());
    assert_eq!(item(&checklist, "insurance").kind, ItemKind::Unknown);
    assert!(!checklist.insurance_not_automatic());

    let nobody = MobilityFacts { citizenships: vec![], ..bilateral };
    assert_eq!(generate(&nobody, &seed()).visa.need, VisaNeed::Unknown);
}

#[test]
fn traineeship_cover_is_confirmed_with_the_host_or_arranged() {
    let mut facts = facts(&["MK"], "DE", "2026-07-01", "2026-08-31");
    facts.purpose = Purpose::Traineeship;
    facts.activity = ActivityType::StudentTraineeship;
    let checklist = generate(&facts, &seed());
    assert_eq!(checklist.visa.need, VisaNeed::NotRequired);
    let accident = cover(&checklist, CoverType::Accident);
    assert!(accident.iter().any(|c| c.arrangement == Arrangement::ConfirmWith(Provider::Host)));
    assert!(checklist.covers_to_arrange().contains(&CoverType::Accident));

    // The traineeship learning agreement settles it: covered by the host, or to arrange.
    facts.host_insurance = crate::learning_agreement::HostInsurance { accident: Some(true), liability: Some(false) };
    let checklist = generate(&facts, &seed());
    let at_host = |cover_type| {
        cover(&checklist, cover_type).into_iter().find(|c| c.item.key.ends_with(":host")).map(|c| c.arrangement)
    };
    assert_eq!(at_host(CoverType::Accident), Some(Arrangement::Automatic(Provider::Host)));
    assert_eq!(at_host(CoverType::ThirdPartyLiability), Some(Arrangement::ToArrange));
}

#[test]
fn due_dates_count_back_from_departure_by_the_lead_time() {
    let mut rules = seed();
    let text = "[visa]\ncitizenship = MK\ndestination = JP\npurpose = *\nvisa = c\nid_card = no\n\
                documents = photos\nlead_time_days = 45\nnote = test\nvalid_from = 2026-01-01\n\
                source = test\nstatus = unconfirmed\nlast_checked = 2026-11-28\n";
    rules.add_file("extra.rules", text).unwrap();
    let checklist = generate(&facts(&["MK"], "JP", "2026-10-01", "2026-10-20"), &rules);
    assert_eq!(item(&checklist, "step:visa_application").due, Some(day("2026-08-17")));
    // The document is only as sure as the unconfirmed rule asking for it.
    let photos = item(&checklist, "document:photos");
    assert_eq!((photos.due, photos.status), (Some(day("2026-08-17")), Some(FactStatus::Unconfirmed)));
}

#[test]
fn registration_deadlines_count_hours_days_and_working_days() {
    let friday = day("2026-11-27");
    assert_eq!(visa::registration_due(friday, Deadline::Hours(24)), Some(day("2026-11-28")));
    assert_eq!(visa::registration_due(friday, Deadline::Days(30)), Some(day("2026-12-27")));
    assert_eq!(visa::registration_due(friday, Deadline::WorkingDays(3)), Some(day("2026-12-02")));
}
