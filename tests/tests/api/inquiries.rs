//! `/api/v1/inquiries`: prospective students ask without a token and read their thread with
//! its access token only; `student_life` goes to the Student Organization and each team sees
//! only its own; hand-overs are recorded; answers, follow-ups, closing and reopening follow the
//! state machine; overdue inquiries are alerts of their team; public asking is throttled per
//! address; the service statistics of known inquiries; bad input changes nothing; erasure.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use diesel::connection::SimpleConnection;
use iro_tests::{TestApp, assert_problem, json, spawn_app, spawn_app_with};
use reqwest::{Method, Response};
use serde_json::{Value, json};

const INQUIRIES: &str = "/api/v1/inquiries";

fn question(topic: &str) -> Value {
    json!({"topic": topic, "subject": format!("A question on {topic}"), "message": "Hello,\nhow does it work?"})
}

fn public_question(topic: &str) -> Value {
    let mut body = question(topic);
    body["name"] = json!("Ivan Petrov");
    body["email"] = json!("ivan.petrov@example.ru");
    body
}

/// POSTs without a token.
async fn public_post(app: &TestApp, path: &str, body: &Value) -> Response {
    app.request(Method::POST, path, None).json(body).send().await.unwrap()
}

/// Creates an inquiry (signed in when `token` is given); returns the answer's body.
async fn ask(app: &TestApp, token: Option<&str>, body: &Value) -> Value {
    let response = match token {
        Some(token) => app.post_json(INQUIRIES, token, body).await,
        None => public_post(app, INQUIRIES, body).await,
    };
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "asking failed: {body}");
    body
}

/// The subjects of a list answer.
async fn subjects(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let response = app.get(&format!("{INQUIRIES}{query}"), token).await;
    assert_eq!(response.status(), 200);
    json(response).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["subject"].as_str().unwrap().to_owned())
        .collect()
}

fn with_token(app: &TestApp, method: Method, path: &str, token: &str) -> reqwest::RequestBuilder {
    app.request(method, path, None).header("X-Inquiry-Token", token)
}

/// Runs SQL on the app's database (to put dates in the past).
fn sql(app: &TestApp, statement: &str) {
    let mut conn = iro_persistence::establish(app.database.url()).unwrap();
    conn.batch_execute(statement).unwrap();
}

#[tokio::test]
async fn a_prospective_student_asks_without_a_token_and_reads_the_thread_only_with_its_access_token() {
    let app = spawn_app().await;
    let created = ask(&app, None, &public_question("accommodation")).await;
    let token = created["access_token"].as_str().unwrap().to_owned();
    let inquiry = &created["inquiry"];
    assert_eq!(inquiry["team"], "office");
    assert_eq!(inquiry["status"], "open");
    assert_eq!(inquiry["asker"]["email"], "ivan.petrov@example.ru");
    assert_eq!(inquiry["asker"]["incoming"], true);
    let path = format!("{INQUIRIES}/{}", inquiry["id"].as_str().unwrap());

    let response = with_token(&app, Method::GET, &path, &token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let thread = json(response).await;
    assert_eq!(thread["messages"].as_array().unwrap().len(), 1);
    assert_eq!(thread["messages"][0]["from"], "asker");
    assert_eq!(thread["messages"][0]["body"], "Hello,\nhow does it work?");

    let wrong = with_token(&app, Method::GET, &path, "not-the-token").send().await.unwrap();
    assert_problem(wrong, 404, "not_found").await;
    let anonymous = app.request(Method::GET, &path, None).send().await.unwrap();
    assert_problem(anonymous, 401, "unauthorized").await;
    // A token opens one thread; there is no list without signing in.
    let list = with_token(&app, Method::GET, INQUIRIES, &token).send().await.unwrap();
    assert_problem(list, 401, "unauthorized").await;
    // The asker follows up with the token.
    let response = with_token(&app, Method::POST, &format!("{path}/messages"), &token)
        .json(&json!({"body": "And the price?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(json(response).await["messages"][1]["from"], "asker");
}

#[tokio::test]
async fn student_life_goes_to_the_student_organization_and_each_team_sees_only_its_own() {
    let app = spawn_app().await;
    let student = app.token_for("participant", &[]).await;
    let other_student = app.token_for("participant", &[]).await;
    let organization = app.token_for("student_organization", &[]).await;
    let officer = app.token_for("officer", &[]).await;
    let life = ask(&app, Some(&student), &question("student_life")).await;
    assert_eq!(life["inquiry"]["team"], "student_organization");
    assert_eq!(life["access_token"], Value::Null);
    let visa = ask(&app, Some(&student), &question("visa")).await;
    assert_eq!(visa["inquiry"]["team"], "office");
    assert_eq!(visa["inquiry"]["asker"]["incoming"], false, "no incoming mobility: domestic");

    assert_eq!(subjects(&app, &organization, "").await, ["A question on student_life"]);
    assert_eq!(subjects(&app, &officer, "").await, ["A question on visa"]);
    assert_eq!(subjects(&app, &student, "").await, ["A question on student_life", "A question on visa"]);
    assert_eq!(subjects(&app, &student, "?topic=visa").await, ["A question on visa"]);
    assert_eq!(subjects(&app, &student, "?team=student_organization").await, ["A question on student_life"]);
    assert!(subjects(&app, &other_student, "").await.is_empty());
    assert!(subjects(&app, &student, "?modified_since=2999-01-01T00:00:00Z").await.is_empty());
    // Keyset paging: one a page, in creation order, never repeated.
    let first = json(app.get(&format!("{INQUIRIES}?limit=1"), &student).await).await;
    assert_eq!(first["items"][0]["subject"], "A question on student_life");
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = json(app.get(&format!("{INQUIRIES}?limit=1&cursor={cursor}"), &student).await).await;
    assert_eq!(second["items"][0]["subject"], "A question on visa");
    assert_eq!(second["next_cursor"], Value::Null);

    let visa_path = format!("{INQUIRIES}/{}", visa["inquiry"]["id"].as_str().unwrap());
    assert_problem(app.get(&visa_path, &organization).await, 404, "not_found").await;
    assert_problem(app.get(&visa_path, &other_student).await, 404, "not_found").await;
    assert_eq!(app.get(&visa_path, &officer).await.status(), 200);
    // Reporting reads the statistics, never the questions.
    let reporting = app.token_for("reporting", &[]).await;
    assert_problem(app.get(INQUIRIES, &reporting).await, 403, "forbidden").await;
    // The Student Organization sees nothing else of the office's records.
    assert_problem(app.get("/api/v1/people", &organization).await, 403, "forbidden").await;
}

#[tokio::test]
async fn a_hand_over_moves_the_inquiry_to_the_other_team_and_is_recorded() {
    let app = spawn_app().await;
    let student = app.token_for("participant", &[]).await;
    let organization = app.token_for("student_organization", &[]).await;
    let officer = app.token_for("officer", &[]).await;
    let created = ask(&app, Some(&student), &question("other")).await;
    let path = format!("{INQUIRIES}/{}", created["inquiry"]["id"].as_str().unwrap());
    assert!(subjects(&app, &organization, "").await.is_empty());

    let same = app.post_json(&format!("{path}/handover"), &officer, &json!({"to": "office", "reason": "x"})).await;
    let body = assert_problem(same, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "to");
    let blank = app
        .post_json(&format!("{path}/handover"), &officer, &json!({"to": "student_organization", "reason": " "}))
        .await;
    assert_eq!(assert_problem(blank, 422, "validation_failed").await["errors"][0]["field"], "reason");
    let refused =
        app.post_json(&format!("{path}/handover"), &organization, &json!({"to": "office", "reason": "x"})).await;
    assert_problem(refused, 404, "not_found").await;

    let response = app
        .post_json(
            &format!("{path}/handover"),
            &officer,
            &json!({"to": "student_organization", "reason": "About the buddy programme"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["team"], "student_organization");
    assert!(subjects(&app, &officer, "").await.is_empty());
    assert_eq!(subjects(&app, &organization, "?team=student_organization").await, ["A question on other"]);
    let thread = json(app.get(&path, &organization).await).await;
    let handover = &thread["handovers"][0];
    assert_eq!((handover["from"].as_str(), handover["to"].as_str()), (Some("office"), Some("student_organization")));
    assert_eq!(handover["reason"], "About the buddy programme");
    assert!(handover["by"].is_string() && handover["at"].is_string());
    // The asker still sees it, with the hand-over.
    assert_eq!(json(app.get(&path, &student).await).await["handovers"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn answers_follow_ups_closing_and_reopening_follow_the_state_machine() {
    let app = spawn_app().await;
    let student = app.token_for("participant", &[]).await;
    let officer = app.token_for("officer", &[]).await;
    let created = ask(&app, Some(&student), &question("insurance")).await;
    let path = format!("{INQUIRIES}/{}", created["inquiry"]["id"].as_str().unwrap());

    let stale = app
        .request(Method::POST, &format!("{path}/messages"), Some(&officer))
        .header("If-Match", "\"7\"")
        .json(&json!({"body": "Yes."}))
        .send()
        .await
        .unwrap();
    assert_problem(stale, 412, "precondition_failed").await;
    let answer = app.post_json(&format!("{path}/messages"), &officer, &json!({"body": "Yes, it covers it."})).await;
    assert_eq!(answer.status(), 201);
    let thread = json(answer).await;
    assert_eq!(thread["inquiry"]["status"], "answered");
    assert!(thread["inquiry"]["first_answer_at"].is_string());
    assert_eq!(thread["messages"][1]["from"], "team");

    let follow_up = app.post_json(&format!("{path}/messages"), &student, &json!({"body": "Thanks, and dental?"})).await;
    assert_eq!(json(follow_up).await["inquiry"]["status"], "open");
    let wrong = app.post_json(&format!("{path}/status"), &officer, &json!({"to": "answered"})).await;
    let body = assert_problem(wrong, 409, "illegal_transition").await;
    assert_eq!(body["errors"][0]["field"], "to");
    let closed = app.post_json(&format!("{path}/status"), &student, &json!({"to": "closed"})).await;
    assert_eq!(json(closed).await["allowed_transitions"], json!(["open"]));
    let late = app.post_json(&format!("{path}/messages"), &officer, &json!({"body": "One more thing"})).await;
    assert_problem(late, 409, "inquiry_closed").await;
    let reopened =
        app.post_json(&format!("{path}/status"), &officer, &json!({"to": "open", "reason": "Dental is open"})).await;
    assert_eq!(reopened.status(), 200);
    assert_eq!(json(reopened).await["status"], "open");
    let officer_account = json(app.get("/api/v1/me", &officer).await).await["id"].as_str().unwrap().to_owned();
    let assigned =
        app.post_json(&format!("{path}/assignment"), &officer, &json!({"assignee_id": officer_account})).await;
    assert_eq!(json(assigned).await["assignee_id"], json!(officer_account));
    assert_eq!(subjects(&app, &officer, &format!("?assignee_id={officer_account}&status=open")).await.len(), 1);
    let student_account = json(app.get("/api/v1/me", &student).await).await["id"].as_str().unwrap().to_owned();
    let not_member =
        app.post_json(&format!("{path}/assignment"), &officer, &json!({"assignee_id": student_account})).await;
    assert_eq!(assert_problem(not_member, 422, "validation_failed").await["errors"][0]["code"], "not_a_member");
}

#[tokio::test]
async fn an_inquiry_past_its_due_day_without_an_answer_is_an_alert_of_its_team() {
    let app = spawn_app().await;
    let student = app.token_for("participant", &[]).await;
    let organization = app.token_for("student_organization", &[]).await;
    let officer = app.token_for("officer", &[]).await;
    let late = ask(&app, Some(&student), &question("transport")).await;
    let late_life = ask(&app, Some(&student), &question("student_life")).await;
    ask(&app, Some(&student), &question("food")).await;
    for created in [&late, &late_life] {
        let id = created["inquiry"]["id"].as_str().unwrap();
        sql(
            &app,
            &format!(
                "UPDATE inquiries SET created_at = '2026-01-05 09:00:00', answer_due_on = '2026-01-08' WHERE id = '{id}'"
            ),
        );
    }
    const ALERTS: &str = "/api/v1/alerts/inquiries";
    let office = json(app.get(ALERTS, &officer).await).await;
    let items = office["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{office}");
    assert_eq!(items[0]["subject"], "A question on transport");
    assert_eq!(items[0]["overdue"], true);
    let theirs = json(app.get(ALERTS, &organization).await).await;
    assert_eq!(theirs["items"][0]["subject"], "A question on student_life");
    assert_problem(app.get(ALERTS, &student).await, 403, "forbidden").await;
    // An answer, even late, ends the alert.
    let path = format!("{INQUIRIES}/{}/messages", late["inquiry"]["id"].as_str().unwrap());
    assert_eq!(app.post_json(&path, &officer, &json!({"body": "Bus 22."})).await.status(), 201);
    assert!(json(app.get(ALERTS, &officer).await).await["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn asking_without_a_token_is_limited_per_client_address() {
    let app = spawn_app_with(|s| s.inquiry_max_per_hour = 2).await;
    ask(&app, None, &public_question("visa")).await;
    ask(&app, None, &public_question("food")).await;
    let response = public_post(&app, INQUIRIES, &public_question("other")).await;
    assert!(response.headers().get("retry-after").is_some());
    assert_problem(response, 429, "too_many_requests").await;
    // Signed-in askers are not limited by it.
    let student = app.token_for("participant", &[]).await;
    ask(&app, Some(&student), &question("other")).await;
}

#[tokio::test]
async fn service_statistics_of_known_inquiries() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let student = app.token_for("participant", &[]).await;
    let reporting = app.token_for("reporting", &[]).await;
    let first = ask(&app, None, &public_question("visa")).await;
    let second = ask(&app, None, &public_question("visa")).await;
    let third = ask(&app, Some(&student), &question("student_life")).await;
    for created in [&first, &second] {
        let path = format!("{INQUIRIES}/{}/messages", created["inquiry"]["id"].as_str().unwrap());
        assert_eq!(app.post_json(&path, &admin, &json!({"body": "Answer"})).await.status(), 201);
    }
    // Monday 2 November 2026, 09:00, due on Thursday 5 November: answered after 2 h and after
    // 100 h (Friday, late); the domestic one never.
    let id = |v: &Value| v["inquiry"]["id"].as_str().unwrap().to_owned();
    for (inquiry, answered) in
        [(id(&first), "'2026-11-02 11:00:00'"), (id(&second), "'2026-11-06 13:00:00'"), (id(&third), "NULL")]
    {
        sql(
            &app,
            &format!(
                "UPDATE inquiries SET created_at = '2026-11-02 09:00:00', answer_due_on = '2026-11-05', first_answer_at = {answered} WHERE id = '{inquiry}'"
            ),
        );
    }
    let response = app.get("/api/v1/statistics/services?academic_year=2026/2027", &reporting).await;
    assert_eq!(response.status(), 200);
    let stats = json(response).await;
    assert_eq!(stats["total"], 3);
    assert_eq!(stats["by_topic"]["visa"], 2);
    assert_eq!(stats["by_topic"]["food"], 0);
    assert_eq!(stats["by_status"], json!({"open": 1, "answered": 2, "closed": 0}));
    assert_eq!(stats["incoming"], json!({"inquiries": 2, "answered": 2, "median_hours": 2.0, "p90_hours": 100.0}));
    assert_eq!(stats["domestic"], json!({"inquiries": 1, "answered": 0, "median_hours": null, "p90_hours": null}));
    let share = stats["answered_in_time_share"].as_f64().unwrap();
    assert!((share - 1.0 / 3.0).abs() < 1e-9, "{stats}");
    let other_year = json(app.get("/api/v1/statistics/services?academic_year=2025/2026", &admin).await).await;
    assert_eq!(other_year["total"], 0);
    let bad = app.get("/api/v1/statistics/services?academic_year=2026", &admin).await;
    assert_eq!(assert_problem(bad, 400, "invalid_query").await["errors"][0]["field"], "academic_year");
    assert_problem(app.get("/api/v1/statistics/services?academic_year=2026/2027", &student).await, 403, "forbidden")
        .await;
}

#[tokio::test]
async fn bad_input_is_refused_with_its_field_and_stores_nothing() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let student = app.token_for("participant", &[]).await;
    let mut no_email = public_question("visa");
    no_email.as_object_mut().unwrap().remove("email");
    let body = assert_problem(public_post(&app, INQUIRIES, &no_email).await, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "email");
    let mut bad = public_question("visa");
    bad["subject"] = json!("   ");
    bad["email"] = json!("not-an-email");
    bad["message"] = json!("x".repeat(5001));
    let body = assert_problem(public_post(&app, INQUIRIES, &bad).await, 422, "validation_failed").await;
    let mut fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["email", "message", "subject"]);
    let mut unknown = public_question("weather");
    unknown["topic"] = json!("weather");
    let response = public_post(&app, INQUIRIES, &unknown).await;
    assert!(response.status() == 400 || response.status() == 422, "{}", response.status());
    let signed_in_with_email = app.post_json(INQUIRIES, &student, &public_question("visa")).await;
    let body = assert_problem(signed_in_with_email, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "not_allowed");
    assert_problem(app.post_json(INQUIRIES, &officer, &question("visa")).await, 403, "forbidden").await;
    assert!(subjects(&app, &officer, "").await.is_empty());
    assert!(subjects(&app, &student, "").await.is_empty());
}

#[tokio::test]
async fn erasing_a_prospective_students_data_keeps_the_inquiry_and_closes_the_link() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let officer = app.token_for("officer", &[]).await;
    let created = ask(&app, None, &public_question("food")).await;
    let token = created["access_token"].as_str().unwrap();
    let path = format!("{INQUIRIES}/{}", created["inquiry"]["id"].as_str().unwrap());
    assert_eq!(
        app.post_json(&format!("{path}/messages"), &officer, &json!({"body": "About 300 EUR a month."})).await.status(),
        201
    );
    assert_problem(app.post_json(&format!("{path}/anonymise"), &officer, &json!({})).await, 403, "forbidden").await;
    let response = app.post_json(&format!("{path}/anonymise"), &admin, &json!({})).await;
    assert_eq!(response.status(), 200);
    let erased = json(response).await;
    assert_eq!((erased["asker"]["name"].clone(), erased["asker"]["email"].clone()), (Value::Null, Value::Null));
    assert!(erased["anonymised_at"].is_string());
    let thread = json(app.get(&path, &officer).await).await;
    assert_eq!(thread["messages"][0]["body"], "");
    assert_eq!(thread["messages"][1]["body"], "About 300 EUR a month.");
    let link = with_token(&app, Method::GET, &path, token).send().await.unwrap();
    assert_problem(link, 404, "not_found").await;
}

#[tokio::test]
async fn a_signed_in_retry_with_the_same_key_replays_and_an_anonymous_key_is_refused() {
    let app = spawn_app().await;
    let student = app.token_for("participant", &[]).await;
    let send = |token: Option<&str>, body: &Value| {
        app.request(Method::POST, INQUIRIES, token).header("Idempotency-Key", "ask-once").json(body).send()
    };
    let first = json(send(Some(&student), &question("visa")).await.unwrap()).await;
    let replay = send(Some(&student), &question("visa")).await.unwrap();
    assert_eq!(replay.status(), 201);
    assert_eq!(json(replay).await["inquiry"]["id"], first["inquiry"]["id"]);
    assert_eq!(subjects(&app, &student, "").await.len(), 1);
    // Anonymous keys would let anyone who guesses one read the stored access token.
    assert_problem(send(None, &public_question("visa")).await.unwrap(), 401, "unauthorized").await;
}

#[tokio::test]
async fn an_account_linked_to_a_person_with_an_incoming_mobility_asks_as_incoming() {
    let x = crate::exchange::Exchange::new(2, 10).await;
    let student = x.app.token_for("participant", &[]).await;
    let me = json(x.app.get("/api/v1/me", &student).await).await;
    let mut person = x.student_body("Sokolova");
    person["home_institution_id"] = json!(x.lipetsk);
    person["home_unit_id"] = Value::Null;
    person["user_id"] = me["id"].clone();
    let person = crate::exchange::id(
        &crate::exchange::created(x.app.post_json(crate::exchange::PEOPLE, &x.admin, &person).await, "person").await,
    );
    let mobility = json!({
        "direction": "incoming", "activity_type": "student_studies", "programme": "bilateral",
        "person_id": person, "agreement_id": x.agreement, "condition_id": x.incoming,
        "sending_institution_id": x.lipetsk, "receiving_institution_id": x.ukim, "receiving_unit_id": x.finki,
        "receiving_academic_year": "2026/2027", "planned_start": "2027-04-01", "planned_end": "2027-06-29",
        "eqf_level": 6
    });
    crate::exchange::created(x.app.post_json(crate::exchange::MOBILITIES, &x.admin, &mobility).await, "mobility").await;
    let asked = ask(&x.app, Some(&student), &question("transport")).await;
    assert_eq!(asked["inquiry"]["asker"]["incoming"], true);
    assert_eq!(asked["inquiry"]["asker"]["user_id"], me["id"]);
}
