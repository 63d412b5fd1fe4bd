//! People: students and staff, ours and partners', who take part in mobilities (issue 4).
//!
//! Personal data is kept here as plain values; who may see it is the API's decision.

use chrono::{DateTime, NaiveDate, Utc};

use crate::{CountryCode, EqfLevel, InstitutionId, IscedCode, ParticipantKind, PersonId, UnitId, UserId};

/// What is recorded about a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonData {
    /// Given names.
    pub given_names: String,
    /// Family name.
    pub family_name: String,
    /// E-mail address.
    pub email: Option<String>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Citizenships (ISO 3166-1 alpha-2).
    pub citizenships: Vec<CountryCode>,
    /// ISO 5218 sex code: 0 not known, 1 male, 2 female, 9 not applicable.
    pub gender: Option<u8>,
    /// The institution the person belongs to.
    pub home_institution_id: InstitutionId,
    /// The person's faculty or department there.
    pub home_unit_id: Option<UnitId>,
    /// Student or staff.
    pub kind: ParticipantKind,
    /// Students: study cycle.
    pub eqf_level: Option<EqfLevel>,
    /// Students: field of study.
    pub isced_f_code: Option<IscedCode>,
    /// Staff: position.
    pub position: Option<String>,
    /// European Student Identifier.
    pub esi: Option<String>,
    /// Erasmus+ participant with fewer opportunities.
    pub fewer_opportunities: bool,
    /// Special needs (restricted free text).
    pub special_needs: Option<String>,
    /// The participant account that belongs to this person.
    pub user_id: Option<UserId>,
}

/// A stored person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Id.
    pub id: PersonId,
    /// Data.
    pub data: PersonData,
    /// When personal fields were erased (statistics kept).
    pub anonymised_at: Option<DateTime<Utc>>,
    /// Optimistic-concurrency version.
    pub version: u32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// ISO 5218 codes of sex.
pub const ISO_5218_CODES: [u8; 4] = [0, 1, 2, 9];

impl PersonData {
    /// The same person with personal fields erased: names replaced, contact, birth date,
    /// citizenships, identifiers, special needs and the account link removed. Kind, home
    /// institution and unit, EQF, ISCED, gender and fewer-opportunities stay for statistics.
    pub fn anonymised(&self) -> PersonData {
        PersonData {
            given_names: "anonymised".to_owned(),
            family_name: "anonymised".to_owned(),
            email: None,
            birth_date: None,
            citizenships: Vec::new(),
            position: None,
            esi: None,
            special_needs: None,
            user_id: None,
            ..self.clone()
        }
    }
}
