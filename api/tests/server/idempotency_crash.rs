//! A server killed (SIGKILL) with keyed POSTs in flight (issue 11 item 8): after a restart on
//! the same database, the retry of every request gets the answer the first attempt got or one
//! fresh execution — never a key stuck "in progress", never a second record. Runs on SQLite,
//! and on PostgreSQL when `IRO_TEST_DATABASE_URL` is set.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::database::Database;
use crate::process::Server;

/// Keyed POSTs sent at once; the server is killed once a few were answered.
const REQUESTS: usize = 60;

/// A short lease, so that the claims of requests the kill cut off expire quickly.
const ENV: [(&str, &str); 3] = [
    ("IRO_IDEMPOTENCY_LEASE", "1"),
    ("IRO_JWT_SECRET", "a secret for the crash test, long enough for HS256"),
    ("IRO_LOGIN_MAX_FAILURES", "1000"),
];

fn institution(i: usize) -> Value {
    json!({
        "hei_id": format!("crash-{i}.example"),
        "name": {"en": format!("Crash test university {i}")},
        "country": "DE",
        "city": "Somewhere",
    })
}

async fn post(client: &reqwest::Client, server: &str, token: &str, i: usize) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{server}/api/v1/institutions"))
        .bearer_auth(token)
        .header("idempotency-key", format!("crash-key-{i}"))
        .json(&institution(i))
        .send()
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_kill_9_mid_request_every_retry_gets_the_first_answer_or_one_fresh_execution() {
    let database = Database::create();
    let mut server = Server::start_on(database.url(), database.data_dir(), &ENV);
    let client = Server::client();
    let token = server.admin_token(&client).await;

    let answered = Arc::new(AtomicUsize::new(0));
    let attempts: Vec<_> = (0..REQUESTS)
        .map(|i| {
            let (client, address, token, answered) =
                (client.clone(), server.address.clone(), token.clone(), Arc::clone(&answered));
            tokio::spawn(async move {
                let response = post(&client, &address, &token, i).await.ok()?;
                let status = response.status().as_u16();
                let body: Value = response.json().await.ok()?;
                answered.fetch_add(1, Ordering::SeqCst);
                Some((status, body))
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while answered.load(Ordering::SeqCst) < 3 {
        assert!(Instant::now() < deadline, "no keyed POST was answered within a minute");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    server.kill();
    let mut first = Vec::new();
    for attempt in attempts {
        first.push(attempt.await.expect("the request task ends"));
    }
    let lost = first.iter().filter(|answer| answer.is_none()).count();
    assert!(lost > 0, "every request was answered before the kill: the test proves nothing");

    let server = Server::start_on(database.url(), database.data_dir(), &ENV);
    let mut fresh = 0;
    for (i, first_answer) in first.iter().enumerate() {
        let (status, body, replayed) = retry(&client, &server.address, &token, i).await;
        assert_eq!(status, 201, "the retry of request {i} failed: {body}");
        match first_answer {
            Some((first_status, first_body)) => {
                assert_eq!(*first_status, 201, "request {i} failed before the kill: {first_body}");
                assert!(replayed, "request {i} was answered, so its retry is a replay");
                assert_eq!(&body, first_body, "the replay of request {i} is the first answer");
            }
            None if !replayed => fresh += 1,
            None => {}
        }
    }

    let list: Value = client
        .get(format!("{}/api/v1/institutions?limit=200", server.address))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list sent")
        .json()
        .await
        .expect("list JSON");
    for i in 0..REQUESTS {
        let hei_id = format!("crash-{i}.example");
        let copies = list["items"].as_array().expect("items").iter().filter(|item| item["hei_id"] == hei_id).count();
        assert_eq!(copies, 1, "request {i} and its retry made {copies} institutions");
    }
    eprintln!("{lost} of {REQUESTS} answers lost in the kill; {fresh} of those ran afresh on retry, the rest replayed");
}

/// Retries request `i` until it is not in progress; returns its status, body and whether it
/// was a replay.
async fn retry(client: &reqwest::Client, server: &str, token: &str, i: usize) -> (u16, Value, bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let response = post(client, server, token, i).await.expect("retry sent");
        let status = response.status().as_u16();
        let replayed = response.headers().get("idempotent-replayed").is_some();
        let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body: Value = response.json().await.expect("JSON answer");
        if status != 409 {
            return (status, body, replayed);
        }
        assert_eq!(body["code"], "idempotency_key_in_progress", "request {i}: {body}");
        assert!(Instant::now() < deadline, "request {i}: its key is still in progress 30 s after the restart");
        let seconds: u64 = retry_after.expect("a 409 in progress carries Retry-After").parse().expect("seconds");
        tokio::time::sleep(Duration::from_secs(seconds)).await;
    }
}
