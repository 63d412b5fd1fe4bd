//! `mobilities::change_status_by_rules`, the one nomination use case: what it records, what it
//! refuses, and how many SQL statements a nomination runs (counted with diesel's
//! instrumentation, so a regression fails here rather than in a benchmark); and that its
//! join reads the same facts as `mobilities::reference_facts` reads by id — on a temporary
//! SQLite file, and on a fresh PostgreSQL database when `IRO_TEST_DATABASE_URL` names a
//! server.

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, Utc};
use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::{Connection, RunQueryDsl};
use iro_domain::agreement::{
    AcademicYearRange, Actor, AgreementCode, AgreementData, AgreementStatus, ConditionData, ConditionSide,
    CooperationCondition, CooperationConditionInput, LanguageRequirementInput, Programme, Signature, SubjectAreaInput,
};
use iro_domain::mobility::{ActivityType, DateRange, Mobility, MobilityData, MobilitySide, StudentActivityAttribute};
use iro_domain::nomination::{PlaceRefusal, StatusChangeRefusal, StatusChangeRequest};
use iro_domain::person::PersonData;
use iro_domain::quota::{HeldPlaces, NominationRefusal};
use iro_domain::{
    AcademicYear, CountryCode, Direction, EqfLevel, HeiId, Institution, InstitutionData, LocalizedText, MobilityId,
    MobilityProgramme, MobilityStatus, ParticipantKind, UnitCode, UnitData,
};
use iro_persistence::repositories::agreements::{self, conditions};
use iro_persistence::repositories::mobilities::{self, NewMobility};
use iro_persistence::repositories::{institutions, people, units};
use iro_persistence::{DbConnection, PageRequest, RepoError, establish, run_migrations, write_transaction};

/// The most statements one nomination may run, `BEGIN` and `COMMIT` included (issue 10).
const STATEMENT_BUDGET: usize = 8;

/// Runs `check` on a migrated SQLite database, then on PostgreSQL when asked for.
fn on_each_engine(check: impl Fn(&mut DbConnection)) {
    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = establish(&dir.path().join("status.db").to_string_lossy()).unwrap();
    run_migrations(&mut sqlite).unwrap();
    check(&mut sqlite);
    let Some(server) = std::env::var("IRO_TEST_DATABASE_URL").ok().filter(|v| !v.is_empty()) else {
        return;
    };
    let name = format!("iro_status_{}", uuid::Uuid::now_v7().simple());
    let mut admin = establish(&server).unwrap();
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut pg = establish(&format!("{base}/{name}")).unwrap();
        run_migrations(&mut pg).unwrap();
        check(&mut pg);
    }));
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).unwrap();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// The SQL a connection runs, as diesel's instrumentation reports each statement it starts.
#[derive(Clone, Default)]
struct Statements(Arc<Mutex<Vec<String>>>);

impl Instrumentation for Statements {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            self.0.lock().unwrap().push(query.to_string());
        }
    }
}

impl Statements {
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// Why a change did not happen, as these tests tell the cases apart.
#[derive(Debug)]
enum Failure {
    Repo(RepoError),
    Refused(StatusChangeRefusal),
    Denied,
}

impl From<RepoError> for Failure {
    fn from(error: RepoError) -> Self {
        Failure::Repo(error)
    }
}

impl From<StatusChangeRefusal> for Failure {
    fn from(refusal: StatusChangeRefusal) -> Self {
        Failure::Refused(refusal)
    }
}

fn year(text: &str) -> AcademicYear {
    AcademicYear::parse(text).unwrap()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn institution(conn: &mut DbConnection, hei: &str, country: &str, is_local: bool) -> Institution {
    let data = InstitutionData {
        hei_id: HeiId::parse(hei).unwrap(),
        erasmus_code: None,
        pic: None,
        oid: None,
        name: LocalizedText::parse([("en", hei)]).unwrap(),
        abbreviation: None,
        country: CountryCode::parse(country).unwrap(),
        city: None,
        website: None,
        is_local,
        ewp_enabled: false,
        contacts: vec![],
        coordinates: None,
    };
    institutions::insert(conn, &data, Utc::now()).unwrap()
}

fn actor() -> Actor {
    Actor { id: "system:test".into(), name: "test".into() }
}

/// Our university with a faculty, a partner, an agreement approved by both and an outgoing
/// studies condition of `places` places and 25 months a year; `applications` applications.
fn office(conn: &mut DbConnection, places: u32, applications: usize) -> Vec<Mobility> {
    let ukim = institution(conn, "ukim.edu.mk", "MK", true);
    let finki = UnitData {
        code: UnitCode::parse("FINKI").unwrap(),
        name: LocalizedText::parse([("en", "Faculty of Computer Science")]).unwrap(),
        parent_id: None,
        contacts: vec![],
    };
    let finki = units::insert(conn, ukim.id, &finki, Utc::now()).unwrap();
    let lipetsk = institution(conn, "uni-lipetsk.ru", "RU", false);
    let data = AgreementData {
        code: AgreementCode::parse("BIL-LIPETSK").unwrap(),
        programme: Programme::Bilateral,
        partner_institution_id: lipetsk.id,
        partner_unit_id: None,
        local_unit_id: None,
        partner_agreement_id: None,
        partner_agreement_code: None,
        period: AcademicYearRange::new(year("2025/2026"), year("2028/2029")).unwrap(),
        local_signature: Signature::default(),
        partner_signature: Signature::default(),
        other_info: None,
    };
    let agreement = agreements::insert(conn, &data, Utc::now()).unwrap();
    let input = CooperationConditionInput {
        mobility_type: "student_studies".into(),
        sending_hei_id: "ukim.edu.mk".into(),
        receiving_hei_id: "uni-lipetsk.ru".into(),
        first_academic_year: "2025/2026".into(),
        last_academic_year: "2027/2028".into(),
        mobilities_per_year: places,
        total_months_per_year: Some("25".into()),
        eqf_levels: vec![6, 7],
        subject_areas: vec![SubjectAreaInput { isced_f_code: "0613".into(), clarification: None }],
        language_requirements: vec![LanguageRequirementInput {
            language: "ru".into(),
            cefr_level: "B1".into(),
            isced_f_code: None,
        }],
        ..CooperationConditionInput::default()
    };
    let outline = agreement.outline(ukim.data.hei_id.clone(), lipetsk.data.hei_id.clone());
    let terms = ConditionData {
        sending: ConditionSide { institution_id: ukim.id, unit_id: None },
        receiving: ConditionSide { institution_id: lipetsk.id, unit_id: None },
        terms: CooperationCondition::parse(&input, &outline).unwrap(),
    };
    let condition = conditions::insert(conn, agreement.id, &terms, Utc::now()).unwrap();
    let to = AgreementStatus::ApprovedByBoth;
    agreements::change_status(conn, agreement.id, AgreementStatus::Draft, to, None, &actor(), Utc::now()).unwrap();
    (0..applications)
        .map(|n| {
            let person = PersonData {
                given_names: "Ana".into(),
                family_name: format!("Student{n}"),
                email: None,
                birth_date: None,
                citizenships: vec![CountryCode::parse("MK").unwrap()],
                gender: None,
                home_institution_id: ukim.id,
                home_unit_id: Some(finki.id),
                kind: ParticipantKind::Student,
                eqf_level: Some(EqfLevel::new(6).unwrap()),
                isced_f_code: None,
                position: None,
                esi: None,
                fewer_opportunities: false,
                special_needs: None,
                user_id: None,
            };
            let person = people::insert(conn, &person, Utc::now()).unwrap();
            let data = MobilityData {
                direction: Direction::Outgoing,
                activity_type: ActivityType::StudentStudies,
                activity_attribute: Some(StudentActivityAttribute::LongTerm),
                programme: MobilityProgramme::Bilateral,
                person_id: person.id,
                agreement_id: Some(agreement.id),
                condition_id: Some(condition.id),
                sending: MobilitySide { institution_id: ukim.id, unit_id: Some(finki.id) },
                receiving: MobilitySide { institution_id: lipetsk.id, unit_id: None },
                academic_year: year("2026/2027"),
                planned: DateRange::new(day("2026-09-01"), day("2027-01-31")).unwrap(),
                actual_start: None,
                actual_end: None,
                eqf_level: Some(EqfLevel::new(6).unwrap()),
                isced_f_code: None,
                language_skills: vec![],
                teaching_hours: None,
                combined_with_training: false,
                documents: vec![],
                notes: None,
                grant_id: None,
            };
            let new = NewMobility {
                id: MobilityId::generate(),
                data: &data,
                status: MobilityStatus::Applied,
                quota_override_reason: None,
            };
            mobilities::insert(conn, &new, &actor(), Utc::now()).unwrap()
        })
        .collect()
}

/// Changes the status in its own write transaction, letting everyone through.
fn change(
    conn: &mut DbConnection,
    mobility: &Mobility,
    request: &StatusChangeRequest<'_>,
) -> Result<Mobility, Failure> {
    write_transaction(conn, |conn| {
        mobilities::change_status_by_rules(conn, mobility.id, request, &actor(), Utc::now(), |_| Ok::<_, Failure>(()))
    })
}

fn nominate() -> StatusChangeRequest<'static> {
    StatusChangeRequest::to(MobilityStatus::Nominated)
}

#[test]
fn a_nomination_runs_at_most_eight_statements() {
    on_each_engine(|conn| {
        let applications = office(conn, 5, 3);
        // Another place is held and the person has a second mobility, so both reads of
        // related mobilities return rows.
        change(conn, &applications[0], &nominate()).unwrap();
        let statements = Statements::default();
        conn.set_instrumentation(statements.clone());
        let nominated = change(conn, &applications[1], &nominate()).unwrap();
        let run = statements.take();
        // Shown with `--nocapture`: what the engine was asked, in order.
        eprintln!("{} statements:\n{}", run.len(), run.join("\n"));
        assert_eq!(nominated.status, MobilityStatus::Nominated);
        assert!(
            run.len() <= STATEMENT_BUDGET,
            "a nomination ran {} statements (budget {STATEMENT_BUDGET}):\n{}",
            run.len(),
            run.join("\n")
        );
        // The same budget holds for a refusal, which writes nothing.
        let cancel =
            StatusChangeRequest { reason: Some("withdrew"), ..StatusChangeRequest::to(MobilityStatus::Cancelled) };
        change(conn, &applications[2], &cancel).unwrap();
        statements.take();
        assert!(matches!(change(conn, &applications[2], &nominate()), Err(Failure::Refused(_))));
        assert!(statements.take().len() <= STATEMENT_BUDGET);
    });
}

#[test]
fn a_nomination_records_the_status_the_history_and_the_override_together() {
    on_each_engine(|conn| {
        let applications = office(conn, 1, 2);
        let first = change(conn, &applications[0], &nominate()).unwrap();
        assert_eq!(first.status, MobilityStatus::Nominated);
        assert_eq!(first.version, applications[0].version + 1);
        assert_eq!(first, mobilities::find(conn, first.id).unwrap(), "what the write returned is what is stored");
        let refused = change(conn, &applications[1], &nominate());
        assert!(
            matches!(
                refused,
                Err(Failure::Refused(StatusChangeRefusal::Place(PlaceRefusal::Quota(
                    NominationRefusal::QuotaExhausted { .. }
                ))))
            ),
            "{refused:?}"
        );
        assert_eq!(mobilities::find(conn, applications[1].id).unwrap().status, MobilityStatus::Applied);
        let overridden = StatusChangeRequest { override_quota: true, reason: Some("dean's decision"), ..nominate() };
        let second = change(conn, &applications[1], &overridden).unwrap();
        assert_eq!(second.quota_override_reason.as_deref(), Some("dean's decision"));
        let history = mobilities::history(conn, second.id, None, &PageRequest { limit: 10, after: None }).unwrap();
        let steps: Vec<_> = history.items.iter().map(|c| (c.from, c.to, c.reason.clone())).collect();
        assert_eq!(
            steps,
            [
                (None, MobilityStatus::Applied, None),
                (Some(MobilityStatus::Applied), MobilityStatus::Nominated, Some("dean's decision".to_owned())),
            ]
        );
        // Releasing the place clears the override.
        let reject = StatusChangeRequest {
            reason: Some("transcript missing"),
            ..StatusChangeRequest::to(MobilityStatus::Rejected)
        };
        assert_eq!(change(conn, &applications[1], &reject).unwrap().quota_override_reason, None);
    });
}

#[test]
fn the_caller_decides_who_may_before_anything_is_decided_or_written() {
    on_each_engine(|conn| {
        let applications = office(conn, 5, 1);
        let denied = write_transaction(conn, |conn| {
            let illegal = StatusChangeRequest::to(MobilityStatus::Live);
            mobilities::change_status_by_rules(conn, applications[0].id, &illegal, &actor(), Utc::now(), |facts| {
                assert_eq!(facts.mobility.id, applications[0].id);
                Err::<(), _>(Failure::Denied)
            })
        });
        assert!(matches!(denied, Err(Failure::Denied)), "{denied:?}");
        let missing = change(conn, &Mobility { id: MobilityId::generate(), ..applications[0].clone() }, &nominate());
        assert!(matches!(missing, Err(Failure::Repo(RepoError::NotFound))), "{missing:?}");
    });
}

#[test]
fn the_join_and_the_reads_by_id_see_the_same_facts() {
    on_each_engine(|conn| {
        let applications = office(conn, 5, 1);
        let mobility = &applications[0];
        let seen = facts_of(conn, mobility);
        assert_eq!(seen.mobility, *mobility);
        let by_id = mobilities::reference_facts(conn, &mobility.data).unwrap();
        assert_eq!(seen.references, by_id);
        let sending = by_id.sending.as_ref().unwrap();
        assert!(sending.is_local && !by_id.receiving.as_ref().unwrap().is_local);
        assert_eq!(by_id.sending_unit_of, Some(mobility.data.sending.institution_id));
        assert_eq!(seen.person_mobilities.len(), 1);
        assert_eq!(seen.held, HeldPlaces::default(), "no other mobility holds a place");

        // Ids no record has read as missing.
        let mut data = mobility.data.clone();
        data.person_id = iro_domain::PersonId::generate();
        data.receiving.institution_id = iro_domain::InstitutionId::generate();
        data.sending.unit_id = Some(iro_domain::UnitId::generate());
        data.agreement_id = Some(iro_domain::AgreementId::generate());
        data.condition_id = Some(iro_domain::ConditionId::generate());
        let missing = mobilities::reference_facts(conn, &data).unwrap();
        assert_eq!(missing.person, None);
        assert_eq!(missing.receiving, None);
        assert_eq!(missing.sending_unit_of, None);
        assert_eq!(missing.agreement, None);
        assert_eq!(missing.condition, None);
        assert!(missing.sending.is_some());
    });
}

/// One line of `EXPLAIN QUERY PLAN`.
#[derive(diesel::QueryableByName)]
struct PlanStep {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

#[test]
fn a_nomination_searches_indexes_whatever_the_statistics_say() {
    on_each_engine(|conn| {
        let DbConnection::Sqlite(_) = conn else { return };
        let applications = office(conn, 5, 3);
        // Statistics of a database where one condition holds most of 100,000 mobilities (as in
        // the benchmark): with them, `person = ? OR (condition = ? AND year = ?)` was planned
        // as a walk over the whole table in id order.
        diesel::sql_query("ANALYZE").execute(conn).unwrap();
        diesel::sql_query("DELETE FROM sqlite_stat1 WHERE tbl = 'mobilities'").execute(conn).unwrap();
        for (index, stat) in [
            ("mobilities_condition_holding", "100000 50000 50000 10000 10000"),
            ("mobilities_person_id", "100000 1"),
            ("sqlite_autoindex_mobilities_1", "100000 1"),
        ] {
            diesel::sql_query(format!("INSERT INTO sqlite_stat1 VALUES ('mobilities', '{index}', '{stat}')"))
                .execute(conn)
                .unwrap();
        }
        diesel::sql_query("ANALYZE sqlite_schema").execute(conn).unwrap();
        let statements = Statements::default();
        conn.set_instrumentation(statements.clone());
        change(conn, &applications[0], &nominate()).unwrap();
        let run = statements.take();
        let reads: Vec<String> = run
            .iter()
            .filter(|sql| sql.trim_start().starts_with("SELECT"))
            .map(|sql| sql.split(" -- binds:").next().unwrap().to_owned())
            .collect();
        assert!(!reads.is_empty(), "the nomination read nothing? {run:?}");
        for sql in reads {
            let plan: Vec<PlanStep> = diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}")).load(conn).unwrap();
            statements.take();
            assert!(
                plan.iter().all(|step| !step.detail.starts_with("SCAN mobilities")),
                "a nomination scans the mobilities:\n{sql}\n{:#?}",
                plan.iter().map(|s| &s.detail).collect::<Vec<_>>()
            );
        }
    });
}

/// The facts a status change of `mobility` reads (the change itself refused by the caller).
fn facts_of(conn: &mut DbConnection, mobility: &Mobility) -> iro_domain::nomination::StatusChangeFacts {
    write_transaction(conn, |conn| {
        let mut seen = None;
        let refused =
            mobilities::change_status_by_rules(conn, mobility.id, &nominate(), &actor(), Utc::now(), |facts| {
                seen = Some(facts.clone());
                Err::<(), _>(Failure::Denied)
            });
        assert!(matches!(refused, Err(Failure::Denied)));
        Ok::<_, Failure>(seen.unwrap())
    })
    .unwrap()
}

#[test]
fn the_database_counts_what_the_other_place_holders_hold() {
    on_each_engine(|conn| {
        let applications = office(conn, 5, 4);
        let planned = |m: &Mobility| m.data.planned_duration();
        assert_eq!(facts_of(conn, &applications[3]).held, HeldPlaces::default());
        // Two hold a place; a third held one and released it; the fourth is asked about.
        for m in &applications[..3] {
            change(conn, m, &nominate()).unwrap();
        }
        let cancel =
            StatusChangeRequest { reason: Some("withdrew"), ..StatusChangeRequest::to(MobilityStatus::Cancelled) };
        change(conn, &applications[2], &cancel).unwrap();
        let held = facts_of(conn, &applications[3]).held;
        assert_eq!(held.places, 2);
        assert_eq!(held.amount, planned(&applications[0]) + planned(&applications[1]));
        // A place holder asking about itself is left out of what the others hold.
        let held = facts_of(conn, &applications[0]).held;
        assert_eq!(held.places, 1);
        assert_eq!(held.amount, planned(&applications[1]));
    });
}
