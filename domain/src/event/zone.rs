//! The IANA time zones an event may be shown in. The workspace carries no time-zone database,
//! so an event stores its start and end as instants (UTC) and names the zone its local times
//! are read in; the accepted zones are the few the office's events happen in, and a calendar
//! file gives the instants in UTC, which every calendar converts to its reader's zone.

use crate::InvalidValue;

/// The zone of an event when none is given: the office's own.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Skopje";

/// Zones accepted for an event: North Macedonia and the countries of the office's partners
/// and guests nearby, and UTC for online events.
pub const KNOWN_TIME_ZONES: &[&str] = &[
    "Europe/Skopje",
    "Europe/Belgrade",
    "Europe/Sofia",
    "Europe/Tirane",
    "Europe/Athens",
    "Europe/Istanbul",
    "Europe/Podgorica",
    "Europe/Sarajevo",
    "Europe/Zagreb",
    "Europe/Ljubljana",
    "Europe/Vienna",
    "Europe/Berlin",
    "Europe/Brussels",
    "Europe/Paris",
    "Europe/Rome",
    "Europe/Madrid",
    "Europe/Warsaw",
    "Europe/Moscow",
    "UTC",
];

/// An IANA time zone name from [`KNOWN_TIME_ZONES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZoneName(&'static str);

impl TimeZoneName {
    /// Parses a zone name; names outside [`KNOWN_TIME_ZONES`] are refused, listing them.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        KNOWN_TIME_ZONES.iter().find(|zone| **zone == text).map(|zone| TimeZoneName(zone)).ok_or_else(|| {
            InvalidValue::unknown(format!(
                "unknown time zone {text:?}; expected one of {}",
                KNOWN_TIME_ZONES.join(", ")
            ))
        })
    }

    /// The office's zone, `Europe/Skopje`.
    pub fn office() -> Self {
        TimeZoneName(DEFAULT_TIME_ZONE)
    }

    /// The IANA name.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_zones_parse_and_others_are_refused() {
        assert_eq!(TimeZoneName::parse("Europe/Skopje").map(TimeZoneName::as_str), Ok("Europe/Skopje"));
        assert_eq!(TimeZoneName::office().as_str(), DEFAULT_TIME_ZONE);
        assert!(TimeZoneName::parse("Mars/Olympus").is_err());
        assert!(TimeZoneName::parse("europe/skopje").is_err());
    }
}
