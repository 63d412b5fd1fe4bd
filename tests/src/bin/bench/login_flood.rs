//! `--login-flood` (issue 11 item 3): `GET /api/v1/me` alone, then again while
//! `--flood-clients` tasks (default 200) each keep one password sign-in with a random
//! username, a random password and a random client address (`X-Forwarded-For`, the server
//! trusting it for this run, as behind a proxy) in flight, answer after answer, as a
//! distributed guesser would; the address throttle therefore never steps in. Reports the
//! latency of `/me` in both runs, what the sign-ins were answered, and the peak resident
//! memory of the process (server and load generator) during the flood.
//!
//! 200 such sign-ins once made other calls take 6.7–12 s and the server peak at 2.47 GB:
//! every one held a database connection while argon2 (19 MiB each) checked its password.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::{Load, Outcome, Targets, print};

/// Tasks measuring `/me` (each waits for its answer before the next request).
const ME_CLIENTS: usize = 4;

/// What the sign-ins of the flood were answered, and the memory the process took meanwhile.
#[derive(Debug, Clone)]
pub struct Flood {
    /// Answers of the flood's sign-ins by status.
    pub statuses: BTreeMap<u16, u64>,
    /// Sign-ins that got no answer (transport errors, timeouts).
    pub unanswered: u64,
    /// The first of those.
    pub first_unanswered: Option<String>,
    /// Resident memory before the flood, KiB.
    pub rss_before_kib: Option<u64>,
    /// Peak resident memory from the start of the flood to its end, KiB (since process start
    /// if the kernel cannot reset the peak).
    pub peak_rss_kib: Option<u64>,
    /// Whether `peak_rss_kib` covers the flood only.
    pub peak_reset: bool,
}

/// Runs the scenario against the server at `base`, `/me` authorised by `load`'s token;
/// returns `/me` alone, `/me` during the flood, and the flood.
pub async fn run(load: &Load, base: &str, clients: usize, seed: u64) -> (Outcome, Outcome, Flood) {
    let me = Arc::new(Targets::Fixed(format!("{base}/api/v1/me")));
    let me_load = Load { concurrency: ME_CLIENTS, ..load.clone() };
    let me_alone = me_load.scenario("me", Arc::clone(&me), seed).await;

    let rss_before_kib = proc_status_kib("VmRSS");
    let peak_reset = reset_peak_rss();
    let stop = Arc::new(AtomicBool::new(false));
    let flood_client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap_or_else(|_| load.client.clone());
    let url = format!("{base}/api/v1/auth/token");
    let tasks: Vec<_> = (0..clients)
        .map(|task| {
            let rng = SmallRng::seed_from_u64(seed ^ (task as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            tokio::spawn(guess(flood_client.clone(), url.clone(), Arc::clone(&stop), rng))
        })
        .collect();
    // `me_load.scenario` warms up first, so the flood has built up before `/me` is measured.
    let me_in_flood = me_load.scenario("me_in_flood", me, seed.wrapping_add(1)).await;
    stop.store(true, Ordering::SeqCst);
    let mut statuses = BTreeMap::new();
    let mut unanswered = 0;
    let mut first_unanswered = None;
    for task in tasks {
        match task.await {
            Ok(seen) => {
                for (status, count) in seen.statuses {
                    *statuses.entry(status).or_insert(0) += count;
                }
                unanswered += seen.unanswered;
                first_unanswered = first_unanswered.or(seen.first_unanswered);
            }
            Err(error) => {
                unanswered += 1;
                first_unanswered.get_or_insert(format!("flood task failed: {error}"));
            }
        }
    }
    let flood = Flood {
        statuses,
        unanswered,
        first_unanswered,
        rss_before_kib,
        peak_rss_kib: proc_status_kib("VmHWM"),
        peak_reset,
    };
    print(&format!("  login_flood   {}", flood.summary(clients)));
    (me_alone, me_in_flood, flood)
}

impl Flood {
    /// One line: what the sign-ins got and the memory.
    pub fn summary(&self, clients: usize) -> String {
        let flood = self;
        let answers: Vec<String> = flood.statuses.iter().map(|(status, count)| format!("{count} × {status}")).collect();
        let mib =
            |kib: Option<u64>| kib.map_or_else(|| "?".to_owned(), |kib| format!("{:.0} MiB", kib as f64 / 1024.0));
        format!(
            "{clients} sign-in clients: {} answered ({}), {} unanswered; process RSS {} before, peak {} during the flood{}",
            flood.statuses.values().sum::<u64>(),
            answers.join(", "),
            flood.unanswered,
            mib(flood.rss_before_kib),
            mib(flood.peak_rss_kib),
            if flood.peak_reset { "" } else { " (peak since process start: /proc/self/clear_refs refused)" }
        )
    }
}

/// What one flood task saw.
#[derive(Default)]
struct Guesses {
    statuses: BTreeMap<u16, u64>,
    unanswered: u64,
    first_unanswered: Option<String>,
}

/// Signs in with random credentials from a random address, again and again, until `stop`.
async fn guess(client: reqwest::Client, url: String, stop: Arc<AtomicBool>, mut rng: SmallRng) -> Guesses {
    let mut seen = Guesses::default();
    while !stop.load(Ordering::SeqCst) {
        let username = format!("flood-{:016x}", rng.random::<u64>());
        let password = format!("guess-{:016x}", rng.random::<u64>());
        let address = format!("10.{}.{}.{}", rng.random::<u8>(), rng.random::<u8>(), rng.random_range(1..255u8));
        let form = [("grant_type", "password"), ("username", username.as_str()), ("password", password.as_str())];
        match client.post(&url).header("x-forwarded-for", address).form(&form).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                match response.bytes().await {
                    Ok(_) => *seen.statuses.entry(status).or_insert(0) += 1,
                    Err(error) => {
                        seen.unanswered += 1;
                        seen.first_unanswered.get_or_insert(format!("reading a sign-in's answer failed: {error}"));
                    }
                }
            }
            Err(error) => {
                seen.unanswered += 1;
                seen.first_unanswered.get_or_insert(format!("a sign-in failed: {error}"));
            }
        }
    }
    seen
}

/// A `/proc/self/status` value in KiB (Linux); `None` elsewhere.
pub(super) fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix("kB")?.trim().parse().ok())
}

/// Resets the process's peak resident memory (`VmHWM`) to its current value (Linux ≥ 4.0).
pub(super) fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
