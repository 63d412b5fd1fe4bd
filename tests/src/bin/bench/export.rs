//! The `beneficiary_report` scenario (issue 17): a KA131 grant project with `--export`
//! nominated mobilities seeded straight through the persistence layer, exported once as CSV
//! and once as JSON by `GET /api/v1/grants/{id}/beneficiary-report`; the time of each and the
//! process's peak resident memory while it ran (the server runs in this process), against the
//! resident memory before. A streamed export keeps that peak flat whatever the count.

use std::time::Instant;

use chrono::Utc;
use iro_domain::agreement::Actor;
use iro_domain::{GrantId, MobilityId, MobilityProgramme, MobilityStatus};
use iro_persistence::RepoError;
use iro_persistence::repositories::mobilities::{self, NewMobility};
use iro_persistence::repositories::people;
use reqwest::header::{ACCEPT, AUTHORIZATION};
use serde_json::json;
use uuid::Uuid;

use super::login_flood::{proc_status_kib, reset_peak_rss};
use super::{Api, BoxError, Home, SEED_BATCH, print, set_up_partner};

/// One export's measurements.
pub struct Export {
    /// `text/csv` or `application/json`.
    pub media: &'static str,
    /// Seconds from the request to the last byte.
    pub seconds: f64,
    /// Bytes received.
    pub bytes: usize,
    /// Resident memory before, KiB.
    pub rss_before_kib: Option<u64>,
    /// Peak resident memory during the export, KiB (since the process started when the peak
    /// could not be reset).
    pub peak_rss_kib: Option<u64>,
    /// Whether the peak was reset before the export.
    pub peak_reset: bool,
}

impl Export {
    /// One line of the report.
    pub fn summary(&self, count: usize) -> String {
        let mib = |kib: Option<u64>| kib.map_or("?".to_owned(), |k| format!("{:.0} MiB", k as f64 / 1024.0));
        format!(
            "beneficiary_report {:<16} {count} records in {:.2} s ({:.1} MB), peak RSS {} (before {}){}",
            self.media,
            self.seconds,
            self.bytes as f64 / 1e6,
            mib(self.peak_rss_kib),
            mib(self.rss_before_kib),
            if self.peak_reset { "" } else { " (peak since process start)" }
        )
    }
}

/// Sets up the grant and its `count` mobilities, then exports them as CSV and as JSON.
pub async fn run(api: &Api<'_>, home: &Home, database_url: &str, count: usize) -> Result<Vec<Export>, BoxError> {
    let partner = set_up_partner(api, home, "bench-export.example.bg", "BG", 5).await?;
    let grant = json!({"project_number": "2026-1-MK01-KA131-HED-000999999", "action": "KA131", "call_year": 2026,
        "period_start": "2026-06-01", "period_end": "2028-07-31"});
    let grant = GrantId::from_uuid(Uuid::parse_str(&api.create("/api/v1/grants", &grant).await?)?);
    let template = MobilityId::from_uuid(Uuid::parse_str(&partner.template)?);
    let seeding = Instant::now();
    let url = database_url.to_owned();
    tokio::task::spawn_blocking(move || seed(&url, template, grant, count)).await??;
    print(&format!(
        "  seeded        {count} nominated KA131 mobilities of one grant in {:.1} s",
        seeding.elapsed().as_secs_f64()
    ));
    let path = format!("{}/api/v1/grants/{grant}/beneficiary-report", api.base);
    let mut exports = Vec::new();
    for media in ["text/csv", "application/json"] {
        let rss_before_kib = proc_status_kib("VmRSS");
        let peak_reset = reset_peak_rss();
        let started = Instant::now();
        let mut response = api
            .client
            .get(&path)
            .header(AUTHORIZATION, api.authorization.clone())
            .header(ACCEPT, media)
            .timeout(std::time::Duration::from_secs(600))
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(format!("GET {path} ({media}) answered {}", response.status()).into());
        }
        let (mut bytes, mut lines) = (0, 0);
        // Read as it comes, never held whole: the client's memory stays flat too.
        while let Some(chunk) = response.chunk().await? {
            bytes += chunk.len();
            lines += chunk.iter().filter(|b| **b == b'\n').count();
        }
        let seconds = started.elapsed().as_secs_f64();
        if media == "text/csv" && lines != count + 1 {
            return Err(format!("the CSV export has {lines} lines, expected {} (header and records)", count + 1).into());
        }
        exports.push(Export {
            media,
            seconds,
            bytes,
            rss_before_kib,
            peak_rss_kib: proc_status_kib("VmHWM"),
            peak_reset,
        });
    }
    Ok(exports)
}

/// Stores `count` copies of the template (each with its own person) as nominated Erasmus+
/// KA131 mobilities of `grant`, in transactions of `SEED_BATCH`.
fn seed(url: &str, template: MobilityId, grant: GrantId, count: usize) -> Result<(), BoxError> {
    let mut conn = iro_persistence::establish(url)?;
    let mobility = mobilities::find(&mut conn, template)?;
    let person = people::find(&mut conn, mobility.data.person_id)?;
    let actor = Actor { id: "system:bench".to_owned(), name: "bench".to_owned() };
    let now = Utc::now();
    for start in (0..count).step_by(SEED_BATCH) {
        let end = (start + SEED_BATCH).min(count);
        iro_persistence::write_transaction(&mut conn, |conn| {
            for i in start..end {
                let mut data = person.data.clone();
                data.family_name = format!("Exported {i}");
                let stored = people::insert(conn, &data, now)?;
                let mut copy = mobility.data.clone();
                copy.person_id = stored.id;
                copy.programme = MobilityProgramme::ErasmusKa131;
                copy.grant_id = Some(grant);
                let new = NewMobility {
                    id: MobilityId::generate(),
                    data: &copy,
                    status: MobilityStatus::Nominated,
                    quota_override_reason: None,
                };
                mobilities::insert(conn, &new, &actor, now)?;
            }
            Ok::<_, RepoError>(())
        })?;
    }
    Ok(())
}
