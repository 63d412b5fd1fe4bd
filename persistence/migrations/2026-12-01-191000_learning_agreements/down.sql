DROP TABLE learning_agreement_components;
DROP TABLE learning_agreement_comments;
DROP TABLE learning_agreement_signatures;
DROP TABLE learning_agreement_versions;
DROP TABLE learning_agreements;
