//! Request bodies sent compressed: gzip and deflate are inflated, up to the body limit only
//! (issue 11 item 4); other content codings are refused.
#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use std::io::Write;

use flate2::Compression;
use flate2::write::{GzEncoder, ZlibEncoder};
use iro_tests::{assert_problem, fixtures, spawn_app};
use reqwest::Method;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

async fn post_encoded(app: &iro_tests::TestApp, token: &str, coding: &str, body: Vec<u8>) -> reqwest::Response {
    app.request(Method::POST, "/api/v1/institutions", Some(token))
        .header("content-type", "application/json")
        .header("content-encoding", coding)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn gzip_and_deflate_bodies_are_inflated() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let first = fixtures::institution("uni-gzip.example.org", "BG").to_string();
    let response = post_encoded(&app, &token, "gzip", gzip(first.as_bytes())).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let second = fixtures::institution("uni-deflate.example.org", "RS").to_string();
    let response = post_encoded(&app, &token, "deflate", zlib(second.as_bytes())).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
}

#[tokio::test]
async fn a_body_inflating_past_the_limit_is_refused_with_413() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    // 8 MiB of spaces: valid JSON whitespace, 32 times the 256 KiB limit, a few KiB compressed.
    let mut padded = vec![b' '; 8 * 1024 * 1024];
    padded.extend_from_slice(fixtures::institution("uni-bomb.example.org", "BG").to_string().as_bytes());
    let response = post_encoded(&app, &token, "gzip", gzip(&padded)).await;
    assert_problem(response, 413, "payload_too_large").await;
}

#[tokio::test]
async fn a_corrupt_gzip_body_is_a_400() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let response = post_encoded(&app, &token, "gzip", b"not gzip at all".to_vec()).await;
    assert_problem(response, 400, "unreadable_body").await;
}

#[tokio::test]
async fn an_unsupported_content_coding_is_refused_with_415() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let body = fixtures::institution("uni-br.example.org", "BG").to_string().into_bytes();
    let response = post_encoded(&app, &token, "br", body).await;
    let problem = assert_problem(response, 415, "unsupported_media_type").await;
    assert!(problem["detail"].as_str().unwrap().contains("gzip"), "{problem}");
}
