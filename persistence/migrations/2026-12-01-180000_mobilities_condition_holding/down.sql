DROP INDEX mobilities_condition_holding;
CREATE INDEX mobilities_condition_id ON mobilities (condition_id, receiving_academic_year);
