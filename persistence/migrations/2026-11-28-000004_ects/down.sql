DROP TABLE grade_conversions;
DROP TABLE conversion_policies;
DROP TABLE grading_tables;
DROP TABLE grading_scales;
