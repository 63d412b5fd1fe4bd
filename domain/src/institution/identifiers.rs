//! Identifiers of higher-education institutions: SCHAC `hei_id`, Erasmus code, PIC and OID.

use std::fmt;

use crate::InvalidValue;

/// The EWP primary key of an institution: its SCHAC code, i.e. internet domain
/// (`uni-lipetsk.ru`). Stored lower case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HeiId(String);

impl HeiId {
    /// Accepts a domain name: at least two dot-separated labels of letters, digits and
    /// inner hyphens, at most 253 characters.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let lower = text.trim().to_ascii_lowercase();
        let label_ok = |label: &str| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        };
        let labels: Vec<&str> = lower.split('.').collect();
        if lower.len() > 253 || labels.len() < 2 || !labels.iter().all(|l| label_ok(l)) {
            return Err(InvalidValue::format(format!(
                "hei_id must be the institution's internet domain (SCHAC code) such as \"uni-lipetsk.ru\", got {text:?}"
            )));
        }
        Ok(Self(lower))
    }

    /// The domain as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HeiId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Erasmus institution code such as `PL WARSZAW01` or `F  PARIS001`.
///
/// The country part is three characters wide (one letter and two spaces, two letters and a
/// space, or `IRL`/`LUX`), so spaces are significant; spreadsheets collapse them. We accept
/// any run of whitespace after the country part, keep the canonical spacing, and match on the
/// normalised form without spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ErasmusCode {
    canonical: String,
    normalised: String,
}

impl ErasmusCode {
    /// Parses a code, tolerating collapsed or extra spaces after the country part.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let bad = || {
            InvalidValue::format(format!(
                "erasmus_code must be a country part, a city part and 2–3 digits, e.g. \"PL WARSZAW01\", got {text:?}"
            ))
        };
        let upper = text.trim().to_ascii_uppercase();
        let (country, rest) = match upper.split_once(char::is_whitespace) {
            Some((country, rest)) => (country.to_owned(), rest.trim_start().to_owned()),
            None if upper.starts_with("IRL") || upper.starts_with("LUX") => {
                (upper[..3].to_owned(), upper[3..].to_owned())
            }
            None => return Err(bad()),
        };
        let country_ok = match country.len() {
            1 | 2 => country.bytes().all(|b| b.is_ascii_uppercase()),
            3 => country == "IRL" || country == "LUX",
            _ => false,
        };
        let digits = rest.bytes().rev().take_while(u8::is_ascii_digit).count();
        let city = &rest[..rest.len() - digits];
        let city_ok = city.len() >= 2
            && city.bytes().all(|b| b.is_ascii_uppercase() || b == b'-')
            && !city.starts_with('-')
            && !city.ends_with('-');
        if !country_ok || !(2..=3).contains(&digits) || !city_ok {
            return Err(bad());
        }
        let canonical = format!("{country:<3}{rest}");
        let normalised = canonical.replace(' ', "");
        Ok(Self { canonical, normalised })
    }

    /// The code with its canonical spacing (`PL WARSZAW01`).
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// The code without spaces, for matching (`PLWARSZAW01`).
    pub fn normalised(&self) -> &str {
        &self.normalised
    }
}

impl fmt::Display for ErasmusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

/// Participant Identification Code of the EU funding portal: nine digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pic(String);

impl Pic {
    /// Accepts exactly nine digits.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        if text.len() == 9 && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(InvalidValue::format(format!("pic must be 9 digits, got {text:?}")))
        }
    }

    /// The nine digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Organisation ID used by National Agencies: `E` followed by eight digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Oid(String);

impl Oid {
    /// Accepts `E` and eight digits (a lower-case `e` is upper-cased).
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let upper = text.to_ascii_uppercase();
        let ok = upper.len() == 9 && upper.starts_with('E') && upper[1..].bytes().all(|b| b.is_ascii_digit());
        if ok {
            Ok(Self(upper))
        } else {
            Err(InvalidValue::format(format!("oid must be \"E\" followed by 8 digits, got {text:?}")))
        }
    }

    /// The OID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hei_ids_are_domains() {
        assert_eq!(HeiId::parse("Uni-Lipetsk.RU").unwrap().as_str(), "uni-lipetsk.ru");
        for bad in ["lipetsk", "-a.ru", "a..ru", "a b.ru", "a.ru-", ""] {
            assert!(HeiId::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn erasmus_codes_keep_canonical_spacing_and_match_without_spaces() {
        let code = ErasmusCode::parse("pl   warszaw01").unwrap();
        assert_eq!(code.as_str(), "PL WARSZAW01");
        assert_eq!(code.normalised(), "PLWARSZAW01");
        assert_eq!(ErasmusCode::parse("F PARIS001").unwrap().as_str(), "F  PARIS001");
        assert_eq!(ErasmusCode::parse("IRLDUBLIN01").unwrap().as_str(), "IRLDUBLIN01");
        assert_eq!(ErasmusCode::parse("MK SKOPJE02").unwrap().normalised(), "MKSKOPJE02");
        assert_eq!(ErasmusCode::parse("BG SOFIA-TU01").unwrap().as_str(), "BG SOFIA-TU01");
    }

    #[test]
    fn malformed_erasmus_codes_are_refused() {
        for bad in
            ["PLWARSZAW01", "PL WARSZAW1", "PL WARSZAW0001", "ABCD WARSZAW01", "PL 01", "PL WARSZAW-01", "PL -A01"]
        {
            assert!(ErasmusCode::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn pic_and_oid_have_fixed_shapes() {
        assert!(Pic::parse("999862300").is_ok());
        assert!(Pic::parse("99986230").is_err());
        assert_eq!(Oid::parse("e10209488").unwrap().as_str(), "E10209488");
        assert!(Oid::parse("X10209488").is_err());
        assert!(Oid::parse("E1020948").is_err());
    }
}
