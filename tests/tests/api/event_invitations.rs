//! `/api/v1/events/{id}/invitations`: audiences drawn from mobilities — nominated outgoing
//! participants of a year for an info meeting, returned participants of a period for a
//! dissemination debate — generated again without duplicates, and what cannot be generated.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use iro_tests::assert_problem;
use serde_json::{Value, json};

use crate::events::{EVENTS, create_event, info_meeting};
use crate::exchange::{Exchange, id, ok};

fn generate(event: &Value) -> String {
    format!("{EVENTS}/{}/invitations:generate", id(event))
}

async fn invited(x: &Exchange, event: &Value) -> Vec<String> {
    let list = ok(x.app.get(&format!("{EVENTS}/{}/invitations", id(event)), &x.admin).await, "invitations").await;
    list["items"].as_array().unwrap().iter().map(|i| i["person_id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn an_info_meeting_invites_the_nominated_outgoing_of_a_year_once_and_regenerating_adds_only_new_people() {
    let x = Exchange::new(5, 25).await;
    let first = x.application("First").await;
    x.walk(&first, &[json!({"to": "nominated"})]).await;
    let applied_only = x.application("Applied").await;
    let event = create_event(&x, &x.admin, &info_meeting(None, None)).await;
    let body = json!({"academic_year": "2026/2027", "partner_country": "RU"});
    let generated = ok(x.app.post_json(&generate(&event), &x.admin, &body).await, "generate").await;
    assert_eq!(generated, json!({"added": 1, "invited": 1}));
    assert_eq!(invited(&x, &event).await, vec![first["person_id"].as_str().unwrap().to_owned()]);

    let second = x.application("Second").await;
    x.walk(&second, &[json!({"to": "nominated"})]).await;
    let again = ok(x.app.post_json(&generate(&event), &x.admin, &body).await, "again").await;
    assert_eq!(again, json!({"added": 1, "invited": 2}));
    let same = ok(x.app.post_json(&generate(&event), &x.admin, &body).await, "same").await;
    assert_eq!(same, json!({"added": 0, "invited": 2}));
    assert!(!invited(&x, &event).await.contains(&applied_only["person_id"].as_str().unwrap().to_owned()));

    let elsewhere = json!({"academic_year": "2026/2027", "partner_country": "BG"});
    let none = ok(x.app.post_json(&generate(&event), &x.admin, &elsewhere).await, "BG").await;
    assert_eq!(none["added"], 0);
    let other_year = json!({"academic_year": "2027/2028"});
    assert_eq!(ok(x.app.post_json(&generate(&event), &x.admin, &other_year).await, "year").await["added"], 0);
}

#[tokio::test]
async fn a_dissemination_debate_invites_who_returned_in_the_period() {
    let x = Exchange::new(5, 25).await;
    let back = x.application("Back").await;
    x.walk(
        &back,
        &[
            json!({"to": "nominated"}),
            json!({"to": "accepted"}),
            // Its learning agreement is not this test's subject: the office's override stands in.
            json!({"to": "live", "actual_start": "2026-09-02", "override_learning_agreement": true,
                "reason": "learning agreement signed on paper"}),
            json!({"to": "completed", "actual_end": "2027-01-30"}),
        ],
    )
    .await;
    let away = x.application("Away").await;
    x.walk(&away, &[json!({"to": "nominated"})]).await;
    let mut body = info_meeting(None, None);
    body["kind"] = json!("dissemination_debate");
    let debate = create_event(&x, &x.admin, &body).await;
    let period = json!({"from": "2027-01-01", "to": "2027-03-31"});
    assert_eq!(ok(x.app.post_json(&generate(&debate), &x.admin, &period).await, "debate").await["added"], 1);
    assert_eq!(invited(&x, &debate).await, vec![back["person_id"].as_str().unwrap().to_owned()]);
    let earlier = json!({"from": "2026-01-01", "to": "2026-12-31"});
    assert_eq!(ok(x.app.post_json(&generate(&debate), &x.admin, &earlier).await, "earlier").await["added"], 0);
}

#[tokio::test]
async fn what_an_audience_needs_is_checked_and_only_the_organisers_generate() {
    let x = Exchange::new(5, 25).await;
    let meeting = create_event(&x, &x.admin, &info_meeting(None, None)).await;
    let problem =
        assert_problem(x.app.post_json(&generate(&meeting), &x.admin, &json!({})).await, 422, "validation_failed")
            .await;
    assert_eq!(problem["errors"][0]["field"], "academic_year");
    let bad = json!({"academic_year": "2026-2027"});
    assert_problem(x.app.post_json(&generate(&meeting), &x.admin, &bad).await, 422, "validation_failed").await;
    let mut body = info_meeting(None, None);
    body["kind"] = json!("welcome_day");
    let welcome = create_event(&x, &x.admin, &body).await;
    let backwards = json!({"from": "2027-04-30", "to": "2027-04-01"});
    assert_problem(x.app.post_json(&generate(&welcome), &x.admin, &backwards).await, 422, "empty_period").await;
    body["kind"] = json!("conference");
    let conference = create_event(&x, &x.admin, &body).await;
    let period = json!({"from": "2027-04-01", "to": "2027-04-30"});
    assert_problem(x.app.post_json(&generate(&conference), &x.admin, &period).await, 422, "no_audience_rule").await;
    let coordinator = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let year = json!({"academic_year": "2026/2027"});
    assert_problem(x.app.post_json(&generate(&meeting), &coordinator, &year).await, 403, "forbidden").await;
}

#[tokio::test]
async fn a_welcome_day_invites_the_incoming_group_arriving_in_the_period() {
    let x = Exchange::new(5, 25).await;
    let mut guest = x.student_body("Ivanova");
    guest["home_institution_id"] = json!(x.lipetsk);
    guest["home_unit_id"] = Value::Null;
    guest["citizenships"] = json!(["RU"]);
    let person =
        id(&crate::exchange::created(x.app.post_json(crate::exchange::PEOPLE, &x.admin, &guest).await, "guest").await);
    let incoming = json!({
        "direction": "incoming", "activity_type": "student_studies", "programme": "bilateral",
        "person_id": person, "agreement_id": x.agreement, "condition_id": x.incoming,
        "sending_institution_id": x.lipetsk, "receiving_institution_id": x.ukim, "receiving_unit_id": x.finki,
        "receiving_academic_year": "2026/2027", "planned_start": "2027-04-01", "planned_end": "2027-06-29",
        "eqf_level": 6
    });
    crate::exchange::created(x.app.post_json(crate::exchange::MOBILITIES, &x.admin, &incoming).await, "incoming").await;
    let outgoing = x.application("Outgoing").await;
    x.walk(&outgoing, &[json!({"to": "nominated"})]).await;
    let mut body = info_meeting(None, None);
    body["kind"] = json!("welcome_day");
    let welcome = create_event(&x, &x.admin, &body).await;
    let april = json!({"from": "2027-03-25", "to": "2027-04-10"});
    assert_eq!(ok(x.app.post_json(&generate(&welcome), &x.admin, &april).await, "april").await["added"], 1);
    assert_eq!(invited(&x, &welcome).await, vec![person]);
    let autumn = json!({"from": "2026-09-01", "to": "2026-10-15"});
    assert_eq!(ok(x.app.post_json(&generate(&welcome), &x.admin, &autumn).await, "autumn").await["added"], 0);
}
