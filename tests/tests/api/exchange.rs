//! Shared set-up for the people, mobilities and quota tests: our university with two
//! faculties, partners in Russia, Bulgaria and Serbia, and an approved bilateral agreement with
//! Lipetsk whose conditions run in both directions.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use iro_tests::fixtures::{agreement, institution, unit};
use iro_tests::{TestApp, json, spawn_app};
use reqwest::Response;
use serde_json::{Value, json};

pub const PEOPLE: &str = "/api/v1/people";
pub const MOBILITIES: &str = "/api/v1/mobilities";

/// The office and its data.
pub struct Exchange {
    pub app: TestApp,
    pub admin: String,
    pub ukim: String,
    pub finki: String,
    pub feit: String,
    pub lipetsk: String,
    pub sofia: String,
    pub agreement: String,
    /// Outgoing student condition UKIM → Lipetsk.
    pub outgoing: String,
    /// Incoming student condition Lipetsk → UKIM.
    pub incoming: String,
}

pub fn id(body: &Value) -> String {
    body["id"].as_str().unwrap().to_owned()
}

pub async fn created(response: Response, what: &str) -> Value {
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 201, "creating {what} failed: {body}");
    body
}

pub async fn ok(response: Response, what: &str) -> Value {
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 200, "{what} failed: {body}");
    body
}

async fn register(app: &TestApp, token: &str, hei_id: &str, country: &str, is_local: bool) -> String {
    let mut body = institution(hei_id, country);
    body["is_local"] = json!(is_local);
    id(&created(app.post_json("/api/v1/institutions", token, &body).await, hei_id).await)
}

async fn add_unit(app: &TestApp, token: &str, institution: &str, code: &str) -> String {
    let path = format!("/api/v1/institutions/{institution}/units");
    id(&created(app.post_json(&path, token, &unit(code)).await, code).await)
}

/// A student condition from `sending` to `receiving` with `places` places and `months` months.
pub fn condition(sending: &str, receiving: &str, places: u32, months: u32) -> Value {
    json!({
        "mobility_type": "student_studies",
        "sending_institution_id": sending,
        "receiving_institution_id": receiving,
        "first_academic_year": "2025/2026",
        "last_academic_year": "2027/2028",
        "mobilities_per_year": places,
        "total_months_per_year": months,
        "eqf_levels": [6, 7],
        "subject_areas": [{"isced_f_code": "0613"}],
        "language_requirements": [{"language": "ru", "cefr_level": "B1"}]
    })
}

impl Exchange {
    /// Sets up the office with an outgoing condition of `places` places and `months` months.
    pub async fn new(places: u32, months: u32) -> Exchange {
        let app = spawn_app().await;
        let admin = app.admin_token().await;
        let ukim = register(&app, &admin, "ukim.edu.mk", "MK", true).await;
        let finki = add_unit(&app, &admin, &ukim, "FINKI").await;
        let feit = add_unit(&app, &admin, &ukim, "FEIT").await;
        let lipetsk = register(&app, &admin, "uni-lipetsk.ru", "RU", false).await;
        let sofia = register(&app, &admin, "uni-sofia.bg", "BG", false).await;
        let body = agreement("BIL-LIPETSK-0613", "bilateral", &lipetsk);
        let agreement = id(&created(app.post_json("/api/v1/agreements", &admin, &body).await, "agreement").await);
        let conditions = format!("/api/v1/agreements/{agreement}/conditions");
        let outgoing =
            id(&created(app.post_json(&conditions, &admin, &condition(&ukim, &lipetsk, places, months)).await, "out")
                .await);
        let incoming =
            id(&created(app.post_json(&conditions, &admin, &condition(&lipetsk, &ukim, 2, 10)).await, "in").await);
        for to in ["submitted", "approved_by_us", "approved_by_both"] {
            let path = format!("/api/v1/agreements/{agreement}/status");
            ok(app.post_json(&path, &admin, &json!({"to": to})).await, to).await;
        }
        Exchange { app, admin, ukim, finki, feit, lipetsk, sofia, agreement, outgoing, incoming }
    }

    /// A student of FINKI (EQF 6) body.
    pub fn student_body(&self, family_name: &str) -> Value {
        json!({
            "given_names": "Ana", "family_name": family_name, "email": "ana@students.finki.ukim.mk",
            "birth_date": "2003-04-12", "citizenships": ["MK"], "gender": 2,
            "home_institution_id": self.ukim, "home_unit_id": self.finki, "kind": "student",
            "eqf_level": 6, "isced_f_code": "0613", "special_needs": "wheelchair access"
        })
    }

    /// Registers a student and returns their id.
    pub async fn student(&self, family_name: &str) -> String {
        id(&created(self.app.post_json(PEOPLE, &self.admin, &self.student_body(family_name)).await, "student").await)
    }

    /// An outgoing bilateral studies mobility of `person` under the outgoing condition,
    /// 1 September 2026 – 31 January 2027 (5 months), 2026/2027.
    pub fn outgoing_body(&self, person: &str) -> Value {
        json!({
            "direction": "outgoing", "activity_type": "student_studies", "activity_attribute": "long_term",
            "programme": "bilateral", "person_id": person,
            "agreement_id": self.agreement, "condition_id": self.outgoing,
            "sending_institution_id": self.ukim, "sending_unit_id": self.finki,
            "receiving_institution_id": self.lipetsk,
            "receiving_academic_year": "2026/2027", "planned_start": "2026-09-01", "planned_end": "2027-01-31",
            "eqf_level": 6, "isced_f_code": "0613",
            "language_skills": [{"language": "ru", "cefr_level": "B2"}],
            "documents": [{"name": "motivation letter", "reference": "https://files.example/ml.pdf"}]
        })
    }

    /// Creates an outgoing application of a new student; returns the mobility.
    pub async fn application(&self, family_name: &str) -> Value {
        let person = self.student(family_name).await;
        created(self.app.post_json(MOBILITIES, &self.admin, &self.outgoing_body(&person)).await, "mobility").await
    }

    /// Posts a status change.
    pub async fn status(&self, mobility: &Value, body: Value) -> Response {
        let path = format!("{MOBILITIES}/{}/status", id(mobility));
        self.app.post_json(&path, &self.admin, &body).await
    }

    /// Moves through `statuses`, asserting each succeeds; returns the last body.
    pub async fn walk(&self, mobility: &Value, statuses: &[Value]) -> Value {
        let mut last = Value::Null;
        for body in statuses {
            last = ok(self.status(mobility, body.clone()).await, &body.to_string()).await;
        }
        last
    }

    /// The agreement's quotas for 2026/2027.
    pub async fn quotas(&self) -> Value {
        let path = format!("/api/v1/agreements/{}/quotas?academic_year=2026/2027", self.agreement);
        let page = ok(self.app.get(&path, &self.admin).await, "quotas").await;
        assert_eq!(page["next_cursor"], Value::Null, "an agreement's quotas fit on one page: {page}");
        page["items"].clone()
    }
}
