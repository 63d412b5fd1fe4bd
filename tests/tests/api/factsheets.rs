//! `/api/v1/factsheets/{academic_year}`: the public reads the published version in effect
//! without a token (never a draft), with `ETag` and `Cache-Control`; past versions stay
//! readable; invalid versions are refused naming every field and nothing is stored; our
//! identifiers come from our institution's record; and the generated visa and insurance blocks
//! agree with the checklist of an incoming mobility on the same dates (Russian and Serbian
//! citizens).

#![expect(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

use iro_tests::fixtures::{agreement, institution};
use iro_tests::{TestApp, assert_problem, json};
use reqwest::Method;
use serde_json::{Value, json};

use crate::exchange::{Exchange, MOBILITIES, PEOPLE, condition, created, id, ok};

const FACTSHEET: &str = "/api/v1/factsheets/2026-2027";
const VERSIONS: &str = "/api/v1/factsheets/2026-2027/versions";

/// A valid content: one autumn term (1 October 2026 – 31 January 2027), Russian citizens on a
/// bilateral exchange and Serbian citizens under Erasmus+.
pub(crate) fn content() -> Value {
    let contact = |name: &str, email: &str| json!({"name": name, "role": null, "email": email, "phone": "+389 2 3293 293", "website": null});
    json!({
        "contacts": {
            "office": contact("International Relations Office", "incoming@ukim.edu.mk"),
            "erasmus_coordinator": contact("Ana Petrovska", "erasmus@ukim.edu.mk"),
            "student_organization": contact("Student Organization", "international@students.ukim.edu.mk")
        },
        "terms": [{
            "term": "autumn", "start": "2026-10-01", "end": "2027-01-31",
            "nomination_deadline": "2026-05-15", "application_deadline": "2026-06-01",
            "decision_week": {"start": "2026-06-22", "end": "2026-06-26"},
            "transcript_week": {"start": "2027-02-22", "end": "2027-02-26"},
            "exam_periods": [{"name": "Winter exams", "start": "2027-01-18", "end": "2027-02-05"}],
            "holidays": []
        }],
        "language_requirements": [{"language": "en", "cefr_level": "B2", "note": null}],
        "housing": {
            "options": [{"name": "Dormitory", "description": null, "url": null,
                "monthly_cost": {"mkd": {"min": 1500, "max": 3000}, "eur": {"min": 25, "max": 50}}}],
            "note": null, "figures": {"status": "example", "source": null, "checked_on": null}
        },
        "public_transport": {
            "lines": [{"name": "Bus 5", "route": null}], "monthly_pass": {"mkd": 1200, "eur": 19.5},
            "note": null, "figures": {"status": "example", "source": null, "checked_on": null}
        },
        "cost_of_living": {
            "canteen_meal": {"mkd": 150, "eur": 2.5},
            "typical_month": {"mkd": {"min": 18000, "max": 30000}, "eur": {"min": 290, "max": 490}},
            "note": null, "figures": {"status": "example", "source": null, "checked_on": null}
        },
        "accessibility": {"text": "Tell the office what support you need.", "contact": null, "url": null},
        "visa_and_insurance": {"citizenships": [
            {"label": "Russian Federation", "countries": ["RU"], "programme": "bilateral"},
            {"label": "Serbia", "countries": ["RS"], "programme": "erasmus_ka131"}
        ], "note": null}
    })
}

/// A version body.
pub(crate) fn version(effective_from: &str, published: bool, content: Value) -> Value {
    json!({"effective_from": effective_from, "published": published, "change_note": null, "content": content})
}

/// Writes a version as the admin; returns the answer.
async fn write(app: &TestApp, admin: &str, body: &Value) -> Value {
    created(app.post_json(VERSIONS, admin, body).await, "factsheet version").await
}

/// GETs without a token.
async fn public_get(app: &TestApp, path: &str) -> reqwest::Response {
    app.request(Method::GET, path, None).send().await.unwrap()
}

#[tokio::test]
async fn the_public_reads_the_published_version_in_effect_without_a_token_and_never_a_draft() {
    let x = Exchange::new(2, 10).await;
    let ukim = format!("/api/v1/institutions/{}", x.ukim);
    let identifiers = json!({"erasmus_code": "MK SKOPJE01", "pic": "999864723", "oid": "E10208966"});
    ok(x.app.patch_json(&ukim, &x.admin, &identifiers).await, "our identifiers").await;
    assert_problem(public_get(&x.app, FACTSHEET).await, 404, "not_found").await;

    let first = write(&x.app, &x.admin, &version("2020-01-01", true, content())).await;
    assert_eq!(first["version"], 1);
    assert_eq!(first["in_effect"], true);
    let mut draft = content();
    draft["cost_of_living"]["canteen_meal"]["mkd"] = json!(999);
    let second = write(&x.app, &x.admin, &version("2021-01-01", false, draft)).await;
    assert_eq!(second["version"], 2);
    assert_eq!(second["in_effect"], false, "a draft is never in effect");

    let response = public_get(&x.app, FACTSHEET).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=300");
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let factsheet = json(response).await;
    assert_eq!(factsheet["version"], 1, "the draft is not shown: {factsheet}");
    assert_eq!(factsheet["academic_year"], "2026/2027");
    assert_eq!(factsheet["content"]["cost_of_living"]["canteen_meal"]["mkd"], 150.0);
    assert_eq!(factsheet["institution"]["erasmus_code"], "MK SKOPJE01");
    assert_eq!(factsheet["institution"]["pic"], "999864723");
    assert_eq!(factsheet["institution"]["oid"], "E10208966");
    assert_eq!(factsheet["institution"]["hei_id"], "ukim.edu.mk");
    let again = x.app.request(Method::GET, FACTSHEET, None).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);

    assert_problem(public_get(&x.app, &format!("{VERSIONS}/2")).await, 404, "not_found").await;
    let listed = json(public_get(&x.app, VERSIONS).await).await;
    let numbers: Vec<&Value> = listed["items"].as_array().unwrap().iter().map(|v| &v["version"]).collect();
    assert_eq!(numbers, [&json!(1)], "the public list shows no draft: {listed}");

    let participant = x.app.token_for("participant", &[]).await;
    let seen = json(x.app.get(VERSIONS, &participant).await).await;
    assert_eq!(seen["items"].as_array().unwrap().len(), 1, "a participant sees no draft either");
    let officer = x.app.token_for("officer", &[]).await;
    let response = x.app.get(&format!("{VERSIONS}/2"), &officer).await;
    assert_eq!(response.headers()["cache-control"], "private, no-cache");
    assert_eq!(ok(response, "draft").await["content"]["cost_of_living"]["canteen_meal"]["mkd"], 999.0);
    assert_eq!(ok(x.app.get(VERSIONS, &officer).await, "all").await["items"].as_array().unwrap().len(), 2);

    let body = version("2022-01-01", true, content());
    let anonymous = x.app.request(Method::POST, VERSIONS, None).json(&body).send().await.unwrap();
    assert_problem(anonymous, 401, "unauthorized").await;
    assert_problem(x.app.post_json(VERSIONS, &participant, &body).await, 403, "forbidden").await;
    let coordinator = x.app.token_for("faculty_coordinator", &[&x.finki]).await;
    assert_problem(x.app.post_json(VERSIONS, &coordinator, &body).await, 403, "forbidden").await;
}

#[tokio::test]
async fn past_versions_stay_readable_and_the_latest_effective_one_is_shown() {
    let x = Exchange::new(2, 10).await;
    write(&x.app, &x.admin, &version("2020-01-01", true, content())).await;
    let mut cheaper = content();
    cheaper["public_transport"]["monthly_pass"] = json!({"mkd": 1000, "eur": 16.3});
    let second = write(&x.app, &x.admin, &version("2021-01-01", true, cheaper)).await;
    assert_eq!(second["version"], 2);
    // Announced for a day far ahead: not in effect until then. Written with an
    // Idempotency-Key, a retry gets the first answer and writes no second version.
    let ahead = version("2999-01-01", true, content());
    let keyed = || {
        x.app.request(Method::POST, VERSIONS, Some(&x.admin)).header("Idempotency-Key", "factsheet-ahead").json(&ahead)
    };
    let third = created(keyed().send().await.unwrap(), "version 3").await;
    assert_eq!(third["version"], 3);
    assert_eq!(third["in_effect"], false);
    let replayed = created(keyed().send().await.unwrap(), "replay").await;
    assert_eq!(replayed, third);

    let current = json(public_get(&x.app, FACTSHEET).await).await;
    assert_eq!(current["version"], 2);
    assert_eq!(current["content"]["public_transport"]["monthly_pass"]["mkd"], 1000.0);
    let first = json(public_get(&x.app, &format!("{VERSIONS}/1")).await).await;
    assert_eq!(first["in_effect"], false);
    assert_eq!(first["content"]["public_transport"]["monthly_pass"]["mkd"], 1200.0, "as it was written");
    let listed = json(public_get(&x.app, VERSIONS).await).await;
    let flags: Vec<(u64, bool)> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_u64().unwrap(), v["in_effect"].as_bool().unwrap()))
        .collect();
    assert_eq!(flags, [(1, false), (2, true), (3, false)]);
    let paged = json(public_get(&x.app, &format!("{VERSIONS}?limit=2")).await).await;
    let next = paged["next_cursor"].as_str().unwrap().to_owned();
    let rest = json(public_get(&x.app, &format!("{VERSIONS}?limit=2&cursor={next}")).await).await;
    assert_eq!(rest["items"][0]["version"], 3);
    assert_eq!(rest["next_cursor"], Value::Null);

    // The academic year as query parameters write it, its `/` encoded, is read too.
    let slashed = json(public_get(&x.app, "/api/v1/factsheets/2026%2F2027").await).await;
    assert_eq!(slashed["version"], 2);
    assert_problem(public_get(&x.app, "/api/v1/factsheets/2026-2028").await, 400, "invalid_path").await;
    assert_problem(public_get(&x.app, "/api/v1/factsheets/2027-2028").await, 404, "not_found").await;
}

#[tokio::test]
async fn versions_written_at_once_get_distinct_numbers() {
    let x = Exchange::new(2, 10).await;
    let body = version("2020-01-01", true, content());
    let writes = (0..4).map(|_| x.app.post_json(VERSIONS, &x.admin, &body));
    let mut numbers = Vec::new();
    for response in futures_util::future::join_all(writes).await {
        numbers.push(created(response, "concurrent version").await["version"].as_u64().unwrap());
    }
    numbers.sort_unstable();
    assert_eq!(numbers, [1, 2, 3, 4]);
}

#[tokio::test]
async fn an_invalid_version_is_refused_naming_every_field_and_nothing_is_stored() {
    let x = Exchange::new(2, 10).await;
    let mut bad = content();
    bad["contacts"]["office"]["email"] = json!("not-an-email");
    bad["contacts"]["office"]["website"] = json!("ftp://files");
    bad["terms"][0]["end"] = json!("2026-09-01");
    bad["terms"][0]["application_deadline"] = json!("2026-05-01");
    bad["language_requirements"][0]["cefr_level"] = json!("B3");
    bad["housing"]["options"][0]["monthly_cost"]["eur"] = json!({"min": 60, "max": 50});
    bad["public_transport"]["monthly_pass"]["mkd"] = json!(-1);
    bad["cost_of_living"]["figures"] = json!({"status": "checked", "source": null, "checked_on": null});
    bad["visa_and_insurance"]["citizenships"][0]["countries"] = json!(["XX"]);
    let problem = assert_problem(
        x.app.post_json(VERSIONS, &x.admin, &version("2020-01-01", true, bad)).await,
        422,
        "validation_failed",
    )
    .await;
    let mut fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "content.contacts.office.email",
            "content.contacts.office.website",
            "content.cost_of_living.figures.checked_on",
            "content.cost_of_living.figures.source",
            "content.housing.options[0].monthly_cost.eur.max",
            "content.language_requirements[0].cefr_level",
            "content.public_transport.monthly_pass.mkd",
            "content.terms[0].application_deadline",
            "content.terms[0].end",
            "content.visa_and_insurance.citizenships[0].countries[0]",
        ],
        "{problem}"
    );

    let mut twice = content();
    let autumn = twice["terms"][0].clone();
    twice["terms"] = json!([autumn.clone(), autumn]);
    twice["terms"][0]["start"] = json!("2028-10-01");
    let problem = assert_problem(
        x.app.post_json(VERSIONS, &x.admin, &version("2020-01-01", true, twice)).await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"content.terms[1].term"), "{problem}");
    assert!(fields.contains(&"content.terms[0].start"), "a term outside 2026/2027: {problem}");

    let listed = ok(x.app.get(VERSIONS, &x.admin).await, "versions").await;
    assert_eq!(listed["items"], json!([]), "nothing was stored");
}

#[tokio::test]
async fn a_factsheet_needs_our_university_registered_for_its_identifiers() {
    let app = iro_tests::spawn_app().await;
    let admin = app.admin_token().await;
    let refused = app.post_json(VERSIONS, &admin, &version("2020-01-01", true, content())).await;
    assert_problem(refused, 409, "local_institution_missing").await;
}

/// An Erasmus+ agreement with Belgrade in force and its incoming student condition; returns
/// the agreement and the condition.
async fn erasmus_with_belgrade(x: &Exchange, belgrade: &str) -> (String, String) {
    let body = agreement("ERA-BELGRADE-0613", "erasmus_plus", belgrade);
    let agreement = id(&created(x.app.post_json("/api/v1/agreements", &x.admin, &body).await, "agreement").await);
    let conditions = format!("/api/v1/agreements/{agreement}/conditions");
    let incoming = condition(belgrade, &x.ukim, 2, 10);
    let incoming = id(&created(x.app.post_json(&conditions, &x.admin, &incoming).await, "condition").await);
    for to in ["submitted", "approved_by_us", "approved_by_both"] {
        let path = format!("/api/v1/agreements/{agreement}/status");
        ok(x.app.post_json(&path, &x.admin, &json!({"to": to})).await, to).await;
    }
    (agreement, incoming)
}

/// An incoming student of `citizenship` from `home` studying at FINKI over the factsheet's
/// autumn term under `programme` (and the agreement and condition, when given); returns the
/// mobility's checklist.
async fn checklist_of_incoming(
    x: &Exchange,
    home: &str,
    citizenship: &str,
    programme: &str,
    under: Option<&(String, String)>,
) -> Value {
    let person = json!({
        "given_names": "Ivan", "family_name": "Partner", "citizenships": [citizenship],
        "home_institution_id": home, "kind": "student", "eqf_level": 6, "isced_f_code": "0613"
    });
    let person = id(&created(x.app.post_json(PEOPLE, &x.admin, &person).await, "partner student").await);
    let body = json!({
        "direction": "incoming", "activity_type": "student_studies", "activity_attribute": "long_term",
        "programme": programme, "person_id": person,
        "agreement_id": under.map(|u| &u.0), "condition_id": under.map(|u| &u.1),
        "sending_institution_id": home,
        "receiving_institution_id": x.ukim, "receiving_unit_id": x.finki,
        "receiving_academic_year": "2026/2027", "planned_start": "2026-10-01", "planned_end": "2027-01-31",
        "eqf_level": 6, "isced_f_code": "0613"
    });
    let mobility = id(&created(x.app.post_json(MOBILITIES, &x.admin, &body).await, "incoming mobility").await);
    ok(x.app.get(&format!("{MOBILITIES}/{mobility}/checklist"), &x.admin).await, "checklist").await
}

/// What a checklist item says, without the progress recorded on it.
fn said(items: &Value) -> Vec<Value> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            json!({"key": i["key"], "kind": i["kind"], "title": i["title"], "explanation": i["explanation"],
                "source": i["source"], "fact_status": i["fact_status"], "due": i["due"]})
        })
        .collect()
}

#[tokio::test]
async fn the_visa_block_agrees_with_the_checklist_of_a_mobility_on_the_same_dates() {
    let x = Exchange::new(2, 10).await;
    let belgrade = id(&created(
        x.app.post_json("/api/v1/institutions", &x.admin, &institution("bg.ac.rs", "RS")).await,
        "Belgrade",
    )
    .await);
    let erasmus = erasmus_with_belgrade(&x, &belgrade).await;
    let factsheet = write(&x.app, &x.admin, &version("2020-01-01", true, content())).await;
    let autumn = &factsheet["entry_requirements"][0];
    assert_eq!(autumn["term"], "autumn");
    assert_eq!(autumn["start"], "2026-10-01");

    for (index, home, citizenship, programme, under) in
        [(0, &x.lipetsk, "RU", "bilateral", None), (1, &belgrade, "RS", "erasmus_ka131", Some(&erasmus))]
    {
        let group = &autumn["groups"][index];
        assert_eq!(group["programme"], programme);
        let outcomes = group["outcomes"].as_array().unwrap();
        assert_eq!(outcomes.len(), 1, "{group}");
        let block = &outcomes[0];
        assert_eq!(block["countries"], json!([citizenship]));
        let checklist = checklist_of_incoming(&x, home, citizenship, programme, under).await;
        assert_eq!(block["visa_required"], checklist["visa_required"], "{citizenship}");
        assert_eq!(block["visa_need"], checklist["visa"]["need"], "{citizenship}");
        assert_eq!(block["visa_type"], checklist["visa"]["visa_type"], "{citizenship}");
        assert_eq!(block["covers"], checklist["covers"], "{citizenship}");
        assert_eq!(block["covers_to_arrange"], checklist["covers_to_arrange"], "{citizenship}");
        assert_eq!(said(&block["items"]), said(&checklist["items"]), "{citizenship}");
    }
    let russians = &autumn["groups"][0]["outcomes"][0];
    assert_eq!(russians["visa_need"], "required", "a semester: {russians}");
    assert_eq!(russians["visa_type"], "d");
    assert_eq!(autumn["groups"][1]["outcomes"][0]["visa_need"], "not_required");
}
