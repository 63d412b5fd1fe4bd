//! A request body that trickles in (issue 11 item 6): once `IRO_BODY_TIMEOUT` has passed the
//! server answers 408 `body_timeout` and closes the connection, instead of keeping it open for
//! as long as the client likes.

use std::time::{Duration, Instant};

use iro_tests::spawn_app_with;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_answered_408_and_the_connection_closed() {
    let app = spawn_app_with(|settings| settings.body_timeout = 1).await;
    let token = app.admin_token().await;
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    let head = format!(
        "POST /api/v1/institutions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"hei_id\": "
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();

    // A byte now and then, as a slow-body attacker sends, while reading what comes back.
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        assert!(started.elapsed() < Duration::from_secs(10), "no answer 10 s into a 1 s body deadline");
        match tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buffer)).await {
            Ok(Ok(0)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buffer[..n]),
            Ok(Err(_)) => break,
            Err(_) => {
                // Still waiting: one more byte, unless the server already stopped reading.
                let _ = stream.write_all(b" ").await;
            }
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "answer: {answer}");
    assert!(answer.contains("body_timeout"), "answer: {answer}");
    assert!(started.elapsed() >= Duration::from_millis(900), "answered before the deadline: {answer}");
}
