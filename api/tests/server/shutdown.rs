//! SIGTERM with requests in flight (issue 11 item 9): readiness turns 503 first, every request
//! already sent is answered, and the process then exits cleanly.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use crate::process::{ADMIN_PASSWORD, Server};

/// Sign-ins in flight when the signal comes: each checks an argon2 hash, so together they
/// keep the server busy for a while.
const IN_FLIGHT: usize = 32;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_answers_every_request_in_flight_and_readiness_turns_503_first() {
    let mut server = Server::start(&[
        ("IRO_SHUTDOWN_GRACE", "2"),
        ("IRO_SHUTDOWN_TIMEOUT", "30"),
        // Parallel sign-ins of one user from one address are not what this test is about.
        ("IRO_LOGIN_MAX_FAILURES", "1000"),
    ]);
    let sign_ins = sign_in_many(&server, &Arc::new(AtomicUsize::new(0)));
    // Let the requests reach the socket, then stop the server under them. (actix's own
    // handling reset all 32 connections 20–40 ms after they were sent.)
    tokio::time::sleep(Duration::from_millis(20)).await;
    server.signal("TERM");

    // A fresh connection per probe, as a load balancer's health check makes.
    let probe = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("probe client");
    let ready = format!("{}/health/ready", server.address);
    let mut readiness = Vec::new();
    loop {
        match probe.get(&ready).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let connection = response.headers().get("connection").and_then(|v| v.to_str().ok());
                if status == 503 {
                    assert_eq!(connection, Some("close"), "a draining server keeps connections open");
                }
                readiness.push(status);
            }
            // Refused: the server no longer accepts connections.
            Err(_) => break,
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    assert_all_answered(sign_ins).await;
    assert!(
        readiness.contains(&503),
        "readiness never answered 503 before the server stopped accepting: {readiness:?}"
    );
    let first_503 = readiness.iter().position(|&s| s == 503).unwrap_or_default();
    assert!(readiness[first_503..].iter().all(|&s| s == 503), "readiness came back after 503: {readiness:?}");
    let status = server.wait_exit(Duration::from_secs(40));
    assert!(status.success(), "iro exited with {status}; its log:\n{}", server.log().join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_skips_the_grace_and_still_answers_the_requests_in_flight() {
    let mut server = Server::start(&[("IRO_SHUTDOWN_GRACE", "30"), ("IRO_LOGIN_MAX_FAILURES", "1000")]);
    let answered = Arc::new(AtomicUsize::new(0));
    let sign_ins = sign_in_many(&server, &answered);
    // Without a grace, only connections already accepted are served, so wait until the server
    // is surely working on them: a few answers are back (actix's own SIGINT handling is a
    // forced stop, which closed the rest unanswered).
    let deadline = Instant::now() + Duration::from_secs(60);
    while answered.load(Ordering::SeqCst) < 4 {
        assert!(Instant::now() < deadline, "the sign-ins are not answered at all");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let signalled = Instant::now();
    server.signal("INT");
    let before = answered.load(Ordering::SeqCst);
    assert!(before < IN_FLIGHT, "every sign-in was answered before the signal; nothing was in flight");
    assert_all_answered(sign_ins).await;
    let status = server.wait_exit(Duration::from_secs(20));
    assert!(status.success(), "iro exited with {status}; its log:\n{}", server.log().join("\n"));
    assert!(signalled.elapsed() < Duration::from_secs(20), "SIGINT waited for the 30 s grace");
}

/// Starts `IN_FLIGHT` sign-ins of the admin at once; each task yields the answer's status and
/// counts itself in `answered`.
fn sign_in_many(server: &Server, answered: &Arc<AtomicUsize>) -> Vec<JoinHandle<reqwest::Result<u16>>> {
    let client = Server::client();
    let url = format!("{}/api/v1/auth/token", server.address);
    let form = [("grant_type", "password"), ("username", "admin"), ("password", ADMIN_PASSWORD)];
    (0..IN_FLIGHT)
        .map(|_| {
            let request = client.post(&url).form(&form).send();
            let answered = Arc::clone(answered);
            tokio::spawn(async move {
                let response = request.await?;
                let status = response.status().as_u16();
                let body = response.bytes().await.map(|_| status);
                answered.fetch_add(1, Ordering::SeqCst);
                body
            })
        })
        .collect()
}

/// Every sign-in got an answer, and not a server error. (A 429 can happen: a parallel
/// successful sign-in of the same user clears the throttle row another attempt is counting on,
/// which that attempt reads as a lock; that is the throttle's business, not shutdown's.)
async fn assert_all_answered(sign_ins: Vec<JoinHandle<reqwest::Result<u16>>>) {
    let mut unanswered = Vec::new();
    for (i, sign_in) in sign_ins.into_iter().enumerate() {
        match sign_in.await.expect("task") {
            Ok(status) => assert!(status < 500, "sign-in {i} was answered {status}"),
            Err(error) => unanswered.push(format!("sign-in {i}: {error:?}")),
        }
    }
    assert!(unanswered.is_empty(), "{} of {IN_FLIGHT} requests got no answer: {unanswered:#?}", unanswered.len());
}
