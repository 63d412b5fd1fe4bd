-- ECTS conversion data: grading scales as data with source, validity and
-- status; institutions' grading tables per reference group; each institution's conversion
-- policy decided in advance; and the conversions an officer approved for recognition.
-- JSON is stored as TEXT (diesel's MultiConnection has no JSON type); academic years as their
-- start year inside the JSON array (2025 is 2025/2026).

CREATE TABLE grading_scales (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT,
    definition TEXT NOT NULL,
    source TEXT NOT NULL,
    valid_from DATE,
    valid_to DATE,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT grading_scales_code_key UNIQUE (code),
    CONSTRAINT grading_scales_status_check CHECK (status IN ('confirmed', 'secondary', 'unconfirmed'))
);

CREATE TABLE grading_tables (
    id TEXT PRIMARY KEY NOT NULL,
    institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    unit_id TEXT REFERENCES units (id) ON DELETE RESTRICT,
    isced_code TEXT NOT NULL,
    eqf_level INTEGER NOT NULL,
    academic_years TEXT NOT NULL,
    scale_code TEXT NOT NULL REFERENCES grading_scales (code) ON DELETE RESTRICT,
    counts TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX grading_tables_group_idx ON grading_tables (institution_id, isced_code, eqf_level);

CREATE TABLE conversion_policies (
    institution_id TEXT PRIMARY KEY NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    overlap_policy TEXT NOT NULL,
    grade_rounding TEXT NOT NULL,
    credit_rounding_step INTEGER NOT NULL,
    credit_rounding_mode TEXT NOT NULL,
    fallback_order TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE grade_conversions (
    id TEXT PRIMARY KEY NOT NULL,
    source_scale TEXT NOT NULL,
    source_grade TEXT NOT NULL,
    target_scale TEXT NOT NULL,
    method TEXT NOT NULL,
    result TEXT NOT NULL,
    inputs TEXT NOT NULL,
    explanation TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approved_by_name TEXT NOT NULL,
    approved_at TIMESTAMP NOT NULL
);
