//! Quota views: per agreement (`/agreements/{id}/quotas`) and across agreements (`/quotas`),
//! with the arithmetic edge cases read over HTTP.

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
    assert_eq!(ok(x.app.get(&path, &x.admin).await, "next year").await[0]["places_used"], 0);
    let path = format!("/api/v1/agreements/{}/quotas?academic_year=2028/2029", x.agreement);
    assert_eq!(ok(x.app.get(&path, &x.admin).await, "outside").await[0]["places_allowed"], 0);
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
