//! The request log names paths and query parameters, never their values (issue 11 item 7):
//! `?q=` holds people's names.

use std::time::{Duration, Instant};

use crate::process::Server;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_log_shows_query_parameter_names_without_their_values() {
    let server = Server::start(&[]);
    let client = Server::client();
    let token = server.admin_token(&client).await;
    let url = format!("{}/api/v1/people?q=Petrovska&limit=5", server.address);
    let response = client.get(&url).bearer_auth(&token).send().await.expect("sent");
    assert_eq!(response.status(), 200);

    let deadline = Instant::now() + Duration::from_secs(30);
    let line = loop {
        if let Some(line) = server.log().into_iter().find(|line| line.contains("/api/v1/people")) {
            break line;
        }
        assert!(Instant::now() < deadline, "no request log line; the log:\n{}", server.log().join("\n"));
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(!line.contains("Petrovska"), "the log holds a query value: {line}");
    assert!(line.contains("GET /api/v1/people?q=…&limit=…"), "the path and parameter names are logged: {line}");
    assert!(line.contains(" 200 "), "the status is logged: {line}");
    assert!(!server.log().iter().any(|line| line.contains("Petrovska")), "a log line holds the name");
}
