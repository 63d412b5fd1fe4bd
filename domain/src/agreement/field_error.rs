//! Validation errors that name the field they concern, for constructors of composite values.

use std::fmt;

use crate::InvalidValue;

/// One refused field: a path such as `subject_areas[0].isced_f_code` and why it was refused.
/// The API turns these into the `errors` list of its problem body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the field, with `[i]` for list items.
    pub field: String,
    /// The refusal: a stable code and a human message.
    pub error: InvalidValue,
}

impl FieldError {
    /// A refusal of `field`.
    pub fn new(field: impl Into<String>, error: InvalidValue) -> Self {
        Self { field: field.into(), error }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.error.message)
    }
}

/// Every refused field of one input, in input order (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} invalid field(s): {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Whether `field` is among the refused fields.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// The refusal of `field`, if any.
    pub fn get(&self, field: &str) -> Option<&InvalidValue> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.error)
    }
}

/// A field given where it does not apply (e.g. `total_days_per_year` on a student condition).
pub(crate) fn not_applicable(message: impl Into<String>) -> InvalidValue {
    InvalidValue { code: "not_applicable", message: message.into() }
}

/// A value repeated in a list that must not repeat.
pub(crate) fn duplicate(message: impl Into<String>) -> InvalidValue {
    InvalidValue { code: "duplicate", message: message.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_field_with_its_message() {
        let errors = FieldErrors(vec![
            FieldError::new("mobilities_per_year", InvalidValue::range("must be at least 1")),
            FieldError::new("subject_areas[0].isced_f_code", InvalidValue::format("must have 4 digits")),
        ]);
        assert_eq!(
            errors.to_string(),
            "2 invalid field(s): mobilities_per_year: must be at least 1; subject_areas[0].isced_f_code: must have 4 digits"
        );
        assert!(errors.has("subject_areas[0].isced_f_code"));
        assert_eq!(errors.get("mobilities_per_year").unwrap().code, "range");
        assert!(errors.get("other_info").is_none());
    }
}
