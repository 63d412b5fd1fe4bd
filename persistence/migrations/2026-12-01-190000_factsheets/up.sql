-- The yearly factsheet for incoming students (issue 15 item 2), one row per version of a year's
-- factsheet. A version is never changed once written: a change is a new version with its own
-- `effective_from`, so past versions stay readable as they were. `number` counts a year's
-- versions from 1. `content` is the factsheet document as JSON text in the shape the API
-- accepted (format `content_format`, 1 so far; a change of shape migrates the stored
-- documents and raises it). Drafts (`published` false) are read by the office only.
-- Identifiers (Erasmus code, PIC, OID) are not stored here: they are read from our
-- institution's record when the factsheet is shown. Nor are visa and insurance facts: those
-- blocks are generated from `checklist_rules` on each read.

CREATE TABLE factsheet_versions (
    id TEXT PRIMARY KEY NOT NULL,
    academic_year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    effective_from DATE NOT NULL,
    published BOOLEAN NOT NULL,
    change_note TEXT,
    content_format INTEGER NOT NULL,
    content TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT factsheet_versions_number_check CHECK (number >= 1),
    CONSTRAINT factsheet_versions_year_number UNIQUE (academic_year, number)
);
