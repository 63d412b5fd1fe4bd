//! What a version of a learning agreement says: its header, its component tables (A, B, C,
//! blended, doctoral) for studies, the traineeship's terms, or a staff member's programme.

use chrono::NaiveDate;

use super::LearningAgreementError;
use crate::ects::EctsCredits;
use crate::mobility::ActivityType;
use crate::wire_enum::wire_enum;
use crate::{CefrLevel, CourseId, EqfLevel, IscedCode, LanguageTag};
pub use crate::{ComponentId, LearningAgreementId};

wire_enum! {
    /// The shape of an agreement, which follows the mobility's activity.
    pub enum AgreementKind ("learning agreement kind") {
        /// Student mobility for studies: the component tables.
        Studies = "studies",
        /// Student traineeship: the traineeship's terms (and optional virtual components).
        Traineeship = "traineeship",
        /// Staff mobility: the mobility agreement (programme, teaching hours, added value).
        Staff = "staff",
    }
}

impl AgreementKind {
    /// The kind a mobility of `activity` takes.
    pub fn for_activity(activity: ActivityType) -> Self {
        match activity {
            ActivityType::StudentStudies => AgreementKind::Studies,
            ActivityType::StudentTraineeship => AgreementKind::Traineeship,
            ActivityType::StaffTeaching | ActivityType::StaffTraining => AgreementKind::Staff,
        }
    }

    /// Whether a mobility of `activity` may go live only with a signed agreement: student
    /// mobilities (Erasmus+ requires the learning agreement before departure).
    pub fn required_before_departure(activity: ActivityType) -> bool {
        AgreementKind::for_activity(activity) != AgreementKind::Staff
    }
}

wire_enum! {
    /// A component table (EWP omobility-las: studied abroad, recognized, virtual, blended,
    /// short-term doctoral).
    pub enum ComponentTable ("component table") {
        /// Table A: studied at the receiving institution.
        A = "a",
        /// Table B: recognised at the sending institution.
        B = "b",
        /// Table C: virtual components.
        C = "c",
        /// Blended mobility components.
        Blended = "blended",
        /// Short-term doctoral components.
        Doctoral = "doctoral",
    }
}

/// One component (a course, a module, a virtual activity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// Stable across versions.
    pub id: ComponentId,
    /// Its table.
    pub table: ComponentTable,
    /// The institution's code of the component.
    pub code: Option<String>,
    /// Its title.
    pub title: String,
    /// The term (e.g. `2026/2027 winter`).
    pub term: Option<String>,
    /// ECTS credits.
    pub credits: Option<EctsCredits>,
    /// How it is recognised (not in table A).
    pub recognition_conditions: Option<String>,
    /// A short description (required for virtual components).
    pub short_description: Option<String>,
    /// The catalogue course it is, when one exists.
    pub course_id: Option<CourseId>,
}

impl Component {
    /// Checks the table's rules: a virtual component has a short description; table A
    /// components carry no recognition conditions (those are the sending side's, table B).
    pub fn check(&self, index: usize) -> Result<(), LearningAgreementError> {
        if self.table == ComponentTable::C && self.short_description.as_deref().is_none_or(str::is_empty) {
            return Err(LearningAgreementError::InvalidComponent {
                index,
                field: "short_description",
                message: format!("component {index}: a virtual component (table C) needs a short_description"),
            });
        }
        if self.table == ComponentTable::A && self.recognition_conditions.is_some() {
            return Err(LearningAgreementError::InvalidComponent {
                index,
                field: "recognition_conditions",
                message: format!(
                    "component {index}: recognition conditions belong to table B (recognised at the sending \
                     institution), not table A"
                ),
            });
        }
        Ok(())
    }
}

/// A contact person on one side.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactPerson {
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Position.
    pub position: Option<String>,
}

/// The header (the institutions and units come from the mobility).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// The sending side's contact person.
    pub sending_contact: ContactPerson,
    /// The receiving side's contact person.
    pub receiving_contact: ContactPerson,
    /// Planned start (a date; EWP also allows a month).
    pub start: Option<NaiveDate>,
    /// Planned end.
    pub end: Option<NaiveDate>,
    /// EQF level at departure.
    pub eqf_level_at_departure: Option<EqfLevel>,
    /// ISCED-F code of the subject area.
    pub isced_f_code: Option<IscedCode>,
    /// Clarification of the subject area.
    pub isced_clarification: Option<String>,
    /// Main language of instruction.
    pub language: Option<LanguageTag>,
    /// The student's CEFR level in it.
    pub language_level: Option<CefrLevel>,
}

/// Whether the traineeship host covers an insurance (unknown when not said).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HostInsurance {
    /// Accident insurance at the workplace.
    pub accident: Option<bool>,
    /// Third-party liability insurance at the workplace.
    pub liability: Option<bool>,
}

/// A traineeship's terms (EWP omobility-las: the traineeship's table A).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Traineeship {
    /// The traineeship's title.
    pub title: String,
    /// Hours per week.
    pub hours_per_week: Option<EctsCredits>,
    /// Detailed tasks.
    pub tasks: Option<String>,
    /// Knowledge, skills and competences to acquire.
    pub knowledge_and_skills: Option<String>,
    /// Monitoring plan and evaluation plan.
    pub monitoring_and_evaluation: Option<String>,
    /// How it is recognised (credits, Diploma Supplement, Europass).
    pub recognition: Option<String>,
    /// What the host covers.
    pub host_insurance: HostInsurance,
}

/// A staff member's mobility agreement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StaffProgramme {
    /// The programme of activities.
    pub programme: String,
    /// Teaching hours (staff teaching).
    pub teaching_hours: Option<u16>,
    /// The added value for both institutions.
    pub added_value: Option<String>,
}

/// What one version of an agreement says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementContent {
    /// Its shape.
    pub kind: AgreementKind,
    /// The header.
    pub header: Header,
    /// The components of every table, in order.
    pub components: Vec<Component>,
    /// The traineeship's terms (traineeships only).
    pub traineeship: Option<Traineeship>,
    /// The staff programme (staff only).
    pub staff: Option<StaffProgramme>,
}

impl AgreementContent {
    /// Checks the content against the mobility's activity and each component's table rules.
    pub fn check(&self, activity: ActivityType) -> Result<(), LearningAgreementError> {
        let expected = AgreementKind::for_activity(activity);
        if expected != self.kind {
            return Err(LearningAgreementError::KindMismatch {
                activity: activity.to_string(),
                expected,
                given: self.kind,
            });
        }
        if self.kind == AgreementKind::Staff && !self.components.is_empty() {
            return Err(LearningAgreementError::NoComponents);
        }
        self.components.iter().enumerate().try_for_each(|(i, c)| c.check(i))
    }
}
