//! `iro demo-data`: a realistic office to explore the API with.

mod agreements;
mod catalogue;
mod ects;
mod events;
mod factsheets;
mod grants;
mod inquiries;
mod learning_agreements;
mod mobilities;

use chrono::Utc;
use iro_domain::funding::Coordinates;
use iro_domain::{
    Contact, CountryCode, ErasmusCode, HeiId, InstitutionData, LocalizedText, Oid, Role, UnitCode, UnitData,
};
use iro_persistence::repositories::users::{self, NewUser};
use iro_persistence::repositories::{institutions, units};
use iro_persistence::{DbConnection, RepoError, write_transaction};

use crate::auth::password;
use crate::cli::accounts::print;
use crate::settings::Settings;
use crate::startup::open_database;

struct DemoInstitution {
    hei_id: &'static str,
    erasmus_code: Option<&'static str>,
    names: &'static [(&'static str, &'static str)],
    abbreviation: &'static str,
    country: &'static str,
    city: &'static str,
    /// The city centre (OpenStreetMap), for the distance band.
    coordinates: (f64, f64),
    website: &'static str,
    is_local: bool,
    office_email: &'static str,
    /// The OID (illustrative, like the Erasmus codes).
    oid: &'static str,
    units: &'static [(&'static str, &'static str)],
}

/// Our university and three partners. Names and domains are the real institutions'; the
/// Erasmus codes and OIDs are illustrative demo values, not checked against the Erasmus+ register.
const INSTITUTIONS: &[DemoInstitution] = &[
    DemoInstitution {
        hei_id: "ukim.edu.mk",
        erasmus_code: Some("MK SKOPJE01"),
        names: &[
            ("en", "Ss. Cyril and Methodius University in Skopje"),
            ("mk", "Универзитет „Св. Кирил и Методиј“ во Скопје"),
        ],
        abbreviation: "UKIM",
        country: "MK",
        city: "Skopje",
        coordinates: (41.9981, 21.4254),
        website: "https://www.ukim.edu.mk",
        is_local: true,
        office_email: "iro@ukim.edu.mk",
        oid: "E10208532",
        units: &[
            ("FINKI", "Faculty of Computer Science and Engineering"),
            ("FEIT", "Faculty of Electrical Engineering and Information Technologies"),
            ("EF", "Faculty of Economics"),
            ("FLF", "Blaže Koneski Faculty of Philology"),
        ],
    },
    DemoInstitution {
        hei_id: "uni-lipetsk.ru",
        erasmus_code: None,
        names: &[("en", "Lipetsk State University"), ("ru", "Липецкий государственный университет")],
        abbreviation: "LSU",
        country: "RU",
        city: "Lipetsk",
        coordinates: (52.6031, 39.5708),
        website: "https://www.uni-lipetsk.ru",
        is_local: false,
        office_email: "international@uni-lipetsk.ru",
        oid: "E10999001",
        units: &[("IMIT", "Institute of Mathematics, Informatics and Technology")],
    },
    DemoInstitution {
        hei_id: "uni-sofia.bg",
        erasmus_code: Some("BG SOFIA06"),
        names: &[
            ("en", "Sofia University St. Kliment Ohridski"),
            ("bg", "Софийски университет „Св. Климент Охридски“"),
        ],
        abbreviation: "SU",
        country: "BG",
        city: "Sofia",
        coordinates: (42.6977, 23.3219),
        website: "https://www.uni-sofia.bg",
        is_local: false,
        office_email: "erasmus@uni-sofia.bg",
        oid: "E10208790",
        units: &[("FMI", "Faculty of Mathematics and Informatics")],
    },
    DemoInstitution {
        hei_id: "bg.ac.rs",
        erasmus_code: Some("RS BELGRAD02"),
        names: &[("en", "University of Belgrade"), ("sr", "Универзитет у Београду")],
        abbreviation: "UB",
        country: "RS",
        city: "Belgrade",
        coordinates: (44.8125, 20.4612),
        website: "https://www.bg.ac.rs",
        is_local: false,
        office_email: "international@rect.bg.ac.rs",
        oid: "E10209234",
        units: &[("ETF", "School of Electrical Engineering")],
    },
];

fn invalid(e: iro_domain::InvalidValue) -> RepoError {
    invalid_demo(e)
}

fn invalid_demo(e: impl std::fmt::Display) -> RepoError {
    RepoError::Corrupt(format!("demo data: {e}"))
}

fn institution_data(demo: &DemoInstitution) -> Result<InstitutionData, RepoError> {
    Ok(InstitutionData {
        hei_id: HeiId::parse(demo.hei_id).map_err(invalid)?,
        erasmus_code: demo.erasmus_code.map(ErasmusCode::parse).transpose().map_err(invalid)?,
        pic: None,
        oid: Some(Oid::parse(demo.oid).map_err(invalid)?),
        name: LocalizedText::parse(demo.names.iter().copied()).map_err(invalid)?,
        abbreviation: Some(demo.abbreviation.to_owned()),
        country: CountryCode::parse(demo.country).map_err(invalid)?,
        city: Some(demo.city.to_owned()),
        website: Some(demo.website.to_owned()),
        is_local: demo.is_local,
        ewp_enabled: demo.erasmus_code.is_some(),
        contacts: vec![Contact {
            role: Some("International relations office".to_owned()),
            emails: vec![demo.office_email.to_owned()],
            ..Contact::default()
        }],
        coordinates: Some(Coordinates::new(demo.coordinates.0, demo.coordinates.1).map_err(invalid)?),
    })
}

fn load_institutions(conn: &mut DbConnection) -> Result<Vec<agreements::Party>, RepoError> {
    let now = Utc::now();
    let mut loaded = Vec::new();
    for demo in INSTITUTIONS {
        let institution = institutions::insert(conn, &institution_data(demo)?, now)?;
        let mut units_by_code = Vec::new();
        for (code, name) in demo.units {
            let data = UnitData {
                code: UnitCode::parse(code).map_err(invalid)?,
                name: LocalizedText::parse([("en", *name)]).map_err(invalid)?,
                parent_id: None,
                contacts: vec![],
            };
            units_by_code.push((*code, units::insert(conn, institution.id, &data, now)?.id));
        }
        loaded.push(agreements::Party { id: institution.id, hei_id: institution.data.hei_id, units: units_by_code });
    }
    Ok(loaded)
}

/// Loads the demo into an empty office (refuses when institutions exist) and prints the
/// demo users' passwords once.
pub fn load(settings: &Settings) -> Result<(), String> {
    let pool = open_database(settings).map_err(|e| e.to_string())?;
    crate::bootstrap::ensure_admin(&pool, settings.admin_password.as_deref()).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let existing =
        institutions::list(&mut conn, &Default::default(), &iro_persistence::PageRequest { limit: 1, after: None })
            .map_err(|e| e.to_string())?;
    if !existing.items.is_empty() {
        return Err("the database already has institutions; demo data goes into an empty office".to_owned());
    }
    let accounts = [
        ("officer", Role::Officer, "Elena Stojanovska"),
        ("coordinator.finki", Role::FacultyCoordinator, "Goran Velinov"),
        ("student", Role::Participant, "Ana Trajkovska"),
        ("reporting", Role::Reporting, "Erasmus+ reporting"),
        ("student.organization", Role::StudentOrganization, "Student Organization"),
    ];
    let passwords: Vec<String> = accounts.iter().map(|_| password::random_secret()).collect();
    let hashes: Vec<String> =
        passwords.iter().map(|p| password::hash(p)).collect::<Result<_, _>>().map_err(|e| e.to_string())?;
    let mut event_count = 0;
    let (agreement_count, mobility_count, course_count, inquiry_count, factsheet_count, la_count) =
        write_transaction(&mut conn, |conn| {
            let loaded = load_institutions(conn)?;
            let (local, partners) = loaded.split_first().ok_or_else(|| invalid_demo("no institutions"))?;
            let agreement_count = agreements::load(conn, local, partners)?;
            let grant = grants::load(conn)?;
            let mobility_count = mobilities::load(conn, local, partners, grant)?;
            ects::load(conn, local, partners)?;
            let finki = local.units.first().map(|(_, id)| *id);
            let course_count = match finki {
                Some(finki) => catalogue::load(conn, finki)?,
                None => 0,
            };
            let lipetsk = partners.iter().find(|p| p.hei_id.as_str() == "uni-lipetsk.ru").map(|p| p.id);
            let agreement_la_count = match lipetsk {
                Some(lipetsk) => learning_agreements::load(conn, lipetsk)?,
                None => 0,
            };
            let mut officer = None;
            let mut organization = None;
            for ((username, role, name), hash) in accounts.iter().zip(&hashes) {
                let user = NewUser {
                    username: (*username).to_owned(),
                    password_hash: hash.clone(),
                    role: *role,
                    full_name: Some((*name).to_owned()),
                    email: None,
                    unit_ids: if *role == Role::FacultyCoordinator { finki.into_iter().collect() } else { vec![] },
                };
                let stored = users::insert(conn, &user, Utc::now())?;
                match role {
                    Role::Officer => officer = Some(stored.id),
                    Role::StudentOrganization => organization = Some(stored.id),
                    _ => {}
                }
            }
            let inquiry_count = match (officer, organization) {
                (Some(officer), Some(organization)) => {
                    inquiries::load(conn, officer, organization, settings.inquiry_answer_days)?
                }
                _ => 0,
            };
            let factsheet_count = factsheets::load(conn)?;
            event_count = events::load(conn, finki)?;
            Ok::<_, RepoError>((
                agreement_count,
                mobility_count,
                course_count,
                inquiry_count,
                factsheet_count,
                agreement_la_count,
            ))
        })
        .map_err(|e| e.to_string())?;
    print(&format!(
        "loaded {} institutions with their faculties, {agreement_count} agreements with their cooperation conditions, \
         {mobility_count} mobilities of 2026/2027 with their people, {course_count} FINKI courses of the public \
         catalogue, {la_count} learning agreement (signed, with one change during the mobility), {inquiry_count} \
         inquiries of incoming students, {factsheet_count} factsheet for 2026/2027 (its figures marked as examples), \
         {event_count} outreach events, and these users:",
        INSTITUTIONS.len()
    ));
    for ((username, role, _), password) in accounts.iter().zip(&passwords) {
        print(&format!("  {username:<20} {role:<20} {password}"));
    }
    Ok(())
}
