//! Reference data seeded after migrations (grading scales, credit systems, fixed tables, point
//! bands): present once after the first run, never duplicated by a later one, and an office's
//! own rows left alone — on a temporary SQLite file, and on a fresh PostgreSQL database when
//! `IRO_TEST_DATABASE_URL` names a server.

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use chrono::Utc;
use diesel::RunQueryDsl;
use iro_persistence::models::fixed_table::{FixedTableData, MappingEntry};
use iro_persistence::repositories::{credit_systems, fixed_tables, point_bands, reference_data};
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
