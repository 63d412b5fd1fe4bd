//! The reads behind the Beneficiary Module report: a grant's reportable mobilities with their
//! person and both institutions, one keyset page per query, so the export streams in pages
//! and never holds the whole grant in memory.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use iro_domain::funding::{BmFacts, BmOrganisation, BmParticipant, Grant};
use iro_domain::mobility::{DateRange, Mobility};
use iro_domain::{CountryCode, MobilityStatus};
use serde::Deserialize;

use crate::models::institution::coordinates_from_db;
use crate::models::json::localized_from_json;
use crate::models::mobility::MobilityRow;
use crate::models::{corrupt, db_time};
use crate::schema::{institutions, mobilities, mobility_travel, people};
use crate::{DbConnection, RepoError};

/// The backend of [`DbConnection`], which the row selections of a tuple cannot infer.
type Db = <DbConnection as diesel::Connection>::Backend;

/// The two sides' institutions, joined twice.
mod sides {
    use crate::schema::institutions;

    diesel::alias!(
        institutions as report_sending: ReportSending,
        institutions as report_receiving: ReportReceiving,
    );
}
use sides::{report_receiving, report_sending};

/// The statuses a mobility is reported in: from nomination on. An application not yet
/// nominated, a rejected and a cancelled mobility are no Beneficiary Module records.
pub const REPORTED_STATUSES: [MobilityStatus; 5] = [
    MobilityStatus::Nominated,
    MobilityStatus::Accepted,
    MobilityStatus::Live,
    MobilityStatus::Completed,
    MobilityStatus::Recognized,
];

/// Which of a grant's mobilities to read.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    /// Only mobilities whose period (actual dates where known) ends on or after this day.
    pub from: Option<NaiveDate>,
    /// Only mobilities whose period starts on or before this day.
    pub to: Option<NaiveDate>,
    /// Only mobilities changed at or after this instant (incremental uploads).
    pub modified_since: Option<DateTime<Utc>>,
}

/// A person's columns the report reads.
type PersonColumns = (String, String, Option<String>, Option<NaiveDate>, String, Option<i32>, Option<String>, bool);

/// An institution's columns the report reads.
type InstitutionColumns = (String, Option<String>, String, Option<String>, Option<f64>, Option<f64>);

type ReportRow = (MobilityRow, PersonColumns, InstitutionColumns, InstitutionColumns, Option<bool>);

#[derive(Deserialize)]
struct StoredSkill {
    language: String,
}

/// One page of a grant's reportable mobilities after `after` (a mobility id), at most
/// `limit`, as report facts, with the id to continue after when more follow. One query.
pub fn page(
    conn: &mut DbConnection,
    grant: &Grant,
    filter: &ReportFilter,
    after: Option<&str>,
    limit: u32,
) -> Result<(Vec<BmFacts>, Option<String>), RepoError> {
    let statuses: Vec<&str> = REPORTED_STATUSES.iter().map(|s| s.as_str()).collect();
    let grant_id = grant.id.to_string();
    let rows: Vec<ReportRow> = {
        let mut query = mobilities::table
            .inner_join(people::table.on(people::id.eq(mobilities::person_id)))
            .inner_join(
                report_sending.on(report_sending.field(institutions::id).eq(mobilities::sending_institution_id)),
            )
            .inner_join(
                report_receiving.on(report_receiving.field(institutions::id).eq(mobilities::receiving_institution_id)),
            )
            .left_join(mobility_travel::table.on(mobility_travel::mobility_id.eq(mobilities::id)))
            .filter(mobilities::grant_id.eq(&grant_id))
            .filter(mobilities::status.eq_any(&statuses))
            .select((
                <MobilityRow as SelectableHelper<Db>>::as_select(),
                (
                    people::given_names,
                    people::family_name,
                    people::email,
                    people::birth_date,
                    people::citizenships,
                    people::gender,
                    people::esi,
                    people::fewer_opportunities,
                ),
                report_sending.fields((
                    institutions::name,
                    institutions::oid,
                    institutions::country,
                    institutions::city,
                    institutions::latitude,
                    institutions::longitude,
                )),
                report_receiving.fields((
                    institutions::name,
                    institutions::oid,
                    institutions::country,
                    institutions::city,
                    institutions::latitude,
                    institutions::longitude,
                )),
                mobility_travel::green_travel.nullable(),
            ))
            .order(mobilities::id.asc())
            .into_boxed();
        if let Some(since) = filter.modified_since {
            query = query.filter(mobilities::updated_at.ge(db_time(since)));
        }
        // The period filter reads the planned dates: actual ones fall within a few days of
        // them, and the export's rows show the actual dates.
        if let Some(from) = filter.from {
            query = query.filter(mobilities::planned_end.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(mobilities::planned_start.le(to));
        }
        if let Some(after) = after {
            query = query.filter(mobilities::id.gt(after));
        }
        query.limit(i64::from(limit) + 1).load::<ReportRow>(conn)?
    };
    let more = rows.len() > limit as usize;
    let mut facts = Vec::with_capacity(rows.len().min(limit as usize));
    for row in rows.into_iter().take(limit as usize) {
        facts.push(facts_of(grant, row)?);
    }
    let next = if more { facts.last().map(|f| f.mobility_id.clone()) } else { None };
    Ok((facts, next))
}

fn organisation(columns: InstitutionColumns) -> Result<BmOrganisation, RepoError> {
    let (name, oid, country, city, latitude, longitude) = columns;
    Ok(BmOrganisation {
        oid,
        name: localized_from_json(&name)?.english().to_owned(),
        country: CountryCode::parse(&country).map_err(corrupt("country"))?,
        city,
        coordinates: coordinates_from_db(latitude, longitude)?,
    })
}

fn facts_of(grant: &Grant, (row, person, sending, receiving, green): ReportRow) -> Result<BmFacts, RepoError> {
    let skills: Vec<StoredSkill> =
        serde_json::from_str(&row.language_skills).map_err(|e| RepoError::Corrupt(format!("skills: {e}")))?;
    let main_language = skills.into_iter().next().map(|s| s.language);
    let mobility = Mobility::try_from(row)?;
    let (given_names, family_name, email, birth_date, citizenships, gender, esi, fewer_opportunities) = person;
    let citizenships: Vec<String> =
        serde_json::from_str(&citizenships).map_err(|e| RepoError::Corrupt(format!("citizenships: {e}")))?;
    let d = &mobility.data;
    Ok(BmFacts {
        project_code: grant.data.number.to_string(),
        call_year: grant.data.call_year(),
        action: grant.data.action(),
        mobility_id: mobility.id.to_string(),
        activity: d.activity_type,
        attribute: d.activity_attribute,
        participant: BmParticipant {
            given_names,
            family_name,
            email,
            gender: gender.and_then(|g| u8::try_from(g).ok()),
            birth_date,
            nationality: citizenships
                .first()
                .map(|c| CountryCode::parse(c).map_err(corrupt("citizenship")))
                .transpose()?,
            esi,
            fewer_opportunities,
        },
        isced_f_code: d.isced_f_code.as_ref().map(|c| c.as_str().to_owned()),
        eqf_level: d.eqf_level.map(|l| l.value()),
        main_language,
        sending: organisation(sending)?,
        receiving: organisation(receiving)?,
        green_travel: green.unwrap_or(false),
        period: DateRange::new(d.actual_start.unwrap_or(d.planned.start()), d.actual_end.unwrap_or(d.planned.end()))
            .unwrap_or(d.planned),
        teaching_hours: d.teaching_hours.map(|h| h.to_string()),
        combined_with_training: d.combined_with_training,
    })
}
