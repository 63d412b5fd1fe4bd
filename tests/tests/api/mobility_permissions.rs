//! Who may see and change which mobility, role by role (issue 4 item 6), and who sees a
//! person's personal data (item 1): officers everything; a faculty coordinator their units'
//! outgoing mobilities and the incoming ones their units host; a coordinator of another unit
//! nothing (404, so existence does not leak); participants their own, and only to apply;
//! integration clients by scope.

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use iro_tests::{assert_problem, fixtures, json};
use reqwest::Response;
use serde_json::{Value, json};

use crate::exchange::{Exchange, MOBILITIES, PEOPLE, created, id, ok};

/// The office with one mobility each way per faculty: FINKI and FEIT each send a student to
/// Lipetsk and each host a Lipetsk student.
struct Scene {
    x: Exchange,
    out_finki: Value,
    out_feit: Value,
    in_finki: Value,
    in_feit: Value,
    /// The Lipetsk student FINKI hosts.
    guest: String,
}

impl Scene {
    async fn new() -> Scene {
        let x = Exchange::new(5, 25).await;
        let out_finki = x.application("Finki").await;
        let mut student = x.student_body("Feit");
        student["home_unit_id"] = json!(x.feit);
        let feit_student = id(&created(x.app.post_json(PEOPLE, &x.admin, &student).await, "feit student").await);
        let mut body = x.outgoing_body(&feit_student);
        body["sending_unit_id"] = json!(x.feit);
        let out_feit = created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "feit outgoing").await;
        let guest = lipetsk_student(&x, "Guest").await;
        let in_finki =
            created(x.app.post_json(MOBILITIES, &x.admin, &incoming(&x, &guest, &x.finki)).await, "in").await;
        let other_guest = lipetsk_student(&x, "Other").await;
        let body = incoming(&x, &other_guest, &x.feit);
        let in_feit = created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "feit incoming").await;
        Scene { x, out_finki, out_feit, in_finki, in_feit, guest }
    }

    fn all(&self) -> [&Value; 4] {
        [&self.out_finki, &self.out_feit, &self.in_finki, &self.in_feit]
    }

    async fn coordinator(&self, unit: &str) -> String {
        self.x.app.token_for("faculty_coordinator", &[unit]).await
    }

    async fn get(&self, mobility: &Value, token: &str) -> Response {
        self.x.app.get(&path(mobility), token).await
    }

    async fn status(&self, mobility: &Value, token: &str, body: Value) -> Response {
        self.x.app.post_json(&format!("{}/status", path(mobility)), token, &body).await
    }

    async fn patch(&self, mobility: &Value, token: &str, body: Value) -> Response {
        self.x.app.patch_json(&path(mobility), token, &body).await
    }

    /// The ids of the mobilities `token` lists (with an optional query).
    async fn listed(&self, token: &str, query: &str) -> Vec<String> {
        let page = ok(self.x.app.get(&format!("{MOBILITIES}{query}"), token).await, "list").await;
        page["items"].as_array().unwrap().iter().map(id).collect()
    }
}

fn path(mobility: &Value) -> String {
    format!("{MOBILITIES}/{}", id(mobility))
}

/// A student of Lipetsk (no unit of ours), with special needs recorded.
async fn lipetsk_student(x: &Exchange, name: &str) -> String {
    let mut body = x.student_body(name);
    body["home_institution_id"] = json!(x.lipetsk);
    body["home_unit_id"] = Value::Null;
    body["citizenships"] = json!(["RU"]);
    id(&created(x.app.post_json(PEOPLE, &x.admin, &body).await, "lipetsk student").await)
}

/// An incoming bilateral studies mobility of `person` hosted by `unit`, April–June 2027.
fn incoming(x: &Exchange, person: &str, unit: &str) -> Value {
    json!({
        "direction": "incoming", "activity_type": "student_studies", "programme": "bilateral",
        "person_id": person, "agreement_id": x.agreement, "condition_id": x.incoming,
        "sending_institution_id": x.lipetsk, "receiving_institution_id": x.ukim, "receiving_unit_id": unit,
        "receiving_academic_year": "2026/2027", "planned_start": "2027-04-01", "planned_end": "2027-06-29",
        "eqf_level": 6
    })
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

fn ids(mobilities: &[&Value]) -> Vec<String> {
    sorted(mobilities.iter().map(|m| id(m)).collect())
}

async fn client_token(x: &Exchange, scopes: &[&str]) -> String {
    let (client_id, secret) = x.app.create_client(scopes);
    let response = x
        .app
        .request(reqwest::Method::POST, "/api/v1/auth/token", None)
        .form(&[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)])
        .send()
        .await
        .unwrap();
    json(response).await["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_officer_sees_and_changes_every_mobility() {
    let s = Scene::new().await;
    let officer = s.x.app.token_for("officer", &[]).await;
    assert_eq!(sorted(s.listed(&officer, "").await), ids(&s.all()));
    for mobility in s.all() {
        ok(s.get(mobility, &officer).await, "officer reads").await;
        ok(s.x.app.get(&format!("{}/history", path(mobility)), &officer).await, "officer reads history").await;
        ok(s.patch(mobility, &officer, json!({"notes": "checked by the office"})).await, "officer patches").await;
    }
    ok(s.status(&s.out_feit, &officer, json!({"to": "nominated"})).await, "officer nominates").await;
    ok(s.status(&s.in_finki, &officer, json!({"to": "accepted"})).await, "officer accepts").await;
    let person = s.x.student("New").await;
    let fresh = created(s.x.app.post_json(MOBILITIES, &officer, &s.x.outgoing_body(&person)).await, "create").await;
    assert_eq!(s.x.app.delete(&path(&fresh), &officer).await.status(), 204);
}

#[tokio::test]
async fn a_sending_coordinator_manages_their_units_outgoing_mobilities_only() {
    let s = Scene::new().await;
    let finki = s.coordinator(&s.x.finki).await;
    assert_eq!(sorted(s.listed(&finki, "?direction=outgoing").await), ids(&[&s.out_finki]));
    ok(s.get(&s.out_finki, &finki).await, "reads own unit's").await;
    let patched = ok(s.patch(&s.out_finki, &finki, json!({"notes": "interview passed"})).await, "patch").await;
    assert_eq!(patched["notes"], "interview passed");
    let nominated = ok(s.status(&s.out_finki, &finki, json!({"to": "nominated"})).await, "nominates").await;
    assert_eq!(nominated["status"], "nominated");
    // Handing the mobility to another faculty would take it out of the coordinator's hands.
    let moved = s.patch(&s.out_finki, &finki, json!({"sending_unit_id": s.x.feit})).await;
    assert_problem(moved, 403, "forbidden").await;
    // A new outgoing mobility: for their own faculty yes, for another no.
    let person = s.x.student("Applicant").await;
    created(s.x.app.post_json(MOBILITIES, &finki, &s.x.outgoing_body(&person)).await, "coordinator creates").await;
    let other = s.x.student("Elsewhere").await;
    let mut body = s.x.outgoing_body(&other);
    body["sending_unit_id"] = json!(s.x.feit);
    assert_problem(s.x.app.post_json(MOBILITIES, &finki, &body).await, 403, "forbidden").await;
    // Another faculty's outgoing mobility does not exist for them.
    assert_problem(s.get(&s.out_feit, &finki).await, 404, "not_found").await;
    assert_problem(s.status(&s.out_feit, &finki, json!({"to": "nominated"})).await, 404, "not_found").await;
    assert_problem(s.patch(&s.out_feit, &finki, json!({"notes": "x"})).await, 404, "not_found").await;
    assert_problem(s.x.app.delete(&path(&s.out_feit), &finki).await, 404, "not_found").await;
    let history = s.x.app.get(&format!("{}/history", path(&s.out_feit)), &finki).await;
    assert_problem(history, 404, "not_found").await;
}

#[tokio::test]
async fn a_hosting_coordinator_manages_the_incoming_mobilities_their_unit_hosts() {
    let s = Scene::new().await;
    let finki = s.coordinator(&s.x.finki).await;
    assert_eq!(sorted(s.listed(&finki, "?direction=incoming").await), ids(&[&s.in_finki]));
    assert_eq!(sorted(s.listed(&finki, "").await), ids(&[&s.out_finki, &s.in_finki]));
    ok(s.get(&s.in_finki, &finki).await, "reads the hosted one").await;
    let accepted = ok(s.status(&s.in_finki, &finki, json!({"to": "accepted"})).await, "accepts").await;
    assert_eq!(accepted["ewp_receiving_status"], "verified");
    assert_problem(s.get(&s.in_feit, &finki).await, 404, "not_found").await;
    assert_problem(s.status(&s.in_feit, &finki, json!({"to": "accepted"})).await, 404, "not_found").await;
    let feit = s.coordinator(&s.x.feit).await;
    let rejected = s.status(&s.in_feit, &feit, json!({"to": "rejected", "reason": "courses not offered"})).await;
    assert_eq!(ok(rejected, "feit rejects its own guest").await["status"], "rejected");
}

#[tokio::test]
async fn a_coordinator_of_an_unrelated_unit_sees_and_changes_nothing() {
    let s = Scene::new().await;
    let path_units = format!("/api/v1/institutions/{}/units", s.x.ukim);
    let pmf = id(&created(s.x.app.post_json(&path_units, &s.x.admin, &fixtures::unit("PMF")).await, "unit").await);
    let stranger = s.coordinator(&pmf).await;
    assert!(s.listed(&stranger, "").await.is_empty());
    // Filtering by a unit they do not coordinate does not widen what they see.
    assert!(s.listed(&stranger, &format!("?unit_id={}", s.x.finki)).await.is_empty());
    for mobility in s.all() {
        assert_problem(s.get(mobility, &stranger).await, 404, "not_found").await;
        assert_problem(
            s.status(mobility, &stranger, json!({"to": "cancelled", "reason": "x"})).await,
            404,
            "not_found",
        )
        .await;
        assert_problem(s.patch(mobility, &stranger, json!({"notes": "x"})).await, 404, "not_found").await;
    }
    let person = s.x.student("Applicant").await;
    assert_problem(s.x.app.post_json(MOBILITIES, &stranger, &s.x.outgoing_body(&person)).await, 403, "forbidden").await;
    // Nothing changed behind the 404s.
    let unchanged = ok(s.get(&s.out_finki, &s.x.admin).await, "admin reads").await;
    assert_eq!(unchanged["status"], "applied");
    assert_eq!(unchanged["notes"], Value::Null);
}

#[tokio::test]
async fn a_participant_reads_their_own_mobilities_and_may_only_apply() {
    let s = Scene::new().await;
    let participant = s.x.app.token_for("participant", &[]).await;
    let me = ok(s.x.app.get("/api/v1/me", &participant).await, "me").await;
    let mut body = s.x.student_body("Self");
    body["user_id"] = me["id"].clone();
    let own = id(&created(s.x.app.post_json(PEOPLE, &s.x.admin, &body).await, "self").await);
    assert!(s.listed(&participant, "").await.is_empty());
    for mobility in s.all() {
        assert_problem(s.get(mobility, &participant).await, 404, "not_found").await;
    }
    // Their own application, under the agreement in force: created as `applied`.
    let applied = created(s.x.app.post_json(MOBILITIES, &participant, &s.x.outgoing_body(&own)).await, "apply").await;
    assert_eq!(applied["status"], "applied");
    assert_eq!(s.listed(&participant, "").await, [id(&applied)]);
    ok(s.get(&applied, &participant).await, "reads own").await;
    let history = ok(s.x.app.get(&format!("{}/history", path(&applied)), &participant).await, "own history").await;
    assert_eq!(history["items"].as_array().unwrap().len(), 1);
    // Nothing else: no nomination, no change, no deletion of their own mobility …
    assert_problem(s.status(&applied, &participant, json!({"to": "nominated"})).await, 403, "forbidden").await;
    assert_problem(
        s.status(&applied, &participant, json!({"to": "cancelled", "reason": "no"})).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(s.patch(&applied, &participant, json!({"notes": "please"})).await, 403, "forbidden").await;
    assert_problem(s.x.app.delete(&path(&applied), &participant).await, 403, "forbidden").await;
    // … no application for someone else, no incoming one, none under an agreement not in force.
    let other = s.x.student("Other").await;
    let response = s.x.app.post_json(MOBILITIES, &participant, &s.x.outgoing_body(&other)).await;
    assert_problem(response, 403, "forbidden").await;
    let response = s.x.app.post_json(MOBILITIES, &participant, &incoming(&s.x, &own, &s.x.finki)).await;
    assert_problem(response, 403, "forbidden").await;
    // A person id that names nobody is someone else's too: 403, not an undocumented 404.
    let mut nobody = s.x.outgoing_body(&own);
    nobody["person_id"] = json!("01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b");
    assert_problem(s.x.app.post_json(MOBILITIES, &participant, &nobody).await, 403, "forbidden").await;
    // What the office decides stays the office's (issue 11.6): the actual dates, and a faculty
    // other than the participant's own as the sending unit.
    let mut dated = s.x.outgoing_body(&own);
    dated["actual_start"] = json!("2026-09-01");
    dated["actual_end"] = json!("2027-01-31");
    assert_problem(s.x.app.post_json(MOBILITIES, &participant, &dated).await, 403, "forbidden").await;
    let mut elsewhere = s.x.outgoing_body(&own);
    elsewhere["sending_unit_id"] = json!(s.x.feit);
    assert_problem(s.x.app.post_json(MOBILITIES, &participant, &elsewhere).await, 403, "forbidden").await;
    let mut unchosen = s.x.outgoing_body(&own);
    unchosen["sending_unit_id"] = Value::Null;
    unchosen["planned_start"] = json!("2027-02-15");
    unchosen["planned_end"] = json!("2027-06-30");
    let left_to_the_office = created(s.x.app.post_json(MOBILITIES, &participant, &unchosen).await, "no unit").await;
    let draft = fixtures::agreement("BIL-SOFIA-DRAFT", "bilateral", &s.x.sofia);
    let draft = id(&created(s.x.app.post_json("/api/v1/agreements", &s.x.admin, &draft).await, "draft").await);
    let mut body = s.x.outgoing_body(&own);
    body["agreement_id"] = json!(draft);
    body["condition_id"] = Value::Null;
    body["receiving_institution_id"] = json!(s.x.sofia);
    body["planned_start"] = json!("2027-09-01");
    body["planned_end"] = json!("2028-01-31");
    body["receiving_academic_year"] = json!("2027/2028");
    assert_problem(s.x.app.post_json(MOBILITIES, &participant, &body).await, 403, "forbidden").await;
    let mut own_mobilities = s.listed(&participant, "").await;
    own_mobilities.sort();
    let mut expected = vec![id(&applied), id(&left_to_the_office)];
    expected.sort();
    assert_eq!(own_mobilities, expected, "nothing was created by the refusals");
}

#[tokio::test]
async fn integration_clients_read_or_write_mobilities_by_scope() {
    let s = Scene::new().await;
    let reader = client_token(&s.x, &["mobilities:read"]).await;
    let writer = client_token(&s.x, &["mobilities:write"]).await;
    let unrelated = client_token(&s.x, &["people:read", "agreements:write"]).await;
    assert_eq!(sorted(s.listed(&reader, "").await), ids(&s.all()));
    ok(s.get(&s.in_feit, &reader).await, "reader reads").await;
    ok(s.x.app.get(&format!("{}/history", path(&s.in_feit)), &reader).await, "reader reads history").await;
    assert_problem(s.status(&s.out_finki, &reader, json!({"to": "nominated"})).await, 403, "forbidden").await;
    assert_problem(s.patch(&s.out_finki, &reader, json!({"notes": "x"})).await, 403, "forbidden").await;
    assert_problem(s.x.app.delete(&path(&s.out_finki), &reader).await, 403, "forbidden").await;
    let person = s.x.student("Synced").await;
    let body = s.x.outgoing_body(&person);
    assert_problem(s.x.app.post_json(MOBILITIES, &reader, &body).await, 403, "forbidden").await;
    // The write scope includes reading and every change a coordinator may make …
    assert_eq!(sorted(s.listed(&writer, "").await), ids(&s.all()));
    let synced = created(s.x.app.post_json(MOBILITIES, &writer, &body).await, "writer creates").await;
    ok(s.patch(&synced, &writer, json!({"notes": "from the ERP"})).await, "writer patches").await;
    ok(s.status(&synced, &writer, json!({"to": "nominated"})).await, "writer nominates").await;
    // … except overriding a quota, which stays a person's decision.
    let override_body = json!({"to": "nominated", "override_quota": true, "reason": "ERP says so"});
    assert_problem(s.status(&s.out_feit, &writer, override_body).await, 403, "forbidden").await;
    ok(s.status(&s.out_finki, &writer, json!({"to": "cancelled", "reason": "withdrew"})).await, "cancel").await;
    assert_eq!(s.x.app.delete(&path(&s.out_finki), &writer).await.status(), 204);
    // Other scopes give no access to mobilities.
    assert_problem(s.x.app.get(MOBILITIES, &unrelated).await, 403, "forbidden").await;
    assert_problem(s.get(&s.in_feit, &unrelated).await, 403, "forbidden").await;
}

#[tokio::test]
async fn a_hosting_coordinator_sees_the_guests_personal_data_and_an_unrelated_one_does_not() {
    let s = Scene::new().await;
    let person = format!("{PEOPLE}/{}", s.guest);
    // FINKI hosts the guest: name, contact and birth date, but not the special needs, which
    // only the office and the person see.
    let finki = s.coordinator(&s.x.finki).await;
    let seen = ok(s.x.app.get(&person, &finki).await, "hosting coordinator").await;
    assert_eq!(seen["family_name"], "Guest");
    assert_eq!(seen["email"], "ana@students.finki.ukim.mk");
    assert_eq!(seen["birth_date"], "2003-04-12");
    assert_eq!(seen["special_needs"], Value::Null);
    let listed = ok(s.x.app.get(PEOPLE, &finki).await, "people list").await;
    let listed: Vec<String> = listed["items"].as_array().unwrap().iter().map(id).collect();
    assert!(listed.contains(&s.guest), "{listed:?}");
    // FEIT neither hosts nor sends the guest: the person does not exist for them.
    let feit = s.coordinator(&s.x.feit).await;
    assert_problem(s.x.app.get(&person, &feit).await, 404, "not_found").await;
    let listed = ok(s.x.app.get(PEOPLE, &feit).await, "people list").await;
    let listed: Vec<String> = listed["items"].as_array().unwrap().iter().map(id).collect();
    assert!(!listed.contains(&s.guest), "{listed:?}");
    assert_problem(s.x.app.patch_json(&person, &feit, &json!({"email": "x@example.org"})).await, 404, "not_found")
        .await;
    // The office sees everything, special needs included.
    let officer = s.x.app.token_for("officer", &[]).await;
    let seen = ok(s.x.app.get(&person, &officer).await, "officer").await;
    assert_eq!(seen["special_needs"], "wheelchair access");
    // An integration client needs `people:read`; `mobilities:read` alone shows no person.
    let mobility_reader = client_token(&s.x, &["mobilities:read"]).await;
    assert_problem(s.x.app.get(&person, &mobility_reader).await, 403, "forbidden").await;
    let people_reader = client_token(&s.x, &["people:read"]).await;
    let seen = ok(s.x.app.get(&person, &people_reader).await, "people reader").await;
    assert_eq!(seen["family_name"], "Guest");
    assert_eq!(seen["special_needs"], Value::Null);
}

#[tokio::test]
async fn a_participant_sees_their_own_personal_data_only() {
    let s = Scene::new().await;
    let participant = s.x.app.token_for("participant", &[]).await;
    let me = ok(s.x.app.get("/api/v1/me", &participant).await, "me").await;
    let mut body = s.x.student_body("Self");
    body["user_id"] = me["id"].clone();
    body["special_needs"] = json!("dietary");
    let own = id(&created(s.x.app.post_json(PEOPLE, &s.x.admin, &body).await, "self").await);
    let seen = ok(s.x.app.get(&format!("{PEOPLE}/{own}"), &participant).await, "self").await;
    assert_eq!(seen["special_needs"], "dietary");
    let listed = ok(s.x.app.get(PEOPLE, &participant).await, "people list").await;
    assert_eq!(listed["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>(), [own]);
    assert_problem(s.x.app.get(&format!("{PEOPLE}/{}", s.guest), &participant).await, 404, "not_found").await;
}
