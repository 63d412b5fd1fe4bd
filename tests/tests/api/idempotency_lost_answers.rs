//! A keyed POST whose answer never reached the client (issue 11 item 8): the retry with the
//! same key gets the original response or one fresh execution, never a key stuck "in
//! progress" and never a second record. (A server killed mid-request: `api/tests/server/`.)
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test helpers: a failed request is a failed test")]

use std::time::{Duration, Instant};

use iro_tests::fixtures::institution;
use iro_tests::{TestApp, json, spawn_app};
use reqwest::{Method, Response};
use serde_json::Value;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const PATH: &str = "/api/v1/institutions";

/// Sends a keyed POST over a raw connection and resets it `after` later, before the answer
/// can be read. (A reset, as a client that crashed or lost its network leaves: actix cancels
/// the request on it, while a polite close lets the request finish.)
async fn send_and_hang_up(app: &TestApp, token: &str, key: &str, body: &Value, after: Duration) {
    let body = body.to_string();
    let request = format!(
        "POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nIdempotency-Key: {key}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(after).await;
    // A zero linger makes the close a reset and does not block, which is what the deprecation
    // of `set_linger` warns about.
    #[expect(deprecated, reason = "a zero linger is the one portable way to send a reset")]
    stream.set_linger(Some(Duration::ZERO)).unwrap();
    drop(stream);
}

/// Retries a keyed POST as a client would: while the key is in progress, waits the
/// `Retry-After` it is given; gives up after 20 s.
async fn retry(app: &TestApp, token: &str, key: &str, body: &Value) -> Response {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let response = app
            .request(Method::POST, PATH, Some(token))
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await
            .unwrap();
        if response.status() != 409 {
            return response;
        }
        let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let problem = json(response).await;
        assert_eq!(problem["code"], "idempotency_key_in_progress", "an unexpected conflict: {problem}");
        let seconds: u64 = retry_after.expect("a 409 in progress says when to retry").parse().unwrap();
        assert!(Instant::now() < deadline, "the key {key} is still in progress 20 s after its request was lost");
        tokio::time::sleep(Duration::from_secs(seconds)).await;
    }
}

#[tokio::test]
async fn a_retry_after_the_client_hung_up_gets_the_first_answer_and_one_record() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    // Hang-ups from 0 to 5 ms after sending: before, during and after the server's work.
    let attempts: Vec<(String, Value)> =
        (0..12).map(|i| (format!("hang-up-{i}"), institution(&format!("hang-up-{i}.example"), "DE"))).collect();
    for (i, (key, body)) in attempts.iter().enumerate() {
        send_and_hang_up(&app, &token, key, body, Duration::from_millis(i as u64 % 6)).await;
    }
    for (key, body) in &attempts {
        let response = retry(&app, &token, key, body).await;
        assert_eq!(response.status(), 201, "the retry of {key} is answered as the first attempt would be");
    }

    let list = json(app.get(&format!("{PATH}?limit=200"), &token).await).await;
    for (key, body) in &attempts {
        let hei_id = body["hei_id"].as_str().unwrap();
        let copies = list["items"].as_array().unwrap().iter().filter(|item| item["hei_id"] == hei_id).count();
        assert_eq!(copies, 1, "{key}: the lost attempt and its retry made {copies} institutions");
    }
}
