//! Which institution is ours (`is_local`): only an admin chooses it, and exactly one
//! institution stays local once there is one (issue 11.2).

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use iro_tests::fixtures::{institution, lipetsk};
use iro_tests::{TestApp, assert_problem, json, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const INSTITUTIONS: &str = "/api/v1/institutions";

/// Our university (local), a partner, an admin token, and the two bodies as created.
struct Office {
    app: TestApp,
    admin: String,
    ours: Value,
    partner: Value,
}

impl Office {
    async fn new() -> Office {
        let app = spawn_app().await;
        let admin = app.admin_token().await;
        let mut body = institution("ukim.edu.mk", "MK");
        body["is_local"] = json!(true);
        let ours = created(&app, &admin, &body).await;
        let partner = created(&app, &admin, &lipetsk()).await;
        Office { app, admin, ours, partner }
    }

    /// The current body of `institution` (read by the admin).
    async fn read(&self, institution: &Value) -> Value {
        let response = self.app.get(&path(institution), &self.admin).await;
        assert_eq!(response.status(), 200);
        json(response).await
    }

    /// The hei_ids of the local institutions.
    async fn local_hei_ids(&self) -> Vec<String> {
        let response = self
            .app
            .request(Method::GET, INSTITUTIONS, Some(&self.admin))
            .query(&[("is_local", "true")])
            .send()
            .await
            .unwrap();
        let body = json(response).await;
        body["items"].as_array().unwrap().iter().map(|i| i["hei_id"].as_str().unwrap().to_owned()).collect()
    }

    /// Asserts that nothing changed: ours is still the only local institution, both unchanged.
    async fn assert_unchanged(&self) {
        assert_eq!(self.read(&self.ours).await, self.ours);
        assert_eq!(self.read(&self.partner).await, self.partner);
        assert_eq!(self.local_hei_ids().await, vec!["ukim.edu.mk"]);
    }
}

async fn created(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app.post_json(INSTITUTIONS, token, body).await;
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "creating an institution failed: {body}");
    body
}

fn path(institution: &Value) -> String {
    format!("{INSTITUTIONS}/{}", institution["id"].as_str().unwrap())
}

async fn client_token(app: &TestApp, scopes: &[&str]) -> String {
    let (client_id, secret) = app.create_client(scopes);
    let response = app
        .request(Method::POST, "/api/v1/auth/token", None)
        .form(&[("grant_type", "client_credentials"), ("client_id", &client_id), ("client_secret", &secret)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    json(response).await["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_officer_or_a_client_cannot_unset_our_university_or_make_a_partner_local() {
    let x = Office::new().await;
    let officer = x.app.token_for("officer", &[]).await;
    let client = client_token(&x.app, &["institutions:write"]).await;
    for token in [&officer, &client] {
        let response = x.app.patch_json(&path(&x.ours), token, &json!({"is_local": false})).await;
        assert_problem(response, 403, "forbidden").await;
        let response = x.app.patch_json(&path(&x.partner), token, &json!({"is_local": true})).await;
        assert_problem(response, 403, "forbidden").await;
    }
    x.assert_unchanged().await;
    // Other changes, even with is_local sent back unchanged, remain theirs to make.
    let response = x.app.patch_json(&path(&x.ours), &officer, &json!({"is_local": true, "city": "Skopje"})).await;
    assert_eq!(json(response).await["city"], "Skopje");
    let response = x.app.patch_json(&path(&x.partner), &client, &json!({"is_local": false, "city": "Lipetsk"})).await;
    assert_eq!(json(response).await["city"], "Lipetsk");
}

#[tokio::test]
async fn only_an_admin_registers_our_university() {
    let app = spawn_app().await;
    let officer = app.token_for("officer", &[]).await;
    let client = client_token(&app, &["institutions:write"]).await;
    let mut body = institution("ukim.edu.mk", "MK");
    body["is_local"] = json!(true);
    for token in [&officer, &client] {
        assert_problem(app.post_json(INSTITUTIONS, token, &body).await, 403, "forbidden").await;
    }
    // Partners are still theirs to register.
    created(&app, &officer, &lipetsk()).await;
    created(&app, &app.admin_token().await, &body).await;
}

#[tokio::test]
async fn clearing_the_only_local_institution_is_refused_with_409_even_for_an_admin() {
    let x = Office::new().await;
    let response = x.app.patch_json(&path(&x.ours), &x.admin, &json!({"is_local": false})).await;
    let problem = assert_problem(response, 409, "local_institution_required").await;
    assert_eq!(problem["errors"][0]["field"], "is_local", "{problem}");
    x.assert_unchanged().await;
}

#[tokio::test]
async fn deleting_the_local_institution_is_refused_with_409() {
    let x = Office::new().await;
    assert_problem(x.app.delete(&path(&x.ours), &x.admin).await, 409, "local_institution_required").await;
    x.assert_unchanged().await;
    // A partner is deleted as before.
    assert_eq!(x.app.delete(&path(&x.partner), &x.admin).await.status(), 204);
}

#[tokio::test]
async fn an_admin_moves_our_university_to_another_institution_in_one_step() {
    let x = Office::new().await;
    let response = x.app.patch_json(&path(&x.partner), &x.admin, &json!({"is_local": true})).await;
    assert_eq!(response.status(), 200);
    let moved = json(response).await;
    assert_eq!(moved["is_local"], true);
    assert_eq!(x.local_hei_ids().await, vec!["uni-lipetsk.ru"]);
    let former = x.read(&x.ours).await;
    assert_eq!(former["is_local"], false);
    // The former one changed too: a new version, so stale copies fail If-Match.
    assert_eq!(former["version"], x.ours["version"].as_u64().unwrap() + 1);
}

#[tokio::test]
async fn parallel_moves_leave_exactly_one_local_institution() {
    let x = Office::new().await;
    let mut partners = vec![x.partner.clone()];
    for hei_id in ["uni-sofia.bg", "bg.ac.rs", "uklo.edu.mk"] {
        partners.push(created(&x.app, &x.admin, &institution(hei_id, "BG")).await);
    }
    let body = json!({"is_local": true});
    let paths: Vec<String> = partners.iter().map(path).collect();
    let moves = paths.iter().map(|p| x.app.patch_json(p, &x.admin, &body));
    for response in futures_util::future::join_all(moves).await {
        let status = response.status().as_u16();
        // A move that loses the race to another one is refused as a duplicate, never applied.
        assert!(status == 200 || status == 409, "unexpected {status}: {}", json(response).await);
    }
    assert_eq!(x.local_hei_ids().await.len(), 1);
}
