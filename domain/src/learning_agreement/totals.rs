//! Credit totals per component table, and the warnings they raise (never refusals): tables A
//! and B that do not add up to the same, and a semester of studies outside 20–40 ECTS.

use super::content::{AgreementContent, AgreementKind, ComponentTable};
use crate::ects::EctsCredits;

/// The ECTS credits of each table, in hundredths.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CreditTotals {
    /// `(table, total)` for every table in [`ComponentTable::ALL`] order.
    pub per_table: Vec<(ComponentTable, EctsCredits)>,
}

impl CreditTotals {
    /// The total of one table.
    pub fn of(&self, table: ComponentTable) -> EctsCredits {
        self.per_table.iter().find(|(t, _)| *t == table).map_or(EctsCredits::ZERO, |(_, c)| *c)
    }
}

/// Adds the credits of each table (components without credits count nothing).
pub fn credit_totals(content: &AgreementContent) -> CreditTotals {
    let per_table = ComponentTable::ALL
        .iter()
        .map(|table| {
            let hundredths: u32 = content
                .components
                .iter()
                .filter(|c| c.table == *table)
                .filter_map(|c| c.credits)
                .map(EctsCredits::hundredths)
                .sum();
            (
                *table,
                EctsCredits::from_hundredths(hundredths.min(EctsCredits::MAX.hundredths())).unwrap_or(EctsCredits::MAX),
            )
        })
        .collect();
    CreditTotals { per_table }
}

/// A warning about the credits: the agreement may still be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditWarning {
    /// Table A and table B do not add up to the same.
    TablesDiffer {
        /// Table A's total.
        a: EctsCredits,
        /// Table B's total.
        b: EctsCredits,
    },
    /// Studies carry fewer than 20 or more than 40 ECTS a semester (30 is the norm).
    SemesterLoad {
        /// Table A's credits per semester.
        per_semester: EctsCredits,
        /// The semesters of the stay.
        semesters: u32,
    },
}

impl CreditWarning {
    /// The warning's code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TablesDiffer { .. } => "credit_tables_differ",
            Self::SemesterLoad { .. } => "semester_load_unusual",
        }
    }

    /// A sentence for the reader.
    pub fn message(&self) -> String {
        match self {
            Self::TablesDiffer { a, b } => {
                format!("table A carries {a} ECTS and table B {b}: what is studied and what is recognised differ")
            }
            Self::SemesterLoad { per_semester, semesters } => format!(
                "table A carries {per_semester} ECTS a semester over {semesters} semester(s); a semester of studies \
                 usually carries 30 (20 to 40)"
            ),
        }
    }
}

/// The warnings of a studies agreement: tables A and B differ; table A's credits per semester
/// (the stay's `months`, six months a semester, at least one) are below 20 or above 40 — the
/// ECTS Users' Guide 2015 sets 60 credits for a year of full-time study.
pub fn credit_warnings(content: &AgreementContent, totals: &CreditTotals, months: u32) -> Vec<CreditWarning> {
    let mut warnings = Vec::new();
    let (a, b) = (totals.of(ComponentTable::A), totals.of(ComponentTable::B));
    if a != b {
        warnings.push(CreditWarning::TablesDiffer { a, b });
    }
    if content.kind == AgreementKind::Studies {
        let semesters = months.div_ceil(6).max(1);
        let per = a.hundredths() / semesters;
        if !(2000..=4000).contains(&per) {
            let per_semester = EctsCredits::from_hundredths(per).unwrap_or(EctsCredits::MAX);
            warnings.push(CreditWarning::SemesterLoad { per_semester, semesters });
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learning_agreement::{Component, ComponentId, Header};

    fn content(credits: &[(ComponentTable, u16)]) -> AgreementContent {
        let components = credits
            .iter()
            .map(|(table, ects)| Component {
                id: ComponentId::generate(),
                table: *table,
                code: None,
                title: "course".into(),
                term: None,
                credits: Some(EctsCredits::whole(*ects).unwrap()),
                recognition_conditions: None,
                short_description: None,
                course_id: None,
            })
            .collect();
        AgreementContent {
            kind: AgreementKind::Studies,
            header: Header::default(),
            components,
            traineeship: None,
            staff: None,
        }
    }

    fn codes(content: &AgreementContent, months: u32) -> Vec<&'static str> {
        credit_warnings(content, &credit_totals(content), months).iter().map(CreditWarning::code).collect()
    }

    #[test]
    fn totals_add_each_table_and_warn_when_a_and_b_differ_or_a_semester_is_unusual() {
        use ComponentTable::{A, B, C};
        let balanced = content(&[(A, 6), (A, 24), (B, 30), (C, 3)]);
        let totals = credit_totals(&balanced);
        assert_eq!(totals.of(A), EctsCredits::whole(30).unwrap());
        assert_eq!(totals.of(C), EctsCredits::whole(3).unwrap());
        assert_eq!(totals.of(ComponentTable::Doctoral), EctsCredits::ZERO);
        assert!(codes(&balanced, 5).is_empty());
        // Two semesters (ten months) of 30 ECTS: 15 a semester.
        assert_eq!(codes(&balanced, 10), ["semester_load_unusual"]);
        assert_eq!(codes(&content(&[(A, 42), (B, 42)]), 5), ["semester_load_unusual"]);
        assert_eq!(codes(&content(&[(A, 20), (B, 40)]), 6), ["credit_tables_differ"]);
        assert_eq!(codes(&content(&[(A, 40), (B, 40)]), 6), Vec::<&str>::new());
    }
}
