//! The rule-file format: records of `key = value` lines under a `[kind]` header.
//!
//! ```text
//! # a comment
//! [visa]
//! citizenship = MK
//! destination = RS
//! ```
//! Blank lines and lines starting with `#` are ignored. A record runs from its `[kind]` header
//! to the next header. Keys are unique within a record; values are trimmed and may be empty
//! (an empty value counts as absent). Every error names the file and the line.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::CountryCode;

use super::vocabulary::FactStatus;

/// A rule file that could not be read: the file, the 1-based line and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct RuleFileError {
    /// The file name, e.g. `visa.rules`.
    pub file: String,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// The key at fault, when one is (a missing, unknown or unreadable field).
    pub key: Option<String>,
    /// What kind of fault: `syntax` (the line format), `required`, `unknown_key`, `invalid`,
    /// `range` (validity dates out of order), `duplicate`.
    pub code: &'static str,
}

/// One `key = value` line.
#[derive(Debug, Clone)]
struct Field {
    key: String,
    value: String,
    line: usize,
}

/// One record: its kind, the line of its header and its fields. Typed accessors mark fields as
/// read so that [`Record::finish`] can refuse unknown (misspelt) keys.
#[derive(Debug)]
pub(crate) struct Record<'f> {
    file: &'f str,
    pub(crate) kind: String,
    pub(crate) line: usize,
    fields: Vec<Field>,
    read: BTreeSet<String>,
}

/// Splits a rule file into records.
pub(crate) fn parse_records<'f>(file: &'f str, text: &str) -> Result<Vec<Record<'f>>, RuleFileError> {
    let mut records: Vec<Record<'f>> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let error = |message: String| RuleFileError { file: file.to_owned(), line, message, key: None, code: "syntax" };
        if let Some(kind) = content.strip_prefix('[') {
            let kind = kind
                .strip_suffix(']')
                .filter(|k| !k.trim().is_empty())
                .ok_or_else(|| error(format!("a record header looks like [visa], got {content:?}")))?;
            records.push(Record {
                file,
                kind: kind.trim().to_owned(),
                line,
                fields: Vec::new(),
                read: BTreeSet::new(),
            });
            continue;
        }
        let (key, value) =
            content.split_once('=').ok_or_else(|| error(format!("expected `key = value`, got {content:?}")))?;
        let key = key.trim();
        if key.is_empty() {
            return Err(error("the key before `=` is empty".to_owned()));
        }
        let record =
            records.last_mut().ok_or_else(|| error(format!("{key:?} appears before the first [kind] header")))?;
        if record.fields.iter().any(|f| f.key == key) {
            return Err(error(format!("{key:?} is given twice in the record starting on line {}", record.line)));
        }
        record.fields.push(Field { key: key.to_owned(), value: value.trim().to_owned(), line });
    }
    Ok(records)
}

impl Record<'_> {
    /// An error on a given line of this record's file.
    pub(crate) fn error_at(&self, line: usize, message: impl Into<String>) -> RuleFileError {
        RuleFileError { file: self.file.to_owned(), line, message: message.into(), key: None, code: "invalid" }
    }

    /// An error about one key.
    pub(crate) fn key_error(&self, line: usize, key: &str, code: &'static str, message: String) -> RuleFileError {
        RuleFileError { key: Some(key.to_owned()), code, ..self.error_at(line, message) }
    }

    /// The value and line of a key, `None` when absent or empty.
    fn raw(&mut self, key: &str) -> Option<(String, usize)> {
        self.read.insert(key.to_owned());
        self.fields.iter().find(|f| f.key == key && !f.value.is_empty()).map(|f| (f.value.clone(), f.line))
    }

    /// An optional value converted by `parse`; conversion errors carry the field's line.
    pub(crate) fn optional<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, RuleFileError> {
        match self.raw(key) {
            None => Ok(None),
            Some((value, line)) => {
                parse(&value).map(Some).map_err(|m| self.key_error(line, key, "invalid", format!("{key}: {m}")))
            }
        }
    }

    /// A required value; a missing one is reported on the record's header line.
    pub(crate) fn required<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, RuleFileError> {
        let header = self.line;
        self.optional(key, parse)?
            .ok_or_else(|| self.key_error(header, key, "required", format!("[{}] needs {key:?}", self.kind)))
    }

    /// The record's `(key, value)` pairs in file order.
    pub(crate) fn into_fields(self) -> Vec<(String, String)> {
        self.fields.into_iter().map(|f| (f.key, f.value)).collect()
    }

    /// Refuses keys no accessor asked for: a misspelt key must not be ignored silently.
    pub(crate) fn finish(self) -> Result<(), RuleFileError> {
        match self.fields.iter().find(|f| !self.read.contains(&f.key)) {
            Some(field) => Err(self.key_error(
                field.line,
                &field.key,
                "unknown_key",
                format!("unknown key {:?} in [{}]", field.key, self.kind),
            )),
            None => Ok(()),
        }
    }
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("expected a date YYYY-MM-DD, got {text:?}"))
}

/// Parses a `valid_from`: a date, or `undated` when the source gives no start date.
pub(crate) fn start_date(text: &str) -> Result<Option<NaiveDate>, String> {
    if text == "undated" { Ok(None) } else { date(text).map(Some) }
}

/// Parses a non-negative whole number.
pub(crate) fn number(text: &str) -> Result<u16, String> {
    text.parse().map_err(|_| format!("expected a whole number, got {text:?}"))
}

/// Parses `yes` / `no`.
pub(crate) fn yes_no(text: &str) -> Result<bool, String> {
    match text {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(format!("expected yes or no, got {text:?}")),
    }
}

/// Parses `yes` / `no` / `unknown`.
pub(crate) fn yes_no_unknown(text: &str) -> Result<Option<bool>, String> {
    if text == "unknown" { Ok(None) } else { yes_no(text).map(Some) }
}

/// Splits a comma-separated list and parses each element.
pub(crate) fn list<T>(text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    text.split(',')
        .map(str::trim)
        .map(|item| if item.is_empty() { Err("empty list element".to_owned()) } else { parse(item) })
        .collect()
}

/// Parses `*` (every value) or a comma-separated list of wire names.
pub(crate) fn set<T: Copy>(
    text: &str,
    all: &[T],
    parse: impl Fn(&str) -> Result<T, crate::InvalidValue>,
) -> Result<Vec<T>, String> {
    if text == "*" { Ok(all.to_vec()) } else { list(text, |item| parse(item).map_err(|e| e.message)) }
}

/// Parses a fact status.
pub(crate) fn status(text: &str) -> Result<FactStatus, String> {
    FactStatus::parse(text).map_err(|e| e.message)
}

/// Parses one country code.
pub(crate) fn country(text: &str) -> Result<CountryCode, String> {
    CountryCode::parse(text).map_err(|e| e.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_records_and_skips_comments_and_blank_lines() {
        let text = "# head\n\n[visa]\na = 1\nb =\n\n[visa]\n# c\na = 2\n";
        let mut records = parse_records("t.rules", text).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].line, 7);
        assert_eq!(records[0].required("a", number).unwrap(), 1);
        assert_eq!(records[0].optional("b", number).unwrap(), None);
        let second = records.pop().unwrap();
        assert_eq!(second.finish().unwrap_err().line, 9);
    }

    #[test]
    fn reports_malformed_lines_with_their_numbers() {
        let cases = [
            ("a = 1\n", 1, "before the first"),
            ("[visa]\nno equals sign\n", 2, "key = value"),
            ("[visa]\na = 1\na = 2\n", 3, "twice"),
            ("\n[visa\n", 2, "header"),
            ("[visa]\n = 3\n", 2, "empty"),
        ];
        for (text, line, fragment) in cases {
            let error = parse_records("t.rules", text).unwrap_err();
            assert_eq!(error.line, line, "{text:?}");
            assert!(error.message.contains(fragment), "{error}");
            assert!(error.to_string().starts_with(&format!("t.rules:{line}: ")));
        }
    }

    #[test]
    fn typed_values_report_the_field_line_and_missing_ones_the_header() {
        let mut records = parse_records("t.rules", "[visa]\nday = 2024-02-30\nn = x\n").unwrap();
        let mut record = records.remove(0);
        assert_eq!(record.required("day", date).unwrap_err().line, 2);
        assert_eq!(record.optional("n", number).unwrap_err().line, 3);
        let missing = record.required("status", status).unwrap_err();
        assert_eq!((missing.line, missing.message.as_str()), (1, "[visa] needs \"status\""));
    }

    #[test]
    fn value_parsers_accept_their_shapes() {
        assert_eq!(start_date("undated").unwrap(), None);
        assert_eq!(yes_no_unknown("unknown").unwrap(), None);
        assert!(yes_no("maybe").is_err());
        assert_eq!(list("MK, RS", country).unwrap().len(), 2);
        assert!(list("MK,,RS", country).is_err());
        assert_eq!(set("*", FactStatus::ALL, FactStatus::parse).unwrap().len(), 4);
    }
}
