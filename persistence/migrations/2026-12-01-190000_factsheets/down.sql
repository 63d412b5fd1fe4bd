DROP TABLE factsheet_versions;
