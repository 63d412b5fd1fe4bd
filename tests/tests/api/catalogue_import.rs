//! `POST /api/v1/catalogue/units/{id}/courses/import`: a unit's courses from CSV — a bad file
//! is refused whole with its rows named, a good one adds and replaces courses, the export
//! reads back in, and coordinators import only into their units.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use iro_tests::{TestApp, assert_problem, json, spawn_app};
use reqwest::{Method, Response};

use crate::catalogue::{COURSES, PROGRAMMES, codes, create, programme_body, public_get, units};

const HEADER: &str = "code,title_en,title_mk,programme_code,isced_code,eqf_level,ects_credits,semester,hours,languages,open_to_incoming,places,academic_year,published\r\n";

async fn import(app: &TestApp, token: &str, unit: &str, csv: &str) -> Response {
    app.request(Method::POST, &format!("/api/v1/catalogue/units/{unit}/courses/import"), Some(token))
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_bad_file_is_refused_whole_and_names_its_rows() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let unit = units(&app, &admin, &["FINKI"]).await.remove(0);
    let csv = format!(
        "{HEADER}\
         WP,Web Programming,Веб програмирање,,0613,6,6,winter,60,en mk,true,15,2026/2027,true\r\n\
         DB,Databases,,NOPE,0613,6,six,spring,60,en,false,,2026/2027,true\r\n\
         WP,Web again,,,0613,6,6,winter,60,en,true,,2026/2027,true\r\n"
    );
    let problem = assert_problem(import(&app, &admin, &unit, &csv).await, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for field in ["rows[3].programme_code", "rows[3].ects_credits", "rows[4].code"] {
        assert!(fields.contains(&field), "{field} not named: {problem}");
    }
    assert!(fields.iter().all(|f| !f.starts_with("rows[2]")), "the good row is blamed: {problem}");
    // Nothing of the good row was written.
    assert!(codes(app.get(COURSES, &admin).await).await.is_empty());

    let broken = format!("{HEADER}\"unclosed,1\r\n");
    let problem = assert_problem(import(&app, &admin, &unit, &broken).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "rows[2]");
    let missing = "code,title_en\r\nX,Y\r\n";
    assert_problem(import(&app, &admin, &unit, missing).await, 422, "validation_failed").await;
    let json_body =
        app.post_json(&format!("/api/v1/catalogue/units/{unit}/courses/import"), &admin, &serde_json::json!({})).await;
    assert_eq!(json_body.status(), 415);
}

#[tokio::test]
async fn a_good_file_adds_and_replaces_courses_and_the_export_reads_back_in() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let unit = units(&app, &admin, &["FINKI"]).await.remove(0);
    create(&app, &admin, PROGRAMMES, &programme_body(&unit, "SIIS23", true)).await;
    let csv = format!(
        "{HEADER}\
         WP,Web Programming,Веб програмирање,SIIS23,0613,6,6,winter,60,en mk,true,15,2026/2027,true\r\n\
         DB,\"Databases, advanced\",,,0613,7,\"7,5\",summer,45,en,no,,2026/2027,false\r\n"
    );
    let response = import(&app, &admin, &unit, &csv).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await, serde_json::json!({"created": 2, "updated": 0}));
    assert_eq!(codes(public_get(&app, COURSES, &[]).await).await, ["WP"]);
    let all = json(app.get(COURSES, &admin).await).await;
    let db = all["items"].as_array().unwrap().iter().find(|c| c["code"] == "DB").unwrap().clone();
    assert_eq!(
        (db["ects_credits"].clone(), db["title"]["en"].clone()),
        (serde_json::json!(7.5), serde_json::json!("Databases, advanced"))
    );

    // The export (staff: drafts included) imports back as updates of the same courses.
    let export = app
        .request(Method::GET, "/api/v1/catalogue/courses.csv", Some(&admin))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = import(&app, &admin, &unit, &export).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 200, "{body}\n{export}");
    assert_eq!(body, serde_json::json!({"created": 0, "updated": 2}));
}

#[tokio::test]
async fn coordinators_import_only_into_their_units() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ids = units(&app, &admin, &["FINKI", "FEIT"]).await;
    let coordinator = app.token_for("faculty_coordinator", &[&ids[0]]).await;
    let csv = format!("{HEADER}WP,Web Programming,,,0613,6,6,winter,60,en,true,,2026/2027,true\r\n");
    assert_eq!(import(&app, &coordinator, &ids[0], &csv).await.status(), 200);
    assert_problem(import(&app, &coordinator, &ids[1], &csv).await, 403, "forbidden").await;
    // A row naming another unit's code is refused.
    let other = format!(
        "{}unit_code\r\nEL,Electronics,0613,6,6,winter,60,en,2026/2027,FEIT\r\n",
        "code,title_en,isced_code,eqf_level,ects_credits,semester,hours,languages,academic_year,"
    );
    let problem = assert_problem(import(&app, &admin, &ids[0], &other).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "rows[2].unit_code");
}
