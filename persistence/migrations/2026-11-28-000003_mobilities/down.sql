DROP TABLE mobility_status_changes;
DROP TABLE mobilities;
DROP TABLE people;
