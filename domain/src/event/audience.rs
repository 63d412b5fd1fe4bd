//! Who an event invites, drawn from mobilities: an info meeting the nominated outgoing
//! participants of an academic year (optionally of one unit, to one partner country), a
//! dissemination debate everyone whose mobility was completed or recognized in a period, a
//! welcome day the incoming participants arriving in a term.

use chrono::NaiveDate;

use super::EventKind;
use crate::{AcademicYear, CountryCode, UnitId};

/// The rule that picks an event's invitees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Outgoing participants nominated (or accepted, not yet gone) for `year`.
    NominatedOutgoing {
        /// The academic year of the mobility.
        year: AcademicYear,
        /// Only those sent by this unit.
        unit: Option<UnitId>,
        /// Only those going to an institution in this country.
        partner_country: Option<CountryCode>,
    },
    /// Participants (either direction) whose mobility was completed or recognized and ended
    /// in `[from, to]`.
    Returned {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// Incoming participants (nominated, accepted or here) whose mobility starts in
    /// `[from, to]`.
    Incoming {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
}

/// Why invitations cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudienceError {
    /// Conferences and guest receptions invite by hand.
    #[error("a {0} has no audience drawn from mobilities; register its guests instead")]
    NoRule(EventKind),
    /// The period ends before it starts.
    #[error("the period ends ({to}) before it starts ({from})")]
    EmptyPeriod {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
}

impl AudienceError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            AudienceError::NoRule(_) => "no_audience_rule",
            AudienceError::EmptyPeriod { .. } => "empty_period",
        }
    }
}

/// What a request names; which parts count depends on the event's kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AudienceRequest {
    /// Academic year (info meetings).
    pub academic_year: Option<AcademicYear>,
    /// Unit (info meetings).
    pub unit: Option<UnitId>,
    /// Partner country (info meetings).
    pub partner_country: Option<CountryCode>,
    /// Period start (debates, welcome days).
    pub from: Option<NaiveDate>,
    /// Period end (debates, welcome days).
    pub to: Option<NaiveDate>,
}

/// The parts a kind needs that a request left out, by name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("missing for this kind of event: {}", .0.join(", "))]
pub struct MissingParts(pub Vec<&'static str>);

/// The audience of an event of `kind` from a request: 422-worthy errors when a needed part is
/// missing (`Ok(Err(MissingParts))`) or the kind has no rule.
pub fn audience_for(
    kind: EventKind,
    request: &AudienceRequest,
) -> Result<Result<Audience, MissingParts>, AudienceError> {
    let period = |request: &AudienceRequest| match (request.from, request.to) {
        (Some(from), Some(to)) if to < from => Err(AudienceError::EmptyPeriod { from, to }),
        (Some(from), Some(to)) => Ok(Ok((from, to))),
        (from, to) => {
            let mut missing = Vec::new();
            if from.is_none() {
                missing.push("from");
            }
            if to.is_none() {
                missing.push("to");
            }
            Ok(Err(MissingParts(missing)))
        }
    };
    match kind {
        EventKind::InfoMeeting => Ok(match request.academic_year {
            Some(year) => {
                Ok(Audience::NominatedOutgoing { year, unit: request.unit, partner_country: request.partner_country })
            }
            None => Err(MissingParts(vec!["academic_year"])),
        }),
        EventKind::DisseminationDebate => Ok(period(request)?.map(|(from, to)| Audience::Returned { from, to })),
        EventKind::WelcomeDay => Ok(period(request)?.map(|(from, to)| Audience::Incoming { from, to })),
        EventKind::Conference | EventKind::GuestReception => Err(AudienceError::NoRule(kind)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn each_kind_draws_its_audience_from_its_parts() {
        let year = AcademicYear::parse("2026/2027").unwrap();
        let request = AudienceRequest { academic_year: Some(year), ..Default::default() };
        assert!(matches!(audience_for(EventKind::InfoMeeting, &request), Ok(Ok(Audience::NominatedOutgoing { .. }))));
        let missing = audience_for(EventKind::WelcomeDay, &request).unwrap().unwrap_err();
        assert_eq!(missing.0, vec!["from", "to"]);
        let period =
            AudienceRequest { from: Some(day("2027-03-01")), to: Some(day("2027-04-30")), ..Default::default() };
        assert!(matches!(audience_for(EventKind::DisseminationDebate, &period), Ok(Ok(Audience::Returned { .. }))));
        let backwards =
            AudienceRequest { from: Some(day("2027-05-01")), to: Some(day("2027-04-30")), ..Default::default() };
        assert_eq!(audience_for(EventKind::WelcomeDay, &backwards).unwrap_err().code(), "empty_period");
        assert_eq!(audience_for(EventKind::Conference, &period).unwrap_err().code(), "no_audience_rule");
    }
}
