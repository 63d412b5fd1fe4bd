//! `/api/v1/catalogue/…`: the public course catalogue — anonymous reads show published entries
//! only and can be cached, coordinators maintain only their units' courses, invalid bodies name
//! their fields and change nothing, filters, paging and the CSV export.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use iro_tests::fixtures::{institution, unit};
use iro_tests::{TestApp, assert_problem, json, spawn_app};
use reqwest::{Method, Response};
use serde_json::{Value, json};

pub(crate) const PROGRAMMES: &str = "/api/v1/catalogue/programmes";
pub(crate) const COURSES: &str = "/api/v1/catalogue/courses";

/// A list query and the course codes it should find, in order.
type FilterCase<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);

/// Creates an institution with units `codes`; returns the unit ids in order.
pub(crate) async fn units(app: &TestApp, token: &str, codes: &[&str]) -> Vec<String> {
    let response = app.post_json("/api/v1/institutions", token, &institution("ukim.edu.mk", "MK")).await;
    assert_eq!(response.status(), 201);
    let institution = json(response).await["id"].as_str().unwrap().to_owned();
    let mut ids = Vec::new();
    for code in codes {
        let response = app.post_json(&format!("/api/v1/institutions/{institution}/units"), token, &unit(code)).await;
        assert_eq!(response.status(), 201);
        ids.push(json(response).await["id"].as_str().unwrap().to_owned());
    }
    ids
}

pub(crate) fn programme_body(unit_id: &str, code: &str, published: bool) -> Value {
    json!({
        "unit_id": unit_id, "code": code,
        "name": {"en": "Software Engineering", "mk": "Софтверско инженерство"},
        "eqf_level": 6, "isced_code": "0613", "duration_semesters": 8, "languages": ["mk", "en"],
        "published": published
    })
}

fn course_body(unit_id: &str, code: &str, published: bool) -> Value {
    json!({
        "unit_id": unit_id, "code": code,
        "title": {"en": format!("Course {code}"), "mk": format!("Предмет {code}")},
        "isced_code": "0613", "eqf_level": 6, "ects_credits": 6, "semester": "winter", "hours": 60,
        "languages": ["en"], "open_to_incoming": true, "places": 10,
        "description": "Server-side web applications.",
        "teacher": {"name": "Ana Petrovska", "emails": ["ana@finki.ukim.mk"]},
        "academic_year": "2026/2027", "published": published
    })
}

/// POSTs `body` to `path` and returns the created resource (asserting 201).
pub(crate) async fn create(app: &TestApp, token: &str, path: &str, body: &Value) -> Value {
    let response = app.post_json(path, token, body).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "creating at {path} failed: {body}");
    body
}

/// A published programme of `unit` and a published course of it, for tests of every resource.
pub(crate) async fn programme_and_course(app: &TestApp, token: &str, unit: &str) -> (Value, Value) {
    let programme = create(app, token, PROGRAMMES, &programme_body(unit, "SIIS23", true)).await;
    let mut course = course_body(unit, "WP", true);
    course["programme_id"] = programme["id"].clone();
    (programme, create(app, token, COURSES, &course).await)
}

/// An anonymous GET.
pub(crate) async fn public_get(app: &TestApp, path: &str, query: &[(&str, &str)]) -> Response {
    app.request(Method::GET, path, None).query(query).send().await.unwrap()
}

/// The codes of a list answer, in order.
pub(crate) async fn codes(response: Response) -> Vec<String> {
    assert_eq!(response.status(), 200);
    json(response).await["items"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn public_reads_need_no_token_and_show_nothing_unpublished() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let unit = units(&app, &admin, &["FINKI"]).await.remove(0);
    let programme = create(&app, &admin, PROGRAMMES, &programme_body(&unit, "SIIS23", true)).await;
    let draft_programme = create(&app, &admin, PROGRAMMES, &programme_body(&unit, "DRAFT", false)).await;
    let published = create(&app, &admin, COURSES, &course_body(&unit, "WP", true)).await;
    let draft = create(&app, &admin, COURSES, &course_body(&unit, "SECRET", false)).await;

    assert_eq!(codes(public_get(&app, COURSES, &[]).await).await, ["WP"]);
    assert_eq!(codes(public_get(&app, PROGRAMMES, &[]).await).await, ["SIIS23"]);
    let csv = public_get(&app, "/api/v1/catalogue/courses.csv", &[]).await.text().await.unwrap();
    assert!(csv.contains("WP") && !csv.contains("SECRET"), "{csv}");
    for path in [
        format!("{COURSES}/{}", draft["id"].as_str().unwrap()),
        format!("{PROGRAMMES}/{}", draft_programme["id"].as_str().unwrap()),
    ] {
        assert_problem(public_get(&app, &path, &[]).await, 404, "not_found").await;
    }
    let one = public_get(&app, &format!("{COURSES}/{}", published["id"].as_str().unwrap()), &[]).await;
    assert_eq!(one.status(), 200);
    let one = public_get(&app, &format!("{PROGRAMMES}/{}", programme["id"].as_str().unwrap()), &[]).await;
    assert_eq!(one.status(), 200);

    // Staff see the drafts too; a participant sees the public catalogue.
    let officer = app.token_for("officer", &[]).await;
    let staff = codes(app.get(COURSES, &officer).await).await;
    assert_eq!(staff, ["WP", "SECRET"]);
    let participant = app.token_for("participant", &[]).await;
    assert_eq!(codes(app.get(COURSES, &participant).await).await, ["WP"]);
    // A bad token is refused, not quietly treated as anonymous.
    let bad = app.request(Method::GET, COURSES, Some("not-a-token")).send().await.unwrap();
    assert_eq!(bad.status(), 401);
}

#[tokio::test]
async fn public_answers_carry_an_etag_and_cache_control_and_answer_304_when_unchanged() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let unit = units(&app, &admin, &["FINKI"]).await.remove(0);
    let course = create(&app, &admin, COURSES, &course_body(&unit, "WP", true)).await;
    let header = |r: &Response, name: &str| r.headers().get(name).unwrap().to_str().unwrap().to_owned();

    let first = public_get(&app, COURSES, &[]).await;
    assert_eq!(header(&first, "cache-control"), "public, max-age=300");
    let tag = header(&first, "etag");
    let again = app.request(Method::GET, COURSES, None).header("If-None-Match", &tag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), tag);

    // A change gives the list a new tag; the single course's tag is its version.
    let path = format!("{COURSES}/{}", course["id"].as_str().unwrap());
    let patched = app.patch_json(&path, &admin, &json!({"hours": 45})).await;
    assert_eq!(patched.status(), 200);
    let changed = app.request(Method::GET, COURSES, None).header("If-None-Match", &tag).send().await.unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(header(&changed, "etag"), tag);
    let single = public_get(&app, &path, &[]).await;
    assert_eq!(header(&single, "etag"), "\"2\"");
    let single = app.request(Method::GET, &path, None).header("If-None-Match", "\"2\"").send().await.unwrap();
    assert_eq!(single.status(), 304);

    // A signed-in answer may hold drafts: private.
    let signed_in = app.get(COURSES, &admin).await;
    assert_eq!(header(&signed_in, "cache-control"), "private, no-cache");
}

#[tokio::test]
async fn coordinators_edit_only_their_units_courses() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ids = units(&app, &admin, &["FINKI", "FEIT"]).await;
    let (finki, feit) = (&ids[0], &ids[1]);
    let coordinator = app.token_for("faculty_coordinator", &[finki]).await;

    let own = create(&app, &coordinator, COURSES, &course_body(finki, "WP", false)).await;
    let refused = app.post_json(COURSES, &coordinator, &course_body(feit, "EL", false)).await;
    assert_problem(refused, 403, "forbidden").await;
    let other = create(&app, &admin, COURSES, &course_body(feit, "EL", false)).await;

    let other_path = format!("{COURSES}/{}", other["id"].as_str().unwrap());
    assert_problem(app.patch_json(&other_path, &coordinator, &json!({"hours": 30})).await, 403, "forbidden").await;
    assert_problem(app.delete(&other_path, &coordinator).await, 403, "forbidden").await;
    let own_path = format!("{COURSES}/{}", own["id"].as_str().unwrap());
    assert_problem(app.patch_json(&own_path, &coordinator, &json!({"unit_id": feit})).await, 403, "forbidden").await;
    let changed = app.patch_json(&own_path, &coordinator, &json!({"published": true})).await;
    assert_eq!(changed.status(), 200);
    // Participants and read-only roles write nothing.
    let participant = app.token_for("participant", &[]).await;
    assert_problem(app.post_json(COURSES, &participant, &course_body(finki, "X", false)).await, 403, "forbidden").await;
    // The other unit's course is unchanged.
    assert_eq!(json(app.get(&other_path, &admin).await).await["version"], 1);
}

#[tokio::test]
async fn validation_errors_name_the_fields_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ids = units(&app, &admin, &["FINKI", "FEIT"]).await;
    let mut body = course_body(&ids[0], "has space", true);
    body["ects_credits"] = json!(0);
    body["languages"] = json!(["english"]);
    body["academic_year"] = json!("2026-2027");
    body["isced_code"] = json!("9999");
    let problem = assert_problem(app.post_json(COURSES, &admin, &body).await, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for field in ["code", "ects_credits", "languages[0]", "academic_year", "isced_code"] {
        assert!(fields.contains(&field), "{field} not named: {problem}");
    }
    // Places on a course closed to incoming students; a programme of another unit.
    let mut closed = course_body(&ids[0], "C1", true);
    closed["open_to_incoming"] = json!(false);
    let problem = assert_problem(app.post_json(COURSES, &admin, &closed).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "places");
    let programme = create(&app, &admin, PROGRAMMES, &programme_body(&ids[1], "EE", true)).await;
    let mut foreign = course_body(&ids[0], "C2", true);
    foreign["programme_id"] = programme["id"].clone();
    let problem = assert_problem(app.post_json(COURSES, &admin, &foreign).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "programme_id");
    assert!(codes(app.get(COURSES, &admin).await).await.is_empty());

    // A bad patch leaves the course as it was.
    let course = create(&app, &admin, COURSES, &course_body(&ids[0], "WP", true)).await;
    let path = format!("{COURSES}/{}", course["id"].as_str().unwrap());
    let problem = assert_problem(
        app.patch_json(&path, &admin, &json!({"hours": 0, "semester": "winter"})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "hours");
    let bad_programme = programme_body(&ids[0], "P", true);
    let mut bad_programme = bad_programme.clone();
    bad_programme["eqf_level"] = json!(4);
    let problem =
        assert_problem(app.post_json(PROGRAMMES, &admin, &bad_programme).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "eqf_level");
    let after = json(app.get(&path, &admin).await).await;
    assert_eq!((after["version"].clone(), after["hours"].clone()), (json!(1), json!(60)));
    // A stale If-Match is refused.
    let stale = app
        .request(Method::PATCH, &path, Some(&admin))
        .header("content-type", "application/merge-patch+json")
        .header("If-Match", "\"7\"")
        .body(json!({"hours": 30}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 412);
}

#[tokio::test]
async fn filters_and_paging_find_the_right_courses() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ids = units(&app, &admin, &["FINKI", "FEIT"]).await;
    let mut summer = course_body(&ids[0], "SUMMER", true);
    summer["semester"] = json!("summer");
    summer["languages"] = json!(["mk"]);
    summer["open_to_incoming"] = json!(false);
    summer["places"] = Value::Null;
    summer["title"] = json!({"en": "Databases"});
    create(&app, &admin, COURSES, &summer).await;
    let mut master = course_body(&ids[1], "MASTER", true);
    master["eqf_level"] = json!(7);
    master["isced_code"] = json!("0714");
    create(&app, &admin, COURSES, &course_body(&ids[0], "WINTER", true)).await;
    create(&app, &admin, COURSES, &master).await;

    let cases: [FilterCase; 8] = [
        (&[("semester", "summer")], &["SUMMER"]),
        (&[("language", "EN")], &["WINTER", "MASTER"]),
        (&[("open_to_incoming", "false")], &["SUMMER"]),
        (&[("eqf_level", "7")], &["MASTER"]),
        (&[("isced_code", "07")], &["MASTER"]),
        (&[("unit_id", ids[1].as_str())], &["MASTER"]),
        (&[("q", "databa")], &["SUMMER"]),
        (&[("academic_year", "2026/2027"), ("semester", "winter")], &["WINTER", "MASTER"]),
    ];
    for (query, expected) in cases {
        assert_eq!(codes(public_get(&app, COURSES, query).await).await, expected, "{query:?}");
    }
    for (name, value) in [("language", "english"), ("isced_code", "x"), ("eqf_level", "9"), ("academic_year", "2026")] {
        let problem = assert_problem(public_get(&app, COURSES, &[(name, value)]).await, 400, "invalid_query").await;
        assert_eq!(problem["errors"][0]["field"], name);
    }

    let first = json(public_get(&app, COURSES, &[("limit", "2")]).await).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = json(public_get(&app, COURSES, &[("limit", "2"), ("cursor", cursor)]).await).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert!(second["next_cursor"].is_null());
}

#[tokio::test]
async fn the_csv_export_has_a_header_and_one_quoted_row_per_course() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let unit = units(&app, &admin, &["FINKI"]).await.remove(0);
    let programme = create(&app, &admin, PROGRAMMES, &programme_body(&unit, "SIIS23", true)).await;
    let mut body = course_body(&unit, "WP", true);
    body["programme_id"] = programme["id"].clone();
    body["description"] = json!("Routing, \"sessions\", and persistence");
    create(&app, &admin, COURSES, &body).await;
    let response = public_get(&app, "/api/v1/catalogue/courses.csv", &[("semester", "winter")]).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(response.headers().get("etag").is_some());
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("code,title_en,title_mk,programme_code,"), "{}", lines[0]);
    assert!(lines[1].starts_with("WP,Course WP,Предмет WP,SIIS23,0613,6,6,winter,60,en,true,10,"), "{}", lines[1]);
    assert!(lines[1].contains("\"Routing, \"\"sessions\"\", and persistence\""), "{}", lines[1]);
    assert!(lines[1].ends_with(",2026/2027,true,FINKI"), "{}", lines[1]);
    let none = public_get(&app, "/api/v1/catalogue/courses.csv", &[("semester", "summer")]).await.text().await.unwrap();
    assert_eq!(none.lines().count(), 1);
}
