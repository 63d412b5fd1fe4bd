-- ECTS mappings as data: credit systems, published fixed conversion tables
-- and points-to-grade bands, each with its source, validity and status; and the institutions
-- a stored conversion was made between, so the records can be listed per institution.
-- JSON is stored as TEXT (diesel's MultiConnection has no JSON type); grade values and points
-- as their decimal text ("51", "60.5"), as in grading_scales.

CREATE TABLE credit_systems (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT,
    credits_per_year INTEGER NOT NULL,
    min_minutes_per_credit INTEGER,
    max_minutes_per_credit INTEGER,
    source TEXT NOT NULL,
    valid_from DATE,
    valid_to DATE,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT credit_systems_code_key UNIQUE (code),
    CONSTRAINT credit_systems_status_check CHECK (status IN ('confirmed', 'secondary', 'unconfirmed')),
    CONSTRAINT credit_systems_year_check CHECK (credits_per_year BETWEEN 1 AND 240)
);

CREATE TABLE fixed_tables (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    institution_id TEXT REFERENCES institutions (id) ON DELETE RESTRICT,
    source_scale TEXT NOT NULL REFERENCES grading_scales (code) ON DELETE RESTRICT,
    target_scale TEXT NOT NULL REFERENCES grading_scales (code) ON DELETE RESTRICT,
    entries TEXT NOT NULL,
    source TEXT NOT NULL,
    valid_from DATE,
    valid_to DATE,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT fixed_tables_code_key UNIQUE (code),
    CONSTRAINT fixed_tables_status_check CHECK (status IN ('confirmed', 'secondary', 'unconfirmed'))
);

CREATE INDEX fixed_tables_scales_idx ON fixed_tables (source_scale, target_scale);

CREATE TABLE point_bands (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    institution_id TEXT REFERENCES institutions (id) ON DELETE RESTRICT,
    scale_code TEXT NOT NULL REFERENCES grading_scales (code) ON DELETE RESTRICT,
    max_points TEXT NOT NULL,
    bands TEXT NOT NULL,
    source TEXT NOT NULL,
    valid_from DATE,
    valid_to DATE,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT point_bands_code_key UNIQUE (code),
    CONSTRAINT point_bands_status_check CHECK (status IN ('confirmed', 'secondary', 'unconfirmed'))
);

-- No foreign keys: a stored conversion is a record of what was approved and keeps the ids it
-- was made with (and SQLite cannot drop a column a foreign key names, which down.sql needs).
ALTER TABLE grade_conversions ADD COLUMN host_institution_id TEXT;
ALTER TABLE grade_conversions ADD COLUMN home_institution_id TEXT;

CREATE INDEX grade_conversions_host_idx ON grade_conversions (host_institution_id);
CREATE INDEX grade_conversions_home_idx ON grade_conversions (home_institution_id);
