//! `/api/v1/agreements`: agreements and their cooperation conditions — create, validate with
//! field paths, approve through the state machine, keep the approved version, filter, page,
//! and who may do what.

// The helpers below are test code too: a failed unwrap there is a failed assertion.
#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use std::collections::HashSet;

use iro_tests::fixtures::{agreement, institution, staff_condition, student_condition, unit};
use iro_tests::{TestApp, assert_problem, json, spawn_app};
use reqwest::{Method, Response};
use serde_json::{Value, json};

const AGREEMENTS: &str = "/api/v1/agreements";

/// Our university (with two faculties) and three partners, registered by the admin.
struct Office {
    app: TestApp,
    admin: String,
    ukim: String,
    finki: String,
    feit: String,
    lipetsk: String,
    imit: String,
    sofia: String,
    belgrade: String,
}

async fn expect_created(response: Response, what: &str) -> Value {
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "creating {what} failed: {body}");
    body
}

fn id(body: &Value) -> String {
    body["id"].as_str().unwrap().to_owned()
}

async fn register(app: &TestApp, token: &str, hei_id: &str, country: &str, is_local: bool) -> String {
    let mut body = institution(hei_id, country);
    body["is_local"] = json!(is_local);
    id(&expect_created(app.post_json("/api/v1/institutions", token, &body).await, hei_id).await)
}

async fn add_unit(app: &TestApp, token: &str, institution: &str, code: &str) -> String {
    let path = format!("/api/v1/institutions/{institution}/units");
    id(&expect_created(app.post_json(&path, token, &unit(code)).await, code).await)
}

async fn office() -> Office {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ukim = register(&app, &admin, "ukim.edu.mk", "MK", true).await;
    let finki = add_unit(&app, &admin, &ukim, "FINKI").await;
    let feit = add_unit(&app, &admin, &ukim, "FEIT").await;
    let lipetsk = register(&app, &admin, "uni-lipetsk.ru", "RU", false).await;
    let imit = add_unit(&app, &admin, &lipetsk, "IMIT").await;
    let sofia = register(&app, &admin, "uni-sofia.bg", "BG", false).await;
    let belgrade = register(&app, &admin, "bg.ac.rs", "RS", false).await;
    Office { app, admin, ukim, finki, feit, lipetsk, imit, sofia, belgrade }
}

fn path_of(agreement: &Value) -> String {
    format!("{AGREEMENTS}/{}", agreement["id"].as_str().unwrap())
}

fn header(response: &Response, name: &str) -> String {
    response.headers().get(name).unwrap_or_else(|| panic!("no {name} header")).to_str().unwrap().to_owned()
}

impl Office {
    /// Creates an agreement, asserting 201.
    async fn agreement(&self, body: &Value) -> Value {
        expect_created(self.app.post_json(AGREEMENTS, &self.admin, body).await, "an agreement").await
    }

    /// The bilateral informatics agreement with Lipetsk (a draft).
    async fn lipetsk_agreement(&self) -> Value {
        let mut body = agreement("BIL-2025-LSU-INF", "bilateral", &self.lipetsk);
        body["local_unit_id"] = json!(self.finki);
        self.agreement(&body).await
    }

    /// Adds a condition, asserting 201.
    async fn condition(&self, agreement: &Value, body: &Value) -> Value {
        let path = format!("{}/conditions", path_of(agreement));
        expect_created(self.app.post_json(&path, &self.admin, body).await, "a condition").await
    }

    /// GET as the admin, asserting 200.
    async fn fetch(&self, path: &str) -> Value {
        let response = self.app.get(path, &self.admin).await;
        let status = response.status();
        let body = json(response).await;
        assert_eq!(status, 200, "GET {path} failed: {body}");
        body
    }

    /// POST a status change as `token`.
    async fn status(&self, agreement: &Value, token: &str, to: &str) -> Response {
        let path = format!("{}/status", path_of(agreement));
        self.app.post_json(&path, token, &json!({"to": to, "reason": format!("moving to {to}")})).await
    }

    /// Moves an agreement through `statuses` as the admin, asserting 200 each time.
    async fn approve(&self, agreement: &Value, statuses: &[&str]) -> Value {
        let mut last = Value::Null;
        for to in statuses {
            let response = self.status(agreement, &self.admin, to).await;
            let status = response.status();
            last = json(response).await;
            assert_eq!(status, 200, "moving to {to} failed: {last}");
            assert_eq!(last["status"], *to);
        }
        last
    }

    /// A token of an integration client with `scopes`.
    async fn client_token(&self, scopes: &[&str]) -> String {
        let (client_id, secret) = self.app.create_client(scopes);
        let response = self
            .app
            .request(Method::POST, "/api/v1/auth/token", None)
            .form(&[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        json(response).await["access_token"].as_str().unwrap().to_owned()
    }

    /// The codes of one list page for `query`, as `token`, sorted.
    async fn listed_codes(&self, token: &str, query: &[(&str, &str)]) -> Vec<String> {
        let response = self.app.request(Method::GET, AGREEMENTS, Some(token)).query(query).send().await.unwrap();
        let status = response.status();
        let body = json(response).await;
        assert_eq!(status, 200, "listing with {query:?} failed: {body}");
        let mut codes: Vec<String> =
            body["items"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_owned()).collect();
        codes.sort();
        codes
    }
}

/// The `field` entries of a problem's `errors`.
fn fields(problem: &Value) -> Vec<String> {
    problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect()
}

/// The code of the error about `field`.
fn code_of<'a>(problem: &'a Value, field: &str) -> &'a str {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field)
        .unwrap_or_else(|| panic!("no error for {field}: {problem}"))["code"]
        .as_str()
        .unwrap()
}

async fn patch_json(app: &TestApp, path: &str, token: &str, if_match: Option<&str>, body: &Value) -> Response {
    let mut request =
        app.request(Method::PATCH, path, Some(token)).header("content-type", "application/merge-patch+json");
    if let Some(tag) = if_match {
        request = request.header("if-match", tag);
    }
    request.body(body.to_string()).send().await.unwrap()
}

// ---------------------------------------------------------------------------------------------
// Agreements: create, read, change, delete
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn creating_an_agreement_returns_201_as_a_draft_with_location_etag_and_next_statuses() {
    let office = office().await;
    let mut body = agreement("BIL-2025-LSU-INF", "bilateral", &office.lipetsk);
    body["partner_unit_id"] = json!(office.imit);
    body["local_unit_id"] = json!(office.finki);
    body["local_signing_date"] = json!("2025-05-12");
    body["local_signer"] = json!({"name": "Biljana Angelova", "role": "Rector"});
    body["partner_agreement_code"] = json!("ЛГУ-МС-2025/14");
    let response = office.app.post_json(AGREEMENTS, &office.admin, &body).await;
    assert_eq!(response.status(), 201);
    let location = header(&response, "location");
    assert_eq!(header(&response, "etag"), "\"1\"");
    let created = json(response).await;
    assert_eq!(location, path_of(&created));
    assert_eq!(created["status"], "draft");
    assert_eq!(created["allowed_next_statuses"], json!(["submitted"]));
    assert_eq!(created["in_force"], false);
    assert_eq!(created["approved_at"], Value::Null);
    assert_eq!(created["first_academic_year"], "2025/2026");
    assert_eq!(created["local_signer"]["name"], "Biljana Angelova");
    assert_eq!(created["partner_unit_id"], json!(office.imit));
    assert_eq!(office.fetch(&location).await, created);
}

#[tokio::test]
async fn invalid_agreements_are_refused_with_422_naming_every_field() {
    let office = office().await;
    let body = json!({
        "code": "  ",
        "programme": "bilateral",
        "partner_institution_id": office.lipetsk,
        "first_academic_year": "2025-2026",
        "last_academic_year": "2024/2025",
        "partner_agreement_id": "ид",
        "local_signer": {"emails": ["nobody"]}
    });
    let problem =
        assert_problem(office.app.post_json(AGREEMENTS, &office.admin, &body).await, 422, "validation_failed").await;
    let refused: HashSet<String> = fields(&problem).into_iter().collect();
    for field in ["code", "first_academic_year", "partner_agreement_id", "local_signer"] {
        assert!(refused.contains(field), "{field} not refused: {problem}");
    }
    assert_eq!(code_of(&problem, "first_academic_year"), "format");

    let mut reversed = agreement("X-1", "bilateral", &office.lipetsk);
    reversed["first_academic_year"] = json!("2026/2027");
    reversed["last_academic_year"] = json!("2025/2026");
    let problem =
        assert_problem(office.app.post_json(AGREEMENTS, &office.admin, &reversed).await, 422, "validation_failed")
            .await;
    assert_eq!(code_of(&problem, "last_academic_year"), "range");

    let unknown_programme = agreement("X-2", "erasmus", &office.lipetsk);
    let problem = assert_problem(
        office.app.post_json(AGREEMENTS, &office.admin, &unknown_programme).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(fields(&problem), ["programme"]);
}

#[tokio::test]
async fn references_to_institutions_and_units_are_checked() {
    let office = office().await;
    let ours = agreement("X-1", "erasmus_plus", &office.ukim);
    let problem =
        assert_problem(office.app.post_json(AGREEMENTS, &office.admin, &ours).await, 422, "validation_failed").await;
    assert_eq!(code_of(&problem, "partner_institution_id"), "range");

    let nobody = agreement("X-2", "erasmus_plus", &uuid::Uuid::now_v7().to_string());
    let problem =
        assert_problem(office.app.post_json(AGREEMENTS, &office.admin, &nobody).await, 422, "validation_failed").await;
    assert_eq!(code_of(&problem, "partner_institution_id"), "unknown");

    let mut wrong_units = agreement("X-3", "bilateral", &office.lipetsk);
    wrong_units["partner_unit_id"] = json!(office.finki);
    wrong_units["local_unit_id"] = json!(office.imit);
    let problem =
        assert_problem(office.app.post_json(AGREEMENTS, &office.admin, &wrong_units).await, 422, "validation_failed")
            .await;
    assert_eq!(fields(&problem), ["partner_unit_id", "local_unit_id"]);
}

#[tokio::test]
async fn a_taken_code_is_a_409_duplicate() {
    let office = office().await;
    office.lipetsk_agreement().await;
    let again = agreement("BIL-2025-LSU-INF", "erasmus_plus", &office.sofia);
    let problem = assert_problem(office.app.post_json(AGREEMENTS, &office.admin, &again).await, 409, "duplicate").await;
    assert_eq!(fields(&problem), ["code"]);

    // The partner's own id identifies an agreement once per partner: no duplicated agreements.
    let mut first = agreement("EPLUS-SU-1", "erasmus_plus", &office.sofia);
    first["partner_agreement_id"] = json!("iia-2025-0042");
    office.agreement(&first).await;
    let mut second = agreement("EPLUS-SU-2", "erasmus_plus", &office.sofia);
    second["partner_agreement_id"] = json!("iia-2025-0042");
    let problem =
        assert_problem(office.app.post_json(AGREEMENTS, &office.admin, &second).await, 409, "duplicate").await;
    assert_eq!(fields(&problem), ["partner_agreement_id"]);
    let mut other_partner = agreement("EPLUS-UB-1", "erasmus_plus", &office.belgrade);
    other_partner["partner_agreement_id"] = json!("iia-2025-0042");
    office.agreement(&other_partner).await;
}

#[tokio::test]
async fn a_merge_patch_changes_fields_bumps_the_version_and_honours_if_match() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    let path = path_of(&created);
    let response = patch_json(
        &office.app,
        &path,
        &office.admin,
        Some("\"1\""),
        &json!({"partner_signing_date": "2025-05-20", "other_info": "Tuition waived"}),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "etag"), "\"2\"");
    let changed = json(response).await;
    assert_eq!(changed["partner_signing_date"], "2025-05-20");
    assert_eq!(changed["other_info"], "Tuition waived");
    assert_eq!(changed["code"], "BIL-2025-LSU-INF");

    let stale = patch_json(&office.app, &path, &office.admin, Some("\"1\""), &json!({"other_info": null})).await;
    assert_problem(stale, 412, "precondition_failed").await;

    let status = patch_json(&office.app, &path, &office.admin, None, &json!({"status": "approved_by_both"})).await;
    let problem = assert_problem(status, 422, "validation_failed").await;
    assert_eq!(code_of(&problem, "status"), "read_only");
}

#[tokio::test]
async fn only_drafts_may_be_deleted() {
    let office = office().await;
    let draft = office.lipetsk_agreement().await;
    let submitted = office.agreement(&agreement("EPLUS-2025-BG", "erasmus_plus", &office.sofia)).await;
    office.condition(&draft, &student_condition(&office.ukim, &office.lipetsk)).await;
    office.approve(&submitted, &["submitted"]).await;

    let refused = office.app.delete(&path_of(&submitted), &office.admin).await;
    let problem = assert_problem(refused, 409, "agreement_not_draft").await;
    assert!(problem["detail"].as_str().unwrap().contains("terminate"), "{problem}");

    let deleted = office.app.delete(&path_of(&draft), &office.admin).await;
    assert_eq!(deleted.status(), 204);
    assert_problem(office.app.get(&path_of(&draft), &office.admin).await, 404, "not_found").await;
}

#[tokio::test]
async fn institutions_and_units_named_by_agreements_cannot_be_deleted() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    let mut partner_unit = agreement("EPLUS-2025-BG", "erasmus_plus", &office.sofia);
    partner_unit["local_unit_id"] = json!(office.feit);
    office.agreement(&partner_unit).await;
    office.condition(&created, &student_condition(&office.ukim, &office.lipetsk)).await;

    let lipetsk = format!("/api/v1/institutions/{}", office.lipetsk);
    let imit = format!("{lipetsk}/units/{}", office.imit);
    assert_eq!(office.app.delete(&imit, &office.admin).await.status(), 204, "IMIT is not named");
    assert_problem(office.app.delete(&lipetsk, &office.admin).await, 409, "in_use").await;
    let feit = format!("/api/v1/institutions/{}/units/{}", office.ukim, office.feit);
    assert_problem(office.app.delete(&feit, &office.admin).await, 409, "in_use").await;
    let belgrade = format!("/api/v1/institutions/{}", office.belgrade);
    assert_eq!(office.app.delete(&belgrade, &office.admin).await.status(), 204);
}

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn conditions_go_both_ways_in_order_with_a_derived_direction() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    let mut outgoing_body = student_condition(&office.ukim, &office.lipetsk);
    outgoing_body["sending_unit_id"] = json!(office.finki);
    outgoing_body["receiving_unit_id"] = json!(office.imit);
    let response =
        office.app.post_json(&format!("{}/conditions", path_of(&created)), &office.admin, &outgoing_body).await;
    assert_eq!(response.status(), 201);
    let location = header(&response, "location");
    assert_eq!(header(&response, "etag"), "\"1\"");
    let outgoing = json(response).await;
    assert_eq!(location, format!("{}/conditions/{}", path_of(&created), id(&outgoing)));
    assert_eq!(outgoing["direction"], "outgoing");
    assert_eq!(outgoing["position"], 1);
    assert_eq!(outgoing["sending_hei_id"], "ukim.edu.mk");
    assert_eq!(outgoing["receiving_hei_id"], "uni-lipetsk.ru");
    assert_eq!(outgoing["total_months_per_year"], 25.0);
    assert_eq!(outgoing["total_days_per_year"], Value::Null);
    assert_eq!(outgoing["eqf_levels"], json!([6, 7]));
    assert_eq!(outgoing["language_requirements"][0]["cefr_level"], "B1");

    let incoming = office.condition(&created, &student_condition(&office.lipetsk, &office.ukim)).await;
    assert_eq!(incoming["direction"], "incoming");
    assert_eq!(incoming["position"], 2);

    let list = office.fetch(&format!("{}/conditions", path_of(&created))).await;
    let ids: Vec<String> = list["items"].as_array().unwrap().iter().map(id).collect();
    assert_eq!(ids, [id(&outgoing), id(&incoming)]);
    let only_incoming = office.fetch(&format!("{}/conditions?direction=incoming", path_of(&created))).await;
    assert_eq!(only_incoming["items"].as_array().unwrap().len(), 1);
    assert_eq!(only_incoming["items"][0]["id"], incoming["id"]);
    assert_eq!(office.fetch(&location).await, outgoing);

    // A draft stays a draft while its conditions change.
    assert_eq!(office.fetch(&path_of(&created)).await["status"], "draft");
}

#[tokio::test]
async fn a_condition_is_changed_by_merge_patch_and_deleted() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    let condition = office.condition(&created, &student_condition(&office.ukim, &office.lipetsk)).await;
    let path = format!("{}/conditions/{}", path_of(&created), id(&condition));
    let response =
        patch_json(&office.app, &path, &office.admin, Some("\"1\""), &json!({"total_months_per_year": 22.5})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "etag"), "\"2\"");
    assert_eq!(json(response).await["total_months_per_year"], 22.5);
    let stale = patch_json(&office.app, &path, &office.admin, Some("\"1\""), &json!({"blended": true})).await;
    assert_problem(stale, 412, "precondition_failed").await;
    let direction = patch_json(&office.app, &path, &office.admin, None, &json!({"direction": "incoming"})).await;
    assert_eq!(code_of(&assert_problem(direction, 422, "validation_failed").await, "direction"), "read_only");

    assert_eq!(office.app.delete(&path, &office.admin).await.status(), 204);
    assert_problem(office.app.get(&path, &office.admin).await, 404, "not_found").await;
    let list = office.fetch(&format!("{}/conditions", path_of(&created))).await;
    assert_eq!(list["items"], json!([]));
}

/// POSTs `body` as a condition of `agreement` and returns the 422 problem.
async fn refused_condition(office: &Office, agreement: &Value, body: &Value) -> Value {
    let response = office.app.post_json(&format!("{}/conditions", path_of(agreement)), &office.admin, body).await;
    assert_problem(response, 422, "validation_failed").await
}

#[tokio::test]
async fn invalid_conditions_are_refused_with_field_paths() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    let mut body = student_condition(&office.ukim, &office.lipetsk);
    body["subject_areas"] = json!([{"isced_f_code": "0613"}, {"isced_f_code": "061"}]);
    body["language_requirements"] = json!([{"language": "ru", "cefr_level": "D1"}]);
    body["eqf_levels"] = json!([6, 9]);
    body["first_academic_year"] = json!("2025-2026");
    body["total_months_per_year"] = json!(0);
    let problem = refused_condition(&office, &created, &body).await;
    assert_eq!(code_of(&problem, "subject_areas[1].isced_f_code"), "format");
    assert_eq!(code_of(&problem, "language_requirements[0].cefr_level"), "unknown");
    assert_eq!(code_of(&problem, "eqf_levels[1]"), "range");
    assert_eq!(code_of(&problem, "first_academic_year"), "format");
    assert_eq!(code_of(&problem, "total_months_per_year"), "range");

    let mut three_decimals = student_condition(&office.ukim, &office.lipetsk);
    three_decimals["total_months_per_year"] = json!(4.125);
    let problem = refused_condition(&office, &created, &three_decimals).await;
    assert_eq!(fields(&problem), ["total_months_per_year"]);
    assert_eq!(code_of(&problem, "total_months_per_year"), "format");

    let mut staff_with_months = staff_condition(&office.lipetsk, &office.ukim);
    staff_with_months["total_months_per_year"] = json!(1);
    staff_with_months["eqf_levels"] = json!([7]);
    let problem = refused_condition(&office, &created, &staff_with_months).await;
    assert_eq!(code_of(&problem, "total_months_per_year"), "not_applicable");
    assert_eq!(code_of(&problem, "eqf_levels"), "not_applicable");

    let mut no_language = student_condition(&office.ukim, &office.lipetsk);
    no_language["language_requirements"] = json!([]);
    no_language["last_academic_year"] = json!("2029/2030");
    let problem = refused_condition(&office, &created, &no_language).await;
    assert_eq!(code_of(&problem, "language_requirements"), "required");
    assert_eq!(code_of(&problem, "last_academic_year"), "range");

    let mut wrong_unit = student_condition(&office.ukim, &office.lipetsk);
    wrong_unit["sending_unit_id"] = json!(office.imit);
    let problem = refused_condition(&office, &created, &wrong_unit).await;
    assert_eq!(fields(&problem), ["sending_unit_id"]);
}

#[tokio::test]
async fn one_side_must_be_our_university_and_the_other_the_partner() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    let both_partner = refused_condition(&office, &created, &student_condition(&office.lipetsk, &office.lipetsk)).await;
    assert_eq!(fields(&both_partner), ["receiving_institution_id"]);
    let both_ours = refused_condition(&office, &created, &student_condition(&office.ukim, &office.ukim)).await;
    assert_eq!(fields(&both_ours), ["receiving_institution_id"]);
    let neither_ours = refused_condition(&office, &created, &student_condition(&office.lipetsk, &office.sofia)).await;
    assert_eq!(fields(&neither_ours), ["receiving_institution_id"]);
    assert_eq!(code_of(&neither_ours, "receiving_institution_id"), "unknown");
    let another_partner = refused_condition(&office, &created, &student_condition(&office.sofia, &office.ukim)).await;
    assert_eq!(fields(&another_partner), ["sending_institution_id"]);
}

#[tokio::test]
async fn the_agreement_cannot_strand_its_conditions() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    office.condition(&created, &student_condition(&office.ukim, &office.lipetsk)).await;
    let path = path_of(&created);
    let partner =
        patch_json(&office.app, &path, &office.admin, None, &json!({"partner_institution_id": office.sofia})).await;
    assert_problem(partner, 409, "agreement_has_conditions").await;
    let shorter =
        patch_json(&office.app, &path, &office.admin, None, &json!({"last_academic_year": "2027/2028"})).await;
    let problem = assert_problem(shorter, 422, "validation_failed").await;
    assert_eq!(fields(&problem), ["last_academic_year"]);
    let longer = patch_json(&office.app, &path, &office.admin, None, &json!({"last_academic_year": "2029/2030"})).await;
    assert_eq!(longer.status(), 200);
}

#[tokio::test]
async fn concurrent_additions_get_distinct_positions_and_one_return_to_submitted() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    office.condition(&created, &student_condition(&office.ukim, &office.lipetsk)).await;
    office.approve(&created, &["submitted", "approved_by_us", "approved_by_both"]).await;
    let conditions = format!("{}/conditions", path_of(&created));
    let body = staff_condition(&office.lipetsk, &office.ukim);
    let responses =
        futures_util::future::join_all((0..8).map(|_| office.app.post_json(&conditions, &office.admin, &body))).await;
    let mut positions = Vec::new();
    for response in responses {
        positions.push(expect_created(response, "a condition").await["position"].as_u64().unwrap());
    }
    positions.sort_unstable();
    assert_eq!(positions, (2..=9).collect::<Vec<u64>>());
    let history = office.fetch(&format!("{}/history", path_of(&created))).await;
    let returns = history["items"].as_array().unwrap().iter().filter(|c| c["to_status"] == "submitted").count();
    assert_eq!(returns, 2, "one submission by hand, one return after the first added condition: {history}");
    let kept = office.fetch(&format!("{}/approved-version", path_of(&created))).await;
    assert_eq!(kept["conditions"].as_array().unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Status, history and the approved version
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn status_changes_follow_the_state_machine() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    let skipped = office.status(&created, &office.admin, "approved_by_both").await;
    let problem = assert_problem(skipped, 409, "illegal_transition").await;
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("from draft it may go to: submitted"), "{detail}");

    let submitted = office.approve(&created, &["submitted"]).await;
    assert_eq!(submitted["allowed_next_statuses"], json!(["approved_by_us", "approved_by_partner", "terminated"]));
    let approved = office.approve(&created, &["approved_by_partner", "approved_by_both"]).await;
    assert_eq!(approved["allowed_next_statuses"], json!(["terminated"]));
    assert_eq!(approved["in_force"], true);
    assert!(approved["approved_at"].is_string());

    let back = office.status(&created, &office.admin, "draft").await;
    assert_problem(back, 409, "illegal_transition").await;
    let terminated = office.approve(&created, &["terminated"]).await;
    assert_eq!(terminated["allowed_next_statuses"], json!([]));
    assert_eq!(terminated["in_force"], false);

    let unknown =
        office.app.post_json(&format!("{}/status", path_of(&created)), &office.admin, &json!({"to": "signed"})).await;
    assert_eq!(fields(&assert_problem(unknown, 422, "validation_failed").await), ["to"]);
}

#[tokio::test]
async fn the_history_records_who_moved_the_agreement_and_why() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    office.approve(&created, &["submitted", "approved_by_us"]).await;
    let history = office.fetch(&format!("{}/history", path_of(&created))).await;
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["from_status"], "draft");
    assert_eq!(items[0]["to_status"], "submitted");
    assert_eq!(items[1]["to_status"], "approved_by_us");
    assert_eq!(items[1]["reason"], "moving to approved_by_us");
    assert_eq!(items[1]["changed_by"], "admin");
    assert!(items[1]["changed_by_id"].as_str().unwrap().starts_with("user:"));
    let page = office.fetch(&format!("{}/history?limit=1", path_of(&created))).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert!(page["next_cursor"].is_string());
}

#[tokio::test]
async fn changing_a_mutually_approved_condition_keeps_the_approved_version_and_asks_for_approval_again() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    let outgoing = office.condition(&created, &student_condition(&office.ukim, &office.lipetsk)).await;
    office.condition(&created, &student_condition(&office.lipetsk, &office.ukim)).await;
    let approved_version = format!("{}/approved-version", path_of(&created));
    assert_problem(office.app.get(&approved_version, &office.admin).await, 404, "not_found").await;
    let approved = office.approve(&created, &["submitted", "approved_by_us", "approved_by_both"]).await;

    let snapshot = office.fetch(&approved_version).await;
    assert_eq!(snapshot["approved_at"], approved["approved_at"]);
    assert_eq!(snapshot["agreement"]["approved_at"], approved["approved_at"]);
    assert_eq!(snapshot["agreement"]["status"], "approved_by_both");
    assert_eq!(snapshot["conditions"].as_array().unwrap().len(), 2);

    // Unchanged values change nothing.
    let path = format!("{}/conditions/{}", path_of(&created), id(&outgoing));
    let same = patch_json(&office.app, &path, &office.admin, None, &json!({"mobilities_per_year": 5})).await;
    assert_eq!(same.status(), 200);
    assert_eq!(office.fetch(&path_of(&created)).await["status"], "approved_by_both");

    let changed = patch_json(&office.app, &path, &office.admin, None, &json!({"mobilities_per_year": 3})).await;
    assert_eq!(changed.status(), 200);
    let now = office.fetch(&path_of(&created)).await;
    assert_eq!(now["status"], "submitted");
    assert_eq!(now["in_force"], true, "the approved version still applies");
    assert!(now["version"].as_u64().unwrap() > approved["version"].as_u64().unwrap());

    let kept = office.fetch(&approved_version).await;
    assert_eq!(kept["agreement"]["status"], "approved_by_both");
    assert_eq!(kept["conditions"][0]["id"], outgoing["id"]);
    assert_eq!(kept["conditions"][0]["mobilities_per_year"], 5);
    assert_eq!(kept["conditions"][0]["direction"], "outgoing");
    assert_eq!(kept["conditions"][1]["direction"], "incoming");
    assert_eq!(office.fetch(&path).await["mobilities_per_year"], 3);

    let history = office.fetch(&format!("{}/history", path_of(&created))).await;
    let last = history["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["from_status"].as_str(), last["to_status"].as_str()),
        (Some("approved_by_both"), Some("submitted"))
    );
    assert!(last["reason"].as_str().unwrap().contains("condition 1 changed"), "{last}");

    // Approving the new version replaces the kept one.
    office.approve(&created, &["approved_by_partner", "approved_by_both"]).await;
    assert_eq!(office.fetch(&approved_version).await["conditions"][0]["mobilities_per_year"], 3);
}

#[tokio::test]
async fn adding_or_deleting_a_condition_of_an_approved_agreement_needs_approval_again() {
    let office = office().await;
    let created = office.agreement(&agreement("EPLUS-2025-BG", "erasmus_plus", &office.sofia)).await;
    let studies = office.condition(&created, &student_condition(&office.ukim, &office.sofia)).await;
    office.approve(&created, &["submitted", "approved_by_us"]).await;
    office.condition(&created, &staff_condition(&office.sofia, &office.ukim)).await;
    assert_eq!(office.fetch(&path_of(&created)).await["status"], "submitted");
    assert_problem(
        office.app.get(&format!("{}/approved-version", path_of(&created)), &office.admin).await,
        404,
        "not_found",
    )
    .await;

    office.approve(&created, &["approved_by_us", "approved_by_both"]).await;
    let path = format!("{}/conditions/{}", path_of(&created), id(&studies));
    assert_eq!(office.app.delete(&path, &office.admin).await.status(), 204);
    assert_eq!(office.fetch(&path_of(&created)).await["status"], "submitted");
    let kept = office.fetch(&format!("{}/approved-version", path_of(&created))).await;
    assert_eq!(kept["conditions"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_terminated_agreement_refuses_changes_of_its_conditions() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    let condition = office.condition(&created, &student_condition(&office.ukim, &office.lipetsk)).await;
    office.approve(&created, &["submitted", "terminated"]).await;
    let conditions = format!("{}/conditions", path_of(&created));
    let add = office.app.post_json(&conditions, &office.admin, &student_condition(&office.lipetsk, &office.ukim)).await;
    assert_problem(add, 409, "agreement_terminated").await;
    let path = format!("{conditions}/{}", id(&condition));
    let change = patch_json(&office.app, &path, &office.admin, None, &json!({"mobilities_per_year": 1})).await;
    assert_problem(change, 409, "agreement_terminated").await;
    assert_problem(office.app.delete(&path, &office.admin).await, 409, "agreement_terminated").await;
    assert_eq!(office.fetch(&path).await["mobilities_per_year"], 5);
}

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_list_filters_by_partner_country_programme_status_year_and_unit() {
    let office = office().await;
    let mut lipetsk = agreement("BIL-LSU", "bilateral", &office.lipetsk);
    lipetsk["local_unit_id"] = json!(office.finki);
    let lipetsk = office.agreement(&lipetsk).await;
    let mut sofia = agreement("EPLUS-SU", "erasmus_plus", &office.sofia);
    sofia["first_academic_year"] = json!("2021/2022");
    sofia["last_academic_year"] = json!("2024/2025");
    office.agreement(&sofia).await;
    let belgrade = office.agreement(&agreement("EPLUS-UB", "erasmus_plus", &office.belgrade)).await;
    office.approve(&lipetsk, &["submitted"]).await;
    office.approve(&belgrade, &["submitted", "approved_by_us", "approved_by_both"]).await;

    let admin = &office.admin;
    assert_eq!(office.listed_codes(admin, &[("partner_country", "RU")]).await, ["BIL-LSU"]);
    assert_eq!(office.listed_codes(admin, &[("partner_country", "rs")]).await, ["EPLUS-UB"]);
    assert_eq!(office.listed_codes(admin, &[("programme", "erasmus_plus")]).await, ["EPLUS-SU", "EPLUS-UB"]);
    assert_eq!(office.listed_codes(admin, &[("status", "submitted")]).await, ["BIL-LSU"]);
    assert_eq!(office.listed_codes(admin, &[("academic_year", "2026/2027")]).await, ["BIL-LSU", "EPLUS-UB"]);
    assert_eq!(office.listed_codes(admin, &[("academic_year", "2024/2025")]).await, ["EPLUS-SU"]);
    assert_eq!(office.listed_codes(admin, &[("academic_year", "2028/2029")]).await, ["BIL-LSU", "EPLUS-UB"]);
    assert!(office.listed_codes(admin, &[("academic_year", "2029/2030")]).await.is_empty());
    assert_eq!(office.listed_codes(admin, &[("local_unit_id", &office.finki)]).await, ["BIL-LSU"]);
    assert_eq!(office.listed_codes(admin, &[("partner_institution_id", &office.sofia)]).await, ["EPLUS-SU"]);
    assert_eq!(
        office.listed_codes(admin, &[("programme", "erasmus_plus"), ("status", "approved_by_both")]).await,
        ["EPLUS-UB"]
    );
    assert_eq!(office.listed_codes(admin, &[("code", "EPLUS-SU")]).await, ["EPLUS-SU"]);

    for bad in [("academic_year", "2025-2026"), ("partner_country", "XX"), ("status", "signed")] {
        let response = office.app.request(Method::GET, AGREEMENTS, Some(admin)).query(&[bad]).send().await.unwrap();
        assert_problem(response, 400, "invalid_query").await;
    }
}

#[tokio::test]
async fn changed_conditions_count_as_a_change_of_the_agreement_for_modified_since() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    office.agreement(&agreement("EPLUS-SU", "erasmus_plus", &office.sofia)).await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    assert!(office.listed_codes(&office.admin, &[("modified_since", &since)]).await.is_empty());
    office.condition(&created, &student_condition(&office.ukim, &office.lipetsk)).await;
    assert_eq!(office.listed_codes(&office.admin, &[("modified_since", &since)]).await, ["BIL-2025-LSU-INF"]);
}

#[tokio::test]
async fn pages_follow_the_cursor_without_gaps_or_repeats() {
    let office = office().await;
    for n in 0..5 {
        office.agreement(&agreement(&format!("EPLUS-{n}"), "erasmus_plus", &office.sofia)).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut query = vec![("limit", "2".to_owned())];
        if let Some(c) = &cursor {
            query.push(("cursor", c.clone()));
        }
        let body =
            json(office.app.request(Method::GET, AGREEMENTS, Some(&office.admin)).query(&query).send().await.unwrap())
                .await;
        pages += 1;
        seen.extend(body["items"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap().to_owned()));
        match body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ["EPLUS-0", "EPLUS-1", "EPLUS-2", "EPLUS-3", "EPLUS-4"]);
}

// ---------------------------------------------------------------------------------------------
// Who may do what
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn participants_browse_agreements_in_force_and_cannot_write() {
    let office = office().await;
    let draft = office.lipetsk_agreement().await;
    let in_force = office.agreement(&agreement("EPLUS-SU", "erasmus_plus", &office.sofia)).await;
    let condition = office.condition(&in_force, &student_condition(&office.ukim, &office.sofia)).await;
    office.approve(&in_force, &["submitted", "approved_by_us", "approved_by_both"]).await;
    let student = office.app.token_for("participant", &[]).await;

    assert_eq!(office.listed_codes(&student, &[]).await, ["EPLUS-SU"]);
    assert_eq!(office.app.get(&path_of(&in_force), &student).await.status(), 200);
    let conditions = format!("{}/conditions", path_of(&in_force));
    assert_eq!(office.app.get(&conditions, &student).await.status(), 200);
    assert_eq!(office.app.get(&format!("{conditions}/{}", id(&condition)), &student).await.status(), 200);
    assert_eq!(office.app.get(&format!("{}/approved-version", path_of(&in_force)), &student).await.status(), 200);
    assert_problem(office.app.get(&path_of(&draft), &student).await, 404, "not_found").await;
    assert_problem(office.app.get(&format!("{}/conditions", path_of(&draft)), &student).await, 404, "not_found").await;
    assert_problem(office.app.get(&format!("{}/history", path_of(&in_force)), &student).await, 403, "forbidden").await;

    let body = agreement("X-1", "erasmus_plus", &office.belgrade);
    assert_problem(office.app.post_json(AGREEMENTS, &student, &body).await, 403, "forbidden").await;
    assert_problem(office.status(&in_force, &student, "terminated").await, 403, "forbidden").await;
    let change = patch_json(&office.app, &path_of(&in_force), &student, None, &json!({"other_info": "x"})).await;
    assert_problem(change, 403, "forbidden").await;
    let add = office.app.post_json(&conditions, &student, &staff_condition(&office.ukim, &office.sofia)).await;
    assert_problem(add, 403, "forbidden").await;
}

#[tokio::test]
async fn faculty_coordinators_read_all_and_write_only_their_units_agreements() {
    let office = office().await;
    let coordinator = office.app.token_for("faculty_coordinator", &[&office.finki]).await;
    let university_wide = office.agreement(&agreement("EPLUS-SU", "erasmus_plus", &office.sofia)).await;

    let mut ours = agreement("BIL-LSU", "bilateral", &office.lipetsk);
    ours["local_unit_id"] = json!(office.finki);
    let ours = expect_created(office.app.post_json(AGREEMENTS, &coordinator, &ours).await, "the FINKI agreement").await;
    let mut theirs = agreement("EPLUS-UB", "erasmus_plus", &office.belgrade);
    theirs["local_unit_id"] = json!(office.feit);
    assert_problem(office.app.post_json(AGREEMENTS, &coordinator, &theirs).await, 403, "forbidden").await;
    let none = agreement("EPLUS-UB", "erasmus_plus", &office.belgrade);
    assert_problem(office.app.post_json(AGREEMENTS, &coordinator, &none).await, 403, "forbidden").await;

    assert_eq!(office.listed_codes(&coordinator, &[]).await, ["BIL-LSU", "EPLUS-SU"]);
    assert_eq!(office.app.get(&format!("{}/history", path_of(&university_wide)), &coordinator).await.status(), 200);

    let conditions = format!("{}/conditions", path_of(&ours));
    let added =
        office.app.post_json(&conditions, &coordinator, &student_condition(&office.ukim, &office.lipetsk)).await;
    assert_eq!(added.status(), 201);
    assert_eq!(office.status(&ours, &coordinator, "submitted").await.status(), 200);
    let moved =
        patch_json(&office.app, &path_of(&ours), &coordinator, None, &json!({"local_unit_id": office.feit})).await;
    assert_problem(moved, 403, "forbidden").await;

    let change =
        patch_json(&office.app, &path_of(&university_wide), &coordinator, None, &json!({"other_info": "x"})).await;
    assert_problem(change, 403, "forbidden").await;
    assert_problem(office.status(&university_wide, &coordinator, "submitted").await, 403, "forbidden").await;
    let add = office
        .app
        .post_json(
            &format!("{}/conditions", path_of(&university_wide)),
            &coordinator,
            &student_condition(&office.ukim, &office.sofia),
        )
        .await;
    assert_problem(add, 403, "forbidden").await;
    assert_problem(office.app.delete(&path_of(&university_wide), &coordinator).await, 403, "forbidden").await;
}

#[tokio::test]
async fn reporting_reads_and_integrations_need_the_agreements_scopes() {
    let office = office().await;
    let created = office.lipetsk_agreement().await;
    let reporting = office.app.token_for("reporting", &[]).await;
    assert_eq!(office.listed_codes(&reporting, &[]).await, ["BIL-2025-LSU-INF"]);
    assert_eq!(office.app.get(&format!("{}/history", path_of(&created)), &reporting).await.status(), 200);
    let body = agreement("EPLUS-SU", "erasmus_plus", &office.sofia);
    assert_problem(office.app.post_json(AGREEMENTS, &reporting, &body).await, 403, "forbidden").await;

    let reader = office.client_token(&["agreements:read"]).await;
    assert_eq!(office.listed_codes(&reader, &[]).await, ["BIL-2025-LSU-INF"]);
    assert_problem(office.app.post_json(AGREEMENTS, &reader, &body).await, 403, "forbidden").await;

    let writer = office.client_token(&["agreements:write"]).await;
    expect_created(office.app.post_json(AGREEMENTS, &writer, &body).await, "an agreement by an integration").await;
    let conditions = format!("{}/conditions", path_of(&created));
    let added = office.app.post_json(&conditions, &writer, &student_condition(&office.ukim, &office.lipetsk)).await;
    assert_eq!(added.status(), 201);

    let other = office.client_token(&["institutions:write"]).await;
    assert_problem(office.app.get(AGREEMENTS, &other).await, 403, "forbidden").await;
    assert_problem(office.app.get(AGREEMENTS, "not a token").await, 401, "unauthorized").await;
}
