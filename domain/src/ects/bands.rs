//! Point bands: how a points total (usually 0–100) becomes a grade and possibly an ECTS letter,
//! e.g. the Serbian statutory 51–60 → 6 … 91–100 → 10.

use super::{EctsLetter, GradeError, GradeLevel, GradeValue, GradingScale};

/// One band as an institution writes it: from `min_points` up to the next band's minimum.
///
/// Bands are kept as lower thresholds rather than closed ranges ("51–60") so that a total such
/// as 60.5 can never fall into a gap between two bands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointBand {
    /// The least points that reach this band (51 for the Serbian 6).
    pub min_points: GradeValue,
    /// The grade on the bands' scale, as a label or a number.
    pub grade: String,
    /// The ECTS letter the band also gives, if any (Russian tables: 86–94 → 5/B).
    pub ects_letter: Option<EctsLetter>,
}

impl PointBand {
    /// A band without its own ECTS letter.
    pub fn new(min_points: GradeValue, grade: impl Into<String>) -> Self {
        Self { min_points, grade: grade.into(), ects_letter: None }
    }

    /// The same band with an ECTS letter.
    pub fn with_letter(mut self, letter: EctsLetter) -> Self {
        self.ects_letter = Some(letter);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Band {
    min: GradeValue,
    rank: usize,
    letter: Option<EctsLetter>,
}

/// Bands from 0 to a maximum of points, each giving a grade on one scale.
///
/// Valid by construction: the lowest band starts at 0, no two bands start at the same total,
/// more points never give a worse grade or letter, and letters agree with pass/fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointBands {
    name: String,
    scale: GradingScale,
    max_points: GradeValue,
    /// Highest band first.
    bands: Vec<Band>,
}

/// The grade a points total earns, with the band that gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BandGrade {
    /// The points given.
    pub points: GradeValue,
    /// The band's lower threshold.
    pub min_points: GradeValue,
    /// The next band's threshold (exclusive upper end); `None` for the top band, which runs
    /// up to the maximum.
    pub below: Option<GradeValue>,
    /// The grade on the bands' scale.
    pub grade: GradeLevel,
    /// The band's ECTS letter, or else the grade's published one.
    pub ects_letter: Option<EctsLetter>,
    /// The step in words, e.g. `87 points lie in the band 81 to under 91 → 9`.
    pub explanation: String,
}

impl PointBands {
    /// Checks and orders the bands.
    pub fn new(
        name: impl Into<String>,
        scale: GradingScale,
        max_points: GradeValue,
        bands: Vec<PointBand>,
    ) -> Result<Self, GradeError> {
        let name = name.into();
        let invalid = |reason: &str| GradeError::InvalidBands { bands: name.clone(), reason: reason.to_owned() };
        if name.trim().is_empty() {
            return Err(invalid("the bands need a name"));
        }
        let mut resolved = bands
            .iter()
            .map(|band| Ok(Band { min: band.min_points, rank: scale.rank_of(&band.grade)?, letter: band.ects_letter }))
            .collect::<Result<Vec<_>, GradeError>>()?;
        resolved.sort_by_key(|band| std::cmp::Reverse(band.min));
        let bands = Self { name, scale, max_points, bands: resolved };
        bands.validate()?;
        Ok(bands)
    }

    /// Builds bands without checking them; presets use it and a test checks them.
    pub(super) fn unchecked(
        name: &str,
        scale: GradingScale,
        max_points: i32,
        bands: &[(i32, usize, Option<EctsLetter>)],
    ) -> Self {
        let mut bands: Vec<Band> = bands
            .iter()
            .map(|&(min, rank, letter)| Band { min: GradeValue::hundredths_unchecked(min * 100), rank, letter })
            .collect();
        bands.sort_by_key(|band| std::cmp::Reverse(band.min));
        Self { name: name.to_owned(), scale, max_points: GradeValue::hundredths_unchecked(max_points * 100), bands }
    }

    /// The bands' name (`RS statutory`, a university's table).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The scale the bands give grades on.
    pub fn scale(&self) -> &GradingScale {
        &self.scale
    }

    /// The most points one can have.
    pub fn max_points(&self) -> GradeValue {
        self.max_points
    }

    /// The grade (and ECTS letter) that `points` earns.
    pub fn grade_for(&self, points: GradeValue) -> Result<BandGrade, GradeError> {
        let out_of_range =
            || GradeError::PointsOutOfRange { points: points.to_string(), max: self.max_points.to_string() };
        if points > self.max_points {
            return Err(out_of_range());
        }
        let index = self.bands.iter().position(|band| band.min <= points).ok_or_else(out_of_range)?;
        let band = self.bands.get(index).ok_or_else(out_of_range)?;
        let grade = self.scale.level(band.rank).ok_or_else(out_of_range)?.clone();
        let below = index.checked_sub(1).and_then(|above| self.bands.get(above)).map(|above| above.min);
        let ects_letter = band.letter.or(grade.ects_letter());
        let range = match below {
            Some(below) => format!("{} to under {below}", band.min),
            None => format!("{} to {}", band.min, self.max_points),
        };
        let letter = ects_letter.map(|letter| format!(" / {letter}")).unwrap_or_default();
        let explanation = format!("{points} points lie in the band {range} of {} → {grade}{letter}", self.name);
        Ok(BandGrade { points, min_points: band.min, below, grade, ects_letter, explanation })
    }

    /// Checks every rule listed on [`PointBands`].
    pub(super) fn validate(&self) -> Result<(), GradeError> {
        let invalid =
            |reason: &str| Err(GradeError::InvalidBands { bands: self.name.clone(), reason: reason.to_owned() });
        let (Some(top), Some(bottom)) = (self.bands.first(), self.bands.last()) else {
            return invalid("there must be at least one band");
        };
        if bottom.min != GradeValue::ZERO {
            return invalid("the lowest band must start at 0 points");
        }
        if top.min > self.max_points {
            return invalid("a band starts above the maximum");
        }
        for pair in self.bands.windows(2) {
            let (higher, lower) = (&pair[0], &pair[1]);
            if higher.min == lower.min {
                return invalid("two bands start at the same total");
            }
            if higher.rank > lower.rank {
                return invalid("more points must never give a worse grade");
            }
            if let (Some(a), Some(b)) = (higher.letter, lower.letter)
                && a > b
            {
                return invalid("more points must never give a worse ECTS letter");
            }
        }
        for band in &self.bands {
            let Some(level) = self.scale.level(band.rank) else { return invalid("a band names no grade") };
            if band.letter.is_some_and(|letter| letter.is_pass() != level.is_passing()) {
                return invalid("a band's grade and ECTS letter disagree on pass or fail");
            }
        }
        if !self.bands.iter().any(|band| self.scale.level(band.rank).is_some_and(GradeLevel::is_passing)) {
            return Err(GradeError::NoPassingGrades { what: format!("the point bands {}", self.name) });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::presets;
    use super::*;

    fn points(text: &str) -> GradeValue {
        GradeValue::parse(text).unwrap()
    }

    #[test]
    fn serbian_statutory_bands_give_the_law_s_grades() {
        let bands = presets::serbia_points();
        for (total, grade) in
            [("0", "5"), ("50", "5"), ("50.99", "5"), ("51", "6"), ("60", "6"), ("60.5", "6"), ("61", "7")]
        {
            assert_eq!(bands.grade_for(points(total)).unwrap().grade.native(), grade, "{total} points");
        }
        for (total, grade) in [("71", "8"), ("80", "8"), ("81", "9"), ("91", "10"), ("100", "10")] {
            assert_eq!(bands.grade_for(points(total)).unwrap().grade.native(), grade, "{total} points");
        }
        let result = bands.grade_for(points("87")).unwrap();
        assert_eq!(result.min_points, points("81"));
        assert_eq!(result.below, Some(points("91")));
        assert!(result.explanation.contains("81 to under 91"), "{}", result.explanation);
        assert_eq!(bands.grade_for(points("100.5")).unwrap_err().code(), "points_out_of_range");
    }

    #[test]
    fn russian_hundred_point_table_gives_grade_and_letter() {
        let bands = presets::russia_points_example();
        let check = |total: &str, grade: &str, letter: EctsLetter| {
            let result = bands.grade_for(points(total)).unwrap();
            assert_eq!(
                (result.grade.value(), result.ects_letter),
                (Some(points(grade)), Some(letter)),
                "{total} points"
            );
        };
        check("100", "5", EctsLetter::A);
        check("95", "5", EctsLetter::A);
        check("94", "5", EctsLetter::B);
        check("85", "4", EctsLetter::C);
        check("68", "3", EctsLetter::D);
        check("51", "3", EctsLetter::E);
        check("50", "2", EctsLetter::Fx);
        check("30", "2", EctsLetter::F);
        check("0", "2", EctsLetter::F);
    }

    #[test]
    fn refuses_bands_with_gaps_inversions_or_unknown_grades() {
        let scale = presets::serbia();
        let band = |min: &str, grade: &str| PointBand::new(points(min), grade);
        let no_zero = PointBands::new("x", scale.clone(), points("100"), vec![band("51", "6")]);
        assert_eq!(no_zero.unwrap_err().code(), "invalid_bands");
        let inverted = PointBands::new("x", scale.clone(), points("100"), vec![band("0", "7"), band("51", "6")]);
        assert_eq!(inverted.unwrap_err().code(), "invalid_bands");
        let twice = PointBands::new("x", scale.clone(), points("100"), vec![band("0", "5"), band("0", "6")]);
        assert_eq!(twice.unwrap_err().code(), "invalid_bands");
        let unknown = PointBands::new("x", scale.clone(), points("100"), vec![band("0", "11")]);
        assert_eq!(unknown.unwrap_err().code(), "grade_not_on_scale");
        let all_fail = PointBands::new("x", scale.clone(), points("100"), vec![band("0", "5")]);
        assert_eq!(all_fail.unwrap_err().code(), "no_passing_grades");
        let lying_letter = PointBands::new(
            "x",
            scale,
            points("100"),
            vec![band("0", "5").with_letter(EctsLetter::E), band("51", "6")],
        );
        assert_eq!(lying_letter.unwrap_err().code(), "invalid_bands");
    }
}
