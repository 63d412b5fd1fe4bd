//! Sign-ins under load (issue 11 item 3): password checks run a few at a time, the rest of a
//! flood is refused at once with 503 `server_busy` and `Retry-After`, and no sign-in holds a
//! database connection while its password is checked.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed request is a failed test")]

use std::time::Duration;

use iro_domain::Role;
use iro_persistence::repositories::users::{self, NewUser};
use iro_tests::{TestApp, assert_problem, spawn_app_with};
use reqwest::{Method, Response};
use tokio::task::JoinHandle;

/// The password of [`SLOW_HASH`].
const SLOW_PASSWORD: &str = "a password that takes long to check";
/// `SLOW_PASSWORD` hashed with argon2id at 120 passes instead of the default 2 (same 19 MiB):
/// checking it takes about a second, far longer than anything else a test here waits for,
/// which makes "while a password is being checked" a wide window instead of a race.
const SLOW_HASH: &str =
    "$argon2id$v=19$m=19456,t=120,p=1$CLXYE6gi3VvOS2ioosPbTA$bD+unewOpQDZ2Mp4stXZQ4vdVy82WgqDgMZuJwm3d10";

/// A server whose sign-ins check `concurrency` passwords at once with `queue` more waiting,
/// on a pool of `pool` connections, and whose throttle does not interfere.
async fn app_with(concurrency: usize, queue: usize, pool: u32) -> TestApp {
    spawn_app_with(|s| {
        s.sign_in_concurrency = Some(concurrency);
        s.sign_in_queue = queue;
        s.db_pool_size = pool;
        s.login_max_failures = 1000;
    })
    .await
}

/// Stores the user `slow` whose password takes about a second to check.
fn add_slow_user(app: &TestApp) {
    let mut conn = iro_persistence::establish(app.database.url()).unwrap();
    let user = NewUser {
        username: "slow".to_owned(),
        password_hash: SLOW_HASH.to_owned(),
        role: Role::Officer,
        full_name: None,
        email: None,
        unit_ids: vec![],
    };
    users::insert(&mut conn, &user, chrono::Utc::now()).unwrap();
}

async fn sign_in(app: &TestApp, username: &str, password: &str) -> Response {
    app.request(Method::POST, "/api/v1/auth/token", None)
        .form(&[("grant_type", "password"), ("username", username), ("password", password)])
        .send()
        .await
        .unwrap()
}

/// The slow user's sign-in, running in the background; sent again while refused as busy
/// (a probe may have taken the last place first), so it ends up admitted.
fn slow_sign_in(app: &TestApp) -> JoinHandle<u16> {
    let client = app.client.clone();
    let url = format!("{}/api/v1/auth/token", app.address);
    tokio::spawn(async move {
        loop {
            let form = [("grant_type", "password"), ("username", "slow"), ("password", SLOW_PASSWORD)];
            let status = client.post(&url).form(&form).send().await.unwrap().status().as_u16();
            if status != 503 {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
}

/// Sends sign-ins of an unknown user, one at a time, until one is refused as busy; returns that
/// answer. The earlier probes are over by then, so the places are the `running` sign-ins'.
/// Fails when every `running` sign-in ended first.
async fn first_busy_answer(app: &TestApp, running: &[JoinHandle<u16>]) -> Response {
    loop {
        let probe = sign_in(app, "nobody", "a guess of a password").await;
        if probe.status() == 503 {
            return probe;
        }
        assert_eq!(probe.status(), 400, "an admitted probe is checked and refused");
        assert!(!running.iter().all(JoinHandle::is_finished), "the slow sign-ins ended before the queue was ever full");
        // Slower than the slow sign-ins' retries, so a place a probe took and gave back goes
        // to one of them.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn with_the_slots_and_the_queue_taken_a_sign_in_gets_503_server_busy_with_retry_after() {
    let app = app_with(1, 1, 8).await;
    add_slow_user(&app);
    // One more than the places, so one is always waiting to take a place that comes free.
    let running = vec![slow_sign_in(&app), slow_sign_in(&app), slow_sign_in(&app)];
    let busy = first_busy_answer(&app, &running).await;
    let retry_after = busy.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert_eq!(retry_after.as_deref(), Some("1"), "Retry-After");
    assert_problem(busy, 503, "server_busy").await;
    for sign_in in running {
        assert_eq!(sign_in.await.unwrap(), 200, "the admitted sign-ins still succeed");
    }
    // Once the checks are done, sign-ins are admitted again.
    assert_eq!(sign_in(&app, "slow", SLOW_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn no_sign_in_holds_a_database_connection_while_its_password_is_checked() {
    // One connection for everything: a sign-in that kept it while hashing would make every
    // other request wait for the hash.
    let app = app_with(2, 0, 1).await;
    add_slow_user(&app);
    let running = vec![slow_sign_in(&app), slow_sign_in(&app)];
    // Both slow sign-ins are admitted once a third is refused; they then check their passwords.
    let _ = first_busy_answer(&app, &running).await;
    let ready = app.client.get(format!("{}/health/ready", app.address)).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert!(
        running.iter().all(|sign_in| !sign_in.is_finished()),
        "readiness had to wait until a sign-in's password check was over"
    );
    for sign_in in running {
        assert_eq!(sign_in.await.unwrap(), 200);
    }
}
