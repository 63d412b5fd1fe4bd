//! Reference data seeded after migrations (grading scales, credit systems, fixed tables, point
//! bands): present once after the first run, never duplicated by a later one, and an office's
//! own rows left alone; and the citations of rows an earlier release seeded corrected to the
//! public sources at start-up — on a temporary SQLite file, and on a fresh PostgreSQL database
//! when `IRO_TEST_DATABASE_URL` names a server.

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use iro_persistence::models::fixed_table::{FixedTableData, MappingEntry};
use iro_persistence::repositories::{credit_systems, fixed_tables, point_bands, reference_data};
use iro_persistence::schema::point_bands as bands;
use iro_persistence::schema::{checklist_rules, credit_systems as systems, fixed_tables as tables, grading_scales};
use iro_persistence::{DbConnection, PageRequest, establish, run_migrations};

/// Runs `check` on a migrated temporary SQLite file, then on PostgreSQL when asked for.
fn on_each_engine(check: impl Fn(&mut DbConnection)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seeds.db").to_string_lossy().into_owned();
    let mut sqlite = establish(&path).unwrap();
    run_migrations(&mut sqlite).unwrap();
    check(&mut sqlite);
    let Some(server) = std::env::var("IRO_TEST_DATABASE_URL").ok().filter(|v| !v.is_empty()) else {
        return;
    };
    let name = format!("iro_seeds_{}", uuid::Uuid::now_v7().simple());
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

fn all() -> PageRequest {
    PageRequest { limit: 200, after: None }
}

#[test]
fn seeds_are_stored_once_and_an_office_s_own_tables_survive_a_reseed() {
    on_each_engine(|conn| {
        let systems: Vec<String> = credit_systems::list(conn).unwrap().into_iter().map(|s| s.data.code).collect();
        assert_eq!(systems, ["ECTS", "MK-ECTS", "RS-ESPB", "BG-ECTS", "RU-ZET"]);
        let tables = fixed_tables::list(conn, &Default::default(), &all()).unwrap().items;
        assert_eq!(tables.len(), 2);
        let bands = point_bands::list(conn, &Default::default(), &all()).unwrap().items;
        assert_eq!(bands.len(), 2);
        let own = FixedTableData {
            code: "OWN-PL-ECTS".to_owned(),
            name: "An office's own table".to_owned(),
            institution_id: None,
            source_scale: "PL".to_owned(),
            target_scale: "ECTS".to_owned(),
            entries: vec![MappingEntry { from: "5".to_owned(), to: "A".to_owned() }],
            status: "unconfirmed".to_owned(),
            source: "test".to_owned(),
            valid_from: None,
            valid_to: None,
        };
        fixed_tables::insert(conn, &own, Utc::now()).unwrap();
        assert_eq!(reference_data::seed(conn, Utc::now()).unwrap(), 0, "a second run adds nothing");
        let tables = fixed_tables::list(conn, &Default::default(), &all()).unwrap().items;
        assert_eq!(tables.len(), 3);
        assert_eq!(fixed_tables::of_pair(conn, "MK", "ECTS").unwrap()[0].data.code, "MK-ECTS-LETTERS");
        assert_eq!(point_bands::find(conn, "RS-STATUTORY").unwrap().data.scale, "RS");
        let duplicate = fixed_tables::insert(conn, &own, Utc::now()).unwrap_err();
        assert!(matches!(duplicate, iro_persistence::RepoError::Duplicate { .. }), "{duplicate:?}");
    });
}

/// Source texts earlier releases seeded: they cited the design note the facts were transcribed
/// from, which users do not have. A database seeded then still holds them.
const OLD_VISA: &str = "domain.md §10; Regulation (EC) No 1244/2009";
const OLD_HEALTH: &str = "domain.md §11";
const OLD_REGISTRATION: &str = "domain.md §10";
const OLD_MK: &str = "domain.md §9 [s]: 5–10, pass 6; published ECTS letters 10 A, 9 B, 8 C, 7 D, 6 E, 5 F; point cut-offs differ per faculty";
const OLD_FR: &str = "domain.md §9 (no source cited): 0–20 by 0.1 (includes half points), pass 10";
const OLD_ESPB: &str = "domain.md §8: ESPB, 60 credits a year, treated as ECTS [c]; hours per credit not confirmed [u]";
const OLD_LETTERS: &str =
    "domain.md §9 [s]: North Macedonia 10 A, 9 B, 8 C, 7 D, 6 E, 5 F (fixed table example: MK 10 → A)";
const OLD_STATUTORY: &str = "Law on Higher Education (Zakon o visokom obrazovanju), via domain.md §9 [c]: 51–60 → 6, 61–70 → 7, 71–80 → 8, 81–90 → 9, 91–100 → 10";

fn long_ago() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap().and_hms_opt(12, 0, 0).unwrap()
}

fn rule(conn: &mut DbConnection, key: &str) -> (String, String, chrono::NaiveDate, NaiveDateTime) {
    checklist_rules::table
        .filter(checklist_rules::seed_key.eq(key))
        .select((
            checklist_rules::source,
            checklist_rules::status,
            checklist_rules::last_checked,
            checklist_rules::updated_at,
        ))
        .first(conn)
        .unwrap()
}

fn set_rule(conn: &mut DbConnection, key: &str, source: &str) {
    diesel::update(checklist_rules::table.filter(checklist_rules::seed_key.eq(key)))
        .set((checklist_rules::source.eq(source), checklist_rules::updated_at.eq(long_ago())))
        .execute(conn)
        .unwrap();
}

fn scale(conn: &mut DbConnection, code: &str) -> (String, String, i32, NaiveDateTime) {
    grading_scales::table
        .filter(grading_scales::code.eq(code))
        .select((grading_scales::source, grading_scales::status, grading_scales::version, grading_scales::updated_at))
        .first(conn)
        .unwrap()
}

fn set_scale(conn: &mut DbConnection, code: &str, source: &str) {
    diesel::update(grading_scales::table.filter(grading_scales::code.eq(code)))
        .set((grading_scales::source.eq(source), grading_scales::updated_at.eq(long_ago())))
        .execute(conn)
        .unwrap();
}

#[test]
fn a_database_seeded_with_design_note_citations_gets_the_public_sources_at_start_up() {
    on_each_engine(|conn| {
        // What this release seeds: the public sources.
        let visa = rule(conn, "visa.rules#1");
        let health = rule(conn, "health_coverage.rules#4");
        let registration = rule(conn, "registration.rules#2");
        let mk = scale(conn, "MK");
        let fr = scale(conn, "FR");
        let it = scale(conn, "IT");
        let espb: String =
            systems::table.filter(systems::code.eq("RS-ESPB")).select(systems::source).first(conn).unwrap();
        let letters: (String, i32) = tables::table
            .filter(tables::code.eq("MK-ECTS-LETTERS"))
            .select((tables::source, tables::version))
            .first(conn)
            .unwrap();
        let statutory: (String, i32) = bands::table
            .filter(bands::code.eq("RS-STATUTORY"))
            .select((bands::source, bands::version))
            .first(conn)
            .unwrap();
        assert!(visa.0.contains("https://eumonitor.eu/"), "{visa:?}");
        assert!(mk.0.starts_with("UKIM Faculty of Philosophy, http://"), "{mk:?}");

        // The same rows as an earlier release seeded them, with their old citations ...
        set_rule(conn, "visa.rules#1", OLD_VISA);
        set_rule(conn, "health_coverage.rules#4", OLD_HEALTH);
        set_scale(conn, "MK", OLD_MK);
        diesel::update(systems::table.filter(systems::code.eq("RS-ESPB")))
            .set(systems::source.eq(OLD_ESPB))
            .execute(conn)
            .unwrap();
        diesel::update(tables::table.filter(tables::code.eq("MK-ECTS-LETTERS")))
            .set(tables::source.eq(OLD_LETTERS))
            .execute(conn)
            .unwrap();
        diesel::update(bands::table.filter(bands::code.eq("RS-STATUTORY")))
            .set(bands::source.eq(OLD_STATUTORY))
            .execute(conn)
            .unwrap();
        // ... a seeded scale an officer changed (its status) while it still had its old citation,
        set_scale(conn, "FR", OLD_FR);
        diesel::update(grading_scales::table.filter(grading_scales::code.eq("FR")))
            .set((grading_scales::status.eq("secondary"), grading_scales::version.eq(2)))
            .execute(conn)
            .unwrap();
        // ... a seeded scale whose source an officer rewrote,
        set_scale(conn, "IT", "Università di Camerino, regolamento didattico 2024, art. 20");
        // ... and a seeded rule whose stored fact is not the seed file's.
        set_rule(conn, "registration.rules#2", OLD_REGISTRATION);
        diesel::update(checklist_rules::table.filter(checklist_rules::seed_key.eq("registration.rules#2")))
            .set(checklist_rules::status.eq("confirmed"))
            .execute(conn)
            .unwrap();

        // Start-up (the server runs exactly this before it serves).
        run_migrations(conn).unwrap();

        // Unchanged facts: the public sources, nothing else touched but the change time.
        let corrected = rule(conn, "visa.rules#1");
        assert_eq!(corrected.0, visa.0);
        assert_eq!((&corrected.1, corrected.2), (&visa.1, visa.2), "status and last_checked stay");
        assert!(corrected.3 > long_ago(), "the change is visible to modified_since");
        let corrected = rule(conn, "health_coverage.rules#4");
        assert_eq!((&corrected.0, &corrected.1), (&health.0, &"unconfirmed".to_owned()));
        assert!(corrected.0.contains("unconfirmed — check with FZOM"), "{corrected:?}");
        let corrected = scale(conn, "MK");
        assert_eq!((&corrected.0, &corrected.1), (&mk.0, &mk.1));
        assert_eq!(corrected.2, mk.2 + 1, "a new version, so ETags change");
        assert!(corrected.3 > long_ago());
        let source: String =
            systems::table.filter(systems::code.eq("RS-ESPB")).select(systems::source).first(conn).unwrap();
        assert_eq!(source, espb);
        let stored: (String, i32) = tables::table
            .filter(tables::code.eq("MK-ECTS-LETTERS"))
            .select((tables::source, tables::version))
            .first(conn)
            .unwrap();
        assert_eq!(stored, (letters.0.clone(), letters.1 + 1));
        let stored: (String, i32) = bands::table
            .filter(bands::code.eq("RS-STATUTORY"))
            .select((bands::source, bands::version))
            .first(conn)
            .unwrap();
        assert_eq!(stored, (statutory.0.clone(), statutory.1 + 1));

        // Changed facts and an officer's own source are theirs: left as they are.
        let left = scale(conn, "FR");
        assert_eq!((left.0.as_str(), left.1.as_str(), left.2), (OLD_FR, "secondary", 2));
        assert_ne!(left.0, fr.0);
        let left = scale(conn, "IT");
        assert_eq!(left.0, "Università di Camerino, regolamento didattico 2024, art. 20");
        assert_eq!(left.2, it.2);
        let left = rule(conn, "registration.rules#2");
        assert_eq!((left.0.as_str(), left.1.as_str()), (OLD_REGISTRATION, "confirmed"));
        assert_ne!(left.0, registration.0);

        // Nothing is left to correct: a later start-up changes nothing.
        run_migrations(conn).unwrap();
        assert_eq!(scale(conn, "MK").2, mk.2 + 1);
        assert_eq!(reference_data::correct_citations(conn, Utc::now()).unwrap(), 0);
    });
}
