//! Nothing the product ships or serves mentions the project's design notes, a set of files
//! users do not have: not the seed data (`domain/data`, `persistence/data`), not the
//! migrations, not the README, ARCHITECTURE or `openapi.yaml`, not the served OpenAPI document,
//! and not the `source` of any seeded rule, scale, credit system, fixed table or point band.
//! Facts cite their public sources instead. Every hit is named with its file and line (or URL
//! and row).

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use std::path::{Path, PathBuf};

use iro_tests::{TestApp, json, spawn_app};
use reqwest::Method;
use serde_json::Value;

/// What names a design note: the notes' file names and their folder.
const DESIGN_NOTES: [&str; 5] = ["domain.md", "sources.md", "conventions.md", "stack.md", "design/"];

/// The shipped files and folders, relative to the repository root.
const SHIPPED: [&str; 6] =
    ["domain/data", "persistence/data", "persistence/migrations", "README.md", "ARCHITECTURE.md", "openapi.yaml"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file under `path` (or `path` itself), in a stable order.
fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    entries.iter().flat_map(|entry| files(entry)).collect()
}

/// `where:line: text` for every line of `text` that names a design note.
fn mentions(place: &str, text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| DESIGN_NOTES.iter().any(|note| line.contains(note)))
        .map(|(index, line)| format!("{place}:{}: {}", index + 1, line.trim()))
        .collect()
}

/// The mentions in the shipped files under `root`.
fn mentions_in_files(root: &Path, shipped: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in shipped {
        let path = root.join(entry);
        assert!(path.exists(), "{} is missing", path.display());
        for file in files(&path) {
            let bytes = std::fs::read(&file).unwrap();
            let relative = file.strip_prefix(root).unwrap_or(&file).display().to_string();
            found.extend(mentions(&relative, &String::from_utf8_lossy(&bytes)));
        }
    }
    found
}

#[test]
fn no_shipped_file_mentions_a_design_note() {
    let found = mentions_in_files(&root(), &SHIPPED);
    assert!(found.is_empty(), "shipped files cite design notes users do not have:\n{}", found.join("\n"));
}

#[test]
fn the_scan_names_the_file_and_line_of_a_mention() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/a.rules"), "[visa]\nsource = https://example.org\n").unwrap();
    std::fs::write(dir.path().join("data/b.rules"), "[visa]\nsource = domain.md §10\n").unwrap();
    std::fs::write(dir.path().join("README.md"), "Transcribed from `shared/design/sources.md`.\n").unwrap();
    let found = mentions_in_files(dir.path(), &["data", "README.md"]);
    assert_eq!(
        found,
        [
            format!("{}:2: source = domain.md §10", Path::new("data").join("b.rules").display()),
            "README.md:1: Transcribed from `shared/design/sources.md`.".to_owned(),
        ]
    );
}

/// Every item of a list endpoint, following `next_cursor`.
async fn all_items(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut url = format!("{path}?limit=200");
    loop {
        let response = app.get(&url, token).await;
        assert_eq!(response.status(), 200, "GET {url}");
        let page = json(response).await;
        let Some(page_items) = page["items"].as_array() else {
            // A list that is not paged (credit systems).
            return page.as_array().cloned().unwrap_or_else(|| panic!("GET {url}: no items in {page}"));
        };
        items.extend(page_items.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(cursor) => url = format!("{path}?limit=200&cursor={cursor}"),
            None => return items,
        }
    }
}

#[tokio::test]
async fn nothing_the_api_serves_mentions_a_design_note() {
    let app = spawn_app().await;
    let document = app.request(Method::GET, "/api/openapi.json", None).send().await.unwrap();
    assert_eq!(document.status(), 200);
    let document = serde_json::to_string_pretty(&json(document).await).unwrap();
    let mut found = mentions("GET /api/openapi.json", &document);

    let token = app.token_for("participant", &[]).await;
    let lists = [
        "/api/v1/checklist-rules",
        "/api/v1/grading-scales",
        "/api/v1/credit-systems",
        "/api/v1/fixed-tables",
        "/api/v1/point-bands",
    ];
    let mut sources = 0;
    for path in lists {
        let items = all_items(&app, &token, path).await;
        assert!(!items.is_empty(), "GET {path} lists nothing: the seeds are missing");
        for item in items {
            let row = item["code"].as_str().or(item["id"].as_str()).unwrap_or_default().to_owned();
            assert!(item["source"].is_string(), "GET {path}: {row} has no source");
            // The source, and anything else the row says (notes, names), one field a line.
            found.extend(mentions(&format!("GET {path}, {row}"), &serde_json::to_string_pretty(&item).unwrap()));
            sources += 1;
        }
    }
    assert!(sources >= 70, "only {sources} seeded sources were served");
    assert!(found.is_empty(), "the API serves mentions of design notes users do not have:\n{}", found.join("\n"));
}
