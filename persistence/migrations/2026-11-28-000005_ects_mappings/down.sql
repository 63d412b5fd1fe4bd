DROP INDEX grade_conversions_home_idx;
DROP INDEX grade_conversions_host_idx;
ALTER TABLE grade_conversions DROP COLUMN home_institution_id;
ALTER TABLE grade_conversions DROP COLUMN host_institution_id;
DROP TABLE point_bands;
DROP TABLE fixed_tables;
DROP TABLE credit_systems;
