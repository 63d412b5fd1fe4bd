DROP INDEX institutions_country_id;
CREATE INDEX institutions_country ON institutions (country);
