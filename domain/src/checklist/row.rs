//! One rule row outside a rule file: its kind and its `key = value` fields, as the database
//! stores it and the API receives it. The rule-file parser stays the only reader, so a row
//! stored through the API is checked exactly like a seeded one.

use chrono::NaiveDate;

use crate::wire_enum::wire_enum;

use super::records::{RuleFileError, parse_records};
use super::rule_set::RuleSet;

wire_enum! {
    /// The kind of a rule row (the `[kind]` header of a rule file).
    pub enum RuleKind ("rule kind") {
        /// Citizenship × destination × purpose → visa ([`super::VisaRule`]).
        Visa = "visa",
        /// A registration duty on arrival ([`super::RegistrationRule`]).
        Registration = "registration",
        /// A document type ([`super::DocumentType`]).
        Document = "document",
        /// Home country × destination → state health coverage ([`super::HealthCoverageScheme`]).
        HealthCoverage = "health_coverage",
        /// Programme × activity → one insurance cover ([`super::InsuranceRequirement`]).
        Insurance = "insurance",
    }
}

/// The keys every row carries besides its kind's own: validity, source, status and last check.
pub const PROVENANCE_KEYS: [&str; 5] = ["valid_from", "valid_to", "source", "status", "last_checked"];

/// A rule row as its kind and fields (provenance included), in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    /// The kind.
    pub kind: RuleKind,
    /// `(key, value)` pairs in the rule-file vocabulary (`citizenship = MK, RS`).
    pub fields: Vec<(String, String)>,
}

/// Why a row was refused: the key at fault (`None` for the row as a whole), the kind of fault
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", key.as_ref().map(|k| format!("{k}: ")).unwrap_or_default())]
pub struct RuleRowError {
    /// The field at fault.
    pub key: Option<String>,
    /// `required`, `unknown_key`, `invalid`, `range`, `duplicate` or `syntax`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

impl RuleRow {
    /// The value of a key, if given.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The row as a rule-file record: the header on line 1, field `i` on line `i + 2`.
    fn to_record_text(&self) -> Result<String, RuleRowError> {
        let mut text = format!("[{}]\n", self.kind);
        for (key, value) in &self.fields {
            let refuse =
                |message: &str| RuleRowError { key: Some(key.clone()), code: "syntax", message: message.to_owned() };
            let key_ok =
                !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !key_ok {
                return Err(refuse("a key is lower-case letters, digits and `_`"));
            }
            // A line break would start a new line of the record format and smuggle in a key.
            if value.contains(['\n', '\r']) {
                return Err(refuse("a value is one line"));
            }
            text.push_str(&format!("{key} = {value}\n"));
        }
        Ok(text)
    }

    /// Maps a parser error back to its key: the one the parser names, else the key on its line.
    fn error_of(&self, error: RuleFileError) -> RuleRowError {
        let on_line = || error.line.checked_sub(2).and_then(|index| self.fields.get(index)).map(|(k, _)| k.clone());
        let key = error.key.clone().or_else(on_line);
        // The parser prefixes field errors with `key: `; the key is reported apart.
        let message = match &key {
            Some(k) => error.message.strip_prefix(&format!("{k}: ")).unwrap_or(&error.message).to_owned(),
            None => error.message,
        };
        RuleRowError { key, code: error.code, message }
    }
}

impl RuleSet {
    /// Adds one row, checked like a record of a rule file (unknown keys refused, values parsed,
    /// validity ordered); an error names the key at fault.
    pub fn add_row(&mut self, row: &RuleRow) -> Result<(), RuleRowError> {
        let text = row.to_record_text()?;
        self.add_file("row", &text).map_err(|e| row.error_of(e))
    }
}

/// The last day of a row that a row starting on `new_from` replaces: the day before. A
/// replacement must start after the row it replaces starts, so the old row keeps at least one
/// day and the history stays readable; to correct a row from its first day, withdraw it.
pub fn closing_day(old_from: Option<NaiveDate>, new_from: Option<NaiveDate>) -> Result<NaiveDate, String> {
    let new_from = new_from.ok_or("a replacement needs a valid_from date: the day the change takes effect")?;
    if old_from.is_some_and(|old| old >= new_from) {
        return Err(format!(
            "a replacement must start after the row it replaces (which starts on {}); withdraw a wrong row instead",
            old_from.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
    new_from.pred_opt().ok_or_else(|| "valid_from is the first representable day".to_owned())
}

/// Splits rule-file text into rows without interpreting them (for seeding a database);
/// [`RuleSet::add_file`] reports content errors.
pub fn split_rows(file: &str, text: &str) -> Result<Vec<RuleRow>, RuleFileError> {
    parse_records(file, text)?
        .into_iter()
        .map(|record| {
            let line = record.line;
            let kind = RuleKind::parse(&record.kind).map_err(|e| RuleFileError {
                file: file.to_owned(),
                line,
                message: e.message,
                key: None,
                code: "invalid",
            })?;
            Ok(RuleRow { kind, fields: record.into_fields() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::SEED_FILES;

    fn registration() -> RuleRow {
        let fields = [
            ("citizenship", "*"),
            ("destination", "MK"),
            ("within", "24 hours"),
            ("authority", "police"),
            ("note", "n"),
            ("valid_from", "undated"),
            ("source", "s"),
            ("status", "confirmed"),
            ("last_checked", "2026-11-28"),
        ];
        RuleRow {
            kind: RuleKind::Registration,
            fields: fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        }
    }

    fn with(mut row: RuleRow, key: &str, value: &str) -> RuleRow {
        match row.fields.iter_mut().find(|(k, _)| k == key) {
            Some(field) => field.1 = value.to_owned(),
            None => row.fields.push((key.to_owned(), value.to_owned())),
        }
        row
    }

    #[test]
    fn a_valid_row_joins_the_set() {
        let mut rules = RuleSet::default();
        rules.add_row(&registration()).unwrap();
        assert_eq!(rules.registrations.len(), 1);
        assert_eq!(registration().get("within"), Some("24 hours"));
    }

    #[test]
    fn errors_name_the_key_at_fault() {
        let mut rules = RuleSet::default();
        let error = rules.add_row(&with(registration(), "within", "soon")).unwrap_err();
        assert_eq!((error.key.as_deref(), error.code), (Some("within"), "invalid"));
        assert!(error.message.starts_with("expected `24 hours`"), "{error}");
        let error = rules.add_row(&with(registration(), "colour", "red")).unwrap_err();
        assert_eq!((error.key.as_deref(), error.code), (Some("colour"), "unknown_key"));
        let mut missing = registration();
        missing.fields.retain(|(k, _)| k != "authority");
        let error = rules.add_row(&missing).unwrap_err();
        assert_eq!((error.key.as_deref(), error.code), (Some("authority"), "required"));
        let error = rules.add_row(&with(registration(), "note", "a\nstatus = confirmed")).unwrap_err();
        assert_eq!(error.key.as_deref(), Some("note"));
        let backwards = with(with(registration(), "valid_from", "2027-01-01"), "valid_to", "2026-01-01");
        let error = rules.add_row(&backwards).unwrap_err();
        assert_eq!((error.key.as_deref(), error.code), (Some("valid_to"), "range"));
        let error = rules.add_row(&with(registration(), "Bad Key", "x")).unwrap_err();
        assert_eq!(error.key.as_deref(), Some("Bad Key"));
        assert!(rules.registrations.is_empty());
    }

    #[test]
    fn seed_files_split_into_rows_that_rebuild_the_seeded_set() {
        let mut rebuilt = RuleSet::default();
        for (file, text) in SEED_FILES {
            for row in split_rows(file, text).unwrap() {
                rebuilt.add_row(&row).unwrap();
            }
        }
        assert_eq!(rebuilt, RuleSet::seed().unwrap());
    }

    #[test]
    fn a_replacement_closes_the_old_row_the_day_before() {
        let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
        assert_eq!(closing_day(None, Some(day("2025-01-01"))).unwrap(), day("2024-12-31"));
        assert_eq!(closing_day(Some(day("2024-03-31")), Some(day("2025-01-01"))).unwrap(), day("2024-12-31"));
        assert!(closing_day(Some(day("2025-01-01")), Some(day("2025-01-01"))).is_err());
        assert!(closing_day(None, None).is_err());
    }

    #[test]
    fn unknown_kinds_are_refused_when_splitting() {
        let error = split_rows("x.rules", "\n[visum]\na = b\n").unwrap_err();
        assert_eq!(error.line, 2);
    }
}
