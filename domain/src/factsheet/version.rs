//! Which version of a year's factsheet the public reads: the published version in effect on
//! the day (the latest effective date not after it), else the latest published one.

use chrono::NaiveDate;

/// What the choice of a version depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionFacts {
    /// The version's number within its year (1, 2, …).
    pub number: u32,
    /// The first day it is in effect.
    pub effective_from: NaiveDate,
    /// Whether the public may read it (a draft is not).
    pub published: bool,
}

/// The number of the version the public reads on `today`: among published versions, the one
/// with the latest `effective_from` on or before `today` (the higher number on a tie, so a
/// correction written later for the same day wins); when none is in effect yet, the latest
/// published one (a year announced ahead shows its first version). `None` without any
/// published version.
pub fn in_effect(versions: &[VersionFacts], today: NaiveDate) -> Option<u32> {
    let published = versions.iter().filter(|v| v.published);
    published
        .clone()
        .filter(|v| v.effective_from <= today)
        .max_by_key(|v| (v.effective_from, v.number))
        .or_else(|| published.max_by_key(|v| v.number))
        .map(|v| v.number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    fn version(number: u32, from: &str, published: bool) -> VersionFacts {
        VersionFacts { number, effective_from: day(from), published }
    }

    #[test]
    fn the_latest_published_version_in_effect_wins_and_drafts_never_do() {
        let versions = [
            version(1, "2026-03-01", true),
            version(2, "2026-06-01", true),
            version(3, "2026-05-01", false),
            version(4, "2026-09-01", true),
        ];
        assert_eq!(in_effect(&versions, day("2026-02-01")), Some(4), "none in effect yet: the latest published");
        assert_eq!(in_effect(&versions, day("2026-05-15")), Some(1));
        assert_eq!(in_effect(&versions, day("2026-07-01")), Some(2));
        assert_eq!(in_effect(&versions, day("2026-09-01")), Some(4));
        assert_eq!(in_effect(&[version(1, "2026-03-01", false)], day("2026-09-01")), None);
    }

    #[test]
    fn a_later_version_for_the_same_day_replaces_the_earlier() {
        let versions = [version(1, "2026-03-01", true), version(2, "2026-03-01", true)];
        assert_eq!(in_effect(&versions, day("2026-03-02")), Some(2));
    }
}
