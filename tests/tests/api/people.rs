//! `/api/v1/people`: create and validate, read, merge-patch, delete, anonymise, and who may
//! see personal data.

use iro_tests::assert_problem;
use serde_json::{Value, json};

use crate::exchange::{Exchange, MOBILITIES, PEOPLE, created, id, ok};

#[tokio::test]
async fn a_person_is_created_read_changed_and_deleted() {
    let x = Exchange::new(5, 25).await;
    let response = x.app.post_json(PEOPLE, &x.admin, &x.student_body("Petrovska")).await;
    let etag = response.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    let person = created(response, "person").await;
    assert_eq!(person["family_name"], "Petrovska");
    assert_eq!(person["citizenships"], json!(["MK"]));
    assert_eq!(person["eqf_level"], 6);
    let path = format!("{PEOPLE}/{}", id(&person));
    let changed = ok(x.app.patch_json(&path, &x.admin, &json!({"email": "ana@example.org"})).await, "patch").await;
    assert_eq!(changed["email"], "ana@example.org");
    assert_eq!(changed["version"], 2);
    let stale = x
        .app
        .request(reqwest::Method::PATCH, &path, Some(&x.admin))
        .header("content-type", "application/merge-patch+json")
        .header("if-match", etag)
        .body(json!({"email": "x@example.org"}).to_string())
        .send()
        .await
        .unwrap();
    assert_problem(stale, 412, "precondition_failed").await;
    let read_only = x.app.patch_json(&path, &x.admin, &json!({"id": uuid::Uuid::now_v7()})).await;
    assert_problem(read_only, 422, "validation_failed").await;
    let list = ok(x.app.get(&format!("{PEOPLE}?kind=student"), &x.admin).await, "list").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(x.app.delete(&path, &x.admin).await.status(), 204);
    assert_problem(x.app.get(&path, &x.admin).await, 404, "not_found").await;
}

#[tokio::test]
async fn invalid_people_are_refused_with_field_paths() {
    let x = Exchange::new(5, 25).await;
    let mut body = x.student_body("Petrovska");
    body["given_names"] = json!(" ");
    body["citizenships"] = json!(["MK", "XX"]);
    body["gender"] = json!(3);
    body["eqf_level"] = json!(9);
    body["email"] = json!("not an address");
    body["home_unit_id"] = json!(uuid::Uuid::now_v7());
    let problem = assert_problem(x.app.post_json(PEOPLE, &x.admin, &body).await, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for field in ["given_names", "citizenships[1]", "gender", "eqf_level", "email"] {
        assert!(fields.contains(&field), "{field} missing in {problem}");
    }
    let mut body = x.student_body("Petrovska");
    body["home_unit_id"] = json!(uuid::Uuid::now_v7());
    let problem = assert_problem(x.app.post_json(PEOPLE, &x.admin, &body).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "home_unit_id");
}

#[tokio::test]
async fn arrays_are_capped_and_a_flood_of_citizenships_stores_nothing() {
    let x = Exchange::new(5, 25).await;
    let mut body = x.student_body("Flood");
    body["citizenships"] = json!(vec!["MK"; 40_000]);
    let problem = assert_problem(x.app.post_json(PEOPLE, &x.admin, &body).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "citizenships", "{problem}");
    let list = ok(x.app.get(PEOPLE, &x.admin).await, "list").await;
    assert!(list["items"].as_array().unwrap().is_empty(), "a refused person was stored: {list}");
    // Ten is the documented limit and is accepted.
    body["citizenships"] = json!(["MK", "RS", "BG", "RU", "AL", "GR", "TR", "DE", "AT", "IT"]);
    created(x.app.post_json(PEOPLE, &x.admin, &body).await, "ten citizenships").await;
}

#[tokio::test]
async fn personal_data_is_visible_only_to_the_office_the_units_and_the_person() {
    let x = Exchange::new(5, 25).await;
    let participant = x.app.token_for("participant", &[]).await;
    let me = ok(x.app.get("/api/v1/me", &participant).await, "me").await;
    let mut body = x.student_body("Self");
    body["user_id"] = me["id"].clone();
    let own = created(x.app.post_json(PEOPLE, &x.admin, &body).await, "self").await;
    let other = created(x.app.post_json(PEOPLE, &x.admin, &x.student_body("Other")).await, "other").await;
    let own_path = format!("{PEOPLE}/{}", id(&own));
    let other_path = format!("{PEOPLE}/{}", id(&other));

    let mine = ok(x.app.get(&own_path, &participant).await, "own").await;
    assert_eq!(mine["special_needs"], "wheelchair access");
    assert_problem(x.app.get(&other_path, &participant).await, 404, "not_found").await;
    let list = ok(x.app.get(PEOPLE, &participant).await, "list").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let seen = ok(x.app.get(&other_path, &finki).await, "finki").await;
    assert_eq!(seen["special_needs"], Value::Null, "special needs are restricted");
    let feit = x.app.token_for("faculty_coordinator", &[&x.feit]).await;
    assert_problem(x.app.get(&other_path, &feit).await, 404, "not_found").await;
    // A FEIT coordinator sees a FINKI student once FEIT hosts... here: sends a mobility of theirs.
    let mut mobility = x.outgoing_body(&id(&other));
    mobility["sending_unit_id"] = json!(x.feit);
    created(x.app.post_json(MOBILITIES, &x.admin, &mobility).await, "mobility").await;
    ok(x.app.get(&other_path, &feit).await, "feit after mobility").await;
    let feit_list = ok(x.app.get(PEOPLE, &feit).await, "feit list").await;
    assert_eq!(feit_list["items"].as_array().unwrap().len(), 1);
    assert_problem(x.app.post_json(PEOPLE, &feit, &x.student_body("New")).await, 403, "forbidden").await;
    let reporting = x.app.token_for("reporting", &[]).await;
    assert_problem(x.app.get(PEOPLE, &reporting).await, 403, "forbidden").await;
}

#[tokio::test]
async fn anonymising_erases_personal_data_and_keeps_statistics() {
    let x = Exchange::new(5, 25).await;
    let mobility = x.application("Petrovska").await;
    let person_path = format!("{PEOPLE}/{}", mobility["person_id"].as_str().unwrap());
    let officer = x.app.token_for("officer", &[]).await;
    assert_problem(x.app.post_json(&format!("{person_path}/anonymise"), &officer, &json!({})).await, 403, "forbidden")
        .await;
    let anonymised = ok(x.app.post_json(&format!("{person_path}/anonymise"), &x.admin, &json!({})).await, "anon").await;
    assert_eq!(anonymised["family_name"], "anonymised");
    assert_eq!(anonymised["email"], Value::Null);
    assert_eq!(anonymised["birth_date"], Value::Null);
    assert_eq!(anonymised["citizenships"], json!([]));
    assert_eq!(anonymised["special_needs"], Value::Null);
    assert_eq!(anonymised["kind"], "student");
    assert_eq!(anonymised["eqf_level"], 6);
    assert!(anonymised["anonymised_at"].is_string());
    let still = ok(x.app.get(&format!("{MOBILITIES}/{}", id(&mobility)), &x.admin).await, "mobility").await;
    assert_eq!(still["person_id"], mobility["person_id"]);
    assert_problem(
        x.app.patch_json(&person_path, &x.admin, &json!({"family_name": "Back"})).await,
        409,
        "person_anonymised",
    )
    .await;
    assert_problem(x.app.delete(&person_path, &x.admin).await, 409, "in_use").await;
}

// ---------------------------------------------------------------------------------------------
// Linking a person to an account (issue 11.1)
// ---------------------------------------------------------------------------------------------

/// The id of the account behind `token`.
async fn account_id(x: &Exchange, token: &str) -> String {
    id(&ok(x.app.get("/api/v1/me", token).await, "me").await)
}

/// A FINKI student registered by the admin; returns the person.
async fn finki_student(x: &Exchange, family_name: &str) -> Value {
    created(x.app.post_json(PEOPLE, &x.admin, &x.student_body(family_name)).await, "student").await
}

#[tokio::test]
async fn a_coordinator_cannot_link_a_person_to_their_own_account_and_nothing_changes() {
    let x = Exchange::new(5, 25).await;
    let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let coordinator = account_id(&x, &finki).await;
    let person = finki_student(&x, "Petrovska").await;
    let path = format!("{PEOPLE}/{}", id(&person));
    let refused = x.app.patch_json(&path, &finki, &json!({"user_id": coordinator})).await;
    assert_problem(refused, 403, "forbidden").await;
    let after = ok(x.app.get(&path, &x.admin).await, "read back").await;
    assert_eq!(after["user_id"], Value::Null);
    assert_eq!(after["version"], person["version"]);
    let seen = ok(x.app.get(&path, &finki).await, "coordinator read").await;
    assert_eq!(seen["special_needs"], Value::Null, "special needs stay hidden from the coordinator");
}

#[tokio::test]
async fn a_coordinator_cannot_link_a_person_of_their_unit_to_a_participant() {
    let x = Exchange::new(5, 25).await;
    let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let participant = x.app.token_for("participant", &[]).await;
    let account = account_id(&x, &participant).await;
    let person = finki_student(&x, "Petrovska").await;
    let path = format!("{PEOPLE}/{}", id(&person));
    assert_problem(x.app.patch_json(&path, &finki, &json!({"user_id": account})).await, 403, "forbidden").await;
    assert_eq!(ok(x.app.get(&path, &x.admin).await, "read back").await["user_id"], Value::Null);
    assert_problem(x.app.get(&path, &participant).await, 404, "not_found").await;
    // Sending back the link the person already has is not a change, and is accepted.
    let unchanged = x.app.patch_json(&path, &finki, &json!({"user_id": null, "email": "ana@example.org"})).await;
    assert_eq!(ok(unchanged, "unchanged link").await["email"], "ana@example.org");
}

#[tokio::test]
async fn a_coordinator_cannot_register_a_person_linked_to_an_account() {
    let x = Exchange::new(5, 25).await;
    let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let participant = x.app.token_for("participant", &[]).await;
    for account in [account_id(&x, &participant).await, account_id(&x, &x.admin).await] {
        let mut body = x.student_body("Linked");
        body["user_id"] = json!(account);
        assert_problem(x.app.post_json(PEOPLE, &finki, &body).await, 403, "forbidden").await;
    }
    let list = ok(x.app.get(PEOPLE, &x.admin).await, "list").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0, "nothing was registered");
    // Without a link the coordinator registers people of their unit as before.
    created(x.app.post_json(PEOPLE, &finki, &x.student_body("Unlinked")).await, "unlinked").await;
}

#[tokio::test]
async fn a_person_is_never_linked_to_an_account_that_is_not_a_participant() {
    let x = Exchange::new(5, 25).await;
    let officer = x.app.token_for("officer", &[]).await;
    let other_officer = x.app.token_for("officer", &[]).await;
    let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let person = finki_student(&x, "Petrovska").await;
    let path = format!("{PEOPLE}/{}", id(&person));
    for token in [&officer, &other_officer, &x.admin, &finki] {
        let account = account_id(&x, token).await;
        let problem = assert_problem(
            x.app.patch_json(&path, &officer, &json!({"user_id": account})).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], "user_id", "{problem}");
        let mut body = x.student_body("Linked");
        body["user_id"] = json!(account);
        let problem = assert_problem(x.app.post_json(PEOPLE, &x.admin, &body).await, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], "user_id", "{problem}");
    }
    let after = ok(x.app.get(&path, &x.admin).await, "read back").await;
    assert_eq!(after["user_id"], Value::Null);
    assert_eq!(after["version"], person["version"]);
}

#[tokio::test]
async fn an_officer_links_a_person_to_a_participant_who_then_sees_their_record() {
    let x = Exchange::new(5, 25).await;
    let officer = x.app.token_for("officer", &[]).await;
    let participant = x.app.token_for("participant", &[]).await;
    let account = account_id(&x, &participant).await;
    let person = finki_student(&x, "Petrovska").await;
    let path = format!("{PEOPLE}/{}", id(&person));
    assert_problem(x.app.get(&path, &participant).await, 404, "not_found").await;
    let linked = ok(x.app.patch_json(&path, &officer, &json!({"user_id": account})).await, "link").await;
    assert_eq!(linked["user_id"], account.as_str());
    let mine = ok(x.app.get(&path, &participant).await, "own record").await;
    assert_eq!(mine["special_needs"], "wheelchair access");
}

#[tokio::test]
async fn a_coordinator_cannot_overwrite_or_erase_special_needs() {
    let x = Exchange::new(5, 25).await;
    let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let person = finki_student(&x, "Petrovska").await;
    let path = format!("{PEOPLE}/{}", id(&person));
    for patch in [json!({"special_needs": "none"}), json!({"special_needs": null, "email": "ana@example.org"})] {
        assert_problem(x.app.patch_json(&path, &finki, &patch).await, 403, "forbidden").await;
    }
    let after = ok(x.app.get(&path, &x.admin).await, "read back").await;
    assert_eq!(after["special_needs"], "wheelchair access");
    assert_eq!(after["email"], person["email"]);
    assert_eq!(after["version"], person["version"]);
    // Other fields remain the coordinator's to change.
    let changed =
        ok(x.app.patch_json(&path, &finki, &json!({"position": null, "esi": "urn:schac:x"})).await, "esi").await;
    assert_eq!(changed["esi"], "urn:schac:x");
    assert_eq!(ok(x.app.get(&path, &x.admin).await, "again").await["special_needs"], "wheelchair access");
}

#[tokio::test]
async fn a_link_to_a_staff_account_made_before_the_rule_does_not_reveal_special_needs() {
    let x = Exchange::new(5, 25).await;
    let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let coordinator = account_id(&x, &finki).await;
    let person = finki_student(&x, "Petrovska").await;
    // Such links could be made before issue 11.1 was fixed; seed one directly.
    let mut conn = iro_persistence::establish(x.app.database.url()).unwrap();
    let person_id = iro_domain::PersonId::parse(&id(&person)).unwrap();
    let stored = iro_persistence::repositories::people::find(&mut conn, person_id).unwrap();
    let mut data = stored.data.clone();
    data.user_id = Some(iro_domain::UserId::parse(&coordinator).unwrap());
    iro_persistence::repositories::people::update(&mut conn, person_id, stored.version, &data, chrono::Utc::now())
        .unwrap();
    let seen = ok(x.app.get(&format!("{PEOPLE}/{}", id(&person)), &finki).await, "coordinator read").await;
    assert_eq!(seen["user_id"], coordinator.as_str());
    assert_eq!(seen["special_needs"], Value::Null, "a coordinator is never the person themself");
}
