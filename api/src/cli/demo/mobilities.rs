//! Demo people and mobilities for 2026/2027: outgoing students to Russia, Bulgaria and Serbia
//! (applications only where the agreement is not yet in force; the KA131 ones under the demo
//! grant),
//! an incoming group from Lipetsk arriving in April, and staff teaching mobilities. Each is
//! stored as an application and nominated through the server's own use case
//! (`mobilities::change_status_by_rules`), so the demo never over-fills a quota: a student who
//! does not fit stays `applied`.

use chrono::{NaiveDate, Utc};
use iro_domain::agreement::{Actor, Agreement};
use iro_domain::mobility::{
    ActivityType, DateRange, LanguageSkill, MobilityData, MobilityDocument, MobilitySide, StudentActivityAttribute,
};
use iro_domain::nomination::{StatusChangeRefusal, StatusChangeRequest};
use iro_domain::person::PersonData;
use iro_domain::{
    AcademicYear, CountryCode, Direction, EqfLevel, GrantId, Hundredths, LanguageTag, MobilityId, MobilityProgramme,
    MobilityStatus, ParticipantKind, Programme,
};
use iro_persistence::repositories::agreements::{self, conditions};
use iro_persistence::repositories::mobilities::{self, NewMobility};
use iro_persistence::repositories::{institutions, people};
use iro_persistence::{DbConnection, PageRequest, RepoError};

use super::agreements::Party;
use super::invalid;

const STUDENTS: [(&str, &str); 8] = [
    ("Ana", "Trajkovska"),
    ("Marko", "Nikolovski"),
    ("Elena", "Dimitrova"),
    ("Stefan", "Petrovski"),
    ("Ivana", "Georgievska"),
    ("Bojan", "Stojanov"),
    ("Marija", "Ilievska"),
    ("Filip", "Jovanovski"),
];
const GUESTS: [(&str, &str); 3] = [("Daria", "Kuznetsova"), ("Ilya", "Smirnov"), ("Polina", "Volkova")];

fn day(text: &str) -> Result<NaiveDate, RepoError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| RepoError::Setup(format!("demo date {text}: {e}")))
}

fn person(
    given: &str,
    family: &str,
    country: &str,
    home: &Party,
    kind: ParticipantKind,
    birth_date: Option<NaiveDate>,
) -> Result<PersonData, RepoError> {
    let student = kind == ParticipantKind::Student;
    Ok(PersonData {
        given_names: given.to_owned(),
        family_name: family.to_owned(),
        email: Some(format!("{}.{}@{}", given.to_lowercase(), family.to_lowercase(), home.hei_id)),
        birth_date,
        citizenships: vec![CountryCode::parse(country).map_err(invalid)?],
        gender: Some(0),
        home_institution_id: home.id,
        home_unit_id: home.units.first().map(|(_, id)| *id),
        kind,
        eqf_level: if student { Some(EqfLevel::new(6).map_err(invalid)?) } else { None },
        isced_f_code: None,
        position: (!student).then(|| "Associate professor".to_owned()),
        esi: None,
        fewer_opportunities: false,
        special_needs: None,
        user_id: None,
    })
}

/// The programme a mobility under `agreement` with a partner in `country` falls under.
fn programme(agreement: &Agreement, country: &str) -> MobilityProgramme {
    match (agreement.data.programme, country) {
        (Programme::Bilateral, _) => MobilityProgramme::Bilateral,
        (Programme::ErasmusPlus, "RU") => MobilityProgramme::ErasmusKa171,
        (Programme::ErasmusPlus, _) => MobilityProgramme::ErasmusKa131,
    }
}

struct Context {
    actor: Actor,
    year: AcademicYear,
}

/// Why a demo nomination did not happen: the rules or the quota refused it, or storing failed.
enum NotNominated {
    Refused,
    Failed(RepoError),
}

impl From<RepoError> for NotNominated {
    fn from(error: RepoError) -> Self {
        NotNominated::Failed(error)
    }
}

impl From<StatusChangeRefusal> for NotNominated {
    fn from(_: StatusChangeRefusal) -> Self {
        NotNominated::Refused
    }
}

/// Stores one mobility as an application, then nominates it through the same use case as
/// `POST /mobilities/{id}/status` (`mobilities::change_status_by_rules`), so the demo never
/// over-fills a quota: an outgoing one the rules or the quota refuse stays `applied`; an
/// incoming one that does not fit is not stored.
fn store(conn: &mut DbConnection, ctx: &Context, data: &MobilityData) -> Result<bool, RepoError> {
    let id = MobilityId::generate();
    let new = NewMobility { id, data, status: MobilityStatus::Applied, quota_override_reason: None };
    mobilities::insert(conn, &new, &ctx.actor, Utc::now())?;
    let nominate = StatusChangeRequest::to(MobilityStatus::Nominated);
    // The demo acts as the office: nobody to authorize.
    match mobilities::change_status_by_rules(conn, id, &nominate, &ctx.actor, Utc::now(), |_| Ok(())) {
        Ok(_) => Ok(true),
        Err(NotNominated::Refused) if data.direction == Direction::Outgoing => Ok(true),
        Err(NotNominated::Refused) => {
            mobilities::delete(conn, id)?;
            Ok(false)
        }
        Err(NotNominated::Failed(error)) => Err(error),
    }
}

/// Loads the demo mobilities under every agreement in force; returns how many were stored.
///
/// The outgoing KA131 mobilities belong to `grant`; the first student to Bulgaria is stored
/// without a birth date, so that the grant's Beneficiary Module report shows one draft.
pub fn load(conn: &mut DbConnection, local: &Party, partners: &[Party], grant: GrantId) -> Result<usize, RepoError> {
    let ctx = Context {
        actor: Actor { id: "system:demo-data".to_owned(), name: "iro demo-data".to_owned() },
        year: AcademicYear::parse("2026/2027").map_err(invalid)?,
    };
    let all = agreements::list(conn, &Default::default(), &PageRequest { limit: 200, after: None })?;
    let mut stored = 0;
    let mut students = STUDENTS.iter().cycle();
    let english = LanguageTag::parse("en").map_err(invalid)?;
    let mut left_incomplete = false;
    // Agreements not yet in force still collect applications (a nomination would be refused).
    for agreement in &all.items {
        let Some(partner) = partners.iter().find(|p| p.id == agreement.data.partner_institution_id) else { continue };
        let country = institutions::find(conn, partner.id)?.data.country.as_str().to_owned();
        let country = country.as_str();
        let programme = programme(agreement, country);
        for condition in conditions::all(conn, agreement.id)? {
            let terms = &condition.data.terms;
            if !terms.covers(ctx.year) {
                continue;
            }
            let direction = condition.data.direction(partner.id);
            let side = |s: iro_domain::agreement::ConditionSide| MobilitySide {
                institution_id: s.institution_id,
                unit_id: s.unit_id,
            };
            let (sending, receiving) = (side(condition.data.sending), side(condition.data.receiving));
            let eqf = terms.eqf_levels().iter().next().copied();
            let isced = terms.subject_areas().first().map(|s| s.isced_f_code.clone());
            let base = |person_id, planned, activity: ActivityType| MobilityData {
                direction,
                activity_type: activity,
                activity_attribute: activity.is_student().then_some(StudentActivityAttribute::LongTerm),
                programme,
                person_id,
                agreement_id: Some(agreement.id),
                condition_id: Some(condition.id),
                sending,
                receiving,
                academic_year: ctx.year,
                planned,
                actual_start: None,
                actual_end: None,
                eqf_level: if activity.is_student() { eqf } else { None },
                isced_f_code: isced.clone(),
                language_skills: vec![LanguageSkill {
                    language: english.clone(),
                    cefr_level: iro_domain::CefrLevel::B2,
                }],
                teaching_hours: (activity == ActivityType::StaffTeaching).then(|| Hundredths::whole(8)),
                combined_with_training: false,
                documents: vec![MobilityDocument {
                    name: "motivation letter".to_owned(),
                    reference: "https://files.example.org/demo/motivation.pdf".to_owned(),
                }],
                notes: None,
                grant_id: (programme == MobilityProgramme::ErasmusKa131 && direction == Direction::Outgoing)
                    .then_some(grant),
            };
            match (terms.mobility_type(), direction) {
                (ActivityType::StudentStudies, Direction::Outgoing) => {
                    let period = DateRange::new(day("2026-09-01")?, day("2027-01-31")?).map_err(invalid)?;
                    for _ in 0..terms.mobilities_per_year().min(4) {
                        let Some((given, family)) = students.next() else { break };
                        // One record of the grant's report incomplete on purpose: no birth date.
                        let incomplete = country == "BG" && !left_incomplete;
                        left_incomplete |= incomplete;
                        let birth = if incomplete { None } else { Some(day("2004-05-06")?) };
                        let p = people::insert(
                            conn,
                            &person(given, family, "MK", local, ParticipantKind::Student, birth)?,
                            Utc::now(),
                        )?;
                        let data = base(p.id, period, ActivityType::StudentStudies);
                        stored += usize::from(store(conn, &ctx, &data)?);
                    }
                }
                (ActivityType::StudentStudies, Direction::Incoming) if country == "RU" => {
                    // The April group from Lipetsk.
                    let period = DateRange::new(day("2027-04-01")?, day("2027-06-30")?).map_err(invalid)?;
                    for (given, family) in GUESTS.iter().take(terms.mobilities_per_year().min(3) as usize) {
                        let p = people::insert(
                            conn,
                            &person(given, family, "RU", partner, ParticipantKind::Student, Some(day("2005-02-11")?))?,
                            Utc::now(),
                        )?;
                        let data = base(p.id, period, ActivityType::StudentStudies);
                        stored += usize::from(store(conn, &ctx, &data)?);
                    }
                }
                (ActivityType::StaffTeaching, _) => {
                    let period = DateRange::new(day("2026-10-05")?, day("2026-10-09")?).map_err(invalid)?;
                    let home = if direction == Direction::Outgoing { local } else { partner };
                    let p = people::insert(
                        conn,
                        &person("Goran", "Velinov", "MK", home, ParticipantKind::Staff, Some(day("1978-09-23")?))?,
                        Utc::now(),
                    )?;
                    let data = base(p.id, period, ActivityType::StaffTeaching);
                    stored += usize::from(store(conn, &ctx, &data)?);
                }
                _ => {}
            }
        }
    }
    Ok(stored)
}
