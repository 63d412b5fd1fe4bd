DROP TABLE agreement_status_changes;
DROP TABLE agreement_conditions;
DROP TABLE agreements;
