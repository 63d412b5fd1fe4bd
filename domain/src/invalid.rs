//! The one error every value constructor returns: a stable machine code and a human message.

/// Why a value was refused. `code` is stable and machine-readable (`"format"`, `"range"` …);
/// `message` explains it to a person. The API adds the field name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InvalidValue {
    /// Stable machine code, e.g. `format`, `range`, `unknown`.
    pub code: &'static str,
    /// Human-readable explanation.
    pub message: String,
}

impl InvalidValue {
    /// A value that does not have the required shape.
    pub fn format(message: impl Into<String>) -> Self {
        Self { code: "format", message: message.into() }
    }

    /// A value outside its allowed range.
    pub fn range(message: impl Into<String>) -> Self {
        Self { code: "range", message: message.into() }
    }

    /// A well-formed value that names nothing known (an unknown country, field …).
    pub fn unknown(message: impl Into<String>) -> Self {
        Self { code: "unknown", message: message.into() }
    }

    /// A required part that is missing.
    pub fn required(message: impl Into<String>) -> Self {
        Self { code: "required", message: message.into() }
    }
}
