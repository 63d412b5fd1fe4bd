//! Visa and insurance checklists over HTTP (issue 6): rules as data (seeded with provenance,
//! added, replaced, withdrawn, validated), per-mobility checklists in both directions,
//! progress kept across regeneration, the mobility's insurance flag, and the alerts.

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use iro_tests::fixtures::{agreement, institution};
use iro_tests::{assert_problem, json};
use serde_json::{Value, json};

use crate::exchange::{Exchange, MOBILITIES, PEOPLE, condition, created, id, ok};

const RULES: &str = "/api/v1/checklist-rules";

fn checklist_path(mobility: &str) -> String {
    format!("{MOBILITIES}/{mobility}/checklist")
}

fn item_path(mobility: &str, key: &str) -> String {
    format!("{MOBILITIES}/{mobility}/checklist/items/{}", key.replace(' ', "%20"))
}

fn item<'a>(checklist: &'a Value, key: &str) -> Option<&'a Value> {
    checklist["items"].as_array().unwrap().iter().find(|i| i["key"] == key)
}

fn keys(checklist: &Value) -> Vec<String> {
    checklist["items"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap().to_owned()).collect()
}

/// A nominated outgoing semester in Lipetsk (1 September 2026 – 31 January 2027) of an MK
/// student; returns the mobility id.
async fn semester_in_russia(x: &Exchange) -> String {
    let mobility = x.application("Petrovska").await;
    x.walk(&mobility, &[json!({"to": "nominated"})]).await;
    id(&mobility)
}

/// Registers a partner student and an incoming April mobility from their institution.
async fn incoming(x: &Exchange, from: &str, citizenship: &str, condition: Option<&str>) -> String {
    let person = json!({
        "given_names": "Ivan", "family_name": "Partner", "citizenships": [citizenship],
        "home_institution_id": from, "kind": "student", "eqf_level": 6, "isced_f_code": "0613"
    });
    let person = id(&created(x.app.post_json(PEOPLE, &x.admin, &person).await, "partner student").await);
    let body = json!({
        "direction": "incoming", "activity_type": "student_studies", "activity_attribute": "short_term_blended",
        "programme": "bilateral", "person_id": person,
        "agreement_id": condition.map(|_| x.agreement.clone()), "condition_id": condition,
        "sending_institution_id": from,
        "receiving_institution_id": x.ukim, "receiving_unit_id": x.finki,
        "receiving_academic_year": "2026/2027", "planned_start": "2027-04-05", "planned_end": "2027-04-25",
        "eqf_level": 6, "isced_f_code": "0613"
    });
    id(&created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "incoming mobility").await)
}

#[tokio::test]
async fn rules_are_seeded_with_provenance_and_unconfirmed_facts_stay_visible() {
    let x = Exchange::new(5, 25).await;
    let participant = x.app.token_for("participant", &[]).await;
    let all = ok(x.app.get(&format!("{RULES}?limit=200"), &participant).await, "rules").await;
    let items = all["items"].as_array().unwrap();
    assert!(items.len() >= 50, "{} rules", items.len());
    for rule in items {
        let source = rule["source"].as_str().unwrap();
        assert!(source.contains("http") || source.contains("no public source found"), "{rule}");
        assert!(rule["last_checked"].is_string(), "{rule}");
        assert_eq!(rule["origin"], "seed");
    }
    let unconfirmed = ok(x.app.get(&format!("{RULES}?status=unconfirmed"), &x.admin).await, "unconfirmed").await;
    assert!(!unconfirmed["items"].as_array().unwrap().is_empty());
    let registrations = ok(x.app.get(&format!("{RULES}?kind=registration"), &x.admin).await, "registrations").await;
    let registrations = registrations["items"].as_array().unwrap();
    assert_eq!(registrations.len(), 2);
    let mk = registrations.iter().find(|r| r["fields"]["destination"] == "MK").unwrap();
    assert_eq!(mk["fields"]["within"], "24 hours");
    assert_eq!(
        mk["source"],
        "Serbian Ministry of Foreign Affairs, \
         https://www.mfa.rs/en/citizens/travel-abroad/visas-and-states-travel-advisory/north-macedonia ; \
         IBU Skopje, https://iro.ibu.edu.mk/visa-process-upon-arrival/",
        "the public sources of the rule"
    );
    assert_eq!(mk["last_checked"], "2026-11-28", "the day the row was transcribed");
    assert_eq!(mk["valid_from"], Value::Null, "an undated source stays undated");
    // Bulgaria's Schengen dates: rows that held in 2024 and rows that hold now differ.
    let in_2023 = ok(x.app.get(&format!("{RULES}?kind=visa&valid_on=2023-06-01&limit=200"), &x.admin).await, "").await;
    let in_2026 = ok(x.app.get(&format!("{RULES}?kind=visa&valid_on=2026-06-01&limit=200"), &x.admin).await, "").await;
    let bulgarian = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["fields"]["destination"] == "BG" && r["fields"]["citizenship"] == "MK")
            .map(|r| r["fields"]["schengen_shared"].as_str().unwrap_or("no").to_owned())
            .collect()
    };
    assert!(bulgarian(&in_2023).contains(&"no".to_owned()), "{in_2023}");
    assert!(!bulgarian(&in_2026).contains(&"no".to_owned()) || bulgarian(&in_2026).contains(&"yes".to_owned()));
    let one = &registrations[0];
    let fetched = ok(x.app.get(&format!("{RULES}/{}", id(one)), &participant).await, "one rule").await;
    assert_eq!(&fetched, one);
}

#[tokio::test]
async fn the_health_fund_certificate_for_bulgaria_is_an_item_to_obtain_before_departure() {
    let x = Exchange::new(5, 25).await;
    let person = x.student("Bugarska").await;
    let mut body = x.outgoing_body(&person);
    // An Erasmus+ agreement with Sofia in force, with a student condition from us to them.
    let erasmus = agreement("EP-SOFIA-0613", "erasmus_plus", &x.sofia);
    let erasmus = id(&created(x.app.post_json("/api/v1/agreements", &x.admin, &erasmus).await, "agreement").await);
    let conditions = format!("/api/v1/agreements/{erasmus}/conditions");
    let to_sofia = condition(&x.ukim, &x.sofia, 5, 25);
    let to_sofia = id(&created(x.app.post_json(&conditions, &x.admin, &to_sofia).await, "condition").await);
    for to in ["submitted", "approved_by_us", "approved_by_both"] {
        let path = format!("/api/v1/agreements/{erasmus}/status");
        ok(x.app.post_json(&path, &x.admin, &json!({"to": to})).await, to).await;
    }
    body["receiving_institution_id"] = json!(x.sofia);
    body["agreement_id"] = json!(erasmus);
    body["condition_id"] = json!(to_sofia);
    body["programme"] = json!("erasmus_ka131");
    body["planned_start"] = json!("2026-10-01");
    body["planned_end"] = json!("2027-02-15");
    let mobility = id(&created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "mobility to Sofia").await);
    let checklist = ok(x.app.get(&checklist_path(&mobility), &x.admin).await, "checklist").await;
    let covers = checklist["covers"].as_array().unwrap();
    let health = covers.iter().find(|c| c["cover"] == "health").unwrap_or_else(|| panic!("{checklist}")).clone();
    // Urgent care is covered by the certificate, but only once the participant has it.
    assert_eq!(health["arrangement"], "obtain_certificate", "{health}");
    assert_eq!(health["provider"], "state_scheme");
    assert_eq!(health["needs_action"], true);
    assert!(!checklist["covers_to_arrange"].as_array().unwrap().contains(&json!("health")), "{checklist}");
    let key = health["item_key"].as_str().unwrap().to_owned();
    let certificate = item(&checklist, &key).unwrap_or_else(|| panic!("{key} not among {:?}", keys(&checklist)));
    assert!(certificate["title"].as_str().unwrap().contains("РМ/РБ 101"), "{certificate}");
    assert_eq!(certificate["due"], "2026-10-01");
    let reminded = |c: &Value| c["alerts"].as_array().unwrap().iter().any(|a| a["item_key"] == key.as_str());
    assert!(reminded(&checklist), "no reminder to obtain the certificate: {}", checklist["alerts"]);
    let done = json!({"status": "done", "evidence_reference": "РМ/РБ 101 No. 4711"});
    ok(x.app.patch_json(&item_path(&mobility, &key), &x.admin, &done).await, "certificate obtained").await;
    let checklist = ok(x.app.get(&checklist_path(&mobility), &x.admin).await, "checklist").await;
    assert!(!reminded(&checklist), "still reminded after it was obtained: {}", checklist["alerts"]);
}

#[tokio::test]
async fn an_mk_student_in_russia_needs_a_study_visa_and_must_arrange_insurance() {
    let x = Exchange::new(5, 25).await;
    let mobility = semester_in_russia(&x).await;
    let checklist = ok(x.app.get(&checklist_path(&mobility), &x.admin).await, "checklist").await;
    assert_eq!(checklist["facts"]["destination"], "RU");
    assert_eq!(checklist["facts"]["purpose"], "semester_study");
    assert_eq!(checklist["visa_required"], true);
    assert_eq!(checklist["visa"]["need"], "required");
    assert_eq!(checklist["visa"]["visa_type"], "russian_study");
    for document in ["document:invitation_ru", "document:hiv_certificate", "document:russian_medical_insurance"] {
        let found = item(&checklist, document).unwrap_or_else(|| panic!("{document} missing: {:?}", keys(&checklist)));
        assert_eq!(found["status"], "open");
        assert!(found["source"].is_string());
        assert_eq!(found["due"], "2026-09-01");
    }
    assert!(keys(&checklist).iter().any(|k| k.starts_with("registration")), "{:?}", keys(&checklist));
    assert_eq!(checklist["insurance_not_automatic"], true);
    assert!(checklist["covers_to_arrange"].as_array().unwrap().contains(&json!("health")), "{checklist}");
    let health = checklist["covers"].as_array().unwrap().iter().find(|c| c["cover"] == "health").unwrap();
    assert_eq!(health["needs_action"], true);
    // Documents were due on departure, which has passed: the checklist says so.
    let alerts = checklist["alerts"].as_array().unwrap();
    assert!(alerts.iter().any(|a| a["kind"] == "step_overdue" && a["item_key"] == "document:hiv_certificate"));
    assert!(alerts.iter().any(|a| a["kind"] == "insurance_to_arrange"));
    // The mobility itself tells the participant.
    let shown = ok(x.app.get(&format!("{MOBILITIES}/{mobility}"), &x.admin).await, "mobility").await;
    assert_eq!(shown["checklist"]["insurance_not_automatic"], true);
    assert_eq!(shown["checklist"]["covers_to_arrange"], checklist["covers_to_arrange"]);
    assert_eq!(shown["checklist"]["visa_required"], true);
    let listed = ok(x.app.get(MOBILITIES, &x.admin).await, "list").await;
    assert!(listed["items"][0].get("checklist").is_none(), "lists leave the summary out");
}

#[tokio::test]
async fn incoming_russians_need_a_visa_and_police_registration_and_serbians_need_neither_visa_nor_passport() {
    let x = Exchange::new(5, 25).await;
    let russian = incoming(&x, &x.lipetsk, "RU", Some(&x.incoming)).await;
    let checklist = ok(x.app.get(&checklist_path(&russian), &x.admin).await, "russian").await;
    assert_eq!(checklist["facts"]["direction"], "incoming");
    assert_eq!(checklist["facts"]["destination"], "MK");
    assert_eq!(checklist["facts"]["home_country"], "RU");
    assert_eq!(checklist["visa"]["need"], "required");
    assert_eq!(checklist["visa"]["visa_type"], "c");
    let registration = checklist["items"].as_array().unwrap().iter().find(|i| i["kind"] == "registration").unwrap();
    assert!(registration["explanation"].as_str().unwrap().contains("24 hours"), "{registration}");
    assert_eq!(registration["due"], "2027-04-06");

    let belgrade = id(&created(
        x.app.post_json("/api/v1/institutions", &x.admin, &institution("bg.ac.rs", "RS")).await,
        "Belgrade",
    )
    .await);
    let serbian = incoming(&x, &belgrade, "RS", None).await;
    let checklist = ok(x.app.get(&checklist_path(&serbian), &x.admin).await, "serbian").await;
    assert_eq!(checklist["visa"]["need"], "not_required");
    assert_eq!(checklist["visa_required"], false);
    let visa = item(&checklist, "visa").unwrap();
    assert!(visa["explanation"].as_str().unwrap().contains("identity card suffices"), "{visa}");
}

#[tokio::test]
async fn progress_is_kept_by_item_key_when_the_checklist_is_regenerated() {
    let x = Exchange::new(5, 25).await;
    let mobility = semester_in_russia(&x).await;
    let key = "document:hiv_certificate";
    let patch =
        json!({"status": "done", "evidence_reference": "  certificate 2026/114  ", "evidence_date": "2026-08-20"});
    let recorded = ok(x.app.patch_json(&item_path(&mobility, key), &x.admin, &patch).await, "progress").await;
    assert_eq!(recorded["status"], "done");
    assert_eq!(recorded["evidence_reference"], "certificate 2026/114");
    assert_eq!(recorded["updated_by"], "admin");
    assert!(recorded["updated_at"].is_string());
    // A merge patch changes only what it names.
    let noted = ok(x.app.patch_json(&item_path(&mobility, key), &x.admin, &json!({"note": "seen"})).await, "").await;
    assert_eq!((noted["status"].clone(), noted["note"].clone()), (json!("done"), json!("seen")));
    assert_eq!(noted["evidence_date"], "2026-08-20");

    // New dates: regenerated, the item still applies and keeps its progress.
    let path = format!("{MOBILITIES}/{mobility}");
    ok(x.app.patch_json(&path, &x.admin, &json!({"planned_end": "2027-01-15"})).await, "new dates").await;
    let checklist = ok(x.app.get(&checklist_path(&mobility), &x.admin).await, "after dates").await;
    assert_eq!(checklist["facts"]["end"], "2027-01-15");
    assert_eq!(item(&checklist, key).unwrap()["status"], "done");
    let alerts = checklist["alerts"].as_array().unwrap();
    assert!(!alerts.iter().any(|a| a["item_key"] == key), "a done item raises nothing");
    assert!(alerts.iter().any(|a| a["item_key"] == "document:invitation_ru"), "an open one still does");
}

#[tokio::test]
async fn items_that_no_longer_apply_disappear_and_their_progress_returns_with_them() {
    let x = Exchange::new(5, 25).await;
    // A Serbian destination, without condition: an MK citizen needs no HIV certificate there.
    let person = x.student("Trajkovska").await;
    let belgrade = id(&created(
        x.app.post_json("/api/v1/institutions", &x.admin, &institution("bg.ac.rs", "RS")).await,
        "Belgrade",
    )
    .await);
    let mut body = x.outgoing_body(&person);
    body["condition_id"] = Value::Null;
    body["agreement_id"] = Value::Null;
    let mobility = id(&created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "to Lipetsk").await);
    let key = "document:hiv_certificate";
    ok(x.app.patch_json(&item_path(&mobility, key), &x.admin, &json!({"status": "done"})).await, "done").await;
    let path = format!("{MOBILITIES}/{mobility}");
    ok(x.app.patch_json(&path, &x.admin, &json!({"receiving_institution_id": belgrade})).await, "to Belgrade").await;
    let checklist = ok(x.app.get(&checklist_path(&mobility), &x.admin).await, "in Serbia").await;
    assert_eq!(checklist["facts"]["destination"], "RS");
    assert!(item(&checklist, key).is_none(), "{:?}", keys(&checklist));
    assert_problem(
        x.app.patch_json(&item_path(&mobility, key), &x.admin, &json!({"status": "open"})).await,
        404,
        "not_found",
    )
    .await;
    ok(x.app.patch_json(&path, &x.admin, &json!({"receiving_institution_id": x.lipetsk})).await, "back").await;
    let checklist = ok(x.app.get(&checklist_path(&mobility), &x.admin).await, "in Russia again").await;
    assert_eq!(item(&checklist, key).unwrap()["status"], "done");
}

#[tokio::test]
async fn bad_progress_is_refused_and_changes_nothing() {
    let x = Exchange::new(5, 25).await;
    let mobility = semester_in_russia(&x).await;
    let path = item_path(&mobility, "document:hiv_certificate");
    let problem = assert_problem(
        x.app.patch_json(&path, &x.admin, &json!({"status": "finished"})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "status");
    let problem = assert_problem(
        x.app.patch_json(&path, &x.admin, &json!({"updated_by": "someone else"})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["code"], "read_only");
    let long = "x".repeat(2001);
    assert_problem(x.app.patch_json(&path, &x.admin, &json!({"note": long})).await, 422, "validation_failed").await;
    let checklist = ok(x.app.get(&checklist_path(&mobility), &x.admin).await, "unchanged").await;
    let hiv = item(&checklist, "document:hiv_certificate").unwrap();
    assert_eq!((hiv["status"].clone(), hiv["updated_at"].clone()), (json!("open"), Value::Null));
    let unknown = item_path(&mobility, "document:unicorn_licence");
    assert_problem(x.app.patch_json(&unknown, &x.admin, &json!({"status": "done"})).await, 404, "not_found").await;
    let missing = item_path(&uuid::Uuid::now_v7().to_string(), "visa");
    assert_problem(x.app.patch_json(&missing, &x.admin, &json!({"status": "done"})).await, 404, "not_found").await;
}

#[tokio::test]
async fn who_may_read_and_record_checklists() {
    let x = Exchange::new(5, 25).await;
    let mobility = semester_in_russia(&x).await;
    let path = item_path(&mobility, "document:photos");
    let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let feit = x.app.token_for("faculty_coordinator", &[&x.feit]).await;
    let reporting = x.app.token_for("reporting", &[]).await;
    ok(x.app.get(&checklist_path(&mobility), &finki).await, "sending coordinator").await;
    ok(x.app.patch_json(&path, &finki, &json!({"status": "done"})).await, "sending coordinator records").await;
    assert_problem(x.app.get(&checklist_path(&mobility), &feit).await, 404, "not_found").await;
    assert_problem(x.app.patch_json(&path, &feit, &json!({"status": "open"})).await, 404, "not_found").await;
    assert_problem(x.app.get(&checklist_path(&mobility), &reporting).await, 403, "forbidden").await;
    let (client, secret) = x.app.create_client(&["checklists:read"]);
    let response = x
        .app
        .request(reqwest::Method::POST, "/api/v1/auth/token", None)
        .form(&[("grant_type", "client_credentials"), ("client_id", &client), ("client_secret", &secret)])
        .send()
        .await
        .unwrap();
    let erp = json(response).await["access_token"].as_str().unwrap().to_owned();
    let read = ok(x.app.get(&checklist_path(&mobility), &erp).await, "integration reads").await;
    let recorded_by = item(&read, "document:photos").unwrap()["updated_by"].as_str().unwrap().to_owned();
    assert!(recorded_by.starts_with("faculty_coordinator-"), "{recorded_by}");
    assert_problem(x.app.patch_json(&path, &erp, &json!({"status": "open"})).await, 403, "forbidden").await;
}

#[tokio::test]
async fn officers_add_replace_and_withdraw_rules_and_checklists_follow() {
    let x = Exchange::new(5, 25).await;
    let mobility = semester_in_russia(&x).await;
    let officer = x.app.token_for("officer", &[]).await;
    let seeded = ok(x.app.get(&format!("{RULES}?kind=registration"), &x.admin).await, "registrations").await;
    let russian = seeded["items"].as_array().unwrap().iter().find(|r| r["fields"]["destination"] == "RU").unwrap();
    let replacement = json!({
        "kind": "registration",
        "fields": {"citizenship": ["MK"], "destination": "RU", "within": "7 days", "authority": "migration office",
                   "note": "Registration within 7 days of arrival (test rule)."},
        "valid_from": "2026-01-01",
        "source": "https://example.org/ru-migration",
        "status": "secondary",
        "last_checked": "2026-11-01",
        "replaces_id": russian["id"]
    });
    let response = x.app.post_json(RULES, &officer, &replacement).await;
    let location = response.headers().get("location").unwrap().to_str().unwrap().to_owned();
    let added = created(response, "replacement").await;
    assert_eq!(location, format!("{RULES}/{}", id(&added)));
    assert_eq!(added["origin"], "office");
    assert_eq!(added["replaces_id"], russian["id"]);
    assert_eq!(added["fields"]["citizenship"], "MK");
    let closed = ok(x.app.get(&format!("{RULES}/{}", id(russian)), &x.admin).await, "old row").await;
    assert_eq!(closed["valid_to"], "2025-12-31", "the old row is closed the day before, and kept");
    assert_eq!(closed["fields"], russian["fields"], "and its content is not overwritten");

    let checklist = ok(x.app.get(&checklist_path(&mobility), &x.admin).await, "with the new rule").await;
    let registration = checklist["items"].as_array().unwrap().iter().find(|i| i["kind"] == "registration").unwrap();
    assert!(registration["explanation"].as_str().unwrap().contains("7 days"), "{registration}");
    assert_eq!(registration["source"], "https://example.org/ru-migration");
    assert_eq!(registration["due"], "2026-09-08");

    let withdraw = format!("{RULES}/{}/withdraw", id(&added));
    let withdrawn = ok(x.app.post_json(&withdraw, &officer, &json!({"reason": "test rule"})).await, "withdraw").await;
    assert_eq!(withdrawn["withdrawal"]["reason"], "test rule");
    assert_problem(x.app.post_json(&withdraw, &officer, &json!({"reason": "again"})).await, 409, "rule_withdrawn")
        .await;
    let listed = ok(x.app.get(&format!("{RULES}?kind=registration"), &x.admin).await, "without withdrawn").await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    let everything =
        ok(x.app.get(&format!("{RULES}?kind=registration&include_withdrawn=true"), &x.admin).await, "all").await;
    assert_eq!(everything["items"].as_array().unwrap().len(), 3);
    let checklist = ok(x.app.get(&checklist_path(&mobility), &x.admin).await, "without the new rule").await;
    assert!(!checklist.to_string().contains("7 days of arrival"));
    let mut again = replacement.clone();
    again["replaces_id"] = added["id"].clone();
    assert_problem(x.app.post_json(RULES, &officer, &again).await, 409, "rule_withdrawn").await;
}

#[tokio::test]
async fn invalid_rules_are_refused_naming_the_field() {
    let x = Exchange::new(5, 25).await;
    let rule = |fields: Value| {
        json!({"kind": "registration", "fields": fields, "valid_from": "2027-01-01",
               "source": "https://example.org", "status": "confirmed", "last_checked": "2026-11-01"})
    };
    let good = json!({"citizenship": "*", "destination": "BG", "within": "5 working_days", "authority": "police",
                      "note": "n"});
    let cases = [
        (
            rule(json!({"citizenship": "*", "destination": "BG", "within": "soon", "authority": "p", "note": "n"})),
            "fields.within",
            "invalid",
        ),
        (
            rule(json!({"citizenship": "*", "destination": "BG", "within": "1 days", "note": "n"})),
            "fields.authority",
            "required",
        ),
        (
            rule(json!({"citizenship": "*", "destination": "BG", "within": "1 days", "authority": "p", "note": "n",
                     "colour": "red"})),
            "fields.colour",
            "unknown_key",
        ),
        (
            rule(json!({"citizenship": "XX", "destination": "BG", "within": "1 days", "authority": "p", "note": "n"})),
            "fields.citizenship",
            "invalid",
        ),
        (
            rule(json!({"citizenship": "*", "destination": "BG", "within": "1 days", "authority": "p",
                     "note": "a\nstatus = confirmed"})),
            "fields.note",
            "syntax",
        ),
        (
            rule(json!({"citizenship": "*", "destination": "BG", "within": "1 days", "authority": "p", "note": "n",
                     "source": "x"})),
            "fields.source",
            "misplaced",
        ),
    ];
    for (body, field, code) in cases {
        let problem = assert_problem(x.app.post_json(RULES, &x.admin, &body).await, 422, "validation_failed").await;
        assert_eq!(
            (problem["errors"][0]["field"].as_str(), problem["errors"][0]["code"].as_str()),
            (Some(field), Some(code)),
            "{problem}"
        );
    }
    let mut backwards = rule(good.clone());
    backwards["valid_to"] = json!("2026-01-01");
    let problem = assert_problem(x.app.post_json(RULES, &x.admin, &backwards).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "valid_to");
    assert_eq!(problem["errors"][0]["code"], "range");
    let visa = json!({"kind": "visa", "fields": {"citizenship": "MK", "destination": "JP", "purpose": "*",
        "visa": "c", "id_card": "no", "documents": ["passport", "unicorn_licence"], "note": "n"},
        "valid_from": null, "source": "s", "status": "unconfirmed", "last_checked": "2026-11-01"});
    let problem = assert_problem(x.app.post_json(RULES, &x.admin, &visa).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "fields.documents");
    let mut replaces_unknown = rule(good.clone());
    replaces_unknown["replaces_id"] = json!(uuid::Uuid::now_v7());
    let problem =
        assert_problem(x.app.post_json(RULES, &x.admin, &replaces_unknown).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "replaces_id");
    let seeded = ok(x.app.get(&format!("{RULES}?kind=document&limit=1"), &x.admin).await, "a document").await;
    let mut wrong_kind = rule(good.clone());
    wrong_kind["replaces_id"] = seeded["items"][0]["id"].clone();
    let problem = assert_problem(x.app.post_json(RULES, &x.admin, &wrong_kind).await, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "kind_mismatch");
    // Nothing was stored by any refused request.
    let registrations = ok(x.app.get(&format!("{RULES}?kind=registration"), &x.admin).await, "after").await;
    assert_eq!(registrations["items"].as_array().unwrap().len(), 2);
    let coordinator = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    assert_problem(x.app.post_json(RULES, &coordinator, &rule(good.clone())).await, 403, "forbidden").await;
    created(x.app.post_json(RULES, &x.admin, &rule(good)).await, "a good rule").await;
}

#[tokio::test]
async fn alerts_list_the_mobilities_that_need_action() {
    let x = Exchange::new(5, 25).await;
    let nominated = semester_in_russia(&x).await;
    let applied = id(&x.application("Stojanova").await);
    let page = ok(x.app.get("/api/v1/alerts", &x.admin).await, "alerts").await;
    let items = page["items"].as_array().unwrap();
    let mine = items.iter().find(|m| m["mobility_id"] == nominated.as_str()).unwrap();
    assert!(!items.iter().any(|m| m["mobility_id"] == applied.as_str()), "applications are not chased yet");
    assert_eq!(mine["insurance_not_automatic"], true);
    assert_eq!(mine["destination"], "RU");
    let kinds: Vec<&str> = mine["alerts"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"insurance_to_arrange") && kinds.contains(&"step_overdue"), "{kinds:?}");

    let insurance = format!("{}?kind=insurance_to_arrange", "/api/v1/alerts");
    let before = ok(x.app.get(&insurance, &x.admin).await, "insurance alerts").await;
    assert_eq!(before["items"].as_array().unwrap().len(), 1);
    for alert in mine["alerts"].as_array().unwrap().iter().filter(|a| a["kind"] == "insurance_to_arrange") {
        let path = item_path(&nominated, alert["item_key"].as_str().unwrap());
        ok(x.app.patch_json(&path, &x.admin, &json!({"status": "done", "evidence_reference": "policy 77"})).await, "")
            .await;
    }
    let after = ok(x.app.get(&insurance, &x.admin).await, "after").await;
    assert!(after["items"].as_array().unwrap().is_empty(), "{after}");

    let feit = x.app.token_for("faculty_coordinator", &[&x.feit]).await;
    let theirs = ok(x.app.get("/api/v1/alerts", &feit).await, "other faculty").await;
    assert!(theirs["items"].as_array().unwrap().is_empty());
    let finki = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    let ours = ok(x.app.get("/api/v1/alerts", &finki).await, "own faculty").await;
    assert_eq!(ours["items"].as_array().unwrap().len(), 1);
    let participant = x.app.token_for("participant", &[]).await;
    assert_problem(x.app.get("/api/v1/alerts", &participant).await, 403, "forbidden").await;
    assert_problem(x.app.get("/api/v1/alerts?within_days=999", &x.admin).await, 400, "invalid_query").await;
}

#[tokio::test]
async fn participants_read_and_record_their_own_checklist_only() {
    let x = Exchange::new(5, 25).await;
    let participant = x.app.token_for("participant", &[]).await;
    let me = ok(x.app.get("/api/v1/me", &participant).await, "me").await;
    let mut body = x.student_body("Ilievska");
    body["user_id"] = me["id"].clone();
    let person = id(&created(x.app.post_json(PEOPLE, &x.admin, &body).await, "linked student").await);
    let own = id(&created(x.app.post_json(MOBILITIES, &x.admin, &x.outgoing_body(&person)).await, "own").await);
    let other = semester_in_russia(&x).await;

    let checklist = ok(x.app.get(&checklist_path(&own), &participant).await, "own checklist").await;
    assert_eq!(checklist["insurance_not_automatic"], true, "the participant is told");
    let patch = json!({"status": "done", "evidence_reference": "policy 123-456"});
    let health = checklist["covers"].as_array().unwrap().iter().find(|c| c["cover"] == "health").unwrap();
    let key = health["item_key"].as_str().unwrap();
    // Whether a mandatory cover applies is the office's call: declaring it not applicable
    // would silently clear the office's alert (issue 11.6).
    let waive = json!({"status": "not_applicable", "note": "I think I am covered"});
    assert_problem(x.app.patch_json(&item_path(&own, key), &participant, &waive).await, 403, "forbidden").await;
    let unchanged = ok(x.app.get(&checklist_path(&own), &x.admin).await, "after the refusal").await;
    assert_eq!(item(&unchanged, key).unwrap()["status"], "open", "the refusal changed nothing");
    let recorded = ok(x.app.patch_json(&item_path(&own, key), &participant, &patch).await, "own progress").await;
    assert_eq!(recorded["updated_by_id"], format!("user:{}", me["id"].as_str().unwrap()));
    let seen = ok(x.app.get(&checklist_path(&own), &x.admin).await, "office sees it").await;
    assert_eq!(item(&seen, key).unwrap()["evidence_reference"], "policy 123-456");

    assert_problem(x.app.get(&checklist_path(&other), &participant).await, 404, "not_found").await;
    assert_problem(x.app.patch_json(&item_path(&other, key), &participant, &patch).await, 404, "not_found").await;
}

/// The academic year a day falls in (September to August).
fn academic_year_of(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let start = if day.month() >= 9 { day.year() } else { day.year() - 1 };
    format!("{start}/{}", start + 1)
}

#[tokio::test]
async fn alerts_page_through_mobilities_and_look_ahead_as_asked() {
    let x = Exchange::new(5, 25).await;
    // Departure in 10 days, outside any condition (a bilateral exchange needs none), so the
    // documents due on departure are due soon, not overdue.
    let start = chrono::Utc::now().date_naive() + chrono::Days::new(10);
    let mut ids = Vec::new();
    for name in ["Soon", "Later"] {
        let person = x.student(name).await;
        let mut body = x.outgoing_body(&person);
        body["agreement_id"] = Value::Null;
        body["condition_id"] = Value::Null;
        body["planned_start"] = json!(start);
        body["planned_end"] = json!(start + chrono::Days::new(120));
        body["receiving_academic_year"] = json!(academic_year_of(start));
        let mobility = created(x.app.post_json(MOBILITIES, &x.admin, &body).await, name).await;
        x.walk(&mobility, &[json!({"to": "nominated"})]).await;
        ids.push(id(&mobility));
    }
    let soon = |within: u16| format!("/api/v1/alerts?kind=step_due_soon&within_days={within}");
    let none = ok(x.app.get(&soon(9), &x.admin).await, "9 days ahead").await;
    assert!(none["items"].as_array().unwrap().is_empty(), "{none}");
    let due = ok(x.app.get(&soon(10), &x.admin).await, "10 days ahead").await;
    let due = due["items"].as_array().unwrap();
    assert_eq!(due.len(), 2);
    assert!(due[0]["alerts"].as_array().unwrap().iter().all(|a| a["kind"] == "step_due_soon"));
    assert_eq!(due[0]["alerts"][0]["due"], json!(start));

    let first = ok(x.app.get(&format!("{}&limit=1", soon(30)), &x.admin).await, "first page").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = ok(x.app.get(&format!("{}&limit=1&cursor={cursor}", soon(30)), &x.admin).await, "second").await;
    let seen = [first["items"][0]["mobility_id"].clone(), second["items"][0]["mobility_id"].clone()];
    assert_eq!(seen, [json!(ids[0]), json!(ids[1])], "id order, nothing skipped or repeated");
}
