-- The course catalogue for incoming students (issue 15 item 1): study programmes per unit and
-- their courses. Languages are JSON arrays of BCP 47 tags (`["en","mk"]`), names and titles
-- JSON language maps, ECTS credits hundredths (7.5 is 750), academic years their start year
-- (2026 is 2026/2027). `search_text` is the lower-cased code, titles and description the `q`
-- filter matches with LIKE on both engines. Only `published` rows are public.

CREATE TABLE catalogue_programmes (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    eqf_level INTEGER NOT NULL,
    isced_code TEXT NOT NULL,
    duration_semesters INTEGER NOT NULL,
    languages TEXT NOT NULL,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT catalogue_programmes_code_key UNIQUE (unit_id, code),
    CONSTRAINT catalogue_programmes_eqf_check CHECK (eqf_level BETWEEN 5 AND 8),
    CONSTRAINT catalogue_programmes_duration_check CHECK (duration_semesters BETWEEN 1 AND 12)
);
CREATE INDEX catalogue_programmes_updated_at ON catalogue_programmes (updated_at);

CREATE TABLE catalogue_courses (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    programme_id TEXT REFERENCES catalogue_programmes (id) ON DELETE RESTRICT,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    search_text TEXT NOT NULL,
    isced_code TEXT NOT NULL,
    eqf_level INTEGER NOT NULL,
    ects_hundredths INTEGER NOT NULL,
    semester TEXT NOT NULL,
    hours INTEGER NOT NULL,
    languages TEXT NOT NULL,
    open_to_incoming BOOLEAN NOT NULL DEFAULT FALSE,
    places INTEGER,
    description TEXT,
    learning_outcomes TEXT,
    teacher TEXT,
    academic_year INTEGER NOT NULL,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT catalogue_courses_code_key UNIQUE (unit_id, academic_year, code),
    CONSTRAINT catalogue_courses_semester_check CHECK (semester IN ('winter', 'summer')),
    CONSTRAINT catalogue_courses_eqf_check CHECK (eqf_level BETWEEN 1 AND 8),
    CONSTRAINT catalogue_courses_ects_check CHECK (ects_hundredths > 0),
    CONSTRAINT catalogue_courses_places_check CHECK (places IS NULL OR (open_to_incoming AND places > 0))
);
CREATE INDEX catalogue_courses_programme_id ON catalogue_courses (programme_id);
CREATE INDEX catalogue_courses_updated_at ON catalogue_courses (updated_at);
