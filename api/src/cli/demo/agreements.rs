//! The demo's agreements: the bilateral informatics exchange with Lipetsk and Erasmus+
//! agreements with Sofia and Belgrade, each with its cooperation conditions and an approval
//! history, written through the same repository functions and domain rules as the API.

use chrono::{NaiveDate, Utc};
use iro_domain::agreement::{
    AcademicYearRange, Actor, Agreement, AgreementCode, AgreementData, AgreementStatus, ConditionData, ConditionSide,
    CooperationCondition, CooperationConditionInput, LanguageRequirementInput, Programme, Signature, SubjectAreaInput,
};
use iro_domain::{AcademicYear, Contact, HeiId, InstitutionId, UnitId};
use iro_persistence::repositories::agreements::{self, conditions};
use iro_persistence::{DbConnection, RepoError};

/// One institution of the demo as the agreements need it: id, SCHAC code, units by code.
#[derive(Debug, Clone)]
pub struct Party {
    /// Institution id.
    pub id: InstitutionId,
    /// SCHAC code.
    pub hei_id: HeiId,
    /// Its units: (code, id).
    pub units: Vec<(&'static str, UnitId)>,
}

impl Party {
    /// The unit with `code`; a partner's only unit when `code` is empty.
    fn unit(&self, code: &str) -> Option<UnitId> {
        self.units.iter().find(|(c, _)| code.is_empty() || *c == code).map(|(_, id)| *id)
    }
}

/// Terms of one condition, the rest of `CooperationConditionInput` being defaults.
struct Terms {
    mobility_type: &'static str,
    outgoing: bool,
    places: u32,
    months: Option<&'static str>,
    days: Option<&'static str>,
    eqf: &'static [u8],
    isced: &'static [(&'static str, Option<&'static str>)],
    languages: &'static [(&'static str, &'static str)],
}

struct DemoAgreement {
    code: &'static str,
    programme: Programme,
    partner: usize,
    /// Our faculty the exchange is about (its code).
    faculty: &'static str,
    /// Whether the agreement is faculty-level (`local_unit_id` set) or university-wide.
    faculty_level: bool,
    partner_code: Option<&'static str>,
    signed: Option<(&'static str, &'static str)>,
    other_info: &'static str,
    /// The statuses after `draft`, in order.
    approval: &'static [(AgreementStatus, &'static str)],
    conditions: &'static [Terms],
}

const APPROVED: &[(AgreementStatus, &str)] = &[
    (AgreementStatus::Submitted, "Sent to the partner for signature"),
    (AgreementStatus::ApprovedByUs, "Signed by the rector"),
    (AgreementStatus::ApprovedByBoth, "Countersigned copy received from the partner"),
];

/// Three agreements, all 2025/2026–2028/2029. `partner` indexes the partners (Lipetsk, Sofia,
/// Belgrade) in the demo's institution list.
const AGREEMENTS: &[DemoAgreement] = &[
    DemoAgreement {
        code: "BIL-2025-LSU-INF",
        programme: Programme::Bilateral,
        partner: 0,
        faculty: "FINKI",
        faculty_level: true,
        partner_code: Some("ЛГУ-МС-2025/14"),
        signed: Some(("2025-05-12", "2025-05-20")),
        other_info: "Informatics exchange outside Erasmus+ (Russian public bodies are excluded since April 2022). \
                     Tuition waived on both sides; the host offers a place in its student dormitory.",
        approval: APPROVED,
        conditions: &[
            Terms {
                mobility_type: "student_studies",
                outgoing: true,
                places: 5,
                months: Some("25"),
                days: None,
                eqf: &[6, 7],
                isced: &[("0613", Some("Software engineering, web and mobile development"))],
                languages: &[("ru", "B1"), ("en", "B1")],
            },
            Terms {
                mobility_type: "student_studies",
                outgoing: false,
                places: 5,
                months: Some("25"),
                days: None,
                eqf: &[6, 7],
                isced: &[("0613", Some("Software engineering, web and mobile development"))],
                languages: &[("en", "B1"), ("ru", "B1")],
            },
        ],
    },
    DemoAgreement {
        code: "EPLUS-2025-BG-SOFIA06",
        programme: Programme::ErasmusPlus,
        partner: 1,
        faculty: "FINKI",
        faculty_level: true,
        partner_code: Some("KA131-2025-BG-SOFIA06-MK-SKOPJE01"),
        signed: Some(("2025-03-03", "2025-03-17")),
        other_info: "Nominations by 15 May for the winter semester and by 15 November for the summer semester.",
        approval: APPROVED,
        conditions: &[
            Terms {
                mobility_type: "student_studies",
                outgoing: true,
                places: 2,
                months: Some("10"),
                days: None,
                eqf: &[6, 7],
                isced: &[("0613", None), ("0541", Some("Applied mathematics"))],
                languages: &[("en", "B2")],
            },
            Terms {
                mobility_type: "student_studies",
                outgoing: false,
                places: 2,
                months: Some("10"),
                days: None,
                eqf: &[6, 7],
                isced: &[("0613", None)],
                languages: &[("en", "B2")],
            },
            Terms {
                mobility_type: "staff_teaching",
                outgoing: true,
                places: 1,
                months: None,
                days: Some("5"),
                eqf: &[],
                isced: &[("0613", None)],
                languages: &[("en", "B2")],
            },
            Terms {
                mobility_type: "staff_teaching",
                outgoing: false,
                places: 1,
                months: None,
                days: Some("5"),
                eqf: &[],
                isced: &[("0613", None)],
                languages: &[("en", "B2")],
            },
        ],
    },
    DemoAgreement {
        code: "EPLUS-2025-RS-BELGRAD02",
        programme: Programme::ErasmusPlus,
        partner: 2,
        faculty: "FEIT",
        faculty_level: false,
        partner_code: None,
        signed: Some(("2025-10-06", "")),
        other_info: "Awaiting the partner's signature in the EWP Dashboard.",
        approval: &[
            (AgreementStatus::Submitted, "Sent to Belgrade through the EWP Dashboard"),
            (AgreementStatus::ApprovedByUs, "Approved by the Erasmus+ institutional coordinator"),
        ],
        conditions: &[
            Terms {
                mobility_type: "student_studies",
                outgoing: true,
                places: 3,
                months: Some("15"),
                days: None,
                eqf: &[6, 7],
                isced: &[("0714", Some("Electronics, telecommunications and automation"))],
                languages: &[("en", "B2"), ("sr", "B1")],
            },
            Terms {
                mobility_type: "student_studies",
                outgoing: false,
                places: 3,
                months: Some("15"),
                days: None,
                eqf: &[6, 7],
                isced: &[("0714", None)],
                languages: &[("en", "B2")],
            },
            Terms {
                mobility_type: "staff_teaching",
                outgoing: true,
                places: 2,
                months: None,
                days: Some("10"),
                eqf: &[],
                isced: &[("0714", None)],
                languages: &[("en", "B2")],
            },
            Terms {
                mobility_type: "staff_teaching",
                outgoing: false,
                places: 2,
                months: None,
                days: Some("10"),
                eqf: &[],
                isced: &[("0714", None)],
                languages: &[("en", "B2")],
            },
        ],
    },
];

fn invalid(e: impl std::fmt::Display) -> RepoError {
    RepoError::Corrupt(format!("demo data: {e}"))
}

fn date(text: &str) -> Result<Option<NaiveDate>, RepoError> {
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some).map_err(invalid)
}

fn signer(name: Option<&str>, role: &str) -> Option<Contact> {
    Some(Contact { name: name.map(str::to_owned), role: Some(role.to_owned()), ..Contact::default() })
}

fn condition(
    agreement: &Agreement,
    (local, faculty): (&Party, &str),
    partner: &Party,
    terms: &Terms,
) -> Result<ConditionData, RepoError> {
    let ours = (local, local.unit(faculty));
    let theirs = (partner, partner.unit(""));
    let ((from, from_unit), (to, to_unit)) = if terms.outgoing { (ours, theirs) } else { (theirs, ours) };
    let input = CooperationConditionInput {
        mobility_type: terms.mobility_type.to_owned(),
        sending_hei_id: from.hei_id.to_string(),
        sending_ounit_id: from_unit.map(|u| u.to_string()),
        receiving_hei_id: to.hei_id.to_string(),
        receiving_ounit_id: to_unit.map(|u| u.to_string()),
        first_academic_year: agreement.data.period.first().to_string(),
        last_academic_year: agreement.data.period.last().to_string(),
        mobilities_per_year: terms.places,
        total_months_per_year: terms.months.map(str::to_owned),
        total_days_per_year: terms.days.map(str::to_owned),
        blended: false,
        eqf_levels: terms.eqf.to_vec(),
        subject_areas: terms
            .isced
            .iter()
            .map(|(code, clarification)| SubjectAreaInput {
                isced_f_code: (*code).to_owned(),
                clarification: clarification.map(str::to_owned),
            })
            .collect(),
        language_requirements: terms
            .languages
            .iter()
            .map(|(language, level)| LanguageRequirementInput {
                language: (*language).to_owned(),
                cefr_level: (*level).to_owned(),
                isced_f_code: None,
            })
            .collect(),
        other_info: None,
    };
    let outline = agreement.outline(local.hei_id.clone(), partner.hei_id.clone());
    Ok(ConditionData {
        sending: ConditionSide { institution_id: from.id, unit_id: from_unit },
        receiving: ConditionSide { institution_id: to.id, unit_id: to_unit },
        terms: CooperationCondition::parse(&input, &outline).map_err(invalid)?,
    })
}

/// Stores the demo's agreements between `local` and `partners` (Lipetsk, Sofia, Belgrade);
/// returns how many.
pub fn load(conn: &mut DbConnection, local: &Party, partners: &[Party]) -> Result<usize, RepoError> {
    let actor = Actor { id: "system:demo-data".to_owned(), name: "iro demo-data".to_owned() };
    let period = AcademicYearRange::new(
        AcademicYear::parse("2025/2026").map_err(invalid)?,
        AcademicYear::parse("2028/2029").map_err(invalid)?,
    )
    .map_err(invalid)?;
    for demo in AGREEMENTS {
        let partner = partners.get(demo.partner).ok_or_else(|| invalid("a demo partner is missing"))?;
        let (local_date, partner_date) = demo.signed.unwrap_or(("", ""));
        let data = AgreementData {
            code: AgreementCode::parse(demo.code).map_err(invalid)?,
            programme: demo.programme,
            partner_institution_id: partner.id,
            partner_unit_id: partner.unit(""),
            local_unit_id: if demo.faculty_level { local.unit(demo.faculty) } else { None },
            partner_agreement_id: None,
            partner_agreement_code: demo.partner_code.map(str::to_owned),
            period,
            local_signature: Signature { date: date(local_date)?, signer: signer(Some("Biljana Angelova"), "Rector") },
            partner_signature: Signature {
                date: date(partner_date)?,
                signer: signer(None, "Vice-rector for international cooperation"),
            },
            other_info: Some(demo.other_info.to_owned()),
        };
        let now = Utc::now();
        let agreement = agreements::insert(conn, &data, now)?;
        for terms in demo.conditions {
            let data = condition(&agreement, (local, demo.faculty), partner, terms)?;
            conditions::insert(conn, agreement.id, &data, now)?;
        }
        let mut status = agreement.status;
        for (to, reason) in demo.approval {
            status.transition(*to).map_err(invalid)?;
            agreements::change_status(conn, agreement.id, status, *to, Some(reason), &actor, now)?;
            if *to == AgreementStatus::ApprovedByBoth {
                agreements::store_snapshot(conn, agreement.id, now)?;
            }
            status = *to;
        }
    }
    Ok(AGREEMENTS.len())
}
