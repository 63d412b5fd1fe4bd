//! The rows of a catalogue CSV read as course bodies: each row becomes the JSON a client would
//! send (`CourseInput`), so an import is checked by exactly the rules a create is, and every
//! problem is named `rows[<line>].<field>`.

use std::collections::{BTreeMap, HashMap};

use iro_domain::catalogue::{CourseData, Programme};
use iro_domain::{ProgrammeId, UnitId};
use serde_json::{Map, Value, json};

use crate::error::{ApiError, FieldError};
use crate::http::csv;
use crate::http::json_body::from_value;
use crate::routes::catalogue::courses::CourseInput;
use crate::routes::catalogue::export::COLUMNS;

/// Columns a file must have; the others of [`COLUMNS`] may be left out.
const REQUIRED: [&str; 9] =
    ["code", "title_en", "isced_code", "eqf_level", "ects_credits", "semester", "hours", "languages", "academic_year"];

/// The most rows one import takes.
pub const MAX_ROWS: usize = 5_000;

/// One checked row: its line in the file and the course it states.
#[derive(Debug)]
pub struct ImportRow {
    /// 1-based line the record starts on.
    pub line: usize,
    /// The course.
    pub data: CourseData,
}

/// What the unit being imported into knows: its code and its programmes by code.
pub struct UnitFacts {
    /// The unit.
    pub id: UnitId,
    /// Its code (a row's `unit_code`, when given, must be it).
    pub code: String,
    /// Its programmes by code.
    pub programmes: HashMap<String, Programme>,
}

/// Reads the whole file, or fails with every problem found (nothing is written then).
pub fn read(text: &str, unit: &UnitFacts) -> Result<Vec<ImportRow>, ApiError> {
    let records = csv::parse(text)
        .map_err(|e| ApiError::Validation(vec![FieldError::new(format!("rows[{}]", e.line), "format", e.message)]))?;
    let mut records = records.into_iter();
    let Some((_, header)) = records.next() else {
        return Err(ApiError::Validation(vec![FieldError::new("rows", "required", "the file is empty")]));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    check_header(&header)?;
    let records: Vec<(usize, Vec<String>)> = records.collect();
    if records.len() > MAX_ROWS {
        return Err(ApiError::Validation(vec![FieldError::new(
            "rows",
            "range",
            format!("at most {MAX_ROWS} courses per import, got {}", records.len()),
        )]));
    }
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (line, fields) in records {
        let at = |field: &str| format!("rows[{line}].{field}");
        if fields.len() != header.len() {
            errors.push(FieldError::new(
                format!("rows[{line}]"),
                "format",
                format!("{} fields where the header has {}", fields.len(), header.len()),
            ));
            continue;
        }
        let cells: HashMap<&str, &str> =
            header.iter().map(String::as_str).zip(fields.iter().map(|f| f.trim())).collect();
        match row(&cells, unit) {
            Ok(data) => {
                let key = (data.academic_year.to_string(), data.code.as_str().to_owned());
                if let Some(first) = seen.insert(key, line) {
                    errors.push(FieldError::new(
                        at("code"),
                        "duplicate",
                        format!("the same code and year as line {first}"),
                    ));
                }
                rows.push(ImportRow { line, data });
            }
            Err(found) => errors.extend(found.into_iter().map(|e| FieldError { field: at(column_of(&e.field)), ..e })),
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(ApiError::Validation(errors)) }
}

/// The column a body field comes from, for the error's name.
fn column_of(field: &str) -> &str {
    match field {
        "title" | "title.en" => "title_en",
        "title.mk" => "title_mk",
        "programme_id" => "programme_code",
        f if f.starts_with("teacher") => "teacher_email",
        f if f.starts_with("languages") => "languages",
        other => other,
    }
}

fn check_header(header: &[String]) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    for name in header {
        if !COLUMNS.contains(&name.as_str()) {
            errors.push(FieldError::new("rows[1]", "unknown_field", format!("unknown column {name:?}")));
        }
    }
    for name in REQUIRED {
        if !header.iter().any(|h| h == name) {
            errors.push(FieldError::new("rows[1]", "required", format!("column {name:?} is missing")));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// A number when the cell reads as one, else the text (so the body's type check names it).
fn number(cell: &str) -> Value {
    cell.parse::<u64>()
        .map(Value::from)
        .or_else(|_| cell.parse::<f64>().map(Value::from))
        .unwrap_or_else(|_| json!(cell))
}

/// `true`/`yes`/`1`, `false`/`no`/`0` or blank (false); other text stays text (a type error).
fn boolean(cell: &str) -> Value {
    match cell.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => json!(true),
        "false" | "no" | "0" | "" => json!(false),
        _ => json!(cell),
    }
}

/// One row as a checked course; errors carry the field name only (the caller adds the row).
fn row(cells: &HashMap<&str, &str>, unit: &UnitFacts) -> Result<CourseData, Vec<FieldError>> {
    let cell = |name: &str| cells.get(name).copied().unwrap_or("");
    let mut errors = Vec::new();
    let unit_code = cell("unit_code");
    if !unit_code.is_empty() && unit_code != unit.code {
        errors.push(FieldError::new("unit_code", "unknown", format!("this import is for unit {}", unit.code)));
    }
    let programme: Option<ProgrammeId> = match cell("programme_code") {
        "" => None,
        code => match unit.programmes.get(code) {
            Some(p) => Some(p.id),
            None => {
                errors.push(FieldError::new(
                    "programme_code",
                    "unknown",
                    format!("the unit has no programme {code:?}"),
                ));
                None
            }
        },
    };
    let mut title = Map::new();
    title.insert("en".to_owned(), json!(cell("title_en")));
    if !cell("title_mk").is_empty() {
        title.insert("mk".to_owned(), json!(cell("title_mk")));
    }
    let teacher = match (cell("teacher_name"), cell("teacher_email")) {
        ("", "") => Value::Null,
        (name, email) => json!({
            "name": (!name.is_empty()).then_some(name),
            "role": "Course teacher",
            "emails": if email.is_empty() { vec![] } else { vec![email] },
        }),
    };
    let optional_text = |name: &str| if cell(name).is_empty() { Value::Null } else { json!(cell(name)) };
    let body = json!({
        "unit_id": unit.id.as_uuid(),
        "programme_id": programme.map(|p| p.as_uuid()),
        "code": cell("code"),
        "title": title,
        "isced_code": cell("isced_code"),
        "eqf_level": number(cell("eqf_level")),
        "ects_credits": number(&cell("ects_credits").replace(',', ".")),
        "semester": cell("semester"),
        "hours": number(cell("hours")),
        "languages": cell("languages").split([' ', ';', ',']).filter(|t| !t.is_empty()).collect::<Vec<_>>(),
        "open_to_incoming": boolean(cell("open_to_incoming")),
        "places": if cell("places").is_empty() { Value::Null } else { number(cell("places")) },
        "description": optional_text("description"),
        "learning_outcomes": optional_text("learning_outcomes"),
        "teacher": teacher,
        "academic_year": cell("academic_year"),
        "published": boolean(cell("published")),
    });
    let data = from_value::<CourseInput>(body).and_then(CourseData::try_from);
    match data {
        Ok(data) if errors.is_empty() => Ok(data),
        Ok(_) => Err(errors),
        Err(ApiError::Validation(found)) => {
            errors.extend(found);
            Err(errors)
        }
        Err(other) => Err(vec![FieldError::new("", "invalid", other.to_string())]),
    }
}
