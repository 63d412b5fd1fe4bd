//! `people` rows and their mapping to the domain's `Person`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use iro_domain::person::{Person, PersonData};
use iro_domain::{CountryCode, EqfLevel, InstitutionId, IscedCode, ParticipantKind, PersonId, UnitId, UserId};

use crate::RepoError;
use crate::models::{corrupt, utc, version};
use crate::schema::people;

/// A row of `people`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = people)]
pub struct PersonRow {
    /// Id.
    pub id: String,
    /// Given names.
    pub given_names: String,
    /// Family name.
    pub family_name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// JSON array of ISO 3166-1 codes.
    pub citizenships: String,
    /// ISO 5218.
    pub gender: Option<i32>,
    /// Home institution.
    pub home_institution_id: String,
    /// Home unit.
    pub home_unit_id: Option<String>,
    /// `student` | `staff`.
    pub kind: String,
    /// EQF level.
    pub eqf_level: Option<i32>,
    /// ISCED-F code.
    pub isced_f_code: Option<String>,
    /// Staff position.
    pub position: Option<String>,
    /// European Student Identifier.
    pub esi: Option<String>,
    /// Fewer opportunities.
    pub fewer_opportunities: bool,
    /// Special needs.
    pub special_needs: Option<String>,
    /// Linked participant account.
    pub user_id: Option<String>,
    /// When anonymised.
    pub anonymised_at: Option<NaiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
}

/// The writable columns of `people`.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = people, treat_none_as_null = true)]
pub struct PersonChanges {
    /// Given names.
    pub given_names: String,
    /// Family name.
    pub family_name: String,
    /// E-mail.
    pub email: Option<String>,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// JSON array.
    pub citizenships: String,
    /// ISO 5218.
    pub gender: Option<i32>,
    /// Home institution.
    pub home_institution_id: String,
    /// Home unit.
    pub home_unit_id: Option<String>,
    /// Kind.
    pub kind: String,
    /// EQF.
    pub eqf_level: Option<i32>,
    /// ISCED-F.
    pub isced_f_code: Option<String>,
    /// Position.
    pub position: Option<String>,
    /// ESI.
    pub esi: Option<String>,
    /// Fewer opportunities.
    pub fewer_opportunities: bool,
    /// Special needs.
    pub special_needs: Option<String>,
    /// Account.
    pub user_id: Option<String>,
}

impl From<&PersonData> for PersonChanges {
    fn from(d: &PersonData) -> Self {
        let citizenships: Vec<&str> = d.citizenships.iter().map(|c| c.as_str()).collect();
        PersonChanges {
            given_names: d.given_names.clone(),
            family_name: d.family_name.clone(),
            email: d.email.clone(),
            birth_date: d.birth_date,
            citizenships: serde_json::to_string(&citizenships).unwrap_or_else(|_| "[]".to_owned()),
            gender: d.gender.map(i32::from),
            home_institution_id: d.home_institution_id.to_string(),
            home_unit_id: d.home_unit_id.map(|u| u.to_string()),
            kind: d.kind.as_str().to_owned(),
            eqf_level: d.eqf_level.map(|l| i32::from(l.value())),
            isced_f_code: d.isced_f_code.as_ref().map(|c| c.as_str().to_owned()),
            position: d.position.clone(),
            esi: d.esi.clone(),
            fewer_opportunities: d.fewer_opportunities,
            special_needs: d.special_needs.clone(),
            user_id: d.user_id.map(|u| u.to_string()),
        }
    }
}

/// Reads a stored EQF level.
pub(crate) fn eqf_from_db(raw: Option<i32>) -> Result<Option<EqfLevel>, RepoError> {
    raw.map(|l| {
        u8::try_from(l)
            .map_err(|_| RepoError::Corrupt(format!("eqf level {l}")))
            .and_then(|l| EqfLevel::new(l).map_err(corrupt("eqf level")))
    })
    .transpose()
}

/// Reads a stored optional unit id.
pub(crate) fn unit_from_db(raw: Option<&str>) -> Result<Option<UnitId>, RepoError> {
    raw.map(|u| UnitId::parse(u).map_err(corrupt("unit id"))).transpose()
}

impl TryFrom<PersonRow> for Person {
    type Error = RepoError;

    fn try_from(row: PersonRow) -> Result<Self, Self::Error> {
        let citizenships: Vec<String> =
            serde_json::from_str(&row.citizenships).map_err(|e| RepoError::Corrupt(format!("citizenships: {e}")))?;
        let data = PersonData {
            given_names: row.given_names,
            family_name: row.family_name,
            email: row.email,
            birth_date: row.birth_date,
            citizenships: citizenships
                .iter()
                .map(|c| CountryCode::parse(c).map_err(corrupt("citizenship")))
                .collect::<Result<_, _>>()?,
            gender: row
                .gender
                .map(|g| u8::try_from(g).map_err(|_| RepoError::Corrupt(format!("gender {g}"))))
                .transpose()?,
            home_institution_id: InstitutionId::parse(&row.home_institution_id).map_err(corrupt("institution id"))?,
            home_unit_id: unit_from_db(row.home_unit_id.as_deref())?,
            kind: ParticipantKind::parse(&row.kind).map_err(corrupt("kind"))?,
            eqf_level: eqf_from_db(row.eqf_level)?,
            isced_f_code: row.isced_f_code.map(|c| IscedCode::parse(&c).map_err(corrupt("isced"))).transpose()?,
            position: row.position,
            esi: row.esi,
            fewer_opportunities: row.fewer_opportunities,
            special_needs: row.special_needs,
            user_id: row.user_id.map(|u| UserId::parse(&u).map_err(corrupt("user id"))).transpose()?,
        };
        Ok(Person {
            id: PersonId::parse(&row.id).map_err(corrupt("person id"))?,
            data,
            anonymised_at: row.anonymised_at.map(utc),
            version: version(row.version)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}
