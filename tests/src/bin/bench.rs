//! Benchmark: in one run, requests per second and latency percentiles (p50/p90/p99/max) of
//! `GET /api/v1/institutions/{id}` and of a 50-item institution list page over 10,000 seeded
//! institutions, each compared with `GET /health/live` (the framework's own ceiling: routing,
//! middleware and HTTP with no database) as a ratio.
//!
//! Run it with a release build (debug numbers are meaningless):
//!
//! ```text
//! cargo run --release -p iro-tests --bin bench -- --seconds 5
//! IRO_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!     cargo run --release -p iro-tests --bin bench -- --seconds 5 --json bench-postgres.json
//! ```
//!
//! The real server starts in-process through the test harness (`iro_tests::spawn_app_with`) on
//! a fresh database: a temporary SQLite file, or a new PostgreSQL database on the server
//! `IRO_TEST_DATABASE_URL` names (dropped afterwards). Institutions are seeded straight through
//! the persistence layer. Every scenario runs a warm-up, then a timed phase in which
//! `--concurrency` client tasks loop requests over one keep-alive `reqwest::Client` with an
//! admin bearer token. Any non-2xx answer or transport error is counted and makes the run exit
//! non-zero.
//!
//! The server gets one HTTP worker by default (`--workers 1`): on a 2-core machine the load
//! generator and the server (its worker plus the blocking threads that run database queries)
//! then share the cores the same way on every run, so runs and the ratios between scenarios
//! are comparable. Ratios against `/health/live` measured in the same run are the numbers to
//! compare across machines; absolute req/s are not.

use std::error::Error;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use clap::Parser;
use iro_domain::{Contact, CountryCode, HeiId, InstitutionData, LocalizedText};
use iro_persistence::RepoError;
use iro_persistence::repositories::institutions;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde_json::{Value, json};

type BoxError = Box<dyn Error + Send + Sync>;

/// Countries the seeded institutions rotate through; the filtered list page asks for `RU`.
const COUNTRIES: [&str; 7] = ["MK", "RU", "BG", "RS", "DE", "PL", "IT"];
/// Page size of the list scenario.
const PAGE_SIZE: usize = 50;
/// Rows per seeding transaction.
const SEED_BATCH: usize = 500;

/// Throughput and latency of institution reads against `/health/live`, in one run.
#[derive(Debug, Parser)]
#[command(name = "bench")]
struct Args {
    /// Institutions to seed before measuring.
    #[arg(long, default_value_t = 10_000)]
    institutions: usize,
    /// Length of each scenario's timed phase, in seconds.
    #[arg(long, default_value_t = 5.0)]
    seconds: f64,
    /// Length of each scenario's warm-up (not measured), in seconds.
    #[arg(long, default_value_t = 1.0)]
    warmup: f64,
    /// Client tasks sending requests at the same time (each waits for its answer).
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// HTTP worker threads of the server. 1 keeps server and load generator sharing a
    /// 2-core machine predictably.
    #[arg(long, default_value_t = 1)]
    workers: usize,
    /// Threads of the load generator's tokio runtime (default: one per CPU).
    #[arg(long)]
    client_threads: Option<usize>,
    /// Database connections in the server's pool.
    #[arg(long, default_value_t = 8)]
    db_pool_size: u32,
    /// Seed of the random choice of ids and cursors (runs with the same seed ask the same).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Also write the results as JSON to this file.
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("bench: some requests failed; the numbers above are not trustworthy");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("bench: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs every scenario and reports; `Ok(false)` when any request failed.
fn run(args: &Args) -> Result<bool, BoxError> {
    validate(args)?;
    // The server logs every request only through a `log` logger; none is installed here, so
    // request logging costs nothing. Keep it that way: do not initialise env_logger.
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let client_threads = args.client_threads.unwrap_or(cpus).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(client_threads).enable_all().build()?;
    let outcome = runtime.block_on(measure(args, cpus, client_threads));
    // The server's own threads keep running until the process ends; do not wait for them.
    runtime.shutdown_timeout(Duration::from_secs(1));
    outcome
}

fn validate(args: &Args) -> Result<(), BoxError> {
    if !(args.seconds.is_finite() && args.seconds > 0.0) {
        return Err("--seconds must be positive".into());
    }
    if !(args.warmup.is_finite() && args.warmup >= 0.0) {
        return Err("--warmup must not be negative".into());
    }
    if args.institutions == 0 || args.concurrency == 0 || args.workers == 0 || args.db_pool_size == 0 {
        return Err("--institutions, --concurrency, --workers and --db-pool-size must be at least 1".into());
    }
    Ok(())
}

async fn measure(args: &Args, cpus: usize, client_threads: usize) -> Result<bool, BoxError> {
    let debug_build = cfg!(debug_assertions);
    if debug_build {
        warn_debug();
    }
    let workers = args.workers;
    let pool_size = args.db_pool_size;
    let app = iro_tests::spawn_app_with(|settings| {
        settings.workers = Some(workers);
        settings.db_pool_size = pool_size;
        // Long runs must not outlive the admin's token.
        settings.access_token_ttl = 24 * 3600;
    })
    .await;
    let engine = if app.database.is_postgres() { "PostgreSQL" } else { "SQLite" };
    let profile = if debug_build { "debug" } else { "release" };

    let mut out = String::new();
    writeln!(out, "iro benchmark")?;
    writeln!(out, "  engine        {engine}")?;
    writeln!(out, "  build profile {profile}")?;
    writeln!(out, "  CPUs          {cpus}")?;
    writeln!(
        out,
        "  setup         {} server worker(s), db pool {}, {} client thread(s), concurrency {}",
        args.workers, args.db_pool_size, client_threads, args.concurrency
    )?;
    writeln!(out, "  phases        {:.1} s warm-up + {:.1} s measured per scenario", args.warmup, args.seconds)?;
    print(&out);

    let seeding = Instant::now();
    let url = app.database.url().to_owned();
    let count = args.institutions;
    let ids = tokio::task::spawn_blocking(move || seed(&url, count)).await??;
    print(&format!("  seeded        {} institutions in {:.1} s", ids.len(), seeding.elapsed().as_secs_f64()));

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency * 2)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(30))
        .build()?;
    let token = app.admin_token().await;
    let authorization = HeaderValue::from_str(&format!("Bearer {token}"))?;
    let base = app.address.clone();

    let cursors = collect_cursors(&client, &base, &authorization, args.institutions).await?;
    let first_page = format!("{base}/api/v1/institutions?limit={PAGE_SIZE}");
    let mut cursor_pages: Vec<String> = cursors.iter().map(|cursor| format!("{first_page}&cursor={cursor}")).collect();
    if cursor_pages.is_empty() {
        // Fewer institutions than one page: the "cursor page" is the first page again.
        cursor_pages.push(first_page.clone());
    }
    let list_targets = Targets::ListMix {
        first: first_page,
        filtered: format!("{base}/api/v1/institutions?country=RU&limit={PAGE_SIZE}"),
        cursors: cursor_pages,
    };
    let scenarios = [
        ("health", Targets::Fixed(format!("{base}/health/live"))),
        ("get_by_id", Targets::Random(ids.iter().map(|id| format!("{base}/api/v1/institutions/{id}")).collect())),
        ("list_page", list_targets),
    ];
    print(&format!(
        "  list_page     cycles: first page, a random one of {} cursor pages, first page of ?country=RU",
        cursors.len()
    ));

    let load = Load {
        client,
        authorization,
        concurrency: args.concurrency,
        warmup: Duration::from_secs_f64(args.warmup),
        measured: Duration::from_secs_f64(args.seconds),
    };
    let mut results = Vec::new();
    for (index, (name, targets)) in scenarios.into_iter().enumerate() {
        let scenario_seed = args.seed.wrapping_add((index as u64) << 32);
        let result = load.scenario(name, Arc::new(targets), scenario_seed).await;
        print(&format!("  ran           {:<10} {} requests, {} errors", result.name, result.requests, result.errors));
        results.push(result);
    }

    print(&report(&results));
    if debug_build {
        warn_debug();
    }
    if let Some(path) = &args.json {
        let document = json_report(&results, engine, profile, cpus, client_threads, args);
        std::fs::write(path, serde_json::to_string_pretty(&document)? + "\n")
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        print(&format!("JSON written to {}", path.display()));
    }

    let failed: Vec<&Outcome> = results.iter().filter(|r| r.errors > 0 || r.warmup_errors > 0).collect();
    for result in &failed {
        eprintln!(
            "bench: {}: {} failed request(s) measured, {} in the warm-up; first: {}",
            result.name,
            result.errors,
            result.warmup_errors,
            result.first_error.as_deref().unwrap_or("?")
        );
    }
    drop(app);
    Ok(failed.is_empty())
}

/// Writes the report to standard output (results, not logs).
fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", text.trim_end_matches('\n'));
    let _ = stdout.flush();
}

fn warn_debug() {
    eprintln!();
    let rule = "!".repeat(84);
    eprintln!("{rule}");
    eprintln!("!! WARNING: this is a DEBUG build. Its numbers are meaningless for performance.   !!");
    eprintln!("!! Measure with --release: cargo run --release -p iro-tests --bin bench           !!");
    eprintln!("{rule}");
    eprintln!();
}

/// Inserts `count` partner institutions in transactions of `SEED_BATCH`; returns their ids.
fn seed(url: &str, count: usize) -> Result<Vec<String>, BoxError> {
    let data = (0..count).map(institution).collect::<Result<Vec<_>, _>>()?;
    let mut conn = iro_persistence::establish(url)?;
    let now = Utc::now();
    let mut ids = Vec::with_capacity(count);
    for batch in data.chunks(SEED_BATCH) {
        let stored = iro_persistence::write_transaction(&mut conn, |conn| {
            batch.iter().map(|item| institutions::insert(conn, item, now)).collect::<Result<Vec<_>, RepoError>>()
        })?;
        ids.extend(stored.into_iter().map(|institution| institution.id.to_string()));
    }
    Ok(ids)
}

/// The `i`-th seeded institution: realistic field sizes, countries rotating over `COUNTRIES`.
fn institution(i: usize) -> Result<InstitutionData, iro_domain::InvalidValue> {
    let country = COUNTRIES[i % COUNTRIES.len()];
    let domain = format!("uni-{i}.example.org");
    let english = format!("University number {i}");
    let local = format!("Универзитет број {i}");
    Ok(InstitutionData {
        hei_id: HeiId::parse(&domain)?,
        erasmus_code: None,
        pic: None,
        oid: None,
        name: LocalizedText::parse([("en", english.as_str()), ("mk", local.as_str())])?,
        abbreviation: Some(format!("U{i}")),
        country: CountryCode::parse(country)?,
        city: Some(format!("City {}", i % 100)),
        website: Some(format!("https://{domain}")),
        is_local: false,
        ewp_enabled: i.is_multiple_of(2),
        contacts: vec![Contact {
            name: None,
            role: Some("International office".to_owned()),
            emails: vec![format!("io@{domain}")],
            phones: vec!["+389 2 3293 293".to_owned()],
        }],
    })
}

/// Walks the whole unfiltered list once: checks it holds the seeded institutions and returns
/// every page's cursor, for the list scenario to pick pages from.
async fn collect_cursors(
    client: &reqwest::Client,
    base: &str,
    authorization: &HeaderValue,
    expected: usize,
) -> Result<Vec<String>, BoxError> {
    let mut cursors: Vec<String> = Vec::new();
    let mut seen = 0;
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{base}/api/v1/institutions?limit={PAGE_SIZE}");
        if let Some(cursor) = &cursor {
            url.push_str("&cursor=");
            url.push_str(cursor);
        }
        let response = client.get(&url).header(AUTHORIZATION, authorization.clone()).send().await?;
        let status = response.status();
        let text = response.text().await?;
        if !status.is_success() {
            return Err(format!("GET {url} answered {status}: {text}").into());
        }
        let page: Value = serde_json::from_str(&text)?;
        seen += page["items"].as_array().map_or(0, Vec::len);
        match page["next_cursor"].as_str() {
            Some(next) => {
                cursors.push(next.to_owned());
                cursor = Some(next.to_owned());
            }
            None => break,
        }
    }
    if seen < expected {
        return Err(format!("the list holds {seen} institutions, expected at least {expected}").into());
    }
    Ok(cursors)
}

/// Which URL each request of a scenario asks for.
enum Targets {
    /// Always the same.
    Fixed(String),
    /// A uniformly random one.
    Random(Vec<String>),
    /// In turn: the first page, a random cursor page, the filtered first page.
    ListMix { first: String, filtered: String, cursors: Vec<String> },
}

impl Targets {
    fn pick(&self, rng: &mut SmallRng, turn: u64) -> &str {
        match self {
            Targets::Fixed(url) => url,
            Targets::Random(urls) => &urls[rng.random_range(0..urls.len())],
            Targets::ListMix { first, filtered, cursors } => match turn % 3 {
                0 => first,
                1 => &cursors[rng.random_range(0..cursors.len())],
                _ => filtered,
            },
        }
    }
}

/// How the load is generated.
struct Load {
    client: reqwest::Client,
    authorization: HeaderValue,
    concurrency: usize,
    warmup: Duration,
    measured: Duration,
}

/// What one client task saw.
#[derive(Default)]
struct TaskResult {
    latencies: Vec<Duration>,
    errors: u64,
    first_error: Option<String>,
}

/// The merged result of a scenario's timed phase.
struct Outcome {
    name: &'static str,
    requests: usize,
    errors: u64,
    warmup_errors: u64,
    first_error: Option<String>,
    elapsed: Duration,
    /// Sorted ascending.
    latencies: Vec<Duration>,
}

impl Outcome {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
    }

    /// Nearest-rank percentile in milliseconds (0 with no samples).
    fn percentile_ms(&self, quantile: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let rank = (quantile * self.latencies.len() as f64).ceil() as usize;
        let index = rank.clamp(1, self.latencies.len()) - 1;
        millis(self.latencies[index])
    }

    fn max_ms(&self) -> f64 {
        self.latencies.last().map_or(0.0, |d| millis(*d))
    }
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

impl Load {
    /// Warm-up, then the timed phase.
    async fn scenario(&self, name: &'static str, targets: Arc<Targets>, seed: u64) -> Outcome {
        let (warmup, _) = self.phase(&targets, self.warmup, seed ^ 0x5eed).await;
        let (measured, elapsed) = self.phase(&targets, self.measured, seed).await;
        let warmup_errors = warmup.iter().map(|task| task.errors).sum();
        let warmup_first_error = warmup.into_iter().find_map(|task| task.first_error);
        let mut latencies = Vec::with_capacity(measured.iter().map(|task| task.latencies.len()).sum());
        let mut errors = 0;
        let mut first_error = None;
        for task in measured {
            latencies.extend(task.latencies);
            errors += task.errors;
            first_error = first_error.or(task.first_error);
        }
        latencies.sort_unstable();
        Outcome {
            name,
            requests: latencies.len(),
            errors,
            warmup_errors,
            first_error: first_error.or(warmup_first_error),
            elapsed,
            latencies,
        }
    }

    /// `concurrency` tasks loop requests until `length` has passed; returns what each saw and
    /// the wall time until the last answer.
    async fn phase(&self, targets: &Arc<Targets>, length: Duration, seed: u64) -> (Vec<TaskResult>, Duration) {
        let start = Instant::now();
        let deadline = start + length;
        let handles: Vec<_> = (0..self.concurrency)
            .map(|task| {
                let client = self.client.clone();
                let authorization = self.authorization.clone();
                let targets = Arc::clone(targets);
                let rng = SmallRng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(task as u64));
                tokio::spawn(client_task(client, authorization, targets, deadline, rng, task as u64))
            })
            .collect();
        let mut results = Vec::with_capacity(handles.len());
        for handle in handles {
            match handle.await {
                Ok(result) => results.push(result),
                Err(error) => results.push(TaskResult {
                    errors: 1,
                    first_error: Some(format!("client task failed: {error}")),
                    ..TaskResult::default()
                }),
            }
        }
        (results, start.elapsed())
    }
}

/// One client: sends a request, reads the whole answer, repeats until the deadline.
async fn client_task(
    client: reqwest::Client,
    authorization: HeaderValue,
    targets: Arc<Targets>,
    deadline: Instant,
    mut rng: SmallRng,
    offset: u64,
) -> TaskResult {
    let mut result = TaskResult::default();
    let mut turn = offset;
    while Instant::now() < deadline {
        let url = targets.pick(&mut rng, turn);
        turn += 1;
        let start = Instant::now();
        let failure = match client.get(url).header(AUTHORIZATION, authorization.clone()).send().await {
            Ok(response) => {
                let status = response.status();
                match response.bytes().await {
                    Ok(_) if status.is_success() => None,
                    Ok(body) => Some(format!("GET {url} answered {status}: {}", String::from_utf8_lossy(&body))),
                    Err(error) => Some(format!("GET {url}: reading the body failed: {error}")),
                }
            }
            Err(error) => Some(format!("GET {url}: {error}")),
        };
        result.latencies.push(start.elapsed());
        if let Some(failure) = failure {
            result.errors += 1;
            result.first_error.get_or_insert(failure);
        }
    }
    result
}

/// The table and the ratio lines.
fn report(results: &[Outcome]) -> String {
    let health = results.iter().find(|r| r.name == "health");
    let mut out = String::new();
    let _ = writeln!(out);
    let header = format!(
        "{:<10} {:>9} {:>7} {:>10} {:>8} {:>8} {:>8} {:>8} {:>13} {:>13}",
        "scenario", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "req/s÷health", "p99÷health"
    );
    let _ = writeln!(out, "{header}");
    let _ = writeln!(out, "{}", "-".repeat(header.chars().count()));
    for result in results {
        let (throughput, p99) = ratios(result, health);
        let _ = writeln!(
            out,
            "{:<10} {:>9} {:>7} {:>10.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>12.2}× {:>12.2}×",
            result.name,
            result.requests,
            result.errors + result.warmup_errors,
            result.per_second(),
            result.percentile_ms(0.50),
            result.percentile_ms(0.90),
            result.percentile_ms(0.99),
            result.max_ms(),
            throughput,
            p99,
        );
    }
    let _ = writeln!(out);
    for result in results.iter().filter(|r| r.name != "health") {
        let (throughput, p99) = ratios(result, health);
        let _ = writeln!(out, "{}: {throughput:.2}× health throughput, p99 {p99:.2}× health", result.name);
    }
    out
}

/// (req/s ÷ health req/s, p99 ÷ health p99); NaN without a health result.
fn ratios(result: &Outcome, health: Option<&Outcome>) -> (f64, f64) {
    match health {
        Some(health) => {
            (result.per_second() / health.per_second(), result.percentile_ms(0.99) / health.percentile_ms(0.99))
        }
        None => (f64::NAN, f64::NAN),
    }
}

fn json_report(
    results: &[Outcome],
    engine: &str,
    profile: &str,
    cpus: usize,
    client_threads: usize,
    args: &Args,
) -> Value {
    let health = results.iter().find(|r| r.name == "health");
    let scenarios: Vec<Value> = results
        .iter()
        .map(|result| {
            let (throughput, p99) = ratios(result, health);
            json!({
                "name": result.name,
                "requests": result.requests,
                "errors": result.errors,
                "warmup_errors": result.warmup_errors,
                "seconds": result.elapsed.as_secs_f64(),
                "requests_per_second": result.per_second(),
                "p50_ms": result.percentile_ms(0.50),
                "p90_ms": result.percentile_ms(0.90),
                "p99_ms": result.percentile_ms(0.99),
                "max_ms": result.max_ms(),
                "throughput_ratio_to_health": throughput,
                "p99_ratio_to_health": p99,
            })
        })
        .collect();
    json!({
        "engine": engine,
        "profile": profile,
        "cpus": cpus,
        "server_workers": args.workers,
        "db_pool_size": args.db_pool_size,
        "client_threads": client_threads,
        "concurrency": args.concurrency,
        "institutions": args.institutions,
        "warmup_seconds": args.warmup,
        "measured_seconds": args.seconds,
        "seed": args.seed,
        "timestamp": Utc::now().to_rfc3339(),
        "scenarios": scenarios,
    })
}
