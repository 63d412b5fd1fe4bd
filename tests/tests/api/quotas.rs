//! Quota views: per agreement (`/agreements/{id}/quotas`) and across agreements (`/quotas`),
//! with the arithmetic edge cases read over HTTP.

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use iro_tests::assert_problem;
use serde_json::json;

use crate::exchange::{Exchange, condition, created, id, ok};

#[tokio::test]
async fn an_agreements_quotas_count_places_and_months_of_the_year() {
    let x = Exchange::new(2, 10).await;
    let quotas = x.quotas().await;
    assert_eq!(quotas.as_array().unwrap().len(), 2);
    assert_eq!(quotas[0]["direction"], "outgoing");
    assert_eq!(quotas[1]["direction"], "incoming");
    assert_eq!(quotas[0]["places_allowed"], 2);
    assert_eq!(quotas[0]["months_allowed"], 10.0);
    assert_eq!(quotas[0]["days_allowed"], serde_json::Value::Null);
    let a = x.application("A").await;
    let b = x.application("B").await;
    x.walk(&a, &[json!({"to": "nominated"})]).await;
    x.walk(&b, &[json!({"to": "nominated"})]).await;
    // Exactly full: both measures at their limit, nothing remaining.
    let quotas = x.quotas().await;
    assert_eq!(quotas[0]["places_used"], 2);
    assert_eq!(quotas[0]["places_remaining"], 0);
    assert_eq!(quotas[0]["months_used"], 10.0);
    assert_eq!(quotas[0]["months_remaining"], 0.0);
    let holders: Vec<String> = quotas[0]["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["mobility_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(holders, [id(&a), id(&b)]);
    // Another year of the condition is untouched; a year outside it allows nothing.
    let path = format!("/api/v1/agreements/{}/quotas?academic_year=2027/2028", x.agreement);
    assert_eq!(ok(x.app.get(&path, &x.admin).await, "next year").await["items"][0]["places_used"], 0);
    let path = format!("/api/v1/agreements/{}/quotas?academic_year=2028/2029", x.agreement);
    assert_eq!(ok(x.app.get(&path, &x.admin).await, "outside").await["items"][0]["places_allowed"], 0);
    let path = format!("/api/v1/agreements/{}/quotas?academic_year=2026", x.agreement);
    assert_problem(x.app.get(&path, &x.admin).await, 400, "invalid_query").await;
}

#[tokio::test]
async fn the_planning_view_filters_by_direction_country_and_isced() {
    let x = Exchange::new(5, 25).await;
    let body = iro_tests::fixtures::agreement("EPLUS-SOFIA", "erasmus_plus", &x.sofia);
    let sofia = id(&created(x.app.post_json("/api/v1/agreements", &x.admin, &body).await, "sofia").await);
    let mut out = condition(&x.ukim, &x.sofia, 3, 15);
    out["subject_areas"] = json!([{"isced_f_code": "0541"}]);
    let path = format!("/api/v1/agreements/{sofia}/conditions");
    created(x.app.post_json(&path, &x.admin, &out).await, "sofia condition").await;
    let list = |query: &str| format!("/api/v1/quotas?academic_year=2026/2027&{query}");
    let outgoing = ok(x.app.get(&list("direction=outgoing"), &x.admin).await, "outgoing").await;
    let countries: Vec<&str> =
        outgoing["items"].as_array().unwrap().iter().map(|q| q["partner_country"].as_str().unwrap()).collect();
    assert_eq!(countries.len(), 2, "{outgoing}");
    assert!(countries.contains(&"RU") && countries.contains(&"BG"));
    let bulgaria = ok(x.app.get(&list("direction=outgoing&partner_country=BG"), &x.admin).await, "bg").await;
    assert_eq!(bulgaria["items"].as_array().unwrap().len(), 1);
    assert_eq!(bulgaria["items"][0]["places_remaining"], 3);
    let informatics = ok(x.app.get(&list("isced_f_code=0613"), &x.admin).await, "0613").await;
    assert_eq!(informatics["items"].as_array().unwrap().len(), 2, "both Lipetsk conditions");
    let incoming = ok(x.app.get(&list("direction=incoming"), &x.admin).await, "incoming").await;
    assert_eq!(incoming["items"].as_array().unwrap().len(), 1);
    // Participants see only agreements in force (the Sofia draft is hidden) and no holders.
    let participant = x.app.token_for("participant", &[]).await;
    let seen = ok(x.app.get(&list("direction=outgoing"), &participant).await, "participant").await;
    assert_eq!(seen["items"].as_array().unwrap().len(), 1);
    assert_eq!(seen["items"][0]["holders"], serde_json::Value::Null);
    assert_problem(x.app.get("/api/v1/quotas", &x.admin).await, 400, "invalid_query").await;
}

/// A client-side timestamp between two server-side changes (the clocks are the same machine's).
async fn instant_between_changes() -> String {
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    now
}

fn condition_ids(page: &serde_json::Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|q| q["condition_id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_isced_filter_runs_before_paging_so_pages_are_full() {
    let x = Exchange::new(5, 25).await;
    // Three conditions in economics (0311), created after the two Lipetsk informatics ones, so
    // in id order the first page of all conditions holds none of them.
    let body = iro_tests::fixtures::agreement("EPLUS-SOFIA", "erasmus_plus", &x.sofia);
    let sofia = id(&created(x.app.post_json("/api/v1/agreements", &x.admin, &body).await, "sofia").await);
    let path = format!("/api/v1/agreements/{sofia}/conditions");
    let mut economics = Vec::new();
    for places in 1..=3 {
        let mut body = condition(&x.ukim, &x.sofia, places, 5 * places);
        body["subject_areas"] = json!([{"isced_f_code": "0311"}]);
        economics.push(id(&created(x.app.post_json(&path, &x.admin, &body).await, "economics").await));
    }
    let list = |query: &str| format!("/api/v1/quotas?academic_year=2026/2027&isced_f_code=031&limit=2{query}");
    let first = ok(x.app.get(&list(""), &x.admin).await, "first page").await;
    assert_eq!(condition_ids(&first), economics[..2], "a full first page: {first}");
    let cursor = first["next_cursor"].as_str().expect("more follow").to_owned();
    let second = ok(x.app.get(&list(&format!("&cursor={cursor}")), &x.admin).await, "second page").await;
    assert_eq!(condition_ids(&second), economics[2..], "{second}");
    assert_eq!(second["next_cursor"], serde_json::Value::Null);
    // The informatics filter likewise fills its one-item pages.
    let path = "/api/v1/quotas?academic_year=2026/2027&isced_f_code=0613&limit=1";
    let informatics = ok(x.app.get(path, &x.admin).await, "informatics").await;
    assert_eq!(condition_ids(&informatics), std::slice::from_ref(&x.outgoing));
    assert!(informatics["next_cursor"].is_string(), "the incoming Lipetsk condition follows: {informatics}");
}

#[tokio::test]
async fn participants_get_full_pages_of_agreements_in_force() {
    let x = Exchange::new(5, 25).await;
    // A draft agreement's conditions (hidden from participants) come first after the in-force
    // ones only by id; two per page must still show both Lipetsk conditions at once.
    let body = iro_tests::fixtures::agreement("EPLUS-SOFIA", "erasmus_plus", &x.sofia);
    let sofia = id(&created(x.app.post_json("/api/v1/agreements", &x.admin, &body).await, "sofia").await);
    let path = format!("/api/v1/agreements/{sofia}/conditions");
    created(x.app.post_json(&path, &x.admin, &condition(&x.ukim, &x.sofia, 1, 5)).await, "draft condition").await;
    let participant = x.app.token_for("participant", &[]).await;
    let page = ok(x.app.get("/api/v1/quotas?academic_year=2026/2027&limit=2", &participant).await, "page").await;
    assert_eq!(condition_ids(&page), [x.outgoing.clone(), x.incoming.clone()]);
    assert_eq!(page["next_cursor"], serde_json::Value::Null, "nothing visible follows: {page}");
}

#[tokio::test]
async fn modified_since_lists_the_quotas_whose_condition_agreement_or_mobilities_changed() {
    let x = Exchange::new(5, 25).await;
    let a = x.application("A").await;
    let list = |since: &str| format!("/api/v1/quotas?academic_year=2026/2027&modified_since={since}");
    let before_nomination = instant_between_changes().await;
    assert!(condition_ids(&ok(x.app.get(&list(&before_nomination), &x.admin).await, "nothing").await).is_empty());
    x.walk(&a, &[json!({"to": "nominated"})]).await;
    // The nomination changed the outgoing quota only.
    let changed = ok(x.app.get(&list(&before_nomination), &x.admin).await, "after nomination").await;
    assert_eq!(condition_ids(&changed), std::slice::from_ref(&x.outgoing), "{changed}");
    assert_eq!(changed["items"][0]["places_used"], 1);
    // A change of the agreement (here its termination) touches all its quotas.
    let before_termination = instant_between_changes().await;
    let path = format!("/api/v1/agreements/{}/status", x.agreement);
    ok(x.app.post_json(&path, &x.admin, &json!({"to": "terminated", "reason": "ended"})).await, "terminate").await;
    let changed = ok(x.app.get(&list(&before_termination), &x.admin).await, "after termination").await;
    assert_eq!(condition_ids(&changed), [x.outgoing.clone(), x.incoming.clone()], "{changed}");
    // A change of one condition updates its agreement too (the agreement's version covers its
    // conditions), so the agreement's quotas are listed — and no other agreement's.
    let body = iro_tests::fixtures::agreement("EPLUS-SOFIA", "erasmus_plus", &x.sofia);
    let sofia = id(&created(x.app.post_json("/api/v1/agreements", &x.admin, &body).await, "sofia").await);
    let path = format!("/api/v1/agreements/{sofia}/conditions");
    let first = id(&created(x.app.post_json(&path, &x.admin, &condition(&x.ukim, &x.sofia, 1, 5)).await, "1").await);
    let second = id(&created(x.app.post_json(&path, &x.admin, &condition(&x.ukim, &x.sofia, 2, 9)).await, "2").await);
    let before_patch = instant_between_changes().await;
    let response = x.app.patch_json(&format!("{path}/{second}"), &x.admin, &json!({"mobilities_per_year": 3})).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let changed = ok(x.app.get(&list(&before_patch), &x.admin).await, "after patch").await;
    assert_eq!(condition_ids(&changed), [first, second], "{changed}");
    assert_eq!(changed["items"][1]["places_allowed"], 3);
    let bad = "/api/v1/quotas?academic_year=2026/2027&modified_since=yesterday";
    assert_problem(x.app.get(bad, &x.admin).await, 400, "invalid_query").await;
}
