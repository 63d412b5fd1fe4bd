//! `/api/v1/events/{id}/registrations`: the capacity race (never over capacity on either
//! engine), the waiting list moving up, one registration per person, external guests,
//! check-in, and who may register whom.

use iro_tests::{assert_problem, json};
use serde_json::{Value, json};

use crate::events::{EVENTS, create_event, info_meeting, move_to};
use crate::exchange::{Exchange, created, id, ok};

fn registrations(event: &Value) -> String {
    format!("{EVENTS}/{}/registrations", id(event))
}

/// A published event with `seats` seats.
async fn open_event(x: &Exchange, seats: Option<u32>) -> Value {
    let event = create_event(x, &x.admin, &info_meeting(None, seats)).await;
    move_to(x, &event, "published").await
}

/// Registers `person` as the admin; returns the registration.
async fn register(x: &Exchange, event: &Value, person: &str) -> Value {
    created(x.app.post_json(&registrations(event), &x.admin, &json!({"person_id": person})).await, "registration").await
}

async fn list(x: &Exchange, event: &Value, token: &str) -> Value {
    ok(x.app.get(&registrations(event), token).await, "registrations").await
}

/// A participant account linked to a new person; returns (token, person id).
async fn participant(x: &Exchange, family_name: &str) -> (String, String) {
    let token = x.app.token_for("participant", &[]).await;
    let me = json(x.app.get("/api/v1/me", &token).await).await;
    let mut body = x.student_body(family_name);
    body["user_id"] = me["id"].clone();
    let person = created(x.app.post_json("/api/v1/people", &x.admin, &body).await, "person").await;
    (token, id(&person))
}

#[tokio::test]
async fn parallel_registrations_never_exceed_the_capacity_and_the_rest_wait() {
    const N: usize = 32;
    const SEATS: u32 = 5;
    let x = Exchange::new(5, 25).await;
    let event = open_event(&x, Some(SEATS)).await;
    let mut people = Vec::new();
    for i in 0..N {
        people.push(x.student(&format!("Racer{i}")).await);
    }
    let path = registrations(&event);
    let requests = people.iter().map(|person| {
        let (app, admin, path) = (&x.app, &x.admin, &path);
        async move {
            let response = app.post_json(path, admin, &json!({"person_id": person})).await;
            let status = response.status().as_u16();
            (status, json(response).await)
        }
    });
    let outcomes = futures_util::future::join_all(requests).await;
    assert!(outcomes.iter().all(|(s, _)| *s == 201), "{outcomes:?}");
    let seated = outcomes.iter().filter(|(_, b)| b["status"] == "registered").count();
    let waiting = outcomes.iter().filter(|(_, b)| b["status"] == "waitlisted").count();
    assert_eq!(seated, SEATS as usize, "{outcomes:?}");
    assert_eq!(waiting, N - SEATS as usize);
    let listed = list(&x, &event, &x.admin).await;
    assert_eq!(listed["registered"], SEATS);
    assert_eq!(listed["waitlisted"], N as u32 - SEATS);
}

#[tokio::test]
async fn a_decline_moves_the_first_of_the_waiting_list_up_and_more_seats_move_more() {
    let x = Exchange::new(5, 25).await;
    let event = open_event(&x, Some(2)).await;
    let mut regs = Vec::new();
    for name in ["A", "B", "C", "D", "E"] {
        let person = x.student(name).await;
        regs.push(register(&x, &event, &person).await);
    }
    let statuses: Vec<&str> = regs.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["registered", "registered", "waitlisted", "waitlisted", "waitlisted"]);
    let decline = format!("{}/{}/decline", registrations(&event), id(&regs[0]));
    let declined = ok(x.app.post_json(&decline, &x.admin, &json!({})).await, "decline").await;
    assert_eq!(declined["status"], "declined");
    let listed = list(&x, &event, &x.admin).await;
    let status_of = |reg: &Value| {
        listed["items"].as_array().unwrap().iter().find(|r| r["id"] == reg["id"]).unwrap()["status"].clone()
    };
    assert_eq!(status_of(&regs[2]), "registered", "C was first in line: {listed}");
    assert_eq!(status_of(&regs[3]), "waitlisted");
    assert_eq!(listed["registered"], 2);

    // Fewer seats than taken is refused; more seats move the waiting list up in order.
    let path = format!("{EVENTS}/{}", id(&event));
    assert_problem(x.app.patch_json(&path, &x.admin, &json!({"capacity": 1})).await, 409, "capacity_below_registered")
        .await;
    ok(x.app.patch_json(&path, &x.admin, &json!({"capacity": 3})).await, "more seats").await;
    let listed = list(&x, &event, &x.admin).await;
    let status_of = |reg: &Value| {
        listed["items"].as_array().unwrap().iter().find(|r| r["id"] == reg["id"]).unwrap()["status"].clone()
    };
    assert_eq!(status_of(&regs[3]), "registered");
    assert_eq!(status_of(&regs[4]), "waitlisted");

    // Who declined may come back, at the end of the queue.
    let again = register(&x, &event, declined["person_id"].as_str().unwrap()).await;
    assert_eq!(again["id"], declined["id"]);
    assert_eq!(again["status"], "waitlisted");
}

#[tokio::test]
async fn a_person_registers_once_and_only_for_a_published_event() {
    let x = Exchange::new(5, 25).await;
    let planned = create_event(&x, &x.admin, &info_meeting(None, None)).await;
    let person = x.student("Once").await;
    let early = x.app.post_json(&registrations(&planned), &x.admin, &json!({"person_id": person})).await;
    assert_problem(early, 409, "event_not_open").await;
    let event = move_to(&x, &planned, "published").await;
    register(&x, &event, &person).await;
    let twice = x.app.post_json(&registrations(&event), &x.admin, &json!({"person_id": person})).await;
    assert_problem(twice, 409, "already_registered").await;
    assert_eq!(list(&x, &event, &x.admin).await["items"].as_array().unwrap().len(), 1);
    let unknown = x.app.post_json(&registrations(&event), &x.admin, &json!({"person_id": uuid::Uuid::now_v7()})).await;
    assert_problem(unknown, 422, "validation_failed").await;
}

#[tokio::test]
async fn guests_are_registered_by_name_and_staff_check_in_who_holds_a_seat() {
    let x = Exchange::new(5, 25).await;
    let mut conference = info_meeting(None, Some(1));
    conference["kind"] = json!("conference");
    let event = create_event(&x, &x.admin, &conference).await;
    let event = move_to(&x, &event, "published").await;
    let guest = json!({"external": {"name": "Irina Sokolova", "institution": "Lipetsk State University",
        "country": "RU", "citizenship": "RU"}});
    let seated = created(x.app.post_json(&registrations(&event), &x.admin, &guest).await, "guest").await;
    assert_eq!(seated["external"]["citizenship"], "RU");
    assert!(seated["person_id"].is_null());
    let other = json!({"external": {"name": "Petar Ivanov", "institution": "Sofia University", "country": "BG"}});
    let waiting = created(x.app.post_json(&registrations(&event), &x.admin, &other).await, "guest 2").await;
    assert_eq!(waiting["status"], "waitlisted");
    let bad = json!({"external": {"name": "X", "country": "XX"}});
    let problem =
        assert_problem(x.app.post_json(&registrations(&event), &x.admin, &bad).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "external.country");

    let check_in = |reg: &Value| format!("{}/{}/check-in", registrations(&event), id(reg));
    let waiting_in = x.app.post_json(&check_in(&waiting), &x.admin, &json!({})).await;
    assert_problem(waiting_in, 409, "not_registered").await;
    move_to(&x, &event, "held").await;
    let came = ok(x.app.post_json(&check_in(&seated), &x.admin, &json!({})).await, "check-in").await;
    assert!(came["attended_at"].is_string());
    assert_eq!(list(&x, &event, &x.admin).await["attended"], 1);
}

#[tokio::test]
async fn participants_register_and_decline_only_themselves_and_see_only_their_own() {
    let x = Exchange::new(5, 25).await;
    let event = open_event(&x, Some(10)).await;
    let (token, person) = participant(&x, "Self").await;
    let (other_token, other_person) = participant(&x, "Other").await;
    let mine = created(x.app.post_json(&registrations(&event), &token, &json!({})).await, "self").await;
    assert_eq!(mine["person_id"], person.as_str());
    let for_other = x.app.post_json(&registrations(&event), &token, &json!({"person_id": other_person})).await;
    assert_problem(for_other, 403, "forbidden").await;
    let guest = x.app.post_json(&registrations(&event), &token, &json!({"external": {"name": "A friend"}})).await;
    assert_problem(guest, 403, "forbidden").await;
    created(x.app.post_json(&registrations(&event), &other_token, &json!({})).await, "other").await;
    let seen = list(&x, &event, &token).await;
    assert_eq!(seen["items"].as_array().unwrap().len(), 1);
    let decline = format!("{}/{}/decline", registrations(&event), id(&mine));
    assert_problem(x.app.post_json(&decline, &other_token, &json!({})).await, 404, "not_found").await;
    let check_in = format!("{}/{}/check-in", registrations(&event), id(&mine));
    assert_problem(x.app.post_json(&check_in, &token, &json!({})).await, 403, "forbidden").await;
    ok(x.app.post_json(&decline, &token, &json!({})).await, "own decline").await;

    let reporting = x.app.token_for("reporting", &[]).await;
    assert_eq!(list(&x, &event, &reporting).await["items"].as_array().unwrap().len(), 2);
    let register = x.app.post_json(&registrations(&event), &reporting, &json!({"person_id": person})).await;
    assert_problem(register, 403, "forbidden").await;
    let coordinator = x.app.token_for("faculty_coordinator", &[&x.feit]).await;
    let theirs = x.app.post_json(&registrations(&event), &coordinator, &json!({"person_id": person})).await;
    assert_problem(theirs, 403, "forbidden").await;
}
