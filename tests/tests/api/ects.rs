//! ECTS over HTTP: seeded grading scales, grading tables (JSON and CSV), a worked BG → MK
//! example for every overlap policy, the linear fallback and why, credit
//! conversion, stored conversions, every 422 cause and the permissions.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use iro_domain::ects::presets;
use iro_tests::fixtures::institution;
use iro_tests::{TestApp, assert_problem, json, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const TABLES: &str = "/api/v1/grading-tables";
const GRADES: &str = "/api/v1/conversions/grades";

/// Registers an institution and returns its id.
async fn create_institution(app: &TestApp, token: &str, hei_id: &str, country: &str) -> String {
    let response = app.post_json("/api/v1/institutions", token, &institution(hei_id, country)).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "creating an institution failed: {body}");
    body["id"].as_str().unwrap().to_owned()
}

/// A grading table body for ISCED-F 0613, bachelor, two years.
fn table(institution_id: &str, scale: &str, counts: &[(&str, u32)]) -> Value {
    let counts: Vec<Value> = counts.iter().map(|(grade, count)| json!({"grade": grade, "count": count})).collect();
    json!({"institution_id": institution_id, "isced": "0613", "eqf": 6,
        "academic_years": ["2023/2024", "2024/2025"], "scale": scale, "counts": counts})
}

/// Adds a table, asserting 201.
async fn create_table(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app.post_json(TABLES, token, body).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "creating a grading table failed: {body}");
    body
}

/// A worked example: host BG, home MK; returns (bg, mk) institution ids.
async fn worked_example(app: &TestApp, token: &str) -> (String, String) {
    let bg = create_institution(app, token, "uni-sofia.bg", "BG").await;
    let mk = create_institution(app, token, "ukim.edu.mk", "MK").await;
    create_table(app, token, &table(&bg, "BG", &[("6", 15), ("5", 35), ("4", 30), ("3", 20)])).await;
    create_table(app, token, &table(&mk, "MK", &[("10", 10), ("9", 15), ("8", 25), ("7", 25), ("6", 25)])).await;
    (bg, mk)
}

/// Converts, asserting 200.
async fn convert(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app.post_json(GRADES, token, body).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 200, "conversion failed: {body}");
    body
}

#[tokio::test]
async fn the_seeded_scales_match_the_presets_exactly() {
    let app = spawn_app().await;
    let token = app.token_for("participant", &[]).await;
    let page = json(app.get("/api/v1/grading-scales?limit=200", &token).await).await;
    let items = page["items"].as_array().unwrap();
    let presets = presets::all_scales();
    assert_eq!(items.len(), presets.len(), "{page}");
    for preset in presets {
        let scale =
            items.iter().find(|s| s["code"] == preset.code()).unwrap_or_else(|| panic!("{} missing", preset.code()));
        assert_eq!(scale["name"], preset.name());
        assert_eq!(scale["direction"].as_str(), preset.direction().map(|d| d.code()), "{}", preset.code());
        assert_eq!(scale["pass_mark"].as_str().map(str::to_owned), preset.pass_mark().map(|v| v.to_string()));
        let grades = scale["grades"].as_array().unwrap();
        assert_eq!(grades.len(), preset.levels().len(), "{}", preset.code());
        for (shown, level) in grades.iter().zip(preset.levels()) {
            assert_eq!(shown["native"], level.native());
            assert_eq!(shown["english"], level.english());
            assert_eq!(shown["passing"], level.is_passing());
            assert_eq!(shown["value"].as_str().map(str::to_owned), level.value().map(|v| v.to_string()));
            assert_eq!(shown["ects_letter"].as_str(), level.ects_letter().map(|l| l.as_str()));
        }
        assert!(!scale["source"].as_str().unwrap().is_empty());
    }
    let by_code = json(app.get("/api/v1/grading-scales/RS", &token).await).await;
    assert_eq!(by_code["status"], "confirmed");
    assert_eq!(by_code["country"], "RS");
    let de = json(app.get("/api/v1/grading-scales/DE", &token).await).await;
    assert_eq!(de["direction"], "lower_is_better");
    assert_eq!(de["pass_mark"], "4");
}

#[tokio::test]
async fn officers_add_and_edit_scales_and_bad_definitions_are_422() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let body = json!({"code": "UNI-PF", "name": "A pass/fail scale", "source": "statute", "status": "unconfirmed",
        "definition": {"kind": "pass_fail", "grades": [{"native": "pass", "passing": true}, {"native": "fail", "passing": false}]}});
    let response = app.post_json("/api/v1/grading-scales", &officer, &body).await;
    assert_eq!(response.status(), 201);
    let created = json(response).await;
    let path = format!("/api/v1/grading-scales/{}", created["id"].as_str().unwrap());
    let patched = json(app.patch_json(&path, &officer, &json!({"status": "confirmed"})).await).await;
    assert_eq!((patched["status"].as_str(), patched["version"].as_u64()), (Some("confirmed"), Some(2)));
    assert_problem(app.patch_json(&path, &officer, &json!({"code": "OTHER"})).await, 422, "validation_failed").await;
    let duplicate = app.post_json("/api/v1/grading-scales", &officer, &body).await;
    assert_problem(duplicate, 409, "duplicate").await;
    let no_pass = json!({"code": "NOPASS", "name": "x", "source": "x", "status": "unconfirmed",
        "definition": {"kind": "ordinal", "grades": [{"native": "a", "passing": false}, {"native": "b", "passing": false}]}});
    let problem =
        assert_problem(app.post_json("/api/v1/grading-scales", &officer, &no_pass).await, 422, "validation_failed")
            .await;
    assert_eq!(problem["errors"][0]["code"], "no_passing_grades", "{problem}");
}

#[tokio::test]
async fn grading_tables_show_percentages_and_cumulative_ranges() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let bg = create_institution(&app, &officer, "uni-sofia.bg", "BG").await;
    let created = create_table(&app, &officer, &table(&bg, "BG", &[("6", 15), ("5", 35), ("4", 30), ("3", 20)])).await;
    assert_eq!(created["total"], 100);
    assert_eq!(created["meets_minimum_years"], true);
    let rows: Vec<(String, f64, f64, f64)> = created["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let f = |k: &str| r[k].as_f64().unwrap();
            (r["value"].as_str().unwrap().to_owned(), f("percent"), f("cumulative_from"), f("cumulative_to"))
        })
        .collect();
    let expected = [("6", 15.0, 0.0, 15.0), ("5", 35.0, 15.0, 50.0), ("4", 30.0, 50.0, 80.0), ("3", 20.0, 80.0, 100.0)];
    for ((grade, percent, from, to), (g, p, f, t)) in rows.iter().zip(expected) {
        assert_eq!(grade, g);
        assert!((percent - p).abs() < 1e-9 && (from - f).abs() < 1e-9 && (to - t).abs() < 1e-9, "{rows:?}");
    }
    let list = json(app.get(&format!("{TABLES}?institution_id={bg}&isced=0613&eqf=6"), &officer).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let path = format!("{TABLES}/{}", created["id"].as_str().unwrap());
    let patched = json(app.patch_json(&path, &officer, &json!({"academic_years": ["2024/2025"]})).await).await;
    assert_eq!(patched["meets_minimum_years"], false);
    assert_eq!(app.delete(&path, &officer).await.status(), 204);
    assert_eq!(app.get(&path, &officer).await.status(), 404);
}

#[tokio::test]
async fn counts_upload_as_csv_or_json() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let mk = create_institution(&app, &officer, "ukim.edu.mk", "MK").await;
    let created = create_table(&app, &officer, &table(&mk, "MK", &[("10", 1)])).await;
    let path = format!("{TABLES}/{}/counts", created["id"].as_str().unwrap());
    let put = |content_type: &'static str, body: &'static str| {
        app.request(Method::PUT, &path, Some(&officer)).header("content-type", content_type).body(body).send()
    };
    let response = put("text/csv", "grade,count\n10,10\n9,15\n8,25\n7,25\n6,25\n").await.unwrap();
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(body["total"], 100);
    assert_eq!(body["rows"][2]["cumulative_to"], 50.0, "{body}");
    assert_eq!(body["version"], 2);
    let response =
        put("application/json", r#"[{"grade": "10", "count": 3}, {"grade": "6", "count": 1}]"#).await.unwrap();
    assert_eq!(json(response).await["total"], 4);
    assert_problem(put("text/csv", "10,3\n9,many\n").await.unwrap(), 422, "validation_failed").await;
    assert_problem(put("text/csv", "11,3\n").await.unwrap(), 422, "grade_not_on_scale").await;
    assert_problem(put("text/plain", "10,3\n").await.unwrap(), 415, "unsupported_media_type").await;
}

#[tokio::test]
async fn the_worked_bg_to_mk_example_gives_the_expected_results_for_each_policy() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let (bg, mk) = worked_example(&app, &officer).await;
    let cases = [
        ("5", [("max", "9"), ("min", "8"), ("midpoint", "8"), ("largest_overlap", "8")]),
        ("4", [("max", "7"), ("min", "6"), ("midpoint", "7"), ("largest_overlap", "7")]),
        ("6", [("max", "10"), ("min", "9"), ("midpoint", "10"), ("largest_overlap", "10")]),
    ];
    for (grade, policies) in cases {
        for (policy, expected) in policies {
            let body = json!({"from": {"institution": bg, "isced": "0613", "eqf": 6, "value": grade},
                "to": {"institution": mk}, "policy": policy});
            let result = convert(&app, &officer, &body).await;
            assert_eq!(result["method"], "grading_table", "{result}");
            assert_eq!(result["result"]["grade"], expected, "BG {grade} with {policy}: {result}");
            assert_eq!(result["method_details"]["overlap"], policy);
            assert_eq!((result["source_scale"].as_str(), result["target_scale"].as_str()), (Some("BG"), Some("MK")));
            assert!(result["skipped"].as_array().unwrap().is_empty());
            assert!(!result["explanation"].as_array().unwrap().is_empty());
        }
    }
    // The home institution's policy, set in advance, applies when the request names none.
    let policy = json!({"overlap": "max", "grade_rounding": "nearest",
        "credit_rounding": {"step": "0.5", "mode": "nearest"}, "fallback_order": ["grading_table", "linear"]});
    let path = format!("/api/v1/institutions/{mk}/conversion-policy");
    let default = json(app.get(&path, &officer).await).await;
    assert_eq!(
        (default["is_default"].as_bool(), default["policy"]["overlap"].as_str()),
        (Some(true), Some("midpoint"))
    );
    let response = app.request(Method::PUT, &path, Some(&officer)).json(&policy).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(json(app.get(&path, &officer).await).await["policy"]["overlap"], "max");
    let body = json!({"from": {"institution": bg, "isced": "0613", "eqf": 6, "value": "5"}, "to": {"institution": mk}});
    let result = convert(&app, &officer, &body).await;
    assert_eq!(
        (result["result"]["grade"].as_str(), result["policy_source"].as_str()),
        (Some("9"), Some("home_institution"))
    );
}

#[tokio::test]
async fn without_tables_the_linear_formula_is_used_and_the_explanation_says_why() {
    let app = spawn_app().await;
    let participant = app.token_for("participant", &[]).await;
    let result =
        convert(&app, &participant, &json!({"from": {"scale": "BG", "value": "4"}, "to": {"scale": "MK"}})).await;
    assert_eq!(result["method"], "linear", "{result}");
    assert_eq!(result["result"]["grade"], "7");
    let skipped: Vec<&str> =
        result["skipped"].as_array().unwrap().iter().map(|s| s["method"].as_str().unwrap()).collect();
    assert_eq!(skipped, ["grading_table", "fixed_table"]);
    assert!(
        result["skipped"][0]["reason"].as_str().unwrap().contains("ISCED-F field and cycle are not known"),
        "{result}"
    );
    assert!(result["explanation"][0].as_str().unwrap().starts_with("Not by grading tables"), "{result}");
    // Modified Bavarian formula: MK 8 → 2.5 on the German scale, a midpoint rounded to the better grade.
    let german =
        convert(&app, &participant, &json!({"from": {"scale": "MK", "value": "8"}, "to": {"scale": "DE"}})).await;
    assert_eq!(german["method_details"]["unrounded"], 2.5);
    assert_eq!(german["result"]["grade"], "2,3");
    // With a reference group but tables on one side only, the reason names the missing side.
    let officer = app.token_for("officer", &[]).await;
    let (bg, _) = worked_example(&app, &officer).await;
    let body = json!({"from": {"institution": bg, "isced": "0613", "eqf": 6, "value": "5"}, "to": {"scale": "MK"}});
    let result = convert(&app, &participant, &body).await;
    assert_eq!(result["method"], "linear");
    assert!(
        result["skipped"][0]["reason"].as_str().unwrap().contains("home institution has no grading table"),
        "{result}"
    );
}

#[tokio::test]
async fn a_home_institution_without_a_table_for_the_cycle_falls_back_to_its_national_scale() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let (bg, mk) = worked_example(&app, &officer).await;
    // The home (MK) has a table for bachelor (EQF 6) only; a master's course (EQF 7) converts to
    // the Macedonian national scale, by the linear formula, instead of failing on `to.scale`.
    create_table(&app, &officer, &{
        let mut master = table(&bg, "BG", &[("6", 15), ("5", 35), ("4", 30), ("3", 20)]);
        master["eqf"] = json!(7);
        master
    })
    .await;
    let body = json!({"from": {"institution": bg, "isced": "0613", "eqf": 7, "value": "5"}, "to": {"institution": mk}});
    let result = convert(&app, &officer, &body).await;
    assert_eq!(result["target_scale"], "MK", "{result}");
    assert_eq!(result["method"], "linear", "{result}");
    // By hand: x = 10 + (6 − 10) · (6 − 5) / (6 − 3) = 8.67, the nearest MK grade is 9.
    assert_eq!(result["result"]["grade"], "9", "{result}");
    // An institution whose country has no national scale still needs the scale named.
    let nowhere = create_institution(&app, &officer, "univie.ac.at", "AT").await;
    let body =
        json!({"from": {"scale": "BG", "value": "5"}, "to": {"institution": nowhere, "isced": "0613", "eqf": 7}});
    let problem = assert_problem(app.post_json(GRADES, &officer, &body).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "to.scale", "{problem}");
}

#[tokio::test]
async fn credits_convert_between_systems_and_from_workload() {
    let app = spawn_app().await;
    let token = app.token_for("participant", &[]).await;
    let systems = json(app.get("/api/v1/credit-systems", &token).await).await;
    let ru = systems["items"].as_array().unwrap().iter().find(|s| s["code"] == "RU-ZET").unwrap().clone();
    assert_eq!((ru["credits_per_year"].as_u64(), ru["hours_per_credit_min"].as_f64()), (Some(60), Some(27.0)));
    let post = |body: Value| {
        let request = app.request(Method::POST, "/api/v1/conversions/credits", Some(&token)).json(&body);
        async move { request.send().await.unwrap() }
    };
    let result = json(post(json!({"amount": "5", "from": "RU-ZET", "to": "ECTS"})).await).await;
    assert_eq!(result["result"], "5", "{result}");
    assert!(result["explanation"].as_array().unwrap().len() >= 2);
    let workload = json!({"workload": {"academic_hours": 36, "minutes_each": 45}, "to": "RU-ZET"});
    assert_eq!(json(post(workload).await).await["result"], "1");
    let unknown = json!({"workload": {"hours": 30}, "to": "RS-ESPB"});
    assert_problem(post(unknown).await, 422, "unknown_workload").await;
    let nowhere = json!({"amount": "5", "from": "RU-ZET", "to": "ECTS", "institution": uuid::Uuid::now_v7()});
    assert_problem(post(nowhere).await, 422, "validation_failed").await;
}

#[tokio::test]
async fn each_refusal_is_422_with_the_domain_code() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let (bg, mk) = worked_example(&app, &officer).await;
    let off_scale = json!({"from": {"scale": "MK", "value": "11"}, "to": {"scale": "DE"}});
    assert_problem(app.post_json(GRADES, &officer, &off_scale).await, 422, "grade_not_on_scale").await;
    let no_pass = table(&mk, "MK", &[("10", 0), ("9", 0)]);
    assert_problem(app.post_json(TABLES, &officer, &no_pass).await, 422, "no_passing_grades").await;
    let mut empty = table(&mk, "MK", &[("10", 3)]);
    empty["academic_years"] = json!([]);
    assert_problem(app.post_json(TABLES, &officer, &empty).await, 422, "empty_reference_group").await;
    let cycles = json!({"from": {"institution": bg, "isced": "0613", "eqf": 6, "value": "5"},
        "to": {"institution": mk, "eqf": 7}});
    assert_problem(app.post_json(GRADES, &officer, &cycles).await, 422, "cycle_mismatch").await;
    let nothing = json!({"from": {"scale": "RU-PF", "value": "зачёт"}, "to": {"scale": "DE"}});
    assert_problem(app.post_json(GRADES, &officer, &nothing).await, 422, "no_conversion_method").await;
}

#[tokio::test]
async fn officers_store_conversions_and_others_only_read_and_convert() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let participant = app.token_for("participant", &[]).await;
    let (bg, mk) = worked_example(&app, &officer).await;
    let body = json!({"from": {"institution": bg, "isced": "0613", "eqf": 6, "value": "5"}, "to": {"institution": mk}, "store": true});
    assert_problem(app.post_json(GRADES, &participant, &body).await, 403, "forbidden").await;
    let response = app.post_json(GRADES, &officer, &body).await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let stored = json(response).await;
    assert_eq!(stored["conversion"]["result"]["grade"], "8");
    assert!(stored["approved_by"].as_str().unwrap().starts_with("user:"));
    let fetched = json(app.get(&location, &officer).await).await;
    assert_eq!(fetched["id"], stored["id"]);
    assert_eq!(fetched["inputs"]["from"]["value"], "5");
    assert_eq!(fetched["conversion"]["method"], "grading_table");
    assert_problem(app.get(&location, &participant).await, 403, "forbidden").await;

    let new_table = table(&mk, "MK", &[("10", 1)]);
    assert_problem(app.post_json(TABLES, &participant, &new_table).await, 403, "forbidden").await;
    assert_eq!(app.get(TABLES, &participant).await.status(), 200);
    let policy = format!("/api/v1/institutions/{mk}/conversion-policy");
    let body = json!({"overlap": "max", "grade_rounding": "nearest",
        "credit_rounding": {"step": "0.5", "mode": "nearest"}, "fallback_order": ["linear"]});
    let put = app.request(Method::PUT, &policy, Some(&participant)).json(&body).send().await.unwrap();
    assert_eq!(put.status(), 403);

    let (reader_id, reader_secret) = app.create_client(&["ects:read"]);
    let reader = client_token(&app, &reader_id, &reader_secret).await;
    let convert_only = json!({"from": {"scale": "BG", "value": "5"}, "to": {"scale": "MK"}});
    assert_eq!(app.post_json(GRADES, &reader, &convert_only).await.status(), 200);
    assert_problem(app.post_json(TABLES, &reader, &new_table).await, 403, "forbidden").await;
    let (writer_id, writer_secret) = app.create_client(&["ects:write"]);
    let writer = client_token(&app, &writer_id, &writer_secret).await;
    assert_eq!(app.post_json(TABLES, &writer, &new_table).await.status(), 201);
    let (other_id, other_secret) = app.create_client(&["institutions:read"]);
    let other = client_token(&app, &other_id, &other_secret).await;
    assert_problem(app.get("/api/v1/grading-scales", &other).await, 403, "forbidden").await;
}

/// A client-credentials access token.
async fn client_token(app: &TestApp, id: &str, secret: &str) -> String {
    let response = app
        .request(Method::POST, "/api/v1/auth/token", None)
        .form(&[("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret)])
        .send()
        .await
        .unwrap();
    json(response).await["access_token"].as_str().unwrap().to_owned()
}
