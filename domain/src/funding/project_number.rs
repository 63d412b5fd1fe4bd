//! The number of an Erasmus+ grant agreement, `2026-1-MK01-KA131-HED-000123456`: call year,
//! round, National Agency, key action, field and serial.

use std::fmt;

use crate::InvalidValue;
use crate::wire_enum::wire_enum;

wire_enum! {
    /// The key action of a higher-education mobility project (Erasmus+ Programme Guide, KA1).
    pub enum GrantAction ("grant action") {
        /// Mobility with EU Member States and third countries associated to the programme.
        Ka131 = "KA131",
        /// Mobility with third countries not associated to the programme.
        Ka171 = "KA171",
    }
}

/// A parsed project number. The shape is the one National Agencies print on grant
/// agreements: `YYYY-R-CCNN-KAnnn-FFF-SSSSSSSSS` (call year, round 1–9, the National Agency's
/// code: country and two digits, the key action, the field — `HED` for higher education —
/// and a nine-digit serial).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GrantProjectNumber {
    call_year: u16,
    round: u8,
    agency: String,
    action: GrantAction,
    field: String,
    serial: String,
}

/// The documented pattern of [`GrantProjectNumber::parse`] (the API shows it in its schema).
pub const PROJECT_NUMBER_PATTERN: &str = r"^20[0-9]{2}-[1-9]-[A-Z]{2}[0-9]{2}-KA1[37]1-[A-Z]{3}-[0-9]{9}$";

impl GrantProjectNumber {
    /// Parses `2026-1-MK01-KA131-HED-000123456` (upper case, as printed).
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let shape = || {
            InvalidValue::format(format!(
                "a project number looks like 2026-1-MK01-KA131-HED-000123456 (call year, round, National Agency, \
                 KA131 or KA171, field, 9-digit serial), got {text:?}"
            ))
        };
        let parts: Vec<&str> = text.split('-').collect();
        let [year, round, agency, action, field, serial] = parts.as_slice() else {
            return Err(shape());
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let upper = |s: &str| s.bytes().all(|b| b.is_ascii_uppercase());
        let well_formed = digits(year, 4)
            && year.starts_with("20")
            && digits(round, 1)
            && *round != "0"
            && agency.len() == 4
            // Bytes, not a string slice: a multi-byte character must not split a slice.
            && agency.bytes().take(2).all(|b| b.is_ascii_uppercase())
            && agency.bytes().skip(2).all(|b| b.is_ascii_digit())
            && field.len() == 3
            && upper(field)
            && digits(serial, 9);
        if !well_formed {
            return Err(shape());
        }
        let action = GrantAction::parse(action).map_err(|_| shape())?;
        Ok(Self {
            call_year: year.parse().map_err(|_| shape())?,
            round: round.parse().map_err(|_| shape())?,
            agency: (*agency).to_owned(),
            action,
            field: (*field).to_owned(),
            serial: (*serial).to_owned(),
        })
    }

    /// The call year (`2026`).
    pub fn call_year(&self) -> u16 {
        self.call_year
    }

    /// The round of the call (`1`).
    pub fn round(&self) -> u8 {
        self.round
    }

    /// The National Agency's code (`MK01`); its first two letters are its country.
    pub fn agency(&self) -> &str {
        &self.agency
    }

    /// The key action.
    pub fn action(&self) -> GrantAction {
        self.action
    }

    /// The field (`HED`).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The serial (`000123456`).
    pub fn serial(&self) -> &str {
        &self.serial
    }
}

impl fmt::Display for GrantProjectNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}-{}-{}-{}", self.call_year, self.round, self.agency, self.action, self.field, self.serial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_part_of_a_project_number() {
        let n = GrantProjectNumber::parse("2026-1-MK01-KA131-HED-000123456").unwrap();
        assert_eq!(
            (n.call_year(), n.round(), n.agency(), n.action(), n.field(), n.serial()),
            (2026, 1, "MK01", GrantAction::Ka131, "HED", "000123456")
        );
        assert_eq!(n.to_string(), "2026-1-MK01-KA131-HED-000123456");
        assert_eq!(GrantProjectNumber::parse("2025-2-RS01-KA171-HED-000987654").unwrap().action(), GrantAction::Ka171);
    }

    #[test]
    fn refuses_what_is_not_a_project_number() {
        for bad in [
            "",
            "2026-1-MK01-KA131-HED-00012345",
            "2026-0-MK01-KA131-HED-000123456",
            "2026-1-mk01-KA131-HED-000123456",
            "2026-1-MK01-KA121-HED-000123456",
            "1926-1-MK01-KA131-HED-000123456",
            "2026-1-MK01-KA131-HED-000123456-1",
            "2026-1-MK1-KA131-HED-000123456",
            "2026-1-aЀ1-KA131-HED-000123456",
        ] {
            assert_eq!(GrantProjectNumber::parse(bad).unwrap_err().code, "format", "{bad}");
        }
    }
}
