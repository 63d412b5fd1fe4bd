//! `/api/v1/events`: create, read, change and list outreach events; the life cycle and its
//! refusals; who may organise which event.

use iro_tests::assert_problem;
use reqwest::Method;
use serde_json::{Value, json};

use crate::exchange::{Exchange, created, id, ok};

pub const EVENTS: &str = "/api/v1/events";

/// An info meeting body organised by `unit` (or the office) with `capacity` seats.
pub fn info_meeting(unit: Option<&str>, capacity: Option<u32>) -> Value {
    json!({
        "kind": "info_meeting",
        "title_en": "Exchange 2026/2027: information meeting",
        "title_mk": "Размена 2026/2027: информативна средба",
        "unit_id": unit,
        "starts_at": "2026-12-10T12:00:00+01:00", "ends_at": "2026-12-10T14:00:00+01:00",
        "place": "Rectorate, Hall 1; Skopje",
        "capacity": capacity,
        "agenda": "12:00 Welcome\n12:15 Documents, visa, insurance",
        "speakers": ["Erasmus+ coordinator"],
        "materials": [{"name": "Slides", "link": "https://iro.example.org/info.pdf"}]
    })
}

/// Creates an event as `token`; returns it.
pub async fn create_event(x: &Exchange, token: &str, body: &Value) -> Value {
    created(x.app.post_json(EVENTS, token, body).await, "event").await
}

/// Moves an event to `to` as the admin.
pub async fn move_to(x: &Exchange, event: &Value, to: &str) -> Value {
    let path = format!("{EVENTS}/{}/status", id(event));
    ok(x.app.post_json(&path, &x.admin, &json!({"to": to})).await, to).await
}

#[tokio::test]
async fn an_event_is_created_read_changed_and_listed() {
    let x = Exchange::new(5, 25).await;
    let response = x.app.post_json(EVENTS, &x.admin, &info_meeting(Some(&x.finki), Some(40))).await;
    let etag = response.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    let location = response.headers().get("location").unwrap().to_str().unwrap().to_owned();
    let event = created(response, "event").await;
    assert_eq!(event["status"], "planned");
    assert_eq!(event["time_zone"], "Europe/Skopje");
    assert_eq!(event["language"], "mk");
    assert_eq!(event["starts_at"], "2026-12-10T11:00:00Z");
    assert_eq!(event["allowed_transitions"], json!(["published", "cancelled"]));
    assert_eq!(event["materials"][0]["link"], "https://iro.example.org/info.pdf");
    assert_eq!(location, format!("{EVENTS}/{}", id(&event)));
    let read = ok(x.app.get(&location, &x.admin).await, "get").await;
    assert_eq!(read, event);

    let changed = ok(
        x.app
            .patch_json(&location, &x.admin, &json!({"capacity": 60, "online_link": "https://meet.example.org/info"}))
            .await,
        "patch",
    )
    .await;
    assert_eq!(changed["capacity"], 60);
    assert_eq!(changed["version"], 2);
    let stale = x
        .app
        .request(Method::PATCH, &location, Some(&x.admin))
        .header("content-type", "application/merge-patch+json")
        .header("if-match", etag)
        .body(json!({"capacity": 10}).to_string())
        .send()
        .await
        .unwrap();
    assert_problem(stale, 412, "precondition_failed").await;
    let status_by_patch = x.app.patch_json(&location, &x.admin, &json!({"status": "held"})).await;
    assert_problem(status_by_patch, 422, "validation_failed").await;

    let mut welcome = info_meeting(None, None);
    welcome["kind"] = json!("welcome_day");
    welcome["starts_at"] = json!("2027-04-06T10:00:00+02:00");
    welcome["ends_at"] = json!("2027-04-06T15:00:00+02:00");
    let welcome = create_event(&x, &x.admin, &welcome).await;
    let kinds = |list: &Value| list["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>();
    let all = ok(x.app.get(EVENTS, &x.admin).await, "list").await;
    assert_eq!(kinds(&all), vec![id(&event), id(&welcome)]);
    let by_kind = ok(x.app.get(&format!("{EVENTS}?kind=welcome_day"), &x.admin).await, "kind").await;
    assert_eq!(kinds(&by_kind), vec![id(&welcome)]);
    let by_unit = ok(x.app.get(&format!("{EVENTS}?unit_id={}", x.finki), &x.admin).await, "unit").await;
    assert_eq!(kinds(&by_unit), vec![id(&event)]);
    let from = ok(x.app.get(&format!("{EVENTS}?from=2027-01-01T00:00:00Z"), &x.admin).await, "from").await;
    assert_eq!(kinds(&from), vec![id(&welcome)]);
    let to = ok(x.app.get(&format!("{EVENTS}?to=2027-01-01T00:00:00Z"), &x.admin).await, "to").await;
    assert_eq!(kinds(&to), vec![id(&event)]);
    let first = ok(x.app.get(&format!("{EVENTS}?limit=1"), &x.admin).await, "page").await;
    assert_eq!(kinds(&first), vec![id(&event)]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = ok(x.app.get(&format!("{EVENTS}?limit=1&cursor={cursor}"), &x.admin).await, "page 2").await;
    assert_eq!(kinds(&second), vec![id(&welcome)]);
    assert!(second["next_cursor"].is_null());
    let since = ok(x.app.get(&format!("{EVENTS}?modified_since=2999-01-01T00:00:00Z"), &x.admin).await, "since").await;
    assert!(since["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn invalid_events_are_refused_with_named_fields() {
    let x = Exchange::new(5, 25).await;
    let mut body = info_meeting(None, Some(0));
    body["time_zone"] = json!("Mars/Olympus");
    body["language"] = json!("not a tag");
    body["title_mk"] = json!(" ");
    body["materials"] = json!([{"name": "Slides", "link": "ftp://x"}]);
    let problem = assert_problem(x.app.post_json(EVENTS, &x.admin, &body).await, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for field in ["time_zone", "language", "title_mk", "capacity", "materials[0].link"] {
        assert!(fields.contains(&field), "{field} missing in {problem}");
    }
    let mut body = info_meeting(None, None);
    body["ends_at"] = body["starts_at"].clone();
    let problem = assert_problem(x.app.post_json(EVENTS, &x.admin, &body).await, 422, "ends_before_start").await;
    assert_eq!(problem["errors"][0]["field"], "ends_at");
    let mut body = info_meeting(None, None);
    body["place"] = json!(null);
    assert_problem(x.app.post_json(EVENTS, &x.admin, &body).await, 422, "place_required").await;
    let body = info_meeting(Some(&uuid::Uuid::now_v7().to_string()), None);
    let problem = assert_problem(x.app.post_json(EVENTS, &x.admin, &body).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "unit_id");
    let list = ok(x.app.get(EVENTS, &x.admin).await, "list").await;
    assert!(list["items"].as_array().unwrap().is_empty(), "a refused event was stored: {list}");
}

#[tokio::test]
async fn the_life_cycle_refuses_illegal_moves_and_cancelling_without_a_reason() {
    let x = Exchange::new(5, 25).await;
    let event = create_event(&x, &x.admin, &info_meeting(None, None)).await;
    let path = format!("{EVENTS}/{}/status", id(&event));
    let problem =
        assert_problem(x.app.post_json(&path, &x.admin, &json!({"to": "held"})).await, 409, "illegal_transition").await;
    assert_eq!(problem["errors"][0]["field"], "to");
    assert!(problem["detail"].as_str().unwrap().contains("allowed: published, cancelled"), "{problem}");
    let published = move_to(&x, &event, "published").await;
    assert_eq!(published["allowed_transitions"], json!(["held", "cancelled"]));
    assert_problem(x.app.post_json(&path, &x.admin, &json!({"to": "cancelled"})).await, 422, "reason_required").await;
    let cancelled = ok(
        x.app.post_json(&path, &x.admin, &json!({"to": "cancelled", "reason": "The hall is closed"})).await,
        "cancel",
    )
    .await;
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["cancel_reason"], "The hall is closed");
    let archived = move_to(&x, &cancelled, "archived").await;
    assert_eq!(archived["cancel_reason"], "The hall is closed");
    assert_eq!(archived["allowed_transitions"], json!([]));
    let event_path = format!("{EVENTS}/{}", id(&event));
    assert_problem(x.app.patch_json(&event_path, &x.admin, &json!({"capacity": 3})).await, 409, "event_archived").await;
}

#[tokio::test]
async fn coordinators_organise_their_units_events_participants_see_announced_ones_and_reporting_reads() {
    let x = Exchange::new(5, 25).await;
    let coordinator = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let participant = x.app.token_for("participant", &[]).await;
    let reporting = x.app.token_for("reporting", &[]).await;
    let ours = create_event(&x, &coordinator, &info_meeting(Some(&x.finki), None)).await;
    let theirs = x.app.post_json(EVENTS, &coordinator, &info_meeting(Some(&x.feit), None)).await;
    assert_problem(theirs, 403, "forbidden").await;
    let office = x.app.post_json(EVENTS, &coordinator, &info_meeting(None, None)).await;
    assert_problem(office, 403, "forbidden").await;
    let feit = create_event(&x, &x.admin, &info_meeting(Some(&x.feit), None)).await;
    let path = format!("{EVENTS}/{}", id(&feit));
    assert_problem(x.app.patch_json(&path, &coordinator, &json!({"capacity": 5})).await, 403, "forbidden").await;
    let moved = x.app.patch_json(&format!("{EVENTS}/{}", id(&ours)), &coordinator, &json!({"unit_id": x.feit})).await;
    assert_problem(moved, 403, "forbidden").await;

    assert_problem(x.app.post_json(EVENTS, &participant, &info_meeting(None, None)).await, 403, "forbidden").await;
    assert_problem(x.app.post_json(EVENTS, &reporting, &info_meeting(None, None)).await, 403, "forbidden").await;
    assert_problem(x.app.get(&path, &participant).await, 404, "not_found").await;
    move_to(&x, &feit, "published").await;
    ok(x.app.get(&path, &participant).await, "participant reads a published event").await;
    let seen = ok(x.app.get(EVENTS, &participant).await, "participant list").await;
    assert_eq!(seen["items"].as_array().unwrap().len(), 1);
    let all = ok(x.app.get(EVENTS, &reporting).await, "reporting list").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_retried_create_with_the_same_idempotency_key_creates_one_event() {
    let x = Exchange::new(5, 25).await;
    let body = info_meeting(None, Some(10));
    let send = || {
        x.app
            .request(Method::POST, EVENTS, Some(&x.admin))
            .header("Idempotency-Key", "event-create-1")
            .json(&body)
            .send()
    };
    let first = created(send().await.unwrap(), "first").await;
    let again = created(send().await.unwrap(), "replay").await;
    assert_eq!(first["id"], again["id"]);
    let list = ok(x.app.get(EVENTS, &x.admin).await, "list").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}
