-- People and mobilities (issue 4). Academic years are stored as their start year
-- (2026 is 2026/2027); planned durations and teaching hours as hundredths (4.5 months is 450),
-- so quota sums stay exact. Quota usage is never stored: it is counted from the mobilities
-- under a lock on the condition row.

CREATE TABLE people (
    id TEXT PRIMARY KEY NOT NULL,
    given_names TEXT NOT NULL,
    family_name TEXT NOT NULL,
    email TEXT,
    birth_date DATE,
    citizenships TEXT NOT NULL DEFAULT '[]',
    gender INTEGER,
    home_institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    home_unit_id TEXT REFERENCES units (id) ON DELETE RESTRICT,
    kind TEXT NOT NULL,
    eqf_level INTEGER,
    isced_f_code TEXT,
    position TEXT,
    esi TEXT,
    fewer_opportunities BOOLEAN NOT NULL DEFAULT FALSE,
    special_needs TEXT,
    user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    anonymised_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT people_kind_check CHECK (kind IN ('student', 'staff')),
    CONSTRAINT people_gender_check CHECK (gender IS NULL OR gender IN (0, 1, 2, 9)),
    CONSTRAINT people_eqf_level_check CHECK (eqf_level IS NULL OR eqf_level BETWEEN 1 AND 8)
);
CREATE INDEX people_home_unit_id ON people (home_unit_id);
CREATE INDEX people_user_id ON people (user_id);
CREATE INDEX people_updated_at ON people (updated_at);

CREATE TABLE mobilities (
    id TEXT PRIMARY KEY NOT NULL,
    direction TEXT NOT NULL,
    activity_type TEXT NOT NULL,
    activity_attribute TEXT,
    programme TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    agreement_id TEXT REFERENCES agreements (id) ON DELETE RESTRICT,
    condition_id TEXT REFERENCES agreement_conditions (id) ON DELETE RESTRICT,
    sending_institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    sending_unit_id TEXT REFERENCES units (id) ON DELETE RESTRICT,
    receiving_institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    receiving_unit_id TEXT REFERENCES units (id) ON DELETE RESTRICT,
    partner_institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    receiving_academic_year INTEGER NOT NULL,
    planned_start DATE NOT NULL,
    planned_end DATE NOT NULL,
    actual_start DATE,
    actual_end DATE,
    planned_duration INTEGER NOT NULL,
    eqf_level INTEGER,
    isced_f_code TEXT,
    language_skills TEXT NOT NULL DEFAULT '[]',
    teaching_hours INTEGER,
    combined_with_training BOOLEAN NOT NULL DEFAULT FALSE,
    documents TEXT NOT NULL DEFAULT '[]',
    notes TEXT,
    status TEXT NOT NULL,
    quota_override_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT mobilities_direction_check CHECK (direction IN ('outgoing', 'incoming')),
    CONSTRAINT mobilities_activity_type_check CHECK (activity_type IN
        ('student_studies', 'student_traineeship', 'staff_teaching', 'staff_training')),
    CONSTRAINT mobilities_programme_check CHECK (programme IN ('erasmus_ka131', 'erasmus_ka171', 'bilateral', 'other')),
    CONSTRAINT mobilities_status_check CHECK (status IN
        ('applied', 'nominated', 'accepted', 'live', 'completed', 'recognized', 'rejected', 'cancelled')),
    CONSTRAINT mobilities_planned_check CHECK (planned_end >= planned_start),
    CONSTRAINT mobilities_planned_duration_check CHECK (planned_duration >= 0)
);
CREATE INDEX mobilities_person_id ON mobilities (person_id);
CREATE INDEX mobilities_agreement_id ON mobilities (agreement_id);
CREATE INDEX mobilities_condition_id ON mobilities (condition_id, receiving_academic_year);
CREATE INDEX mobilities_partner_institution_id ON mobilities (partner_institution_id);
CREATE INDEX mobilities_sending_unit_id ON mobilities (sending_unit_id);
CREATE INDEX mobilities_receiving_unit_id ON mobilities (receiving_unit_id);
CREATE INDEX mobilities_updated_at ON mobilities (updated_at);

CREATE TABLE mobility_status_changes (
    id TEXT PRIMARY KEY NOT NULL,
    mobility_id TEXT NOT NULL REFERENCES mobilities (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    changed_by TEXT NOT NULL,
    changed_by_name TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX mobility_status_changes_mobility_id ON mobility_status_changes (mobility_id, id);
