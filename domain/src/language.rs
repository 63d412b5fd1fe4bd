//! BCP 47 language tags and language maps (`{"en": "…", "mk": "…"}`) for multilingual names.

use std::collections::BTreeMap;
use std::fmt;

use crate::InvalidValue;

/// A BCP 47 language tag such as `en`, `mk`, `sr-Latn`; the primary subtag is stored lower
/// case. Only the shape is checked (RFC 5646 §2.1), not the IANA registry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageTag(String);

impl LanguageTag {
    /// Parses a tag: a 2–3 letter primary language, then `-`-separated 1–8 character
    /// alphanumeric subtags.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let bad = || {
            InvalidValue::format(format!("language must be a BCP 47 tag such as \"en\" or \"sr-Latn\", got {text:?}"))
        };
        let mut parts = text.split('-');
        let primary = parts.next().ok_or_else(bad)?;
        if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(bad());
        }
        let mut tag = primary.to_ascii_lowercase();
        for sub in parts {
            if !(1..=8).contains(&sub.len()) || !sub.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(bad());
            }
            tag.push('-');
            tag.push_str(sub);
        }
        Ok(Self(tag))
    }

    /// The tag as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A text in several languages; English (`en`) is always present because it is the
/// office's working language with partners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalizedText(BTreeMap<LanguageTag, String>);

impl LocalizedText {
    /// Builds a map from (tag, text) pairs: every tag valid, every text non-blank
    /// (trimmed), `en` present.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, InvalidValue> {
        let mut map = BTreeMap::new();
        for (tag, text) in pairs {
            let tag = LanguageTag::parse(tag)?;
            let text = text.trim();
            if text.is_empty() {
                return Err(InvalidValue::required(format!("the {tag} text must not be blank")));
            }
            map.insert(tag, text.to_owned());
        }
        if !map.keys().any(|tag| tag.as_str() == "en") {
            return Err(InvalidValue::required("an English (\"en\") text is required"));
        }
        Ok(Self(map))
    }

    /// The English text.
    pub fn english(&self) -> &str {
        self.0.iter().find(|(tag, _)| tag.as_str() == "en").map_or("", |(_, text)| text)
    }

    /// All (tag, text) pairs, ordered by tag.
    pub fn iter(&self) -> impl Iterator<Item = (&LanguageTag, &String)> {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_for_shape() {
        assert_eq!(LanguageTag::parse("EN").unwrap().as_str(), "en");
        assert_eq!(LanguageTag::parse("sr-Latn").unwrap().as_str(), "sr-Latn");
        for bad in ["", "e", "english", "en_GB", "en-", "en-toolongsubtag"] {
            assert!(LanguageTag::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn a_language_map_needs_english_and_no_blank_text() {
        let name = LocalizedText::parse([("en", " Ss. Cyril and Methodius "), ("mk", "УКИМ")]).unwrap();
        assert_eq!(name.english(), "Ss. Cyril and Methodius");
        assert_eq!(LocalizedText::parse([("mk", "УКИМ")]).unwrap_err().code, "required");
        assert_eq!(LocalizedText::parse([("en", "  ")]).unwrap_err().code, "required");
    }
}
