//! Values programmes and courses share: their human codes and languages of instruction.

use crate::{InvalidValue, LanguageTag};

/// A programme's or course's human code (`SIIS23`, `F23L1W001`): 1–32 letters, digits, `.`,
/// `_` and `-`, unique within its unit (a course's: within its unit and academic year).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CatalogueCode(String);

impl CatalogueCode {
    /// Parses a code.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let ok =
            (1..=32).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(InvalidValue::format(format!("code must be 1–32 letters, digits, '.', '_' or '-', got {text:?}")))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The languages a programme or course is taught in: 1–10 BCP 47 tags, none twice, in the
/// order given (the first is the main one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstructionLanguages(Vec<LanguageTag>);

impl InstructionLanguages {
    /// The most languages accepted: more than anyone teaches one course in.
    pub const MAX: usize = 10;

    /// Parses the tags; at least one is required, none may repeat.
    pub fn parse<'a>(tags: impl IntoIterator<Item = &'a str>) -> Result<Self, InvalidValue> {
        let mut parsed: Vec<LanguageTag> = Vec::new();
        for tag in tags {
            let tag = LanguageTag::parse(tag)?;
            if parsed.contains(&tag) {
                return Err(InvalidValue::format(format!("language {tag} is listed twice")));
            }
            parsed.push(tag);
        }
        if parsed.is_empty() {
            return Err(InvalidValue::required("at least one language of instruction is required"));
        }
        if parsed.len() > Self::MAX {
            return Err(InvalidValue::range(format!("at most {} languages of instruction", Self::MAX)));
        }
        Ok(Self(parsed))
    }

    /// The tags, in the order given.
    pub fn tags(&self) -> &[LanguageTag] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_a_safe_shape() {
        assert!(CatalogueCode::parse("F23L1W001").is_ok());
        for bad in ["", "has space", "č", &"X".repeat(33)] {
            assert!(CatalogueCode::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn languages_need_one_tag_and_no_repeats() {
        let langs = InstructionLanguages::parse(["en", "MK"]).unwrap();
        assert_eq!(langs.tags().iter().map(LanguageTag::as_str).collect::<Vec<_>>(), ["en", "mk"]);
        assert_eq!(InstructionLanguages::parse([]).unwrap_err().code, "required");
        assert_eq!(InstructionLanguages::parse(["en", "en"]).unwrap_err().code, "format");
        assert_eq!(InstructionLanguages::parse(["english"]).unwrap_err().code, "format");
        let eleven = ["en", "mk", "sq", "sr", "tr", "de", "fr", "it", "es", "ru", "bg"];
        assert_eq!(InstructionLanguages::parse(eleven).unwrap_err().code, "range");
    }
}
