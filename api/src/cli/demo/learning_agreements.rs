//! Demo learning agreement: a FINKI informatics student at Lipetsk for the winter semester,
//! with a first version signed by all three (the partner's signature recorded with its
//! evidence), the mobility gone live on it, and one change during the mobility (a course
//! replaced for a timetable conflict) signed by the student and FINKI, waiting for Lipetsk.
//! Names, courses and references are examples.

use chrono::{NaiveDate, Utc};
use iro_domain::agreement::Actor;
use iro_domain::ects::EctsCredits;
use iro_domain::learning_agreement::{
    AgreementContent, AgreementKind, ChangeReason, Component, ComponentChange, ComponentTable, ContactPerson, Evidence,
    Header, LaSignature, Side, apply_changes, check_signature,
};
use iro_domain::mobility::ActivityType;
use iro_domain::nomination::StatusChangeRequest;
use iro_domain::{CefrLevel, ComponentId, CourseId, Direction, InstitutionId, LanguageTag, MobilityStatus};
use iro_persistence::models::learning_agreement::StoredAgreement;
use iro_persistence::repositories::catalogue::courses::{self, CourseFilter};
use iro_persistence::repositories::learning_agreements::{self, writes};
use iro_persistence::repositories::mobilities::{self, MobilityFilter};
use iro_persistence::{DbConnection, PageRequest, RepoError};

use super::invalid;

fn component(
    table: ComponentTable,
    code: &str,
    title: &str,
    credits: u16,
    course: Option<CourseId>,
) -> Result<Component, RepoError> {
    Ok(Component {
        id: ComponentId::generate(),
        table,
        code: Some(code.to_owned()),
        title: title.to_owned(),
        term: Some("2026/2027 winter".to_owned()),
        credits: Some(EctsCredits::whole(credits).map_err(invalid)?),
        recognition_conditions: (table == ComponentTable::B)
            .then(|| "Recognised with the grade converted from the host's transcript".to_owned()),
        short_description: None,
        course_id: course,
    })
}

fn day(text: &str) -> Result<NaiveDate, RepoError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| RepoError::Setup(format!("demo date {text}: {e}")))
}

/// Signs the agreement's current version for `side` as `name`, with evidence when the
/// signature was given outside iro.
fn sign(
    conn: &mut DbConnection,
    agreement: &StoredAgreement,
    actor: &Actor,
    (side, name, email): (Side, &str, &str),
    evidence: Option<Evidence>,
) -> Result<StoredAgreement, RepoError> {
    let current = learning_agreements::latest(conn, agreement)?;
    check_signature(&current.proposal_id, &current.proposal_id, &current.signatures, side)
        .map_err(|e| RepoError::Setup(format!("demo signature: {e}")))?;
    let signature = LaSignature {
        side,
        name: name.to_owned(),
        position: None,
        email: email.to_owned(),
        signed_at: Utc::now(),
        evidence,
    };
    writes::sign(conn, agreement, &current, &signature, actor, Utc::now())
}

/// Loads the agreement of the first outgoing studies mobility to `lipetsk`; returns how many
/// agreements (0 when the demo has no such mobility).
pub fn load(conn: &mut DbConnection, lipetsk: InstitutionId) -> Result<usize, RepoError> {
    let actor = Actor { id: "system:demo-data".to_owned(), name: "iro demo-data".to_owned() };
    let filter = MobilityFilter {
        direction: Some(Direction::Outgoing),
        status: Some(MobilityStatus::Nominated),
        activity_type: Some(ActivityType::StudentStudies),
        partner_institution_id: Some(lipetsk),
        ..MobilityFilter::default()
    };
    let Some(mobility) = mobilities::list(conn, &filter, &PageRequest { limit: 1, after: None })?.items.pop() else {
        return Ok(0);
    };
    // FINKI's catalogue courses recognised in table B, when the demo catalogue has them.
    let finki_courses = courses::list(conn, &CourseFilter::default(), &PageRequest { limit: 10, after: None })?;
    let course = |code: &str| finki_courses.items.iter().find(|c| c.data.code.as_str() == code).map(|c| c.id);
    let content = AgreementContent {
        kind: AgreementKind::Studies,
        header: Header {
            sending_contact: ContactPerson {
                name: Some("Goran Velinov".into()),
                email: Some("goran.velinov@finki.example.mk".into()),
                position: Some("Faculty coordinator".into()),
            },
            receiving_contact: ContactPerson {
                name: Some("Irina Volkova".into()),
                email: Some("international@uni-lipetsk.example.ru".into()),
                position: Some("International office".into()),
            },
            start: None,
            end: None,
            eqf_level_at_departure: mobility.data.eqf_level,
            isced_f_code: mobility.data.isced_f_code.clone(),
            isced_clarification: Some("Informatics".into()),
            language: Some(LanguageTag::parse("ru").map_err(invalid)?),
            language_level: Some(CefrLevel::B2),
        },
        components: vec![
            component(ComponentTable::A, "LGTU-IS-301", "Web technologies", 6, None)?,
            component(ComponentTable::A, "LGTU-IS-305", "Operating systems", 6, None)?,
            component(ComponentTable::A, "LGTU-IS-310", "Computer networks", 6, None)?,
            component(ComponentTable::A, "LGTU-IS-320", "Information security", 6, None)?,
            component(ComponentTable::A, "LGTU-RU-101", "Russian as a foreign language", 6, None)?,
            component(ComponentTable::B, "WP", "Web Programming", 6, course("WP"))?,
            component(ComponentTable::B, "OS", "Operating Systems", 6, course("OS"))?,
            component(ComponentTable::B, "CN", "Computer Networks", 6, None)?,
            component(ComponentTable::B, "IS", "Information Security", 6, None)?,
            component(ComponentTable::B, "EL", "Elective course", 6, None)?,
        ],
        traineeship: None,
        staff: None,
    };
    let agreement = writes::insert(conn, mobility.id, &content, &actor, Utc::now())
        .map_err(|e| RepoError::Setup(format!("demo learning agreement: {e}")))?;
    let partner = |on: &str| -> Result<Evidence, RepoError> {
        Ok(Evidence { reference: "https://esign.uni-lipetsk.example.ru/la/2026-017".into(), signed_on: day(on)? })
    };
    let agreement =
        sign(conn, &agreement, &actor, (Side::Participant, "Ana Trajkovska", "ana.trajkovska@ukim.edu.mk"), None)?;
    let agreement =
        sign(conn, &agreement, &actor, (Side::Sending, "Goran Velinov", "goran.velinov@finki.example.mk"), None)?;
    let agreement = sign(
        conn,
        &agreement,
        &actor,
        (Side::Receiving, "Irina Volkova", "international@uni-lipetsk.example.ru"),
        Some(partner("2026-07-10")?),
    )?;

    // The mobility starts on the signed agreement.
    for (to, start) in [(MobilityStatus::Accepted, None), (MobilityStatus::Live, Some(day("2026-09-01")?))] {
        let request = StatusChangeRequest { actual_start: start, ..StatusChangeRequest::to(to) };
        mobilities::change_status_by_rules(conn, mobility.id, &request, &actor, Utc::now(), |_| {
            Ok::<_, crate::error::ApiError>(())
        })
        .map_err(|e| RepoError::Setup(format!("demo mobility to {to}: {e}")))?;
    }

    // During the mobility: Computer networks clashes with the Russian course; Databases
    // replaces it.
    let approved = learning_agreements::latest(conn, &agreement)?;
    let Some(networks) = approved.content.components.iter().find(|c| c.title == "Computer networks").map(|c| c.id)
    else {
        return Err(RepoError::Setup("demo component missing".into()));
    };
    let changes = vec![
        ComponentChange::Deleted { component_id: networks, reason: ChangeReason::TimetableConflict },
        ComponentChange::Inserted {
            component: component(ComponentTable::A, "LGTU-IS-330", "Databases", 6, None)?,
            reason: ChangeReason::SubstitutingDeleted,
        },
    ];
    let changed = apply_changes(&approved.content, &changes).map_err(|e| RepoError::Setup(e.to_string()))?;
    let agreement = writes::propose(conn, &agreement, &changed, &changes, &actor, Utc::now())
        .map_err(|e| RepoError::Setup(format!("demo change proposal: {e}")))?;
    let agreement =
        sign(conn, &agreement, &actor, (Side::Participant, "Ana Trajkovska", "ana.trajkovska@ukim.edu.mk"), None)?;
    sign(conn, &agreement, &actor, (Side::Sending, "Goran Velinov", "goran.velinov@finki.example.mk"), None)?;
    Ok(1)
}
