//! A test that every registered input body's documented field constraints (`minLength`,
//! `maxLength`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minItems`,
//! `maxItems`, `format: email`, `pattern`) are the ones its `#[validate(…)]` rules enforce, and
//! that a field documented without a limit has none.
//!
//! For each body it starts from the schema's example (or the registered minimal body), which
//! must pass, then changes one field at a time: a documented bound is accepted and a value just
//! past it is refused naming exactly that field; a documented e-mail refuses a non-address and
//! a documented pattern a value outside it; an undocumented string takes 5,000 characters, an
//! undocumented number a large value and an undocumented list 2,000 items. Values are read the
//! way the server reads them (`json_body::from_value`, then the rules), so a number past what
//! its Rust type holds counts as refused, as the client would see it. Fields a domain parser
//! owns (`HeiId::parse`, `AcademicYear::parse` …) are registered as such and skipped: their
//! rules are tested in `domain/`, and the body's `TryFrom` reports them.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use utoipa::ToSchema;
use validator::Validate;

use crate::error::{ApiError, FieldError};
use crate::http::json_body::from_value;
use crate::http::validation;

/// One registered input body: its schema name, how to read and check a JSON value as it, a
/// minimal valid body when its schema has no example, and the fields a domain type parses
/// (their documented shape is the parser's, tested in `domain/`, not a declared rule).
struct Body {
    name: String,
    own_schemas: fn() -> Vec<(String, Value)>,
    check: fn(Value) -> Vec<FieldError>,
    example: Option<Value>,
    parsed_by_domain: &'static [&'static str],
}

fn check<T: DeserializeOwned + Validate>(value: Value) -> Vec<FieldError> {
    match from_value::<T>(value) {
        Ok(body) => validation::field_errors(&body),
        Err(ApiError::Validation(errors)) => errors,
        Err(other) => vec![FieldError::new("", "unexpected", other.to_string())],
    }
}

fn own_schemas<T: ToSchema>() -> Vec<(String, Value)> {
    let mut schemas = Vec::new();
    T::schemas(&mut schemas);
    schemas.push((T::name().into_owned(), T::schema()));
    schemas.into_iter().map(|(name, schema)| (name, serde_json::to_value(schema).unwrap_or_default())).collect()
}

fn body<T: ToSchema + DeserializeOwned + Validate>() -> Body {
    Body {
        name: T::name().into_owned(),
        own_schemas: own_schemas::<T>,
        check: check::<T>,
        example: None,
        parsed_by_domain: &[],
    }
}

impl Body {
    /// For a body whose schema has no example (a merge patch's view).
    fn with_example(self, example: Value) -> Body {
        Body { example: Some(example), ..self }
    }

    /// Fields (paths as `errors[]` names them) whose constraints a domain parser enforces.
    fn parsed_by_domain(self, fields: &'static [&'static str]) -> Body {
        Body { parsed_by_domain: fields, ..self }
    }
}

/// Every input body whose field rules are declared with `validator`.
fn registered() -> Vec<Body> {
    use crate::routes::agreements::agreement::AgreementInput;
    use crate::routes::agreements::conditions::ConditionInput;
    use crate::routes::agreements::status::StatusChangeInput;
    use crate::routes::catalogue::courses::CourseInput;
    use crate::routes::catalogue::programmes::ProgrammeInput;
    use crate::routes::checklists::checklist::ItemProgressInput;
    use crate::routes::checklists::rules::{ChecklistRuleInput, ChecklistRuleWithdrawalInput};
    use crate::routes::ects::conversions::credits::CreditConversionInput;
    use crate::routes::ects::conversions::grades::GradeConversionInput;
    use crate::routes::ects::conversions::points::PointsConversionInput;
    use crate::routes::ects::fixed_tables::FixedTableInput;
    use crate::routes::ects::point_bands::PointBandsInput;
    use crate::routes::ects::policy::PolicyBody;
    use crate::routes::ects::scales::ScaleInput;
    use crate::routes::ects::tables::GradingTableInput;
    use crate::routes::events::event::EventInput;
    use crate::routes::events::invitations::InvitationRequestInput;
    use crate::routes::events::registrations::RegistrationInput;
    use crate::routes::events::status::EventStatusInput;
    use crate::routes::factsheets::body::FactsheetVersionInput;
    use crate::routes::grants::grant::GrantInput;
    use crate::routes::grants::rates::FundingRateInput;
    use crate::routes::grants::travel::TravelInput;
    use crate::routes::identity::users::{CreateUserRequest, UserPatchView};
    use crate::routes::inquiries::handover::{AssignmentInput, HandoverInput};
    use crate::routes::inquiries::inquiry::{InquiryInput, MessageInput};
    use crate::routes::inquiries::thread::InquiryStatusInput;
    use crate::routes::institutions::institution::InstitutionInput;
    use crate::routes::institutions::units::UnitInput;
    use crate::routes::learning_agreements::body::{
        ChangeProposalInput, CommentInput, LearningAgreementInput, SignatureInput,
    };
    use crate::routes::mobilities::mobility::MobilityInput;
    use crate::routes::mobilities::people::PersonInput;
    use crate::routes::mobilities::status::MobilityStatusChangeInput;
    vec![
        body::<MobilityStatusChangeInput>(),
        // CountryCode::parse, EqfLevel::new, IscedCode::parse.
        body::<PersonInput>().parsed_by_domain(&["citizenships[0]", "eqf_level", "isced_f_code"]),
        body::<CreateUserRequest>(),
        body::<UserPatchView>().with_example(json!({"role": "admin", "active": true, "password": "a long passphrase"})),
        // HeiId, ErasmusCode, Pic, Oid and CountryCode::parse; LocalizedText::parse (English
        // present, no blank text) and Contact::validate (addresses, phone numbers).
        body::<InstitutionInput>().parsed_by_domain(&[
            "hei_id",
            "erasmus_code",
            "pic",
            "oid",
            "country",
            "name.en",
            "contacts[0].emails[0]",
            "contacts[0].phones[0]",
        ]),
        // UnitCode::parse, LocalizedText::parse, Contact::validate.
        body::<UnitInput>().parsed_by_domain(&["code", "name.en", "contacts[0].emails[0]", "contacts[0].phones[0]"]),
        // AgreementCode::parse (1–64 characters without control characters), AcademicYear::parse,
        // Contact::validate.
        body::<AgreementInput>().parsed_by_domain(&[
            "code",
            "first_academic_year",
            "last_academic_year",
            "local_signer.emails[0]",
            "local_signer.phones[0]",
            "partner_signer.emails[0]",
            "partner_signer.phones[0]",
        ]),
        body::<StatusChangeInput>(),
        // CooperationCondition::parse: academic years, ISCED-F codes, language tags, CEFR
        // levels, EQF levels 1–8 without repeats.
        body::<ConditionInput>().parsed_by_domain(&[
            "first_academic_year",
            "last_academic_year",
            "eqf_levels[0]",
            "subject_areas[0].isced_f_code",
            "language_requirements[0].language",
            "language_requirements[0].cefr_level",
            "language_requirements[0].isced_f_code",
        ]),
        body::<ScaleInput>()
            .with_example(json!({"code": "MK", "name": "North Macedonia 5–10", "country": "MK",
            "definition": {"kind": "numeric", "direction": "higher_is_better", "pass_mark": "6",
                "range": {"min": "5", "max": "10", "step": "1"}, "grades": [{"value": "10", "ects_letter": "A"}]},
            "source": "Law on Higher Education", "status": "confirmed"}))
            // CountryCode::parse.
            .parsed_by_domain(&["country"]),
        // IscedCode::parse, EqfLevel::new.
        body::<GradingTableInput>().parsed_by_domain(&["isced", "eqf"]),
        body::<FixedTableInput>(),
        body::<PointBandsInput>(),
        body::<PolicyBody>(),
        // EqfLevel::new.
        body::<GradeConversionInput>().parsed_by_domain(&["from.eqf", "to.eqf"]),
        body::<CreditConversionInput>().with_example(json!({"amount": "5", "from": "RU-ZET", "to": "ECTS",
            "workload": {"hours": 30, "academic_hours": 36, "minutes_each": 45},
            "rounding": {"step": "0.5", "mode": "nearest"}})),
        body::<PointsConversionInput>(),
        body::<ChecklistRuleInput>(),
        body::<ChecklistRuleWithdrawalInput>(),
        // EqfLevel::new.
        body::<MobilityInput>().parsed_by_domain(&["eqf_level"]).with_example(json!({
            "direction": "outgoing", "activity_type": "student_studies", "programme": "bilateral",
            "person_id": "01938a6e-9000-7d2a-9f3b-2c4d5e6f7a8b",
            "sending_institution_id": "01938a6e-9100-7d2a-9f3b-2c4d5e6f7a8b",
            "receiving_institution_id": "01938a6e-9200-7d2a-9f3b-2c4d5e6f7a8b",
            "receiving_academic_year": "2026/2027", "planned_start": "2026-09-01", "planned_end": "2027-01-31",
            "eqf_level": 6, "language_skills": [{"language": "ru", "cefr_level": "B2"}], "teaching_hours": 8,
            "documents": [{"name": "Transcript of records", "reference": "https://files.example.org/tor.pdf"}],
            "notes": "Needs a dormitory room."})),
        // CatalogueCode::parse, LocalizedText::parse, EqfLevel::new with check_cycle,
        // IscedCode::parse, LanguageTag::parse.
        body::<ProgrammeInput>().parsed_by_domain(&["code", "name.en", "eqf_level", "isced_code", "languages[0]"]),
        // The same, and AcademicYear::parse, Credits::parse (two decimals), Contact::validate.
        body::<CourseInput>().parsed_by_domain(&[
            "code",
            "title.en",
            "eqf_level",
            "isced_code",
            "languages[0]",
            "academic_year",
            "teacher.emails[0]",
            "teacher.phones[0]",
        ]),
        body::<ItemProgressInput>().with_example(json!({"status": "done", "evidence_reference": "policy 77-1234",
            "evidence_date": "2027-01-15", "note": "Bought online"})),
        body::<InquiryInput>(),
        body::<MessageInput>(),
        body::<InquiryStatusInput>(),
        body::<HandoverInput>(),
        body::<AssignmentInput>(),
        body::<FactsheetVersionInput>().parsed_by_domain(&[
            "content.language_requirements[0].language",
            "content.language_requirements[0].cefr_level",
        ]),
        // EqfLevel::new, IscedCode::parse, LanguageTag::parse, CefrLevel::parse; credits with
        // at most two decimals (Credits::try_from).
        body::<LearningAgreementInput>().parsed_by_domain(&[
            "header.eqf_level_at_departure",
            "header.isced_f_code",
            "header.language",
            "header.language_level",
        ])
        .with_example(json!({
            "kind": "traineeship",
            "header": {"sending_contact": {"name": "Ana", "email": "ana@finki.ukim.mk", "position": "Coordinator"},
                "receiving_contact": {"name": "Irina", "email": "irina@example.ru", "position": "Mentor"},
                "start": "2026-09-01", "end": "2027-01-31", "eqf_level_at_departure": 6, "isced_f_code": "0613",
                "isced_clarification": "Software engineering", "language": "ru", "language_level": "B2"},
            "components": [{"table": "c", "code": "V-1", "title": "Online seminar", "term": "winter", "credits": 2,
                "recognition_conditions": "Elective", "short_description": "Weekly", "course_id": null}],
            "traineeship": {"title": "Trainee", "hours_per_week": 40, "tasks": "API", "knowledge_and_skills": "Rust",
                "monitoring_and_evaluation": "Weekly", "recognition": "Diploma Supplement",
                "host_covers_accident": true, "host_covers_liability": false},
            "staff": {"programme": "Lectures", "teaching_hours": 8, "added_value": "Joint course"}
        })),
        body::<ChangeProposalInput>(),
        body::<SignatureInput>(),
        body::<CommentInput>(),
        // GrantProjectNumber::parse (and its agreement with action and call year),
        // CountryCode::parse, FundingRate::parse_amount.
        body::<GrantInput>().parsed_by_domain(&["project_number", "partner_countries[0]", "budget_lines[0].amount"]),
        // CountryCode::parse, FundingRate::parse_amount.
        body::<FundingRateInput>().parsed_by_domain(&["country", "amount"]),
        body::<TravelInput>(),
        // TimeZoneName::parse, LanguageTag::parse.
        body::<EventInput>().parsed_by_domain(&["time_zone", "language"]).with_example(json!({
            "kind": "conference", "title_en": "Teaching with partners", "title_mk": "Настава со партнери",
            "starts_at": "2027-05-20T09:00:00+02:00", "ends_at": "2027-05-21T17:00:00+02:00",
            "time_zone": "Europe/Skopje", "place": "FINKI, Amphitheatre", "online_link": "https://meet.example.org/c",
            "language": "en", "capacity": 120, "audience": "Partners and staff", "agenda": "Day 1\nDay 2",
            "speakers": ["Prof. Irina Sokolova"], "materials": [{"name": "Programme", "link": "https://iro.example.org/c.pdf"}]})),
        body::<EventStatusInput>(),
        // AcademicYear::parse, CountryCode::parse.
        body::<InvitationRequestInput>().parsed_by_domain(&["academic_year", "partner_country"]),
        // CountryCode::parse.
        body::<RegistrationInput>()
            .parsed_by_domain(&["external.country", "external.citizenship"])
            .with_example(json!({"external": {"name": "Irina Sokolova", "institution": "Lipetsk State University",
                "country": "RU", "citizenship": "RU"}})),
    ]
}

/// A step of a path into a JSON body.
#[derive(Debug, Clone)]
enum Step {
    Member(String),
    Item(usize),
}

fn display(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Member(name) if text.is_empty() => text.push_str(name),
            Step::Member(name) => text.push_str(&format!(".{name}")),
            Step::Item(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

fn get<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Member(name) => value.get(name),
        Step::Item(index) => value.get(index),
    })
}

/// `body` with the value at `path` replaced (members are created; items must exist).
fn with(body: &Value, path: &[Step], new: Value) -> Value {
    let mut body = body.clone();
    let mut slot = &mut body;
    for step in path {
        slot = match step {
            Step::Member(name) => match slot {
                Value::Object(map) => map.entry(name.clone()).or_insert(Value::Null),
                _ => panic!("no object at {}", display(path)),
            },
            Step::Item(index) => &mut slot[*index],
        };
    }
    *slot = new;
    body
}

/// The schemas a body's `$ref`s may name: the document's, completed by the body's own (a patch
/// view is not in the document).
struct Schemas(BTreeMap<String, Value>);

impl Schemas {
    /// The schema itself behind `$ref`, a one-element `allOf`, or a nullable `oneOf`.
    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.trim_start_matches("#/components/schemas/");
            return self.resolve(self.0.get(name).unwrap_or_else(|| panic!("dangling $ref {reference}")));
        }
        for combinator in ["oneOf", "anyOf", "allOf"] {
            if let Some(options) = schema.get(combinator).and_then(Value::as_array) {
                let concrete: Vec<&Value> =
                    options.iter().filter(|o| o.get("type").and_then(Value::as_str) != Some("null")).collect();
                if let [only] = concrete.as_slice() {
                    return self.resolve(only);
                }
            }
        }
        schema
    }
}

fn has_type(schema: &Value, wanted: &str) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(types)) => types.iter().any(|t| t == wanted),
        _ => false,
    }
}

/// A documented leaf: a string or a number, with the schema that documents it.
struct Leaf {
    path: Vec<Step>,
    schema: Value,
}

/// The leaves of `schema`, walking into objects and the first item of arrays; an absent
/// nested object or array is filled in from its own schema's example so its fields are
/// exercised too (the returned body carries those additions).
fn leaves(schemas: &Schemas, schema: &Value, body: &mut Value, path: Vec<Step>, found: &mut Vec<Leaf>) {
    let schema = schemas.resolve(schema);
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let mut inner = path.clone();
            inner.push(Step::Member(name.clone()));
            leaves(schemas, property, body, inner, found);
        }
    } else if has_type(schema, "array") {
        found.push(Leaf { path: path.clone(), schema: schema.clone() });
        let Some(items) = schema.get("items") else { return };
        let items_schema = schemas.resolve(items);
        if get(body, &path).and_then(Value::as_array).is_none_or(Vec::is_empty) {
            let Some(example) = items_schema.get("example") else { return };
            *body = with(body, &path, json!([example]));
        }
        let mut inner = path;
        inner.push(Step::Item(0));
        leaves(schemas, items, body, inner, found);
    } else if has_type(schema, "string") || has_type(schema, "integer") || has_type(schema, "number") {
        if schema.get("enum").is_none() {
            found.push(Leaf { path, schema: schema.clone() });
        }
    } else if has_type(schema, "object")
        && get(body, &path).is_none()
        && let Some(example) = schema.get("example")
    {
        *body = with(body, &path, example.clone());
    }
}

/// A string of `length` characters shaped like `like` (an example value), so it keeps the
/// field's other rules: lengthened by repeating its last character, shortened to its start.
fn fit(like: Option<&str>, length: usize) -> String {
    let like = like.filter(|l| l.chars().last().is_some_and(char::is_alphanumeric)).unwrap_or("a");
    let count = like.chars().count();
    if length <= count {
        like.chars().take(length).collect()
    } else {
        let last = like.chars().last().unwrap_or('a');
        format!("{like}{}", last.to_string().repeat(length - count))
    }
}

/// A value that a documented pattern refuses (none of ours takes every one of these).
fn outside_of(pattern: &str) -> Option<&'static str> {
    let pattern = regex::Regex::new(pattern).ok()?;
    ["~~~", "\u{1F600}", "-", "0"].into_iter().find(|candidate| !pattern.is_match(candidate))
}

/// What checking one changed body must give.
enum Expect {
    Accepted,
    RefusedAt,
}

struct Case {
    what: String,
    body: Value,
    expect: Expect,
}

fn number(schema: &Value, key: &str) -> Option<f64> {
    schema.get(key).and_then(Value::as_f64)
}

/// A JSON number: an integer when the schema says so.
fn json_number(schema: &Value, value: f64) -> Value {
    if has_type(schema, "integer") { json!(value as i64) } else { json!(value) }
}

fn cases(body: &Value, leaf: &Leaf) -> Vec<Case> {
    let schema = &leaf.schema;
    let at = |value: Value| with(body, &leaf.path, value);
    let mut cases = Vec::new();
    let mut case = |what: String, value: Value, expect: Expect| cases.push(Case { what, body: at(value), expect });
    if has_type(schema, "array") {
        // Lists of copies of the example's first item, so only their length differs.
        let Some(item) = get(body, &leaf.path).and_then(Value::as_array).and_then(|items| items.first()) else {
            return cases;
        };
        let copies = |n: usize| Value::Array(vec![item.clone(); n]);
        let min = number(schema, "minItems").map(|n| n as usize);
        let max = number(schema, "maxItems").map(|n| n as usize);
        if let Some(max) = max {
            case(format!("maxItems {max}: {max} items"), copies(max), Expect::Accepted);
            case(format!("maxItems {max}: {} items", max + 1), copies(max + 1), Expect::RefusedAt);
        } else {
            case("no maxItems: 2,000 items".into(), copies(2000), Expect::Accepted);
        }
        if let Some(min) = min.filter(|m| *m > 0) {
            case(format!("minItems {min}: {min} items"), copies(min), Expect::Accepted);
            case(format!("minItems {min}: {} items", min - 1), copies(min - 1), Expect::RefusedAt);
        }
    } else if has_type(schema, "string") {
        let format = schema.get("format").and_then(Value::as_str);
        // Without an example, an e-mail field still gets values shaped like an address, so its
        // length bounds are probed, not its format.
        let like =
            get(body, &leaf.path).and_then(Value::as_str).or((format == Some("email")).then_some("a@example.org"));
        let min = number(schema, "minLength").map(|n| n as usize);
        let max = number(schema, "maxLength").map(|n| n as usize);
        if let Some(max) = max {
            case(format!("maxLength {max}: {max} characters"), json!(fit(like, max)), Expect::Accepted);
            case(format!("maxLength {max}: {} characters", max + 1), json!(fit(like, max + 1)), Expect::RefusedAt);
        }
        if let Some(min) = min.filter(|m| *m > 0) {
            case(format!("minLength {min}: {min} characters"), json!(fit(like, min)), Expect::Accepted);
            case(format!("minLength {min}: {} characters", min - 1), json!(fit(like, min - 1)), Expect::RefusedAt);
        }
        if format == Some("email") {
            case("format email: not an address".into(), json!("not-an-email"), Expect::RefusedAt);
        }
        let pattern = schema.get("pattern").and_then(Value::as_str);
        if let Some(outside) = pattern.and_then(outside_of) {
            case(format!("pattern {}: {outside:?}", pattern.unwrap_or_default()), json!(outside), Expect::RefusedAt);
        }
        if max.is_none() && pattern.is_none() && format.is_none_or(|f| f == "password" || f == "email") {
            // Plain letters: a field documented with no shape must take any text.
            let long =
                if format == Some("email") { format!("{}@example.org", "a".repeat(5000)) } else { "a".repeat(5000) };
            case("no maxLength: 5,000 characters".into(), json!(long), Expect::Accepted);
        }
    } else {
        let min = number(schema, "minimum");
        let max = number(schema, "maximum");
        let exclusive_min = number(schema, "exclusiveMinimum");
        let exclusive_max = number(schema, "exclusiveMaximum");
        let step = if has_type(schema, "integer") { 1.0 } else { 0.001 };
        if let Some(max) = max {
            case(format!("maximum {max}"), json_number(schema, max), Expect::Accepted);
            case(format!("maximum {max}: {}", max + step), json_number(schema, max + step), Expect::RefusedAt);
        }
        if let Some(min) = min {
            case(format!("minimum {min}"), json_number(schema, min), Expect::Accepted);
            case(format!("minimum {min}: {}", min - step), json_number(schema, min - step), Expect::RefusedAt);
        }
        if let Some(limit) = exclusive_max {
            case(format!("exclusiveMaximum {limit}"), json_number(schema, limit), Expect::RefusedAt);
            case(
                format!("exclusiveMaximum {limit}: {}", limit - step),
                json_number(schema, limit - step),
                Expect::Accepted,
            );
        }
        if let Some(limit) = exclusive_min {
            case(format!("exclusiveMinimum {limit}"), json_number(schema, limit), Expect::RefusedAt);
            case(
                format!("exclusiveMinimum {limit}: {}", limit + step),
                json_number(schema, limit + step),
                Expect::Accepted,
            );
        }
        if max.is_none() && exclusive_max.is_none() {
            let large = if schema.get("format").and_then(Value::as_str) == Some("int32") { 2.0e9 } else { 1.0e12 };
            case(format!("no maximum: {large}"), json_number(schema, large), Expect::Accepted);
        }
    }
    cases
}

/// Checks one body; returns a line per disagreement.
fn disagreements(doc: &Value, body: &Body) -> Vec<String> {
    let mut all: BTreeMap<String, Value> = (body.own_schemas)().into_iter().collect();
    if let Some(documented) = doc.pointer("/components/schemas").and_then(Value::as_object) {
        all.extend(documented.iter().map(|(name, schema)| (name.clone(), schema.clone())));
    }
    let schemas = Schemas(all);
    let Some(schema) = schemas.0.get(&body.name).cloned() else {
        return vec![format!("{}: no schema", body.name)];
    };
    let Some(mut example) = body.example.clone().or_else(|| schema.get("example").cloned()) else {
        return vec![format!("{}: no example to start from; register one", body.name)];
    };
    let mut found = Vec::new();
    leaves(&schemas, &schema, &mut example, Vec::new(), &mut found);
    let baseline = (body.check)(example.clone());
    if !baseline.is_empty() {
        return vec![format!("{}: its example is refused: {baseline:?}", body.name)];
    }
    let mut problems = Vec::new();
    for leaf in &found {
        let field = display(&leaf.path);
        if body.parsed_by_domain.contains(&field.as_str()) {
            continue;
        }
        if let Some(pattern) = leaf.schema.get("pattern").and_then(Value::as_str)
            && let Some(value) = get(&example, &leaf.path).and_then(Value::as_str)
            && !regex::Regex::new(pattern).is_ok_and(|p| p.is_match(value))
        {
            problems.push(format!("{}.{field}: the example {value:?} does not match its pattern {pattern}", body.name));
        }
        for case in cases(&example, leaf) {
            let errors = (body.check)(case.body);
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            let agrees = match case.expect {
                Expect::Accepted => errors.is_empty(),
                Expect::RefusedAt => !errors.is_empty() && fields.iter().all(|f| *f == field),
            };
            if !agrees {
                let outcome = if errors.is_empty() { "accepted".to_owned() } else { format!("refused at {fields:?}") };
                problems.push(format!("{}.{field}: documented {}, but {outcome}", body.name, case.what));
            }
        }
    }
    problems
}

#[test]
fn every_input_bodys_documented_constraints_are_its_validation_rules() {
    let doc = serde_json::to_value(super::document()).unwrap_or_default();
    let bodies = registered();
    let problems: Vec<String> = bodies.iter().flat_map(|body| disagreements(&doc, body)).collect();
    assert!(problems.is_empty(), "documented constraints and validation rules disagree:\n{}", problems.join("\n"));
}

/// Request bodies of the document whose rules are not (yet) declared with `validator`, and
/// why; every other request body must be registered above.
const NOT_REGISTERED: [(&str, &str); 18] = [
    // Merge-patch views (`merge_patch_schema!`): derived from the registered body the merged
    // result is read as, whose rules this test checks.
    ("UserPatch", "the merge-patch view of UserPatchView"),
    ("ItemProgressPatch", "the merge-patch view of ItemProgressInput"),
    ("InstitutionPatch", "the merge-patch view of InstitutionInput"),
    ("UnitPatch", "the merge-patch view of UnitInput"),
    ("ConditionPatch", "the merge-patch view of ConditionInput"),
    ("AgreementPatch", "the merge-patch view of AgreementInput"),
    ("ScalePatch", "the merge-patch view of ScaleInput"),
    ("GradingTablePatch", "the merge-patch view of GradingTableInput"),
    ("PersonPatch", "the merge-patch view of PersonInput"),
    ("MobilityPatch", "the merge-patch view of MobilityInput"),
    ("ProgrammePatch", "the merge-patch view of ProgrammeInput"),
    ("CoursePatch", "the merge-patch view of CourseInput"),
    ("EventPatch", "the merge-patch view of EventInput"),
    ("GrantPatch", "the merge-patch view of GrantInput"),
    ("FundingRatePatch", "the merge-patch view of FundingRateInput"),
    ("TokenRequest", "OAuth 2.0 token request: its errors are RFC 6749's, not errors[] (identity/token.rs)"),
    ("RevokeRequest", "OAuth 2.0 revocation request (RFC 7009), as TokenRequest"),
    ("GradeCountBody", "the counts upload is checked as part of GradingTableInput (registered)"),
];

/// The schemas the document's operations take as request bodies (directly or as list items).
fn request_bodies(doc: &Value) -> Vec<String> {
    let mut names = Vec::new();
    for item in doc["paths"].as_object().into_iter().flat_map(|paths| paths.values()) {
        for operation in item.as_object().into_iter().flat_map(|ops| ops.values()) {
            for content in operation.pointer("/requestBody/content").and_then(Value::as_object).into_iter().flatten() {
                let schema = &content.1["schema"];
                let reference = schema.get("$ref").or_else(|| schema.pointer("/items/$ref"));
                if let Some(name) =
                    reference.and_then(Value::as_str).map(|r| r.trim_start_matches("#/components/schemas/"))
                    && !names.iter().any(|n| n == name)
                {
                    names.push(name.to_owned());
                }
            }
        }
    }
    names
}

#[test]
fn every_request_body_of_the_document_is_registered() {
    let doc = serde_json::to_value(super::document()).unwrap_or_default();
    let registered: Vec<String> = registered().into_iter().map(|body| body.name).collect();
    let bodies = request_bodies(&doc);
    assert!(bodies.len() >= 10, "too few request bodies found to be the document's: {bodies:?}");
    let missing: Vec<&String> = bodies
        .iter()
        .filter(|name| !registered.contains(name) && !NOT_REGISTERED.iter().any(|(n, _)| n == name))
        .collect();
    assert!(missing.is_empty(), "register these request bodies in openapi::constraints: {missing:?}");
}

#[test]
fn the_check_itself_notices_a_disagreement() {
    // A body documenting 10 characters at most while its rule allows 20, and a field with a
    // rule it does not document.
    #[derive(serde::Deserialize, ToSchema, Validate)]
    #[schema(example = json!({"name": "Ana", "note": "hello"}))]
    struct Mismatched {
        #[schema(max_length = 10)]
        #[validate(length(max = 20))]
        name: String,
        #[validate(length(max = 100))]
        note: String,
    }
    let problems = disagreements(&json!({}), &body::<Mismatched>());
    assert_eq!(
        problems,
        vec![
            "Mismatched.name: documented maxLength 10: 11 characters, but accepted",
            "Mismatched.note: documented no maxLength: 5,000 characters, but refused at [\"note\"]",
        ],
    );
}
