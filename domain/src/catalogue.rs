//! The course catalogue for incoming students: study programmes per unit and their courses,
//! with the facts a student picks courses by (ISCED-F, EQF, ECTS, semester, languages).

pub mod course;
pub mod programme;
pub mod values;

pub use course::{Course, CourseData, Semester};
pub use programme::{Programme, ProgrammeData};
pub use values::{CatalogueCode, InstructionLanguages};
