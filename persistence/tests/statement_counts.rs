//! How many SQL statements the read path runs, counted with diesel's instrumentation, so a
//! query per item or a statement that is prepared again on every use fails here rather than
//! in a benchmark (issue 13): a read by id within its budget, a list page in the same number
//! of statements whatever its size, each statement prepared once per connection and, on
//! SQLite, kept with its plan when new values are bound (the query planner stability
//! guarantee, `.cargo/config.toml`). A nomination's count is checked in `status_change.rs`.
//! On a temporary SQLite file, and on a fresh PostgreSQL database when
//! `IRO_TEST_DATABASE_URL` names a server.

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use std::sync::{Arc, Mutex};

use chrono::Utc;
use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::sql_types::Text;
use diesel::{Connection, QueryableByName, RunQueryDsl};
use iro_domain::{CountryCode, HeiId, Institution, InstitutionData, LocalizedText, Role};
use iro_persistence::repositories::institutions::{self, InstitutionFilter};
use iro_persistence::repositories::users::{self, NewUser};
use iro_persistence::{DbConnection, PageRequest, establish, run_migrations};

/// The most statements reading one resource by id may run.
const BY_ID_BUDGET: usize = 1;

/// The most statements reading the caller's account may run (the account and its units).
const ACCOUNT_BUDGET: usize = 2;

/// The statements a list page's ids and versions take, whatever its size.
const LIST_PAGE_BUDGET: usize = 1;

/// The statements reading a page's rows take, whatever its size.
const ROWS_BUDGET: usize = 1;

/// Runs `check` on a migrated SQLite database, then on PostgreSQL when asked for.
fn on_each_engine(check: impl Fn(&mut DbConnection, bool)) {
    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = establish(&dir.path().join("counts.db").to_string_lossy()).unwrap();
    run_migrations(&mut sqlite).unwrap();
    check(&mut sqlite, true);
    let Some(server) = std::env::var("IRO_TEST_DATABASE_URL").ok().filter(|v| !v.is_empty()) else {
        return;
    };
    let name = format!("iro_counts_{}", uuid::Uuid::now_v7().simple());
    let mut admin = establish(&server).unwrap();
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut pg = establish(&format!("{base}/{name}")).unwrap();
        run_migrations(&mut pg).unwrap();
        check(&mut pg, false);
    }));
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).unwrap();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// What diesel reports: the statements started, and those it prepared and cached.
#[derive(Clone, Default)]
struct Counter(Arc<Mutex<Counts>>);

#[derive(Debug, Default, Clone)]
struct Counts {
    started: Vec<String>,
    prepared: Vec<String>,
}

impl Instrumentation for Counter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { query, .. } => self.0.lock().unwrap().started.push(query.to_string()),
            InstrumentationEvent::CacheQuery { sql, .. } => self.0.lock().unwrap().prepared.push(sql.to_owned()),
            _ => {}
        }
    }
}

impl Counter {
    /// Runs `work` and returns what it ran.
    fn count<T>(&self, conn: &mut DbConnection, work: impl FnOnce(&mut DbConnection) -> T) -> (T, Counts) {
        std::mem::take(&mut *self.0.lock().unwrap());
        let value = work(conn);
        (value, std::mem::take(&mut *self.0.lock().unwrap()))
    }
}

fn institution(conn: &mut DbConnection, n: usize, country: &str) -> Institution {
    let hei = format!("uni{n}.example.org");
    let data = InstitutionData {
        hei_id: HeiId::parse(&hei).unwrap(),
        erasmus_code: None,
        pic: None,
        oid: None,
        name: LocalizedText::parse([("en", hei.as_str())]).unwrap(),
        abbreviation: None,
        country: CountryCode::parse(country).unwrap(),
        city: None,
        website: None,
        is_local: false,
        ewp_enabled: false,
        contacts: vec![],
        coordinates: None,
    };
    institutions::insert(conn, &data, Utc::now()).unwrap()
}

fn page(limit: u32) -> PageRequest {
    PageRequest { limit, after: None }
}

#[test]
fn reads_run_a_fixed_number_of_statements_each_prepared_once() {
    on_each_engine(|conn, _| {
        let countries = ["BG", "RS", "RU", "MK", "PL"];
        let all: Vec<Institution> = (0..1_100).map(|n| institution(conn, n, countries[n % 5])).collect();
        let account = users::insert(
            conn,
            &NewUser {
                username: "officer".to_owned(),
                password_hash: "not a hash".to_owned(),
                role: Role::Officer,
                full_name: None,
                email: None,
                unit_ids: vec![],
            },
            Utc::now(),
        )
        .unwrap();
        let counter = Counter::default();
        conn.set_instrumentation(counter.clone());

        // By id: within budget, and the second read (another id) prepares nothing new.
        let (_, first) = counter.count(conn, |conn| institutions::find(conn, all[1].id).unwrap());
        let (_, again) = counter.count(conn, |conn| institutions::find(conn, all[2].id).unwrap());
        assert!(first.started.len() <= BY_ID_BUDGET, "by id ran {:?}", first.started);
        assert_eq!(again.started.len(), first.started.len());
        assert!(again.prepared.is_empty(), "by id prepared again: {:?}", again.prepared);

        let (_, first) = counter.count(conn, |conn| users::find(conn, account.id).unwrap());
        let (_, again) = counter.count(conn, |conn| users::find(conn, account.id).unwrap());
        assert!(first.started.len() <= ACCOUNT_BUDGET, "the account read ran {:?}", first.started);
        assert!(again.prepared.is_empty(), "the account read prepared again: {:?}", again.prepared);

        // A page of 10 and of 200, filtered by country: its ids and versions in one statement,
        // its rows (those the API's representation cache lacks) in one more, whatever the size.
        let filter = InstitutionFilter { country: Some("BG".to_owned()), ..InstitutionFilter::default() };
        for limit in [10, 200] {
            let (listed, first) =
                counter.count(conn, |conn| institutions::list_versions(conn, &filter, &page(limit)).unwrap());
            assert_eq!(listed.items.len(), limit as usize);
            assert_eq!(first.started.len(), LIST_PAGE_BUDGET, "a page of {limit} ran {:?}", first.started);
            let ids: Vec<_> = listed.items.iter().map(|v| v.id).collect();
            let (rows, read) = counter.count(conn, |conn| institutions::find_many(conn, &ids).unwrap());
            assert_eq!(rows.len(), limit as usize);
            assert!(rows.iter().all(|i| i.data.country.to_string() == "BG"));
            assert_eq!(read.started.len(), ROWS_BUDGET, "reading a page of {limit} rows ran {:?}", read.started);
            // The second page's SQL has the cursor condition; the third is the second's again.
            let second = PageRequest { limit, after: listed.next_after.clone() };
            let (listed, _) = counter.count(conn, |conn| institutions::list_versions(conn, &filter, &second).unwrap());
            let third = PageRequest { limit, after: listed.next_after.clone() };
            let (_, again) = counter.count(conn, |conn| institutions::list_versions(conn, &filter, &third).unwrap());
            assert_eq!(again.started.len(), LIST_PAGE_BUDGET);
            assert!(again.prepared.is_empty(), "the third page of {limit} prepared again: {:?}", again.prepared);
        }
        // The whole list (what the command line uses): the two statements above.
        let (listed, both) = counter.count(conn, |conn| institutions::list(conn, &filter, &page(50)).unwrap());
        assert_eq!(listed.items.len(), 50);
        assert!(listed.items.windows(2).all(|w| w[0].id.to_string() < w[1].id.to_string()), "in id order");
        assert_eq!(both.started.len(), LIST_PAGE_BUDGET + ROWS_BUDGET);
    });
}

/// One line of `PRAGMA compile_options`.
#[derive(QueryableByName)]
struct CompileOption {
    #[diesel(sql_type = Text)]
    compile_options: String,
}

#[test]
fn sqlite_keeps_a_statement_s_plan_when_new_values_are_bound() {
    on_each_engine(|conn, sqlite| {
        if !sqlite {
            return;
        }
        // Without the guarantee, binding a new `LIMIT ?` or, once statistics exist, a new
        // `country = ?` expires the statement and SQLite prepares it again on every use,
        // which diesel's cache cannot see (issue 13: 43.6 % of the by-id load).
        let options: Vec<CompileOption> = diesel::sql_query("PRAGMA compile_options").load(conn).unwrap();
        assert!(
            options.iter().any(|o| o.compile_options == "ENABLE_QPSG"),
            "the bundled SQLite was built without SQLITE_ENABLE_QPSG (LIBSQLITE3_FLAGS in .cargo/config.toml)"
        );
    });
}
