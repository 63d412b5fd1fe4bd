//! ECTS credits and grade conversion: credit systems, grading scales, point
//! bands, grading tables and the conversion methods, as pure functions over data passed in.
//!
//! Sources: ECTS Users' Guide 2015 (credits and workload, grading tables), Egracons (grading
//! table conversion), KMK's "modified Bavarian formula" (linear conversion), the ECTS Users'
//! Guide 2009 (the A–F letters). Numbers are exact: grades and credits are integer hundredths,
//! intermediate results exact fractions, so "on the scale's steps" and ties are decided without
//! floating-point error. Every conversion returns its method, inputs and steps in words, and is
//! a suggestion until a named person approves it.

mod bands;
mod by_letter;
mod conversion;
mod credit_conversion;
mod credit_system;
mod credits;
mod error;
mod fixed;
mod fraction;
mod grade_level;
mod grade_value;
mod grading_table;
mod letter;
mod linear;
mod policy;
pub mod presets;
mod scale;
mod select;
mod table_conversion;

#[cfg(test)]
mod properties;

pub use bands::{BandGrade, PointBand, PointBands};
pub use by_letter::convert_by_ects_letter;
pub use conversion::{ConversionMethod, GradeConversion, SkippedMethod};
pub use credit_conversion::{CreditConversion, CreditInput, convert_credits, workload_to_credits};
pub use credit_system::{CreditSystem, HoursPerCredit, Workload, WorkloadBasis};
pub use credits::{CreditRounding, Credits, EctsCredits, RoundingMode};
pub use error::{CreditError, GradeError};
pub use fixed::FixedTable;
pub use grade_level::{Direction, GradeLabel, GradeLevel};
pub use grade_value::GradeValue;
pub use grading_table::{GradingTable, GradingTableRow, ReferenceGroup};
pub use letter::EctsLetter;
pub use linear::convert_linearly;
pub use policy::{ConversionPolicy, GradeRounding, MethodKind, OverlapPolicy};
pub use scale::{GradingScale, ScaleKind};
pub use select::{ConversionRequest, convert_grade};
pub use table_conversion::convert_by_grading_tables;
