DROP TABLE catalogue_courses;
DROP TABLE catalogue_programmes;
