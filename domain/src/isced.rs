//! ISCED-F 2013 fields of education and training, read from the UNESCO list in `data/`.
//!
//! The list holds broad (2-digit), narrow (3) and detailed (4) fields. The classification
//! also allows "not further defined" (narrow/detailed code ending in 0), "not elsewhere
//! classified" (ending in 9) and "inter-disciplinary" (`xx88`) codes that the list omits;
//! they are accepted by that pattern when their broad field exists.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use crate::InvalidValue;

/// UNESCO ISCED-F 2013 list; source: UNESCO Institute for Statistics (2014),
/// "ISCED Fields of Education and Training 2013".
const ISCED_CSV: &str = include_str!("../data/isced-f-2013.csv");

/// How specific a field code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IscedLevel {
    /// Two digits, e.g. `06` ICT.
    Broad,
    /// Three digits, e.g. `061`.
    Narrow,
    /// Four digits, e.g. `0613`; what agreements and Erasmus+ reports require.
    Detailed,
}

/// A known field: its code, level and English label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IscedField {
    /// The code (2–4 digits).
    pub code: IscedCode,
    /// Broad, narrow or detailed.
    pub level: IscedLevel,
    /// English label from the UNESCO list (or derived for pattern codes).
    pub label: String,
}

/// An ISCED-F 2013 code that names a field of the classification.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IscedCode(String);

impl IscedCode {
    /// Parses any known code (broad, narrow or detailed).
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        lookup(text).map(|field| field.code)
    }

    /// Parses a 4-digit detailed code, as agreements and Erasmus+ reporting require.
    pub fn parse_detailed(text: &str) -> Result<Self, InvalidValue> {
        if text.len() != 4 {
            return Err(InvalidValue::format(format!(
                "ISCED-F code must have 4 digits (a detailed field such as 0613), got {text:?}"
            )));
        }
        Self::parse(text)
    }

    /// The code as written, e.g. `0613`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The field this code names, with its label.
    pub fn field(&self) -> IscedField {
        // A parsed code is always known, so the lookup cannot fail; fall back defensively.
        lookup(&self.0).unwrap_or_else(|_| IscedField {
            code: self.clone(),
            level: IscedLevel::Detailed,
            label: String::new(),
        })
    }

    /// The broad field (first two digits).
    pub fn broad(&self) -> &str {
        &self.0[..2]
    }
}

impl fmt::Display for IscedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every field of the UNESCO list, in list order.
pub fn isced_fields() -> Vec<IscedField> {
    listed().values().cloned().collect()
}

fn listed() -> &'static BTreeMap<String, IscedField> {
    static LIST: OnceLock<BTreeMap<String, IscedField>> = OnceLock::new();
    LIST.get_or_init(|| {
        ISCED_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut parts = line.splitn(3, ',');
                let code = parts.next()?.trim().to_owned();
                let level = match parts.next()?.trim() {
                    "broad" => IscedLevel::Broad,
                    "narrow" => IscedLevel::Narrow,
                    _ => IscedLevel::Detailed,
                };
                let label = parts.next()?.trim().trim_matches('"').to_owned();
                Some((code.clone(), IscedField { code: IscedCode(code), level, label }))
            })
            .collect()
    })
}

fn lookup(text: &str) -> Result<IscedField, InvalidValue> {
    if !(2..=4).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidValue::format(format!("ISCED-F code must be 2 to 4 digits, got {text:?}")));
    }
    let list = listed();
    if let Some(field) = list.get(text) {
        return Ok(field.clone());
    }
    let broad = list
        .get(&text[..2])
        .ok_or_else(|| InvalidValue::unknown(format!("ISCED-F code {text} names no broad field")))?;
    let level = if text.len() == 3 { IscedLevel::Narrow } else { IscedLevel::Detailed };
    let parent_label = |code: &str| list.get(code).map_or(broad.label.as_str(), |f| f.label.as_str()).to_owned();
    let label = match (text.len(), &text[2..]) {
        (4, "88") => format!("Inter-disciplinary programmes and qualifications involving {}", broad.label),
        (3, "0") => format!("{} not further defined", broad.label),
        (3, "9") => format!("{} not elsewhere classified", broad.label),
        (4, rest) if rest.ends_with('0') && list.contains_key(&text[..3]) => {
            format!("{} not further defined", parent_label(&text[..3]))
        }
        (4, rest) if rest.ends_with('9') && list.contains_key(&text[..3]) => {
            format!("{} not elsewhere classified", parent_label(&text[..3]))
        }
        (4, "00") => format!("{} not further defined", broad.label),
        (4, "99") => format!("{} not elsewhere classified", broad.label),
        _ => return Err(InvalidValue::unknown(format!("ISCED-F code {text} is not in the ISCED-F 2013 list"))),
    };
    Ok(IscedField { code: IscedCode(text.to_owned()), level, label })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_listed_detailed_fields_with_labels() {
        let code = IscedCode::parse_detailed("0613").unwrap();
        assert_eq!(code.field().label, "Software and applications development and analysis");
        assert_eq!(code.broad(), "06");
    }

    #[test]
    fn accepts_pattern_codes_of_existing_broad_fields() {
        assert!(IscedCode::parse_detailed("0610").unwrap().field().label.contains("not further defined"));
        assert!(IscedCode::parse_detailed("0619").unwrap().field().label.contains("not elsewhere classified"));
        assert!(IscedCode::parse_detailed("0688").unwrap().field().label.starts_with("Inter-disciplinary"));
    }

    #[test]
    fn refuses_unknown_or_malformed_codes() {
        assert_eq!(IscedCode::parse_detailed("613").unwrap_err().code, "format");
        assert_eq!(IscedCode::parse_detailed("0617").unwrap_err().code, "unknown");
        assert_eq!(IscedCode::parse("99").unwrap_err().code, "unknown");
        assert_eq!(IscedCode::parse("06a3").unwrap_err().code, "format");
    }

    #[test]
    fn the_list_is_loaded_in_full() {
        assert!(isced_fields().len() > 100);
    }
}
