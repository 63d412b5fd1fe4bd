//! `/api/v1/mobilities`: create and validate, walk every transition of the lifecycle (allowed
//! and refused), history, nomination rules and quotas over HTTP, filters and paging, who may
//! do what — and the concurrency proof: parallel nominations never over-allocate a quota.

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use iro_tests::{assert_problem, json};
use serde_json::{Value, json};

use crate::exchange::{Exchange, MOBILITIES, created, id, ok};

fn to(status: &str) -> Value {
    json!({"to": status})
}

fn statuses(body: &Value) -> Vec<String> {
    body["allowed_next_statuses"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn an_outgoing_mobility_starts_as_an_application_holding_no_place() {
    let x = Exchange::new(5, 25).await;
    let person = x.student("Petrovska").await;
    let response = x.app.post_json(MOBILITIES, &x.admin, &x.outgoing_body(&person)).await;
    let location = response.headers().get("location").unwrap().to_str().unwrap().to_owned();
    let body = created(response, "mobility").await;
    assert_eq!(location, format!("{MOBILITIES}/{}", id(&body)));
    assert_eq!(body["status"], "applied");
    assert_eq!(statuses(&body), ["nominated", "cancelled"]);
    assert_eq!(body["ewp_sending_status"], Value::Null);
    assert_eq!(body["planned_duration"], 5.0);
    assert_eq!(body["planned_duration_unit"], "months");
    assert_eq!(body["language_skills"][0]["cefr_level"], "B2");
    let fetched = ok(x.app.get(&location, &x.admin).await, "get").await;
    assert_eq!(fetched["id"], body["id"]);
    let quotas = x.quotas().await;
    assert_eq!(quotas[0]["places_used"], 0);
}

#[tokio::test]
async fn invalid_mobilities_are_refused_with_field_paths() {
    let x = Exchange::new(5, 25).await;
    let person = x.student("Petrovska").await;
    let mut body = x.outgoing_body(&person);
    body["receiving_academic_year"] = json!("2026-2027");
    body["planned_end"] = json!("2026-08-01");
    body["language_skills"] = json!([{"language": "ru", "cefr_level": "D1"}]);
    let problem = assert_problem(x.app.post_json(MOBILITIES, &x.admin, &body).await, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"receiving_academic_year"), "{problem}");
    assert!(fields.contains(&"planned_end"), "{problem}");
    assert!(fields.contains(&"language_skills[0].cefr_level"), "{problem}");

    let mut erasmus = x.outgoing_body(&person);
    erasmus["programme"] = json!("erasmus_ka131");
    erasmus["condition_id"] = Value::Null;
    let problem = assert_problem(x.app.post_json(MOBILITIES, &x.admin, &erasmus).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "condition_id");

    let mut unknown = x.outgoing_body(&person);
    unknown["person_id"] = json!(uuid::Uuid::now_v7());
    let problem = assert_problem(x.app.post_json(MOBILITIES, &x.admin, &unknown).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "person_id");

    let mut wrong_side = x.outgoing_body(&person);
    wrong_side["sending_institution_id"] = json!(x.sofia);
    assert_problem(x.app.post_json(MOBILITIES, &x.admin, &wrong_side).await, 422, "validation_failed").await;
}

#[tokio::test]
async fn an_outgoing_mobility_walks_the_whole_lifecycle_and_records_its_history() {
    let x = Exchange::new(5, 25).await;
    let mobility = x.application("Petrovska").await;
    let nominated = ok(x.status(&mobility, json!({"to": "nominated", "reason": "selected"})).await, "nominate").await;
    assert_eq!(nominated["ewp_sending_status"], "nomination");
    assert_eq!(nominated["ewp_receiving_status"], "pending");
    assert_eq!(statuses(&nominated), ["accepted", "rejected", "cancelled"]);
    let accepted = ok(x.status(&mobility, to("accepted")).await, "accept").await;
    assert_eq!(accepted["ewp_receiving_status"], "verified");
    assert_problem(x.status(&mobility, to("live")).await, 422, "actual_start_required").await;
    let unsigned = json!({"to": "live", "actual_start": "2026-09-02"});
    assert_problem(x.status(&mobility, unsigned).await, 409, "learning_agreement_unsigned").await;
    let overridden = json!({"to": "live", "actual_start": "2026-09-02", "override_learning_agreement": true,
        "reason": "agreement signed on paper"});
    let live = ok(x.status(&mobility, overridden).await, "live").await;
    assert_eq!(live["actual_start"], "2026-09-02");
    assert_eq!(live["ewp_sending_status"], "live");
    assert_problem(x.status(&mobility, to("completed")).await, 422, "actual_end_required").await;
    let bad_end = json!({"to": "completed", "actual_end": "2026-09-01"});
    assert_problem(x.status(&mobility, bad_end).await, 422, "end_before_start").await;
    let completed = ok(x.status(&mobility, json!({"to": "completed", "actual_end": "2027-01-30"})).await, "done").await;
    assert_eq!(statuses(&completed), ["recognized", "cancelled"]);
    let recognized = ok(x.status(&mobility, to("recognized")).await, "recognize").await;
    assert_eq!(recognized["ewp_sending_status"], "recognized");
    assert!(statuses(&recognized).is_empty());
    assert_problem(x.status(&mobility, json!({"to": "cancelled", "reason": "x"})).await, 409, "illegal_transition")
        .await;

    let history = ok(x.app.get(&format!("{MOBILITIES}/{}/history", id(&mobility)), &x.admin).await, "history").await;
    let items = history["items"].as_array().unwrap();
    let steps: Vec<(Value, Value)> = items.iter().map(|i| (i["from_status"].clone(), i["to_status"].clone())).collect();
    assert_eq!(steps.len(), 6, "{history}");
    assert_eq!(steps[0], (Value::Null, json!("applied")));
    assert_eq!(steps[1], (json!("applied"), json!("nominated")));
    assert_eq!(items[1]["reason"], "selected");
    assert_eq!(items[1]["changed_by"], "admin");
    assert_eq!(steps[5], (json!("completed"), json!("recognized")));
}

#[tokio::test]
async fn refused_transitions_name_the_allowed_ones_and_cancelling_needs_a_reason() {
    let x = Exchange::new(5, 25).await;
    let mobility = x.application("Petrovska").await;
    let problem = assert_problem(x.status(&mobility, to("accepted")).await, 409, "illegal_transition").await;
    assert!(problem["detail"].as_str().unwrap().contains("nominated"), "{problem}");
    assert_problem(x.status(&mobility, to("live")).await, 409, "illegal_transition").await;
    assert_problem(x.status(&mobility, to("cancelled")).await, 422, "reason_required").await;
    assert_problem(x.status(&mobility, json!({"to": "cancelled", "reason": "  "})).await, 422, "reason_required").await;
    let cancelled = ok(x.status(&mobility, json!({"to": "cancelled", "reason": "withdrew"})).await, "cancel").await;
    assert_eq!(cancelled["ewp_sending_status"], "cancelled");
    assert!(statuses(&cancelled).is_empty());
    assert_problem(x.status(&mobility, to("applied")).await, 409, "illegal_transition").await;
    assert_problem(x.status(&mobility, json!({"to": "flying"})).await, 422, "validation_failed").await;
}

#[tokio::test]
async fn a_rejected_outgoing_nomination_returns_to_applied_and_releases_its_place() {
    let x = Exchange::new(1, 25).await;
    let mobility = x.application("Petrovska").await;
    x.walk(&mobility, &[to("nominated")]).await;
    assert_eq!(x.quotas().await[0]["places_used"], 1);
    let rejected =
        ok(x.status(&mobility, json!({"to": "rejected", "reason": "transcript missing"})).await, "reject").await;
    assert_eq!(rejected["ewp_receiving_status"], "rejected");
    assert_eq!(statuses(&rejected), ["applied", "cancelled"]);
    assert_eq!(x.quotas().await[0]["places_used"], 0);
    assert_problem(x.status(&mobility, to("nominated")).await, 409, "illegal_transition").await;
    x.walk(&mobility, &[to("applied"), to("nominated")]).await;
    assert_eq!(x.quotas().await[0]["places_used"], 1);
}

fn incoming_body(x: &Exchange, person: &str) -> Value {
    json!({
        "direction": "incoming", "activity_type": "student_studies", "programme": "bilateral",
        "person_id": person, "agreement_id": x.agreement, "condition_id": x.incoming,
        "sending_institution_id": x.lipetsk, "receiving_institution_id": x.ukim, "receiving_unit_id": x.finki,
        "receiving_academic_year": "2026/2027", "planned_start": "2027-04-01", "planned_end": "2027-06-29",
        "eqf_level": 6
    })
}

async fn lipetsk_student(x: &Exchange, name: &str) -> String {
    let mut body = x.student_body(name);
    body["home_institution_id"] = json!(x.lipetsk);
    body["home_unit_id"] = Value::Null;
    body["citizenships"] = json!(["RU"]);
    id(&created(x.app.post_json(crate::exchange::PEOPLE, &x.admin, &body).await, "person").await)
}

#[tokio::test]
async fn an_incoming_mobility_starts_nominated_and_ends_at_completed() {
    let x = Exchange::new(5, 25).await;
    let person = lipetsk_student(&x, "Ivanova").await;
    let mobility = created(x.app.post_json(MOBILITIES, &x.admin, &incoming_body(&x, &person)).await, "incoming").await;
    assert_eq!(mobility["status"], "nominated");
    assert_eq!(mobility["ewp_receiving_status"], "pending");
    x.walk(&mobility, &[json!({"to": "rejected", "reason": "wrong courses"})]).await;
    let again = ok(x.status(&mobility, to("nominated")).await, "re-sent").await;
    assert_eq!(again["ewp_receiving_status"], "pending");
    let completed = x
        .walk(
            &mobility,
            &[
                to("accepted"),
                json!({"to": "live", "actual_start": "2027-04-01", "override_learning_agreement": true,
                    "reason": "agreement signed on paper"}),
                json!({"to": "completed", "actual_end": "2027-06-29"}),
            ],
        )
        .await;
    assert_eq!(statuses(&completed), ["cancelled"]);
    assert_problem(x.status(&mobility, to("recognized")).await, 409, "illegal_transition").await;
}

#[tokio::test]
async fn nominating_past_the_quota_returns_409_unless_overridden_with_a_reason() {
    let x = Exchange::new(2, 25).await;
    for name in ["A", "B"] {
        let m = x.application(name).await;
        x.walk(&m, &[to("nominated")]).await;
    }
    let third = x.application("C").await;
    let problem = assert_problem(x.status(&third, to("nominated")).await, 409, "quota_exhausted").await;
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("places: 2 allowed, 2 used, 1 requested"), "{problem}");
    assert_problem(
        x.status(&third, json!({"to": "nominated", "override_quota": true})).await,
        422,
        "override_reason_required",
    )
    .await;
    let overridden = ok(
        x.status(&third, json!({"to": "nominated", "override_quota": true, "reason": "dean's decision"})).await,
        "override",
    )
    .await;
    assert_eq!(overridden["quota_override_reason"], "dean's decision");
    let quotas = x.quotas().await;
    assert_eq!(quotas[0]["places_used"], 3);
    assert_eq!(quotas[0]["places_remaining"], 0);
    assert_eq!(quotas[0]["months_used"], 15.0);
    let cancelled = ok(x.status(&third, json!({"to": "cancelled", "reason": "ill"})).await, "cancel").await;
    assert_eq!(cancelled["quota_override_reason"], Value::Null);
    let quotas = x.quotas().await;
    assert_eq!(quotas[0]["places_used"], 2);
    assert_eq!(quotas[0]["months_used"], 10.0);
    assert_eq!(quotas[0]["months_remaining"], 15.0);
}

#[tokio::test]
async fn months_can_run_out_before_places() {
    let x = Exchange::new(5, 12).await;
    let first = x.application("A").await;
    let second = x.application("B").await;
    let third = x.application("C").await;
    x.walk(&first, &[to("nominated")]).await;
    x.walk(&second, &[to("nominated")]).await;
    let problem = assert_problem(x.status(&third, to("nominated")).await, 409, "quota_exhausted").await;
    assert!(problem["detail"].as_str().unwrap().contains("months: 12 allowed, 10 used, 5 requested"), "{problem}");
    assert!(!problem["detail"].as_str().unwrap().contains("places:"), "{problem}");
    let quotas = x.quotas().await;
    assert_eq!(quotas[0]["places_remaining"], 3);
    assert_eq!(quotas[0]["months_remaining"], 2.0);
}

#[tokio::test]
async fn nomination_rules_name_the_rule() {
    let x = Exchange::new(5, 25).await;
    // EQF level outside the condition's 6–7.
    let person = x.student("Eqf").await;
    let mut body = x.outgoing_body(&person);
    body["eqf_level"] = json!(8);
    let m = created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "eqf").await;
    assert_problem(x.status(&m, to("nominated")).await, 422, "eqf_level_not_allowed").await;
    // A year the condition (2025/2026–2027/2028) does not cover.
    let person = x.student("Year").await;
    let mut body = x.outgoing_body(&person);
    body["receiving_academic_year"] = json!("2028/2029");
    let m = created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "year").await;
    assert_problem(x.status(&m, to("nominated")).await, 409, "academic_year_outside_condition").await;
    // Erasmus+ studies of one month are too short.
    let person = x.student("Short").await;
    let mut body = x.outgoing_body(&person);
    body["programme"] = json!("erasmus_ka131");
    body["planned_end"] = json!("2026-09-30");
    let m = created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "short").await;
    let problem = assert_problem(x.status(&m, to("nominated")).await, 422, "duration_too_short").await;
    assert_eq!(problem["errors"][0]["field"], "planned_end");
    // The same person cannot hold two overlapping mobilities.
    let person = x.student("Twice").await;
    let first = created(x.app.post_json(MOBILITIES, &x.admin, &x.outgoing_body(&person)).await, "first").await;
    let overlapping = x.app.post_json(MOBILITIES, &x.admin, &x.outgoing_body(&person)).await;
    assert_problem(overlapping, 409, "overlapping_mobility").await;
    let mut later = x.outgoing_body(&person);
    later["planned_start"] = json!("2027-02-01");
    later["planned_end"] = json!("2027-06-30");
    let second = created(x.app.post_json(MOBILITIES, &x.admin, &later).await, "second").await;
    let path = format!("{MOBILITIES}/{}", id(&second));
    assert_problem(
        x.app.patch_json(&path, &x.admin, &json!({"planned_start": "2027-01-31"})).await,
        409,
        "overlapping_mobility",
    )
    .await;
    x.walk(&first, &[to("nominated")]).await;
    // A terminated agreement accepts no nominations.
    let path = format!("/api/v1/agreements/{}/status", x.agreement);
    ok(x.app.post_json(&path, &x.admin, &json!({"to": "terminated", "reason": "ended"})).await, "terminate").await;
    assert_problem(x.status(&second, to("nominated")).await, 409, "agreement_terminated").await;
}

#[tokio::test]
async fn staff_teaching_needs_its_hours() {
    let x = Exchange::new(5, 25).await;
    let conditions = format!("/api/v1/agreements/{}/conditions", x.agreement);
    let body = iro_tests::fixtures::staff_condition(&x.ukim, &x.lipetsk);
    let staff_condition = id(&created(x.app.post_json(&conditions, &x.admin, &body).await, "staff").await);
    let mut person = x.student_body("Teacher");
    person["kind"] = json!("staff");
    person["eqf_level"] = Value::Null;
    person["position"] = json!("Associate professor");
    let person = id(&created(x.app.post_json(crate::exchange::PEOPLE, &x.admin, &person).await, "staff").await);
    let body = json!({
        "direction": "outgoing", "activity_type": "staff_teaching", "programme": "erasmus_ka131",
        "person_id": person, "agreement_id": x.agreement, "condition_id": staff_condition,
        "sending_institution_id": x.ukim, "sending_unit_id": x.finki, "receiving_institution_id": x.lipetsk,
        "receiving_academic_year": "2026/2027", "planned_start": "2026-10-05", "planned_end": "2026-10-09",
        "teaching_hours": 4
    });
    let m = created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "teaching").await;
    assert_eq!(m["planned_duration"], 5.0);
    assert_eq!(m["planned_duration_unit"], "days");
    assert_problem(x.status(&m, to("nominated")).await, 422, "teaching_hours_too_few").await;
    let path = format!("{MOBILITIES}/{}", id(&m));
    ok(x.app.patch_json(&path, &x.admin, &json!({"teaching_hours": 8})).await, "patch").await;
    let nominated = ok(x.status(&m, to("nominated")).await, "nominate").await;
    assert_eq!(nominated["teaching_hours"], 8.0);
    let quotas = x.quotas().await;
    let staff = quotas.as_array().unwrap().iter().find(|q| q["mobility_type"] == "staff_teaching").unwrap();
    assert_eq!(staff["days_used"], 5.0);
    assert_eq!(staff["days_remaining"], 0.0);
    assert_eq!(staff["months_used"], Value::Null);
}

#[tokio::test]
async fn mobilities_are_filtered_and_paged_without_skips() {
    let x = Exchange::new(5, 25).await;
    let a = x.application("A").await;
    let b = x.application("B").await;
    let c = x.application("C").await;
    x.walk(&b, &[to("nominated")]).await;
    let person = lipetsk_student(&x, "Ivanova").await;
    let incoming = created(x.app.post_json(MOBILITIES, &x.admin, &incoming_body(&x, &person)).await, "in").await;
    let list = |query: &str| format!("{MOBILITIES}?{query}");
    let ids = |page: &Value| page["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>();
    let out = ok(x.app.get(&list("direction=outgoing"), &x.admin).await, "list").await;
    assert_eq!(ids(&out), [id(&a), id(&b), id(&c)]);
    let nominated = ok(x.app.get(&list("status=nominated"), &x.admin).await, "list").await;
    assert_eq!(ids(&nominated), [id(&b), id(&incoming)]);
    let russia = ok(x.app.get(&list("partner_country=RU&academic_year=2026/2027"), &x.admin).await, "list").await;
    assert_eq!(ids(&russia).len(), 4);
    let bulgaria = ok(x.app.get(&list("partner_country=BG"), &x.admin).await, "list").await;
    assert!(ids(&bulgaria).is_empty());
    let none = ok(x.app.get(&list("academic_year=2027/2028"), &x.admin).await, "list").await;
    assert!(ids(&none).is_empty());
    let by_person = ok(x.app.get(&list(&format!("person_id={person}")), &x.admin).await, "list").await;
    assert_eq!(ids(&by_person), [id(&incoming)]);
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(c) => format!("limit=1&cursor={c}"),
            None => "limit=1".to_owned(),
        };
        let page = ok(x.app.get(&list(&query), &x.admin).await, "page").await;
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, [id(&a), id(&b), id(&c), id(&incoming)]);
    assert_problem(x.app.get(&list("academic_year=2026"), &x.admin).await, 400, "invalid_query").await;
}

#[tokio::test]
async fn only_applied_or_cancelled_mobilities_can_be_deleted() {
    let x = Exchange::new(5, 25).await;
    let m = x.application("A").await;
    x.walk(&m, &[to("nominated")]).await;
    let path = format!("{MOBILITIES}/{}", id(&m));
    assert_problem(x.app.delete(&path, &x.admin).await, 409, "mobility_in_progress").await;
    x.walk(&m, &[json!({"to": "cancelled", "reason": "withdrew"})]).await;
    assert_eq!(x.app.delete(&path, &x.admin).await.status(), 204);
    assert_problem(x.app.get(&path, &x.admin).await, 404, "not_found").await;
}

#[tokio::test]
async fn coordinators_participants_and_integrations_see_and_do_only_their_part() {
    let x = Exchange::new(5, 25).await;
    let m = x.application("A").await;
    let path = format!("{MOBILITIES}/{}", id(&m));
    let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let feit = x.app.token_for("faculty_coordinator", &[&x.feit]).await;
    ok(x.app.get(&path, &finki).await, "finki reads").await;
    assert_problem(x.app.get(&path, &feit).await, 404, "not_found").await;
    let feit_list = ok(x.app.get(MOBILITIES, &feit).await, "feit list").await;
    assert!(feit_list["items"].as_array().unwrap().is_empty());
    ok(x.app.post_json(&format!("{path}/status"), &finki, &to("nominated")).await, "finki nominates").await;
    assert_problem(x.app.post_json(&format!("{path}/status"), &feit, &to("accepted")).await, 404, "not_found").await;

    // A participant linked to a person reads their own mobilities and may apply, nothing more.
    let participant = x.app.token_for("participant", &[]).await;
    let me = ok(x.app.get("/api/v1/me", &participant).await, "me").await;
    let mut own = x.student_body("Self");
    own["user_id"] = me["id"].clone();
    let own = id(&created(x.app.post_json(crate::exchange::PEOPLE, &x.admin, &own).await, "self").await);
    assert!(ok(x.app.get(MOBILITIES, &participant).await, "list").await["items"].as_array().unwrap().is_empty());
    assert_problem(x.app.get(&path, &participant).await, 404, "not_found").await;
    let applied = created(x.app.post_json(MOBILITIES, &participant, &x.outgoing_body(&own)).await, "apply").await;
    assert_eq!(applied["status"], "applied");
    let mine = ok(x.app.get(MOBILITIES, &participant).await, "list").await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let other = x.student("Other").await;
    assert_problem(x.app.post_json(MOBILITIES, &participant, &x.outgoing_body(&other)).await, 403, "forbidden").await;
    let own_path = format!("{MOBILITIES}/{}/status", id(&applied));
    assert_problem(x.app.post_json(&own_path, &participant, &to("nominated")).await, 403, "forbidden").await;
    let reporting = x.app.token_for("reporting", &[]).await;
    assert_problem(x.app.get(MOBILITIES, &reporting).await, 403, "forbidden").await;
    let holders =
        x.app.get(&format!("/api/v1/agreements/{}/quotas?academic_year=2026/2027", x.agreement), &participant).await;
    let holders = ok(holders, "participant quotas").await;
    assert_eq!(holders["items"][0]["places_used"], 1);
    assert_eq!(holders["items"][0]["holders"], Value::Null);
}

#[tokio::test]
async fn integrations_need_the_mobilities_scopes() {
    let x = Exchange::new(5, 25).await;
    let person = x.student("A").await;
    let token = |scope: &'static str| {
        let (client_id, secret) = x.app.create_client(&[scope]);
        let app = &x.app;
        async move {
            let response = app
                .request(reqwest::Method::POST, "/api/v1/auth/token", None)
                .form(&[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)])
                .send()
                .await
                .unwrap();
            json(response).await["access_token"].as_str().unwrap().to_owned()
        }
    };
    let reader = token("mobilities:read").await;
    let writer = token("mobilities:write").await;
    ok(x.app.get(MOBILITIES, &reader).await, "reader lists").await;
    assert_problem(x.app.post_json(MOBILITIES, &reader, &x.outgoing_body(&person)).await, 403, "forbidden").await;
    created(x.app.post_json(MOBILITIES, &writer, &x.outgoing_body(&person)).await, "writer creates").await;
    let agreements_only = token("agreements:read").await;
    assert_problem(x.app.get(MOBILITIES, &agreements_only).await, 403, "forbidden").await;
}

/// The proof issue 4 asks for: N parallel nominations against a condition with k < N places
/// left; exactly k succeed, every other one gets 409 `quota_exhausted`, and the quota is
/// exactly full afterwards. Runs on whichever engine the suite targets.
#[tokio::test]
async fn parallel_nominations_never_over_allocate_the_quota() {
    const N: usize = 36;
    const PLACES: u32 = 7;
    const ALREADY: usize = 2;
    let x = Exchange::new(PLACES, 1000).await;
    let mut mobilities = Vec::new();
    for i in 0..N + ALREADY {
        mobilities.push(x.application(&format!("Student{i}")).await);
    }
    for m in &mobilities[..ALREADY] {
        x.walk(m, &[to("nominated")]).await;
    }
    let left = PLACES as usize - ALREADY;
    let requests = mobilities[ALREADY..].iter().map(|m| {
        let path = format!("{MOBILITIES}/{}/status", id(m));
        let app = &x.app;
        let admin = &x.admin;
        async move {
            let response = app.post_json(&path, admin, &to("nominated")).await;
            let status = response.status().as_u16();
            (status, json(response).await)
        }
    });
    let outcomes = futures_util::future::join_all(requests).await;
    let succeeded = outcomes.iter().filter(|(s, _)| *s == 200).count();
    let exhausted = outcomes.iter().filter(|(s, b)| *s == 409 && b["code"] == "quota_exhausted").count();
    assert_eq!(succeeded, left, "{outcomes:?}");
    assert_eq!(exhausted, N - left, "{outcomes:?}");
    let quotas = x.quotas().await;
    assert_eq!(quotas[0]["places_used"], PLACES);
    assert_eq!(quotas[0]["places_remaining"], 0);
    assert_eq!(quotas[0]["holders"].as_array().unwrap().len(), PLACES as usize);
}

#[tokio::test]
async fn the_office_overview_counts_mobilities_by_country_and_status() {
    let x = Exchange::new(5, 25).await;
    let a = x.application("A").await;
    x.application("B").await;
    x.walk(&a, &[to("nominated")]).await;
    let person = lipetsk_student(&x, "Ivanova").await;
    created(x.app.post_json(MOBILITIES, &x.admin, &incoming_body(&x, &person)).await, "in").await;
    let path = "/api/v1/statistics/mobilities?academic_year=2026/2027";
    let stats = ok(x.app.get(path, &x.admin).await, "stats").await;
    assert_eq!(stats["total"], 3);
    assert_eq!(stats["by_direction"], json!({"outgoing": 2, "incoming": 1}));
    assert_eq!(stats["by_partner_country"], json!({"RU": 3}));
    assert_eq!(stats["by_status"], json!({"applied": 1, "nominated": 2}));
    assert_eq!(stats["by_unit"][&x.finki], 3);
    let outgoing = ok(x.app.get(&format!("{path}&direction=outgoing"), &x.admin).await, "out").await;
    assert_eq!(outgoing["total"], 2);
    let reporting = x.app.token_for("reporting", &[]).await;
    ok(x.app.get(path, &reporting).await, "reporting reads").await;
    let feit = x.app.token_for("faculty_coordinator", &[&x.feit]).await;
    assert_eq!(ok(x.app.get(path, &feit).await, "feit").await["total"], 0);
    let participant = x.app.token_for("participant", &[]).await;
    assert_problem(x.app.get(path, &participant).await, 403, "forbidden").await;
}

#[tokio::test]
async fn records_with_mobilities_cannot_be_deleted() {
    let x = Exchange::new(5, 25).await;
    x.application("A").await;
    let condition = format!("/api/v1/agreements/{}/conditions/{}", x.agreement, x.outgoing);
    assert_problem(x.app.delete(&condition, &x.admin).await, 409, "in_use").await;
    let partner = format!("/api/v1/institutions/{}", x.lipetsk);
    assert_problem(x.app.delete(&partner, &x.admin).await, 409, "in_use").await;
}

#[tokio::test]
async fn the_history_lists_only_changes_made_since_modified_since() {
    let x = Exchange::new(5, 25).await;
    let mobility = x.application("Petrovska").await;
    x.walk(&mobility, &[to("nominated")]).await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    x.walk(&mobility, &[to("accepted")]).await;
    let path = format!("{MOBILITIES}/{}/history", id(&mobility));
    let all = ok(x.app.get(&path, &x.admin).await, "all").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 3, "{all}");
    let recent = ok(x.app.get(&format!("{path}?modified_since={since}"), &x.admin).await, "recent").await;
    let steps: Vec<&Value> = recent["items"].as_array().unwrap().iter().map(|i| &i["to_status"]).collect();
    assert_eq!(steps, [&json!("accepted")], "{recent}");
    assert_problem(x.app.get(&format!("{path}?modified_since=today"), &x.admin).await, 400, "invalid_query").await;
}
