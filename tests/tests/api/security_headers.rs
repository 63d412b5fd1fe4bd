//! Response headers that keep browsers from sniffing, caching or framing what they should not
//! (issue 11, low b).

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use iro_tests::spawn_app;
use reqwest::{Method, Response};

fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn api_responses_are_not_sniffed_or_stored_whatever_their_status() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let answers = [
        app.get("/api/v1/me", &admin).await,
        app.get(&format!("/api/v1/institutions/{}", uuid::Uuid::now_v7()), &admin).await,
        app.request(Method::GET, "/api/v1/institutions", None).send().await.unwrap(),
        app.request(Method::GET, "/api/v1/no-such-thing", None).send().await.unwrap(),
        app.request(Method::GET, "/health/live", None).send().await.unwrap(),
        app.sign_in("admin", "a wrong password").await,
    ];
    for response in answers {
        let what = format!("{} {}", response.url().path(), response.status());
        assert_eq!(header(&response, "x-content-type-options").as_deref(), Some("nosniff"), "{what}");
        assert_eq!(header(&response, "cache-control").as_deref(), Some("no-store"), "{what}");
    }
}

#[tokio::test]
async fn the_docs_cannot_be_framed_and_run_only_their_own_scripts() {
    let app = spawn_app().await;
    for path in ["/docs/", "/docs/swagger-initializer.js"] {
        let response = app.request(Method::GET, path, None).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "x-frame-options").as_deref(), Some("DENY"), "{path}");
        assert_eq!(header(&response, "x-content-type-options").as_deref(), Some("nosniff"), "{path}");
        let policy = header(&response, "content-security-policy").unwrap_or_default();
        for directive in ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"] {
            assert!(policy.contains(directive), "{path}: {directive} missing in {policy:?}");
        }
        assert!(!policy.contains("script-src 'self' 'unsafe-inline'"), "{policy}");
    }
}
