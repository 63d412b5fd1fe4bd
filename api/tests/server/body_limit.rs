//! A compressed request body is inflated only up to the body limit (issue 11 item 4): a gzip
//! bomb of about 100 KB made the server inflate about 100 MB before it answered 413.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::process::Server;

/// What the bomb inflates to: 100 MiB of zeros (about 100 KB compressed).
const INFLATED: usize = 100 * 1024 * 1024;
/// How much the server's peak resident memory may grow while refusing it: a few MiB for
/// buffers and allocator noise; inflating would take at least the 256 KiB limit's multiple.
const MAX_GROWTH_KIB: u64 = 16 * 1024;

/// `INFLATED` zeros, gzip-compressed, written in 1 MiB pieces.
fn gzip_bomb() -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..INFLATED / zeros.len() {
        encoder.write_all(&zeros).expect("compressed");
    }
    encoder.finish().expect("compressed")
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gzip_bomb_is_refused_with_413_without_inflating_it() {
    let bomb = gzip_bomb();
    let server = Server::start(&[]);
    let client = Server::client();
    let token = server.admin_token(&client).await;
    let url = format!("{}/api/v1/institutions", server.address);
    // Warm up the paths a body takes, so the allocator's first growth is not counted.
    let small = client.post(&url).bearer_auth(&token).json(&serde_json::json!({})).send().await.expect("sent");
    assert_eq!(small.status(), 422, "an empty institution is refused as invalid");

    let before = server.memory_kib("VmHWM");
    let response = client
        .post(&url)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(bomb)
        .send()
        .await
        .expect("sent");
    let status = response.status();
    let body: serde_json::Value = response.json().await.expect("a problem body");
    let after = server.memory_kib("VmHWM");
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["code"], "payload_too_large", "{body}");
    assert!(
        after.saturating_sub(before) < MAX_GROWTH_KIB,
        "refusing the bomb raised the server's peak memory from {before} KiB to {after} KiB"
    );
}
