//! Learning agreements over HTTP (issue 14 items 1–4 and 7–8): the signing order, stale
//! proposals, immutability of signed versions, faculty-level permissions, the `live` guard and
//! its override, the departure alert, and the traineeship host's cover in the checklist.

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use chrono::{Datelike, Duration, Utc};
use iro_tests::{assert_problem, json};
use reqwest::{Method, Response};
use serde_json::{Value, json};

use crate::exchange::{Exchange, MOBILITIES, PEOPLE, created, id, ok};

fn la(mobility: &str) -> String {
    format!("{MOBILITIES}/{mobility}/learning-agreement")
}

/// A studies agreement: Databases (6 ECTS) in table A, recognised as 5 ECTS in table B.
fn studies() -> Value {
    json!({
        "kind": "studies",
        "header": {"sending_contact": {"name": "Ana Petrovska", "email": "ana@finki.ukim.mk", "position": "Coordinator"},
            "eqf_level_at_departure": 6, "isced_f_code": "0613", "language": "ru", "language_level": "B2"},
        "components": [
            {"table": "a", "code": "IT-204", "title": "Databases", "term": "2026/2027 winter", "credits": 6},
            {"table": "a", "code": "IT-310", "title": "Compilers", "term": "2026/2027 winter", "credits": 24},
            {"table": "b", "code": "F18L3W004", "title": "Databases", "credits": 5,
                "recognition_conditions": "as the compulsory course"}
        ]
    })
}

fn signature(proposal: &Value, side: &str, name: &str) -> Value {
    json!({"proposal_id": proposal, "side": side, "name": name, "email": "signer@example.org", "position": "Signer"})
}

fn recorded(proposal: &Value, side: &str) -> Value {
    let mut body = signature(proposal, side, "Irina Volkova");
    body["evidence_reference"] = json!("https://esign.example.ru/la/77");
    body["evidence_date"] = json!("2026-08-20");
    body
}

/// The office with a FINKI student's outgoing mobility to Lipetsk (accepted), the student's
/// participant account, and coordinators of FINKI and FEIT.
struct Scene {
    x: Exchange,
    mobility: String,
    student: String,
    finki: String,
    feit: String,
}

impl Scene {
    async fn new() -> Scene {
        let x = Exchange::new(5, 25).await;
        let student = x.app.token_for("participant", &[]).await;
        let me = ok(x.app.get("/api/v1/me", &student).await, "me").await;
        let mut body = x.student_body("Stojanova");
        body["user_id"] = me["id"].clone();
        let person = id(&created(x.app.post_json(PEOPLE, &x.admin, &body).await, "student").await);
        let mobility = id(&created(x.app.post_json(MOBILITIES, &x.admin, &x.outgoing_body(&person)).await, "m").await);
        let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
        let feit = x.app.token_for("faculty_coordinator", &[&x.feit]).await;
        Scene { x, mobility, student, finki, feit }
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.x.app.post_json(&format!("{}{path}", la(&self.mobility)), token, &body).await
    }

    async fn agreement(&self) -> Value {
        ok(self.x.app.get(&la(&self.mobility), &self.x.admin).await, "read agreement").await
    }

    /// Creates the agreement (FINKI's coordinator) and returns it.
    async fn create(&self) -> Value {
        created(self.post("", &self.finki, studies()).await, "agreement").await
    }

    /// Signs the current version by all three; returns the agreement.
    async fn sign_all(&self) -> Value {
        let proposal = self.agreement().await["current"]["proposal_id"].clone();
        ok(self.post("/signatures", &self.student, signature(&proposal, "participant", "Marija")).await, "p").await;
        ok(self.post("/signatures", &self.finki, signature(&proposal, "sending", "Ana")).await, "s").await;
        ok(self.post("/signatures", &self.finki, recorded(&proposal, "receiving")).await, "r").await
    }
}

#[tokio::test]
async fn signatures_go_participant_then_sending_then_receiving_with_the_partners_evidence() {
    let s = Scene::new().await;
    let agreement = s.create().await;
    assert_eq!(agreement["status"], "draft");
    assert_eq!(agreement["current"]["next_signer"], "participant");
    let totals = agreement["current"]["credit_totals"].as_array().unwrap();
    assert_eq!(totals[0], json!({"table": "a", "ects": 30.0}));
    assert_eq!(totals[1], json!({"table": "b", "ects": 5.0}));
    let warnings: Vec<&str> =
        agreement["current"]["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert_eq!(warnings, ["credit_tables_differ"], "30 ECTS over a five-month semester is the norm");
    let proposal = agreement["current"]["proposal_id"].clone();

    let early = s.post("/signatures", &s.finki, signature(&proposal, "sending", "Ana")).await;
    assert_problem(early, 409, "signature_out_of_order").await;
    assert_problem(s.post("/signatures", &s.student, signature(&proposal, "sending", "M")).await, 403, "forbidden")
        .await;
    let stale = signature(&json!("0000"), "participant", "Marija");
    assert_problem(s.post("/signatures", &s.student, stale).await, 409, "stale_proposal").await;
    let signed = ok(s.post("/signatures", &s.student, signature(&proposal, "participant", "Marija")).await, "p").await;
    assert_eq!(signed["status"], "partly_signed");
    let again = s.post("/signatures", &s.student, signature(&proposal, "participant", "Marija")).await;
    assert_problem(again, 409, "already_signed").await;
    // The coordinator signs our side; the participant side is not theirs.
    ok(s.post("/signatures", &s.finki, signature(&proposal, "sending", "Ana")).await, "sending").await;
    // The partner signs elsewhere: its signature is recorded with evidence.
    let bare = s.post("/signatures", &s.finki, signature(&proposal, "receiving", "Irina")).await;
    let problem = assert_problem(bare, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "evidence_required", "{problem}");
    let done = ok(s.post("/signatures", &s.finki, recorded(&proposal, "receiving")).await, "receiving").await;
    assert_eq!(done["status"], "signed");
    assert_eq!(done["approved_version"], 1);
    assert_eq!(done["current"]["next_signer"], Value::Null);
    let sides: Vec<&str> =
        done["current"]["signatures"].as_array().unwrap().iter().map(|s| s["side"].as_str().unwrap()).collect();
    assert_eq!(sides, ["participant", "sending", "receiving"]);
    assert_eq!(done["current"]["signatures"][2]["evidence_reference"], "https://esign.example.ru/la/77");
}

#[tokio::test]
async fn a_version_is_immutable_once_signed_and_its_proposal_id_follows_its_content() {
    let s = Scene::new().await;
    let first = s.create().await;
    assert_problem(s.post("", &s.finki, studies()).await, 409, "learning_agreement_exists").await;
    let proposal = first["current"]["proposal_id"].clone();
    let put = |body: Value, tag: Option<String>| {
        let mut request = s.x.app.request(Method::PUT, &la(&s.mobility), Some(&s.finki)).json(&body);
        if let Some(tag) = tag {
            request = request.header("If-Match", tag);
        }
        request.send()
    };
    // The same content keeps its proposal id (and its component ids); other content changes it.
    let same = ok(put(studies(), None).await.unwrap(), "same").await;
    assert_eq!(same["current"]["proposal_id"], proposal);
    assert_eq!(same["current"]["components"][0]["id"], first["current"]["components"][0]["id"]);
    assert_problem(put(studies(), Some("\"1\"".into())).await.unwrap(), 412, "precondition_failed").await;
    let mut changed = studies();
    changed["components"][2]["credits"] = json!(30);
    let response = put(changed.clone(), None).await.unwrap();
    let tag = response.headers()["etag"].to_str().unwrap().to_owned();
    let edited = ok(response, "edited").await;
    assert_ne!(edited["current"]["proposal_id"], proposal);
    assert!(edited["current"]["warnings"].as_array().unwrap().iter().all(|w| w["code"] != "credit_tables_differ"));
    let proposal = edited["current"]["proposal_id"].clone();
    ok(s.post("/signatures", &s.student, signature(&proposal, "participant", "Marija")).await, "signed").await;
    assert_problem(put(changed.clone(), Some(tag)).await.unwrap(), 412, "precondition_failed").await;
    assert_problem(put(changed, None).await.unwrap(), 409, "version_signed").await;

    // Rules on components.
    let other = s.x.application("Other").await;
    let path = la(&id(&other));
    let mut virtual_component = studies();
    virtual_component["components"] = json!([{"table": "c", "title": "Online ethics", "credits": 2}]);
    let problem = assert_problem(
        s.x.app.post_json(&path, &s.x.admin, &virtual_component).await,
        422,
        "short_description_required",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "components[0].short_description");
    let mut unknown_course = studies();
    unknown_course["components"][0]["course_id"] = json!(uuid::Uuid::now_v7());
    let problem =
        assert_problem(s.x.app.post_json(&path, &s.x.admin, &unknown_course).await, 422, "validation_failed").await;
    assert_eq!(
        problem["errors"][0],
        json!({"field": "components[0].course_id", "code": "course_not_found", "message": "no such catalogue course"})
    );
    let mut traineeship = studies();
    traineeship["kind"] = json!("traineeship");
    assert_problem(s.x.app.post_json(&path, &s.x.admin, &traineeship).await, 422, "agreement_kind_mismatch").await;
}

#[tokio::test]
async fn a_change_proposal_makes_the_old_proposal_stale_and_a_decline_removes_its_signatures() {
    let s = Scene::new().await;
    let first = s.create().await;
    let approved = s.sign_all().await;
    let old = approved["current"]["proposal_id"].clone();
    assert_problem(
        s.post("/decline", &s.student, json!({"proposal_id": old, "comment": "no"})).await,
        409,
        "version_signed",
    )
    .await;
    let compilers = first["current"]["components"][1]["id"].clone();
    let change = json!({
        "deleted": [{"component_id": compilers, "reason": "timetable_conflict"}],
        "inserted": [{"reason": "substituting_deleted",
            "component": {"table": "a", "code": "IT-320", "title": "Operating systems", "credits": 24}},
            {"reason": "ministry_cancelled_course",
            "component": {"table": "c", "title": "Online seminar", "credits": 0, "short_description": "Weekly, online"}}]
    });
    assert_problem(s.post("/changes", &s.student, change.clone()).await, 403, "forbidden").await;
    assert_problem(s.post("/changes", &s.finki, json!({})).await, 422, "empty_change_proposal").await;
    let proposed = created(s.post("/changes", &s.finki, change).await, "change").await;
    let current = &proposed["current"];
    assert_eq!(current["number"], 2);
    assert_eq!(current["change_proposal"], true);
    assert_ne!(current["proposal_id"], old);
    assert_eq!(current["changes"][2]["reason"], "ministry_cancelled_course");
    assert_eq!(current["changes"][2]["reason_known"], false);
    assert_eq!(proposed["approved_version"], 1, "the first version stays approved until the change is signed");
    let titles: Vec<&str> =
        current["components"].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Databases", "Databases", "Operating systems", "Online seminar"]);

    // A proposal changes by proposing again, not by an edit of the first version's shape.
    let edit = s.x.app.request(Method::PUT, &la(&s.mobility), Some(&s.finki)).json(&studies()).send().await.unwrap();
    assert_problem(edit, 409, "change_proposal_pending").await;
    // The old proposal id is stale for signing and for comments.
    assert_problem(
        s.post("/signatures", &s.student, signature(&old, "participant", "Marija")).await,
        409,
        "stale_proposal",
    )
    .await;
    let comment = json!({"proposal_id": old, "comment": "looks fine"});
    assert_problem(s.post("/comments", &s.student, comment).await, 409, "stale_proposal").await;
    let new = current["proposal_id"].clone();
    ok(s.post("/signatures", &s.student, signature(&new, "participant", "Marija")).await, "p").await;
    let declined = s.post("/decline", &s.finki, json!({"proposal_id": new, "comment": "IT-320 is full"})).await;
    let declined = ok(declined, "decline").await;
    assert_eq!(declined["status"], "draft");
    assert!(declined["current"]["signatures"].as_array().unwrap().is_empty());
    assert_eq!(declined["current"]["comments"][0]["comment"], "IT-320 is full");
    assert_eq!(declined["current"]["comments"][0]["declined"], true);

    let history = ok(s.x.app.get(&format!("{}/versions", la(&s.mobility)), &s.student).await, "history").await;
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["signatures"].as_array().unwrap().len(), 3);
    assert_eq!(versions[1]["comments"].as_array().unwrap().len(), 1);
}

/// How many agreements the office lists with `query`.
async fn office_lists(s: &Scene, query: String) -> usize {
    let page = ok(s.x.app.get(&format!("/api/v1/learning-agreements?{query}"), &s.x.admin).await, "list").await;
    page["items"].as_array().unwrap().len()
}

#[tokio::test]
async fn coordinators_act_for_their_own_units_and_participants_for_their_own_mobility() {
    let s = Scene::new().await;
    // Another unit's coordinator neither sees nor prepares it.
    assert_problem(s.post("", &s.feit, studies()).await, 404, "not_found").await;
    let agreement = s.create().await;
    assert_problem(s.x.app.get(&la(&s.mobility), &s.feit).await, 404, "not_found").await;
    let proposal = agreement["current"]["proposal_id"].clone();
    assert_problem(s.post("/signatures", &s.feit, signature(&proposal, "sending", "X")).await, 404, "not_found").await;
    // The participant reads their own; another participant sees nothing.
    ok(s.x.app.get(&la(&s.mobility), &s.student).await, "own").await;
    let stranger = s.x.app.token_for("participant", &[]).await;
    assert_problem(s.x.app.get(&la(&s.mobility), &stranger).await, 404, "not_found").await;
    let stranger_signs = s.post("/signatures", &stranger, signature(&proposal, "participant", "X")).await;
    assert_problem(stranger_signs, 404, "not_found").await;
    // The sending coordinator does not sign for the participant.
    ok(s.post("/signatures", &s.student, signature(&proposal, "participant", "Marija")).await, "p").await;
    let listed = ok(s.x.app.get("/api/v1/learning-agreements?unsigned_by=sending", &s.finki).await, "list").await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let none = ok(s.x.app.get("/api/v1/learning-agreements", &s.feit).await, "feit list").await;
    assert!(none["items"].as_array().unwrap().is_empty());
    let mine = ok(s.x.app.get("/api/v1/learning-agreements?status=partly_signed", &s.student).await, "mine").await;
    assert_eq!(mine["items"][0]["mobility_id"], json!(s.mobility));
    let signed = ok(s.x.app.get("/api/v1/learning-agreements?status=signed", &s.x.admin).await, "signed").await;
    assert!(signed["items"].as_array().unwrap().is_empty());
    assert_eq!(office_lists(&s, "academic_year=2026/2027".into()).await, 1);
    assert_eq!(office_lists(&s, "academic_year=2025/2026".into()).await, 0);
    assert_eq!(office_lists(&s, format!("unit={}", s.x.finki)).await, 1);
    assert_eq!(office_lists(&s, format!("unit={}", s.x.feit)).await, 0);
    assert_eq!(office_lists(&s, "modified_since=2099-01-01T00:00:00Z".into()).await, 0);
    assert_eq!(office_lists(&s, "unsigned_by=participant".into()).await, 0);

    // The hosting coordinator signs an incoming agreement for the receiving side and records
    // the partner's (sending) signature; the office records a participant's signed on paper.
    let mut guest = s.x.student_body("Guest");
    guest["home_institution_id"] = json!(s.x.lipetsk);
    guest["home_unit_id"] = Value::Null;
    let guest = id(&created(s.x.app.post_json(PEOPLE, &s.x.admin, &guest).await, "guest").await);
    let incoming = json!({
        "direction": "incoming", "activity_type": "student_studies", "programme": "bilateral",
        "person_id": guest, "agreement_id": s.x.agreement, "condition_id": s.x.incoming,
        "sending_institution_id": s.x.lipetsk, "receiving_institution_id": s.x.ukim, "receiving_unit_id": s.x.finki,
        "receiving_academic_year": "2026/2027", "planned_start": "2027-04-01", "planned_end": "2027-06-29", "eqf_level": 6
    });
    let incoming = id(&created(s.x.app.post_json(MOBILITIES, &s.x.admin, &incoming).await, "incoming").await);
    let path = la(&incoming);
    assert_problem(s.x.app.post_json(&path, &s.feit, &studies()).await, 404, "not_found").await;
    let agreement = created(s.x.app.post_json(&path, &s.finki, &studies()).await, "incoming agreement").await;
    let proposal = agreement["current"]["proposal_id"].clone();
    let signatures = format!("{path}/signatures");
    let paper = signature(&proposal, "participant", "Guest");
    assert_problem(s.x.app.post_json(&signatures, &s.finki, &paper).await, 403, "forbidden").await;
    assert_problem(s.x.app.post_json(&signatures, &s.x.admin, &paper).await, 422, "validation_failed").await;
    ok(s.x.app.post_json(&signatures, &s.x.admin, &recorded(&proposal, "participant")).await, "paper").await;
    ok(s.x.app.post_json(&signatures, &s.finki, &recorded(&proposal, "sending")).await, "partner").await;
    let evidence_for_ours = recorded(&proposal, "receiving");
    assert_problem(s.x.app.post_json(&signatures, &s.finki, &evidence_for_ours).await, 422, "validation_failed").await;
    let done = s.x.app.post_json(&signatures, &s.finki, &signature(&proposal, "receiving", "Ana")).await;
    assert_eq!(ok(done, "hosting signs").await["status"], "signed");
}

async fn client_token(x: &Exchange, scopes: &[&str]) -> String {
    let (client_id, secret) = x.app.create_client(scopes);
    let response = x
        .app
        .request(Method::POST, "/api/v1/auth/token", None)
        .form(&[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)])
        .send()
        .await
        .unwrap();
    json(response).await["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn integration_clients_act_by_scope() {
    let s = Scene::new().await;
    s.create().await;
    let reader = client_token(&s.x, &["learning_agreements:read", "mobilities:read"]).await;
    ok(s.x.app.get(&la(&s.mobility), &reader).await, "read").await;
    let proposal = s.agreement().await["current"]["proposal_id"].clone();
    let body = recorded(&proposal, "participant");
    assert_problem(s.post("/signatures", &reader, body.clone()).await, 403, "forbidden").await;
    let writer = client_token(&s.x, &["learning_agreements:write"]).await;
    ok(s.post("/signatures", &writer, body).await, "recorded by an integration").await;
    let none = client_token(&s.x, &["mobilities:read"]).await;
    assert_problem(s.x.app.get(&la(&s.mobility), &none).await, 403, "forbidden").await;
}

#[tokio::test]
async fn a_student_mobility_goes_live_only_with_a_signed_agreement_or_an_officers_override() {
    let s = Scene::new().await;
    s.x.walk(&json!({"id": s.mobility}), &[json!({"to": "nominated"}), json!({"to": "accepted"})]).await;
    let status = format!("{MOBILITIES}/{}/status", s.mobility);
    let live = json!({"to": "live", "actual_start": "2026-09-02"});
    assert_problem(s.x.app.post_json(&status, &s.x.admin, &live).await, 409, "learning_agreement_unsigned").await;
    s.create().await;
    assert_problem(s.x.app.post_json(&status, &s.x.admin, &live).await, 409, "learning_agreement_unsigned").await;
    let override_body = json!({"to": "live", "actual_start": "2026-09-02", "override_learning_agreement": true,
        "reason": "the partner's signature is delayed by its rector's absence"});
    assert_problem(s.x.app.post_json(&status, &s.finki, &override_body).await, 403, "forbidden").await;
    let blank = json!({"to": "live", "actual_start": "2026-09-02", "override_learning_agreement": true});
    assert_problem(s.x.app.post_json(&status, &s.x.admin, &blank).await, 422, "override_reason_required").await;
    s.sign_all().await;
    let went = ok(s.x.app.post_json(&status, &s.finki, &live).await, "live with a signed agreement").await;
    assert_eq!(went["status"], "live");

    // The override, by an officer, is recorded in the history.
    let other = s.x.application("Override").await;
    s.x.walk(&other, &[json!({"to": "nominated"}), json!({"to": "accepted"})]).await;
    let officer = s.x.app.token_for("officer", &[]).await;
    let path = format!("{MOBILITIES}/{}/status", id(&other));
    let overridden = ok(s.x.app.post_json(&path, &officer, &override_body).await, "overridden").await;
    assert_eq!(overridden["status"], "live");
    let history = ok(s.x.app.get(&format!("{MOBILITIES}/{}/history", id(&other)), &s.x.admin).await, "history").await;
    let last = history["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["to_status"], "live");
    assert!(last["reason"].as_str().unwrap().contains("overridden: the partner's signature is delayed"), "{last}");
}

/// An outgoing application of a new student, starting `days` from today (four months long).
async fn departing_in(x: &Exchange, name: &str, days: i64) -> String {
    let person = x.student(name).await;
    let start = Utc::now().date_naive() + Duration::days(days);
    let end = start + Duration::days(120);
    let first = if start.month() >= 9 { start.year() } else { start.year() - 1 };
    let mut body = x.outgoing_body(&person);
    body["planned_start"] = json!(start);
    body["planned_end"] = json!(end);
    body["receiving_academic_year"] = json!(format!("{first}/{}", first + 1));
    let mobility = created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "departing").await;
    x.walk(&mobility, &[json!({"to": "nominated"})]).await;
    id(&mobility)
}

#[tokio::test]
async fn an_agreement_unsigned_fourteen_days_before_departure_raises_an_alert() {
    let x = Exchange::new(5, 25).await;
    let soon = departing_in(&x, "Soon", 10).await;
    let later = departing_in(&x, "Later", 40).await;
    let missing = departing_in(&x, "Missing", 12).await;
    for mobility in [&soon, &later] {
        created(x.app.post_json(&la(mobility), &x.admin, &studies()).await, "agreement").await;
    }
    let alerts = ok(x.app.get("/api/v1/alerts/learning-agreements", &x.admin).await, "alerts").await;
    let items = alerts["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{alerts}");
    assert_eq!(items[0]["mobility_id"], json!(soon));
    assert_eq!(items[0]["kind"], "agreement_unsigned");
    assert_eq!(items[0]["agreement"]["mobility_id"], json!(soon));
    assert_eq!(items[0]["days_left"], 10);
    assert_eq!(items[1]["mobility_id"], json!(missing));
    assert_eq!((items[1]["kind"].clone(), items[1]["agreement"].clone()), (json!("agreement_missing"), Value::Null));
    // Signed by all three, the agreement raises nothing.
    let path = la(&soon);
    let proposal = ok(x.app.get(&path, &x.admin).await, "read").await["current"]["proposal_id"].clone();
    let signatures = format!("{path}/signatures");
    ok(x.app.post_json(&signatures, &x.admin, &recorded(&proposal, "participant")).await, "p").await;
    ok(x.app.post_json(&signatures, &x.admin, &signature(&proposal, "sending", "Ana")).await, "s").await;
    ok(x.app.post_json(&signatures, &x.admin, &recorded(&proposal, "receiving")).await, "r").await;
    let alerts = ok(x.app.get("/api/v1/alerts/learning-agreements", &x.admin).await, "alerts").await;
    let ids: Vec<&Value> = alerts["items"].as_array().unwrap().iter().map(|i| &i["mobility_id"]).collect();
    assert_eq!(ids, [&json!(missing)]);
    let participant = x.app.token_for("participant", &[]).await;
    assert_problem(x.app.get("/api/v1/alerts/learning-agreements", &participant).await, 403, "forbidden").await;
}

#[tokio::test]
async fn the_traineeship_hosts_cover_settles_the_insurance_checklist() {
    let x = Exchange::new(5, 25).await;
    let person = x.student("Trainee").await;
    let mut body = x.outgoing_body(&person);
    body["activity_type"] = json!("student_traineeship");
    body["condition_id"] = Value::Null;
    body["activity_attribute"] = Value::Null;
    let mobility = id(&created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "traineeship").await);
    let checklist = format!("{MOBILITIES}/{mobility}/checklist");
    let host_cover = |checklist: &Value, cover: &str| {
        checklist["covers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["cover"] == cover && c["item_key"].as_str().unwrap().ends_with(":host"))
            .unwrap_or_else(|| panic!("no {cover} cover by the host: {checklist}"))
            .clone()
    };
    let before = ok(x.app.get(&checklist, &x.admin).await, "checklist").await;
    assert_eq!(host_cover(&before, "accident")["arrangement"], "confirm_with", "{before}");
    let agreement = json!({
        "kind": "traineeship",
        "traineeship": {"title": "Backend developer trainee", "hours_per_week": 40, "tasks": "API development",
            "knowledge_and_skills": "Rust, SQL", "monitoring_and_evaluation": "Weekly review with the mentor",
            "recognition": "Recorded in the Diploma Supplement",
            "host_covers_accident": false, "host_covers_liability": true}
    });
    let created_la = created(x.app.post_json(&la(&mobility), &x.admin, &agreement).await, "traineeship la").await;
    assert_eq!(created_la["kind"], "traineeship");
    assert_eq!(created_la["current"]["traineeship"]["host_covers_accident"], false);
    let after = ok(x.app.get(&checklist, &x.admin).await, "checklist").await;
    let accident = host_cover(&after, "accident");
    assert_eq!((accident["arrangement"].clone(), accident["needs_action"].clone()), (json!("to_arrange"), json!(true)));
    assert_eq!(host_cover(&after, "third_party_liability")["arrangement"], "automatic", "{after}");
    assert!(after["covers_to_arrange"].as_array().unwrap().contains(&json!("accident")), "{after}");
}

#[tokio::test]
async fn a_retried_create_with_the_same_idempotency_key_replays_the_first_answer() {
    let s = Scene::new().await;
    let send = |body: Value| {
        s.x.app
            .request(Method::POST, &la(&s.mobility), Some(&s.finki))
            .header("Idempotency-Key", "la-create-1")
            .json(&body)
            .send()
    };
    let first = created(send(studies()).await.unwrap(), "first").await;
    let again = created(send(studies()).await.unwrap(), "replayed").await;
    assert_eq!(first["id"], again["id"]);
    assert_eq!(first["current"]["proposal_id"], again["current"]["proposal_id"]);
    let mut other = studies();
    other["components"] = json!([]);
    assert_problem(send(other).await.unwrap(), 422, "idempotency_key_reused").await;
}

#[tokio::test]
async fn a_staff_mobility_gets_a_mobility_agreement_and_goes_live_without_one() {
    let x = Exchange::new(5, 25).await;
    let mut person = x.student_body("Teacher");
    person["kind"] = json!("staff");
    person["eqf_level"] = Value::Null;
    person["position"] = json!("Associate professor");
    let person = id(&created(x.app.post_json(PEOPLE, &x.admin, &person).await, "staff").await);
    let body = json!({
        "direction": "outgoing", "activity_type": "staff_teaching", "programme": "bilateral",
        "person_id": person, "agreement_id": x.agreement,
        "sending_institution_id": x.ukim, "sending_unit_id": x.finki, "receiving_institution_id": x.lipetsk,
        "receiving_academic_year": "2026/2027", "planned_start": "2026-10-05", "planned_end": "2026-10-09",
        "teaching_hours": 8
    });
    let mobility = created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "teaching").await;
    let path = la(&id(&mobility));
    assert_problem(x.app.post_json(&path, &x.admin, &studies()).await, 422, "agreement_kind_mismatch").await;
    let mut with_components = studies();
    with_components["kind"] = json!("staff");
    assert_problem(x.app.post_json(&path, &x.admin, &with_components).await, 422, "no_components").await;
    let agreement = json!({"kind": "staff", "staff": {"programme": "Four lectures on distributed systems",
        "teaching_hours": 8, "added_value": "A joint elective course from 2027/2028"}});
    let created_la = created(x.app.post_json(&path, &x.admin, &agreement).await, "mobility agreement").await;
    assert_eq!(created_la["kind"], "staff");
    assert_eq!(created_la["current"]["staff"]["teaching_hours"], 8);
    assert!(created_la["current"]["warnings"].as_array().unwrap().is_empty(), "{created_la}");
    // Staff go live without a signed agreement: the guard is for student mobilities.
    let live = x
        .walk(
            &mobility,
            &[
                json!({"to": "nominated"}),
                json!({"to": "accepted"}),
                json!({"to": "live", "actual_start": "2026-10-05"}),
            ],
        )
        .await;
    assert_eq!(live["status"], "live");
}

#[tokio::test]
async fn two_signatures_of_one_side_at_once_record_one() {
    let s = Scene::new().await;
    let proposal = s.create().await["current"]["proposal_id"].clone();
    let body = signature(&proposal, "participant", "Marija");
    let (a, b) = tokio::join!(s.post("/signatures", &s.student, body.clone()), s.post("/signatures", &s.student, body));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let agreement = s.agreement().await;
    assert_eq!(agreement["current"]["signatures"].as_array().unwrap().len(), 1);
}
