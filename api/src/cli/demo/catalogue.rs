//! Demo catalogue: a FINKI bachelor programme and some of its informatics courses, taught in
//! English and open to incoming students (issue 15: the demo shows what an incoming student
//! finds). Titles, hours and credits are illustrative, not the faculty's official catalogue.

use chrono::Utc;
use iro_domain::catalogue::{CatalogueCode, CourseData, InstructionLanguages, ProgrammeData, Semester};
use iro_domain::ects::EctsCredits;
use iro_domain::{AcademicYear, Contact, EqfLevel, IscedCode, LocalizedText, UnitId};
use iro_persistence::repositories::catalogue::{courses, programmes};
use iro_persistence::{DbConnection, RepoError};

use super::invalid;

/// (code, English title, Macedonian title, semester, ECTS, hours, description).
const COURSES: [(&str, &str, &str, Semester, u16, u16, &str); 4] = [
    (
        "WP",
        "Web Programming",
        "Веб програмирање",
        Semester::Winter,
        6,
        60,
        "Server-side web applications: HTTP, routing, templates, persistence and security.",
    ),
    (
        "OS",
        "Operating Systems",
        "Оперативни системи",
        Semester::Winter,
        6,
        60,
        "Processes, threads, scheduling, memory management and file systems.",
    ),
    (
        "DB",
        "Databases",
        "Бази на податоци",
        Semester::Summer,
        6,
        60,
        "The relational model, SQL, normalisation, transactions and indexing.",
    ),
    (
        "ML",
        "Machine Learning",
        "Машинско учење",
        Semester::Summer,
        6,
        60,
        "Supervised and unsupervised learning, model evaluation and neural networks.",
    ),
];

/// Loads the FINKI programme and its courses for 2026/2027; returns how many courses.
pub fn load(conn: &mut DbConnection, finki: UnitId) -> Result<usize, RepoError> {
    let now = Utc::now();
    let informatics = IscedCode::parse("0613").map_err(invalid)?;
    let bachelor = EqfLevel::new(6).map_err(invalid)?;
    let programme = programmes::insert(
        conn,
        &ProgrammeData {
            unit_id: finki,
            code: CatalogueCode::parse("SIIS").map_err(invalid)?,
            name: LocalizedText::parse([
                ("en", "Software Engineering and Information Systems"),
                ("mk", "Софтверско инженерство и информациски системи"),
            ])
            .map_err(invalid)?,
            eqf_level: bachelor,
            isced_code: informatics.clone(),
            duration_semesters: 8,
            languages: InstructionLanguages::parse(["mk", "en"]).map_err(invalid)?,
            published: true,
        },
        now,
    )?;
    for (code, en, mk, semester, ects, hours, description) in COURSES {
        let data = CourseData {
            unit_id: finki,
            programme_id: Some(programme.id),
            code: CatalogueCode::parse(code).map_err(invalid)?,
            title: LocalizedText::parse([("en", en), ("mk", mk)]).map_err(invalid)?,
            isced_code: informatics.clone(),
            eqf_level: bachelor,
            ects_credits: EctsCredits::whole(ects).map_err(invalid)?,
            semester,
            hours,
            languages: InstructionLanguages::parse(["en"]).map_err(invalid)?,
            open_to_incoming: true,
            places: Some(10),
            description: Some(description.to_owned()),
            learning_outcomes: None,
            teacher: Some(Contact { role: Some("FINKI ECTS coordinator".to_owned()), ..Contact::default() }),
            academic_year: AcademicYear::parse("2026/2027").map_err(invalid)?,
            published: true,
        };
        courses::insert(conn, &data, now)?;
    }
    Ok(COURSES.len())
}
