//! Round trips of agreements, conditions and the approved snapshot through the database: on a
//! temporary SQLite file, and on a fresh PostgreSQL database when `IRO_TEST_DATABASE_URL` names
//! a server (as the black-box suite does).

use chrono::Utc;
use diesel::RunQueryDsl;
use iro_domain::agreement::{
    AcademicYearRange, Actor, AgreementCode, AgreementData, AgreementStatus, ConditionData, ConditionSide,
    CooperationCondition, CooperationConditionInput, LanguageRequirementInput, Programme, Signature, SubjectAreaInput,
};
use iro_domain::{AcademicYear, Contact, CountryCode, HeiId, Institution, InstitutionData, LocalizedText};

use super::{conditions, *};
use crate::repositories::institutions;
use crate::{establish, run_migrations};

/// Runs `check` on a migrated SQLite database, then on PostgreSQL when asked for.
fn on_each_engine(check: impl Fn(&mut DbConnection)) {
    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = establish(&dir.path().join("agreements.db").to_string_lossy()).unwrap();
    run_migrations(&mut sqlite).unwrap();
    check(&mut sqlite);
    let Some(server) = std::env::var("IRO_TEST_DATABASE_URL").ok().filter(|v| !v.is_empty()) else {
        return;
    };
    let name = format!("iro_repo_{}", uuid::Uuid::now_v7().simple());
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

fn year(text: &str) -> AcademicYear {
    AcademicYear::parse(text).unwrap()
}

fn studies(agreement: &Agreement, from: &Institution, to: &Institution, months: &str) -> ConditionData {
    let input = CooperationConditionInput {
        mobility_type: "student_studies".into(),
        sending_hei_id: from.data.hei_id.to_string(),
        receiving_hei_id: to.data.hei_id.to_string(),
        first_academic_year: "2025/2026".into(),
        last_academic_year: "2027/2028".into(),
        mobilities_per_year: 5,
        total_months_per_year: Some(months.into()),
        eqf_levels: vec![7, 6],
        subject_areas: vec![SubjectAreaInput { isced_f_code: "0613".into(), clarification: Some("Web".into()) }],
        language_requirements: vec![LanguageRequirementInput {
            language: "ru".into(),
            cefr_level: "B1".into(),
            isced_f_code: Some("0613".into()),
        }],
        other_info: Some("Dormitory".into()),
        ..CooperationConditionInput::default()
    };
    let [ours, theirs] = if from.data.is_local { [from, to] } else { [to, from] };
    let outline = agreement.outline(ours.data.hei_id.clone(), theirs.data.hei_id.clone());
    ConditionData {
        sending: ConditionSide { institution_id: from.id, unit_id: None },
        receiving: ConditionSide { institution_id: to.id, unit_id: None },
        terms: CooperationCondition::parse(&input, &outline).unwrap(),
    }
}

#[test]
fn agreements_conditions_and_the_approved_version_read_back_as_written() {
    on_each_engine(|conn| {
        let ukim = institution(conn, "ukim.edu.mk", "MK", true);
        let lipetsk = institution(conn, "uni-lipetsk.ru", "RU", false);
        let data = AgreementData {
            code: AgreementCode::parse("BIL-2025-LSU-INF").unwrap(),
            programme: Programme::Bilateral,
            partner_institution_id: lipetsk.id,
            partner_unit_id: None,
            local_unit_id: None,
            partner_agreement_id: Some("lsu-17".into()),
            partner_agreement_code: None,
            period: AcademicYearRange::new(year("2025/2026"), year("2028/2029")).unwrap(),
            local_signature: Signature {
                date: chrono::NaiveDate::from_ymd_opt(2025, 5, 12),
                signer: Some(Contact { name: Some("Biljana Angelova".into()), ..Contact::default() }),
            },
            partner_signature: Signature::default(),
            other_info: None,
        };
        let agreement = insert(conn, &data, Utc::now()).unwrap();
        assert_eq!(agreement.data, data);
        assert_eq!(agreement.status, AgreementStatus::Draft);

        let outgoing = studies(&agreement, &ukim, &lipetsk, "22.5");
        let stored = conditions::insert(conn, agreement.id, &outgoing, Utc::now()).unwrap();
        assert_eq!(stored.data, outgoing);
        let incoming =
            conditions::insert(conn, agreement.id, &studies(&agreement, &lipetsk, &ukim, "0.25"), Utc::now());
        assert_eq!(incoming.unwrap().position, 2);

        let actor = Actor { id: "system:test".into(), name: "test".into() };
        let now = Utc::now();
        change_status(conn, agreement.id, AgreementStatus::Draft, AgreementStatus::Submitted, None, &actor, now)
            .unwrap();
        let stale =
            change_status(conn, agreement.id, AgreementStatus::Draft, AgreementStatus::Submitted, None, &actor, now);
        assert!(matches!(stale, Err(RepoError::Stale)));
        assert!(approved_version(conn, agreement.id).unwrap().is_none());
        store_snapshot(conn, agreement.id, now).unwrap();
        let kept = approved_version(conn, agreement.id).unwrap().unwrap();
        assert_eq!(kept.conditions, conditions::all(conn, agreement.id).unwrap());
        assert_eq!(kept.agreement.data, data);
        assert_eq!(kept.approved_at, crate::models::utc(db_time(now)));
        assert_eq!(find(conn, agreement.id).unwrap().approved_at, Some(kept.approved_at));

        assert_eq!(references_to_institution(conn, lipetsk.id).unwrap(), 3);
        delete(conn, agreement.id).unwrap();
        assert_eq!(references_to_institution(conn, lipetsk.id).unwrap(), 0);
        assert!(matches!(find(conn, agreement.id), Err(RepoError::NotFound)));
    });
}
