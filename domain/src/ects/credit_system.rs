//! Credit systems: credits a full-time year is worth and hours of work per credit
//! (ECTS Users' Guide 2015).

use std::fmt;

use super::CreditError;

/// An amount of student work, in minutes so that academic hours (45 min) are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Workload {
    minutes: u64,
}

impl Workload {
    /// Hours of 60 minutes.
    pub fn hours(hours: u32) -> Self {
        Self { minutes: u64::from(hours) * 60 }
    }

    /// Minutes.
    pub fn minutes(minutes: u32) -> Self {
        Self { minutes: u64::from(minutes) }
    }

    /// `count` academic hours of `minutes_each` minutes (Russia: 45).
    pub fn academic_hours(count: u32, minutes_each: u32) -> Self {
        Self { minutes: u64::from(count) * u64::from(minutes_each) }
    }

    /// The workload in minutes.
    pub fn in_minutes(self) -> u64 {
        self.minutes
    }
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.minutes / 60, self.minutes % 60) {
            (hours, 0) => write!(f, "{hours} h"),
            (hours, minutes) => write!(f, "{hours} h {minutes} min"),
        }
    }
}

/// The hours of work one credit stands for: one value (North Macedonia: 30 h) or a range
/// (ECTS: 25–30 h). Kept in minutes so that 36 academic hours of 45 min (27 h) are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HoursPerCredit {
    min_minutes: u32,
    max_minutes: u32,
}

impl HoursPerCredit {
    /// A range in minutes; both ends positive, the first not above the second.
    pub fn from_minutes(min_minutes: u32, max_minutes: u32) -> Result<Self, CreditError> {
        if min_minutes == 0 || min_minutes > max_minutes {
            return Err(CreditError::InvalidCreditSystem {
                reason: format!(
                    "hours per credit must be positive and ordered, got {min_minutes}–{max_minutes} minutes"
                ),
            });
        }
        Ok(Self { min_minutes, max_minutes })
    }

    /// Exactly `hours` hours of 60 minutes.
    pub fn exactly(hours: u16) -> Result<Self, CreditError> {
        Self::from_minutes(u32::from(hours) * 60, u32::from(hours) * 60)
    }

    /// Between `low` and `high` hours.
    pub fn between(low: u16, high: u16) -> Result<Self, CreditError> {
        Self::from_minutes(u32::from(low) * 60, u32::from(high) * 60)
    }

    /// Exactly `count` academic hours of `minutes_each` minutes (Russia: 36 × 45 min).
    pub fn academic(count: u16, minutes_each: u16) -> Result<Self, CreditError> {
        let minutes = u32::from(count) * u32::from(minutes_each);
        Self::from_minutes(minutes, minutes)
    }

    /// The low end, in minutes.
    pub fn min_minutes(self) -> u32 {
        self.min_minutes
    }

    /// The high end, in minutes.
    pub fn max_minutes(self) -> u32 {
        self.max_minutes
    }

    /// Whether `minutes` per credit lies within the range.
    pub fn contains(self, minutes: u32) -> bool {
        (self.min_minutes..=self.max_minutes).contains(&minutes)
    }

    /// Whether this range and `other` share at least one value.
    pub fn overlaps(self, other: Self) -> bool {
        self.min_minutes <= other.max_minutes && other.min_minutes <= self.max_minutes
    }
}

impl fmt::Display for HoursPerCredit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (low, high) = (Workload::minutes(self.min_minutes), Workload::minutes(self.max_minutes));
        if low == high { write!(f, "{low}") } else { write!(f, "{low} to {high}") }
    }
}

/// Which point of an hours-per-credit range turns a workload into credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkloadBasis {
    /// The fewest hours per credit (ECTS: 25 h), which gives the most credits.
    LowEnd,
    /// The most hours per credit (ECTS: 30 h), which gives the fewest credits.
    HighEnd,
    /// The middle of the range (ECTS: 27.5 h).
    Middle,
}

impl WorkloadBasis {
    /// `low_end`, `high_end` or `middle`.
    pub fn code(self) -> &'static str {
        match self {
            Self::LowEnd => "low_end",
            Self::HighEnd => "high_end",
            Self::Middle => "middle",
        }
    }
}

/// A credit system: how many credits a full-time year is worth and, when known, how many hours
/// of work one credit stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreditSystem {
    code: String,
    name: String,
    hours_per_credit: Option<HoursPerCredit>,
    credits_per_year: u16,
}

impl CreditSystem {
    /// A system; `hours_per_credit` is `None` when not known (no public source was found for
    /// Serbia's or Bulgaria's), `credits_per_year` is 1 to 240.
    pub fn new(
        code: impl Into<String>,
        name: impl Into<String>,
        hours_per_credit: Option<HoursPerCredit>,
        credits_per_year: u16,
    ) -> Result<Self, CreditError> {
        let code = code.into();
        if code.trim().is_empty() || code.len() > 32 {
            return Err(CreditError::InvalidCreditSystem { reason: "the code must be 1 to 32 characters".to_owned() });
        }
        if !(1..=240).contains(&credits_per_year) {
            return Err(CreditError::InvalidCreditSystem {
                reason: format!("credits per year must be 1 to 240, got {credits_per_year}"),
            });
        }
        Ok(Self { code, name: name.into(), hours_per_credit, credits_per_year })
    }

    /// ECTS: 60 credits a full-time year, 1 credit = 25–30 hours \[c\] (ECTS Users' Guide 2015).
    pub fn ects() -> Self {
        Self::preset("ECTS", "European Credit Transfer and Accumulation System", Some((25 * 60, 30 * 60)))
    }

    /// North Macedonia: ECTS with 1 credit = 30 hours of 60 minutes \[c\].
    pub fn north_macedonia() -> Self {
        Self::preset("MK-ECTS", "ECTS as used in North Macedonia", Some((30 * 60, 30 * 60)))
    }

    /// Serbia (ESPB): 60 a year, treated as ECTS \[c\]; hours per credit not confirmed \[u\].
    pub fn serbia_espb() -> Self {
        Self::preset("RS-ESPB", "ESPB (Serbia)", None)
    }

    /// Bulgaria: 60 a year, treated as ECTS \[c\]; hours per credit not confirmed \[u\].
    pub fn bulgaria() -> Self {
        Self::preset("BG-ECTS", "ECTS as used in Bulgaria", None)
    }

    /// Russia: 1 зачётная единица = 36 academic hours of 45 min = 27 hours; 60 a year; treated
    /// as 1 ECTS \[s\]\[d\].
    pub fn russia_zet() -> Self {
        Self::preset("RU-ZET", "зачётная единица (Russia)", Some((36 * 45, 36 * 45)))
    }

    /// Every preset with 60 credits a year; hours in minutes.
    fn preset(code: &str, name: &str, minutes: Option<(u32, u32)>) -> Self {
        let hours_per_credit = minutes.map(|(min_minutes, max_minutes)| HoursPerCredit { min_minutes, max_minutes });
        Self { code: code.to_owned(), name: name.to_owned(), hours_per_credit, credits_per_year: 60 }
    }

    /// The system's code (`ECTS`, `RU-ZET`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The system's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Hours per credit, when known.
    pub fn hours_per_credit(&self) -> Option<HoursPerCredit> {
        self.hours_per_credit
    }

    /// Credits a full-time academic year is worth.
    pub fn credits_per_year(&self) -> u16 {
        self.credits_per_year
    }
}

impl fmt::Display for CreditSystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_match_the_published_systems() {
        let ects = CreditSystem::ects();
        assert_eq!(ects.credits_per_year(), 60);
        assert_eq!(ects.hours_per_credit(), Some(HoursPerCredit::between(25, 30).unwrap()));
        assert_eq!(CreditSystem::north_macedonia().hours_per_credit(), Some(HoursPerCredit::exactly(30).unwrap()));
        let zet = CreditSystem::russia_zet().hours_per_credit().unwrap();
        assert_eq!(zet, HoursPerCredit::academic(36, 45).unwrap());
        assert_eq!(zet, HoursPerCredit::exactly(27).unwrap(), "36 × 45 min = 27 h");
        assert!(ects.hours_per_credit().unwrap().contains(zet.min_minutes()));
        assert_eq!(CreditSystem::serbia_espb().hours_per_credit(), None);
        assert_eq!(CreditSystem::bulgaria().hours_per_credit(), None);
    }

    #[test]
    fn refuses_impossible_systems() {
        assert_eq!(CreditSystem::new("", "x", None, 60).unwrap_err().code(), "invalid_credit_system");
        assert_eq!(CreditSystem::new("X", "x", None, 0).unwrap_err().code(), "invalid_credit_system");
        assert_eq!(HoursPerCredit::between(30, 25).unwrap_err().code(), "invalid_credit_system");
        assert_eq!(HoursPerCredit::exactly(0).unwrap_err().code(), "invalid_credit_system");
    }

    #[test]
    fn workloads_print_hours_and_minutes() {
        assert_eq!(Workload::academic_hours(108, 45).to_string(), "81 h");
        assert_eq!(Workload::minutes(95).to_string(), "1 h 35 min");
        assert_eq!(HoursPerCredit::between(25, 30).unwrap().to_string(), "25 h to 30 h");
    }
}
