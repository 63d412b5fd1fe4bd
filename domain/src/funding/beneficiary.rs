//! A mobility's record for the European Commission's Beneficiary Module: its fields in the
//! module's order and names, every missing or invalid mandatory field named, and whether the
//! record is complete or a draft (a draft is reported with its errors, never dropped).

use chrono::NaiveDate;

use super::{
    Coordinates, DistanceBand, FundingBasis, GrantAction, GrantLines, GrantRequest, RateActivity, RateKind, RateSet,
    funded_duration, split_grant, travel_days,
};
use crate::CountryCode;
use crate::mobility::{ActivityType, DateRange, StudentActivityAttribute};
use crate::wire_enum::wire_enum;

wire_enum! {
    /// The activity types of KA131/KA171 higher-education mobility in the Beneficiary Module
    /// (EC NAITDOC wiki, "Activity Types in KA131 projects").
    pub enum BmActivityType ("Beneficiary Module activity type") {
        /// Student mobility for studies.
        Sms = "HE-SMS",
        /// Student mobility for traineeships.
        Smt = "HE-SMT",
        /// Staff mobility for teaching.
        Sta = "HE-STA",
        /// Staff mobility for training.
        Stt = "HE-STT",
    }
}

impl BmActivityType {
    /// The type of an activity.
    pub fn of(activity: ActivityType) -> Self {
        match activity {
            ActivityType::StudentStudies => BmActivityType::Sms,
            ActivityType::StudentTraineeship => BmActivityType::Smt,
            ActivityType::StaffTeaching => BmActivityType::Sta,
            ActivityType::StaffTraining => BmActivityType::Stt,
        }
    }
}

/// The columns of a record, in the order and with the names of the Beneficiary Module's
/// mobility fields (EWP BM Mobilities API field list; the module's import template may name
/// them differently: check before importing a file).
pub const BM_COLUMNS: [&str; 49] = [
    "Project Code",
    "Mobility ID",
    "Activity Type",
    "Long-term",
    "Blended",
    "BIP",
    "International",
    "Doctoral",
    "Combined",
    "Participant First Name",
    "Participant Last Name",
    "Participant Email",
    "Gender",
    "Date of Birth",
    "Nationality",
    "European Student Identifier",
    "Fewer Opportunities",
    "Recent Graduate",
    "Field of Education",
    "Education Level",
    "Main Language",
    "Sending Organisation ID",
    "Sending Organisation",
    "Sending Country",
    "Sending City",
    "Receiving Organisation ID",
    "Receiving Organisation",
    "Receiving Country",
    "Receiving City",
    "Distance Band",
    "Means of Transport",
    "Green Travel",
    "Start Date",
    "End Date",
    "Interruption Days",
    "Travel Days",
    "Duration (days)",
    "Full Months",
    "Extra Days",
    "Virtual Days",
    "Recognised Credits",
    "Participant Report Requested",
    "Participant Report Submitted",
    "Individual Support",
    "Top-ups",
    "Travel",
    "Inclusion Support",
    "Zero Grant",
    "Teaching Hours",
];

/// The participant as the record shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BmParticipant {
    /// Given names.
    pub given_names: String,
    /// Family name.
    pub family_name: String,
    /// E-mail.
    pub email: Option<String>,
    /// ISO 5218 code.
    pub gender: Option<u8>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// The first citizenship.
    pub nationality: Option<CountryCode>,
    /// European Student Identifier.
    pub esi: Option<String>,
    /// Fewer opportunities.
    pub fewer_opportunities: bool,
}

/// A sending or receiving organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BmOrganisation {
    /// Its OID (`E12345678`).
    pub oid: Option<String>,
    /// Its English name.
    pub name: String,
    /// Its country.
    pub country: CountryCode,
    /// Its city.
    pub city: Option<String>,
    /// Its coordinates.
    pub coordinates: Option<Coordinates>,
}

/// Everything a record is made from, read from the mobility, its person and institutions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BmFacts {
    /// The grant's project number.
    pub project_code: String,
    /// The grant's call year.
    pub call_year: u16,
    /// The grant's key action.
    pub action: GrantAction,
    /// The mobility's id.
    pub mobility_id: String,
    /// Its activity.
    pub activity: ActivityType,
    /// A student mobility's format.
    pub attribute: Option<StudentActivityAttribute>,
    /// Who moves.
    pub participant: BmParticipant,
    /// ISCED-F code.
    pub isced_f_code: Option<String>,
    /// EQF level.
    pub eqf_level: Option<u8>,
    /// Main language of instruction or work (BCP 47).
    pub main_language: Option<String>,
    /// Sending side.
    pub sending: BmOrganisation,
    /// Receiving side.
    pub receiving: BmOrganisation,
    /// Travels green.
    pub green_travel: bool,
    /// The period (actual dates where known).
    pub period: DateRange,
    /// Staff teaching: hours.
    pub teaching_hours: Option<String>,
    /// Staff teaching combined with training.
    pub combined_with_training: bool,
}

/// `complete` or `draft`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BmRecordStatus {
    /// Every mandatory field is there and valid.
    Complete,
    /// Something is missing or invalid (see the errors).
    Draft,
}

impl BmRecordStatus {
    /// `complete` or `draft`.
    pub fn as_str(self) -> &'static str {
        match self {
            BmRecordStatus::Complete => "complete",
            BmRecordStatus::Draft => "draft",
        }
    }
}

/// A missing or invalid field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BmProblem {
    /// The column ([`BM_COLUMNS`]).
    pub field: &'static str,
    /// `required` or `invalid`.
    pub code: &'static str,
    /// For a person.
    pub message: String,
}

/// A mobility's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BmRecord {
    /// The mobility's id.
    pub mobility_id: String,
    /// One value per column of [`BM_COLUMNS`], `None` when empty.
    pub values: Vec<Option<String>>,
    /// What keeps it a draft.
    pub errors: Vec<BmProblem>,
}

impl BmRecord {
    /// Complete without errors, a draft otherwise.
    pub fn status(&self) -> BmRecordStatus {
        if self.errors.is_empty() { BmRecordStatus::Complete } else { BmRecordStatus::Draft }
    }
}

/// Collects values and problems by column.
struct Builder {
    values: Vec<Option<String>>,
    errors: Vec<BmProblem>,
}

impl Builder {
    fn index(field: &'static str) -> usize {
        BM_COLUMNS.iter().position(|c| *c == field).unwrap_or(0)
    }

    fn set(&mut self, field: &'static str, value: Option<String>) {
        self.values[Self::index(field)] = value;
    }

    fn required(&mut self, field: &'static str, value: Option<String>) {
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            self.errors.push(BmProblem { field, code: "required", message: format!("{field} is missing") });
        }
        self.set(field, value);
    }

    fn flag(&mut self, field: &'static str, on: bool) {
        self.set(field, Some(if on { "Yes" } else { "No" }.to_owned()));
    }
}

/// Euro cents as the module writes amounts: `1234.50`.
fn euro(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The rate activity of a mobility.
fn rate_activity(activity: ActivityType, basis: FundingBasis) -> RateActivity {
    match (activity, basis) {
        (ActivityType::StaffTeaching | ActivityType::StaffTraining, _) => RateActivity::Staff,
        (_, FundingBasis::Daily) => RateActivity::StudentShortTerm,
        (ActivityType::StudentTraineeship, _) => RateActivity::Traineeship,
        _ => RateActivity::Studies,
    }
}

/// Builds a mobility's record from its facts and the rates of its grant's call: the values
/// of every column, the funded duration, travel days, distance band and grant lines computed,
/// and every missing mandatory field or rate named. Recognised credits, participant report
/// dates, interruption and virtual days are not recorded yet and stay empty (or 0).
pub fn beneficiary_record(facts: &BmFacts, rates: &RateSet) -> BmRecord {
    let mut b = Builder { values: vec![None; BM_COLUMNS.len()], errors: Vec::new() };
    let student = facts.activity.is_student();
    let basis = FundingBasis::of(facts.activity, facts.attribute);
    let p = &facts.participant;
    b.required("Project Code", Some(facts.project_code.clone()));
    b.set("Mobility ID", Some(facts.mobility_id.clone()));
    b.set("Activity Type", Some(BmActivityType::of(facts.activity).as_str().to_owned()));
    b.flag("Long-term", basis == FundingBasis::Monthly);
    b.flag("Blended", facts.attribute == Some(StudentActivityAttribute::ShortTermBlended));
    b.flag("BIP", false);
    b.flag("International", facts.action == GrantAction::Ka171);
    b.flag("Doctoral", facts.attribute == Some(StudentActivityAttribute::ShortTermDoctoral));
    b.flag("Combined", facts.combined_with_training);
    b.required("Participant First Name", Some(p.given_names.clone()));
    b.required("Participant Last Name", Some(p.family_name.clone()));
    b.required("Participant Email", p.email.clone());
    let gender = p.gender.map(|g| match g {
        1 => "Male",
        2 => "Female",
        9 => "Undefined",
        _ => "Not known",
    });
    b.required("Gender", gender.map(str::to_owned));
    b.required("Date of Birth", p.birth_date.map(|d| d.to_string()));
    b.required("Nationality", p.nationality.as_ref().map(ToString::to_string));
    b.set("European Student Identifier", p.esi.clone());
    b.flag("Fewer Opportunities", p.fewer_opportunities);
    b.flag("Recent Graduate", false);
    b.required("Field of Education", facts.isced_f_code.clone());
    match facts.isced_f_code.as_deref() {
        Some(code) if code.len() != 4 => b.errors.push(BmProblem {
            field: "Field of Education",
            code: "invalid",
            message: format!("the Beneficiary Module needs a 4-digit ISCED-F code, got {code}"),
        }),
        _ => {}
    }
    if student {
        b.required("Education Level", facts.eqf_level.map(|l| format!("EQF-{l}")));
        b.required("Main Language", facts.main_language.clone());
    } else {
        b.set("Education Level", facts.eqf_level.map(|l| format!("EQF-{l}")));
        b.set("Main Language", facts.main_language.clone());
    }
    for (side, org) in [("Sending", &facts.sending), ("Receiving", &facts.receiving)] {
        let [id, name, country, city] = match side {
            "Sending" => ["Sending Organisation ID", "Sending Organisation", "Sending Country", "Sending City"],
            _ => ["Receiving Organisation ID", "Receiving Organisation", "Receiving Country", "Receiving City"],
        };
        b.required(id, org.oid.clone());
        b.required(name, Some(org.name.clone()));
        b.set(country, Some(org.country.to_string()));
        b.required(city, org.city.clone());
    }
    let band = match (facts.sending.coordinates, facts.receiving.coordinates) {
        (Some(from), Some(to)) => DistanceBand::between(from, to),
        _ => None,
    };
    b.required("Distance Band", band.map(|d| d.as_str().to_owned()));
    b.set("Means of Transport", None);
    b.flag("Green Travel", facts.green_travel);
    b.set("Start Date", Some(facts.period.start().to_string()));
    b.set("End Date", Some(facts.period.end().to_string()));
    b.set("Interruption Days", Some("0".to_owned()));
    let duration = funded_duration(facts.period, basis);
    let (year, action) = (facts.call_year, facts.action);
    let days_rate = |kind| rates.rate(kind, year, action, None, None, None).and_then(|r| r.amount);
    let standard = days_rate(RateKind::TravelDays);
    let green_max = days_rate(RateKind::GreenTravelDays);
    let travel = match (standard, green_max) {
        (Some(s), Some(g)) => Some(travel_days(
            basis,
            facts.green_travel,
            None,
            u32::try_from(s).unwrap_or(u32::MAX),
            u32::try_from(g).unwrap_or(u32::MAX),
        )),
        _ => None,
    };
    b.required("Travel Days", travel.map(|t| t.total().to_string()));
    b.set("Duration (days)", Some(duration.total_days.to_string()));
    b.set("Full Months", Some(duration.full_months.to_string()));
    b.set("Extra Days", Some(duration.extra_days.to_string()));
    b.set("Virtual Days", Some("0".to_owned()));
    b.set("Recognised Credits", None);
    let lines = travel.map(|travel_days| GrantRequest {
        call_year: year,
        action,
        receiving_country: facts.receiving.country,
        activity: rate_activity(facts.activity, basis),
        basis,
        duration,
        travel_days,
        distance_band: band,
        fewer_opportunities: p.fewer_opportunities,
        green_travel: facts.green_travel,
    });
    match lines.map(|request| split_grant(&request, rates)) {
        Some(Ok(lines)) => grant_columns(&mut b, lines),
        Some(Err(missing)) => {
            for m in missing {
                // The band is already reported as its own column.
                if m.field != "distance_band" {
                    b.errors.push(BmProblem { field: grant_field(m.field), code: "required", message: m.message });
                }
            }
        }
        None => {}
    }
    if facts.activity == ActivityType::StaffTeaching {
        b.required("Teaching Hours", facts.teaching_hours.clone());
    } else {
        b.set("Teaching Hours", facts.teaching_hours.clone());
    }
    BmRecord { mobility_id: facts.mobility_id.clone(), values: b.values, errors: b.errors }
}

fn grant_columns(b: &mut Builder, lines: GrantLines) {
    b.set("Individual Support", Some(euro(lines.individual_support)));
    b.set("Top-ups", Some(euro(lines.top_up_fewer_opportunities + lines.top_up_green_travel)));
    b.set("Travel", Some(euro(lines.travel)));
    b.set("Inclusion Support", Some(euro(0)));
    b.flag("Zero Grant", lines.total() == 0);
}

/// The column a missing rate leaves empty.
fn grant_field(missing: &str) -> &'static str {
    match missing {
        "travel" => "Travel",
        "top_up_fewer_opportunities" | "top_up_green_travel" => "Top-ups",
        _ => "Individual Support",
    }
}

#[cfg(test)]
mod tests {
    use super::super::split::tests::example_rows;
    use super::super::{FundingRate, RateUnit};
    use super::*;

    fn rates() -> RateSet {
        let mut rows = example_rows();
        for (kind, days) in [(RateKind::TravelDays, 2), (RateKind::GreenTravelDays, 4)] {
            rows.push(FundingRate {
                kind,
                call_year: 2026,
                action: GrantAction::Ka131,
                country: None,
                country_group: None,
                activity: None,
                distance_band: None,
                amount: Some(days),
                unit: RateUnit::Days,
            });
        }
        RateSet::new(rows)
    }

    fn facts() -> BmFacts {
        let org = |name: &str, country: &str, city: &str, lat, lon| BmOrganisation {
            oid: Some("E10000001".to_owned()),
            name: name.to_owned(),
            country: CountryCode::parse(country).unwrap(),
            city: Some(city.to_owned()),
            coordinates: Some(Coordinates::new(lat, lon).unwrap()),
        };
        let date = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        BmFacts {
            project_code: "2026-1-MK01-KA131-HED-000123456".to_owned(),
            call_year: 2026,
            action: GrantAction::Ka131,
            mobility_id: "m1".to_owned(),
            activity: ActivityType::StudentStudies,
            attribute: None,
            participant: BmParticipant {
                given_names: "Ana".to_owned(),
                family_name: "Petrova".to_owned(),
                email: Some("ana@example.org".to_owned()),
                gender: Some(2),
                birth_date: Some(date("2004-05-06")),
                nationality: Some(CountryCode::parse("MK").unwrap()),
                esi: None,
                fewer_opportunities: false,
            },
            isced_f_code: Some("0613".to_owned()),
            eqf_level: Some(6),
            main_language: Some("en".to_owned()),
            sending: org("Ss. Cyril and Methodius University", "MK", "Skopje", 41.9981, 21.4254),
            receiving: org("Sofia University", "BG", "Sofia", 42.6977, 23.3219),
            green_travel: false,
            period: DateRange::new(date("2026-10-01"), date("2027-02-15")).unwrap(),
            teaching_hours: None,
            combined_with_training: false,
        }
    }

    fn value<'a>(record: &'a BmRecord, column: &str) -> Option<&'a str> {
        record.values[BM_COLUMNS.iter().position(|c| *c == column).unwrap()].as_deref()
    }

    #[test]
    fn a_full_record_is_complete_with_its_computed_fields() {
        let record = beneficiary_record(&facts(), &rates());
        assert_eq!(record.errors, []);
        assert_eq!(record.status(), BmRecordStatus::Complete);
        assert_eq!(value(&record, "Activity Type"), Some("HE-SMS"));
        assert_eq!(value(&record, "Distance Band"), Some("100-499"));
        assert_eq!(value(&record, "Duration (days)"), Some("135"));
        assert_eq!((value(&record, "Full Months"), value(&record, "Extra Days")), (Some("4"), Some("15")));
        assert_eq!(value(&record, "Individual Support"), Some("2700.00"));
        assert_eq!(value(&record, "Long-term"), Some("Yes"));
    }

    #[test]
    fn a_record_missing_data_is_a_draft_naming_each_field() {
        let mut f = facts();
        f.participant.email = None;
        f.receiving.coordinates = None;
        f.isced_f_code = Some("06".to_owned());
        let record = beneficiary_record(&f, &rates());
        assert_eq!(record.status(), BmRecordStatus::Draft);
        let fields: Vec<_> = record.errors.iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            [("Participant Email", "required"), ("Field of Education", "invalid"), ("Distance Band", "required")]
        );
    }

    #[test]
    fn staff_teaching_needs_teaching_hours() {
        let mut f = facts();
        f.activity = ActivityType::StaffTeaching;
        let record = beneficiary_record(&f, &rates());
        assert!(record.errors.iter().any(|e| e.field == "Teaching Hours"), "{:?}", record.errors);
        assert_eq!(value(&record, "Activity Type"), Some("HE-STA"));
    }
}
