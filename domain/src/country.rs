//! ISO 3166-1 alpha-2 country codes.

use std::fmt;

use crate::InvalidValue;

/// An assigned ISO 3166-1 alpha-2 code, upper case (`MK`, `RU`, `BG`, `RS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Accepts an assigned alpha-2 code in either case; the ISO list comes from `isocountry`.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let upper = text.to_ascii_uppercase();
        let bytes: [u8; 2] = upper
            .as_bytes()
            .try_into()
            .map_err(|_| InvalidValue::format(format!("country must be an ISO 3166-1 alpha-2 code, got {text:?}")))?;
        isocountry::CountryCode::for_alpha2(&upper)
            .map_err(|_| InvalidValue::unknown(format!("{text:?} is not an ISO 3166-1 alpha-2 country code")))?;
        Ok(Self(bytes))
    }

    /// The two upper-case letters.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored, so this cannot fail.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The English short name from ISO 3166-1.
    pub fn name(&self) -> &'static str {
        isocountry::CountryCode::for_alpha2(self.as_str()).map_or("", |c| c.name())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_assigned_codes_in_any_case() {
        assert_eq!(CountryCode::parse("mk").unwrap().as_str(), "MK");
        assert_eq!(CountryCode::parse("RU").unwrap().to_string(), "RU");
    }

    #[test]
    fn refuses_unassigned_and_malformed_codes() {
        assert_eq!(CountryCode::parse("XX").unwrap_err().code, "unknown");
        assert_eq!(CountryCode::parse("MKD").unwrap_err().code, "format");
        assert_eq!(CountryCode::parse("").unwrap_err().code, "format");
    }
}
