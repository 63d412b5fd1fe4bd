//! `/api/v1/grants`, `/api/v1/funding-rates` and the Beneficiary Module report: grant projects
//! validated and versioned, the live guard of Erasmus+ mobilities, the report's computed
//! fields and errors (JSON, and CSV read back with a CSV reader), incremental exports, and
//! who may do what.

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use iro_tests::fixtures::{agreement, institution, student_condition, unit};
use iro_tests::{TestApp, assert_problem, json, spawn_app};
use serde_json::{Value, json};

use crate::exchange::{created, id, ok};

const GRANTS: &str = "/api/v1/grants";
const RATES: &str = "/api/v1/funding-rates";
const MOBILITIES: &str = "/api/v1/mobilities";
const NUMBER: &str = "2026-1-MK01-KA131-HED-000123456";

/// Our university in Skopje, Sofia University and the University of Belgrade, with their city
/// coordinates and OIDs; an approved Erasmus+ agreement with a student condition to each.
struct Office {
    app: TestApp,
    admin: String,
    ukim: String,
    finki: String,
    sofia: String,
    belgrade: String,
    /// (agreement, condition) to Sofia, then to Belgrade.
    routes: [(String, String); 2],
}

fn grant_body() -> Value {
    json!({
        "project_number": NUMBER, "action": "KA131", "call_year": 2026,
        "period_start": "2026-06-01", "period_end": "2028-07-31",
        "budget_lines": [{"line": "individual_support", "amount": "84000.00"}, {"line": "travel", "amount": "9600"}]
    })
}

async fn register(
    app: &TestApp,
    admin: &str,
    hei: &str,
    country: &str,
    city: &str,
    at: (f64, f64),
    oid: &str,
) -> String {
    let mut body = institution(hei, country);
    body["city"] = json!(city);
    body["latitude"] = json!(at.0);
    body["longitude"] = json!(at.1);
    body["oid"] = json!(oid);
    body["is_local"] = json!(country == "MK");
    id(&created(app.post_json("/api/v1/institutions", admin, &body).await, hei).await)
}

impl Office {
    async fn new() -> Office {
        let app = spawn_app().await;
        let admin = app.admin_token().await;
        // City centres (OpenStreetMap).
        let ukim = register(&app, &admin, "ukim.edu.mk", "MK", "Skopje", (41.9981, 21.4254), "E10000001").await;
        let path = format!("/api/v1/institutions/{ukim}/units");
        let finki = id(&created(app.post_json(&path, &admin, &unit("FINKI")).await, "unit").await);
        let sofia = register(&app, &admin, "uni-sofia.bg", "BG", "Sofia", (42.6977, 23.3219), "E10000002").await;
        let belgrade = register(&app, &admin, "bg.ac.rs", "RS", "Belgrade", (44.8125, 20.4612), "E10000003").await;
        let mut routes = Vec::new();
        for (code, partner) in [("ERA-SOFIA", &sofia), ("ERA-BELGRADE", &belgrade)] {
            let agreement_id = id(&created(
                app.post_json("/api/v1/agreements", &admin, &agreement(code, "erasmus_plus", partner)).await,
                code,
            )
            .await);
            let conditions = format!("/api/v1/agreements/{agreement_id}/conditions");
            let condition =
                id(&created(app.post_json(&conditions, &admin, &student_condition(&ukim, partner)).await, "condition")
                    .await);
            for to in ["submitted", "approved_by_us", "approved_by_both"] {
                let status = format!("/api/v1/agreements/{agreement_id}/status");
                ok(app.post_json(&status, &admin, &json!({"to": to})).await, to).await;
            }
            routes.push((agreement_id, condition));
        }
        let routes = [routes[0].clone(), routes[1].clone()];
        Office { app, admin, ukim, finki, sofia, belgrade, routes }
    }

    async fn grant(&self) -> Value {
        created(self.app.post_json(GRANTS, &self.admin, &grant_body()).await, "grant").await
    }

    /// A FINKI student; without `email` when `email` is false.
    async fn student(&self, family_name: &str, email: bool) -> String {
        let mut body = json!({
            "given_names": "Ana", "family_name": family_name, "email": "ana@students.finki.ukim.mk",
            "birth_date": "2004-04-12", "citizenships": ["MK"], "gender": 2,
            "home_institution_id": self.ukim, "home_unit_id": self.finki, "kind": "student",
            "eqf_level": 6, "isced_f_code": "0613"
        });
        if !email {
            body.as_object_mut().unwrap().remove("email");
        }
        id(&created(self.app.post_json("/api/v1/people", &self.admin, &body).await, "student").await)
    }

    /// An outgoing KA131 studies mobility, 1 October 2026 – 15 February 2027, to Sofia
    /// (`route` 0) or Belgrade (1), under `grant` when given.
    fn mobility_body(&self, person: &str, route: usize, grant: Option<&str>) -> Value {
        let (agreement, condition) = &self.routes[route];
        let receiving = if route == 0 { &self.sofia } else { &self.belgrade };
        json!({
            "direction": "outgoing", "activity_type": "student_studies", "activity_attribute": "long_term",
            "programme": "erasmus_ka131", "person_id": person,
            "agreement_id": agreement, "condition_id": condition,
            "sending_institution_id": self.ukim, "sending_unit_id": self.finki,
            "receiving_institution_id": receiving,
            "receiving_academic_year": "2026/2027", "planned_start": "2026-10-01", "planned_end": "2027-02-15",
            "eqf_level": 6, "isced_f_code": "0613",
            "language_skills": [{"language": "en", "cefr_level": "B2"}],
            "grant_id": grant
        })
    }

    /// A nominated mobility of a new student.
    async fn nominated(&self, family_name: &str, route: usize, grant: &str, email: bool) -> Value {
        let person = self.student(family_name, email).await;
        let body = self.mobility_body(&person, route, Some(grant));
        let mobility = created(self.app.post_json(MOBILITIES, &self.admin, &body).await, "mobility").await;
        let path = format!("{MOBILITIES}/{}/status", id(&mobility));
        ok(self.app.post_json(&path, &self.admin, &json!({"to": "nominated", "reason": "selected"})).await, "nominate")
            .await
    }

    async fn report(&self, grant: &str, query: &str, token: &str) -> reqwest::Response {
        self.app.get(&format!("{GRANTS}/{grant}/beneficiary-report{query}"), token).await
    }
}

fn etag(response: &reqwest::Response) -> String {
    response.headers().get("etag").unwrap().to_str().unwrap().to_owned()
}

fn field<'a>(record: &'a Value, name: &str) -> &'a Value {
    &record["fields"][name]
}

#[tokio::test]
async fn grant_projects_are_validated_versioned_listed_and_deleted() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let response = app.post_json(GRANTS, &admin, &grant_body()).await;
    let location = response.headers().get("location").unwrap().to_str().unwrap().to_owned();
    let tag = etag(&response);
    let grant = created(response, "grant").await;
    assert_eq!(location, format!("{GRANTS}/{}", id(&grant)));
    assert_eq!(grant["budget_lines"][1]["amount"], "9600.00");
    assert_problem(app.post_json(GRANTS, &admin, &grant_body()).await, 409, "duplicate").await;

    let mut bad = grant_body();
    bad["project_number"] = json!("2026-1-MK01-KA999-HED-000123456");
    let problem = assert_problem(app.post_json(GRANTS, &admin, &bad).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "project_number", "{problem}");
    let mut mismatch = grant_body();
    mismatch["project_number"] = json!("2025-1-MK01-KA131-HED-000000001");
    mismatch["partner_countries"] = json!(["RS"]);
    let problem = assert_problem(app.post_json(GRANTS, &admin, &mismatch).await, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["call_year", "partner_countries"], "{problem}");

    let path = format!("{GRANTS}/{}", id(&grant));
    let stale = app
        .request(reqwest::Method::PATCH, &path, Some(&admin))
        .header("content-type", "application/merge-patch+json")
        .header("if-match", "\"99\"")
        .body(json!({"period_end": "2028-08-31"}).to_string())
        .send()
        .await
        .unwrap();
    assert_problem(stale, 412, "precondition_failed").await;
    let changed = app
        .request(reqwest::Method::PATCH, &path, Some(&admin))
        .header("content-type", "application/merge-patch+json")
        .header("if-match", tag)
        .body(json!({"period_end": "2028-08-31"}).to_string())
        .send()
        .await
        .unwrap();
    let changed = ok(changed, "patch").await;
    assert_eq!((changed["period_end"].as_str(), changed["version"].as_u64()), (Some("2028-08-31"), Some(2)));

    let since = changed["updated_at"].as_str().unwrap();
    let page = ok(app.get(&format!("{GRANTS}?modified_since={since}&call_year=2026"), &admin).await, "list").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let later = ok(app.get(&format!("{GRANTS}?modified_since=2099-01-01T00:00:00Z"), &admin).await, "list").await;
    assert_eq!(later["items"], json!([]));
    assert_eq!(app.delete(&path, &admin).await.status(), 204);
    assert_eq!(app.get(&path, &admin).await.status(), 404);
}

#[tokio::test]
async fn an_erasmus_mobility_goes_live_only_under_a_grant_that_the_office_assigns() {
    let office = Office::new().await;
    let grant = id(&office.grant().await);
    let person = office.student("Nikolova", true).await;
    let body = office.mobility_body(&person, 0, None);
    let mobility = created(office.app.post_json(MOBILITIES, &office.admin, &body).await, "mobility").await;
    let status = format!("{MOBILITIES}/{}/status", id(&mobility));
    for to in [json!({"to": "nominated", "reason": "selected"}), json!({"to": "accepted"})] {
        ok(office.app.post_json(&status, &office.admin, &to).await, "walk").await;
    }
    let live = json!({"to": "live", "actual_start": "2026-10-01"});
    let problem =
        assert_problem(office.app.post_json(&status, &office.admin, &live).await, 409, "grant_required").await;
    assert_eq!(problem["errors"][0]["field"], "grant_id");

    let path = format!("{MOBILITIES}/{}", id(&mobility));
    let coordinator = office.app.token_for("faculty_coordinator", &[&office.finki]).await;
    assert_problem(office.app.patch_json(&path, &coordinator, &json!({"grant_id": grant})).await, 403, "forbidden")
        .await;
    let unknown = json!({"grant_id": uuid::Uuid::now_v7()});
    let problem =
        assert_problem(office.app.patch_json(&path, &office.admin, &unknown).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "grant_id");
    let assigned = ok(office.app.patch_json(&path, &office.admin, &json!({"grant_id": grant})).await, "assign").await;
    assert_eq!(assigned["grant_id"], json!(grant));
    // The learning agreement is another guard (learning_agreements.rs); the office's override
    // stands in for it here.
    let live = json!({"to": "live", "actual_start": "2026-10-01", "override_learning_agreement": true,
        "reason": "learning agreement signed on paper"});
    let gone_live = ok(office.app.post_json(&status, &office.admin, &live).await, "live").await;
    assert_eq!(gone_live["status"], "live");
    // A grant that funds a mobility stays.
    assert_problem(office.app.delete(&format!("{GRANTS}/{grant}"), &office.admin).await, 409, "in_use").await;
}

#[tokio::test]
async fn the_report_lists_every_record_with_its_computed_fields_and_the_errors_of_drafts() {
    let office = Office::new().await;
    let grant = id(&office.grant().await);
    let sofia = office.nominated("Petrova", 0, &grant, true).await;
    let belgrade = office.nominated("Jovanović", 1, &grant, false).await;
    // An application is not yet a record.
    let person = office.student("Applicant", true).await;
    let body = office.mobility_body(&person, 0, Some(&grant));
    created(office.app.post_json(MOBILITIES, &office.admin, &body).await, "application").await;

    let response = office.report(&grant, "", &office.admin).await;
    assert_eq!(response.headers().get("content-type").unwrap(), "application/json");
    let report = ok(response, "report").await;
    assert_eq!(report["project_number"], NUMBER);
    assert_eq!(report["columns"][0], "Project Code");
    let records = report["records"].as_array().unwrap();
    assert_eq!(records.len(), 2, "{report}");
    let by_id = |m: &Value| records.iter().find(|r| r["mobility_id"] == m["id"]).unwrap().clone();
    let (to_sofia, to_belgrade) = (by_id(&sofia), by_id(&belgrade));

    assert_eq!(to_sofia["status"], "complete", "{to_sofia}");
    assert_eq!(to_sofia["errors"], json!([]));
    assert_eq!(field(&to_sofia, "Activity Type"), "HE-SMS");
    // Skopje–Sofia is about 172 km, Skopje–Belgrade about 322 km as the crow flies (by hand).
    assert_eq!(field(&to_sofia, "Distance Band"), "100-499");
    assert_eq!(field(&to_belgrade, "Distance Band"), "100-499");
    // 1 October – 15 February: 4 months of 30 days and 15 days, 135 days.
    assert_eq!(field(&to_sofia, "Duration (days)"), "135");
    assert_eq!((field(&to_sofia, "Full Months"), field(&to_sofia, "Extra Days")), (&json!("4"), &json!("15")));
    // Bulgaria is in group 3; the seeded example rate is 600.00 a month: 4 × 600 + 15 × 20.
    assert_eq!(field(&to_sofia, "Individual Support"), "2700.00");
    assert_eq!(field(&to_sofia, "Recognised Credits"), &Value::Null);

    assert_eq!(to_belgrade["status"], "draft");
    assert_eq!(
        to_belgrade["errors"],
        json!([{"field": "Participant Email", "code": "required", "message": "Participant Email is missing"}])
    );
    let drafts = ok(office.report(&grant, "?status=draft", &office.admin).await, "drafts").await;
    assert_eq!(drafts["records"].as_array().unwrap().len(), 1);
    assert_eq!(drafts["records"][0]["mobility_id"], belgrade["id"]);
    let later = ok(office.report(&grant, "?from=2027-03-01", &office.admin).await, "after the period").await;
    assert_eq!(later["records"], json!([]));
    let reversed = office.report(&grant, "?from=2027-03-01&to=2027-01-01", &office.admin).await;
    assert_problem(reversed, 400, "invalid_query").await;
}

#[tokio::test]
async fn the_csv_report_reads_back_with_the_module_columns_and_no_formulas() {
    let office = Office::new().await;
    let grant = id(&office.grant().await);
    office.nominated("=HYPERLINK(\"http://x\")", 0, &grant, true).await;
    office.nominated("Jovanović, Marko", 1, &grant, false).await;
    let response = office
        .app
        .request(reqwest::Method::GET, &format!("{GRANTS}/{grant}/beneficiary-report"), Some(&office.admin))
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("content-type").unwrap(), "text/csv; charset=utf-8");
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header.len(), iro_domain::funding::BM_COLUMNS.len() + 2);
    assert_eq!(&header[..3], ["Project Code", "Mobility ID", "Activity Type"]);
    assert_eq!(&header[header.len() - 2..], ["Record Status", "Record Errors"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let last_names: Vec<&str> = rows.iter().map(|r| &r[column("Participant Last Name")]).collect();
    assert!(last_names.contains(&"'=HYPERLINK(\"http://x\")"), "{last_names:?}");
    assert!(last_names.contains(&"Jovanović, Marko"), "{last_names:?}");
    let draft = rows.iter().find(|r| &r[column("Record Status")] == "draft").unwrap();
    assert_eq!(&draft[column("Record Errors")], "Participant Email: Participant Email is missing");
    assert!(rows.iter().all(|r| &r[column("Project Code")] == NUMBER));
}

#[tokio::test]
async fn an_incremental_report_holds_only_the_mobilities_changed_since() {
    let office = Office::new().await;
    let grant = id(&office.grant().await);
    office.nominated("Petrova", 0, &grant, true).await;
    let belgrade = office.nominated("Jovanović", 1, &grant, true).await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let path = format!("{MOBILITIES}/{}", id(&belgrade));
    ok(office.app.patch_json(&path, &office.admin, &json!({"notes": "dates confirmed"})).await, "change").await;
    let query = format!("?modified_since={}", since.replace('+', "%2B"));
    let report = ok(office.report(&grant, &query, &office.admin).await, "incremental").await;
    let ids: Vec<&Value> = report["records"].as_array().unwrap().iter().map(|r| &r["mobility_id"]).collect();
    assert_eq!(ids, [&belgrade["id"]]);
}

#[tokio::test]
async fn who_may_read_reports_and_write_grants_and_rates() {
    let office = Office::new().await;
    let grant = id(&office.grant().await);
    let reporting = office.app.token_for("reporting", &[]).await;
    let participant = office.app.token_for("participant", &[]).await;
    let coordinator = office.app.token_for("faculty_coordinator", &[&office.finki]).await;
    let officer = office.app.token_for("officer", &[]).await;
    assert_eq!(office.report(&grant, "", &reporting).await.status(), 200);
    assert_problem(office.report(&grant, "", &participant).await, 403, "forbidden").await;
    assert_problem(office.report(&grant, "", &coordinator).await, 403, "forbidden").await;
    assert_problem(office.report(&uuid::Uuid::now_v7().to_string(), "", &officer).await, 404, "not_found").await;
    assert_eq!(office.app.get(GRANTS, &reporting).await.status(), 200);
    assert_problem(office.app.get(GRANTS, &participant).await, 403, "forbidden").await;
    let mut other = grant_body();
    other["project_number"] = json!("2026-1-MK01-KA131-HED-000000002");
    assert_problem(office.app.post_json(GRANTS, &reporting, &other).await, 403, "forbidden").await;
    assert_problem(office.app.post_json(GRANTS, &coordinator, &other).await, 403, "forbidden").await;
    created(office.app.post_json(GRANTS, &officer, &other).await, "officer's grant").await;
    let rate = json!({"kind": "top_up_green_travel", "call_year": 2026, "action": "KA131", "amount": "50.00",
        "unit": "per_participant", "source": "Grant agreement annex IV", "status": "confirmed", "last_checked": "2026-12-01"});
    assert_problem(office.app.post_json(RATES, &reporting, &rate).await, 403, "forbidden").await;
    assert_problem(office.app.post_json(RATES, &coordinator, &rate).await, 403, "forbidden").await;
    assert_eq!(office.app.get(RATES, &reporting).await.status(), 200);
    let (client, secret) = office.app.create_client(&["reports:read"]);
    let token = client_token(&office.app, &client, &secret).await;
    assert_eq!(office.report(&grant, "", &token).await.status(), 200);
    assert_problem(office.app.get(GRANTS, &token).await, 403, "forbidden").await;
}

async fn client_token(app: &TestApp, client: &str, secret: &str) -> String {
    let response = app
        .request(reqwest::Method::POST, "/api/v1/auth/token", None)
        .form(&[("grant_type", "client_credentials"), ("client_id", client), ("client_secret", secret)])
        .send()
        .await
        .unwrap();
    json(response).await["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn officers_enter_and_correct_funding_rates_with_their_source() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let groups =
        ok(app.get(&format!("{RATES}?kind=country_group&call_year=2026&limit=200"), &admin).await, "groups").await;
    let group_of = |country: &str| {
        groups["items"].as_array().unwrap().iter().find(|r| r["country"] == country).unwrap()["country_group"].clone()
    };
    assert_eq!((group_of("MK"), group_of("BG"), group_of("RS")), (json!(3), json!(3), json!(3)));
    let examples =
        ok(app.get(&format!("{RATES}?kind=individual_support&example=true"), &admin).await, "examples").await;
    assert!(!examples["items"].as_array().unwrap().is_empty());
    assert!(examples["items"].as_array().unwrap().iter().all(|r| r["example"] == true && r["status"] == "unconfirmed"));

    let wrong = json!({"kind": "travel", "call_year": 2026, "action": "KA131", "country_group": 2, "amount": "211.00",
        "unit": "per_month", "source": "Grant agreement annex IV", "status": "confirmed", "last_checked": "2026-12-01"});
    let problem = assert_problem(app.post_json(RATES, &admin, &wrong).await, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["distance_band", "country_group", "unit"], "{problem}");
    let rate = json!({"kind": "individual_support", "call_year": 2026, "action": "KA131", "country_group": 3,
        "activity": "studies", "amount": "620.00", "unit": "per_month",
        "source": "Grant agreement 2026-1-MK01-KA131-HED-000123456, annex IV", "status": "confirmed", "last_checked": "2026-12-01"});
    let response = app.post_json(RATES, &admin, &rate).await;
    let tag = etag(&response);
    let stored = created(response, "rate").await;
    assert_eq!((stored["amount"].as_str(), stored["example"].as_bool()), (Some("620.00"), Some(false)));
    let corrected = app
        .request(reqwest::Method::PATCH, &format!("{RATES}/{}", id(&stored)), Some(&admin))
        .header("content-type", "application/merge-patch+json")
        .header("if-match", tag)
        .body(json!({"amount": "640.00"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(ok(corrected, "correct").await["amount"], "640.00");
}

#[tokio::test]
async fn green_travel_adds_travel_days_and_the_top_up_to_the_record() {
    let office = Office::new().await;
    let grant = id(&office.grant().await);
    let sofia = office.nominated("Petrova", 0, &grant, true).await;
    let path = format!("{MOBILITIES}/{}/travel", id(&sofia));
    let put = |token: String| {
        office.app.request(reqwest::Method::PUT, &path, Some(&token)).json(&json!({"green_travel": true})).send()
    };
    let coordinator = office.app.token_for("faculty_coordinator", &[&office.finki]).await;
    assert_problem(put(coordinator).await.unwrap(), 403, "forbidden").await;
    let recorded = ok(put(office.admin.clone()).await.unwrap(), "green travel").await;
    assert_eq!(recorded["green_travel"], true);
    assert_eq!(recorded["mobility_version"].as_u64().unwrap(), sofia["version"].as_u64().unwrap() + 1);
    assert_eq!(ok(office.app.get(&path, &office.admin).await, "travel").await["green_travel"], true);

    let report = ok(office.report(&grant, "", &office.admin).await, "report").await;
    let record = &report["records"][0];
    assert_eq!(field(record, "Green Travel"), "Yes");
    // Up to 4 extra travel days for a long-term student, paid at 1/30 of 600.00 each, and the
    // 50.00 green top-up of a student without travel support (the seeded example rates).
    assert_eq!(field(record, "Travel Days"), "4");
    assert_eq!(field(record, "Individual Support"), "2780.00");
    assert_eq!(field(record, "Top-ups"), "50.00");
    assert_eq!(field(record, "Travel"), "0.00");
}
