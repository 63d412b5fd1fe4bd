ALTER TABLE institutions DROP COLUMN longitude;
ALTER TABLE institutions DROP COLUMN latitude;
DROP TABLE mobility_travel;
DROP INDEX mobilities_grant_id;
ALTER TABLE mobilities DROP COLUMN grant_id;
DROP TABLE funding_rates;
DROP TABLE grant_projects;
