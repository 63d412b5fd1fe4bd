//! List pages are built from cached representations of each version (issue 13): they must
//! show every change at once, also one made through another server on the same database.

// The helpers below are test code too: a failed unwrap there is a failed assertion.
#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use iro_api::Application;
use iro_tests::fixtures::institution;
use iro_tests::{TestApp, json, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

const INSTITUTIONS: &str = "/api/v1/institutions";

/// A second server on the first one's database, as a second instance in production.
async fn second_instance(app: &TestApp) -> String {
    let server = Application::build(app.settings.clone()).unwrap();
    let address = format!("http://127.0.0.1:{}", server.port());
    tokio::spawn(server.run_until_stopped());
    address
}

/// The items of the `BG` list page at `address`.
async fn bg_page(app: &TestApp, address: &str, token: &str) -> Vec<Value> {
    let response = app
        .client
        .get(format!("{address}{INSTITUTIONS}"))
        .bearer_auth(token)
        .query(&[("country", "BG"), ("limit", "200")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert!(body.get("next_cursor").is_some(), "the page keeps its envelope: {body}");
    body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_list_page_shows_each_change_at_once_on_every_instance() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let other = second_instance(&app).await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let response = app.post_json(INSTITUTIONS, &token, &institution(&format!("uni{n}.bg"), "BG")).await;
        assert_eq!(response.status(), 201);
        ids.push(json(response).await["id"].as_str().unwrap().to_owned());
    }
    // Both instances list (and so cache) the first versions.
    let before = bg_page(&app, &other, &token).await;
    assert_eq!(bg_page(&app, &app.address, &token).await, before);
    assert_eq!(before.len(), 3);

    // A change through the first instance shows in the second's next page, exactly as a read
    // by id shows it.
    let path = format!("{INSTITUTIONS}/{}", ids[1]);
    let changed = app.patch_json(&path, &token, &json!({"city": "Sofia", "abbreviation": "U1"})).await;
    assert_eq!(changed.status(), 200);
    let changed = json(changed).await;
    for address in [&other, &app.address] {
        let after = bg_page(&app, address, &token).await;
        assert_eq!(after[1], changed, "on {address}");
        assert_eq!(after[1]["city"], "Sofia");
        assert_eq!(after[0], before[0]);
        let by_id = app.client.get(format!("{address}{path}")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(json(by_id).await, after[1]);
    }

    // A deleted institution leaves both pages; one moved to another country leaves the filter.
    let deleted =
        app.request(Method::DELETE, &format!("{INSTITUTIONS}/{}", ids[0]), Some(&token)).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    let moved = app.patch_json(&format!("{INSTITUTIONS}/{}", ids[2]), &token, &json!({"country": "RS"})).await;
    assert_eq!(moved.status(), 200);
    for address in [&other, &app.address] {
        let after = bg_page(&app, address, &token).await;
        assert_eq!(after, vec![changed.clone()], "on {address}");
    }
}

#[tokio::test]
async fn the_mobility_list_shows_each_status_change_at_once_on_every_instance() {
    let x = crate::exchange::Exchange::new(5, 25).await;
    let other = second_instance(&x.app).await;
    let first = x.application("Petrovska").await;
    let second = x.application("Stojanovska").await;
    let list = |address: String| {
        let x = &x;
        async move {
            let response = x
                .app
                .client
                .get(format!("{address}{}", crate::exchange::MOBILITIES))
                .bearer_auth(&x.admin)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            json(response).await["items"].as_array().unwrap().clone()
        }
    };
    let before = list(other.clone()).await;
    assert_eq!(list(x.app.address.clone()).await, before);
    assert_eq!(before.iter().map(|m| m["status"].as_str().unwrap()).collect::<Vec<_>>(), ["applied", "applied"]);

    let nominated = x.status(&second, json!({"to": "nominated"})).await;
    assert_eq!(nominated.status(), 200);
    let nominated = json(nominated).await;
    for address in [other.clone(), x.app.address.clone()] {
        let after = list(address.clone()).await;
        assert_eq!(after[0]["id"], first["id"]);
        assert_eq!(after[1], nominated, "on {address}");
    }
}
