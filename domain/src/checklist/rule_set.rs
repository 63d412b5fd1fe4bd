//! All rule rows together, parsed from the rule files; the seed files are embedded in the crate.

use super::records::{Record, RuleFileError, parse_records};
use super::rules::{DocumentType, HealthCoverageScheme, InsuranceRequirement, RegistrationRule, VisaRule};

/// The seed files (`domain/data/checklists/`), as `(file name, text)`; every row cites its
/// public sources.
pub const SEED_FILES: [(&str, &str); 5] = [
    ("visa.rules", include_str!("../../data/checklists/visa.rules")),
    ("registration.rules", include_str!("../../data/checklists/registration.rules")),
    ("documents.rules", include_str!("../../data/checklists/documents.rules")),
    ("health_coverage.rules", include_str!("../../data/checklists/health_coverage.rules")),
    ("insurance.rules", include_str!("../../data/checklists/insurance.rules")),
];

/// Every rule row a checklist is generated from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSet {
    /// Visa rules (`[visa]`).
    pub visa: Vec<VisaRule>,
    /// Registration duties on arrival (`[registration]`).
    pub registrations: Vec<RegistrationRule>,
    /// Document types (`[document]`).
    pub documents: Vec<DocumentType>,
    /// Health-coverage schemes (`[health_coverage]`).
    pub health_coverage: Vec<HealthCoverageScheme>,
    /// Insurance requirements (`[insurance]`).
    pub insurance: Vec<InsuranceRequirement>,
}

impl RuleSet {
    /// The rules of the seed files.
    pub fn seed() -> Result<Self, RuleFileError> {
        let mut rules = RuleSet::default();
        for (file, text) in SEED_FILES {
            rules.add_file(file, text)?;
        }
        Ok(rules)
    }

    /// Adds the records of one rule file; a file may mix record kinds. `file` names the file
    /// in errors.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), RuleFileError> {
        for mut record in parse_records(file, text)? {
            let row = Row::read(&mut record)?;
            // Unknown keys are refused before the row is kept: a file half added is no use.
            let line = record.line;
            record.finish()?;
            match row {
                Row::Visa(rule) => self.visa.push(rule),
                Row::Registration(rule) => self.registrations.push(rule),
                Row::Document(document) => {
                    if self.documents.iter().any(|d| d.code == document.code && d.provenance == document.provenance) {
                        return Err(RuleFileError {
                            file: file.to_owned(),
                            line,
                            message: format!("document {:?} is defined twice", document.code),
                            key: Some("code".to_owned()),
                            code: "duplicate",
                        });
                    }
                    self.documents.push(document);
                }
                Row::HealthCoverage(scheme) => self.health_coverage.push(scheme),
                Row::Insurance(requirement) => self.insurance.push(requirement),
            }
        }
        Ok(())
    }
}

impl RuleSet {
    /// The document codes a visa rule names that no document row of the set defines: a
    /// checklist could only show such a document as a bare code.
    pub fn undefined_documents<'r>(&self, rule: &'r VisaRule) -> Vec<&'r str> {
        rule.documents
            .iter()
            .filter(|code| !self.documents.iter().any(|d| &d.code == *code))
            .map(String::as_str)
            .collect()
    }
}

/// One parsed record, before it joins the set.
enum Row {
    Visa(VisaRule),
    Registration(RegistrationRule),
    Document(DocumentType),
    HealthCoverage(HealthCoverageScheme),
    Insurance(InsuranceRequirement),
}

impl Row {
    fn read(record: &mut Record<'_>) -> Result<Self, RuleFileError> {
        Ok(match record.kind.as_str() {
            "visa" => Row::Visa(VisaRule::read(record)?),
            "registration" => Row::Registration(RegistrationRule::read(record)?),
            "document" => Row::Document(DocumentType::read(record)?),
            "health_coverage" => Row::HealthCoverage(HealthCoverageScheme::read(record)?),
            "insurance" => Row::Insurance(InsuranceRequirement::read(record)?),
            other => {
                return Err(record.error_at(
                    record.line,
                    format!(
                        "unknown record kind [{other}]; expected visa, registration, document, health_coverage or insurance"
                    ),
                ));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::FactStatus;

    #[test]
    fn seed_files_parse() {
        let rules = RuleSet::seed().unwrap();
        assert!(rules.visa.len() >= 15);
        assert_eq!(rules.registrations.len(), 2);
        assert!(rules.documents.len() >= 18);
        assert!(rules.health_coverage.len() >= 6);
        assert!(rules.insurance.len() >= 9);
    }

    #[test]
    fn every_seeded_row_cites_public_sources_and_has_a_status() {
        let rules = RuleSet::seed().unwrap();
        let provenances = rules
            .visa
            .iter()
            .map(|r| &r.provenance)
            .chain(rules.registrations.iter().map(|r| &r.provenance))
            .chain(rules.documents.iter().map(|r| &r.provenance))
            .chain(rules.health_coverage.iter().map(|r| &r.provenance))
            .chain(rules.insurance.iter().map(|r| &r.provenance));
        for provenance in provenances {
            let source = &provenance.source;
            // A URL for each cited source, or the plain statement that none was found.
            assert!(source.contains("http") || source.contains("no public source found"), "{provenance:?}");
            assert!(source.chars().count() <= 1000, "longer than an officer's source may be: {provenance:?}");
            assert!(FactStatus::ALL.contains(&provenance.status));
            // Users see unconfirmed and derived rows as such, in the source too.
            match provenance.status {
                FactStatus::Unconfirmed => assert!(source.contains("unconfirmed"), "{provenance:?}"),
                FactStatus::Derived => assert!(source.contains("derived"), "{provenance:?}"),
                FactStatus::Confirmed | FactStatus::Secondary => {}
            }
        }
    }

    #[test]
    fn unconfirmed_facts_stay_unconfirmed() {
        let rules = RuleSet::seed().unwrap();
        let unconfirmed = |note: &str| {
            rules.visa.iter().any(|r| r.note.contains(note) && r.provenance.status == FactStatus::Unconfirmed)
        };
        assert!(unconfirmed("2008 agreement"));
        assert!(unconfirmed("temporary residence registration"));
        assert!(
            rules
                .health_coverage
                .iter()
                .any(|s| s.note.contains("some lists") && s.provenance.status == FactStatus::Unconfirmed)
        );
    }

    #[test]
    fn every_document_a_visa_rule_names_is_defined() {
        let rules = RuleSet::seed().unwrap();
        for rule in &rules.visa {
            assert_eq!(rules.undefined_documents(rule), Vec::<&str>::new());
        }
        let mut unknown = rules.visa[0].clone();
        unknown.documents.push("unicorn_licence".to_owned());
        assert_eq!(rules.undefined_documents(&unknown), ["unicorn_licence"]);
    }

    #[test]
    fn rule_file_errors_name_the_file_and_line() {
        let mut rules = RuleSet::default();
        let error = rules.add_file("x.rules", "\n[visum]\n").unwrap_err();
        assert_eq!((error.file.as_str(), error.line), ("x.rules", 2));
        let text = "[registration]\ncitizenship = *\ndestination = MK\nwithin = 24 hours\nauthority = police\n\
                    note = n\nvalid_from = undated\nsource = s\nstatus = sure\nlast_checked = 2026-01-01\n";
        let error = rules.add_file("r.rules", text).unwrap_err();
        assert_eq!(error.line, 9);
        assert!(error.message.contains("fact status"), "{error}");
        let misspelt = text.replace("status = sure", "status = confirmed\nstaus = x");
        assert_eq!(rules.add_file("r.rules", &misspelt).unwrap_err().line, 10);
        let backwards = text
            .replace("status = sure", "status = confirmed\nvalid_to = 2020-01-01")
            .replace("valid_from = undated", "valid_from = 2021-01-01");
        assert_eq!(rules.add_file("r.rules", &backwards).unwrap_err().line, 1);
        rules.add_file("r.rules", &text.replace("sure", "confirmed")).unwrap();
        assert_eq!(rules.registrations.len(), 1);
    }
}
