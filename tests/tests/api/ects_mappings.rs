//! ECTS mappings as data over HTTP: seeded credit systems, fixed tables and point bands with
//! their sources; points converted to grades and letters; grade conversion preferring a stored
//! fixed table to the linear formula and saying why; the conversion policy's ETag; and the
//! list of stored conversions.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use iro_tests::fixtures::institution;
use iro_tests::{TestApp, assert_problem, json, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const FIXED: &str = "/api/v1/fixed-tables";
const BANDS: &str = "/api/v1/point-bands";
const POINTS: &str = "/api/v1/conversions/points";
const GRADES: &str = "/api/v1/conversions/grades";

/// Registers an institution and returns its id.
async fn create_institution(app: &TestApp, token: &str, hei_id: &str, country: &str) -> String {
    let response = app.post_json("/api/v1/institutions", token, &institution(hei_id, country)).await;
    assert_eq!(response.status(), 201);
    json(response).await["id"].as_str().unwrap().to_owned()
}

/// POSTs and asserts `status`; returns the body.
async fn post(app: &TestApp, path: &str, token: &str, body: &Value, status: u16) -> Value {
    let response = app.post_json(path, token, body).await;
    let actual = response.status().as_u16();
    let body = json(response).await;
    assert_eq!(actual, status, "POST {path}: {body}");
    body
}

fn etag(response: &reqwest::Response) -> String {
    response.headers()["etag"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_conversion_policy_carries_an_etag_and_a_stale_if_match_is_412() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let mk = create_institution(&app, &officer, "ukim.edu.mk", "MK").await;
    let path = format!("/api/v1/institutions/{mk}/conversion-policy");
    let response = app.get(&path, &officer).await;
    assert_eq!(etag(&response), "\"0\"", "the defaults are version 0");
    let policy = |overlap: &str| {
        json!({"overlap": overlap, "grade_rounding": "nearest",
            "credit_rounding": {"step": "0.5", "mode": "nearest"}, "fallback_order": ["grading_table", "linear"]})
    };
    let put = |tag: Option<&'static str>, body: Value| {
        let mut request = app.request(Method::PUT, &path, Some(&officer)).json(&body);
        if let Some(tag) = tag {
            request = request.header("if-match", tag);
        }
        async move { request.send().await.unwrap() }
    };
    let first = put(Some("\"0\""), policy("max")).await;
    assert_eq!((first.status().as_u16(), etag(&first)), (200, "\"1\"".to_owned()));
    // A second officer still holding the defaults' tag must not overwrite the change unseen.
    assert_problem(put(Some("\"0\""), policy("min")).await, 412, "precondition_failed").await;
    let current = app.get(&path, &officer).await;
    assert_eq!(etag(&current), "\"1\"");
    assert_eq!(json(current).await["policy"]["overlap"], "max", "the stale write changed nothing");
    let second = put(Some("\"1\""), policy("min")).await;
    assert_eq!((second.status().as_u16(), etag(&second)), (200, "\"2\"".to_owned()));
    let unconditional = put(None, policy("midpoint")).await;
    assert_eq!(etag(&unconditional), "\"3\"", "If-Match stays optional");
}

#[tokio::test]
async fn credit_systems_come_from_data_with_source_status_and_validity() {
    let app = spawn_app().await;
    let token = app.token_for("participant", &[]).await;
    let systems = json(app.get("/api/v1/credit-systems", &token).await).await;
    let items = systems["items"].as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["ECTS", "MK-ECTS", "RS-ESPB", "BG-ECTS", "RU-ZET"]);
    for system in items {
        assert!(!system["source"].as_str().unwrap().is_empty(), "{system}");
        assert!(system.get("valid_from").is_some() && system.get("valid_to").is_some(), "{system}");
    }
    let ru = &items[4];
    assert_eq!((ru["status"].as_str(), ru["hours_per_credit_max"].as_f64()), (Some("secondary"), Some(27.0)));
    let rs = &items[2];
    assert_eq!((rs["status"].as_str(), rs["hours_per_credit_min"].as_f64()), (Some("unconfirmed"), None));
    let ects = &items[0];
    assert_eq!(
        (ects["hours_per_credit_min"].as_f64(), ects["hours_per_credit_max"].as_f64()),
        (Some(25.0), Some(30.0))
    );
    // The converter reads the same data: lower case codes resolve, unknown ones are named.
    let converted =
        post(&app, "/api/v1/conversions/credits", &token, &json!({"amount": "6", "from": "ru-zet", "to": "ECTS"}), 200)
            .await;
    assert_eq!(converted["result"], "6");
    let unknown =
        app.post_json("/api/v1/conversions/credits", &token, &json!({"amount": "6", "from": "XX", "to": "ECTS"})).await;
    let problem = assert_problem(unknown, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "from");
}

#[tokio::test]
async fn seeded_fixed_tables_and_point_bands_are_listed_with_their_sources() {
    let app = spawn_app().await;
    let token = app.token_for("participant", &[]).await;
    let tables = json(app.get(FIXED, &token).await).await;
    let codes: Vec<&str> = tables["items"].as_array().unwrap().iter().map(|t| t["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["MK-ECTS-LETTERS", "BG-ECTS-TOP"]);
    let response = app.get(&format!("{FIXED}/MK-ECTS-LETTERS"), &token).await;
    assert_eq!(etag(&response), "\"1\"");
    let mk = json(response).await;
    assert_eq!((mk["source_scale"].as_str(), mk["target_scale"].as_str()), (Some("MK"), Some("ECTS")));
    assert_eq!(mk["entries"][0], json!({"from": "10", "to": "A"}), "MK 10 → A");
    assert_eq!(mk["status"], "secondary");
    assert_eq!(
        mk["source"],
        "UKIM Faculty of Philosophy, http://www.ff.ukim.edu.mk/бодовна-скала-за-потпис-и-оценување-на/ ; \
         UTMS Skopje, https://utms.edu.mk/en/erasmus-notifications/919-grading-system",
        "the public sources, not a design note"
    );
    let by_id = json(app.get(&format!("{FIXED}/{}", mk["id"].as_str().unwrap()), &token).await).await;
    assert_eq!(by_id["code"], "MK-ECTS-LETTERS");
    let bg_only = json(app.get(&format!("{FIXED}?source_scale=BG"), &token).await).await;
    assert_eq!(bg_only["items"].as_array().unwrap().len(), 1);
    assert_eq!(app.get(&format!("{FIXED}/NO-SUCH-TABLE"), &token).await.status(), 404);
    assert_problem(app.get(&format!("{FIXED}?status=rumour"), &token).await, 400, "invalid_query").await;

    let bands = json(app.get(BANDS, &token).await).await;
    let codes: Vec<&str> = bands["items"].as_array().unwrap().iter().map(|b| b["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["RS-STATUTORY", "RU-100-EXAMPLE"]);
    let rs = json(app.get(&format!("{BANDS}/RS-STATUTORY"), &token).await).await;
    assert_eq!(
        (rs["scale"].as_str(), rs["status"].as_str(), rs["max_points"].as_str()),
        (Some("RS"), Some("confirmed"), Some("100"))
    );
    assert_eq!(rs["bands"].as_array().unwrap().len(), 6);
    let ru_only = json(app.get(&format!("{BANDS}?scale=RU&limit=1"), &token).await).await;
    assert_eq!(ru_only["items"][0]["code"], "RU-100-EXAMPLE");
    assert!(ru_only["next_cursor"].is_null());
}

#[tokio::test]
async fn points_convert_to_the_grade_and_letter_of_their_band() {
    let app = spawn_app().await;
    let token = app.token_for("participant", &[]).await;
    // The Serbian law: 81–90 → 9; the band runs from 81 to under 91.
    let rs = post(&app, POINTS, &token, &json!({"bands": "RS-STATUTORY", "points": "87"}), 200).await;
    assert_eq!((rs["result"]["grade"].as_str(), rs["scale"].as_str()), (Some("9"), Some("RS")));
    assert_eq!((rs["min_points"].as_str(), rs["below"].as_str()), (Some("81"), Some("91")));
    assert!(rs["result"]["passed"].as_bool().unwrap());
    assert!(rs["explanation"][1].as_str().unwrap().contains("81 to under 91"), "{rs}");
    let fail = post(&app, POINTS, &token, &json!({"bands": "RS-STATUTORY", "points": "50.5"}), 200).await;
    assert_eq!((fail["result"]["grade"].as_str(), fail["result"]["passed"].as_bool()), (Some("5"), Some(false)));
    // The Russian example: 86–94 → 5/B, 31–50 → 2/FX.
    for (points, grade, letter) in [("87", "5", "B"), ("95", "5", "A"), ("69", "4", "C"), ("40", "2", "FX")] {
        let ru = post(&app, POINTS, &token, &json!({"bands": "RU-100-EXAMPLE", "points": points}), 200).await;
        assert_eq!(
            (ru["result"]["value"].as_str(), ru["ects_letter"].as_str()),
            (Some(grade), Some(letter)),
            "{points} points: {ru}"
        );
    }
    let too_many = app.post_json(POINTS, &token, &json!({"bands": "RS-STATUTORY", "points": "100.5"})).await;
    assert_problem(too_many, 422, "points_out_of_range").await;
    let unknown = app.post_json(POINTS, &token, &json!({"bands": "NOPE", "points": "50"})).await;
    assert_eq!(assert_problem(unknown, 422, "validation_failed").await["errors"][0]["field"], "bands");
    let garbage = app.post_json(POINTS, &token, &json!({"bands": "RS-STATUTORY", "points": "many"})).await;
    assert_eq!(assert_problem(garbage, 422, "validation_failed").await["errors"][0]["field"], "points");
}

#[tokio::test]
async fn grade_conversion_takes_a_stored_fixed_table_before_linear_and_says_why() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    // Seeded: MK 8 → C by North Macedonia's published letters; no grading tables are known.
    let body = json!({"from": {"scale": "MK", "value": "8"}, "to": {"scale": "ECTS"}});
    let mk = post(&app, GRADES, &officer, &body, 200).await;
    assert_eq!((mk["method"].as_str(), mk["result"]["grade"].as_str()), (Some("fixed_table"), Some("C")), "{mk}");
    assert_eq!(mk["method_details"]["table"], "MK-ECTS-LETTERS");
    let skipped: Vec<&str> = mk["skipped"].as_array().unwrap().iter().map(|s| s["method"].as_str().unwrap()).collect();
    assert_eq!(skipped, ["grading_table"]);
    assert!(mk["explanation"][0].as_str().unwrap().starts_with("Not by grading tables"), "{mk}");

    // Sofia publishes its own BG → MK table; it wins over linear for Sofia's grades only.
    let sofia = create_institution(&app, &officer, "uni-sofia.bg", "BG").await;
    let other = create_institution(&app, &officer, "uni-plovdiv.bg", "BG").await;
    let table = json!({"code": "SU-BG-MK", "name": "Sofia University: BG to MK", "institution_id": sofia,
        "source_scale": "BG", "target_scale": "MK", "source": "Sofia University, bilateral annex 2025", "status": "confirmed",
        "entries": [{"from": "6", "to": "10"}, {"from": "5", "to": "9"}, {"from": "4", "to": "8"}, {"from": "3", "to": "6"}, {"from": "2", "to": "5"}]});
    post(&app, FIXED, &officer, &table, 201).await;
    let from_sofia = json!({"from": {"scale": "BG", "institution": sofia, "value": "4"}, "to": {"scale": "MK"}});
    let fixed = post(&app, GRADES, &officer, &from_sofia, 200).await;
    assert_eq!(
        (fixed["method"].as_str(), fixed["result"]["grade"].as_str()),
        (Some("fixed_table"), Some("8")),
        "{fixed}"
    );
    assert_eq!(fixed["method_details"]["table"], "SU-BG-MK");
    // Linear would give 10 + (6 − 10)·(6 − 4)/(6 − 3) = 7.33 → 7: the table made the difference.
    let from_plovdiv = json!({"from": {"scale": "BG", "institution": other, "value": "4"}, "to": {"scale": "MK"}});
    let linear = post(&app, GRADES, &officer, &from_plovdiv, 200).await;
    assert_eq!(
        (linear["method"].as_str(), linear["result"]["grade"].as_str()),
        (Some("linear"), Some("7")),
        "{linear}"
    );
    assert!(
        linear["skipped"][1]["reason"].as_str().unwrap().contains("no fixed table from BG to MK"),
        "another institution's table does not apply: {linear}"
    );
    // A table no longer in force is not used.
    let expired = json!({"code": "IT-ECTS-OLD", "name": "An old table", "source_scale": "IT", "target_scale": "ECTS",
        "source": "withdrawn rules", "status": "confirmed", "valid_from": "2015-01-01", "valid_to": "2020-12-31",
        "entries": [{"from": "30", "to": "A"}]});
    post(&app, FIXED, &officer, &expired, 201).await;
    let old = json!({"from": {"scale": "IT", "value": "30"}, "to": {"scale": "ECTS"}, "method": "fixed_table"});
    let problem = assert_problem(app.post_json(GRADES, &officer, &old).await, 422, "no_conversion_method").await;
    assert!(problem["detail"].as_str().unwrap().contains("no fixed table from IT to ECTS"), "{problem}");
    // A table that does not list the grade: the reason says so.
    let top = json!({"from": {"scale": "BG", "value": "4"}, "to": {"scale": "ECTS"}, "method": "fixed_table"});
    let problem = assert_problem(app.post_json(GRADES, &officer, &top).await, 422, "no_conversion_method").await;
    assert!(problem["detail"].as_str().unwrap().contains("BG-ECTS-TOP gives no result"), "{problem}");
}

#[tokio::test]
async fn officers_add_fixed_tables_and_bad_ones_are_refused_with_the_cause() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let participant = app.token_for("participant", &[]).await;
    let table = |code: &str, entries: Value| {
        json!({"code": code, "name": "A table", "source_scale": "PL", "target_scale": "ECTS",
            "source": "a faculty's rules", "status": "unconfirmed", "valid_from": "2025-10-01", "entries": entries})
    };
    let good =
        table("PL-ECTS", json!([{"from": "5", "to": "A"}, {"from": "4.5", "to": "B"}, {"from": "2", "to": "F"}]));
    let response = app.post_json(FIXED, &officer, &good).await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let created = json(response).await;
    assert_eq!(json(app.get(&location, &participant).await).await["id"], created["id"]);
    assert_eq!(created["valid_from"], "2025-10-01");
    assert_problem(app.post_json(FIXED, &officer, &good).await, 409, "duplicate").await;
    assert_problem(
        app.post_json(FIXED, &participant, &table("PL-2", json!([{"from": "5", "to": "A"}]))).await,
        403,
        "forbidden",
    )
    .await;
    let crossing = table("PL-3", json!([{"from": "2", "to": "E"}]));
    assert_problem(app.post_json(FIXED, &officer, &crossing).await, 422, "invalid_mapping").await;
    let inverted = table("PL-4", json!([{"from": "5", "to": "B"}, {"from": "4", "to": "A"}]));
    assert_problem(app.post_json(FIXED, &officer, &inverted).await, 422, "invalid_mapping").await;
    let off_scale = table("PL-5", json!([{"from": "2.5", "to": "E"}]));
    assert_problem(app.post_json(FIXED, &officer, &off_scale).await, 422, "grade_not_on_scale").await;
    let mut unknown_scale = table("PL-6", json!([{"from": "5", "to": "A"}]));
    unknown_scale["target_scale"] = json!("XX");
    let problem = assert_problem(app.post_json(FIXED, &officer, &unknown_scale).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "target_scale");
    let mut bad_fields = table("bad code!", json!([{"from": "5", "to": "A"}]));
    bad_fields["status"] = json!("rumour");
    let problem = assert_problem(app.post_json(FIXED, &officer, &bad_fields).await, 422, "validation_failed").await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["code", "status"]);
    let mut nowhere = table("PL-7", json!([{"from": "5", "to": "A"}]));
    nowhere["institution_id"] = json!(uuid::Uuid::now_v7());
    assert_problem(app.post_json(FIXED, &officer, &nowhere).await, 422, "validation_failed").await;
}

#[tokio::test]
async fn officers_add_point_bands_and_bad_ones_are_refused_with_the_cause() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let participant = app.token_for("participant", &[]).await;
    let lipetsk = create_institution(&app, &officer, "uni-lipetsk.ru", "RU").await;
    let bands = |code: &str, bands: Value| {
        json!({"code": code, "name": "LSU points", "institution_id": lipetsk, "scale": "RU", "max_points": "100",
            "source": "LSU regulations", "status": "secondary", "bands": bands})
    };
    let good = bands(
        "LSU-100",
        json!([{"min_points": "0", "grade": "2", "ects_letter": "F"}, {"min_points": "55", "grade": "3", "ects_letter": "E"},
            {"min_points": "70", "grade": "4", "ects_letter": "c"}, {"min_points": "85", "grade": "5", "ects_letter": "A"}]),
    );
    let created = post(&app, BANDS, &officer, &good, 201).await;
    assert_eq!(created["bands"][2]["ects_letter"], "C");
    let listed = json(app.get(&format!("{BANDS}?institution_id={lipetsk}"), &participant).await).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let converted = post(&app, POINTS, &participant, &json!({"bands": created["id"], "points": "69.99"}), 200).await;
    assert_eq!((converted["result"]["value"].as_str(), converted["ects_letter"].as_str()), (Some("3"), Some("E")));
    assert_eq!(converted["result"]["grade"], "удовлетворительно");
    assert_problem(app.post_json(BANDS, &officer, &good).await, 409, "duplicate").await;
    assert_problem(app.post_json(BANDS, &participant, &bands("X-1", json!([]))).await, 403, "forbidden").await;
    let no_zero = bands("X-2", json!([{"min_points": "51", "grade": "3"}]));
    assert_problem(app.post_json(BANDS, &officer, &no_zero).await, 422, "invalid_bands").await;
    let inverted = bands("X-3", json!([{"min_points": "0", "grade": "4"}, {"min_points": "50", "grade": "3"}]));
    assert_problem(app.post_json(BANDS, &officer, &inverted).await, 422, "invalid_bands").await;
    let off_scale = bands("X-4", json!([{"min_points": "0", "grade": "6"}]));
    assert_problem(app.post_json(BANDS, &officer, &off_scale).await, 422, "grade_not_on_scale").await;
    let all_fail = bands("X-5", json!([{"min_points": "0", "grade": "2"}]));
    assert_problem(app.post_json(BANDS, &officer, &all_fail).await, 422, "no_passing_grades").await;
    let lying = bands(
        "X-6",
        json!([{"min_points": "0", "grade": "2", "ects_letter": "E"}, {"min_points": "51", "grade": "3"}]),
    );
    assert_problem(app.post_json(BANDS, &officer, &lying).await, 422, "invalid_bands").await;
    let bad_points = bands("X-7", json!([{"min_points": "zero", "grade": "2"}]));
    assert_problem(app.post_json(BANDS, &officer, &bad_points).await, 422, "invalid_bands").await;
}

#[tokio::test]
async fn stored_conversions_are_listed_by_institution_method_and_time_in_pages() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let sofia = create_institution(&app, &officer, "uni-sofia.bg", "BG").await;
    let ukim = create_institution(&app, &officer, "ukim.edu.mk", "MK").await;
    let before = chrono::Utc::now();
    let bodies = [
        json!({"from": {"scale": "BG", "institution": sofia, "value": "5"}, "to": {"scale": "MK", "institution": ukim}, "store": true}),
        json!({"from": {"scale": "BG", "institution": sofia, "value": "4"}, "to": {"scale": "MK"}, "store": true}),
        json!({"from": {"scale": "MK", "value": "9"}, "to": {"scale": "ECTS"}, "store": true}),
    ];
    let mut ids = Vec::new();
    for body in &bodies {
        ids.push(post(&app, GRADES, &officer, body, 201).await["id"].as_str().unwrap().to_owned());
    }
    let list = |query: String| {
        let path = format!("/api/v1/conversions{query}");
        let app = &app;
        let officer = officer.clone();
        async move {
            let response = app.get(&path, &officer).await;
            assert_eq!(response.status(), 200);
            json(response).await
        }
    };
    let ids_of = |page: &Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
    };
    let first = list("?limit=2".to_owned()).await;
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let second = list(format!("?limit=2&cursor={cursor}")).await;
    assert!(second["next_cursor"].is_null());
    assert_eq!([ids_of(&first), ids_of(&second)].concat(), ids, "oldest first, nothing skipped or repeated");
    assert!(first["items"][0]["approved_by_name"].is_string());
    assert_eq!(ids_of(&list(format!("?institution_id={sofia}")).await), ids[..2]);
    assert_eq!(ids_of(&list(format!("?institution_id={ukim}")).await), ids[..1], "home institutions count too");
    assert_eq!(ids_of(&list("?method=fixed_table".to_owned()).await), ids[2..]);
    assert_eq!(ids_of(&list("?source_scale=BG&target_scale=MK".to_owned()).await).len(), 2);
    let since = before.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    assert_eq!(ids_of(&list(format!("?approved_from={since}")).await).len(), 3);
    let later = (chrono::Utc::now() + chrono::Duration::minutes(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert!(ids_of(&list(format!("?approved_from={later}")).await).is_empty());
    assert_eq!(ids_of(&list(format!("?approved_before={since}")).await).len(), 0);
    assert_problem(app.get("/api/v1/conversions?method=guess", &officer).await, 400, "invalid_query").await;
    let participant = app.token_for("participant", &[]).await;
    assert_problem(app.get("/api/v1/conversions", &participant).await, 403, "forbidden").await;
}
